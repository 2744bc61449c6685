"""Writers for `slax extract -o`: json, jsonl, csv, xlsx, sqlite.

Every writer streams (one result at a time) and writes atomically: rows go to a
temp file beside OUT, which replaces OUT only when the run ends (also on Ctrl-C,
so `--resume` can pick up). A crash leaves the previous OUT untouched.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from extractor.app.outpath import OutputError, output_target
from extractor.app.outputs_file import Result, Writer, write_text_atomic
from extractor.app.outputs_json import JsonlWriter, JsonWriter, json_block, json_line
from extractor.app.outputs_rows import (
    FACT_COLUMNS,
    FAMILY_COLUMNS,
    LETTER_COLUMNS,
    fact_rows,
    flatten,
    letter_row,
    spreadsheet_safe,
)
from extractor.app.outputs_sheets import CsvWriter, XlsxWriter
from extractor.app.outputs_sqlite import SqliteWriter

__all__ = ["OutputError", "Result", "Writer", "write_text_atomic", "JsonWriter", "JsonlWriter", "json_block",
           "json_line", "CsvWriter", "XlsxWriter", "SqliteWriter", "FACT_COLUMNS", "FAMILY_COLUMNS", "LETTER_COLUMNS",
           "fact_rows", "flatten", "letter_row", "spreadsheet_safe", "FORMATS_NEEDING_FILE", "SUFFIX_FORMATS",
           "open_writer"]


FORMATS_NEEDING_FILE = ("xlsx", "sqlite")
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx",
                  ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}


def open_writer(fmt: str, out: Optional[Path], *, single: bool = False, resume: bool = False,
                keep_missing: bool = False, lang: str = "en") -> Writer:
    """The writer of ``fmt``; ``lang`` (en, zh) names the xlsx sheets and headers (other formats are for
    machines and stay English)."""
    if out is not None:
        out = output_target(out)  # the one check of what may be written (no folder, device, FIFO, dangling link)
    if fmt in FORMATS_NEEDING_FILE and out is None:
        raise OutputError(f"--format {fmt} writes a file: give -o OUT")
    if resume and fmt not in ("jsonl", "sqlite"):
        raise OutputError("--resume works with jsonl or sqlite output")
    if resume and out is None:
        raise OutputError("--resume needs -o OUT (the file to resume)")
    if fmt == "json":
        return JsonWriter(out, single)
    if fmt == "jsonl":
        return JsonlWriter(out, resume, keep_missing)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "xlsx":
        return XlsxWriter(out, lang)
    if fmt == "sqlite":
        return SqliteWriter(out, resume, keep_missing)
    raise OutputError(f"unknown output format {fmt!r}")
