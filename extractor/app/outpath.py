"""Where `-o` may write, and one writer per output at a time.

`-o` used to replace whatever was at the path: `/dev/null`, a FIFO, a symlink (replaced by a plain file) or one of
the run's own input letters. An output is now a regular file or a new path; a symlink is followed only to a regular
file, and the file behind it is written (the link stays). A lock file beside the output keeps a second run from
writing the same output at the same time (one of the two would silently lose its results).
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Optional


class OutputError(Exception):
    """A user mistake about the output (format needs a file, cannot resume this format, unsafe path)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def shown(path) -> str:
    """A path as one line of text: control characters (a newline in a file name) are escaped."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def output_target(out: Path, inputs: Iterable[Path] = ()) -> Path:
    """The regular file that `-o out` will (re)write, or an OutputError saying why it may not."""
    _no_file_above(out)
    try:
        info = os.stat(out)  # follows a symlink
    except FileNotFoundError:
        if out.is_symlink():
            raise OutputError(f"{shown(out)}: is a symlink to a missing file; not writing through it") from None
        return out
    except OSError as exc:
        raise OutputError(f"{shown(out)}: cannot write ({exc.strerror or exc})") from None
    for test, what in _KINDS:
        if test(info.st_mode):
            raise OutputError(f"{shown(out)}: is {what}, not a regular file; -o takes a file name")
    if any(_same_file(info, path) for path in inputs):
        raise OutputError(f"{shown(out)}: is also an input; refusing to overwrite it")
    return Path(os.path.realpath(out)) if out.is_symlink() else out


def _same_file(info: os.stat_result, path: Path) -> bool:
    """Whether ``path`` is the file whose stat is ``info`` (OUT is stat'ed once, not once per input)."""
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


def _no_file_above(out: Path) -> None:
    """A file standing where one of ``out``'s folders must be is an OutputError."""
    blocker = next((p for p in (out.parent, *out.parent.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise OutputError(f"{shown(out)}: cannot write ({shown(blocker)} is a file, not a folder)")


def ensure_folder(out: Path) -> None:
    """Create the folders above ``out``."""
    _no_file_above(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{shown(out)}: cannot write ({exc.strerror or exc})") from None


class OutputLock:
    """An exclusive lock on `<out>.lock` for the whole run; a second writer gets "in use" at once.

    The lock file is removed on release. A writer that finds the file it locked already unlinked (the holder
    released it meanwhile) locks afresh, so two runs can never both believe they hold the lock."""

    def __init__(self, out: Path):
        self.path = out.with_name(out.name + ".lock")
        self.fd: Optional[int] = None

    def __enter__(self) -> OutputLock:
        import fcntl

        ensure_folder(self.path)
        for _ in range(10):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"{shown(self.path.with_suffix(''))}: cannot write "
                                  f"({exc.strerror or exc})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    raise OutputError(f"{shown(self.path.with_suffix(''))}: in use by another slax run "
                                      f"(lock {shown(self.path)})") from None
                raise
            if _still_linked(fd, self.path):
                os.write(fd, f"{os.getpid()}\n".encode())
                self.fd = fd
                return self
            os.close(fd)
        raise OutputError(f"{shown(self.path)}: could not take the output lock")

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                self.path.unlink(missing_ok=True)
            finally:
                os.close(self.fd)
                self.fd = None


def _still_linked(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
