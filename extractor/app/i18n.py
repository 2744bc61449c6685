"""What a person reads, in their language: ``--lang zh|en`` and the message catalogues in ``app/locale/``.

Machine output (JSON, JSONL, SQLite keys and enum values) stays English: the schema is the contract. Everything a
person reads (table headers, kinds and directions, sheet names, report text, messages) goes through ``t``.

A catalogue is a TOML file per area, ``locale/<area>.toml``; each key holds both languages, so a message can never
exist in one language only::

    [stricter]
    en = "stricter"
    zh = "更严"

and is looked up as ``t("<area>.<key>", lang)``; a table of tables groups keys (``[timings.response]`` in
``kind.toml`` is ``kind.timings.response``). ``{name}`` fields are filled from keyword arguments and must be
the same in both languages (checked on load).
"""
from __future__ import annotations

import functools
import os
import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

LANGS = ("en", "zh")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class CatalogueError(ValueError):
    """A catalogue file is malformed: the message names the file and the key."""


def default_lang(environ: Mapping[str, str] = os.environ) -> str:
    """zh when the locale the environment asks for is Chinese, else en (gettext's order: LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG; the first one set decides)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def resolve_lang(option: Optional[str], environ: Mapping[str, str] = os.environ) -> str:
    """The language to use: the ``--lang`` option when given, else the environment's."""
    if option:
        if option not in LANGS:
            raise ValueError(f"unknown language {option!r} (use one of: {', '.join(LANGS)})")
        return option
    return default_lang(environ)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _load_file(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path.name}: {exc}") from None
    return _entries(path, data)


def _entries(path: Path, data: dict, group: str = "") -> dict[str, dict[str, str]]:
    """The messages of a catalogue's table: a table holding the languages is a message; one holding only tables
    is a group (``[timings.response]`` is the message ``kind.timings.response``)."""
    entries = {}
    for key, texts in data.items():
        name = f"{group}{key}"
        where = f"{path.name}: [{name}]"
        if isinstance(texts, dict) and texts and all(isinstance(v, dict) for v in texts.values()):
            entries.update(_entries(path, texts, f"{name}."))
            continue
        if not isinstance(texts, dict) or set(texts) != set(LANGS):
            raise CatalogueError(f"{where}: needs exactly the languages {', '.join(LANGS)}")
        if not all(isinstance(v, str) and v for v in texts.values()):
            raise CatalogueError(f"{where}: every language needs a non-empty string")
        if _fields(texts["en"]) != _fields(texts["zh"]):
            raise CatalogueError(f"{where}: the {{fields}} differ between languages")
        entries[f"{path.stem}.{name}"] = texts
    return entries


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message, ``"<area>.<key>" -> {"en": ..., "zh": ...}``, validated once per process."""
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.toml")):
        entries.update(_load_file(path))
    return entries


def t(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``key`` in ``lang``; a missing key is a bug and raises KeyError naming it."""
    try:
        text = catalogue()[key][lang]
    except KeyError:
        raise KeyError(f"no message {key!r} in language {lang!r}") from None
    return text.format(**fields) if fields else text


def label(area: str, value: Optional[str], lang: str) -> Optional[str]:
    """The label of an English value (a kind, a direction, a column) in ``lang``; the value itself when the
    catalogue has no entry for it (a kind the rules learned after the catalogue was written still shows)."""
    if value is None:
        return None
    entry = catalogue().get(f"{area}.{value}")
    return entry[lang] if entry else value
