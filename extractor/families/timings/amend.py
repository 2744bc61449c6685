"""Second thoughts on a placed kind: the words around a deadline that change what its cue said.

A reply in a sentence that names a fault report is the first reaction (response); a contact that answers a complaint
is a reply; a bare report on a line naming a medical test is the test's result; a figure in seconds of a time kind is
a latency, unless a person answers a call in it; a service counted in years under a warranty heading is the warranty's
term; a notice of damage counted from the customer's receipt is the customer's claim. Each test reads one table of
patterns/timings.toml.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from extractor.families.timings.cuewords import words
from extractor.models import TimingKind
from extractor.rules.matching import after, before

_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"
# A switch or restart counted in seconds is a latency ("60秒内将流量切换至健康节点"), whatever the verb; so is a
# figure in seconds no cue placed when its clause names a time before it ("连接超时时间由60秒调整为30秒"). A bare
# count of seconds is none: a formula's factor ("60秒×60分×24小时"), the seconds of a computed downtime
# ("8小时45分36秒"). A call a person answers in seconds is a response ([call_answer]: "30秒内有接待员接听来电").
_TIME_KINDS_FOR_LATENCY: set[TimingKind | None] = {"response", "other", "recovery"}
_TIME_WORD = regex.compile(r"时间|时长|耗时|用时")
# A visit, a repair or a service counted in years under a warranty heading is the term of that service
# ("保修年限 … 户外机型 一年 送修", "三年 上门服务"): validity (timings.toml [warranty_term]); elsewhere
# veto service_in_years drops it.
# The units of a system's latency; a delay counted in minutes or more is something late (extract: coarse_unit).
LATENCY_UNITS = frozenset({"ms", "second"})
_TERM_KINDS: set[TimingKind | None] = {"response", "onsite", "resolution", "recovery", "reply", "other"}
_WARRANTY_WINDOW = 300  # characters before the figure that may hold the warranty heading
_CLAIM_WINDOW = 40  # characters of the sentence either side of a claim window that may name the damage
_TEST_WINDOW = 60  # characters of the line before a report's deadline that may name the test it reports
_REFUND_WINDOW = 120  # characters before a processing time that may name the refund (a heading, a table's header)
# Kinds a window counted from the customer's receipt may have been given by a cue that reads only one word: a
# warranty's 包换 or 有效, a generic verb, or none (timings.toml [receipt_window]).
_RECEIPT_KINDS: set[TimingKind | None] = {None, "validity", "other"}


class Placed(NamedTuple):
    """A figure's kind, its span grown to the cue, and the ids of the cue blocks that placed it."""

    kind: TimingKind | None
    start: int
    end: int
    cues: tuple[str, ...] = ()


def amend(text: str, placed: Placed, fields: dict, start: int, end: int) -> Placed:
    """``placed`` with its kind corrected by the words around the figure (``start``, ``end``)."""
    kind = placed.kind
    sentence = before(text, placed.start, 40, _SENT)
    if kind == "reply" and _answers_fault(text, placed, sentence):
        kind = "response"
    elif kind == "response" and _answers_inquiry(text, placed, sentence):
        kind, placed = "reply", placed._replace(cues=(*placed.cues, "inquiry"))
    if placed.cues == ("report.after",) and _test_result(text, placed):
        kind, placed = "other", placed._replace(cues=(*placed.cues, "test_result"))
    if kind == "notice" and _customer_claim(text, placed, start):
        kind, placed = "claim", placed._replace(cues=(*placed.cues, "customer_claim"))
    elif kind in _RECEIPT_KINDS and fields.get("comparator") == "<=" and _receipt_window(text, start, end):
        kind, placed = "claim", placed._replace(cues=(*placed.cues, "receipt_window"))
    if placed.cues == ("resolution.before",) and _refund_processing(text, placed):
        kind, placed = "other", placed._replace(cues=(*placed.cues, "refund_processing"))
    if fields.get("unit") in LATENCY_UNITS and (
            kind in _TIME_KINDS_FOR_LATENCY or kind is None and _TIME_WORD.search(before(text, start, 16, _CLAUSE))) \
            and not _call_answered(text, placed, kind):
        kind = "latency"
    if fields.get("unit") in ("year", "half_year") and kind in _TERM_KINDS and _warranty_term(text, placed, end):
        kind = "validity"
    return placed._replace(kind=kind)


def _answers_fault(text: str, placed: Placed, sentence: str) -> bool:
    """A reply in a sentence that names a fault report or service request, or a bare answer in one that names a fault
    or a severity tier and no complaint or inquiry, is the first reaction to the fault, unless a response deadline came
    first (timings.toml [fault_report])."""
    if words("fault_report", "answered").search(sentence):
        return False
    return bool(words("fault_report", "before").search(sentence)
                or words("fault_report", "state").search(sentence) and not words("inquiry", "before").search(sentence)
                and words("fault_report", "answer").search(text, placed.start, placed.end))


def _answers_inquiry(text: str, placed: Placed, sentence: str) -> bool:
    """A contact after a deadline, in a sentence that names a complaint or an inquiry and no fault report or severity
    tier and sets no later deadline for the answer, answers it ("收到投诉信息,将在12小时内与客户联系"; timings.toml
    [inquiry])."""
    return placed.cues == ("response.after",) and bool(
        words("inquiry", "contact").search(text, placed.start, placed.end)
        and words("inquiry", "before").search(sentence)
        and not (words("fault_report", "before").search(sentence) or words("inquiry", "tier").search(sentence))
        and not words("inquiry", "replied").search(after(text, placed.end, 40, _SENT)))


def _customer_claim(text: str, placed: Placed, start: int) -> bool:
    """A notice counted from the customer's receipt or the work's end, in a sentence that names damage or a defect:
    the customer's window to claim for it ("委托人应于搬运完成后三日内通知本公司物品之毁损"; timings.toml
    [customer_claim])."""
    clause = before(text, start, 16, _CLAUSE)
    sentence = _around(text, start, placed.end, _CLAIM_WINDOW, _SENT)
    return bool(words("customer_claim", "event").search(clause)
                and not words("customer_claim", "provider").search(clause)
                and words("customer_claim", "fault").search(sentence))


def _receipt_window(text: str, start: int, end: int) -> bool:
    """A window right after the customer's receipt, in a sentence naming a return, an objection or a problem and a
    clause naming no repair or warranty: the customer's claim ("收货后7日内如有质量问题包退包换"; timings.toml
    [receipt_window])."""
    lead, head = before(text, start, 20, _SENT), before(text, start, 16, _CLAUSE)
    clause = head + text[start:end] + after(text, end, 24, _CLAUSE)
    return bool(words("receipt_window", "event").search(lead)
                and not words("receipt_window", "provider").search(head)
                and not words("receipt_window", "warranty").search(clause)
                and words("receipt_window", "grievance").search(_around(text, start, end, _CLAIM_WINDOW, _SENT)))


def _around(text: str, start: int, end: int, size: int, stops: str) -> str:
    """The figure's span with ``size`` characters either side, cut at ``stops`` (a sentence around a deadline)."""
    return before(text, start, size, stops) + text[start:end] + after(text, end, size, stops)


def _refund_processing(text: str, placed: Placed) -> bool:
    """A processing time named where a refund is handled and no fault: the refund's deadline ("退款流程 … 处理时间:
    1-5个工作天"; timings.toml [refund_processing])."""
    lead = before(text, placed.start, _REFUND_WINDOW, "") + text[placed.start:placed.end]
    return bool(words("refund_processing", "refund").search(lead)
                and not words("refund_processing", "fault").search(lead))


def _call_answered(text: str, placed: Placed, kind: TimingKind | None) -> bool:
    """A response whose span names a call picked up by a person ("30秒内应答", "来电15秒内接听"; timings.toml
    [call_answer]): how fast the phone is answered, no system's latency."""
    return kind == "response" and bool(words("call_answer", "words").search(text, placed.start, placed.end))


def _test_result(text: str, placed: Placed) -> bool:
    """A bare report after a deadline on a line that names a medical or laboratory test is the test's result
    ("心电图检查: … 急诊患者15分钟出具报告"; timings.toml [test_result])."""
    return bool(words("test_result", "context").search(before(text, placed.start, _TEST_WINDOW, "\n"))
                and words("test_result", "report").search(text, placed.start, placed.end))


def _warranty_term(text: str, placed: Placed, end: int) -> bool:
    """A warranty heading before the figure, or a free repair right after it in its sentence ("五年内免费维修")."""
    return bool(words("warranty_term", "near").search(before(text, placed.start, _WARRANTY_WINDOW, ""))
                or words("warranty_term", "free_after").search(after(text, end, 40, _SENT)))
