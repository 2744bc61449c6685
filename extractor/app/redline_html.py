"""The HTML page of `slax diff -f html`: the fact changes as a table, then the clause redline, one block per clause
added, removed, moved or changed, its text in the report's highlighted-text look (<ins>/<del> for the change,
<mark class="cue"> for caps, exclusions and conditions).

Input is the JSON dict of the diff, so a saved `slax diff -f json` renders the same. This module prepares plain
data; templates/diff.html.j2 makes the page (autoescaped, every word from locale/diffpage.toml).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Optional

from extractor.app import templating
from extractor.app.diff import DiffResult
from extractor.app.redline import ClauseEvent, ClauseRedline, Cue, TextOp

# A piece of clause text and the cue kind it is the wording of (None: ordinary text).
Segment = tuple[str, Optional[str]]


def cue_segments(text: str, cues: list[Cue]) -> list[Segment]:
    """``text`` cut so that each cue wording in it is a segment of its own, tagged with the cue's kind."""
    words = {c.text: c.kind for c in cues if c.text}
    if not words:
        return [(text, None)]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out: list[Segment] = []
    pos = 0
    for m in pattern.finditer(text):
        out += [(text[pos:m.start()], None), (m.group(), words[m.group()])]
        pos = m.end()
    return out + [(text[pos:], None)]


def op_parts(ops: list[TextOp], cues: list[Cue]) -> list[tuple[str, list[Segment]]]:
    """Each op as (tag, segments): tag "" for unchanged text, "del" and "ins" for deleted and inserted text."""
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(("", cue_segments(op.a, cues)))
            continue
        if op.a:
            out.append(("del", cue_segments(op.a, cues)))
        if op.b:
            out.append(("ins", cue_segments(op.b, cues)))
    return out


def clause_event(event: ClauseEvent, with_letter: bool = False) -> dict:
    """One clause event: the event, its label, and its text as parts. A moved clause shows its text in B; the
    others their redline."""
    parts = ([("", cue_segments(event.b.text, event.cues))] if event.event == "moved"
             else op_parts(event.redline().ops, event.cues))
    return {"event": event, "label": event.label(with_letter), "parts": parts}


def arrow(a: Any, b: Any) -> str:
    """`2.1`, or `2 → 3` when the two sides differ; `—` for a side that has none."""
    return " → ".join(dict.fromkeys(str(x or "—") for x in (a, b)))


def fact_json(fact: Optional[dict]) -> str:
    return json.dumps(fact, ensure_ascii=False) if fact else ""


def text_redline(redline: Any) -> Any:
    """The older text redline of a saved diff: a string with [-del-]/[+ins+] marks, or clause redlines."""
    if not redline or isinstance(redline, str):
        return redline or None
    blocks = [ClauseRedline.model_validate(block) for block in redline]
    return [{"label": arrow(b.clause_a, b.clause_b), "parts": op_parts(b.ops, [])} for b in blocks]


def render_diff_html(diff: dict, lang: str = "en") -> str:
    """HTML for the JSON dict of a diff result: {"a", "b", "changes": [...], "clauses" or "redline"/"text"}."""
    result = DiffResult.model_validate(diff)
    events = [clause_event(ev, result.pairing != "single") for ev in result.clauses]
    return templating.render(
        "diff.html.j2", lang, diff=result, arrow=arrow, fact_json=fact_json, events=events,
        counts=list(Counter(ev.event for ev in result.clauses).items()),
        # The clause redline shows every text change, the --text one among them.
        clauses="clauses" in diff, redline=text_redline(diff.get("redline") or diff.get("text")))
