"""Display helpers every family's ``present`` module shares: numbers, durations, comparators, directions."""
from __future__ import annotations

from typing import Optional

COMPARATOR = {">=": "≥", ">": ">", "=": "", "<=": "≤", "<": "<"}
# How every family shows a value left unfilled; the app's tables find it here to say it in the reader's language.
BLANK_MARK = "(blank)"


def percent(fraction: float, digits: int = 6) -> str:
    return f"{fraction * 100:.{digits}g}%"


def duration(minutes: float, units: tuple[str, str, str] = ("d", "h", "min")) -> str:
    """90 -> 90min, 240 -> 4h, 2880 -> 2d: the largest whole unit. ``units`` are the words for day, hour and
    minute (the app passes them in the reader's language)."""
    day, hour, minute = units
    for unit, size in ((day, 1440), (hour, 60)):
        if minutes >= size and minutes % size == 0:
            return f"{minutes / size:g}{unit}"
    return f"{minutes:g}{minute}"


def comparator(fact) -> str:
    """The fact's comparator as shown (≥, ≤, ...); nothing for = or none."""
    return COMPARATOR.get(getattr(fact, "comparator", None) or "=", "")


def compare(old: Optional[float], new: Optional[float], higher_is_stricter: bool) -> str:
    """stricter / looser for the recipient when both numbers are known and differ, else changed."""
    if old is None or new is None or old == new:
        return "changed"
    return "stricter" if (new > old) == higher_is_stricter else "looser"


def blank_short(fact) -> Optional[str]:
    """The short form of a fact left blank (no value): ``(blank) <text>``; None when it has a value."""
    if fact.blank and fact.value is None:
        return f"{BLANK_MARK} {fact.text}"
    return None
