"""The clause redline of a diff as HTML: one block per clause added, removed, moved or changed, its text in
the report's highlighted-text look (<ins>/<del> for the change, <mark class="cue"> for caps, exclusions and
conditions). Input is the JSON dict of the diff, so a saved `slax diff -f json` renders the same."""
from __future__ import annotations

import re
from html import escape
from typing import Any

from extractor.app.redline import ClauseEvent, Cue, TextOp, count_events


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _marked(text: str, cues: list[Cue]) -> str:
    """``text`` escaped, each cue wording in it wrapped in <mark class="cue KIND">."""
    words = {c.text: c.kind for c in cues if c.text}
    if not words:
        return _e(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out, pos = [], 0
    for m in pattern.finditer(text):
        kind = words[m.group()]
        out.append(_e(text[pos:m.start()]) + f'<mark class="cue {_e(kind)}" title="{_e(kind)}">{_e(m.group())}</mark>')
        pos = m.end()
    return "".join(out) + _e(text[pos:])


def _ops_html(ops: list[TextOp], cues: list[Cue]) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(_marked(op.a, cues))
            continue
        if op.a:
            out.append(f"<del>{_marked(op.a, cues)}</del>")
        if op.b:
            out.append(f"<ins>{_marked(op.b, cues)}</ins>")
    return "".join(out)


def event_html(data: dict, with_letter: bool = False) -> str:
    """One clause event (its JSON dict): a heading with the event, direction and cues, then its text."""
    event = ClauseEvent.model_validate(data)
    cues = event.cues
    head = [f'<span class="event">{event.event}</span> clause {_e(event.label(with_letter))}']
    if event.direction:
        head.append(f'<span class="dir {event.direction}">{event.direction}</span>')
    head += [f'<span class="muted">{"+" if c.side == "b" else "−"}{c.kind} {_e(c.text)}</span>' for c in event.cues]
    if event.in_facts:
        head.append('<span class="muted">(in the fact table)</span>')
    text = _ops_html(event.redline().ops, cues) if event.event != "moved" else _marked(event.b.text, cues)
    return (f'<div class="clause-event {event.event}" data-event="{event.event}" '
            f'data-clause-a="{_e(event.a and event.a.clause)}" data-clause-b="{_e(event.b and event.b.clause)}">'
            f'<h3>{" ".join(head)}</h3><div class="text">{text}</div></div>')


def clauses_section(events: list[dict], with_letter: bool = False) -> str:
    """``with_letter``: the files hold several letters, so each clause says which (letter:clause)."""
    summary = count_events(ev.get("event") for ev in events) or "no clause added, removed, moved or changed"
    return (f'<section id="clauses"><h2>Clauses ({len(events)})</h2><p class="muted">{_e(summary)}</p>'
            + "".join(event_html(ev, with_letter) for ev in events) + "</section>")
