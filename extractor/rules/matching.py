"""Rule matching: rule files' ``[[rule]]`` blocks compiled with their fragments, finditer with a timeout,
context windows around a figure, and the overlap resolution every family uses.

A rule file (``patterns/<name>.toml``) holds ``[fragments]`` (named regex pieces) and ``[[rule]]`` tables
(``id``, ``regex``, ``examples`` and any static fields such as ``kind``). ``{{name}}`` in a regex is replaced by a
fragment, or by a lexicon entry that the caller passes (``NUMBER``, ``UNIT``...), so rules read as data and share
pieces. Families follow one flow: ``rules()`` -> ``matches()`` -> their own checks -> ``before()``/``after()``
windows -> fact -> ``keep_disjoint()``. Nothing here knows about a family.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import regex

from extractor.rules.numerals import NUMBER
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.prefilter import may_match, reads_only_its_match, words
from extractor.rules.started import started_matches
from extractor.rules.wordscan import WordScan

REGEX_TIMEOUT = 2.0
# Given a timeout, the regex module reads the process's CPU clock (a system call) on every call and every match
# a finditer yields: most calls search a letter or a window of it, where no rule can run for long, and those
# calls cost more in clock reads than in matching (about 1.4 ms of a 12 ms letter). Texts up to this many
# characters are searched without a timeout: the pathological inputs of benchmarks/linearity.py at 4,000
# characters take the whole pipeline under 0.2 s, far from any limit; a longer text (a whole document in
# normalize, a 30,000-character piece of a letter) keeps its timeout.
SHORT_TEXT = 4096
# Sentence ends for context windows; commas are handled by callers that need them.
SENTENCE_END = "。;!?\n"

FactT = TypeVar("FactT")
ValueT = TypeVar("ValueT")


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: regex.Pattern
    fields: dict = field(default_factory=dict)
    examples: tuple = ()
    priority: int = 0
    # A cheap regex every match contains (`needs` in the file): text without it cannot match, so it is skipped.
    needs: regex.Pattern | None = None
    # "line": no match (nor a lookahead) reads past a line end, so only the lines holding the rule's keywords are
    # searched (`within` in the file; see line_matches).
    within: str = "text"
    # A rule opening with up to `lead` free characters is searched only from `lead` characters before each match of
    # `start`, the regex of what follows its lead (see started.py).
    start: regex.Pattern | None = None
    lead: int = 0


def expand(template: str, fragments: dict[str, str], where: str) -> str:
    """Replace ``{{name}}`` placeholders, recursively (fragments may use fragments)."""
    out = template
    for _ in range(8):
        found = regex.findall(r"\{\{(\w+)\}\}", out)
        if not found:
            return out
        for name in found:
            if name not in fragments:
                raise PatternError(f"{where}: unknown fragment {{{{{name}}}}}")
            out = out.replace("{{" + name + "}}", fragments[name])
    raise PatternError(f"{where}: fragments nest too deeply")


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group of literal words, longest first so 个工作日 beats 日.

    Ties are in code-point order, so the pattern is the same in every process (a set's order is not):
    the compiled-rule cache is keyed by the pattern text."""
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in ws) + ")"


@functools.cache
def fragments(name: str, extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    data = load(name)
    frags = {"NUMBER": NUMBER, **dict(extra), **data.get("fragments", {})}
    return {k: expand(v, frags, f"{name}.toml:fragments.{k}") for k, v in frags.items()}


_ENGINE_KEYS = ("id", "regex", "examples", "priority", "needs", "within", "start", "lead")  # not a fact's fields


@functools.cache
def rules(name: str, extra: tuple[tuple[str, str], ...] = ()) -> tuple[Rule, ...]:
    """Compiled ``[[rule]]`` entries of a pattern file, in file order."""
    frags = fragments(name, extra)
    out = []
    for i, raw in enumerate(load(name).get("rule", [])):
        rid = raw.get("id") or f"#{i}"
        if "regex" not in raw:
            raise PatternError(f"{name}.toml:{rid}: rule without regex")
        where = f"{name}.toml:{rid}"
        pattern = compile_rule(where, expand(raw["regex"], frags, where))
        static = {k: v for k, v in raw.items() if k not in _ENGINE_KEYS}
        needs = compile_rule(where + ".needs", expand(raw["needs"], frags, where)) if raw.get("needs") else None
        start = compile_rule(where + ".start", expand(raw["start"], frags, where)) if raw.get("start") else None
        out.append(Rule(rid, pattern, static, tuple(raw.get("examples", ())), raw.get("priority", 0), needs,
                        raw.get("within", "text"), start, raw.get("lead", 0)))
    return tuple(out)


def timeout_for(text: str, pos: int = 0, endpos: int | None = None, limit: float = REGEX_TIMEOUT) -> float | None:
    """The timeout to search ``text[pos:endpos]`` with: ``limit``, or None for a short text (see SHORT_TEXT)."""
    size = (len(text) if endpos is None else min(endpos, len(text))) - pos
    return limit if size > SHORT_TEXT else None


def search_window(pattern: regex.Pattern, window: str) -> regex.Match | None:
    """``pattern.search(window)`` with the window's timeout, skipped when the pattern's keywords are all absent
    (prefilter.may_match): how a veto, a cue or an aside reads the words around a candidate."""
    if not may_match(pattern, window):
        return None
    return pattern.search(window, timeout=timeout_for(window))


def found_in(pattern: regex.Pattern, text: str, timeout: float | None = None) -> bool:
    """``bool(pattern.search(text))``, answered from the pattern's keywords (prefilter.words) when they decide it:
    none of them in ``text``, or a pattern that is nothing but its keywords (a ``needs`` list)."""
    global _FOUND
    last, seen = _FOUND  # one read: another thread may replace it meanwhile
    if last is not text:
        seen = {}
        _FOUND = (text, seen)
    hit = seen.get(pattern)
    if hit is None:  # a search that times out raises and is not kept
        known = words(pattern)
        hit = seen[pattern] = not known.excluded(text) and (known.exact or pattern.search(text, timeout=timeout)
                                                            is not None)
    return hit


# The text last asked about by found_in and, per pattern, whether it was found there. Rules share their ``needs``
# (penalties' ten rules need one figure pattern), and each rule asks it of the same letter: the answer is kept
# for that letter instead of checking the words and searching again (three in four calls were repeats).
_FOUND: tuple[str, dict[regex.Pattern, bool]] = ("", {})


def found_in_slice(pattern: regex.Pattern, text: str, start: int, end: int) -> bool:
    """``found_in(pattern, text[start:end])``, for a family that asks it of many slices of one letter (each
    sentence, the 600 characters above it). A pattern whose match reads only the characters it consumes
    (prefilter.reads_only_its_match) is searched once in the whole text, overlapped (a match at every position
    that has one): a slice where none starts holds none, and one where the first of them also ends holds one.
    Only the slices between are searched."""
    found = _overlapped(pattern, text)
    if found is not None:
        starts, ends = found
        i = bisect.bisect_left(starts, start)
        if i == len(starts) or starts[i] >= end:
            return False
        if ends[i] <= end:
            return True
    return found_in(pattern, text[start:end])


# The text last asked about by found_in_slice and, per pattern, the starts and ends of its overlapped matches
# (None: the pattern reads more than its match, or the search timed out).
_SLICED: tuple[str, dict[regex.Pattern, tuple[list[int], list[int]] | None]] = ("", {})


def _overlapped(pattern: regex.Pattern, text: str) -> tuple[list[int], list[int]] | None:
    global _SLICED
    last, found = _SLICED  # one read: another thread may replace it meanwhile
    if last is not text:
        found = {}
        _SLICED = (text, found)
    if pattern not in found:
        spans = None
        if _reads_only_its_match(pattern):
            try:
                matched = [m.span() for m in pattern.finditer(text, overlapped=True, timeout=timeout_for(text))]
                spans = ([s for s, _ in matched], [e for _, e in matched])
            except TimeoutError:  # each slice is searched as it was
                pass
        found[pattern] = spans
    return found[pattern]


@functools.cache
def _reads_only_its_match(pattern: regex.Pattern) -> bool:
    from extractor.rules import rulecache

    return bool(rulecache.remembered("reads_only_its_match", pattern, reads_only_its_match))


def can_match(rule: Rule, text: str) -> bool:
    """False when ``rule`` cannot match in ``text``: its ``needs`` or the keywords of its regex are missing."""
    return (rule.needs is None or found_in(rule.needs, text, timeout_for(text))) and may_match(rule.pattern, text)


def matches(rule: Rule, text: str, limit: float = REGEX_TIMEOUT, *, checked: bool = False) -> Iterator[regex.Match]:
    """``rule.pattern.finditer(text)``, skipping what the rule's keywords say cannot match; ``limit``: the timeout
    of a search over more than SHORT_TEXT characters; ``checked``: the caller has just seen ``can_match(rule,
    text)`` hold, so the keywords and ``needs`` are not searched again."""
    if not checked and rule.needs is not None and not found_in(rule.needs, text):
        return iter(())
    if not checked and not may_match(rule.pattern, text):
        return iter(())
    if rule.within == "line":
        return line_matches(rule.pattern, text, limit)
    if rule.start is not None:
        return started_matches(rule.pattern, rule.start, rule.lead, text, timeout_for(text, limit=limit))
    return rule.pattern.finditer(text, timeout=timeout_for(text, limit=limit))


def line_matches(pattern: regex.Pattern, text: str, limit: float = REGEX_TIMEOUT) -> Iterator[regex.Match]:
    """The matches of ``pattern.finditer(text)`` for a pattern whose matches and lookaheads never read past a line
    end: each line holding one of its keywords (prefilter.words) is searched alone, the others are skipped.

    Same matches, same order: no match spans two lines, so a finditer over the whole text restarts at each line
    as this one does; a line without a word of each required part of the pattern (Words.also) holds none. A line
    is searched with ``pos``/``endpos``: lookbehinds still see the text before it (and ``^`` still means the
    text's start), and the slice ends after the line's newline, which a lookahead may read."""
    known = words(pattern)
    pos, size = 0, len(text)
    while pos < size:
        hit = known.first_at(text, pos)
        if hit < 0:
            return
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit) + 1 or size
        if known.line_holds(text, start, end):  # a line needs a word of each required part of the pattern
            yield from pattern.finditer(text, start, end, timeout=timeout_for(text, start, end, limit))
        pos = end


class SpanIndex:
    """The disjoint spans of one text (its sentences, in order), asked which patterns can match in each: one
    scan of the text for a pattern's keywords answers for every span (prefilter.Words.spans_holding), where
    ``can_match(rule, text[s:e])`` span by span costs a call per span and rule."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]):
        self.text, self.spans = text, spans
        self._starts, self._ends = [s for s, _ in spans], [e for _, e in spans]
        self._holding: dict[regex.Pattern, set[int] | None] = {}

    def found_in(self, pattern: regex.Pattern, i: int) -> bool:
        """``found_in(pattern, span i's text)`` with the timeout of that text."""
        held = self._held(pattern)
        if held is not None and i not in held:
            return False
        if words(pattern).exact:
            return True
        start, end = self.spans[i]
        piece = self.text[start:end]  # a slice, not pos/endpos: lookarounds and anchors see the span alone
        return pattern.search(piece, timeout=timeout_for(piece)) is not None

    def rules_by_span(self, rules: Sequence[Rule]) -> list[list[Rule]]:
        """For each span, the rules that can match in the whole text and in the span (``can_match`` of both), in
        the order given: a rule is looked at only in the spans that hold its ``needs`` and its words."""
        out: list[list[Rule]] = [[] for _ in self.spans]
        every = range(len(self.spans))
        patterns, scan = _word_scan(rules)  # the spans holding each pattern's words, from one scan of the text
        self._holding.update(zip(patterns, scan.spans_holding(self.text, self._starts, self._ends)))
        for rule in rules:
            spans = self._held(rule.needs) if rule.needs is not None else None
            if spans is not None and not spans:
                continue
            words_in = self._held(rule.pattern)
            if words_in is not None:
                spans = words_in if spans is None else spans & words_in
            if rule.needs is not None and not words(rule.needs).exact:
                # A needs regex with lookarounds may match a span and not the whole text: both are asked.
                if not found_in(rule.needs, self.text, timeout_for(self.text)):
                    continue
            for i in every if spans is None else spans:
                if rule.needs is None or self._needs_met(rule.needs, i):
                    out[i].append(rule)
        return out

    def _needs_met(self, needs: regex.Pattern, i: int) -> bool:
        try:
            return self.found_in(needs, i)
        except TimeoutError:  # kept: the span's own search meets the timeout where its caller handles it
            return True

    def _held(self, pattern: regex.Pattern) -> set[int] | None:
        try:
            return self._holding[pattern]
        except KeyError:
            held = self._holding[pattern] = words(pattern).spans_holding(self.text, self._starts, self._ends)
            return held


_SCANS: dict[int, tuple[Sequence[Rule], tuple[regex.Pattern, ...], WordScan]] = {}  # by id of a rule list


def _word_scan(rules: Sequence[Rule]) -> tuple[tuple[regex.Pattern, ...], WordScan]:
    """The patterns and needs of ``rules`` and one WordScan of their words, built once per rule list (rules()
    keeps each family's)."""
    known = _SCANS.get(id(rules))
    if known is None or known[0] is not rules:
        if len(_SCANS) > 32:  # rule lists made on the fly (tests): do not keep them all
            _SCANS.clear()
        patterns = tuple(p for rule in rules for p in (rule.pattern, rule.needs) if p is not None)
        known = _SCANS[id(rules)] = (rules, patterns, WordScan([words(p) for p in patterns]))
    return known[1], known[2]


def before(text: str, pos: int, size: int, stops: str = SENTENCE_END) -> str:
    """Up to ``size`` characters before ``pos``, cut after the last stop character."""
    start = max(0, pos - size)
    last = _stop_finders(stops)[0]
    m = last(text, start, pos) if last is not None else None
    return text[m.end() if m else start:pos]


def after(text: str, pos: int, size: int, stops: str = SENTENCE_END) -> str:
    """Up to ``size`` characters after ``pos``, cut at the first stop character."""
    first = _stop_finders(stops)[1]
    m = first(text, pos, pos + size) if first is not None else None
    return text[pos:m.start() if m else pos + size]


@functools.cache
def _stop_finders(stops: str):
    """The matcher of a stretch up to its last stop character and the finder of the first one (None without
    stops): a window's cut in one C call each (before/after are asked about a hundred times a letter), rather
    than a str.rfind per stop character."""
    if not stops:
        return None, None
    chars = "[" + re.escape(stops) + "]"
    return re.compile("(?s:.*)" + chars).match, re.compile(chars).search


def lines_before(text: str, pos: int, n: int) -> list[str]:
    """``text[:pos].split("\n")[-n:]``: the last ``n`` lines up to ``pos``, found without splitting (or copying)
    everything before it, so asking about each figure of a long letter stays linear."""
    cut = pos
    for _ in range(n):
        cut = text.rfind("\n", 0, cut)
        if cut < 0:
            break
    return text[cut + 1:pos].split("\n")


def lines_after(text: str, pos: int, n: int) -> list[str]:
    """``text[pos:].split("\n")[:n]``: the first ``n`` lines from ``pos``, without splitting the rest."""
    cut = pos - 1
    for _ in range(n):
        cut = text.find("\n", cut + 1)
        if cut < 0:
            return text[pos:].split("\n")
    return text[pos:cut].split("\n")


def longest_word(mapping: Mapping[str, ValueT], text: str) -> ValueT | None:
    """Value of the longest key found in ``text`` (e.g. comparator words)."""
    best = None
    for word, value in mapping.items():
        if word in text and (best is None or len(word) > len(best[0])):
            best = (word, value)
    return best[1] if best else None


def nearest(patterns: Iterable[regex.Pattern], window: str, from_end: bool = True) -> regex.Match | None:
    """The match closest to the end (or start) of ``window`` over several patterns."""
    best = None
    for p in patterns:
        for m in p.finditer(window, timeout=timeout_for(window)):
            if best is None or (m.end() > best.end() if from_end else m.start() < best.start()):
                best = m
    return best


def keep_disjoint(candidates: Sequence[tuple[int, int, int, FactT]]) -> list[FactT]:
    """Resolve overlaps: (priority, start, end, fact) — higher priority first, then earlier, then longer."""
    # Taken spans are disjoint, so sorted by start their ends ascend too: only the last span starting
    # before `end` can overlap. A bisect instead of a scan keeps thousands of facts linear-ish.
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, FactT]] = []
    for _prio, start, end, fact in sorted(candidates, key=lambda c: (-c[0], c[1], -(c[2] - c[1]))):
        i = bisect.bisect_left(taken, (end, -1))
        if i and taken[i - 1][1] > start:
            continue
        bisect.insort(taken, (start, end))
        out.append((start, fact))
    return [f for _, f in sorted(out, key=lambda x: x[0])]
