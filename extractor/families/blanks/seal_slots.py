"""A seal slot left unstamped: a signature block that asks for a seal (`承诺方(盖章):`, `单位公章:`) with no red seal
detected near it is a blank of kind ``seal`` (label 盖章), as unfilled as an empty `签订日期:____`.

This is decided only where seal detection ran and could see colour (document/seals.py): a page read by OCR, or a
text-PDF page holding an image, rendered in colour. A black-and-white scan (seals ``unknown``), a plain text file,
a DOCX or a PDF page without images never gets a ``seal`` blank: nothing was looked at, so nothing is absent.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import regex

from extractor.models import BlankFact, Span

LABEL = "盖章"
KIND: Literal["seal"] = "seal"
CONTEXT = 15  # characters either side, as the other blanks (blanks/extract.py)
# The seal words of a signature block, in normalized text (full-width brackets and colons are half-width there):
# a bracketed `(盖章)` after a role or a company name, or a field label ending in a seal word before its colon.
# `双方签字盖章之日起生效` (a clause about sealing) is neither.
SLOT = regex.compile(r"\((?:盖章|公章|签章|印章|章|盖公章|加盖公章|签字或盖章|签字并盖章|签字盖章|签名或盖章"
                     r"|签名并盖章)\)|(?m:^[ \t]*\p{Han}{0,8}?(?:盖章|公章|签章)(?=[ \t]*:))")


def seal_blanks(raw, norm_text: str, start: int, end: int, source_span: Callable[[int, int], Span],
                clause_at: Callable[[int], str | None], line_of: Callable[[int], int]) -> list[BlankFact]:
    """The unstamped seal slots of the letter at normalized [start, end), as blanks (source spans).

    ``raw.seals`` is the seal report of the file (None when no page was looked at)."""
    report = raw.seals
    if not report:
        return []
    seen = set(report["looked"]) - set(report["colourless"])
    slots = []
    for m in SLOT.finditer(norm_text, start, end):
        lead = len(m.group(0)) - len(m.group(0).lstrip(" \t"))
        span = source_span(m.start() + lead, m.end())
        if span.page in seen:
            slots.append((m.start() + lead, m.end(), span, _box(raw.char_boxes, span)))
    stamped = _stamped([(span.page, box) for _, _, span, box in slots], report["found"])
    out = []
    for k, (s, e, span, _) in enumerate(slots):
        if k in stamped:
            continue
        context = norm_text[max(start, s - CONTEXT):min(end, e + CONTEXT)].replace("\n", " ")
        out.append(BlankFact(rule="seal_slot", label=LABEL, kind=KIND, text=raw.text[span.start:span.end],
                             clause=clause_at(s), span=span, line=line_of(span.start), context=context))
    return out


def _box(boxes, span: Span):
    """The box (PDF points) of the slot's words: from its first and last characters that have one."""
    if boxes is None:
        return None
    found = [b for b in (boxes[k] for k in range(span.start, min(span.end, len(boxes)))) if b is not None]
    if not found:
        return None
    return (min(b[0] for b in found), min(b[1] for b in found), max(b[2] for b in found), max(b[3] for b in found))


def _stamped(slots: list[tuple[int | None, tuple | None]], seals: list[dict]) -> set[int]:
    """Indices of the slots a seal stamps: each seal stamps the nearest slot of its page that lies within one seal
    height above or below it and three seal widths beside it (a seal sits on its slot, or on the name or date
    after it); a slot without a known box takes any seal of its page."""
    out = set()
    for seal in seals:
        x0, y0, x1, y1 = seal["bbox"]
        near = []
        for k, (page, box) in enumerate(slots):
            if page != seal["page"]:
                continue
            dx = 0.0 if box is None else max(0.0, box[0] - x1, x0 - box[2])
            dy = 0.0 if box is None else max(0.0, box[1] - y1, y0 - box[3])
            if dx <= 3 * (x1 - x0) and dy <= y1 - y0:
                near.append((math.hypot(dx, dy), k))
        if near:
            out.add(min(near)[1])
    return out


def merged(blanks: list, seal: list) -> list:
    """``blanks`` with the ``seal`` blanks put in reading order, the others' order kept."""
    out = list(blanks)
    for blank in seal:
        at = next((k for k, b in enumerate(out) if b.span.start > blank.span.start), len(out))
        out.insert(at, blank)
    return out
