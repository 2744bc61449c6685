"""The flat view of a Document that csv, xlsx and sqlite write: one row per fact, one row per letter."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Optional

from extractor.families import IN_TABLE_ORDER, family
from extractor.models import Document, Letter

# One row per fact; the union of every family's fields so one CSV / SQL table holds them all.
FACT_COLUMNS = (
    "file", "sha256", "letter", "title", "clause", "family", "kind", "value", "unit", "minutes", "comparator",
    "tier", "event", "hours", "period", "subject", "trigger", "rate", "base", "amount", "currency", "credit_days",
    "per", "cap", "band_low", "band_high", "blank", "label", "name", "text", "span_start", "span_end", "page", "line",
    "rule", "context", "error",
)


# Columns each family's xlsx sheet shows (after file/letter/clause).
FAMILY_COLUMNS = {f.name: f.table_columns for f in IN_TABLE_ORDER}


LETTER_COLUMNS = ("file", "sha256", "letter", "title", "truncated", "promisor", "availability", "response_minutes",
                  "recovery_minutes", "main_penalty", "blanks")


def fact_rows(doc: Document) -> Iterator[dict]:
    """Every fact of every letter as a flat dict over FACT_COLUMNS, its `text` as a person reads it
    (shown_text); JSON keeps the source slice, which `span_start`/`span_end` point at."""
    for letter in doc.letters:
        base = {"file": doc.source.path, "sha256": doc.source.sha256, "letter": letter.index, "title": letter.title}
        for fam in IN_TABLE_ORDER:
            for fact in getattr(letter, fam.name):
                row = {**flatten(fam.name, fact), **base}
                row["text"] = shown_text(row["text"])
                yield row


@functools.lru_cache(maxsize=4096)  # letters of one template repeat their wording
def shown_text(source: Optional[str]) -> Optional[str]:
    """A fact's source slice normalized like the text the rules read: simplified, half-width, without the
    pinyin glosses and field codes a converter left (服務(wù) -> 服务). Normalized alone, a slice may keep a
    line break the whole text would have joined; the words are the same."""
    if not source:
        return source
    from extractor.document.normalize import normalize_text

    return normalize_text(source)


def flatten(name: str, fact) -> dict:
    d = fact.model_dump(mode="json")
    row = dict.fromkeys(FACT_COLUMNS)
    row.update({k: d.get(k) for k in ("clause", "kind", "value", "unit", "minutes", "comparator", "tier", "event",
                                      "hours", "period", "subject", "trigger", "rate", "base", "per", "cap", "label",
                                      "name", "text", "rule", "line", "context")})
    fam = family(name)
    row["family"] = name
    row["blank"] = bool(d.get("blank", fam.marks_blanks))
    row["span_start"], row["span_end"], row["page"] = d["span"]["start"], d["span"]["end"], d["span"].get("page")
    row["kind"] = d.get(fam.kind_field)
    row.update(fam.row_fields(fact))
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


def safe_row(row: dict) -> dict:
    return {k: spreadsheet_safe(v) for k, v in row.items()}
