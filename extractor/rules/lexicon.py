"""The lexicon of ``patterns/units.toml``: units, comparators, periods, events, tiers and context cues."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, cast, get_args

import regex

from extractor.models import Comparator, Period
from extractor.rules.matching import alternation
from extractor.rules.patterns import PatternError, compile_rule, load


@dataclass(frozen=True)
class Lexicon:
    """``patterns/units.toml``: units, comparators, periods, events and tiers, ready to use."""

    unit_minutes: dict[str, float]
    unit_of_word: dict[str, str]
    latin_words: frozenset[str]
    guard_of_word: dict[str, str]
    period_unit: dict[str, str]
    comparator_of: dict[str, Comparator]
    period_of: dict[str, Period]
    events: tuple[regex.Pattern, ...]
    tiers: tuple[regex.Pattern, ...]
    context: dict[str, regex.Pattern] = field(default_factory=dict)

    def unit_regex(self) -> str:
        # Latin units must not run into a following letter ("24h" yes, "24hosts" no); a guarded word counts
        # only before its guard ("20分内" is minutes, "90分" a score). Longer words are tried first.
        han = [w for w in self.unit_of_word if w not in self.latin_words and w not in self.guard_of_word]
        guarded = "|".join(f"{regex.escape(w)}(?={g})" for w, g in sorted(self.guard_of_word.items()))
        return ("(?:" + alternation(han)[3:-1] + "|" + alternation(self.latin_words)[3:-1] + "(?![A-Za-z])"
                + (f"|{guarded})" if guarded else ")"))

    def comparator(self, word: str | None) -> Comparator | None:
        return self.comparator_of.get(word.strip()) if word else None


def _word_to_key(data: dict[str, Any], section: str, keys: Any) -> dict[str, str]:
    """Each word of a ``[section]`` to its key (``'>=' = ['不低于', ...]``); every key is a value of the Literal
    ``keys``, else a PatternError names it."""
    allowed = get_args(keys)
    for key in data[section]:
        if key not in allowed:
            raise PatternError(f"units.toml:[{section}] {key}: must be one of {', '.join(allowed)}")
    return {w: key for key, words in data[section].items() for w in words}


@functools.cache
def lexicon() -> Lexicon:
    data = load("units")
    try:
        units = data["unit"]
        unit_minutes = {u["name"]: float(u["minutes"]) for u in units}
        unit_of_word = {w: u["name"] for u in units for w in u["words"]}
        guard_of_word = {g["word"]: g["before"] for u in units for g in u.get("guarded_words", [])}
        unit_of_word |= {g["word"]: u["name"] for u in units for g in u.get("guarded_words", [])}
        for word, guard in guard_of_word.items():
            compile_rule(f"units.toml:guarded_words.{word}", guard)  # a bad guard fails at load, named
        # The section keys are checked against the model's Literal, so the casts hold.
        comparator_of = cast(dict[str, Comparator], _word_to_key(data, "comparator", Comparator))
        period_of = cast(dict[str, Period], _word_to_key(data, "period", Period))
        events = tuple(compile_rule("units.toml:event", w) for w in data["event"]["words"])
        tiers = tuple(compile_rule("units.toml:tier", w) for w in data["tier"]["words"])
    except KeyError as exc:
        raise PatternError(f"units.toml: missing {exc}") from None
    context = {k: compile_rule(f"units.toml:context.{k}", v) for k, v in data.get("context", {}).items()}
    latin = frozenset(w for w in unit_of_word if w.isascii())
    return Lexicon(unit_minutes, unit_of_word, latin, guard_of_word, dict(data["period_unit"]), comparator_of,
                   period_of, events, tiers, context)
