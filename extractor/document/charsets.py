"""Growing sets of characters asked about whole texts: which characters of a text are (or may not be) in the set.

The character pass of ``normalize`` keeps the characters it has converted, and asks of every text which of its
characters are new and which change. ``set(text)`` answers that by making a string object per character (a CJK
letter's 1,400 characters cost about 100 µs); a character-class regex finds the same characters in one C scan
(about 15 µs). The class is compiled from a snapshot of the set; characters added since wait in ``pending`` (each asked
with ``in``) until there are enough of them to compile again, so a text with a few new characters does not pay
for a compile of the whole class.
"""
from __future__ import annotations

import re
import threading
from typing import NamedTuple, Optional

_ANY = re.compile("(?s).")


class _Compiled(NamedTuple):
    inside: Optional[re.Pattern]  # one character of the snapshot (None: the snapshot is empty)
    outside: re.Pattern  # one character outside the snapshot
    pending: tuple[str, ...]  # added after the snapshot


class CharSet:
    def __init__(self) -> None:
        self.chars: set[str] = set()
        self._lock = threading.Lock()
        self._state = _Compiled(None, _ANY, ())

    def __len__(self) -> int:
        return len(self.chars)

    def add(self, ch: str) -> None:
        with self._lock:
            if ch not in self.chars:
                self.chars.add(ch)
                state = self._state
                self._state = state._replace(pending=state.pending + (ch,))

    def _current(self) -> _Compiled:
        state = self._state  # one read: another thread may replace it meanwhile
        if len(state.pending) > max(64, len(self.chars) // 8):  # compile again: geometric, so rarely
            with self._lock:
                body = "".join(map(re.escape, sorted(self.chars)))
                state = self._state = _Compiled(re.compile(f"[{body}]"), re.compile(f"[^{body}]"), ())
        return state

    def occurs_in(self, text: str) -> bool:
        """Whether a character of the set occurs in ``text``."""
        state = self._current()
        return (state.inside is not None and state.inside.search(text) is not None) \
            or any(ch in text for ch in state.pending)

    def missing_from(self, text: str) -> set[str]:
        """The characters of ``text`` that are not in the set (the snapshot's complement, less those added since)."""
        return set(self._current().outside.findall(text)).difference(self.chars)
