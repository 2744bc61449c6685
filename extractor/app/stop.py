"""A stop asked of this process (Ctrl-C, SIGTERM), remembered for the rest of the run.

The handler raises KeyboardInterrupt so the run unwinds, but a library may catch it and raise its own error
instead (pydantic's JSON serializer reports one as a PydanticSerializationError). Writers and the CLI therefore ask
`asked()`, not the exception's type, whether to keep what was written and to exit as interrupted."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Optional

_signals: list[int] = []
_held = 0  # depth of `held()` sections running now


def ask(signum: int, frame=None) -> None:
    """The signal handler: remember the signal, then unwind like Ctrl-C (at once, or when the step in hand ends)."""
    _signals.append(signum)
    if not _held:
        raise KeyboardInterrupt


@contextmanager
def held() -> Iterator[None]:
    """A step an interrupt must not cut in two: a record written and counted, an output committed. A stop asked
    inside it unwinds the run as soon as the step is complete, so the message "N of M written" counts exactly the
    records in the output and no buffered record is dropped half-flushed."""
    global _held
    before = len(_signals)
    _held += 1
    try:
        yield
    finally:
        _held -= 1
    if not _held and len(_signals) > before:
        raise KeyboardInterrupt


def asked() -> Optional[int]:
    """The first stop signal received since `forget()`, if any."""
    return _signals[0] if _signals else None


def reraise(exc: BaseException) -> None:
    """Raise KeyboardInterrupt (from ``exc``) when a stop was asked: a caught error is then the interrupt a library
    reported as its own, and the run must stop instead of recording a failed file."""
    if asked() is not None:
        raise KeyboardInterrupt from exc


def forget() -> None:
    """A new run (the CLI's `main` may be called more than once in one process)."""
    _signals.clear()
