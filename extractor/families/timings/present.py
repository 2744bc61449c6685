"""How timing facts are shown, compared and aligned in a diff."""
from __future__ import annotations

import re
from typing import Optional

from extractor.families.present import BLANK_MARK, blank_short, comparator, compare, duration

TABLE_COLUMNS = ("kind", "event", "tier", "value", "unit", "minutes", "comparator", "hours", "blank", "text", "page",
                 "rule")
DIFF_KEYS = (lambda f: (f.kind, f.tier, f.event), lambda f: (f.kind, f.tier))
# For these a longer period protects the recipient; for every other timing shorter is stricter
# (for frequency, minutes is the interval: a shorter interval is more frequent).
LONGER_IS_STRICTER = {"notice", "retention", "validity", "claim", "support_hours"}
_UNIT = {"minute": "min", "hour": "h", "day": "d", "business_day": " working days", "week": "w", "month": "mo",
         "year": "y", "second": "s", "ms": "ms"}
_GRID = re.compile(r"(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)")


def weekly_hours(hours: Optional[str]) -> Optional[float]:
    """7x24 -> 168, 5x8 -> 40, 08:00-20:00 -> 84 (every day); None when unreadable."""
    if not hours:
        return None
    if m := _GRID.search(hours):
        return float(m.group(1)) * float(m.group(2))
    if m := re.search(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", hours):
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        return 7 * ((h2 * 60 + m2 - h1 * 60 - m1) % 1440) / 60
    return None


def signature(f) -> tuple:
    return (f.kind, f.tier, f.minutes if f.minutes is not None else (f.value, f.unit), f.comparator, f.hours, f.blank)


def has_value(f) -> bool:
    return f.minutes is not None or f.value is not None or bool(f.hours)


def direction(old, new) -> str:
    if old.kind == "support_hours" and (old.hours or new.hours):
        return compare(weekly_hours(old.hours), weekly_hours(new.hours), higher_is_stricter=True)
    longer = old.kind in LONGER_IS_STRICTER
    if old.minutes is not None and new.minutes is not None:
        return compare(old.minutes, new.minutes, higher_is_stricter=longer)
    if old.unit == new.unit:
        return compare(old.value, new.value, higher_is_stricter=longer)
    return "changed"


def about(f) -> tuple:
    if f.tier and f.event and f.tier in f.event:
        return f.kind, f.event
    return f.kind, " ".join(x for x in (f.tier, f.event) if x) or None


def short(f) -> str:
    """≤30min, 7x24, every 2 months."""
    if (blank := blank_short(f)) is not None:
        return blank
    if f.hours:
        return f.hours
    if f.kind == "frequency" and f.unit:
        unit = f.unit.replace("_", " ")
        return f"every {unit}" if f.value in (None, 1) else f"every {f.value:g} {unit}s"
    if f.value is not None and f.unit:
        return f"{comparator(f)}{f.value:g}{_UNIT.get(f.unit, ' ' + f.unit)}"
    if f.minutes is not None:
        return f"{comparator(f)}{duration(f.minutes)}"
    return f.text


def describe(f) -> str:
    """response ≤30min (P1 故障)."""
    blank = BLANK_MARK if f.blank else ""
    value = f.hours or (f"{comparator(f)}{duration(f.minutes)}" if f.minutes is not None else "") or blank
    who = " ".join(x for x in (f.tier, f.event) if x)
    return " ".join(x for x in (f.kind, value, who and f"({who})") if x)


def headline_text(f) -> str:
    return duration(f.minutes)
