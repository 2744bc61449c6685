"""Run extraction over many files, in worker processes with `-j N`, results in input order.

At most `jobs * WINDOW * CHUNK` files are in flight, so memory stays flat however many
files a folder holds; patterns compile once per worker (the initializer warms them).
"""
from __future__ import annotations

import functools
import os
import signal
import threading
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from .models import Document, Encoded, ErrorRecord

Result = Union[Document, ErrorRecord, Encoded]
WINDOW = 4  # tasks in flight per worker
CHUNK = 4  # files per task
DASK_WINDOW = 64  # files in flight on a cluster (at least two per worker thread)
# Beyond a file's own budget, how long the parent waits before it kills a worker stuck in C code
# (a PDF library does not return to Python, so the alarm cannot fire).
GRACE = 10.0


class FileTimeout(BaseException):
    """Raised by the alarm; a BaseException so that `except Exception` in the pipeline lets it through."""


def _warm() -> None:
    # Compiling every rule file up front, once per worker, instead of on each worker's first file.
    from .pipeline import extract_normalized

    extract_normalized("承诺书\n一、可用性不低于99.9%,故障响应时间不超过30分钟,违约金为月服务费的5%。承诺方:____")


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run and keeps what is done, workers
    # finish their file. SIGTERM must kill a worker even if the parent installed a handler before forking.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _warm()


def _timed(work, path: str, sentences: bool, *, timeout: float) -> Result:
    """`work` under a time budget: an alarm in this process's main thread, so one file cannot stall a run."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return work(path, sentences)

    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        try:  # the alarm may ring anywhere in here, even before `work` starts or as it returns
            signal.setitimer(signal.ITIMER_REAL, timeout)
            return work(path, sentences)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        return ErrorRecord(path=path, error=f"timed out after {timeout:g} s")
    finally:
        signal.signal(signal.SIGALRM, previous)


def _budget(timeout: Optional[float], files: int) -> Optional[float]:
    return None if not timeout else timeout * files + GRACE


def _kill(pool) -> None:
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.kill()


def _one(path: str, sentences: bool) -> Result:
    from .api import safe_extract

    return safe_extract(path, sentences=sentences)


def encoded(encode: Callable[[Document], str], path: str, sentences: bool) -> Result:
    """`_one`, with the Document turned into its output text here, in the worker (see `Encoded`)."""
    res = _one(path, sentences)
    if isinstance(res, ErrorRecord):
        return res
    try:
        return Encoded(res.source.path, len(res.letters), encode(res))
    except Exception as exc:  # a writer bug costs this file, not the run
        return ErrorRecord(path=path, error=f"internal error: cannot serialize: {type(exc).__name__}: {exc}")


def jobs_count(jobs: int) -> int:
    """`-j 0` means one worker per CPU."""
    return max(1, jobs if jobs > 0 else (os.cpu_count() or 1))


def run(paths: Iterable[Path], jobs: int = 1, *, sentences: bool = False,
        work: Optional[Callable[[str, bool], Result]] = None, scheduler=None,
        timeout: Optional[float] = None) -> Iterator[Result]:
    """Yield one result per path, in the order of `paths`, whatever `jobs` is.

    ``scheduler`` (a Dask scheduler address such as ``tcp://10.0.0.5:8786``, or a Cluster/Client
    object) sends the files to a Dask distributed cluster instead of local processes.
    ``timeout`` (seconds per file) turns a file that takes longer into an error record "timed out after N s";
    with ``jobs > 1`` a worker stuck in C code is killed GRACE seconds later."""
    work = work or _one
    if timeout:
        work = functools.partial(_timed, work, timeout=timeout)
    if scheduler is not None:
        yield from _dask(paths, scheduler, sentences, work)
        return
    jobs = jobs_count(jobs)
    if jobs == 1:
        for p in paths:
            yield work(str(p), sentences)
        return
    yield from _parallel(paths, jobs, sentences, work, timeout)


def _chunk(work, paths: list[str], sentences: bool) -> list[Result]:
    return [work(p, sentences) for p in paths]


def _parallel(paths: Iterable[Path], jobs: int, sentences: bool, work, timeout=None) -> Iterator[Result]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import TimeoutError as Stuck
    from concurrent.futures.process import BrokenProcessPool

    import multiprocessing

    if multiprocessing.get_start_method() == "fork":
        _warm()  # compiled once here, inherited by every forked worker instead of compiled in each
    todo = iter(paths)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker)
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
                results = future.result(timeout=_budget(timeout, len(chunk)))
            except (BrokenProcessPool, Stuck):
                # A worker died (killed, out of memory, a crash in a PDF library). Any in-flight file may
                # be the cause: the head task's files are retried alone, so only a file that kills a worker
                # by itself fails; the rest are resubmitted to a fresh pool.
                # A worker past its budget is stuck where the alarm cannot reach: killed like a crash.
                _kill(pool)
                pool.shutdown(wait=False, cancel_futures=True)
                for path in chunk:
                    yield _alone(path, sentences, work, timeout)
                pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker)
                pending = deque((c, pool.submit(_chunk, work, c, sentences)) for c, _ in pending)
                continue
            except Exception as exc:  # safe_extract catches; this is a pickling or pool problem
                for path in chunk:
                    yield ErrorRecord(path=path, error=f"internal error: {type(exc).__name__}: {exc}")
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(path: str, sentences: bool, work, timeout=None) -> Result:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import TimeoutError as Stuck
    from concurrent.futures.process import BrokenProcessPool

    solo = ProcessPoolExecutor(max_workers=1, initializer=_init_worker)
    try:
        return solo.submit(work, path, sentences).result(timeout=_budget(timeout, 1))
    except BrokenProcessPool:
        return ErrorRecord(path=path, error="worker process died while reading this file")
    except Stuck:
        _kill(solo)
        return ErrorRecord(path=path, error=f"timed out after {timeout:g} s")
    finally:
        solo.shutdown(wait=False, cancel_futures=True)


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
