"""Compiled rules kept between runs.

`regex` parses a pattern in Python, so compiling the ~300 rules of ``patterns/`` costs about 0.15 s on
every start: a third of a short command's time and the part of a `-j N` run that does not get faster with
more workers. A compiled `regex` pattern pickles with its compiled code (not its source), so reading them
back takes a few milliseconds; the rule files are kept parsed too (``parsed``: 60 ms of TOML a start). The file
is named by a hash of the pattern files, the `regex` version and the Python version; each entry is keyed by its
exact pattern and flags, so a stale entry is never used.

``SLAX_CACHE_DIR`` moves the cache (default ``$XDG_CACHE_HOME/slax`` or ``~/.cache/slax``); ``SLAX_CACHE=0``
turns it off. A cache that is missing, unreadable, corrupt or writable by other users is ignored.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Optional

import regex

KEEP = 4  # cache files kept per directory (other installs or pattern versions); older ones are removed
# What an entry holds; a new format gets a new file, so that an older file (compiled rules without their
# keyword prefilters) is not read and left incomplete forever by workers that may not write it.
FORMAT = "compiled+words2+parts+facts+toml"  # words2: unions of branches up to MAX_BRANCH_WORDS (prefilter.py)

_entries: Optional[dict] = None
_path: Optional[Path] = None
_dirty = False
_owner = 0  # the process that loaded the cache writes it; forked workers inherit it read-only


def cache_dir() -> Optional[Path]:
    if os.environ.get("SLAX_CACHE", "1").strip().lower() in ("0", "off", "no", "false"):
        return None
    if os.environ.get("SLAX_CACHE_DIR"):
        return Path(os.environ["SLAX_CACHE_DIR"])
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "slax"
    except RuntimeError:  # no home directory (a service account): run without the cache
        return None


def cache_name(rules_dir: Path) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{regex.__version__}|{sys.version}".encode())
    for path in sorted(rules_dir.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"rules-{digest.hexdigest()[:16]}.pickle"


def _trusted(path: Path) -> bool:
    st = path.stat()
    return not hasattr(os, "getuid") or (st.st_uid == os.getuid() and not st.st_mode & 0o022)


def _load(path: Path) -> dict:
    try:
        if not _trusted(path):
            return {}
        with path.open("rb") as fh:
            entries = pickle.load(fh)
    except Exception:  # missing, truncated, written by another version: compile afresh
        return {}
    from extractor.rules.prefilter import Words

    if not isinstance(entries, dict) or not all(isinstance(p, (regex.Pattern, Words, bytes, bool, tuple))
                                                for p in entries.values()):
        return {}
    return entries


def _open(rules_dir: Path) -> dict:
    global _entries, _path, _owner
    if _entries is None:
        folder = cache_dir()
        _path = folder / cache_name(rules_dir) if folder else None
        _entries = _load(_path) if _path else {}
        _owner = os.getpid()
        if _path:
            atexit.register(save)
    return _entries


def compile(pattern: str, flags: int, rules_dir: Path) -> regex.Pattern:
    """`regex.compile`, through the cache of the rule files in ``rules_dir``."""
    global _dirty
    entries = _open(rules_dir)
    compiled = entries.get((pattern, flags))
    if compiled is None:
        compiled = entries[(pattern, flags)] = regex.compile(pattern, flags)
        _dirty = True
        prefilter(pattern, compiled.flags)  # now, so that the cache file holds it from the first run
    return compiled


def prefilter(pattern: str, flags: int):
    """The keyword prefilter of a pattern compiled with ``flags`` (its compiled ``.flags``; prefilter.analyse),
    kept in the cache beside the compiled rules: it parses the pattern once more, which a warm start should
    not pay for."""
    global _dirty
    from extractor.rules.patterns import patterns_dir
    from extractor.rules.prefilter import analyse

    entries = _open(patterns_dir())
    key = ("words", pattern, flags)
    found = entries.get(key)
    if found is None:
        found = entries[key] = analyse(pattern, flags)
        _dirty = True
    return found


def remembered(kind: str, pattern: regex.Pattern, compute: Callable[[regex.Pattern], bool | tuple]) -> bool | tuple:
    """``compute(pattern)``, a fact read from the pattern's parse tree (``kind`` names it: prefilter.word_list,
    prefilter.reads_only_its_match), kept in the cache: parsing a long pattern again costs milliseconds, and a
    process asks about a few dozen of them."""
    global _dirty
    from extractor.rules.patterns import patterns_dir

    entries = _open(patterns_dir())
    key = (kind, pattern.pattern, pattern.flags)
    found = entries.get(key)
    if found is None:
        found = entries[key] = compute(pattern)
        _dirty = True
    return found


def parsed(path: Path, parse: Callable[[Path], dict]) -> dict:
    """``parse(path)``: a rule file of ``patterns/`` read into a dict, through the cache. Kept pickled, so that
    each call returns a new dict: a caller that changes its copy changes neither the cache nor the next run."""
    global _dirty
    entries = _open(path.parent)
    key = ("toml", path.name)
    found = entries.get(key)
    if not isinstance(found, bytes):
        data = parse(path)
        entries[key] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        _dirty = True
        return data
    return pickle.loads(found)


def save() -> None:
    """Write the cache if this process compiled something new (atomically; errors only cost speed)."""
    global _dirty
    if not (_dirty and _path and _entries) or os.getpid() != _owner:
        return
    tmp = None
    try:
        _path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=_path.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(_entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path)
        tmp, _dirty = None, False
        old = sorted(_path.parent.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
