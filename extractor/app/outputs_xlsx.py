"""The workbook of `slax extract -o OUT.xlsx`, made for people: a Summary sheet first (one row per letter, its
cells linked to the letter's rows in the other sheets), then the letters, a sheet per family and the errors.

Every sheet has a bold header row that stays in view, a filter on every column, columns as wide as what they
hold (a Chinese character counts two) up to a cap past which long text wraps, fractions shown as percentages
and money with thousands separators; an empty figure is an empty cell. Names and headers come from
locale/sheet.toml in the language asked for.

openpyxl's write-only sheets stream from the top, and the column widths come before the first row: so rows
are spooled to temp files as results arrive, their widths measured on the way, and the workbook is streamed
from the spools when the run ends. Memory stays flat however many letters a run holds.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

from extractor.app.i18n import LANGS, catalogue, t
from extractor.app.outpath import OutputError
from extractor.app.outputs_file import AtomicFile, Result, Writer
from extractor.app.outputs_rows import FAMILY_COLUMNS, LETTER_COLUMNS, fact_rows, letter_row, spreadsheet_safe
from extractor.families import BLANK_MARK
from extractor.models import Document, ErrorRecord, Letter

SUMMARY_COLUMNS = ("file", "letter", "title", "parties", "availability", "response", "recovery", "penalty", "blanks")
# The tabs, in order; the Summary opens first.
SHEETS = ("summary", "letters", *FAMILY_COLUMNS, "errors")
# Which sheet each Summary cell links to: the letter's first row there (the letter cell: its row of `letters`).
SUMMARY_LINKS = {"letter": "letters", "parties": "parties", "availability": "availability", "response": "timings",
                 "recovery": "timings", "penalty": "penalties", "blanks": "blanks"}
# What the text summaries (extractor.app.render.summarize) print when there is nothing: in a cell, nothing.
PLACEHOLDERS = ("—", BLANK_MARK)

PERCENT = "0.0##%"  # 99.9%, 99.95%, 5.0%: as many decimals as the figure has, up to three
MONEY = "#,##0.00"
# Columns holding a fraction (shown as a percentage) or an amount of money, by sheet. The availability sheet's
# value is a fraction only for the availability metric (uptime_hours counts hours): see _number_format.
PERCENT_COLUMNS = {"summary": {"availability"}, "letters": {"availability"},
                   "penalties": {"rate", "band_low", "band_high"}}
MONEY_COLUMNS = {"penalties": {"amount"}}

# Widths in Excel's units (about one Latin character; a Chinese one takes two). Prose columns may grow wider
# than the rest before their text wraps.
PROSE = frozenset({"file", "title", "parties", "penalty", "main_penalty", "text", "context", "error", "trigger",
                   "subject", "base", "cap", "event", "name", "promisor"})
PROSE_WIDTH, OTHER_WIDTH, MIN_WIDTH = 60, 30, 6
HEADER_PAD = 4  # the header also holds the filter's drop-down button


def column_cap(column: str) -> int:
    return PROSE_WIDTH if column in PROSE else OTHER_WIDTH


def sheet_columns(sheet: str) -> tuple[str, ...]:
    if sheet == "summary":
        return SUMMARY_COLUMNS
    if sheet == "letters":
        return LETTER_COLUMNS
    if sheet == "errors":
        return ("file", "error")
    return ("file", "letter", "clause") + FAMILY_COLUMNS[sheet]


def header(sheet: str, column: str, lang: str) -> str:
    """The column's header in ``lang``; a column the catalogue does not know yet keeps its name (a run never
    fails at its end for a header; tests/test_xlsx.py checks that every column has one)."""
    entry = catalogue().get(f"sheet.col_summary_{column}" if sheet == "summary" else f"sheet.col_{column}")
    return entry[lang] if entry else column


def display_width(value) -> int:
    """How many columns of Excel's width the value takes: a wide (CJK) character counts two; for text over
    several lines, its longest line."""
    if isinstance(value, bool):
        return 5
    if isinstance(value, float):
        text = f"{value:,.2f}" if abs(value) >= 1000 else f"{value:.4g}%"
    else:
        text = str(value)
    if text.isascii():
        return max(map(len, text.split("\n")))
    from rich.cells import cell_len  # the terminal tables' measure (render.header_width): CJK takes two

    return max(map(cell_len, text.split("\n")))


def summary_row(doc: Document, letter: Letter, lang: str) -> dict:
    """The letter at a glance: its parties, availability, fastest response and recovery (minutes), headline
    penalty and number of blanks."""
    from extractor.app.render import summarize

    s = summarize(letter)
    first: dict = {}  # the first party of each role: a long letter read in pieces may name them again
    for p in letter.parties:
        first.setdefault(p.role, p)
    parties = "; ".join(f"{p.label}: {p.name or t('sheet.blank_name', lang)}" for p in first.values())
    return {"file": doc.source.path, "letter": letter.index, "title": letter.title, "parties": parties or None,
            "availability": s["availability_value"], "response": s["response_minutes"],
            "recovery": s["recovery_minutes"], "penalty": s["penalty"], "blanks": s["blanks"]}


def cell_value(value):
    """What a cell holds: no placeholder, no character XML forbids, no text Excel would run as a formula."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if value in PLACEHOLDERS:
            return None
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


class _Spool:
    """One sheet's rows in a temp file, in order, with the widest value of each column."""

    def __init__(self, columns: tuple[str, ...]):
        self.columns = columns
        self.file = tempfile.TemporaryFile(prefix="slax-xlsx-")
        self.rows = 0
        self.widths = [0] * len(columns)
        self.caps = [column_cap(col) for col in columns]

    def add(self, row: dict, links: Optional[dict] = None) -> int:
        """Spool a row; returns its row number in the sheet (the header is row 1)."""
        values = [cell_value(row.get(col)) for col in self.columns]
        pickle.dump((values, links), self.file, protocol=pickle.HIGHEST_PROTOCOL)
        for i, value in enumerate(values):
            if value is not None and self.widths[i] < self.caps[i]:  # a column at its cap grows no wider
                self.widths[i] = max(self.widths[i], display_width(value))
        self.rows += 1
        return self.rows + 1

    def __iter__(self) -> Iterator[tuple[list, Optional[dict]]]:
        self.file.seek(0)
        while True:
            try:
                yield pickle.load(self.file)  # our own temp file, written above
            except EOFError:
                return

    def close(self) -> None:
        self.file.close()


class XlsxWriter(Writer):
    """Summary, letters, one sheet per family and errors; names and headers in ``lang`` (en or zh)."""

    def __init__(self, out: Path, lang: str = "en"):
        super().__init__(out)
        if lang not in LANGS:
            raise OutputError(f"unknown language {lang!r} (use one of: {', '.join(LANGS)})")
        self.lang = lang
        self.spools = {sheet: _Spool(sheet_columns(sheet)) for sheet in SHEETS}
        self.atomic = self.file = AtomicFile(out)

    def write(self, result: Result) -> None:
        if isinstance(result, ErrorRecord):
            self.spools["errors"].add({"file": result.path, "error": result.error})
            return
        assert isinstance(result, Document)  # no `encode`: workers send documents
        first: dict[tuple[int, str], int] = {}  # (letter, sheet) -> the letter's first row there
        for row in fact_rows(result):
            at = self.spools[row["family"]].add(row)
            first.setdefault((row["letter"], row["family"]), at)
        for letter in result.letters:
            first[(letter.index, "letters")] = self.spools["letters"].add(letter_row(result, letter))
            links = {col: (sheet, first[(letter.index, sheet)]) for col, sheet in SUMMARY_LINKS.items()
                     if (letter.index, sheet) in first}
            self.spools["summary"].add(summary_row(result, letter, self.lang), links)

    def close(self, commit: bool = True) -> None:
        try:
            if commit:
                self._save()
        except BaseException:
            self.file.abort()
            raise
        finally:
            for spool in self.spools.values():
                spool.close()
        super().close(commit)

    def _save(self) -> None:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        names = {sheet: t(f"sheet.tab_{sheet}", self.lang) for sheet in SHEETS}
        for sheet in SHEETS:
            _SheetMaker(wb.create_sheet(names[sheet]), sheet, self.spools[sheet], self.lang, names).write()
        wb.save(self.file.tmp)


class _SheetMaker:
    """Streams one spooled sheet into a write-only worksheet: layout first, then the header and the rows."""

    def __init__(self, ws, sheet: str, spool: _Spool, lang: str, names: dict[str, str]):
        from openpyxl.styles import Alignment, Font

        self.ws, self.sheet, self.spool, self.names = ws, sheet, spool, names
        self.headers = [header(sheet, col, lang) for col in spool.columns]
        self.widths = [self._width(col, head, w) for col, head, w in zip(spool.columns, self.headers, spool.widths)]
        self.bold, self.link_font = Font(bold=True), Font(color="0563C1", underline="single")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.kind_at = spool.columns.index("kind") if "kind" in spool.columns else None

    @staticmethod
    def _width(column: str, head: str, widest: int) -> float:
        return max(MIN_WIDTH, min(column_cap(column), max(widest + 2, display_width(head) + HEADER_PAD)))

    def write(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        ws = self.ws
        for i, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"  # the header row stays in view
        ws.auto_filter.ref = f"A1:{get_column_letter(len(self.widths))}{self.spool.rows + 1}"
        heads = [WriteOnlyCell(ws, value=head) for head in self.headers]
        for cell in heads:
            cell.font, cell.data_type = self.bold, "s"
        ws.append(heads)
        for values, links in self.spool:
            ws.append(self._cells(values, links or {}))

    def _cells(self, values: list, links: dict) -> list:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.worksheet.hyperlink import Hyperlink

        cells: list = []
        for i, (column, value) in enumerate(zip(self.spool.columns, values)):
            link = links.get(column)
            fmt = self._number_format(column, values)
            if value is None or not (isinstance(value, str) or fmt or link):
                cells.append(value)  # a plain number or an empty cell needs no cell object
                continue
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text from a letter is never a formula
                if self._too_wide(value, self.widths[i] - 2):
                    cell.alignment = self.wrap
            if fmt:
                cell.number_format = fmt
            if link:
                sheet, row = link
                cell.hyperlink = Hyperlink(ref="", location=f"'{self.names[sheet]}'!A{row}")
                cell.font = self.link_font
            cells.append(cell)
        return cells

    @staticmethod
    def _too_wide(text: str, room: float) -> bool:
        if "\n" in text or len(text) > room:
            return True
        return 2 * len(text) > room and display_width(text) > room  # only then can wide characters matter

    def _number_format(self, column: str, values: list) -> Optional[str]:
        if column in MONEY_COLUMNS.get(self.sheet, ()):
            return MONEY
        if column in PERCENT_COLUMNS.get(self.sheet, ()):
            return PERCENT
        if self.sheet == "availability" and column == "value" and self.kind_at is not None \
                and values[self.kind_at] == "availability":
            return PERCENT
        return None
