"""A deadline whose verb no kind cue knows: a listed verb in a sentence or letter that commits
(``generic_deadline``), or any verb a modal binds (``modal_deadline``): timings.toml [generic_deadline]."""
from __future__ import annotations

import functools

import regex

from extractor.families.timings.cuewords import words
from extractor.rules.matching import after, before
from extractor.rules.patterns import load

_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"
_OPENING = 200  # characters of a letter that hold its title, after any site chrome
_COMMIT_WINDOW = 60  # characters of the sentence before a figure searched for commitment wording


def _committed(text: str, start: int) -> bool:
    """The sentence before a figure (``_COMMIT_WINDOW`` characters) or the letter's opening holds commitment wording
    (timings.toml [generic_deadline] commit): one test for every deadline no kind cue placed. Measured on the dev
    corpus (session 6): windows of 40, 60 and 80 score alike; the opening's title words alone ([generic_deadline]
    opening) lose three deadlines whose letter commits only by 乙方/应 in its first lines."""
    commit = words("generic_deadline", "commit")
    return bool(commit.search(before(text, start, _COMMIT_WINDOW, _SENT)) or commit.search(text[:_OPENING]))


def limit_before(text: str, start: int) -> int | None:
    """Where a limit named before the figure (or before the series it ends) starts, in a sentence or letter that
    commits: "办理时间分别不超过6个、22个、32个工作日" (timings.toml [generic_deadline] before, [series] items)."""
    head = before(text, start, 60, _CLAUSE)
    hit = words("generic_deadline", "before", "(?P<cue>{})[ ]?(?:" + load("timings")["series"]["items"] + ")?$") \
        .search(head)
    return start - len(head) + hit.start("cue") if hit is not None and _committed(text, start) else None


def generic_deadline(text: str, start: int, end: int, any_verb: bool = True) -> regex.Match | None:
    """A deadline with a verb no kind knows, in a sentence or letter that commits (timings.toml [generic_deadline]);
    on a commitment page any verb but a duty will do, unless ``any_verb`` is off (a same-day figure: "当日注销")."""
    window = _verb_window(text, end)
    hit = _generic_verb().search(window)
    if hit is not None and words("generic_deadline", "money").search(after(text, end + hit.end(), 16, _CLAUSE)):
        hit = None  # a sum handed over by the deadline is a payment ("交付合同价款的30%作为定金"), no service level
    # the provider named right after the deadline commits as its subject does before it ("3日内乙方向甲方提交计划")
    if hit is not None and (hit.group("subject") or _committed(text, start)):
        return hit
    if any_verb and words("generic_deadline", "opening").search(text[:_OPENING]) \
            and not _customer_bound(before(text, start, 40, _CLAUSE)):
        # any verb but duties, and not one the customer is bound to ("客户应在出险后48小时内报案")
        return words("generic_deadline", "any_verb", r"^[ ]?(?P<cue>{})").search(window)
    return None


def _verb_window(text: str, end: int, next_clause: bool = True) -> str:
    """The text after a deadline its verb is read in; when the clause ends at the figure, the next clause's opening
    too (``next_clause``: "48小时之内,为甲方开通")."""
    window = after(text, end, 16, _CLAUSE)
    if next_clause and not window.strip() and text[end + len(window):end + len(window) + 1] == ",":
        window += "," + after(text, end + len(window) + 1, 16, _CLAUSE)
    return window


def _customer_bound(head: str) -> bool:
    """The clause up to a deadline binds the customer or either party by a modal (timings.toml [generic_deadline]
    modal_customer): no service the provider promises."""
    return bool(words("generic_deadline", "modal_customer").search(head))


def modal_deadline(text: str, start: int, end: int, modal: str = "modal") -> int | None:
    """Where the verb of a deadline that a modal binds ends ("乙方将在48小时之内,为甲方开通服务账号", "作业将在预定的
    开始时间30分钟内开始"), any verb but a duty or a payment; the last resort for a deadline nothing else placed, after
    the second stage (timings.toml [generic_deadline] modal, modal_customer); a same-day figure's is ``modal_day``."""
    head = before(text, start, 40, _CLAUSE)
    if not words("generic_deadline", modal).search(head) or _customer_bound(head):
        return None
    window = _verb_window(text, end, next_clause=modal == "modal")  # a same-day figure's verb stays in its clause
    hit = words("generic_deadline", "any_verb", r"^(?:,(?=[ ]?(?:将|为|把|向|对|给)))?[ ]?(?P<cue>{})").search(window)
    if hit is None or words("generic_deadline", "money").search(window) \
            or words("generic_deadline", "modal_not").search(window):
        return None  # a sum handed over by the deadline is a payment, no service level
    return end + hit.end()


@functools.cache
def _generic_verb() -> regex.Pattern:
    """A listed verb right after a deadline, after its manner, or after its subject (the next clause may open with
    the subject: "合同生效后2日内,乙方进场勘查")."""
    subject = load("timings")["generic_deadline"]["subject_after"]
    manner = load("timings")["manner"]
    return words("generic_deadline", "after", r"^[ ]?(?:,(?=" + subject + "))?(?P<subject>" + subject + ")?(?:"
                 + manner["after"] + ")?(?:" + manner["object"] + r")?+[^,;。\d]{0,4}?(?P<cue>{})")
