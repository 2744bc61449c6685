"""What a figure is measured against (``patterns/comparable.toml``): the base of a penalty rate, its per-unit,
the subject of a notice period. Playbook rules name these classes so that a check compares like with like,
and the summaries say which one a headline figure is.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

import regex

from extractor.rules.patterns import PatternError, compile_rule, load

DIMENSIONS = ("base", "per", "notice")


@dataclass(frozen=True)
class Class:
    name: str
    label: str
    pattern: Optional[regex.Pattern]  # None: the class of a fact that states nothing
    headline: bool = True  # False: never the figure a summary shows (the customer's late-payment interest)


@functools.cache
def classes(dimension: str) -> tuple[Class, ...]:
    """The classes of one dimension, in the order they are tried; validated once, examples included."""
    where = f"comparable.toml:{dimension}"
    entries = load("comparable").get(dimension)
    if not entries:
        raise PatternError(f"{where}: no classes")
    out = []
    for i, entry in enumerate(entries):
        try:
            name, label = entry["name"], entry["label"]
        except KeyError as exc:
            raise PatternError(f"{where}[{i}]: missing {exc}") from None
        pattern = compile_rule(f"{where}.{name}", entry["regex"]) if "regex" in entry else None
        out.append(Class(name, label, pattern, bool(entry.get("headline", True))))
    if len({c.name for c in out}) != len(out) or sum(c.pattern is None for c in out) > 1:
        raise PatternError(f"{where}: class names must be unique, and at most one class may lack a regex")
    return tuple(out)


def names(dimension: str) -> list[str]:
    return [c.name for c in classes(dimension)]


def examples(dimension: str) -> Iterable[tuple[str, str]]:
    """(text, class) pairs from the pattern file, for the tests."""
    for entry in load("comparable")[dimension]:
        for text in entry.get("examples", []):
            yield text, entry["name"]


def classify(dimension: str, text: Optional[str]) -> str:
    for c in classes(dimension):
        if c.pattern is None:
            if not text:
                return c.name
        elif text and c.pattern.search(text, timeout=1):
            return c.name
    return classes(dimension)[-1].name


def label(dimension: str, name: str) -> str:
    return next((c.label for c in classes(dimension) if c.name == name), name)


# ---- facts -------------------------------------------------------------------------------------------------

def penalty_basis(fact: Any) -> tuple[str, str]:
    """(base class, per class) of a penalty fact."""
    return classify("base", fact.base), classify("per", fact.per)


def basis_text(fact: Any) -> str:
    """The base and per-unit as the letter words them, for summaries: '合同总价 每超时1小时'."""
    return " ".join(x for x in (fact.base, fact.per) if x)


# ---- headline penalty --------------------------------------------------------------------------------------

def headline_penalty(penalties: list) -> Optional[Any]:
    """The penalty a summary shows: the largest rate among those of the best-ranked (base, per-unit), so that a
    share of the monthly fee is never ranked against a per-hour share of the contract price or a share of
    losses. Classes rank in the order of the pattern file; classes with ``headline = false`` never show."""
    base_rank = {c.name: i for i, c in enumerate(classes("base")) if c.headline}
    per_rank = {c.name: i for i, c in enumerate(classes("per")) if c.headline}
    ranked = []
    for p in penalties:
        base, per = penalty_basis(p)
        if p.rate is not None and base in base_rank and per in per_rank:
            ranked.append(((base_rank[base], per_rank[per]), p))
    if not ranked:
        return None
    best = min(rank for rank, _ in ranked)
    return max((p for rank, p in ranked if rank == best), key=lambda p: p.rate)
