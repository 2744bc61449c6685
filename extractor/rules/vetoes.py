"""Vetoes as data: the engine reads ``[[veto]]`` blocks and judges a candidate figure by them.

A family asks ``vetoes(name).first(text, start, end, rule=..., kind=..., when=...)`` at the point where it knows
the candidate; the first veto that applies and whose window matches is returned with the words that triggered it.
While a trace is open (``tracing()``, used by ``slax explain``), every veto that fires is recorded with the
figure it stopped, so a user can see why a number was not taken.

Where words alone cannot judge (two windows that must both match, a clock or unit check), a block names a
``hook``: a Python check its family registers by name (``register_hooks``), in the style of spaCy's Matcher
``on_match``; the veto fires only if its regex matches AND the hook returns True.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NamedTuple

import regex

from extractor.rules.matching import SENTENCE_END, after, before, fragments, search_window
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.prefilter import may_match
from extractor.rules.schema import AsideBlock, CueBlock, VetoBlock, validate

STOPS = {"clause": SENTENCE_END + ",", "sentence": SENTENCE_END, "line": "\n", "none": ""}

Hook = Callable[[str, int, int], bool]  # (text, start, end of the candidate) -> does the veto hold
_HOOKS: dict[str, dict[str, Hook]] = {}


def register_hooks(family: str, hooks: dict[str, Hook]) -> None:
    """The checks ``family``'s ``[[veto]]`` blocks may name by ``hook``."""
    _HOOKS.setdefault(family, {}).update(hooks)


def registered_hooks(family: str) -> set[str]:
    return set(_HOOKS.get(family, {}))


def register_hook(family: str, name: str, fn: Hook) -> Hook:
    """One check, as ``register_hooks`` does for several."""
    register_hooks(family, {name: fn})
    return fn


class VetoHit(NamedTuple):
    family: str
    veto: str
    words: str  # what triggered it, as written
    start: int  # the figure it stopped, in the text the family was given
    end: int


def block_window(b: VetoBlock | CueBlock | AsideBlock, text: str, start: int, end: int) -> str:
    """The text a veto, cue or aside block reads around ``text[start:end]``: cut by its where, window and stops."""
    stops = STOPS[b.stops]
    if b.where == "before":
        return before(text, start, b.window, stops)
    if b.where == "after":
        return after(text, end, b.window, stops)
    if b.where in ("clause", "sentence", "line"):
        stops = STOPS[b.where]
        return before(text, start, b.window, stops) + text[start:end] + after(text, end, b.window, stops)
    if b.where == "opening":
        return text[:b.window]
    return text


@dataclass(frozen=True)
class Veto:
    family: str
    block: VetoBlock
    pattern: regex.Pattern

    @property
    def id(self) -> str:
        return self.block.id

    def applies(self, rule: str, kind: str | None, when: Iterable[str]) -> bool:
        b = self.block
        if b.applies_to and rule not in b.applies_to and kind not in b.applies_to:
            return False
        return all(c in when for c in b.when)

    def window(self, text: str, start: int, end: int) -> str:
        return block_window(self.block, text, start, end)

    def fires(self, text: str, start: int, end: int, windows: dict[tuple, str] | None = None) -> str | None:
        """The words that trigger this veto around ``text[start:end]``, or None. ``windows``: the windows already
        cut around this candidate, by their shape (vetoes of one stage often read the same window)."""
        b = self.block
        shape = (b.where, b.window, b.stops)
        cut = windows.get(shape) if windows is not None else None
        window = cut if cut is not None else self.window(text, start, end)
        if windows is not None and cut is None:
            windows[shape] = window
        m = search_window(self.pattern, window)
        if m is None or (self.block.hook and not self._hook()(text, start, end)):
            return None
        return m.group()

    def _hook(self) -> Hook:
        hook = _HOOKS.get(self.family, {}).get(self.block.hook or "")
        if hook is None:
            raise PatternError(f"{self.family}.toml:[[veto]] {self.id}: no hook {self.block.hook!r} is registered")
        return hook


class VetoSet:
    def __init__(self, family: str, vetoes: tuple[Veto, ...]):
        self.family = family
        self.all = vetoes
        self.by_id = {v.id: v for v in vetoes}
        # Which vetoes apply to a (rule, kind, when, only), and their ids (a candidate's evidence).
        self._pools: dict[tuple, tuple[tuple[Veto, ...], list[str]]] = {}
        # The text last judged and, per veto id, whether its words occur anywhere in it: a family asks about every
        # candidate of one letter in turn, and a veto whose words the letter lacks never fires.
        self._live: tuple[str, dict[str, bool]] = ("", {})

    def _pool(self, key: tuple) -> tuple[tuple[Veto, ...], list[str]]:
        pool = self._pools.get(key)
        if pool is None:
            rule, kind, when, only = key
            candidates = self.all if only is None else tuple(self.by_id[i] for i in only)
            found = tuple(v for v in candidates if v.applies(rule, kind, when))
            pool = self._pools[key] = (found, [v.id for v in found])
        return pool

    def _in_text(self, text: str) -> dict[str, bool]:
        last_text, in_text = self._live  # one read: another thread may replace it meanwhile
        if last_text is not text:
            in_text = {}
            self._live = (text, in_text)
        return in_text

    def first(self, text: str, start: int, end: int, *, rule: str = "", kind: str | None = None,
              when: Iterable[str] = (), only: Iterable[str] | None = None,
              checked: list[str] | None = None) -> VetoHit | None:
        """The first veto (file order) that applies to this candidate and fires; recorded when tracing.

        ``only`` limits the check to the named vetoes (a family that checks some before it knows the kind);
        the ids of vetoes that applied and did not fire are appended to ``checked`` (the fact's evidence)."""
        key = (rule, kind, when if isinstance(when, tuple) else tuple(when),
               only if only is None or isinstance(only, tuple) else tuple(only))
        pool, ids = self._pool(key)
        windows: dict[tuple, str] = {}
        in_text = self._in_text(text)
        # A window is a stretch of ``text``: without a veto's words in the text, no window holds them. A pool holds
        # two or three vetoes: checked in place, rather than a pool of the live ones kept per text and pool.
        for i, veto in enumerate(pool):
            live = in_text.get(veto.id)
            if live is None:
                live = in_text[veto.id] = may_match(veto.pattern, text)
            if not live:
                continue
            words = veto.fires(text, start, end, windows)
            if words is not None:
                if checked is not None:
                    checked += ids[:i]
                hit = VetoHit(self.family, veto.id, words, start, end)
                record(hit)
                return hit
        if checked is not None:
            checked += ids
        return None


@functools.cache
def vetoes(family: str) -> VetoSet:
    """The compiled ``[[veto]]`` blocks of ``patterns/<family>.toml``, validated."""
    data = validate(family, load(family))
    frags = fragments(family)
    out = []
    from extractor.rules.matching import expand

    for block in data.veto:
        where = f"{family}.toml:[[veto]] {block.id}"
        out.append(Veto(family, block, compile_rule(where, expand(block.regex, frags, where))))
    return VetoSet(family, tuple(out))


_TRACE: ContextVar[list[VetoHit] | None] = ContextVar("slax_veto_trace", default=None)


def record(hit: VetoHit) -> None:
    """Note a hit for `slax explain` while a trace is open (a veto here; a not-a-promise filter of
    extractor/commitment/filters.py)."""
    trace = _TRACE.get()
    if trace is not None:
        trace.append(hit)


@contextmanager
def tracing() -> Iterator[list[VetoHit]]:
    """Collect every veto that fires inside the block (offsets are in the text each family was given)."""
    hits: list[VetoHit] = []
    token = _TRACE.set(hits)
    try:
        yield hits
    finally:
        _TRACE.reset(token)
