"""The penalties rule file (``patterns/penalties.toml``) compiled once: its ``[[cue]]`` blocks, the fragments the
family reads as patterns, its vetoes, and its two data tables (``[band_ops]``, ``[currency]``), validated."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated

import regex
from pydantic import BaseModel, ConfigDict, Field

from extractor.rules.matching import expand, fragments
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.schema import validate, validate_tables
from extractor.rules.vetoes import VetoSet, vetoes

NAME = "penalties"


@dataclass(frozen=True)
class Cue:
    id: str
    gives: str
    pattern: regex.Pattern


@functools.cache
def _cues() -> tuple[Cue, ...]:
    frags = fragments(NAME)
    out = []
    for block in validate(NAME, load(NAME)).cue:
        where = f"{NAME}.toml:[[cue]] {block.id}"
        out.append(Cue(block.id, block.gives, compile_rule(where, expand(block.regex, frags, where))))
    return tuple(out)


@functools.cache
def cues(*gives: str) -> tuple[Cue, ...]:
    """The cues that give any of ``gives``, in file order."""
    found = tuple(c for c in _cues() if c.gives in gives)
    if not found:
        raise PatternError(f"{NAME}.toml: no [[cue]] gives {' or '.join(gives)}")
    return found


@functools.cache
def cue(cue_id: str) -> Cue:
    try:
        return next(c for c in _cues() if c.id == cue_id)
    except StopIteration:
        raise PatternError(f"{NAME}.toml: missing [[cue]] {cue_id}") from None


@functools.cache
def kind_cues() -> tuple[Cue, ...]:
    """The cues that name a kind by the penalty's own words (ids ``kind.*``), in file order: the first wins."""
    return tuple(c for c in _cues() if c.id.startswith("kind."))


def kind_cue(words: str) -> Cue | None:
    return next((c for c in kind_cues() if c.pattern.search(words)), None)


@functools.cache
def fragment(name: str, wrap: str = "{}") -> regex.Pattern:
    """The fragment ``name`` of the rule file as a pattern (``wrap`` places it, e.g. ``(?P<base>{})$``)."""
    try:
        body = fragments(NAME)[name]
    except KeyError:
        raise PatternError(f"{NAME}.toml: missing fragment {name}") from None
    return compile_rule(f"{NAME}.toml:fragments.{name}", wrap.replace("{}", body))


def veto_set() -> VetoSet:
    return vetoes(NAME)


class _BandOps(BaseModel):
    model_config = ConfigDict(extra="forbid")
    inclusive: tuple[str, ...] = Field(min_length=1, description="band operators that include their end")


class _Tables(BaseModel):
    model_config = ConfigDict(extra="ignore")
    band_ops: _BandOps
    currency: dict[str, Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = {}


@dataclass(frozen=True)
class Tables:
    inclusive: frozenset[str]
    currency: tuple[tuple[str, str], ...]  # longest word first


@functools.cache
def tables() -> Tables:
    return read_tables(load(NAME))


def read_tables(raw: dict) -> Tables:
    """``[band_ops]`` and ``[currency]``; a bad entry fails with ``penalties.toml:[table] key: reason``."""
    data = validate_tables(NAME, _Tables, raw)
    return Tables(frozenset(data.band_ops.inclusive), tuple(sorted(data.currency.items(), key=lambda kv: -len(kv[0]))))
