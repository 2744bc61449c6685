"""Checks that timings vetoes name by ``hook`` where their words alone cannot judge (patterns/timings.toml).

Each takes the text and the candidate's offsets and says whether the veto holds; the veto's own regex has
already matched. Registered with the engine by ``extract`` (``register_hooks("timings", HOOKS)``).
"""
from __future__ import annotations

import regex

from extractor.commitment.filters import has_disclaimer
from extractor.families.timings.cuewords import words
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import after, before, timeout_for
from extractor.rules.vetoes import Hook

_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"
_UNDER_A_DAY = ("小时", "分钟", "秒")
_BARE_TAIL = regex.compile(r"^(?:以内|之内|内|左右)?[ )）\]】]*$")


def under_a_day(text: str, start: int, end: int) -> bool:
    """The candidate (a frequency's period word) is shorter than a day."""
    return text[start:end] in _UNDER_A_DAY


def caused_incident(text: str, start: int, end: int) -> bool:
    """The window's sentence goes on to say what it caused ("…,机房UPS切换导致…中断")."""
    return bool(words("window", "incident").search(after(text, end, 40, _SENT)))


def no_planned_work(text: str, start: int, end: int) -> bool:
    """The window's clause names no planned work (维护, 升级, 割接…)."""
    clause = before(text, start, 24, _CLAUSE) + after(text, end, 16, _CLAUSE)
    return not words("window", "maintenance_word").search(clause)


def commits_to_nothing(text: str, start: int, end: int) -> bool:
    """The document disclaims any commitment ("不构成任何承诺") or has no commitment wording at all."""
    lex = lexicon()
    if has_disclaimer(text, lex):
        return True
    pattern = lex.context.get("commitment")
    return pattern is not None and not pattern.search(text, timeout=timeout_for(text))


def bare_figure(text: str, start: int, end: int) -> bool:
    """Nothing follows the figure in its clause but 内 and closing brackets: a tier's bare figure."""
    return not _BARE_TAIL.sub("", after(text, end, 12, _CLAUSE))


HOOKS: dict[str, Hook] = {
    "bare_figure": bare_figure,
    "under_a_day": under_a_day,
    "caused_incident": caused_incident,
    "no_planned_work": no_planned_work,
    "commits_to_nothing": commits_to_nothing,
}
