"""Searching a rule that opens with free characters from where its fixed part stands.

A rule such as ``(?P<base>[\\p{Han}A-Za-z0-9]{0,14}?费用)的(?P<rate>…%)`` may start at any character: the
``regex`` engine tries the pattern at every position of a sentence, and at each one the up-to-14 characters of
its lead with the alternation after each (about 7 µs a position, half a millisecond a sentence). The rest of
the pattern (``费用的…%``) opens with words the engine finds fast. A rule that names such a ``start`` (the regex
of what follows its lead) and its ``lead`` (how many characters the lead may take) is searched from ``lead``
characters before each place its start matches, not from every position: at most ``lead + 1`` positions a start,
so a start that also matches where the rule does not (a label without its value) costs little.

Same matches, same order, as ``pattern.finditer(text)``: every match at ``p`` has its start at some ``h`` in
``[p, p + lead]`` (the rule's contract, see tests/test_started.py), so the next match after ``pos`` begins no
earlier than ``h - lead`` for the first ``h`` at or after ``pos`` where the start matches: tried at each position
from there to ``h``, the first that matches is the next match; if none does, none begins before ``h + 1``. A match
tried at ``pos`` still sees the text before ``pos`` (lookbehinds), as finditer's next search does.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from extractor.rules.prefilter import word_finder, word_list


def started_matches(pattern: regex.Pattern, start: regex.Pattern, lead: int, text: str,
                    timeout: float | None = None) -> Iterator[regex.Match]:
    """``pattern.finditer(text)`` for a pattern whose matches each have ``start`` matching at most ``lead``
    characters after their beginning."""
    find = _word_finder(start)
    pos, size = 0, len(text)
    while pos <= size:
        found = find(text, pos) if find is not None else start.search(text, pos, timeout=timeout)
        if found is None:
            return
        at = found.start()
        m = None
        for begin in range(max(pos, at - lead), at + 1):  # at most lead + 1 tries, not a search on to the end
            m = pattern.match(text, begin, timeout=timeout)
            if m is not None:
                break
        if m is None:  # no match begins at or before this start: the next one begins after it
            pos = at + 1
            continue
        if m.end() == m.start():  # finditer's own rule for what follows an empty match: let it go on from here
            yield from pattern.finditer(text, m.start(), timeout=timeout)
            return
        yield m
        pos = m.end()


@functools.cache
def _word_finder(start: regex.Pattern):
    """A start that is a list of words (a role word) is found by the standard library's engine, several times
    faster than by ``regex`` (prefilter.word_finder); None for any other start."""
    from extractor.rules import rulecache

    found = rulecache.remembered("word_list", start, lambda p: word_list(p) or ())
    return word_finder(found) if isinstance(found, tuple) and found else None
