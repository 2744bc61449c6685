"""Temp files that killed runs left beside their output (`.OUT.XXXXXXXX.tmp`, outputs_file.AtomicFile's names).

A run that is SIGKILLed (or loses power) cannot remove its temp file; the next run writing the same
output removes it. A temp file is only taken for dead when no process has it open and it has not been
touched for STALE_SECONDS: every writer either holds its temp file open while it runs (jsonl, csv,
sqlite) or writes it whole at the end by name (json, xlsx), so a concurrent run's file is never lost.
Where open files cannot be listed (no /proc), only files a day old are removed.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

STALE_SECONDS = 60  # covers the moment between creating a temp file and opening it
STALE_SECONDS_WITHOUT_PROC = 24 * 3600


def stale_temps(output: Path) -> list[Path]:
    """The temp files of earlier runs of ``output`` that no live process holds."""
    pattern = f".{output.name}.*.tmp"
    candidates = [p for p in output.parent.glob(pattern) if p.is_file() and not p.is_symlink()]
    if not candidates:
        return []
    held = _open_files()
    age = STALE_SECONDS if held is not None else STALE_SECONDS_WITHOUT_PROC
    now = time.time()
    return [p for p in candidates
            if now - p.stat().st_mtime > age and (held is None or _identity(p) not in held)]


def remove_stale_temps(output: Path) -> list[Path]:
    removed = []
    for p in stale_temps(output):
        try:
            p.unlink()
            removed.append(p)
        except OSError:  # another run removed it first, or no permission: not this run's business
            pass
    return removed


def _identity(p: Path) -> tuple[int, int]:
    st = p.stat()
    return st.st_dev, st.st_ino


def _open_files() -> set[tuple[int, int]] | None:
    """(device, inode) of every file some process has open, from /proc; None where that cannot be seen."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return None
    found = set()
    for pid in os.listdir(proc):
        if not pid.isdigit():
            continue
        try:
            fds = os.scandir(proc / pid / "fd")
        except OSError:  # gone, or not ours to look at
            continue
        with fds:
            for fd in fds:
                try:
                    st = os.stat(fd.path)
                except OSError:
                    continue
                found.add((st.st_dev, st.st_ino))
    return found
