"""Keyword prefilters derived from the rules themselves: the words a regex cannot match without.

Calling a ``regex`` pattern costs a few microseconds before it reads a character, and most calls of a letter
find nothing: a veto's words are not in the window, a cue's not in the sentence, a rule's not in the letter.
``words(pattern)`` reads the pattern's parse tree (``regex``'s own parser) for a set of literal words such that
every match consumes at least one of them; a text that holds none of them cannot match, whatever its
lookarounds and anchors say, because a match's characters are characters of the searched text. Checking the
words with ``in`` costs a fraction of the call it saves. A pattern the analysis cannot bound (``\\p{Han}+``,
case-insensitive words, backreferences, fuzzy matching) gets no words, and is always searched.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import Optional

import regex
from regex import _regex_core as core

from extractor.rules.finders import word_finder  # imported from here by wordscan, started and the tests too

MAX_WORDS = 64  # a larger alternative set is not worth checking word by word: no prefilter
# A union of branches (a long list of markers: units.toml [context] guide) may hold more: its words are found by one
# trie scan, far cheaper than trying every branch at every character of a long page.
MAX_BRANCH_WORDS = 512
_ZERO_WIDTH = (core.LookAround, core.ZeroWidthBase)


class Words:
    """Every match of the pattern consumes one of ``words`` (empty: nothing is known, always search).
    ``exact``: the pattern matches exactly these words and nothing else (a keyword list such as ``needs``).
    ``also``: other word lists a match consumes one of each, besides ``words`` (the pattern is a sequence of
    required parts, each with its own words); checked only where a whole line is judged (``line_holds``)."""

    __slots__ = ("words", "exact", "also", "_find", "_also")

    def __init__(self, words: tuple[str, ...] = (), exact: bool = False, also: tuple[tuple[str, ...], ...] = ()):
        self.words, self.exact, self.also = words, exact, also
        # _find and _also are compiled when first used (__getattr__): a run reads a few hundred prefilters from
        # the rule cache and compiling them all (about 1 ms each) would cost a third of a second at start-up.

    def __getattr__(self, name: str):
        # The standard library's engine finds one of a few dozen literal words in one C call, several times
        # faster than `in` word by word and than a `regex` call.
        if name == "_find":
            self._find = word_finder(self.words)
            return self._find
        if name == "_also":
            self._also = tuple(word_finder(ws) for ws in self.also)
            return self._also
        raise AttributeError(name)

    def __reduce__(self):
        return Words, (self.words, self.exact, self.also)

    def __repr__(self) -> str:
        return f"Words({self.words!r}, exact={self.exact}, also={self.also!r})"

    def first_at(self, text: str, pos: int = 0) -> int:
        """Where the first of the words at or after ``pos`` starts (``pos`` itself when no word is known), or -1."""
        if self._find is None:
            return pos if pos < len(text) else -1
        m = self._find(text, pos)
        return m.start() if m else -1

    def line_holds(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds one word of every ``also`` list (``words`` is the caller's to check)."""
        return all(find(text, start, end) is not None for find in self._also)

    def excluded(self, text: str) -> bool:
        """True when no match of the pattern can lie in ``text``."""
        return self._find is not None and not _holds_a_word(self.words, self._find, text)

    def spans_holding(self, text: str, starts: list[int], ends: list[int]) -> set[int] | None:
        """The indices of the disjoint spans ``text[starts[i]:ends[i]]`` (in text order) that hold one of the
        words, found in one scan of ``text`` rather than one call per span; None when no word is known.

        Exact: no word holds another (``_shortest``), so at most one word starts at a position and a word
        found across a span's end hides no word inside it; the scan then goes on from the next character."""
        find = self._find
        if find is None:
            return None
        out: set[int] = set()
        pos, size = 0, len(text)
        while pos < size:
            m = find(text, pos)
            if m is None:
                break
            start, end = m.span()
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and end <= ends[i]:
                out.add(i)
                pos = ends[i]  # the span is known to hold a word: on to the next one
            else:
                pos = start + 1
        return out


NOTHING_KNOWN = Words()


def analyse(pattern: str, flags: int = 0) -> Words:
    """The prefilter of ``pattern`` compiled with ``flags`` (see the module doc)."""
    if flags & (regex.IGNORECASE | regex.FULLCASE | regex.REVERSE | regex.VERBOSE):
        return NOTHING_KNOWN
    tree, info = _parse(pattern, flags)
    if tree is None:
        return NOTHING_KNOWN
    if info.flags & (regex.IGNORECASE | regex.FULLCASE | regex.REVERSE) or isinstance(tree, core.Fuzzy):
        return NOTHING_KNOWN
    exact = _exact(tree)
    if exact is not None and "" not in exact and len(exact) <= MAX_WORDS:
        return Words(_shortest(exact), exact=not _has_zero_width(tree))
    found = _required(tree)
    if not found:
        return NOTHING_KNOWN
    also = tuple(_shortest(c) for c in _parts(tree) if c != found)
    return Words(_shortest(found), also=also)


def _parts(node) -> list[frozenset[str]]:
    """The word lists of each required part of a pattern that is a sequence (one word of each is consumed)."""
    while isinstance(node, (core.Group, core.Atomic)):
        node = node.subpattern
    if not isinstance(node, core.Sequence):
        return []
    return [c for c in _sequence_candidates(node.items) if c and "" not in c and len(c) <= MAX_WORDS]


def _shortest(found: frozenset[str]) -> tuple[str, ...]:
    """The words without those that contain another (a text holding 最高为 holds 最高): checking the rest says
    the same, sooner; shortest first."""
    out: list[str] = []
    for word in sorted(found, key=lambda w: (len(w), w)):
        if not any(kept in word for kept in out):
            out.append(word)
    return tuple(out)


def _parse(pattern: str, flags: int):
    """``regex``'s parse tree of the pattern and its flags, as regex.compile parses it; (None, None) if it fails."""
    for _ in range(3):
        try:
            source = core.Source(pattern)
            info = core.Info(flags, source.char_type, {})
            info.guess_encoding = core.UNICODE
            return core._parse_pattern(source, info), info
        except core._UnscopedFlagSet:  # (?m) at the start: parse again with it global, as regex.compile does
            flags = info.global_flags
        except Exception:  # an unparsable pattern fails where it is compiled, not here
            return None, None
    return None, None


def _exact(node) -> Optional[frozenset[str]]:
    """The finite set of texts ``node`` consumes, if it is one (zero-width nodes consume ""), else None."""
    if isinstance(node, _ZERO_WIDTH):
        return frozenset({""})
    if isinstance(node, core.Character):
        if node.positive and not node.case_flags and not node.zerowidth:
            return frozenset({chr(node.value)})
        return None
    if isinstance(node, core.SetUnion):
        if node.positive and not node.case_flags and not node.zerowidth \
                and all(isinstance(i, core.Character) and i.positive and not i.case_flags for i in node.items):
            return frozenset(chr(i.value) for i in node.items)
        return None
    if isinstance(node, (core.Group, core.Atomic)):
        return _exact(node.subpattern)
    if isinstance(node, core.Branch) and not isinstance(node, core.StringSet):
        return _union(_exact(b) for b in node.branches)
    if isinstance(node, core.Sequence):
        out: Optional[frozenset[str]] = frozenset({""})
        for item in node.items:
            out = _product(out, _exact(item))
            if out is None:
                return None
        return out
    if isinstance(node, core.GreedyRepeat) and node.max_count is not None and node.max_count <= 1:
        sub = _exact(node.subpattern)
        if sub is None:
            return None
        return sub | {""} if node.min_count == 0 else sub
    return None


def _required(node) -> Optional[frozenset[str]]:
    """Words one of which every match of ``node`` consumes (no "" among them), or None when unknown."""
    exact = _exact(node)
    if exact is not None:
        return exact if "" not in exact and len(exact) <= MAX_WORDS else None
    if isinstance(node, (core.Group, core.Atomic)):
        return _required(node.subpattern)
    if isinstance(node, core.Branch) and not isinstance(node, core.StringSet):
        return _either(_required(b) for b in node.branches)
    if isinstance(node, core.GreedyRepeat):  # lazy and possessive repeats too
        return _required(node.subpattern) if node.min_count >= 1 else None
    if isinstance(node, core.Sequence):
        return _best(_sequence_candidates(node.items))
    return None


def _sequence_candidates(items) -> list[frozenset[str]]:
    """Each run of exact items gives the words they spell together; each other item its own required words."""
    out, run = [], frozenset({""})
    for item in list(items) + [None]:
        exact = _exact(item) if item is not None else None
        if exact is not None:
            joined = _product(run, exact)
            if joined is not None:
                run = joined
                continue
        if run != frozenset({""}) and "" not in run:
            out.append(run)
        run = frozenset({""}) if exact is None else exact
        if item is not None and exact is None:
            required = _required(item)
            if required:
                out.append(required)
    return out


def _best(candidates: list[frozenset[str]]) -> Optional[frozenset[str]]:
    """The most selective set: its shortest word longest, then the fewest words."""
    good = [c for c in candidates if c and "" not in c and len(c) <= MAX_WORDS]
    if not good:
        return None
    return max(good, key=lambda c: (min(map(len, c)), -len(_shortest(c))))


def _either(sets) -> Optional[frozenset[str]]:
    """The words of a match of one of several branches, each consuming one of its own words: their union, less the
    words that hold another (a branch consuming (签字) consumes 签字), so that the list stays short."""
    out: set[str] = set()
    for s in sets:
        if s is None:
            return None
        out |= s
    reduced = frozenset(_shortest(frozenset(out)))
    return reduced if len(reduced) <= MAX_BRANCH_WORDS else None


def _union(sets) -> Optional[frozenset[str]]:
    out: set[str] = set()
    for s in sets:
        if s is None:
            return None
        out |= s
        if len(out) > MAX_WORDS:
            return None
    return frozenset(out)


def _product(left: Optional[frozenset[str]], right: Optional[frozenset[str]]) -> Optional[frozenset[str]]:
    if left is None or right is None or len(left) * len(right) > MAX_WORDS:
        return None
    return frozenset(a + b for a, b in itertools.product(left, right))


def _has_zero_width(node) -> bool:
    if isinstance(node, _ZERO_WIDTH):
        return True
    children = [getattr(node, "subpattern", None), *getattr(node, "items", ()), *getattr(node, "branches", ())]
    return any(_has_zero_width(c) for c in children if isinstance(c, core.RegexBase))


# Nodes whose match reads nothing but the characters they consume (no lookaround, anchor, boundary, \\K, fuzzy or
# atomic part, no grapheme: its end depends on the next character).
_CONSUMING = (core.Sequence, core.Branch, core.Group, core.GreedyRepeat, core.LazyRepeat, core.Character,
              core.String, core.Property, core.SetBase, core.Range, core.Any, core.AnyAll, core.AnyU)


def reads_only_its_match(pattern: regex.Pattern) -> bool:
    """Whether a match of ``pattern`` depends only on the characters it consumes: then it matches a slice of a
    text at a position where it matches the whole text within that slice, and only where it matches the whole
    text at that position."""
    if pattern.flags & (regex.REVERSE | regex.VERBOSE):
        return False
    tree, _ = _parse(pattern.pattern, pattern.flags)
    return tree is not None and _consuming(tree)


def _consuming(node) -> bool:
    if not isinstance(node, _CONSUMING) or getattr(node, "zerowidth", False) \
            or isinstance(node, (core.StringSet, core.PossessiveRepeat)):
        return False
    children = [getattr(node, "subpattern", None), *getattr(node, "items", ()), *getattr(node, "branches", ())]
    return all(_consuming(c) for c in children if isinstance(c, core.RegexBase))


def max_width(pattern: str, flags: int = 0) -> Optional[int]:
    """The most characters a match of ``pattern`` can consume, or None when unbounded or unknown."""
    tree, _ = _parse(pattern, flags)
    width = tree.max_width() if tree is not None else core.UNLIMITED
    return None if width >= core.UNLIMITED else width


def word_list(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """All the words of a pattern that is nothing but a list of words (no lookaround or anchor), longest first: a
    word that holds another too, unlike ``words``, so that where the first of them starts is where the pattern's
    first match starts. None for any other pattern, or more than MAX_WORDS words."""
    if pattern.flags & (regex.IGNORECASE | regex.FULLCASE | regex.REVERSE | regex.VERBOSE):
        return None
    tree, info = _parse(pattern.pattern, pattern.flags)
    if tree is None or info.flags & (regex.IGNORECASE | regex.FULLCASE | regex.REVERSE) or _has_zero_width(tree):
        return None
    exact = _exact(tree)
    return None if exact is None or "" in exact else tuple(sorted(exact, key=lambda w: (-len(w), w)))


_CACHE: dict[regex.Pattern, Words] = {}


def words(pattern: regex.Pattern) -> Words:
    """The prefilter of a compiled pattern, computed once per pattern object (compiled rules keep theirs in the
    rule cache, see rulecache.prefilter)."""
    found = _CACHE.get(pattern)
    if found is None:
        from extractor.rules import rulecache

        found = _CACHE[pattern] = rulecache.prefilter(pattern.pattern, pattern.flags)
    return found


# The standard library's engine scans a letter-sized text for an alternation at a few nanoseconds a character
# whatever the words, where ``in`` scans for one word several times faster: a text of more than LONG_TEXT
# characters is asked word by word for a list of up to FEW_WORDS words (half of may_match's time went on such
# lists over whole letters). A shorter text (a window, a sentence) keeps the one alternation call.
FEW_WORDS = 4
LONG_TEXT = 300


def _holds_a_word(words: tuple[str, ...], find: Callable[[str], object], text: str) -> bool:
    """Whether ``text`` holds one of ``words`` (``find``: their alternation's search)."""
    if len(text) > LONG_TEXT and len(words) <= FEW_WORDS:
        for word in words:
            if word in text:
                return True
        return False
    return find(text) is not None


# words(pattern)'s finder and, when FEW_WORDS or fewer, its words (else none), by pattern
_FINDS: dict[regex.Pattern, tuple[Callable[[str], object] | None, tuple[str, ...]]] = {}


def may_match(pattern: regex.Pattern, text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text`` (its words are all absent)."""
    # words(pattern).excluded(text) inlined: a letter asks this about seven hundred times.
    try:
        find, few = _FINDS[pattern]
    except KeyError:
        known = words(pattern)
        find, few = _FINDS[pattern] = known._find, known.words if len(known.words) <= FEW_WORDS else ()
    if find is None:
        return True
    if few and len(text) > LONG_TEXT:
        for word in few:
            if word in text:
                return True
        return False
    return find(text) is not None
