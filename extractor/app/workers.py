"""What keeps a worker process in bounds: it dies with its parent, and its memory is capped.

A worker that outlives a killed parent would wait for work forever and hold its memory; a file that
needs gigabytes (a zip bomb, a huge page) must cost that file, not the machine.
"""
from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Optional

# Two gigabytes more address space than a worker starts with: a letter needs a few megabytes, a file at
# the --max-bytes limit about 200 MB (benchmarks/bounds.py), and a machine keeps room for a worker per CPU.
DEFAULT_MAX_MEMORY = 2 * 2**30
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), and watch the parent from a thread
    as well: elsewhere, and in case the parent died before the kernel was asked."""
    _ask_kernel()
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent is already gone
    threading.Thread(target=_watch, args=(parent_pid,), name="slax-parent-watch", daemon=True).start()


def _ask_kernel() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watch thread alone
        pass


def _watch(parent_pid: int) -> None:
    # An orphan is handed to init (or a subreaper): its parent pid changes.
    while os.getppid() == parent_pid:
        time.sleep(WATCH_INTERVAL)
    os.kill(os.getpid(), signal.SIGKILL)


def cap_memory(limit: Optional[int]) -> None:
    """At most ``limit`` more bytes of address space for this process than it holds now: past it, allocations
    fail with MemoryError (an error record for the file) instead of the machine swapping or the OOM killer
    picking a process. Counted from now because a forked worker starts with its parent's mappings."""
    if not limit:
        return
    try:
        import resource
    except ImportError:  # Windows: no cap
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + limit
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # no /proc: count from nothing
        return 0


@contextlib.contextmanager
def memory_capped(limit: Optional[int]):
    """``cap_memory`` for the duration of the block, then the old limit back: for -j 1, where files are
    read in this process."""
    try:
        import resource
    except ImportError:
        yield
        return
    before = resource.getrlimit(resource.RLIMIT_AS)
    cap_memory(limit)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)
