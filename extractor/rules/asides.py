"""Asides as data: why a figure no family claimed states no service level, read from the ``[[aside]]`` blocks of
``patterns/figures.toml``.

``slax explain`` gives every figure a fate. A figure no fact covers and no veto stopped would be ``unclaimed``: a
miss, or a number that is no commitment at all (a price, a formula's 100%, the length of the measurement period).
An aside block names such a class of figure by the words around it and says why, in English and Chinese; the
engine asks ``set_aside()`` only about figures that are still unclaimed once every family has run, so an aside
never changes a fact, it only turns "nothing says why" into a reason.

>>> hit = set_aside("如不满一个月,按实际天数折算", 3, 6, "duration")
>>> hit.aside, hit.words
('service_period', '不满')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import regex

from extractor.rules.lexicon import lexicon
from extractor.rules.matching import expand, fragments, search_window
from extractor.rules.patterns import compile_rule, load
from extractor.rules.schema import AsideBlock, Reason, validate
from extractor.rules.vetoes import block_window

FILE = "figures"


class AsideHit(NamedTuple):
    aside: str  # the block id
    words: str  # what triggered it, as written (normalized text)
    reason: Reason


@dataclass(frozen=True)
class Aside:
    block: AsideBlock
    pattern: regex.Pattern
    reason: Reason
    shape: regex.Pattern | None = None

    @property
    def id(self) -> str:
        return self.block.id

    def fires(self, text: str, start: int, end: int) -> str | None:
        """The words around ``text[start:end]`` that set it aside, or None."""
        if self.shape is not None and self.shape.search(text, start, end) is None:
            return None
        m = search_window(self.pattern, block_window(self.block, text, start, end))
        return None if m is None else m.group()


@functools.cache
def asides() -> tuple[Aside, ...]:
    """The compiled ``[[aside]]`` blocks of ``patterns/figures.toml``, validated, in file order."""
    data = validate(FILE, load(FILE))
    frags = fragments(FILE, (("UNIT", lexicon().unit_regex()),))
    out = []
    for block in data.aside:
        where = f"{FILE}.toml:[[aside]] {block.id}"
        shape = compile_rule(where + ".shape", expand(block.shape, frags, where)) if block.shape else None
        out.append(Aside(block, compile_rule(where, expand(block.regex, frags, where)), data.reason[block.reason],
                         shape))
    return tuple(out)


def set_aside(text: str, start: int, end: int, kind: str) -> AsideHit | None:
    """The first aside (file order) for figures of ``kind`` whose words surround ``text[start:end]``, or None.
    Ask only about a figure no family claimed: an aside explains a figure, it never outranks a fact."""
    for aside in asides():
        if kind in aside.block.kinds:
            words = aside.fires(text, start, end)
            if words is not None:
                return AsideHit(aside.id, words, aside.reason)
    return None
