"""Run extraction over many files, in worker processes with `-j N`, results in input order.

At most `jobs * WINDOW * CHUNK` files are in flight, so memory stays flat however many
files a folder holds; patterns compile once per worker (the initializer warms them).
"""
from __future__ import annotations

import os
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from .models import Document, ErrorRecord

Result = Union[Document, ErrorRecord]
WINDOW = 4  # tasks in flight per worker
CHUNK = 4  # files per task
DASK_WINDOW = 64  # files in flight on a cluster (at least two per worker thread)


def _warm() -> None:
    # Compiling every rule file up front, once per worker, instead of on each worker's first file.
    from .pipeline import extract_normalized

    extract_normalized("承诺书\n一、可用性不低于99.9%,故障响应时间不超过30分钟,违约金为月服务费的5%。承诺方:____")


def _one(path: str, sentences: bool) -> Result:
    from .api import safe_extract

    return safe_extract(path, sentences=sentences)


def jobs_count(jobs: int) -> int:
    """`-j 0` means one worker per CPU."""
    return max(1, jobs if jobs > 0 else (os.cpu_count() or 1))


def run(paths: Iterable[Path], jobs: int = 1, *, sentences: bool = False,
        work: Optional[Callable[[str, bool], Result]] = None, scheduler=None) -> Iterator[Result]:
    """Yield one result per path, in the order of `paths`, whatever `jobs` is.

    ``scheduler`` (a Dask scheduler address such as ``tcp://10.0.0.5:8786``, or a Cluster/Client
    object) sends the files to a Dask distributed cluster instead of local processes."""
    work = work or _one
    if scheduler is not None:
        yield from _dask(paths, scheduler, sentences, work)
        return
    jobs = jobs_count(jobs)
    if jobs == 1:
        for p in paths:
            yield work(str(p), sentences)
        return
    yield from _parallel(paths, jobs, sentences, work)


def _chunk(work, paths: list[str], sentences: bool) -> list[Result]:
    return [work(p, sentences) for p in paths]


def _parallel(paths: Iterable[Path], jobs: int, sentences: bool, work) -> Iterator[Result]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    import multiprocessing

    if multiprocessing.get_start_method() == "fork":
        _warm()  # compiled once here, inherited by every forked worker instead of compiled in each
    todo = iter(paths)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm)
    pending: deque = deque()  # (paths of one task, future)
    try:
        while True:
            while len(pending) < jobs * WINDOW:
                # A few files per task: one round trip to a worker costs about as much as a short letter.
                chunk = [str(p) for _, p in zip(range(CHUNK), todo)]
                if not chunk:
                    break
                pending.append((chunk, pool.submit(_chunk, work, chunk, sentences)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory, a crash in a PDF library). Any in-flight file may
                # be the cause: the head task's files are retried alone, so only a file that kills a worker
                # by itself fails; the rest are resubmitted to a fresh pool.
                pool.shutdown(wait=False, cancel_futures=True)
                for path in chunk:
                    yield _alone(path, sentences, work)
                pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm)
                pending = deque((c, pool.submit(_chunk, work, c, sentences)) for c, _ in pending)
            except Exception as exc:  # safe_extract catches; this is a pickling or pool problem
                for path in chunk:
                    yield ErrorRecord(path=path, error=f"internal error: {type(exc).__name__}: {exc}")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(path: str, sentences: bool, work) -> Result:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            return solo.submit(work, path, sentences).result()
        except BrokenProcessPool:
            return ErrorRecord(path=path, error="worker process died while reading this file")


def _dask(paths: Iterable[Path], scheduler, sentences: bool, work) -> Iterator[Result]:
    """The same per-file work on a Dask cluster; a window of futures keeps memory flat, results come in order."""
    try:
        from distributed import Client
    except ImportError:
        raise RuntimeError("--scheduler needs Dask: pip install 'slax[dask]'") from None
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, set_as_default=False)
    window = max(DASK_WINDOW, 2 * sum(client.nthreads().values()))
    todo = iter(paths)
    pending: deque = deque()
    try:
        while True:
            batch = [str(p) for _, p in zip(range(window - len(pending)), todo)] if len(pending) <= window // 2 else []
            if batch:  # one scheduler round trip per batch, not per file
                pending.extend(zip(batch, client.map(work, batch, [sentences] * len(batch), pure=False)))
            if not pending:
                return
            path, future = pending.popleft()
            try:
                yield future.result()
            except Exception as exc:  # a lost worker or a pickling problem costs this file only
                yield ErrorRecord(path=path, error=f"dask: {type(exc).__name__}: {exc}")
    finally:
        for _, future in pending:
            future.cancel()
        if client is not scheduler:
            client.close()
