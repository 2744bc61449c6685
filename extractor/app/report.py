"""A self-contained HTML report: each letter's text with every fact highlighted, a facts table, playbook results.

This module prepares plain data; templates/report.html.j2 turns it into the page (autoescaped, every word from
locale/report.toml). Everything is inline (CSS, JS, SVG) so the file opens offline in any browser.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple, Optional, Union

from extractor.app import templating
from extractor.app.outputs_rows import shown_text
from extractor.app.render import RECOVERY_KINDS, shown_duration
from extractor.families import FAMILIES, family, percent
from extractor.models import Document, ErrorRecord, Letter
from extractor.rules.comparable import basis_text, headline_penalty

# Minutes of allowed downtime in a 30-day month: turns 99.5% vs 99.9% into a visible difference.
_MONTH_MINUTES = 30 * 24 * 60
VERDICT_RANK = {"fail": 0, "warn": 1, "pass": 2}  # the overview sorts the worst verdict first


def fact_id(doc_i: int, letter: Letter, family: str, i: int) -> str:
    return f"fact-{doc_i}-{letter.index}-{family}-{i}"


def letter_id(doc_i: int, letter: Letter) -> str:
    return f"letter-{doc_i}-{letter.index}"


def facts_of(letter: Letter) -> list[tuple[str, int, Any]]:
    return [(fam.name, i, f) for fam in FAMILIES for i, f in enumerate(getattr(letter, fam.name))]


# ---- highlighting -----------------------------------------------------------------------------------------

class Mark(NamedTuple):
    """One fact to highlight: source offsets, its element id, family, normalized value, extra classes."""

    start: int
    end: int
    id: str
    family: str
    value: str = ""
    extra: str = ""


class Piece(NamedTuple):
    """A step of a highlighted text: ``text``, ``open`` (a fact's mark), ``cont`` (a mark reopened), ``close``."""

    kind: str
    text: str = ""
    mark: Optional[Mark] = None
    empty: bool = False


def highlight(text: str, offset: int, marks: list[Mark]) -> list[Piece]:
    """``text`` (source offsets start at ``offset``) as pieces, one ``open`` piece per mark.

    Overlapping facts nest; when spans cross, the inner one is closed and reopened as a ``cont`` piece so the
    HTML stays well formed and each fact still has exactly one mark carrying its id.
    """
    n = len(text)
    spans = []
    for m in marks:
        s, t = min(max(m.start - offset, 0), n), min(max(m.end - offset, 0), n)
        spans.append((s, max(s, t), m))
    order = sorted(range(len(spans)), key=lambda k: (spans[k][0], -spans[k][1], k))
    rank = {k: r for r, k in enumerate(order)}
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(t for _, t, _ in spans)})
    out: list[Piece] = []
    stack: list[int] = []
    opened: set[int] = set()

    def open_mark(k):
        s, t, mark = spans[k]
        out.append(Piece("cont", mark=mark) if k in opened else Piece("open", mark=mark, empty=s == t))
        opened.add(k)
        stack.append(k)

    for a, b in zip(cuts, cuts[1:] + [None]):
        # Zero-length facts open and close right at their position.
        for k in order:
            if spans[k][0] == spans[k][1] == a and k not in opened:
                open_mark(k)
                stack.pop()
                out.append(Piece("close"))
        if b is None:
            break
        want = sorted((k for k in range(len(spans))
                       if spans[k][0] <= a and spans[k][1] >= b and spans[k][0] < spans[k][1]),
                      key=rank.get)
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] == want[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            out.append(Piece("close"))
        for k in want[keep:]:
            open_mark(k)
        out.append(Piece("text", text[a:b]))
    out.extend(Piece("close") for _ in stack)
    return out


def fact_mark(doc_i: int, letter: Letter, name: str, i: int, f: Any) -> Mark:
    fam = family(name)
    # A party or date left blank is underlined in red, unless its family (blanks) is all about blanks.
    extra = "is-blank" if getattr(f, "blank", False) and not fam.marks_blanks else ""
    return Mark(f.span.start, f.span.end, fact_id(doc_i, letter, name, i), name, fam.describe(f), extra)


# ---- sections ---------------------------------------------------------------------------------------------

def letter_section(doc_i: int, doc: Document, letter: Letter, source: str, check=None) -> dict:
    """What the template shows of one letter: its highlighted text, its facts, its playbook results."""
    facts = facts_of(letter)
    marks = [fact_mark(doc_i, letter, name, i, f) for name, i, f in facts]
    return {"id": letter_id(doc_i, letter), "file": Path(doc.source.path).name, "letter": letter,
            "pieces": highlight(source[letter.span.start:letter.span.end], letter.span.start, marks),
            "facts": [{"family": name, "id": fact_id(doc_i, letter, name, i), "value": family(name).describe(f),
                       "clause": getattr(f, "clause", None), "page": f.span.page, "box": shown_box(f),
                       "text": shown_text(f.text)}
                      for name, i, f in facts],
            "check": check and checks_table(doc_i, letter, check)}


def shown_box(fact) -> str | None:
    """Where an OCR'd fact stands on its page, in PDF points (x0,top–x1,bottom), or None for text input."""
    box = getattr(fact, "bbox", None)
    return f"{box[0]:.0f},{box[1]:.0f}–{box[2]:.0f},{box[3]:.0f} pt" if box else None


def checks_table(doc_i: int, letter: Letter, check) -> dict:
    from extractor.app.playbook import shown_status

    return {"verdict": check.verdict, "results": [
        {"rule": r.rule, "outcome": r.outcome, "reason": r.reason, "expected": r.expected, "status": shown_status(r),
         "fact": r.fact and {"id": fact_id(doc_i, letter, r.fact.family, r.fact.index), "clause": r.fact.clause}}
        for r in check.results]}


def headline(letter: Letter) -> dict:
    """Numbers the overview compares: the strongest commitment of each kind (None when absent or blank). The
    penalty is the largest rate among the most comparable ones (comparable.headline_penalty), with its basis."""
    avail = [f.value for f in letter.availability if f.metric == "availability" and f.value is not None]
    resp = [t.minutes for t in letter.timings if t.kind == "response" and t.minutes is not None]
    rec = [t.minutes for t in letter.timings if t.kind in RECOVERY_KINDS and t.minutes is not None]
    penalty = headline_penalty(letter.penalties)
    blank = {"availability": any(f.blank and f.value is None for f in letter.availability),
             "response": any(t.blank and t.minutes is None for t in letter.timings if t.kind == "response"),
             "recovery": any(t.blank and t.minutes is None for t in letter.timings
                             if t.kind in RECOVERY_KINDS)}
    return {"availability": max(avail, default=None), "response": min(resp, default=None),
            "recovery": min(rec, default=None), "penalty": penalty.rate if penalty else None,
            "penalty_basis": basis_text(penalty) if penalty else "", "blanks": len(letter.blanks),
            "facts": len(facts_of(letter)), "blank": blank}


# The three compared commitments: the headline key, how its value reads, and the chart's bar length (minutes of
# allowed downtime in a month for availability: shorter is better in every panel).
HEADLINE = (("availability", lambda v, lang: percent(v), lambda v: (1 - v) * _MONTH_MINUTES),
            ("response", shown_duration, lambda v: v),
            ("recovery", shown_duration, lambda v: v))


def headline_cells(h: dict, lang: str = "en") -> list[dict]:
    """The overview's availability, response and recovery cells: sort key, shown value (durations in ``lang``),
    blank in the letter."""
    return [{"sort": h[key], "shown": None if h[key] is None else fmt(h[key], lang), "blank": h["blank"][key]}
            for key, fmt, _ in HEADLINE]


def chart(rows: list[dict]) -> dict:
    """Geometry of the overview's three bar panels (the template draws the SVG)."""
    bar_h, label_w, bar_w, gap = 16, 110, 200, 30
    panels = []
    for p, (key, _, length) in enumerate(HEADLINE):
        x0 = p * (label_w + bar_w + gap)
        values = [None if r["headline"][key] is None else length(r["headline"][key]) for r in rows]
        top = max((v for v in values if v is not None), default=0) or 1
        bars = []
        for r, (row, v) in enumerate(zip(rows, values)):
            w = None if v is None else max(2, bar_w * v / top)
            bars.append({"y": 20 + r * (bar_h + 4), "label": row["chart_label"], "anchor": row["anchor"],
                         "cell": row["cells"][p], "width": w,
                         "text_x": None if w is None else x0 + label_w + min(w, bar_w - 40) + 3})
        panels.append({"key": key, "x0": x0, "bar_x": x0 + label_w, "bars": bars})
    return {"width": len(panels) * (label_w + bar_w + gap), "height": 24 + len(rows) * (bar_h + 4),
            "bar_h": bar_h, "panels": panels}


def overview_row(doc_i: int, doc: Document, letter: Letter, check, lang: str = "en") -> dict:
    h = headline(letter)
    name = Path(doc.source.path).name
    penalty = None if h["penalty"] is None else f"{percent(h['penalty'])} {h['penalty_basis']}".strip()
    return {"file": name, "letter": letter, "anchor": letter_id(doc_i, letter), "verdict": check and check.verdict,
            "chart_label": f"{name[:12]}#{letter.index}", "headline": h, "cells": headline_cells(h, lang),
            "penalty": penalty}


def outside_letters(doc: Document) -> list[Any]:
    """The document's text that is in no letter (collection title, preamble), shown with why, so none goes unseen."""
    return [r for r in doc.non_letters if r.kind != "whitespace"]


def render_report(items: list[tuple[Document, str]], playbook=None, errors: Iterable[ErrorRecord] = (),
                  title: Optional[str] = None, lang: str = "en") -> str:
    """``items``: each document with its source text (what ``extractor.document.read.read(path).text`` returns).
    ``title`` defaults to the catalogue's report title in ``lang``."""
    from extractor.app.playbook import check_document

    checks = {}
    for doc_i, (doc, _) in enumerate(items):
        for c in check_document(playbook, doc) if playbook is not None else ():
            checks[(doc_i, c.letter)] = c
    letters = [(doc_i, doc, letter) for doc_i, (doc, _) in enumerate(items) for letter in doc.letters]
    rows = [overview_row(doc_i, doc, letter, checks.get((doc_i, letter.index)), lang) for doc_i, doc, letter in letters]
    sections = [letter_section(doc_i, doc, letter, items[doc_i][1], checks.get((doc_i, letter.index)))
                for doc_i, doc, letter in letters]
    return templating.render(
        "report.html.j2", lang, title=title, playbook=playbook,
        errors=list(errors), docs=[doc for doc, _ in items], outside=outside_letters, sections=sections,
        families=[f.name for f in FAMILIES], with_verdicts=bool(checks), verdict_rank=VERDICT_RANK,
        overview={"rows": rows, "chart": chart(rows)} if len(rows) > 1 else None)


def collect(paths: Iterable[Union[str, Path]], glob: Optional[str] = None):
    """Extract every file; returns ([(Document, source text)], [ErrorRecord])."""
    from extractor.app.api import iter_paths, safe_call
    from extractor.document.read import read
    from extractor.pipeline import process_raw

    def with_source(path: Path) -> tuple[Document, str]:
        raw = read(path)  # once: the document and the highlighted text come from the same read
        # Sentences: playbook rules with `of` read a notice's subject from its sentence.
        return process_raw(raw, sentences=True), raw.text

    items, errors = [], []
    for p in iter_paths(paths, glob):
        res = p if isinstance(p, ErrorRecord) else safe_call(p, with_source)
        (errors if isinstance(res, ErrorRecord) else items).append(res)
    return items, errors
