"""A self-contained HTML report: each letter's text with every fact highlighted, a facts table, playbook results.

Everything is inline (CSS, JS, SVG) so the file opens offline in any browser; every string from a document
goes through html.escape.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any, Optional, Union

from extractor.app.render import RECOVERY_KINDS
from extractor.document.read_html import GENERATOR  # `slax extract` on a folder skips the reports written into it
from extractor.families import FAMILIES, duration, family, percent
from extractor.models import Document, ErrorRecord, Letter
from extractor.rules.comparable import basis_text, headline_penalty

_TEMPLATES = Path(__file__).with_name("templates")
# Minutes of allowed downtime in a 30-day month: turns 99.5% vs 99.9% into a visible difference.
_MONTH_MINUTES = 30 * 24 * 60


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def fact_id(doc_i: int, letter: Letter, family: str, i: int) -> str:
    return f"fact-{doc_i}-{letter.index}-{family}-{i}"


def letter_id(doc_i: int, letter: Letter) -> str:
    return f"letter-{doc_i}-{letter.index}"


def facts_of(letter: Letter) -> list[tuple[str, int, Any]]:
    return [(fam.name, i, f) for fam in FAMILIES for i, f in enumerate(getattr(letter, fam.name))]


# ---- highlighting -----------------------------------------------------------------------------------------

def highlight(text: str, offset: int, marks: list[tuple[int, int, str, str]]) -> str:
    """HTML of ``text`` (source offsets start at ``offset``) with one <mark class="fact"> per (start, end, id, attrs).

    Overlapping facts nest; when spans cross, the inner one is closed and reopened as ``mark.fact-cont`` so the
    HTML stays well formed and each fact still has exactly one ``mark.fact`` carrying its id.
    """
    n = len(text)
    spans = []
    for start, end, ident, attrs in marks:
        s, t = min(max(start - offset, 0), n), min(max(end - offset, 0), n)
        spans.append((s, max(s, t), ident, attrs))
    order = sorted(range(len(spans)), key=lambda k: (spans[k][0], -spans[k][1], k))
    rank = {k: r for r, k in enumerate(order)}
    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(t for _, t, _, _ in spans)})
    out, stack, opened = [], [], set()

    def open_mark(k):
        s, t, ident, attrs = spans[k]
        if k in opened:
            out.append(f'<mark class="fact-cont {attrs.split(chr(0))[0]}">')
        else:
            cls, rest = attrs.split("\0")
            out.append(f'<mark class="fact {cls}{" empty" if s == t else ""}" id="{ident}" {rest}>')
            opened.add(k)
        stack.append(k)

    for a, b in zip(cuts, cuts[1:] + [None]):
        # Zero-length facts open and close right at their position.
        for k in order:
            if spans[k][0] == spans[k][1] == a and k not in opened:
                open_mark(k)
                stack.pop()
                out.append("</mark>")
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
            out.append("</mark>")
        for k in want[keep:]:
            open_mark(k)
        out.append(e(text[a:b]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _mark_attrs(name: str, f: Any) -> str:
    fam = family(name)
    value = fam.describe(f)
    cls = name + (" is-blank" if getattr(f, "blank", False) and not fam.marks_blanks else "")
    return f'{cls}\0data-family="{name}" data-value="{e(value)}" title="{e(value)}"'


# ---- sections ---------------------------------------------------------------------------------------------

def _where(f: Any) -> str:
    clause = getattr(f, "clause", None)
    page = f.span.page
    return e(clause or "—") + (f" · p.{page}" if page else "")


def letter_section(doc_i: int, doc: Document, letter: Letter, source: str, checks=None) -> str:
    facts = facts_of(letter)
    marks = [(f.span.start, f.span.end, fact_id(doc_i, letter, fam, i), _mark_attrs(fam, f)) for fam, i, f in facts]
    body = highlight(source[letter.span.start:letter.span.end], letter.span.start, marks)
    rows = "".join(
        f'<tr class="{fam}"><td><a href="#{fact_id(doc_i, letter, fam, i)}">{fam}</a></td>'
        f"<td>{e(family(fam).describe(f))}</td><td>{_where(f)}</td><td>{e(f.text)}</td></tr>"
        for fam, i, f in facts)
    side = [_checks_table(doc_i, letter, checks) if checks else ""]
    side.append(f"<h3>Facts ({len(facts)})</h3><table class=\"facts\"><thead><tr><th>family</th><th>value</th>"
                f"<th>clause</th><th>text</th></tr></thead><tbody>{rows}</tbody></table>")
    flags = " <span class=\"fail\">(truncated)</span>" if letter.truncated else ""
    title = f"{e(Path(doc.source.path).name)} · {letter.index}. {e(letter.title)} {e(letter.marker or '')}{flags}"
    return (f'<section id="{letter_id(doc_i, letter)}"><h2>{title}</h2><div class="letter">'
            f'<div class="text">{body}</div><div class="side">{"".join(side)}</div></div></section>')


def _checks_table(doc_i: int, letter: Letter, check) -> str:
    from extractor.app.playbook import shown_status

    rows = []
    for r in check.results:
        link = (f'<a href="#{fact_id(doc_i, letter, r.fact.family, r.fact.index)}">{e(r.fact.clause or "preamble")}</a>'
                if r.fact else "—")
        rows.append(f'<tr><td>{e(r.rule)}</td><td class="{r.outcome} verdict">{e(shown_status(r))}</td>'
                    f"<td>{e(r.reason)}</td><td>{e(r.expected)}</td><td>{link}</td></tr>")
    return (f'<h3>Playbook: <span class="{check.verdict} verdict">{check.verdict}</span></h3>'
            '<table class="checks"><thead><tr><th>rule</th><th>result</th><th>found</th><th>required</th>'
            f'<th>where</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


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


def _shown(h: dict, key: str, fmt) -> str:
    if h[key] is not None:
        return e(fmt(h[key]))
    return '<span class="fail">blank</span>' if h["blank"].get(key) else "—"


def _chart(rows: list[tuple[str, str, dict]]) -> str:
    """Three bar panels, shorter is better in each: allowed monthly downtime, response, recovery (minutes)."""
    panels = [("allowed downtime / month", lambda h: None if h["availability"] is None
               else (1 - h["availability"]) * _MONTH_MINUTES, lambda h: percent(h["availability"])),
              ("fastest response", lambda h: h["response"], lambda h: duration(h["response"])),
              ("fastest recovery", lambda h: h["recovery"], lambda h: duration(h["recovery"]))]
    bar_h, label_w, bar_w, gap = 16, 110, 200, 30
    width = len(panels) * (label_w + bar_w + gap)
    height = 24 + len(rows) * (bar_h + 4)
    parts = [f'<svg class="chart" width="{width}" height="{height}" '
             f'role="img" aria-label="commitments by letter">']
    for p, (name, value, shown) in enumerate(panels):
        x0 = p * (label_w + bar_w + gap)
        values = [value(h) for _, _, h in rows]
        top = max((v for v in values if v is not None), default=0) or 1
        parts.append(f'<text x="{x0}" y="12" font-weight="bold">{e(name)} (shorter is better)</text>')
        for r, ((label, anchor, h), v) in enumerate(zip(rows, values)):
            y = 20 + r * (bar_h + 4)
            parts.append(f'<a href="#{anchor}"><text x="{x0}" y="{y + 12}">{e(label)}</text></a>')
            if v is None:
                key = ("availability", "response", "recovery")[p]
                word, colour = ("blank", "#b00000") if h["blank"][key] else ("—", "#999")
                parts.append(f'<text x="{x0 + label_w}" y="{y + 12}" fill="{colour}">{word}</text>')
                continue
            w = max(2, bar_w * v / top)
            parts.append(f'<rect x="{x0 + label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#6a9fd8">'
                         f"<title>{e(label)}: {e(shown(h))}</title></rect>"
                         f'<text x="{x0 + label_w + min(w, bar_w - 40) + 3}" y="{y + 12}">{e(shown(h))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def overview(items: list[tuple[int, Document, Letter]], checks: dict) -> str:
    cols = ["file", "letter", "title", *(["verdict"] if checks else []), "availability", "response", "recovery",
            "penalty rate (of)", "blanks", "facts"]
    head = "".join(f'<th class="sortable">{c}</th>' for c in cols)
    body, chart_rows = [], []
    for doc_i, doc, letter in items:
        h = headline(letter)
        anchor = letter_id(doc_i, letter)
        name = Path(doc.source.path).name
        chart_rows.append((f"{name[:12]}#{letter.index}", anchor, h))
        cells = [(name, e(name)), (letter.index, f'<a href="#{anchor}">{letter.index}</a>'),
                 (letter.title, e(letter.title))]
        if checks:
            v = checks[(doc_i, letter.index)].verdict
            cells.append(({"fail": 0, "warn": 1, "pass": 2}[v], f'<span class="{v} verdict">{v}</span>'))
        cells += [
            (h["availability"], _shown(h, "availability", percent)),
            (h["response"], _shown(h, "response", duration)),
            (h["recovery"], _shown(h, "recovery", duration)),
            (h["penalty"], "—" if h["penalty"] is None else e(f"{percent(h['penalty'])} {h['penalty_basis']}".strip())),
            (h["blanks"], str(h["blanks"])), (h["facts"], str(h["facts"]))]
        # Cell values are already HTML: escaped text or markup built here.
        body.append("<tr>" + "".join(f'<td data-sort="{e("" if k is None else k)}">{v}</td>' for k, v in cells)
                    + "</tr>")
    return (f'<section id="overview"><h2>Overview ({len(items)} letters)</h2>{_chart(chart_rows)}'
            f'<table class="sortable overview"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            "</section>")


def outside_letters(doc: Document) -> list[str]:
    """The document's text that is in no letter (collection title, preamble), shown with why, so none goes unseen."""
    return [f'<details class="outside"><summary>{e(doc.source.path)}: text outside the letters '
            f'({e(r.kind)}, characters {r.span.start}-{r.span.end}): {e(r.reason)}</summary>'
            f'<pre>{e(r.text)}</pre></details>'
            for r in doc.non_letters if r.kind != "whitespace"]


def _page(title: str, body: str) -> str:
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (_TEMPLATES / "report.js").read_text(encoding="utf-8")
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' + GENERATOR +
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{css}</style></head><body>{body}<script>{js}</script></body></html>\n")


def _legend() -> str:
    names = (f.name for f in FAMILIES)
    return '<p class="legend">' + "".join(f'<span class="{n}" style="background:var(--{n})">{n}</span>'
                                           for n in names) + "</p>"


def render_report(items: list[tuple[Document, str]], playbook=None, errors: Iterable[ErrorRecord] = (),
                  title: str = "slax report") -> str:
    """``items``: each document with its source text (what ``extractor.document.read.read(path).text`` returns)."""
    from extractor.app.playbook import check_document

    letters, checks = [], {}
    for doc_i, (doc, _) in enumerate(items):
        for letter in doc.letters:
            letters.append((doc_i, doc, letter))
        if playbook is not None:
            for c in check_document(playbook, doc):
                checks[(doc_i, c.letter)] = c
    parts = [f"<h1>{e(title)}</h1>", _legend()]
    if playbook is not None:
        parts.append(f"<p>Playbook <b>{e(playbook.name)}</b>: {e(playbook.description)}</p>")
    for err in errors:
        parts.append(f'<p class="fail">{e(err.path)}: {e(err.error)}</p>')
    for doc, _ in items:
        parts.extend(f'<p class="warn">{e(w)}</p>' for w in doc.warnings)
        parts.extend(outside_letters(doc))
    if len(letters) > 1:
        parts.append(overview(letters, checks))
    for doc_i, doc, letter in letters:
        parts.append(letter_section(doc_i, doc, letter, items[doc_i][1], checks.get((doc_i, letter.index))))
    return _page(title, "".join(parts))


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


# ---- diff -------------------------------------------------------------------------------------------------

def _fact_cell(fact: Optional[dict], text: str = "") -> str:
    if not fact:
        return '<span class="muted">—</span>'
    shown = text or fact.get("text", "")
    return f'<span title="{e(json.dumps(fact, ensure_ascii=False))}">{e(shown)}</span>'


def _redline_html(redline: Any) -> str:
    """The diff's text redline: a string with [-del-]/[+ins+] marks, or a list of clause redlines with ops."""
    if not redline:
        return ""
    if isinstance(redline, str):
        return f'<pre class="text">{e(redline)}</pre>'
    blocks = []
    for block in redline:
        ops = block.get("ops", []) if isinstance(block, dict) else []
        html = "".join(e(op.get("a", "")) if op.get("op") == "equal" else
                       (f"<del>{e(op['a'])}</del>" if op.get("a") else "") +
                       (f"<ins>{e(op['b'])}</ins>" if op.get("b") else "") for op in ops)
        label = " → ".join(dict.fromkeys(str(block.get(k) or "—") for k in ("clause_a", "clause_b")))
        blocks.append(f'<h3>clause {e(label)}</h3><div class="text">{html}</div>')
    return "".join(blocks)


def render_diff_html(diff: dict) -> str:
    """HTML for the JSON dict of a diff result: {"a", "b", "changes": [...], "redline" or "text": ...}."""
    rows = []
    for c in diff.get("changes", []):
        direction = c.get("direction", "")
        clause = " → ".join(dict.fromkeys(str(c.get(k) or "—") for k in ("clause_a", "clause_b")))
        rows.append(f'<tr class="{e(direction)}"><td>{e(c.get("family"))}</td><td>{e(c.get("kind") or "")}</td>'
                    f'<td>{e(c.get("event") or "")}</td><td>{_fact_cell(c.get("old"), c.get("old_text", ""))}</td>'
                    f'<td>{_fact_cell(c.get("new"), c.get("new_text", ""))}</td><td class="dir">{e(direction)}</td>'
                    f"<td>{e(clause)}</td></tr>")
    columns = ("family", "kind", "about", "A", "B", "direction", "clause")
    head = "".join(f'<th class="sortable">{h}</th>' for h in columns)
    notes = "".join(f'<p class="warn">{e(n)}</p>' for n in diff.get("notes", []))
    table = (f'<table class="sortable diff"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
             if rows else "<p>No changes in the extracted commitments.</p>")
    if "clauses" in diff:  # the clause redline shows every text change, the --text one among them
        from extractor.app.redline_html import clauses_section

        text = clauses_section(diff["clauses"], with_letter=diff.get("pairing", "single") != "single")
    else:
        redline = _redline_html(diff.get("redline") or diff.get("text"))
        text = f"<h2>Text</h2>{redline}" if redline else ""
    body = (f"<h1>slax diff</h1><p>A: <code>{e(diff.get('a'))}</code><br>B: <code>{e(diff.get('b'))}</code></p>"
            f"{notes}<h2>Changes ({len(rows)})</h2>{table}{text}")
    return _page(f"slax diff {diff.get('a', '')} {diff.get('b', '')}", body)
