"""Human-readable rendering: one-line summaries of facts, rich tables for the terminal.

rich is imported inside the table functions so JSON output never pays for it.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Optional

from extractor.app.i18n import label, t
from extractor.families import BLANK_MARK, duration, family
from extractor.models import Letter
from extractor.rules.comparable import headline_penalty

if TYPE_CHECKING:
    from rich.console import Console

_PROMISOR_ROLES = ("promisor", "provider", "bidder", "party_b")
RECOVERY_KINDS = ("recovery", "resolution", "rto")


def summarize(letter: Letter, lang: str | None = None) -> dict:
    """The headline commitment of each family: display strings plus the numbers behind them. With ``lang``, the
    headline durations read in that language (15分钟); without, as the timings family writes them (15min)."""
    avail = next((f for f in letter.availability if f.value is not None and f.metric == "availability"), None)
    if avail is None and letter.availability:
        avail_text = BLANK_MARK if any(f.blank for f in letter.availability) else "—"
    else:
        avail_text = family("availability").headline_text(avail) if avail else "—"
    response = [t for t in letter.timings if t.kind == "response" and t.minutes is not None]
    fastest = min(response, key=lambda t: t.minutes) if response else None
    # The headline is the fastest promise of each kind (the top-severity tier), as in the HTML overview.
    recovery = [t for t in letter.timings if t.kind in RECOVERY_KINDS and t.minutes is not None]
    quickest = min(recovery, key=lambda t: t.minutes) if recovery else None
    # Rates rank like with like: a flat share of the monthly fee before a per-hour share of the contract price.
    # A rate headline_penalty() passes over (the customer's late-payment interest) never shows.
    unrated = [p for p in letter.penalties if p.rate is None]
    penalty = headline_penalty(letter.penalties) or next((p for p in unrated if p.amount is not None), None) or (
        unrated[0] if unrated else None)
    promisor = next((p for p in letter.parties if p.role in _PROMISOR_ROLES), None)

    def timing_text(fact) -> str:
        if fact is None:
            return "—"
        return shown_duration(fact.minutes, lang) if lang else family("timings").headline_text(fact)

    return {
        "promisor": family("parties").headline_text(promisor) if promisor else "—",
        "availability": avail_text,
        "availability_value": avail.value if avail else None,
        "response": timing_text(fastest),
        "response_minutes": fastest.minutes if fastest else None,
        "recovery": timing_text(quickest),
        "recovery_minutes": quickest.minutes if quickest else None,
        "penalty": family("penalties").headline_text(penalty) if penalty else "—",
        "blanks": len(letter.blanks),
        # headlines whose figure OCR was unsure of (ocr_confidence, docs/ocr.md): tables mark them with "?"
        "unsure": {key for key, fact in (("availability", avail), ("response", fastest), ("recovery", quickest),
                                         ("penalty", penalty)) if fact is not None and fact.ocr_confidence is not None},
    }


def _console(console: Optional[Console] = None) -> Console:
    from rich.console import Console

    return console or Console(soft_wrap=True)


# Header words fit 80 columns whole (each column is as wide as its longest header word): "uptime", not
# "availability".
LETTER_HEADERS = ("file", "letter", "promisor", "uptime", "fastest response", "fastest recovery",
                  "main penalty", "blanks")


PATH_WIDTH = 24  # terminal cells of a path in a table; longer paths keep their end (the file name)
LETTERS_PATH_WIDTH = 14  # the letters table has eight columns to fit in 80


def short_path(path: str, width: int = PATH_WIDTH) -> str:
    """A path as a table shows it: relative to the working folder when it lies inside it, and shortened from the
    left (…/letters/letter_01.txt) so a deep path does not wrap over five lines at 80 columns."""
    import os

    from rich.cells import cell_len

    try:
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    except ValueError:  # another drive (Windows)
        pass
    if cell_len(path) <= width:
        return path
    keep = []
    for ch in reversed(path):
        if cell_len("…" + ch + "".join(reversed(keep))) > width:
            break
        keep.append(ch)
    return "…" + "".join(reversed(keep))


def shown_duration(minutes: float, lang: str) -> str:
    """A headline duration in ``lang``: 4h / 4小时, 15min / 15分钟."""
    return duration(minutes, (t("unit.day", lang), t("unit.hour", lang), t("unit.minute", lang)))


def letter_cells(path: str, letter: Letter, lang: str = "en") -> tuple:
    s = summarize(letter, lang)
    # the marker (第(2)篇) tells letters of one file apart better than a title they often share
    title = letter.marker or (letter.title if len(letter.title) <= 10 else letter.title[:9] + "…")
    shown = {key: s[key] + ("?" if key in s["unsure"] else "") for key in ("availability", "response", "recovery",
                                                                            "penalty")}
    return (path, f"{letter.index} {title}", s["promisor"], shown["availability"], shown["response"],
            shown["recovery"], shown["penalty"], str(s["blanks"]))


def header_width(header: str) -> int:
    """A column is never narrower than the longest word of its header, so no header breaks inside a word. Widths
    are terminal cells: a Chinese character takes two, and a Chinese header (no spaces) is one word."""
    from rich.cells import cell_len

    return max((cell_len(word) for word in header.split()), default=1)


def add_columns(table, names: Iterable[str], lang: str, right: tuple[str, ...] = ()) -> None:
    """The columns ``names`` (English), headed in ``lang``, each at least as wide as its header's longest word."""
    for name in names:
        header = label("column", name, lang)
        table.add_column(header, overflow="fold", justify="right" if name in right else "left",
                         min_width=header_width(header))


def letters_table(rows: Iterable[tuple], summary: str, console: Optional[Console] = None, lang: str = "en") -> None:
    """Rows from letter_cells(); errors are rows whose second cell starts with 'error'."""
    from rich.table import Table

    console = _console(console)
    table = Table(title="slax extract")
    add_columns(table, LETTER_HEADERS, lang, right=("blanks",))
    for row in rows:
        style = "red" if row[1].startswith("error") else None
        cells = row[1:] if style else [_blank_in(cell, lang) for cell in row[1:]]
        table.add_row(short_path(row[0], LETTERS_PATH_WIDTH), *cells, style=style)
    console.print(table)
    console.print(summary)


def _blank_in(cell: str, lang: str) -> str:
    """A cell's "(blank) …" (how the families show an unfilled value: BLANK_MARK) in ``lang``."""
    if lang == "en" or BLANK_MARK not in cell:
        return cell
    return cell.replace(BLANK_MARK, f"({t('message.blank_cell', lang)})")


def blanks_table(records, console: Optional[Console] = None, lang: str = "en") -> None:
    from rich.table import Table

    console = _console(console)
    table = Table(title=t("message.blanks_title", lang))
    add_columns(table, ("file", "letter", "clause", "label", "page", "line", "context"), lang)
    for r in records:
        table.add_row(short_path(r.file), str(r.letter), r.clause or "—", r.label, str(r.page or "—"),
                      str(r.line or "—"), r.context)
    console.print(table)


DIFF_HEADERS = ("letter", "family", "what", "old", "new", "direction", "clause")


def diff_table(result, console: Optional[Console] = None, lang: str = "en") -> None:
    from rich.markup import escape
    from rich.table import Table

    console = _console(console)
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/]")
    if not result.changes:
        console.print(t("message.no_changes", lang))
    else:
        table = Table(title=f"slax diff {result.a} → {result.b}")
        add_columns(table, DIFF_HEADERS, lang)
        colors = {"stricter": "green", "looser": "red", "filled": "cyan", "emptied": "magenta"}
        for c in result.changes:
            color, direction = colors.get(c.direction), label("direction", c.direction, lang)
            table.add_row(_letter_pair(c), label("family", c.family, lang), what(c, lang), c.old_text, c.new_text,
                          f"[{color}]{direction}[/]" if color else direction, _clause_pair(c))
        console.print(table)
    if result.text is None:
        if line := clause_counts(result.clauses, lang):
            console.print(t("message.clause_counts", lang, counts=line))
        return
    for event in text_events(result.clauses):
        where = event.label(with_letter=result.pairing != "single")
        console.print(f"[bold]{escape(t('message.clause_heading', lang, label=where))}[/] "
                      f"({escape(event.summary(lang))}): ", end="")
        console.print(event.shown(), markup=False, highlight=False)


def what(change, lang: str) -> str:
    """What a change is about (its kind and event), the kind named in ``lang``; Change.what() in English."""
    kind = label(f"kind.{change.family}", change.kind, lang)
    return " ".join(x for x in (kind, change.event) if x) or label("family", change.family, lang)


def clause_counts(events, lang: str) -> str:
    """`1 added, 2 changed` (redline.count_events) in ``lang``; empty when there are none."""
    from collections import Counter

    counts = Counter(e.event for e in events)
    return ", ".join(t("message.clause_count", lang, count=n, event=label("clause", name, lang))
                     for name, n in counts.items())


def text_events(events) -> list:
    """What --text shows: every clause added, removed or moved, and changed text no fact accounts for."""
    return [e for e in events if e.event != "changed" or not e.in_facts]


def _letter_pair(c) -> str:
    return str(c.letter_a) if c.letter_a == c.letter_b else f"{c.letter_a or '—'}→{c.letter_b or '—'}"


def _clause_pair(c) -> str:
    if c.clause_a == c.clause_b or c.old is None or c.new is None:
        return c.clause_a or c.clause_b or "—"
    return f"{c.clause_a or '—'}→{c.clause_b or '—'}"


def diff_markdown(result, lang: str = "en") -> str:
    lines = [f"# slax diff `{result.a}` → `{result.b}`", ""]
    lines += [f"> {note}" for note in result.notes]
    if result.notes:
        lines.append("")
    if not result.changes:
        lines.append(t("message.no_changes_md", lang))
    else:
        lines += ["| " + " | ".join(label("column", h, lang) for h in DIFF_HEADERS) + " |",
                  "|---|---|---|---|---|---|---|"]
        for c in result.changes:
            cells = (_letter_pair(c), label("family", c.family, lang), what(c, lang), c.old_text, c.new_text,
                     f"**{label('direction', c.direction, lang)}**", _clause_pair(c))
            lines.append("| " + " | ".join(_md(x) for x in cells) + " |")
    shown = text_events(result.clauses) if result.text is not None else []
    if shown:
        lines += ["", f"## {t('message.text_changes', lang)}", ""]
        for event in shown:
            where = event.label(with_letter=result.pairing != "single")
            lines.append(f"- **{_md(where)}** ({_md(event.summary(lang))}): {_md(event.shown())}")
    elif result.text is None and (counts := clause_counts(result.clauses, lang)):
        lines += ["", t("message.clause_counts_md", lang, counts=counts)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
