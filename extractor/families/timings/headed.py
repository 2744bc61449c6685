"""A heading that names a promise the lines under it state in full ("三、一年包修:\\n某产品自售出之日起一年内…",
"3小时回复\\n…信息接收起,3小时内给出明确解决方案"): its figure is the body's, counted once, in the body
(patterns/timings.toml [restated_heading]). A list of short items, each its own pledge, is no heading: an item
whose figure the next item repeats stays, and so does a table row, also one flattened to indented lines."""
from __future__ import annotations

import functools

import regex

from extractor.commitment.translated import line_bounds
from extractor.models import TimingFact
from extractor.rules.patterns import compile_rule, load


@functools.cache
def _settings() -> tuple[regex.Pattern, regex.Pattern, int, int]:
    table = load("timings")["restated_heading"]
    return (compile_rule("timings.toml:restated_heading.heading", table["heading"]),
            compile_rule("timings.toml:restated_heading.numbering", table["numbering"]),
            int(table["max_chars"]), int(table["lines"]))


def _heading(line: str) -> bool:
    """A short line without a sentence in it, at the margin: a title, or a list item that ends in a colon (an
    indented line is a row of a table flattened to text, "  检查水泵 每月一次")."""
    pattern, numbering, max_chars, _ = _settings()
    body = numbering.sub("", line.rstrip(), count=1)
    return len(body) <= max_chars and bool(pattern.fullmatch(line.rstrip()))


def _sentence(line: str) -> bool:
    """The body states the promise in a sentence (a clause mark in it), not as another short row."""
    return any(mark in line for mark in ",,;;。")


def _key(fact: TimingFact) -> tuple:
    return fact.value, fact.unit, fact.hours


def drop_restated_headings(text: str, facts: list[TimingFact]) -> list[TimingFact]:
    """The facts without those of a heading whose figure a longer line right under it states again."""
    *_, lines = _settings()
    starts = {id(f): line_bounds(text, f.span.start) for f in facts}
    out = []
    for fact in facts:
        start, end = starts[id(fact)]
        if fact.value is None and fact.hours is None or not _heading(text[start:end]):
            out.append(fact)
            continue
        below = _lines_below(text, end, lines)
        twin = any(_key(other) == _key(fact) and below[0] <= other.span.start < below[1]
                   and _sentence(text[slice(*starts[id(other)])]) for other in facts if other is not fact)
        if not twin:
            out.append(fact)
    return out


def _lines_below(text: str, end: int, count: int) -> tuple[int, int]:
    """The stretch of the next ``count`` non-empty lines after the line ending at ``end``."""
    pos, seen = end, 0
    while pos < len(text) and seen < count:
        nxt = text.find("\n", pos + 1)
        nxt = len(text) if nxt < 0 else nxt
        if text[pos + 1:nxt].strip():
            seen += 1
        pos = nxt
    return end, pos
