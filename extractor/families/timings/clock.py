"""Support hours: a grid ("7×24"), a clock window ("9:00-18:00", "上午8时至下午5时") and what a window is for.

A window after planned work ("割接安排在每日00:00-06:00") is the maintenance window; one that a veto stops
(a procurement's office hours, an incident's time, a forbidden window, a one-off event) is no fact.
"""
from __future__ import annotations

import functools

import regex

from extractor.families.timings.cuewords import words
from extractor.families.timings.kinds import before_cue
from extractor.models import TimingKind
from extractor.rules.matching import after, before, fragments
from extractor.rules.numerals import parse_number
from extractor.rules.patterns import compile_rule
from extractor.rules.vetoes import vetoes

WINDOW_RULES = {"support_hours_range", "support_hours_clock", "support_hours_attendance"}
_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"
# 晚 alone only in an attendance window ("晚5:30离开").
_AFTERNOON = {"中午", "下午", "晚上", "傍晚", "晚"}


def support_hours(rule_id: str, g: dict) -> dict:
    """The fields of a support-hours figure: ``hours`` as "7x24" or "08:00-20:00", or a blank."""
    if rule_id in ("support_hours_grid", "support_hours_spelled"):
        return {"hours": f"{_count(g['a'])}x{_count(g['b'])}"}
    if rule_id == "support_hours_grid_reversed":
        return {"hours": f"{g['a'] or g['a2']}x{g['b'] or g['b2']}"}
    if rule_id in WINDOW_RULES:
        return {"hours": _clock(g, "1", g["ap1"]) + "-" + _clock(g, "2", _end_half_day(g))}
    return {"blank": True}


def _count(number: str) -> str:
    """A grid's count in digits: 七 -> 7, 二十四 -> 24."""
    return number if number.isdigit() else str(int(parse_number(number) or 0))


def _end_half_day(g: dict) -> str | None:
    """The end hour keeps the start's 下午 unless it names its own or wraps ("下午2时至5时" ends at 17:00;
    "晚上8时至次日8时" does not)."""
    if g["ap2"] or g["next"] or not g["ap1"]:
        return g["ap2"]
    return g["ap1"] if (parse_number(g["h2"]) or 0) > (parse_number(g["h1"]) or 0) else None


def _clock(g: dict, i: str, half_day: str | None) -> str:
    """HH:MM from digits or clock words; 下午5时 is 17:00, 中午12时 stays 12:00."""
    hour = int(parse_number(g["h" + i]) or 0)
    if (half_day in _AFTERNOON or (g.get("lat" + i) or "").lower() == "pm") and hour < 12:
        hour += 12
    minute = 30 if g.get("half" + i) else int(parse_number(g["m" + i]) or 0) if g["m" + i] else 0
    return f"{hour:02d}:{minute:02d}"


def window_kind(rule_id: str, text: str, start: int, end: int,
                checked: list[str]) -> tuple[TimingKind, tuple[str, ...]] | None:
    """support_hours or maintenance for a clock window and the cue that says so; None when a veto stops it."""
    if vetoes("timings").first(text, start, end, rule=rule_id, when=("window",), checked=checked):
        return None
    cue = before_cue(text, start)
    if cue and cue[0].gives == "maintenance":
        return "maintenance", (cue[0].id,)
    if words("window", "maintenance").search(before(text, start, 24, _CLAUSE)) \
            or _scheduled_maintenance(text, start, end) \
            or words("window", "maintenance_after").search(after(text, end, 30, _CLAUSE)):
        return "maintenance", ()
    if vetoes("timings").first(text, start, end, rule=rule_id, kind="support_hours", when=("window_kind",),
                               checked=checked):
        return None
    # A dated window the veto let through names planned work ("定于6月1日凌晨0:00-4:00进行系统升级").
    return ("maintenance" if _dated().search(before(text, start, 16, _SENT)) else "support_hours"), ()


@functools.cache
def _dated() -> regex.Pattern:
    return compile_rule("timings.toml:fragments.DATED", fragments("timings")["DATED"])


def _scheduled_maintenance(text: str, start: int, end: int) -> bool:
    """A window whose clause only schedules work named earlier in the sentence is that work's window."""
    clause = before(text, start, 24, _CLAUSE)
    if not words("window", "scheduled").search(clause) \
            or not words("window", "scheduled_after").search(after(text, end, 8, "")):
        return False
    return bool(words("window", "maintenance_word").search(before(text, start - len(clause), 60, _SENT)))
