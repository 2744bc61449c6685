"""The spreadsheet writers: csv (one row per fact) and xlsx (Summary, letters, a sheet per family, errors: the
workbook is made in outputs_xlsx)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from extractor.app.outputs_file import Result, TextWriter
from extractor.app.outputs_rows import FACT_COLUMNS, fact_rows, safe_row
from extractor.app.outputs_xlsx import XlsxWriter
from extractor.models import ErrorRecord

__all__ = ["CsvWriter", "XlsxWriter"]


class CsvWriter(TextWriter):
    """One row per fact; UTF-8 with BOM so Excel shows Chinese text."""

    encoding = "utf-8-sig"

    def __init__(self, out: Optional[Path]):
        super().__init__(out)
        import csv

        if out is None:
            self.fh.write("\ufeff")
        self.csv = csv.DictWriter(self.fh, fieldnames=FACT_COLUMNS, lineterminator="\r\n")
        self.csv.writeheader()

    def write(self, result: Result) -> None:
        if isinstance(result, ErrorRecord):
            self.csv.writerow(safe_row({**dict.fromkeys(FACT_COLUMNS), "file": result.path, "error": result.error}))
            return
        for row in fact_rows(result):
            self.csv.writerow(safe_row(row))
