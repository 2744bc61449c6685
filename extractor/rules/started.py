"""Searching a rule that opens with free characters from where its fixed part stands.

A rule such as ``(?P<base>[\\p{Han}A-Za-z0-9]{0,14}?费用)的(?P<rate>…%)`` may start at any character: the
``regex`` engine tries the pattern at every position of a sentence, and at each one the up-to-14 characters of
its lead with the alternation after each (about 7 µs a position, half a millisecond a sentence). The rest of
the pattern (``费用的…%``) opens with words the engine finds fast. A rule that names such a ``start`` (the regex
of what follows its lead) and its ``lead`` (how many characters the lead may take) is searched from ``lead``
characters before each place its start matches, not from every position.

Same matches, same order, as ``pattern.finditer(text)``: every match at ``p`` has its start at some ``h`` in
``[p, p + lead]`` (the rule's contract, see tests/test_started.py), so the next match after ``pos`` begins no
earlier than ``h - lead`` for the first ``h`` at or after ``pos`` where the start matches, and a search from there
finds it. A search at ``pos`` still sees the text before ``pos`` (lookbehinds), as finditer's next search does.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex


def started_matches(pattern: regex.Pattern, start: regex.Pattern, lead: int, text: str,
                    timeout: float | None = None) -> Iterator[regex.Match]:
    """``pattern.finditer(text)`` for a pattern whose matches each have ``start`` matching at most ``lead``
    characters after their beginning."""
    pos, size = 0, len(text)
    while pos <= size:
        found = start.search(text, pos, timeout=timeout)
        if found is None:
            return
        m = pattern.search(text, max(pos, found.start() - lead), timeout=timeout)
        if m is None:
            return
        if m.end() == m.start():  # finditer's own rule for what follows an empty match: let it go on from here
            yield from pattern.finditer(text, m.start(), timeout=timeout)
            return
        yield m
        pos = m.end()
