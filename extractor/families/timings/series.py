"""Figures in a series that share the last one's unit: "分别不超过6个、22个、32个工作日" states three limits.

The rules find the last figure (it has the unit); each earlier bare number of the series (``[series] items`` in
patterns/timings.toml, matched right before it) becomes a fact of the same kind, unit and comparator.
"""
from __future__ import annotations

import functools

import regex

from extractor.models import Evidence, Span, TimingFact
from extractor.rules.lexicon import lexicon
from extractor.rules.patterns import compile_rule, load

_NUMBER = regex.compile(r"(?<![\d.])\d+(?:\.\d+)?")
_ITEM = regex.compile(r"\d+(?:\.\d+)?(?:[ ]?个)?")


@functools.cache
def _series() -> regex.Pattern:
    # The series ends where the last figure begins: its number, an optional 个 and the unit word.
    return compile_rule("timings.toml:series.items", "(?P<items>" + load("timings")["series"]["items"] + ")$")


def spread(text: str, facts: list[TimingFact]) -> list[TimingFact]:
    """The facts with the earlier items of each series added, in text order."""
    out: list[TimingFact] = []
    for fact in facts:
        out.extend(_items(text, fact))
    return out


def _items(text: str, fact: TimingFact) -> list[TimingFact]:
    """The series' facts, the last one's span cut to its own figure so no two spans overlap; else the fact."""
    if fact.value is None or fact.unit is None or fact.blank:
        return [fact]
    numbers = [n for n in _NUMBER.finditer(text, fact.span.start, fact.span.end) if float(n.group(0)) == fact.value]
    if not numbers:
        return [fact]
    figure = numbers[-1].start()
    hit = _series().search(text, max(0, figure - 60), figure)
    if hit is None:
        return [fact]
    size = lexicon().unit_minutes[fact.unit]
    items = []
    for item in _ITEM.finditer(text, hit.start(), hit.end()):
        value = float(item.group(0).rstrip("个 "))
        items.append(fact.model_copy(update={
            "value": value, "minutes": value * size, "text": item.group(0),
            "span": Span(start=item.start(), end=item.end()),
            "evidence": _series_evidence(fact.evidence),
        }))
    last = Span(start=figure, end=fact.span.end)
    return [*items, fact.model_copy(update={"text": text[figure:fact.span.end], "span": last})]


def _series_evidence(evidence: Evidence | None) -> Evidence:
    """The last figure's evidence, with the series named among the cues."""
    if evidence is None:
        return Evidence(cues=["series"])
    return Evidence(cues=[*evidence.cues, "series"], vetoes=list(evidence.vetoes))
