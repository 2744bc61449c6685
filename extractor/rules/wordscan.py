"""One scan of a text for the words of many patterns at once (prefilter.Words): which spans of it hold each
pattern's words (a family's rules, sentence by sentence), or which patterns' words it holds at all (a family's
cues asked of one window). A pattern whose words a text lacks cannot match there."""
from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from extractor.rules.prefilter import Words, word_finder, words


class WordScan:
    """``Words.spans_holding`` for many word lists (a family's rules) from one scan of the text, rather than one
    scan per list. At each position the finder (prefilter.word_finder) finds the longest word there; the words
    that start there too are its prefixes among them (``_at``). The scan goes on from the next character, so
    overlapping words are all found; each found word's spans go to the lists that hold it (``_owners``)."""

    def __init__(self, lists: Sequence[Words]):
        self.lists = tuple(lists)
        found = sorted({w for ws in self.lists for w in ws.words}, key=lambda w: (-len(w), w))
        self._find = word_finder(found)
        owners: dict[str, list[int]] = {}
        for k, ws in enumerate(self.lists):
            for w in ws.words:
                owners.setdefault(w, []).append(k)
        self._owners = owners
        self._at = {w: tuple(w[:k] for k in range(len(w), 0, -1) if w[:k] in owners) for w in found}
        # The lists a found word and its prefixes belong to, and the lists without words (they may match anywhere).
        self._held_by = {w: frozenset(k for prefix in self._at[w] for k in owners[prefix]) for w in found}
        self._unbounded = frozenset(k for k, ws in enumerate(self.lists) if not ws.words)

    def starts(self, text: str) -> dict[str, list[int]]:
        """Where each word occurs in ``text`` (words that do not occur are left out)."""
        out: dict[str, list[int]] = {}
        find, at, pos = self._find, self._at, 0
        while find is not None:
            m = find(text, pos)
            if m is None:
                break
            pos = m.start()
            for word in at[m.group()]:
                out.setdefault(word, []).append(pos)
            pos += 1
        return out

    def spans_holding(self, text: str, starts: list[int], ends: list[int]) -> list[set[int] | None]:
        """For each list, what its ``spans_holding`` says: the indices of the disjoint spans ``text[starts[i]:
        ends[i]]`` (in text order) that hold one of its words; None for a list without words."""
        held: list[set[int] | None] = [set() if ws.words else None for ws in self.lists]
        for word, positions in self.starts(text).items():
            spans = set()
            for pos in positions:
                i = bisect.bisect_right(starts, pos) - 1
                if i >= 0 and pos + len(word) <= ends[i]:
                    spans.add(i)
            if spans:
                for k in self._owners[word]:
                    owned = held[k]
                    if owned is not None:  # a list that holds this word has a set
                        owned |= spans
        return held

    def lists_holding(self, text: str) -> set[int]:
        """The indices of the lists one of whose words occurs in ``text``, and of those without words: for lists
        of patterns' words, the patterns that may match in ``text`` (may_match of each, from one scan)."""
        out = set(self._unbounded)
        find, held_by, pos = self._find, self._held_by, 0
        while find is not None:
            m = find(text, pos)
            if m is None:
                break
            out |= held_by[m.group()]
            pos = m.start() + 1
        return out


_BY_LIST: dict[int, tuple[Sequence[regex.Pattern], WordScan]] = {}  # by id of a pattern list


def scan_of(patterns: Sequence[regex.Pattern]) -> WordScan:
    """One WordScan of the words of ``patterns``, built once per list (a family keeps its lists: a cue table, the
    lexicon's events), so that asking which of them may match in a window costs one scan, not one call each."""
    known = _BY_LIST.get(id(patterns))
    if known is None or known[0] is not patterns:
        if len(_BY_LIST) > 64:  # lists made on the fly (tests): do not keep them all
            _BY_LIST.clear()
        known = _BY_LIST[id(patterns)] = (patterns, WordScan([words(p) for p in patterns]))
    return known[1]
