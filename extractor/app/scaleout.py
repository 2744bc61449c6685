"""The per-file work on a Dask distributed cluster (`slax extract --scheduler`).

Workers run in their own working directory, often on other machines: each task carries the file's
absolute path as resolved here, or with `--ship-files` the file's bytes, for clusters that share no
file system. Either way results name the file as the user gave it, so the output equals a local run's.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Optional

from extractor.document.read import ReadError, current_limits, read_file_bytes, read_from
from extractor.models import ErrorRecord

DASK_WINDOW = 64  # files in flight on a cluster (at least two per worker thread)


def _remote(work, name: str, source, sentences: bool):
    """On the worker: ``work`` for the file called ``name``, read from ``source`` (a path or bytes)."""
    with read_from(name, source):
        return work(name, sentences)


def _task(name: str, ship: bool, max_bytes: int) -> tuple[str, object]:
    """(name, what the worker reads): the bytes when shipping, else the absolute path; or an ErrorRecord
    when the file cannot even be read here."""
    if not ship:
        return name, os.path.abspath(name)
    try:
        return name, read_file_bytes(name, max_bytes)
    except ReadError as exc:
        return name, ErrorRecord(path=name, error=exc.reason)


def run_dask(paths: Iterable[Path], scheduler, sentences: bool, work, ship_files: bool = False,
             max_bytes: Optional[int] = None) -> Iterator:
    """Results in input order; a window of futures keeps memory flat (with ``ship_files``, at most the
    window's files are held in memory at once)."""
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--scheduler needs Dask: pip install 'slax[dask]'") from None
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, set_as_default=False)
    window = max(DASK_WINDOW, 2 * sum(client.nthreads().values()))
    max_bytes = max_bytes or current_limits().max_bytes
    todo = iter(paths)
    pending: deque = deque()  # (name, future or ErrorRecord)
    try:
        while True:
            batch = [_task(str(p), ship_files, max_bytes) for _, p in zip(range(window - len(pending)), todo)
                     ] if len(pending) <= window // 2 else []
            sendable = [(name, source) for name, source in batch if not isinstance(source, ErrorRecord)]
            if sendable:  # one scheduler round trip per batch, not per file
                names, sources = zip(*sendable)
                futures = iter(client.map(_remote, [work] * len(names), names, sources,
                                          [sentences] * len(names), pure=False))
                pending.extend((name, source if isinstance(source, ErrorRecord) else next(futures))
                               for name, source in batch)
            else:
                pending.extend(batch)
            if not pending:
                return
            name, future = pending.popleft()
            if isinstance(future, ErrorRecord):
                yield future
                continue
            try:
                yield future.result()
            except Exception as exc:  # a lost worker or a pickling problem costs this file only
                yield ErrorRecord(path=name, error=f"dask: {type(exc).__name__}: {exc}")
    finally:
        for _, future in pending:
            if not isinstance(future, ErrorRecord):
                future.cancel()
        if client is not scheduler:
            client.close()
