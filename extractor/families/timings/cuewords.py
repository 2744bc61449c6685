"""The timings cue tables of patterns/timings.toml: the ``[[cue]]`` blocks compiled for where they are read
(after, before, clause, a table's header line), the family's own word tables, and the kinds they name."""
from __future__ import annotations

import functools
from typing import NamedTuple, cast, get_args

import regex

from extractor.models import TimingKind
from extractor.rules.matching import fragments
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.prefilter import words as words_of
from extractor.rules.schema import validate
from extractor.rules.vetoes import STOPS
from extractor.rules.wordscan import WordScan


class Cue(NamedTuple):
    id: str
    gives: TimingKind
    pattern: regex.Pattern
    window: int
    stops: str
    yields_to: tuple[str, ...] = ()  # before-cues that outrank this one (``yields_to`` in timings.toml)


@functools.cache
def words(table: str, key: str, wrap: str = "{}") -> regex.Pattern:
    """``[table] key`` of the family's own tables, set in its context by ``wrap`` (``{}`` stands for it)."""
    return compile_rule(f"timings.toml:{table}.{key}", wrap.replace("{}", load("timings")[table][key]))


def wrapped(where: str, words_: str) -> str:
    if where == "after":
        # The cue must start within 8 characters after the figure ("内|启动应急|响应"), or after a manner
        # phrase ("内|通过工单|提出赔偿"); an aside in brackets right after the figure does not count
        # ("48小时内(节假日顺延)安排人员上门"), nor does the actor who meets it
        # ("72小时以内我公司售后服务人员到达现场").
        # A check chained to the act in the same clause is skipped too ("内完成审核并|以电子邮件|回复").
        manner, chain = load("timings")["manner"], load("timings")["chain"]["inline"]
        return r"^(?:[ ]?\([^()\n]{1,24}\))?(?:" + chain + r")?(?:" + manner["after"] + r")?(?:" + manner["object"] \
            + r")?+(?:" + manner["actor"] + r")?[^,;。]{0,8}?(?P<cue>" + words_ + ")"
    if where in ("before", "clause"):
        # Greedy lead so the cue found is the last one. An aside in brackets right after the cue
        # ("故障历时(自申告至恢复)城区不超过") does not count as distance; a bracket still open before the figure
        # ("30分钟内响应(夜间为1小时内)") is an aside of its own, a tier of the deadline before it.
        event = load("timings")["manner"]["event_clause"]  # "的时限,自接到报修之时起,城区不超过"
        expiry = fragments("timings")["EXPIRY"]  # "维保期满前30天": the cue names what expires, not the figure
        return "^.*(?P<cue>" + words_ + r")(?![^,;。(]{0,10}?(?:" + expiry + r")[ ]?$)(?:[ ]?\([^()\n]{1,16}\))?(?:" \
            + event + r")?[^,;。(]{0,10}$"
    header = load("timings")["header"]  # a whole header cell, its qualifiers and glosses around the kind's words
    return r"^(?:" + header["lead"] + r")?(?:" + words_ + r")(?:" + header["tail"] + r")?$"


def _timing_kind(value: str, where: str) -> TimingKind:
    """A kind named in the rule file (a cue's ``gives``, a ``[pre_kind]`` value), checked against TimingKind."""
    if value not in get_args(TimingKind):
        raise PatternError(f"timings.toml:{where}: {value!r} is not a timing kind")
    return cast(TimingKind, value)


def _compiled(where: str, wrap) -> tuple[Cue, ...]:
    return tuple(Cue(b.id, _timing_kind(b.gives, f"[[cue]] {b.id}"),
                     compile_rule(f"timings.toml:[[cue]] {b.id}", wrap(where, b.regex)), b.window, STOPS[b.stops],
                     b.yields_to)
                 for b in validate("timings", load("timings")).cue if b.where == where)


@functools.cache
def cues(where: str) -> tuple[Cue, ...]:
    """The ``[[cue]]`` blocks found ``where`` (after, before, clause: a last resort, line: a table header), in file
    order."""
    found = _compiled(where, wrapped)
    known = {c.id for c in _compiled("before", wrapped)}
    for cue in found:
        if unknown := [i for i in cue.yields_to if i not in known]:
            raise PatternError(f"timings.toml:[[cue]] {cue.id}: yields_to names no cue before a figure: {unknown}")
    return found


@functools.cache
def scanned(where: str) -> tuple[WordScan, tuple[tuple[int, str], ...]]:
    """One scan for the words of the cues of ``where``, and their window shapes (size, stops), fewer than cues."""
    listed = cues(where)
    return WordScan([words_of(c.pattern) for c in listed]), tuple(dict.fromkeys((c.window, c.stops) for c in listed))


@functools.cache
def topics() -> tuple[Cue, ...]:
    """The before-cues' bare words, to find what a clause is about."""
    return _compiled("before", lambda where, words_: words_)


@functools.cache
def pre_kind() -> dict[str, TimingKind]:
    """Words of the figure's own lead-in that name its kind (提前 -> notice)."""
    return {w: _timing_kind(k, f"[pre_kind] {w}") for w, k in load("timings").get("pre_kind", {}).items()}


@functools.cache
def lead_overrides() -> frozenset[TimingKind]:
    """Reaction kinds a lead time (提前) keeps its own kind against (timings.toml [lead_time] overrides)."""
    return frozenset(_timing_kind(k, "[lead_time] overrides") for k in load("timings")["lead_time"]["overrides"])
