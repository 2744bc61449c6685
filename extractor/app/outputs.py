"""Writers for `slax extract -o`: json, jsonl, csv, xlsx, sqlite.

Every writer streams (one result at a time) and writes atomically: rows go to a
temp file beside OUT, which replaces OUT only when the run ends (also on Ctrl-C,
so `--resume` can pick up). A crash leaves the previous OUT untouched.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterator, Optional, Union

from extractor.models import Document, Encoded, ErrorRecord, Letter
from extractor.app.outpath import OutputError, ensure_folder, output_target, shown

Result = Union[Document, ErrorRecord, Encoded]
FAMILIES = ("availability", "timings", "penalties", "blanks", "parties")

# One row per fact; the union of every family's fields so one CSV / SQL table holds them all.
FACT_COLUMNS = (
    "file", "sha256", "letter", "title", "clause", "family", "kind", "value", "unit", "minutes", "comparator",
    "tier", "event", "hours", "period", "subject", "trigger", "rate", "base", "amount", "currency", "per", "cap",
    "band_low", "band_high", "blank", "label", "name", "text", "span_start", "span_end", "page", "line", "rule",
    "context", "error",
)
# Columns each family's xlsx sheet shows (after file/letter/clause).
FAMILY_COLUMNS = {
    "availability": ("kind", "value", "comparator", "period", "subject", "blank", "text", "page", "rule"),
    "timings": ("kind", "event", "tier", "value", "unit", "minutes", "comparator", "hours", "blank", "text", "page",
                "rule"),
    "penalties": ("kind", "trigger", "rate", "base", "amount", "currency", "per", "cap", "band_low", "band_high",
                  "blank", "text", "page", "rule"),
    "blanks": ("label", "kind", "text", "page", "line", "context"),
    "parties": ("kind", "label", "name", "blank", "text", "page"),
}
LETTER_COLUMNS = ("file", "sha256", "letter", "title", "truncated", "promisor", "availability", "response_minutes",
                  "recovery_minutes", "main_penalty", "blanks")


# ---------------------------------------------------------------- flattening

def fact_rows(doc: Document) -> Iterator[dict]:
    """Every fact of every letter as a flat dict over FACT_COLUMNS."""
    for letter in doc.letters:
        base = {"file": doc.source.path, "sha256": doc.source.sha256, "letter": letter.index, "title": letter.title}
        for family in FAMILIES:
            for fact in getattr(letter, family):
                yield {**flatten(family, fact), **base}


def flatten(family: str, fact) -> dict:
    d = fact.model_dump(mode="json")
    row = dict.fromkeys(FACT_COLUMNS)
    row.update({k: d.get(k) for k in ("clause", "kind", "value", "unit", "minutes", "comparator", "tier", "event", "hours",
                                  "period", "subject", "trigger", "rate", "base", "per", "cap", "label", "name",
                                  "text", "rule", "line", "context")})
    row["family"] = family
    row["blank"] = bool(d.get("blank", family == "blanks"))
    row["span_start"], row["span_end"], row["page"] = d["span"]["start"], d["span"]["end"], d["span"].get("page")
    if family == "availability":
        row["kind"] = fact.metric
    elif family == "parties":
        row["kind"] = fact.role
    elif family == "penalties":
        amount = fact.amount or (fact.range.high or fact.range.low if fact.range else None)
        if amount is not None:
            row["amount"], row["currency"] = amount.value, amount.currency
        row["value"] = fact.rate if fact.rate is not None else row["amount"]
        if fact.band is not None:
            row["band_low"], row["band_high"] = fact.band.low, fact.band.high
    return row


def letter_row(doc: Document, letter: Letter) -> dict:
    from extractor.app.render import summarize

    s = summarize(letter)
    return {"file": doc.source.path, "sha256": doc.source.sha256, "letter": letter.index, "title": letter.title,
            "truncated": letter.truncated, "promisor": s["promisor"], "availability": s["availability_value"],
            "response_minutes": s["response_minutes"], "recovery_minutes": s["recovery_minutes"],
            "main_penalty": s["penalty"], "blanks": s["blanks"]}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell value Excel cannot run: text starting like a formula gets a leading ' (the OWASP CSV-injection rule).

    A party name `=1+2*3` or `@SUM(A1)` from a letter must stay text in CSV and XLSX; numbers are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_row(row: dict) -> dict:
    return {k: spreadsheet_safe(v) for k, v in row.items()}


# ---------------------------------------------------------------- atomic file

class _Atomic:
    """A temp file beside `path`; commit() moves it over `path`, abort() deletes it."""

    def __init__(self, path: Path, copy_existing: bool = False):
        self.path = Path(path)
        ensure_folder(self.path)
        try:  # errors name the output the user asked for, never our temp file
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise OutputError(f"{shown(self.path)}: cannot write ({exc.strerror or exc})") from None
        os.close(fd)
        self.tmp = Path(tmp)
        if copy_existing and self.path.exists():
            shutil.copyfile(self.path, self.tmp)

    def commit(self) -> None:
        try:
            if self.path.is_file():
                shutil.copymode(self.path, self.tmp)
            else:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.abort()
            raise OutputError(f"{shown(self.path)}: cannot write ({exc.strerror or exc})") from exc

    def abort(self) -> None:
        self.tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """A whole text file at once, atomically: a reader sees the old file or the new one, never half of one."""
    atomic = _Atomic(path)
    try:
        atomic.tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        atomic.abort()
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    atomic.commit()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- writers

class Writer:
    """Base: `write(result)` per file in input order, `close(commit)` once.

    A writer whose output is text per document sets `encode` (a module-level function, so worker processes
    can run it): results then arrive as `Encoded` text made in the worker."""

    resumable = False
    keep_previous = False  # set when the run must not replace OUT (its only file failed)
    encode: Optional[Callable[[Document], str]] = None

    def __init__(self, out: Optional[Path]):
        self.out = out
        self.atomic: Optional[_Atomic] = None
        self.replaced = 0  # --resume: earlier records of this run's files, replaced by new results
        self.dropped = 0  # --resume: earlier records of files that no longer exist

    def done(self, path: str, sha256: str) -> bool:
        """True when OUT already holds a good result for this content (used by --resume)."""
        return False

    def skip(self, path: str, sha256: str) -> None:
        """Called in place of write() for a file --resume skipped."""

    def write(self, result: Result) -> None:
        raise NotImplementedError

    def close(self, commit: bool = True) -> None:
        self._finish()
        if self.atomic:
            self.atomic.commit() if commit else self.atomic.abort()

    def _finish(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # Ctrl-C keeps what was written (complete records) so --resume can continue.
        ok = exc_type is None or issubclass(exc_type, KeyboardInterrupt)
        self.close(commit=ok and not self.keep_previous)


class _TextWriter(Writer):
    encoding = "utf-8"

    def __init__(self, out: Optional[Path]):
        super().__init__(out)
        if out is None:
            self.fh: IO[str] = sys.stdout
        else:
            self.atomic = _Atomic(out)
            self.fh = open(self.atomic.tmp, "w", encoding=self.encoding, newline="")

    def close(self, commit: bool = True) -> None:
        self._finish()
        if self.out is None:
            self.fh.flush()
        else:
            self.fh.close()
        if self.atomic:
            self.atomic.commit() if commit else self.atomic.abort()


def _error_obj(rec: ErrorRecord) -> dict:
    return {"error": rec.model_dump()}


def json_block(doc: Document) -> str:
    return doc.model_dump_json(indent=2)


def json_line(doc: Document) -> str:
    return doc.model_dump_json() + "\n"


def _text(result: Union[Document, Encoded], encode: Callable[[Document], str]) -> str:
    return result.text if isinstance(result, Encoded) else encode(result)


class JsonWriter(_TextWriter):
    """One document as a JSON object; several as a JSON array (errors as {"error": ...})."""

    encode = staticmethod(json_block)

    def __init__(self, out: Optional[Path], single: bool):
        super().__init__(out)
        self.single, self.count = single, 0

    def write(self, result: Result) -> None:
        if self.single:
            if not isinstance(result, ErrorRecord):
                self.fh.write(_text(result, json_block) + "\n")
            return
        self.fh.write("[\n" if self.count == 0 else ",\n")
        self.count += 1
        if isinstance(result, ErrorRecord):
            self.fh.write(json.dumps(_error_obj(result), ensure_ascii=False, indent=2))
        else:
            self.fh.write(_text(result, json_block))

    def _finish(self) -> None:
        if not self.single:
            self.fh.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter(_TextWriter):
    """One line per file: the Document, or {"error": {"path", "error"}}.

    With --resume OUT holds one record per path: a file whose content is unchanged is copied over, an edited file's
    record is replaced by its new result, and the record of a file that no longer exists is dropped (kept with
    --keep-missing). Records of files that exist but are not in this run stay."""

    resumable = True
    encode = staticmethod(json_line)

    def __init__(self, out: Optional[Path], resume: bool = False, keep_missing: bool = False):
        # path -> (sha256 or None, offset, length) of its last line; lines are re-read on demand, never all held.
        self.old: dict[str, tuple[Optional[str], int, int]] = {}
        self.by_sha: dict[str, str] = {}
        self.handled: set[str] = set()
        self.keep_missing = keep_missing
        self.source = out if resume and out is not None and out.exists() else None
        if self.source is not None:
            self.old = _index_jsonl(self.source)
            self.by_sha = {sha: path for path, (sha, _, _) in self.old.items() if sha}
        super().__init__(out)

    def done(self, path: str, sha256: str) -> bool:
        return sha256 in self.by_sha

    def skip(self, path: str, sha256: str) -> None:
        # Through the model, not json.dumps: floats then print as in a fresh run (8.3e-05 vs 0.000083),
        # so a resumed run writes the same bytes as an uninterrupted one.
        doc = Document.model_validate_json(self._old_line(self.by_sha[sha256]))
        doc.source.path = path  # the same content may have moved
        self._handle(path, replaced=False)
        self.fh.write(json_line(doc))

    def write(self, result: Result) -> None:
        self._handle(_result_path(result), replaced=True)
        if isinstance(result, ErrorRecord):
            self.fh.write(json.dumps(_error_obj(result), ensure_ascii=False) + "\n")
        else:
            self.fh.write(_text(result, json_line))

    def _handle(self, path: str, replaced: bool) -> None:
        if replaced and path in self.old and path not in self.handled:
            self.replaced += 1
        self.handled.add(path)

    def _finish(self) -> None:
        for path in self.old:
            if path in self.handled:
                continue
            if self.keep_missing or os.path.lexists(path):
                self.fh.write(self._old_line(path))
            else:
                self.dropped += 1

    def _old_line(self, path: str) -> str:
        _, offset, length = self.old[path]
        with open(self.source, "rb") as fh:
            fh.seek(offset)
            line = fh.read(length).decode("utf-8")
        return line if line.endswith("\n") else line + "\n"


def _result_path(result: Result) -> str:
    return result.path if isinstance(result, (ErrorRecord, Encoded)) else result.source.path


def _index_jsonl(path: Path) -> dict[str, tuple[Optional[str], int, int]]:
    """path -> (sha256, offset, length) of the last record for that path; a later line replaces an earlier one."""
    index: dict[str, tuple[Optional[str], int, int]] = {}
    offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            key = _record_key(line)
            if key is not None:
                index.pop(key[0], None)  # keep file order: the path's place is its last record
                index[key[0]] = (key[1], offset, len(line))
            offset += len(line)
    return index


def _record_key(line: bytes) -> Optional[tuple[str, Optional[str]]]:
    """(path, sha256) of a JSONL record; an error record has no sha256 (it is retried); a damaged line is None."""
    try:
        record = json.loads(line)
        if "error" in record and "source" not in record:
            return record["error"]["path"], None
        return record["source"]["path"], record["source"]["sha256"]
    except (ValueError, KeyError, TypeError):
        return None


class CsvWriter(_TextWriter):
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
            self.csv.writerow(_safe_row({**dict.fromkeys(FACT_COLUMNS), "file": result.path, "error": result.error}))
            return
        for row in fact_rows(result):
            self.csv.writerow(_safe_row(row))


class XlsxWriter(Writer):
    """A `letters` sheet, one sheet per family and an `errors` sheet (openpyxl write-only, streamed)."""

    def __init__(self, out: Path):
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
        self.atomic = _Atomic(out)

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


SQL_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT, format TEXT, pages INTEGER, encoding TEXT,
  letters INTEGER, warnings TEXT, error TEXT, slax_version TEXT, extracted_at TEXT, UNIQUE (path, sha256));
CREATE TABLE IF NOT EXISTS letters (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id), file TEXT, letter INTEGER,
  title TEXT, marker TEXT, truncated INTEGER, promisor TEXT, availability REAL, response_minutes REAL,
  recovery_minutes REAL, main_penalty TEXT, blanks INTEGER);
CREATE TABLE IF NOT EXISTS facts (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
  letter_id INTEGER REFERENCES letters(id), {fact_cols}, json TEXT);
CREATE TABLE IF NOT EXISTS blanks (
  id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
  letter_id INTEGER REFERENCES letters(id), file TEXT, letter INTEGER, clause TEXT, label TEXT, kind TEXT,
  text TEXT, page INTEGER, line INTEGER, context TEXT);
CREATE INDEX IF NOT EXISTS facts_family_kind ON facts (family, kind);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
"""
_REAL = {"value", "minutes", "rate", "amount", "band_low", "band_high"}
_INT = {"letter", "blank", "span_start", "span_end", "page", "line"}
_FACT_SQL_COLS = tuple(c for c in FACT_COLUMNS if c not in ("sha256", "error", "context"))


def _sql_type(col: str) -> str:
    return "REAL" if col in _REAL else "INTEGER" if col in _INT else "TEXT"


CHECKPOINT = 25  # documents per sqlite transaction


class SqliteWriter(Writer):
    """Tables documents, letters, facts, blanks. A file's rows are replaced on re-run (keyed on path + sha256)."""

    resumable = True

    def __init__(self, out: Path, resume: bool = False, keep_missing: bool = False):
        import sqlite3

        super().__init__(out)
        self.resume, self.keep_missing = resume, keep_missing
        self.atomic = _Atomic(out, copy_existing=True)
        self.db = sqlite3.connect(self.atomic.tmp)
        self.written = 0
        self.handled: set[str] = set()
        try:
            self.db.executescript(SQL_SCHEMA.replace(
                "{fact_cols}", ", ".join(f"{c} {_sql_type(c)}" for c in _FACT_SQL_COLS)))
        except sqlite3.DatabaseError as exc:
            self.db.close()
            self.atomic.abort()
            raise OutputError(f"{out}: not a slax sqlite database ({exc})") from None

    def done(self, path: str, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE path = ? AND sha256 = ? AND error IS NULL",
                              (path, sha256)).fetchone()
        return row is not None

    def _forget(self, path: str) -> int:
        ids = [r[0] for r in self.db.execute("SELECT id FROM documents WHERE path = ?", (path,))]
        for table, col in (("blanks", "document_id"), ("facts", "document_id"), ("letters", "document_id"),
                           ("documents", "id")):
            self.db.executemany(f"DELETE FROM {table} WHERE {col} = ?", [(i,) for i in ids])
        return len(ids)

    def _replace(self, path: str) -> None:
        if self._forget(path) and path not in self.handled:
            self.replaced += 1
        self.handled.add(path)

    def _drop_missing(self) -> None:
        """--resume: the rows of files that no longer exist go, as in JSONL (unless --keep-missing)."""
        paths = [r[0] for r in self.db.execute("SELECT DISTINCT path FROM documents")]
        for path in paths:
            if path not in self.handled and not os.path.lexists(path):
                self._forget(path)
                self.dropped += 1

    def write(self, result: Result) -> None:
        from datetime import datetime, timezone

        from extractor import __version__

        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        if isinstance(result, ErrorRecord):
            self._replace(result.path)
            self.db.execute("INSERT INTO documents (path, error, slax_version, extracted_at) VALUES (?, ?, ?, ?)",
                            (result.path, result.error, __version__, now))
            return
        self._replace(result.source.path)
        self.written += 1
        if self.written % CHECKPOINT == 0:
            self.db.commit()  # bounded journal; the temp file shows progress (still replaces OUT only at the end)
        try:
            self._insert(result, now)
        except BaseException:
            # Ctrl-C/SIGTERM mid-document: its rows must go, or --resume takes the half-written file as done.
            self._forget(result.source.path)
            raise

    def _insert(self, result: Document, now: str) -> None:
        from extractor import __version__

        src = result.source
        doc_id = self.db.execute(
            "INSERT INTO documents (path, sha256, format, pages, encoding, letters, warnings, slax_version,"
            " extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (src.path, src.sha256, src.format, src.pages, src.encoding, len(result.letters),
             json.dumps(result.warnings, ensure_ascii=False), __version__, now)).lastrowid
        for letter in result.letters:
            lr = letter_row(result, letter)
            letter_id = self.db.execute(
                "INSERT INTO letters (document_id, file, letter, title, marker, truncated, promisor, availability,"
                " response_minutes, recovery_minutes, main_penalty, blanks) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, src.path, letter.index, letter.title, letter.marker, int(letter.truncated), lr["promisor"],
                 lr["availability"], lr["response_minutes"], lr["recovery_minutes"], lr["main_penalty"],
                 lr["blanks"])).lastrowid
            for family in FAMILIES:
                for fact in getattr(letter, family):
                    row = {**flatten(family, fact), "file": src.path, "letter": letter.index,
                           "title": letter.title}
                    values = [int(row[c]) if c == "blank" else row[c] for c in _FACT_SQL_COLS]
                    self.db.execute(
                        f"INSERT INTO facts (document_id, letter_id, {', '.join(_FACT_SQL_COLS)}, json)"
                        f" VALUES (?, ?, {', '.join('?' * len(_FACT_SQL_COLS))}, ?)",
                        (doc_id, letter_id, *values, fact.model_dump_json()))
                    if family == "blanks":
                        self.db.execute(
                            "INSERT INTO blanks (document_id, letter_id, file, letter, clause, label, kind, text,"
                            " page, line, context) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            (doc_id, letter_id, src.path, letter.index, fact.clause, fact.label, fact.kind,
                             fact.text, fact.span.page, fact.line, fact.context))

    def skip(self, path: str, sha256: str) -> None:
        self.handled.add(path)

    def close(self, commit: bool = True) -> None:
        if commit:
            if self.resume and not self.keep_missing:
                self._drop_missing()
            self.db.commit()
        self.db.close()
        self.atomic.commit() if commit else self.atomic.abort()


FORMATS_NEEDING_FILE = ("xlsx", "sqlite")
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xlsx": "xlsx",
                  ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}


def open_writer(fmt: str, out: Optional[Path], *, single: bool = False, resume: bool = False,
                keep_missing: bool = False) -> Writer:
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
        return XlsxWriter(out)
    if fmt == "sqlite":
        return SqliteWriter(out, resume, keep_missing)
    raise OutputError(f"unknown output format {fmt!r}")
