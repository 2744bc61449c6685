"""How availability facts are shown, compared and aligned in a diff."""
from __future__ import annotations

from extractor.families.present import BLANK_MARK, blank_short, comparator, compare, percent

TABLE_COLUMNS = ("kind", "value", "comparator", "period", "subject", "blank", "text", "page", "rule")
# From specific to broad: the levels at which a diff pairs availability facts.
DIFF_KEYS = (lambda f: (f.metric, f.period, f.subject), lambda f: (f.metric,))


def signature(f) -> tuple:
    return (f.value, f.comparator, f.period, f.metric, f.blank)


def has_value(f) -> bool:
    return f.value is not None


def direction(old, new) -> str:
    return compare(old.value, new.value, higher_is_stricter=True)


def about(f) -> tuple:
    return f.metric, f.subject


def short(f) -> str:
    """≥99.9%, ≥8760h."""
    if (blank := blank_short(f)) is not None:
        return blank
    if f.metric == "availability" and f.value is not None:
        return f"{comparator(f)}{percent(f.value, 4)}"
    return f"{comparator(f)}{f.value:g}h" if f.value is not None else f.text


def describe(f) -> str:
    """availability ≥99.9% month (核心系统)."""
    if f.value is None:
        return f"{f.metric}{f' {BLANK_MARK}' if f.blank else ''}"
    shown = percent(f.value) if f.metric == "availability" else f"{f.value:g}h"
    return " ".join(x for x in (f.metric, f"{comparator(f)}{shown}", f.period, f.subject and f"({f.subject})") if x)


def headline_text(f) -> str:
    return f"{comparator(f)}{percent(f.value, 4)}"
