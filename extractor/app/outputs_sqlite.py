"""The sqlite writer: tables documents, letters, facts and blanks; a file's rows are replaced on a re-run."""
from __future__ import annotations

import json
import os
from datetime import UTC
from pathlib import Path

from extractor.app.outpath import OutputError
from extractor.app.outputs_file import AtomicFile, Result, Writer
from extractor.app.outputs_rows import FACT_COLUMNS, flatten, letter_row
from extractor.families import IN_TABLE_ORDER
from extractor.models import Document, ErrorRecord

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


_REAL = {"value", "minutes", "rate", "amount", "credit_days", "band_low", "band_high"}


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
        self.atomic = AtomicFile(out, copy_existing=True)
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
        from datetime import datetime

        from extractor import __version__

        now = datetime.now(UTC).isoformat(timespec="seconds")
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
            for fam in IN_TABLE_ORDER:
                for fact in getattr(letter, fam.name):
                    row = {**flatten(fam.name, fact), "file": src.path, "letter": letter.index,
                           "title": letter.title}
                    values = [int(row[c]) if c == "blank" else row[c] for c in _FACT_SQL_COLS]
                    self.db.execute(
                        f"INSERT INTO facts (document_id, letter_id, {', '.join(_FACT_SQL_COLS)}, json)"
                        f" VALUES (?, ?, {', '.join('?' * len(_FACT_SQL_COLS))}, ?)",
                        (doc_id, letter_id, *values, fact.model_dump_json()))
                    if fam.marks_blanks:
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
