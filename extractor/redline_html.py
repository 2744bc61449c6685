"""The clause redline of a diff as HTML: one block per clause added, removed, moved or changed, its text in
the report's highlighted-text look (<ins>/<del> for the change, <mark class="cue"> for caps, exclusions and
conditions). Input is the JSON dict of the diff, so a saved `slax diff -f json` renders the same."""
from __future__ import annotations

import re
from html import escape
from typing import Any

from .redline import count_events


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _marked(text: str, cues: list[dict]) -> str:
    """``text`` escaped, each cue wording in it wrapped in <mark class="cue KIND">."""
    words = {c["text"]: c["kind"] for c in cues if c.get("text")}
    if not words:
        return _e(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out, pos = [], 0
    for m in pattern.finditer(text):
        kind = words[m.group()]
        out.append(_e(text[pos:m.start()]) + f'<mark class="cue {_e(kind)}" title="{_e(kind)}">{_e(m.group())}</mark>')
        pos = m.end()
    return "".join(out) + _e(text[pos:])


def _ops_html(ops: list[dict], cues: list[dict]) -> str:
    out = []
    for op in ops:
        if op.get("op") == "equal":
            out.append(_marked(op.get("a", ""), cues))
            continue
        if op.get("a"):
            out.append(f"<del>{_marked(op['a'], cues)}</del>")
        if op.get("b"):
            out.append(f"<ins>{_marked(op['b'], cues)}</ins>")
    return "".join(out)


def _label(event: dict) -> str:
    a, b = (event.get(k) or {} for k in ("a", "b"))
    a, b = a.get("clause"), b.get("clause")
    return f"{a} → {b}" if a and b and a != b else a or b or "—"


def _body(event: dict) -> str:
    cues, kind = event.get("cues") or [], event.get("event")
    if kind == "added":
        return f"<ins>{_marked(event['b']['text'], cues)}</ins>"
    if kind == "removed":
        return f"<del>{_marked(event['a']['text'], cues)}</del>"
    if kind == "changed" and event.get("diff"):
        return _ops_html(event["diff"], cues)
    return _marked((event.get("b") or event.get("a") or {}).get("text", ""), cues)


def event_html(event: dict) -> str:
    kind, direction = event.get("event", ""), event.get("direction")
    head = [f'<span class="event">{_e(kind)}</span> clause {_e(_label(event))}']
    if direction:
        head.append(f'<span class="dir {_e(direction)}">{_e(direction)}</span>')
    for cue in event.get("cues") or []:
        sign = "+" if cue.get("side") == "b" else "−"
        head.append(f'<span class="muted">{sign}{_e(cue.get("kind"))} {_e(cue.get("text"))}</span>')
    if event.get("in_facts"):
        head.append('<span class="muted">(in the fact table)</span>')
    side = lambda k: _e((event.get(k) or {}).get("clause") or "")  # noqa: E731
    return (f'<div class="clause-event {_e(kind)}" data-event="{_e(kind)}" data-clause-a="{side("a")}" '
            f'data-clause-b="{side("b")}"><h3>{" ".join(head)}</h3><div class="text">{_body(event)}</div></div>')


def clauses_section(events: list[dict]) -> str:
    summary = count_events(ev.get("event") for ev in events) or "no clause added, removed, moved or changed"
    return (f'<section id="clauses"><h2>Clauses ({len(events)})</h2><p class="muted">{_e(summary)}</p>'
            + "".join(event_html(ev) for ev in events) + "</section>")
