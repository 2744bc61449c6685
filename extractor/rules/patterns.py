"""Locate and load the declarative rule files in ``patterns/``, once per process."""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import regex


class PatternError(ValueError):
    """A pattern file is malformed: the message names the file and the rule."""


@functools.cache  # every compile_rule asks: Path.resolve reads the file system each time
def patterns_dir() -> Path:
    # Installed wheels carry the files inside the package (hatch force-include);
    # a source checkout or editable install reads the top-level folder.
    package = Path(__file__).resolve().parent.parent
    packaged = package / "patterns"
    if packaged.is_dir():
        return packaged
    return package.parent / "patterns"


@functools.cache
def load(name: str) -> dict:
    from extractor.rules import rulecache

    path = patterns_dir() / f"{name}.toml"
    # Parsing the rule files costs about 60 ms a start; the rule cache keeps them parsed (its file is named by a
    # hash of every rule file, so a parsed file is never stale).
    return rulecache.parsed(path, _parse)


def _parse(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PatternError(f"{path}: pattern file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"{path}: {exc}") from None


def compile_rule(source: str, pattern: str, flags: int = 0) -> regex.Pattern:
    from extractor.rules import rulecache

    try:
        return rulecache.compile(pattern, flags, patterns_dir())
    except regex.error as exc:
        raise PatternError(f"{source}: bad regex {pattern!r}: {exc}") from None
