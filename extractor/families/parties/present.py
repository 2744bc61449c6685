"""How parties are shown and aligned in a diff."""
from __future__ import annotations

from extractor.families.present import BLANK_MARK
from extractor.models import Party

TABLE_COLUMNS = ("kind", "label", "name", "blank", "text", "page")
DIFF_KEYS = (lambda f: (f.role,),)


def signature(f) -> tuple:
    return (f.role, f.name, f.blank)


def has_value(f) -> bool:
    return bool(f.name)


def direction(old, new) -> str:
    return "changed"


def about(f) -> tuple:
    return f.role, f.label


def short(f) -> str:
    """The name, else (blank) or the role word."""
    return f.name or (BLANK_MARK if f.blank else f.label)


def describe(f) -> str:
    """promisor 承诺方: 某某科技有限公司."""
    return f"{f.role} {f.label}: {f.name or BLANK_MARK}"


def headline_text(f) -> str:
    return f.name or BLANK_MARK


def first_per_role(parties: list[Party]) -> list[Party]:
    """One party per role, the first naming it: a long letter is read in pieces and each may name the parties."""
    first: dict[str, Party] = {}
    for p in parties:
        first.setdefault(p.role, p)
    return list(first.values())
