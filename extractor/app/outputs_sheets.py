"""The spreadsheet writers: csv (one row per fact) and xlsx (a letters sheet, a sheet per family, errors)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from extractor.app.outputs_file import AtomicFile, Result, TextWriter, Writer
from extractor.app.outputs_rows import (
    FACT_COLUMNS,
    FAMILY_COLUMNS,
    LETTER_COLUMNS,
    fact_rows,
    letter_row,
    safe_row,
    spreadsheet_safe,
)
from extractor.models import ErrorRecord


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


class XlsxWriter(Writer):
    """A `letters` sheet, one sheet per family and an `errors` sheet (openpyxl write-only, streamed)."""

    def __init__(self, out: Path, lang: str = "en"):
        super().__init__(out)
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self.sheets = {}
        for name, cols in [("letters", LETTER_COLUMNS)] + [
                (f, ("file", "letter", "clause") + c) for f, c in FAMILY_COLUMNS.items()] + [
                ("errors", ("file", "error"))]:
            ws = self.wb.create_sheet(name)
            ws.append(list(cols))
            self.sheets[name] = (ws, cols)
        self.atomic = AtomicFile(out)

    def _append(self, sheet: str, row: dict) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        ws, cols = self.sheets[sheet]
        cells = []
        for col in cols:
            value = row.get(col)
            if isinstance(value, str):
                value = spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text from a letter is never a formula
            cells.append(cell)
        ws.append(cells)

    def write(self, result: Result) -> None:
        if isinstance(result, ErrorRecord):
            self._append("errors", {"file": result.path, "error": result.error})
            return
        for letter in result.letters:
            self._append("letters", letter_row(result, letter))
        for row in fact_rows(result):
            self._append(row["family"], row)

    def _finish(self) -> None:
        self.wb.save(self.atomic.tmp)
