"""Run extraction over many files, in worker processes with `-j N`, results in input order.

At most `jobs * WINDOW * CHUNK` files are in flight, so memory stays flat however many
files a folder holds; patterns compile once per worker (the initializer warms them).
"""
from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from extractor.app import stop, workers
from extractor.document.read import ReadLimits, current_limits, limits_in_force
from extractor.models import Document, Encoded, ErrorRecord

Result = Union[Document, ErrorRecord, Encoded]
WINDOW = 4  # tasks in flight per worker
CHUNK = 4  # files per task
# Beyond a file's own budget, how long the parent waits before it kills a worker stuck in C code
# (a PDF library does not return to Python, so the alarm cannot fire).
GRACE = 10.0


class FileTimeout(BaseException):
    """Raised by the alarm; a BaseException so that `except Exception` in the pipeline lets it through."""


def _warm() -> None:
    # Compiling every rule file up front, once per worker, instead of on each worker's first file.
    from extractor.pipeline import extract_normalized

    extract_normalized("承诺书\n一、可用性不低于99.9%,故障响应时间不超过30分钟,违约金为月服务费的5%。承诺方:____")


@dataclass(frozen=True)
class RunOptions:
    """How a batch runs (see run()): everything but the files, whether sentences are kept and what each
    worker does with a document."""

    jobs: int = 1
    scheduler: Any = None  # a Dask scheduler address or Client: the files go to that cluster instead
    timeout: Optional[float] = None  # seconds per file; None: no limit
    limits: Optional[ReadLimits] = None  # None: current_limits()
    max_memory: Optional[int] = workers.DEFAULT_MAX_MEMORY
    ship_files: bool = False

    def run(self, paths: Iterable[Path], *, sentences: bool = False,
            work: Optional[Callable[[str, bool], Result]] = None) -> Iterator[Result]:
        return run(paths, self.jobs, sentences=sentences, work=work, scheduler=self.scheduler,
                   timeout=self.timeout, limits=self.limits, max_memory=self.max_memory, ship_files=self.ship_files)


@dataclass(frozen=True)
class WorkerOptions:
    """What each worker process is started with (pickled to it by the pool)."""

    parent_pid: int
    max_memory: Optional[int]  # bytes of address space; None: no cap


def _init_worker(options: WorkerOptions) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run and keeps what is done, workers
    # finish their file. SIGTERM must kill a worker even if the parent installed a handler before forking.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    workers.die_with_parent(options.parent_pid)
    workers.cap_memory(options.max_memory)
    _warm()


def _with_limits(work, limits: ReadLimits, path: str, sentences: bool) -> Result:
    """`work` with the run's read limits in force, in whichever process or thread runs it."""
    with limits_in_force(limits):
        return work(path, sentences)


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
    from extractor.app.api import safe_extract

    return safe_extract(path, sentences=sentences)


def encoded(encode: Callable[[Document], str], path: str, sentences: bool) -> Result:
    """`_one`, with the Document turned into its output text here, in the worker (see `Encoded`)."""
    res = _one(path, sentences)
    if isinstance(res, ErrorRecord):
        return res
    try:
        return Encoded(res.source.path, len(res.letters), encode(res))
    except Exception as exc:  # a writer bug costs this file, not the run
        stop.reraise(exc)  # an interrupt a library reported as its own error
        return ErrorRecord(path=path, error=f"internal error: cannot serialize: {type(exc).__name__}: {exc}")


def cpu_count() -> int:
    """CPUs this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def jobs_count(jobs: int, files: Optional[int] = None, notice: Callable[[str], None] = None) -> int:
    """`-j 0` means one worker per CPU; more workers than CPUs only cost memory (each holds the compiled
    rules), so a larger `jobs` is cut to the CPU count with a notice; never more workers than files."""
    cpus = cpu_count()
    count = cpus if jobs <= 0 else min(jobs, cpus)
    count = max(1, min(count, files) if files is not None else count)
    if jobs > cpus:
        (notice or _notice)(f"-j {jobs} is more than the {cpus} CPU(s) here; using {count} worker(s)")
    return count


def _notice(message: str) -> None:
    print(f"slax: note: {message}", file=sys.stderr, flush=True)


def run(paths: Iterable[Path], jobs: int = 1, *, sentences: bool = False,
        work: Optional[Callable[[str, bool], Result]] = None, scheduler=None,
        timeout: Optional[float] = None, limits: Optional[ReadLimits] = None,
        max_memory: Optional[int] = workers.DEFAULT_MAX_MEMORY, ship_files: bool = False) -> Iterator[Result]:
    """Yield one result per path, in the order of `paths`, whatever `jobs` is.

    ``scheduler`` (a Dask scheduler address such as ``tcp://10.0.0.5:8786``, or a Cluster/Client
    object) sends the files to a Dask distributed cluster instead of local processes; ``ship_files``
    sends each file's bytes with its task, for workers that do not share the file system.
    ``timeout`` (seconds per file) turns a file that takes longer into an error record "timed out after N s";
    with ``jobs > 1`` a worker stuck in C code is killed GRACE seconds later. A text too long to finish
    inside it is refused up front (ReadLimits.within). ``limits`` (default: those in force, see
    read.limits_in_force) bound what one file may cost and say which PDF engine reads; ``max_memory`` (bytes)
    caps each worker's memory, and with ``jobs == 1`` this process's while it reads: a file that needs more
    becomes an error record."""
    limits = (limits or current_limits()).within(timeout)
    work = functools.partial(_with_limits, work or _one, limits)
    if timeout:
        work = functools.partial(_timed, work, timeout=timeout)
    if scheduler is not None:
        from extractor.app.scaleout import run_dask

        yield from run_dask(paths, scheduler, sentences, work, ship_files, limits.max_bytes)
        return
    jobs = jobs_count(jobs, len(paths) if hasattr(paths, "__len__") else None)
    if jobs == 1:
        with workers.memory_capped(max_memory):
            for p in paths:
                yield work(str(p), sentences)
        return
    yield from _parallel(paths, jobs, sentences, work, timeout, WorkerOptions(os.getpid(), max_memory))


def _chunk(work, paths: list[str], sentences: bool) -> list[Result]:
    return [work(p, sentences) for p in paths]


def _task_size(paths: Iterable[Path], jobs: int) -> int:
    """Files per task: CHUNK, but one where a few files would otherwise fill only a task or two per worker. A
    scanned page costs seconds, so four scans in one task can leave the other workers idle for half the run."""
    count = len(paths) if hasattr(paths, "__len__") else None
    return CHUNK if count is None else max(1, min(CHUNK, count // (jobs * WINDOW)))


def _pool(jobs: int, options: WorkerOptions):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(options,))


def _parallel(paths: Iterable[Path], jobs: int, sentences: bool, work, timeout, options: WorkerOptions
              ) -> Iterator[Result]:
    import multiprocessing
    from concurrent.futures import TimeoutError as Stuck
    from concurrent.futures.process import BrokenProcessPool

    if multiprocessing.get_start_method() == "fork":
        _warm()  # compiled once here, inherited by every forked worker instead of compiled in each
    size = _task_size(paths, jobs)
    todo = iter(paths)
    pool = _pool(jobs, options)
    pending: deque = deque()  # (paths of one task, future)
    try:
        while True:
            while len(pending) < jobs * WINDOW:
                # A few files per task: one round trip to a worker costs about as much as a short letter.
                chunk = [str(p) for _, p in zip(range(size), todo)]
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
                    yield _alone(path, sentences, work, timeout, options)
                pool = _pool(jobs, options)
                pending = deque((c, pool.submit(_chunk, work, c, sentences)) for c, _ in pending)
                continue
            except Exception as exc:  # safe_extract catches; this is a pickling or pool problem
                for path in chunk:
                    yield ErrorRecord(path=path, error=f"internal error: {type(exc).__name__}: {exc}")
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(path: str, sentences: bool, work, timeout, options: WorkerOptions) -> Result:
    from concurrent.futures import TimeoutError as Stuck
    from concurrent.futures.process import BrokenProcessPool

    solo = _pool(1, options)
    try:
        return solo.submit(work, path, sentences).result(timeout=_budget(timeout, 1))
    except BrokenProcessPool:
        return ErrorRecord(path=path, error="worker process died while reading this file")
    except Stuck:
        _kill(solo)
        return ErrorRecord(path=path, error=f"timed out after {timeout:g} s")
    finally:
        solo.shutdown(wait=False, cancel_futures=True)
