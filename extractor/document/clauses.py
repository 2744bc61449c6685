"""The clause tree of a letter and its sentences.

Clause numbers are recognised by sequence, not by look alone: a candidate such as ``1.2`` is a heading only if it
continues the numbering open at that point (next sibling, first child, or next sibling of an ancestor). That is what
tells ``1.2适用范围`` from ``2.1倍`` or a year in a one-line scraped body.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractor.document.segment_rules import TIMEOUT, _rules
from extractor.rules.matching import timeout_for
from extractor.rules.numerals import parse_number
from extractor.rules.prefilter import may_match

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class ClauseSegment:
    id: str
    number: str
    scheme: str
    heading: str
    depth: int
    parent: str | None
    start: int
    end: int = -1


@dataclass
class _Open:
    scheme: str
    value: tuple
    clause: ClauseSegment


def _value(kind: str, token: str) -> tuple | None:
    if kind == "dotted":
        return tuple(int(p) for p in token.split("."))
    if kind == "circled":
        return (_CIRCLED.index(token) + 1,)
    number = parse_number(token)
    return None if number is None else (int(number),)


def _candidates(text: str, start: int, end: int):
    found = {}
    letter = text[start:end]
    for scheme in _rules()["schemes"]:
        if not may_match(scheme.pattern, letter):  # no word of the scheme (①, 第, 、…) in the letter
            continue
        for m in scheme.pattern.finditer(text, start, end, timeout=timeout_for(text, start, end, TIMEOUT)):
            value = _value(scheme.kind, m.group("n"))
            if value and m.start() not in found:
                found[m.start()] = (m.start(), m.end(), scheme.name, value, m.group(0))
    return [found[k] for k in sorted(found)]


def _place(stack: list[_Open], scheme: str, value: tuple) -> int | None:
    """Index in ``stack`` where the candidate goes (it replaces stack[i:]), or None if it is not a heading."""
    for i in range(len(stack) - 1, -1, -1):
        o = stack[i]
        if o.scheme != scheme:
            continue
        if len(o.value) == len(value) and value[:-1] == o.value[:-1] and value[-1] == o.value[-1] + 1:
            return i  # next sibling
        if len(value) >= 2 and len(o.value) == len(value) and value[:-2] == o.value[:-2] \
                and value[-2] == o.value[-2] + 1 and value[-1] == 1:
            return i  # first of the next group whose parent heading is missing (1.5 -> 2.1)
        if len(value) == len(o.value) + 1 and value[:-1] == o.value and value[-1] == 1:
            return i + 1  # first child of a dotted parent (3. -> 3.1)
    if value[-1] == 1 and not any(o.scheme == scheme for o in stack):
        return len(stack)  # a new, deeper numbering scheme starts
    return None


def clauses(text: str, start: int, end: int) -> list[ClauseSegment]:
    stack: list[_Open] = []
    out: list[ClauseSegment] = []
    for c_start, _c_end, scheme, value, token in _candidates(text, start, end):
        if out and c_start < out[-1].start + len(out[-1].number):
            continue
        at = _place(stack, scheme, value)
        if at is None:
            continue
        del stack[at:]
        parent = stack[-1].clause if stack else None
        component = _component(scheme, token, value, parent, stack)
        clause = ClauseSegment(
            id=f"{parent.id}.{component}" if parent else component,
            number=token,
            scheme=scheme,
            heading="",
            depth=len(stack) + 1,
            parent=parent.id if parent else None,
            start=c_start,
        )
        stack.append(_Open(scheme, value, clause))
        out.append(clause)
    for i, clause in enumerate(out):
        nxt = next((o.start for o in out[i + 1:] if o.depth <= clause.depth), end)
        clause.end = nxt
        body_end = out[i + 1].start if i + 1 < len(out) else end
        clause.heading = _heading(text, clause.start + len(clause.number), min(body_end, nxt))
    return out


def _component(scheme: str, token: str, value: tuple, parent: ClauseSegment | None, stack) -> str:
    if scheme == "arabic":
        # 3.1.2 under 3.1 is written as its last part; an orphan 1.1 keeps its full number.
        if len(value) > 1 and stack and stack[-1].scheme == "arabic" and stack[-1].value == value[:-1]:
            return str(value[-1])
        return ".".join(str(v) for v in value)
    if scheme == "article":
        return token
    return token.rstrip("、.")


def _heading(text: str, start: int, end: int) -> str:
    rules = _rules()
    body = text[start:end].lstrip()
    stop = rules["heading_stop"].search(body, timeout=TIMEOUT)
    head = body[: stop.start() if stop else len(body)].strip()
    for term in rules["heading_terms"]:
        # "运维管理制定应急预案" is heading + body; "服务水平协议" is a longer heading.
        if head.startswith(term) and (len(head) == len(term) or len(head) - len(term) >= 3):
            return term
    if len(head) <= rules["heading_short"]:
        return head
    definition = rules["definition"].search(body, timeout=TIMEOUT)
    if definition:
        return definition.group("term")
    return head[: rules["heading_max"]]


# --- sentences ---------------------------------------------------------------

def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in _rules()["sentence"].finditer(text, start, end, timeout=timeout_for(text, start, end, TIMEOUT)):
        _add_sentence(text, pos, m.end(), out)
        pos = m.end()
    _add_sentence(text, pos, end, out)
    return out


def _add_sentence(text: str, s: int, e: int, out: list) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
