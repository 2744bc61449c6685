"""Every figure a text states (percentages, durations, clock ranges, money, rates, blanks), whatever the families
make of it: ``slax explain`` gives each one a fate, so a figure no family took shows up.

The figure kinds are data, one ``[[rule]]`` per kind in ``patterns/figures.toml`` (the rule schema of
``extractor/rules/schema.py``); numbers come from ``numerals.NUMBER`` and duration units from the lexicon.

>>> [(f.kind, f.text) for f in figures("30分钟内响应,可用性不低于99.9%,否则赔偿500元")]
[('duration', '30分钟'), ('percent', '99.9%'), ('money', '500元')]
"""
from __future__ import annotations

import functools
from typing import NamedTuple, get_args

from extractor.rules.lexicon import lexicon
from extractor.rules.matching import Rule, keep_disjoint, matches, rules
from extractor.rules.patterns import PatternError, load
from extractor.rules.schema import FigureKind, RuleFile, validate

KINDS: tuple[str, ...] = get_args(FigureKind)  # percent, duration, clock_range, money, rate, blank


class Figure(NamedTuple):
    kind: str
    text: str
    span: tuple[int, int]  # [start, end) in the text scanned

    def shifted(self, offset: int) -> Figure:
        return self._replace(span=(self.span[0] + offset, self.span[1] + offset))


@functools.cache
def figure_rules() -> tuple[Rule, ...]:
    """The ``[[rule]]`` blocks of ``patterns/figures.toml``, validated: one per kind of KINDS."""
    check_kinds(validate("figures", load("figures")))
    return rules("figures", (("UNIT", lexicon().unit_regex()),))


def check_kinds(data: RuleFile) -> None:
    """Each rule gives a kind of KINDS, and each kind has its rule: a PatternError names the block otherwise."""
    kinds: list[str] = []
    for block in data.rule:
        kind = getattr(block, "kind", None)  # a static field: RuleBlock allows extra keys
        if not isinstance(kind, str) or kind not in KINDS:
            raise PatternError(f"figures.toml:[[rule]] {block.id}: kind must be one of {', '.join(KINDS)}")
        kinds.append(kind)
    if sorted(kinds) != sorted(KINDS):
        raise PatternError(f"figures.toml: one [[rule]] per kind ({', '.join(KINDS)}), found {', '.join(kinds)}")


def figures(text: str) -> list[Figure]:
    """The figures of ``text`` in order, none overlapping: the higher priority, then the earlier, then the
    longer match wins. Raises TimeoutError on a pathological text, like the families."""
    candidates = []
    for rule in figure_rules():
        for m in matches(rule, text):
            if m.end() > m.start():
                candidates.append((rule.priority, m.start(), m.end(),
                                   Figure(rule.fields["kind"], m.group(), (m.start(), m.end()))))
    return keep_disjoint(candidates)
