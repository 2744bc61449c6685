"""What every writer of `slax extract -o` shares: the atomic temp file beside OUT, and the Writer protocol."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Optional, Union

from extractor.app import stop
from extractor.app.outpath import OutputError, ensure_folder, shown
from extractor.models import Document, Encoded, ErrorRecord

Result = Union[Document, ErrorRecord, Encoded]


class AtomicFile:
    """A temp file beside `path`; commit() moves it over `path`, abort() deletes it."""

    def __init__(self, path: Path, copy_existing: bool = False):
        self.path = Path(path)
        ensure_folder(self.path)
        try:  # errors name the output the user asked for, never our temp file
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{shown(self.path)}: cannot write ({exc.strerror or exc})") from None
        os.close(fd)
        self.tmp = Path(tmp)
        if copy_existing and self.path.exists():
            shutil.copyfile(self.path, self.tmp)

    def commit(self) -> None:
        try:
            if self.path.is_file():
                shutil.copymode(self.path, self.tmp)
            else:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.abort()
            raise OutputError(f"{shown(self.path)}: cannot write ({exc.strerror or exc})") from exc

    def abort(self) -> None:
        self.tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """A whole text file at once, atomically: a reader sees the old file or the new one, never half of one."""
    atomic = AtomicFile(path)
    try:
        atomic.tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        atomic.abort()
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    atomic.commit()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Writer:
    """Base: `write(result)` per file in input order, `close(commit)` once.

    A writer whose output is text per document sets `encode` (a module-level function, so worker processes
    can run it): results then arrive as `Encoded` text made in the worker."""

    resumable = False
    keep_previous = False  # set when the run must not replace OUT (its only file failed)
    encode: Optional[Callable[[Document], str]] = None

    def __init__(self, out: Optional[Path]):
        self.out = out
        self.atomic: Optional[AtomicFile] = None
        self.replaced = 0  # --resume: earlier records of this run's files, replaced by new results
        self.dropped = 0  # --resume: earlier records of files that no longer exist

    def done(self, path: str, sha256: str) -> bool:
        """True when OUT already holds a good result for this content (used by --resume)."""
        return False

    def skip(self, path: str, sha256: str) -> None:
        """Called in place of write() for a file --resume skipped."""

    def write(self, result: Result) -> None:
        raise NotImplementedError

    def close(self, commit: bool = True) -> None:
        self._finish()
        if self.atomic:
            self.atomic.commit() if commit else self.atomic.abort()

    def _finish(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # Ctrl-C keeps what was written (complete records) so --resume can continue, whatever error a library
        # made of the interrupt.
        ok = exc_type is None or issubclass(exc_type, KeyboardInterrupt) or stop.asked() is not None
        with stop.held():  # a second Ctrl-C while the output is flushed and moved into place waits for it
            self.close(commit=ok and not self.keep_previous)


class TextWriter(Writer):
    encoding = "utf-8"

    def __init__(self, out: Optional[Path]):
        super().__init__(out)
        if out is None:
            self.fh: IO[str] = sys.stdout
        else:
            self.atomic = AtomicFile(out)
            self.fh = open(self.atomic.tmp, "w", encoding=self.encoding, newline="")

    def close(self, commit: bool = True) -> None:
        self._finish()
        if self.out is None:
            self.fh.flush()
        else:
            self.fh.close()
        if self.atomic:
            self.atomic.commit() if commit else self.atomic.abort()
