"""How blanks are shown and aligned in a diff. A blank's own `kind` (underline, placeholder) is how it is
drawn, not what it is about: a diff names a blank by its label."""
from __future__ import annotations

TABLE_COLUMNS = ("label", "kind", "text", "page", "line", "context")
DIFF_KEYS = (lambda f: (f.label,),)


def signature(f) -> tuple:
    return (f.label,)


def has_value(f) -> bool:
    return False  # a blank is the absence of a value


def direction(old, new) -> str:
    return "changed"


def about(f) -> tuple:
    return None, f.label


def short(f) -> str:
    """承诺人签名 ______."""
    return f"{f.label} {f.text}".strip()


def describe(f) -> str:
    """blank: 承诺人签名 [underline]."""
    return f"blank: {f.label} [{f.kind}]"


def headline_text(f) -> str:
    return f.label
