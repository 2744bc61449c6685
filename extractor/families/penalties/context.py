"""What a penalty's sentence says around it: its cap, its trigger (the condition it answers), its per-unit basis."""
from __future__ import annotations

import functools

import regex

from extractor.families.penalties.data import cue, cues, fragment
from extractor.families.penalties.figures import group, rate_of
from extractor.families.penalties.tables import kpi_row
from extractor.rules.matching import keep_disjoint, timeout_for
from extractor.rules.prefilter import may_match, words
from extractor.rules.wordscan import WordScan

_TRIGGER_TAIL = regex.compile(r"(?:的话|的|者)$")
_FORWARD = regex.compile(r"下表|如下|以下")
_LABEL = regex.compile(
    r"^\s*(?:\(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)|\d{1,2}(?:\.\d{1,2})+[、.]?|\d{1,2}[、.]|\d{1,2}(?=\s)"
    r"|[一二三四五六七八九十]{1,3}[、.])?\s*(?:[\p{Han}]{2,6}:)?"
)
Cap = tuple[int, int, str, "float | None", str]  # start and end in the sentence, as written, rate, cue id


@functools.cache
def _cap_words() -> WordScan:
    return WordScan([words(c.pattern) for c in cues("cap")])


@functools.lru_cache(maxsize=64)
def caps(sentence: str) -> list[Cap]:
    """The caps a sentence states (累计不超过…, 以…为限, 最高减免至…), overlaps resolved."""
    found = []
    listed = cues("cap")
    for i in sorted(_cap_words().lists_holding(sentence)):  # the cues whose words it holds, from one scan
        c = listed[i]
        for m in c.pattern.finditer(sentence, timeout=timeout_for(sentence)):
            rate = group(m, "rate")
            found.append((m.start(), m.end(), (m.start(), m.end(), m.group(0), rate_of(rate) if rate else None,
                                               c.id)))
    return keep_disjoint([(0, s, e, v) for s, e, v in found])


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the sentence (cut at 。;!?\\n) holding ``pos``."""
    start = max(text.rfind(c, 0, pos) for c in "。;!?\n") + 1
    ends = [i for i in (text.find(c, pos) for c in "。;!?\n") if i >= 0]
    return start, min(ends, default=len(text))


def trigger(window: str) -> tuple[str | None, str | None]:
    """The condition a penalty answers: the last trigger in its sentence before it, without labels or cause;
    and the id of the cue that found it."""
    best, best_id = None, None
    for c in cues("trigger"):
        if not may_match(c.pattern, window):
            continue
        for m in c.pattern.finditer(window, timeout=timeout_for(window)):
            if best is None or m.start("t") > best.start("t"):
                best, best_id = m, c.id
    if best is None:
        return None, None
    t = _TRIGGER_TAIL.sub("", _LABEL.sub("", best.group("t"))).strip()
    t = fragment("TRIGGER_CAUSE").sub("", t)
    return (t, best_id) if len(t) >= 2 else (None, None)


def row_trigger(text: str, pos: int) -> str | None:
    """A KPI row's cells before the penalty's own cell (发货及时率 | ≥98%) are its trigger."""
    cell_start = text.rfind("|", 0, pos)
    if cell_start < 0 or "\n" in text[cell_start:pos] or not kpi_row(text, pos):
        return None
    return text[text.rfind("\n", 0, cell_start) + 1:cell_start].strip(" |") or None


def per(window: str, after: str) -> tuple[str | None, str | None]:
    """The per-unit basis: nearest before the fact (每超时1小时, 每次), else right after it (500元/次); and the id
    of the cue that found it."""
    best, best_id = None, None
    for c in cues("per"):
        if c.id == "per.suffix" or not may_match(c.pattern, window):
            continue
        for m in c.pattern.finditer(window, timeout=timeout_for(window)):
            if best is None or m.end() > best.end():
                best, best_id = m, c.id
    if best:
        return best.group(0).strip(), best_id
    s = cue("per.suffix").pattern.search(after)
    return (s.group(0).strip(), "per.suffix") if s else (None, None)


def spread_caps(text, sentences, kept, facts, own_caps: dict[int, list[Cap]]) -> None:
    """A cap in a sentence of its own applies to the neighbouring run of fact sentences."""
    with_facts = {c.sent for c in kept}
    for si, own in own_caps.items():
        if not own or si in with_facts or not cue("credit_word").pattern.search(text[slice(*sentences[si])]):
            continue
        run = _fact_run(text, sentences, si, with_facts)
        for c, fact in zip(kept, facts):
            if c.sent in run and fact.cap is None and c.kind != "termination":
                fact.cap, fact.cap_rate = own[0][2], own[0][3]
                fact.evidence.cues.append(own[0][4])


def _fact_run(text: str, sentences, si: int, with_facts: set[int]) -> set[int]:
    """The run of fact sentences a cap standing in sentence ``si`` covers: the following run when it says
    下表/如下/以下, else the preceding one."""
    forward = _FORWARD.search(text[slice(*sentences[si])]) is not None
    step = 1 if forward else -1
    # A cap after ";" closes its own sentence (扣除…的1%;累计扣除不超过…20%): it reaches no fact before the 。.
    joined = not forward and _separator(text, sentences[si][0]) == ";"
    j, skipped, run = si + step, 0, set()
    while 0 <= j < len(sentences) and skipped <= 2:
        if joined and _separator(text, sentences[j + 1][0]) != ";":
            break
        if j in with_facts:
            run.add(j)
        elif run:
            break
        else:
            skipped += 1
        j += step
    return run


def _separator(text: str, start: int) -> str:
    """The mark that closed the sentence before the one starting at ``start``."""
    return text[start - 1] if start else ""
