"""The lexicon of ``patterns/units.toml``: units, comparators, periods, events, tiers and context cues."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from extractor.rules.matching import alternation
from extractor.rules.patterns import PatternError, compile_rule, load


@dataclass(frozen=True)
class Lexicon:
    """``patterns/units.toml``: units, comparators, periods, events and tiers, ready to use."""

    unit_minutes: dict[str, float]
    unit_of_word: dict[str, str]
    latin_words: frozenset[str]
    period_unit: dict[str, str]
    comparator_of: dict[str, str]
    period_of: dict[str, str]
    events: tuple[regex.Pattern, ...]
    tiers: tuple[regex.Pattern, ...]
    context: dict[str, regex.Pattern] = field(default_factory=dict)

    def unit_regex(self) -> str:
        # Latin units must not run into a following letter ("24h" yes, "24hosts" no).
        han = [w for w in self.unit_of_word if w not in self.latin_words]
        return "(?:" + alternation(han)[3:-1] + "|" + alternation(self.latin_words)[3:-1] + "(?![A-Za-z]))"

    def comparator(self, word: str | None) -> str | None:
        return self.comparator_of.get(word.strip()) if word else None


@functools.cache
def lexicon() -> Lexicon:
    data = load("units")
    try:
        units = data["unit"]
        unit_minutes = {u["name"]: float(u["minutes"]) for u in units}
        unit_of_word = {w: u["name"] for u in units for w in u["words"]}
        comparator_of = {w: cmp for cmp, words in data["comparator"].items() for w in words}
        period_of = {w: p for p, words in data["period"].items() for w in words}
        events = tuple(compile_rule("units.toml:event", w) for w in data["event"]["words"])
        tiers = tuple(compile_rule("units.toml:tier", w) for w in data["tier"]["words"])
    except KeyError as exc:
        raise PatternError(f"units.toml: missing {exc}") from None
    context = {k: compile_rule(f"units.toml:context.{k}", v) for k, v in data.get("context", {}).items()}
    latin = frozenset(w for w in unit_of_word if w.isascii())
    return Lexicon(unit_minutes, unit_of_word, latin, dict(data["period_unit"]), comparator_of, period_of, events,
                   tiers,
                   context)
