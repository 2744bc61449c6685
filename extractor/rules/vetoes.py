"""Vetoes as data: the engine reads ``[[veto]]`` blocks and judges a candidate figure by them.

A family asks ``vetoes(name).first(text, start, end, rule=..., kind=..., when=...)`` at the point where it knows
the candidate; the first veto that applies and whose window matches is returned with the words that triggered it.
While a trace is open (``tracing()``, used by ``slax explain``), every veto that fires is recorded with the
figure it stopped, so a user can see why a number was not taken.

Where a regex cannot judge (a table's header rows, a list of names), a block names a ``hook``: a Python check the
family registers with ``@hook(family, id)``. The veto then fires only if its regex matches and the hook returns True.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, NamedTuple

import regex

from extractor.rules.matching import REGEX_TIMEOUT, SENTENCE_END, after, before, fragments
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.schema import VetoBlock, validate

STOPS = {"clause": SENTENCE_END + ",", "sentence": SENTENCE_END, "line": "\n", "none": ""}

# A hook is called with the text, the figure's offsets and the block's compiled regex (to look in a window of its own).
Hook = Callable[[str, int, int, regex.Pattern], bool]
_HOOKS: dict[tuple[str, str], Hook] = {}


def hook(family: str, name: str) -> Callable[[Hook], Hook]:
    """Register ``fn`` as the hook ``name`` of ``family``'s vetoes (a decorator)."""
    def register(fn: Hook) -> Hook:
        _HOOKS[(family, name)] = fn
        return fn
    return register


class VetoHit(NamedTuple):
    family: str
    veto: str
    words: str  # what triggered it, as written
    start: int  # the figure it stopped, in the text the family was given
    end: int


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
        b, stops = self.block, STOPS[self.block.stops]
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

    def fires(self, text: str, start: int, end: int) -> str | None:
        """The words that trigger this veto around ``text[start:end]``, or None."""
        m = self.pattern.search(self.window(text, start, end), timeout=REGEX_TIMEOUT)
        if m is None or (self.block.hook is not None and not self._hook()(text, start, end, self.pattern)):
            return None
        return m.group()

    def _hook(self) -> Hook:
        try:
            return _HOOKS[(self.family, self.block.hook)]
        except KeyError:
            raise PatternError(f"{self.family}.toml:[[veto]] {self.id}: no hook {self.block.hook!r} is registered") \
                from None


class VetoSet:
    def __init__(self, family: str, vetoes: tuple[Veto, ...]):
        self.family = family
        self.all = vetoes
        self.by_id = {v.id: v for v in vetoes}

    def first(self, text: str, start: int, end: int, *, rule: str = "", kind: str | None = None,
              when: Iterable[str] = (), only: Iterable[str] | None = None,
              checked: list[str] | None = None) -> VetoHit | None:
        """The first veto (file order) that applies to this candidate and fires; recorded when tracing.

        ``only`` limits the check to the named vetoes (a family that checks some before it knows the kind);
        the ids of vetoes that applied and did not fire are appended to ``checked`` (the fact's evidence)."""
        when = frozenset(when)
        pool = self.all if only is None else tuple(self.by_id[i] for i in only)
        for veto in pool:
            if veto.applies(rule, kind, when):
                words = veto.fires(text, start, end)
                if words is not None:
                    hit = VetoHit(self.family, veto.id, words, start, end)
                    _record(hit)
                    return hit
                if checked is not None:
                    checked.append(veto.id)
        return None

    def check(self, veto_id: str, text: str, start: int, end: int) -> VetoHit | None:
        """One named veto, unconditionally (the family has decided it applies)."""
        return self.first(text, start, end, only=(veto_id,))


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


def _record(hit: VetoHit) -> None:
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
