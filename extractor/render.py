"""Terminal rendering with rich."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .models import Document, Letter


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.4g}%"


def summarize(letter: Letter) -> dict:
    """One row of the letters table: the headline commitment of each family."""
    avail = next((f for f in letter.availability if f.value is not None), None)
    if avail is None and letter.availability:
        avail_text = "blank"
    else:
        avail_text = f"{avail.comparator or ''}{_pct(avail.value)}" if avail else "—"
    response = [t for t in letter.timings if t.kind == "response" and t.minutes is not None]
    fastest = min(response, key=lambda t: t.minutes) if response else None
    recovery = [t for t in letter.timings if t.kind in ("recovery", "resolution", "rto") and t.minutes is not None]
    slowest = max(recovery, key=lambda t: t.minutes) if recovery else None
    penalty = next((p for p in letter.penalties if p.rate is not None or p.amount is not None), None) or (
        letter.penalties[0] if letter.penalties else None)
    promisor = next((p for p in letter.parties if p.role in ("promisor", "provider", "bidder", "party_b")), None)
    return {
        "promisor": (promisor.name or "(blank)") if promisor else "—",
        "availability": avail_text,
        "response": _duration(fastest.minutes) if fastest else "—",
        "recovery": _duration(slowest.minutes) if slowest else "—",
        "penalty": _penalty(penalty) if penalty else "—",
        "blanks": len(letter.blanks),
    }


def _duration(minutes: float) -> str:
    for unit, size in (("d", 1440), ("h", 60)):
        if minutes >= size and minutes % size == 0:
            return f"{minutes / size:g}{unit}"
    return f"{minutes:g}min"


def _penalty(p) -> str:
    if p.rate is not None:
        return f"{p.kind} {p.rate * 100:g}% {p.base or ''}".strip()
    if p.amount is not None and p.amount.value is not None:
        return f"{p.kind} {p.amount.value:,.0f} {p.amount.currency}"
    return p.kind


def letters_table(documents: list[Document], failed: int = 0, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="slax extract", show_lines=False)
    for col in ("file", "letter", "promisor", "availability", "fastest response", "recovery", "main penalty", "blanks"):
        table.add_column(col)
    letters = 0
    for doc in documents:
        for letter in doc.letters:
            letters += 1
            s = summarize(letter)
            table.add_row(doc.source.path, f"{letter.index} {letter.title}", s["promisor"], s["availability"],
                          s["response"], s["recovery"], s["penalty"], str(s["blanks"]))
    console.print(table)
    console.print(f"{len(documents)} file(s), {letters} letter(s), {failed} failed")
