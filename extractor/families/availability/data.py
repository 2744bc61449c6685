"""The availability family's own tables and cues in ``patterns/availability.toml``, validated and compiled once.

``[[rule]]`` and ``[[veto]]`` blocks go through the shared machinery (``rules``, ``vetoes``); this module holds
what only this family reads: the ``[[cue]]`` blocks that place a level (its period, its subject), the regexes of
``[table]``, ``[subject]`` and ``[elliptical]``, and the bound words of ``[comparator]``. A missing or mistyped key
fails at load with ``availability.toml:[section] key: reason``.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

import regex
from pydantic import BaseModel, ConfigDict

from extractor.rules.matching import expand, fragments, search_window
from extractor.rules.patterns import compile_rule, load
from extractor.rules.schema import CueBlock, validate, validate_tables
from extractor.rules.vetoes import block_window

FAMILY = "availability"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    examples: tuple = ()
    counter_examples: tuple = ()


class _Table(_Section):
    cell: str
    header: str


class _Subject(_Section):
    stop: str
    period: str
    glossed_level: str


class _Elliptical(_Section):
    regex: str


class _Comparator(_Section):
    bound: frozenset[str]


class _Tables(BaseModel):
    """The family's own tables (the rest of the file is the shared schema, ``extractor.rules.schema``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    table: _Table
    subject: _Subject
    elliptical: _Elliptical
    comparator: _Comparator


@functools.cache
def tables() -> _Tables:
    return check_tables(load(FAMILY))


def check_tables(data: dict) -> _Tables:
    """The family's tables of a parsed rule file; the first error names the file, section, key and reason."""
    return validate_tables(FAMILY, _Tables, data)


@functools.cache
def pattern(section: str, key: str) -> regex.Pattern:
    """The regex ``key`` of ``[section]``, fragments expanded."""
    where = f"{FAMILY}.toml:[{section}] {key}"
    return compile_rule(where, expand(getattr(getattr(tables(), section), key), fragments(FAMILY), where))


def bound_words() -> frozenset[str]:
    return tables().comparator.bound


class Cue(NamedTuple):
    """A ``[[cue]]`` block, compiled: the words in its window say what a level is."""

    block: CueBlock
    pattern: regex.Pattern

    @property
    def id(self) -> str:
        return self.block.id

    def match(self, text: str, start: int, end: int) -> regex.Match | None:
        # A cue's window is cut exactly as a veto's with the same where/window/stops.
        return search_window(self.pattern, block_window(self.block, text, start, end))


@functools.cache
def cues() -> dict[str, Cue]:
    """The ``[[cue]]`` blocks by id, in file order."""
    frags = fragments(FAMILY)
    out = {}
    for block in validate(FAMILY, load(FAMILY)).cue:
        where = f"{FAMILY}.toml:[[cue]] {block.id}"
        out[block.id] = Cue(block, compile_rule(where, expand(block.regex, frags, where)))
    return out
