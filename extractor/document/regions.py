"""Text outside every letter: what it is and why it is not a letter.

Segmentation must never drop text silently. The letters' spans and these regions tile the
normalized text exactly; a region that held commitments, blanks or a signature block would
have been made a letter (segment._claim_preamble), so what is listed here is whitespace,
a collection title or a preamble without facts.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Protocol

from extractor.models import NonLetterKind
from extractor.rules.patterns import compile_rule, load

TIMEOUT = 5.0

REASONS: dict[NonLetterKind, str] = {
    "whitespace": "only spaces and line breaks",
    "collection_title": "title of the collection of letters that follows; no commitments, figures, blanks or signature",
    "preamble": "text before the first letter title; no commitments, figures, blanks or signature",
    "between_letters": "text between two letters that neither letter's split claimed",
}


class _Span(Protocol):
    start: int
    end: int


@dataclass
class Region:
    kind: NonLetterKind
    start: int
    end: int

    @property
    def reason(self) -> str:
        return REASONS[self.kind]


@functools.cache
def _rules():
    data = load("segment")
    return {
        "facts": compile_rule("segment.toml:regions.facts", data["regions"]["facts"]),
        "collection": compile_rule("segment.toml:regions.collection_title", data["regions"]["collection_title"]),
    }


def has_fact_cues(text: str) -> bool:
    """Whether ``text`` holds a figure with a unit, a commitment or penalty word, a blank or a signature block."""
    return bool(_rules()["facts"].search(text, timeout=TIMEOUT))


def non_letters(text: str, letters: list[_Span]) -> list[Region]:
    """Every stretch of ``text`` outside ``letters`` (sorted, not overlapping), classified."""
    regions, pos = [], 0
    for letter in letters:
        if letter.start > pos:
            regions.append(_classify(text, pos, letter.start, before_first=pos == 0))
        pos = letter.end
    if pos < len(text):
        regions.append(_classify(text, pos, len(text), before_first=not letters))
    return regions


def _classify(text: str, start: int, end: int, before_first: bool) -> Region:
    piece = text[start:end]
    if not piece.strip():
        return Region("whitespace", start, end)
    if before_first:
        found = _rules()["collection"].search(piece, timeout=TIMEOUT)
        return Region("collection_title" if found else "preamble", start, end)
    return Region("between_letters", start, end)
