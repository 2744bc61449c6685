"""A timing's event ("恢复核心功能", "重大故障") and severity tier ("P1", "一级") from the words around it."""
from __future__ import annotations

import functools

import regex

from extractor.rules.lexicon import Lexicon, lexicon
from extractor.rules.matching import after, before
from extractor.rules.numerals import NUMBER
from extractor.rules.wordscan import scan_of

_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"


@functools.cache
def _figure() -> regex.Pattern:
    return regex.compile(NUMBER + r"[ ]?" + lexicon().unit_regex())


def _object_of_earlier_deadline(head: str, pos: int) -> bool:
    """An incident word after another deadline in its clause is that deadline's object
    ("2小时内恢复核心功能,24小时内彻底解决": 核心功能 is not the second one's event)."""
    clause_start = max(head.rfind(c, 0, pos) for c in _CLAUSE) + 1
    return bool(_figure().search(head, clause_start, pos))


def event_tier(text: str, start: int, end: int, lex: Lexicon) -> tuple[str | None, str | None]:
    """Event: an incident word right after the verb ("恢复核心功能"), else the nearest before."""
    event = None
    tail = after(text, end, 8, _CLAUSE)
    events = scan_of(lex.events)  # which event words a window holds, from one scan rather than one call each
    for i in sorted(events.lists_holding(tail)):
        hit = lex.events[i].match(tail)
        if hit:
            event = hit.group(0)
            break
    head = before(text, start, 40, _SENT)
    if event is None:
        best = None
        for i in sorted(events.lists_holding(head)):
            for hit in lex.events[i].finditer(head):
                if _object_of_earlier_deadline(head, hit.start()):
                    continue
                if best is None or hit.end() > best.end() or (hit.end() == best.end() and hit.start() < best.start()):
                    best = hit
        event = best.group(0) if best else None
    tier = _last_tier(head + text[start:end], lex)
    if tier is None and "|" in head:
        # A table row grades every cell after its tier cell, however long the cells before the figure.
        line_start = text.rfind("\n", 0, start) + 1
        tier = _last_tier(text[max(line_start, start - 200):start], lex)
    if tier is None:
        # The lead-in of a tier line ("一级事件(…):10分钟内响应,…,2小时内恢复服务") grades every
        # deadline after its colon, however far the sentence runs.
        sentence = before(text, start, 160, _SENT)
        colon = sentence.rfind(":")
        if colon > 0:
            tier = _last_tier(sentence[max(0, colon - 40):colon], lex)
    return event, tier


def _last_tier(window: str, lex: Lexicon) -> str | None:
    for i in sorted(scan_of(lex.tiers).lists_holding(window)):
        hits = list(lex.tiers[i].finditer(window))
        if hits:
            return hits[-1].group(0)
    return None
