"""Which side of a letter provides the service: 甲方, 乙方, or unknown.

The penalties and timings rules read 乙方 as the provider and 甲方 as the customer. A lease, an IDC template or a
utility's contract is often written the other way round (甲方(出租方), 甲方为乙方提供…服务). ``provider_side`` reads
the letter's own declarations (``patterns/sides.toml``); ``as_provider_b`` gives a family the letter with 甲方 and 乙方
exchanged when 甲方 provides, so its rules, vetoes and cues read the sides as they were written for. The exchange
keeps every offset (both words are two characters), so spans need no mapping; ``restore`` puts the words of the
found facts' fields back as the letter wrote them. A letter that says nothing keeps today's reading.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Literal, Optional, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, ValidationError

from extractor.rules.matching import timeout_for
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.vetoes import _TRACE

Side = Literal["甲方", "乙方"]
_SIDES = ("甲方", "乙方")
_SWAP = regex.compile("甲方|乙方")
# A declaration counts for more than one sentence of who serves whom: it is the letter's definition of its sides.
_DECLARATION_WEIGHT = 3


class _Example(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    provider: Literal["甲方", "乙方", ""]


class _SidesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    provider: list[str]
    customer: list[str]
    declarations: list[str]
    statements: list[str]
    examples: list[_Example]


def _words(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(map(regex.escape, words), key=len, reverse=True)) + ")"


@functools.cache
def _patterns() -> tuple[tuple[regex.Pattern, ...], tuple[regex.Pattern, ...]]:
    try:
        data = _SidesFile.model_validate(load("sides"))
    except ValidationError as exc:
        raise PatternError(f"sides.toml: {exc}") from None
    subs = {"{{PROVIDER}}": _words(data.provider), "{{CUSTOMER}}": _words(data.customer), "{{SIDE}}": "(?:甲方|乙方)"}

    def build(pattern: str, groups: tuple[str, ...]) -> regex.Pattern:
        for key, value in subs.items():
            pattern = pattern.replace(key, value)
        compiled = compile_rule("sides.toml", pattern)
        if not set(groups) <= set(compiled.groupindex):
            raise PatternError(f"sides.toml: {pattern!r} must name the groups {', '.join(groups)}")
        return compiled

    return (tuple(build(p, ("side",)) for p in data.declarations),
            tuple(build(p, ("giver", "taker")) for p in data.statements))


def examples() -> list[tuple[str, str]]:
    """The file's examples: (letter, the side it says provides or "")."""
    return [(e.text, e.provider) for e in _SidesFile.model_validate(load("sides")).examples]


def _other(side: str) -> str:
    return _SIDES[1 - _SIDES.index(side)]


def votes(text: str) -> dict[str, int]:
    """How strongly the letter says each side provides: declarations weigh more than sentences."""
    declarations, statements = _patterns()
    count = {"甲方": 0, "乙方": 0}
    limit = timeout_for(text)
    for pattern in declarations:
        for m in pattern.finditer(text, timeout=limit):
            side = m.group("side")
            count[side if m.group("provider") else _other(side)] += _DECLARATION_WEIGHT
    for pattern in statements:
        for m in pattern.finditer(text, timeout=limit):
            giver, taker = m.group("giver"), m.group("taker")
            giver = giver or _other(taker)
            if giver != taker:
                count[giver] += 1
    return count


@functools.lru_cache(maxsize=4)  # penalties and timings both ask about the same letter
def provider_side(text: str) -> Optional[Side]:
    """甲方 or 乙方 when the letter's declarations clearly say which provides (more than twice the other's weight),
    else None."""
    count = votes(text)
    for side in _SIDES:
        if count[side] and count[side] > 2 * count[_other(side)]:
            return side  # type: ignore[return-value]
    return None


def swap(text: str) -> str:
    """甲方 and 乙方 exchanged (same length, so every offset holds)."""
    return _SWAP.sub(lambda m: "乙方" if m.group() == "甲方" else "甲方", text)


F = TypeVar("F", bound=BaseModel)


def restore(fact: F) -> F:
    """A fact found in the exchanged text with its words as the letter wrote them."""
    update = {k: _restored(v) for k, v in fact.__dict__.items() if _holds_side(v)}
    return fact.model_copy(update=update) if update else fact


def _holds_side(value: object) -> bool:
    if isinstance(value, str):
        return "甲方" in value or "乙方" in value
    return isinstance(value, BaseModel) and any(_holds_side(v) for v in value.__dict__.values())


def _restored(value):
    return swap(value) if isinstance(value, str) else restore(value)


def as_provider_b(extract: Callable[[str], list]) -> Callable[[str], list]:
    """``extract`` run on the letter read with 乙方 as the provider: exchanged when the letter says 甲方 provides."""
    def run(text: str) -> list:
        if "甲方" not in text or provider_side(text) != "甲方":
            return extract(text)
        trace = _TRACE.get()
        seen = len(trace) if trace is not None else 0
        found = [restore(f) for f in extract(swap(text))]
        if trace is not None:  # `slax explain` shows the words that fired a veto as the letter wrote them
            trace[seen:] = [h._replace(words=swap(h.words)) for h in trace[seen:]]
        return found
    return run
