"""Compare two letters fact by fact, judged from the recipient's side (接收方/甲方).

Facts are aligned by what they are about (family, kind, event/tier/base), never by
position: each family has key levels from specific to broad, and at each level equal
facts pair first (unchanged, not reported), then the rest pair in reading order.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Callable, Literal, Optional

from pydantic import BaseModel, Field

from extractor.app.redline import ClauseEvent, ClauseRedline, LetterView, TextOp  # noqa: F401 (TextOp: part of this API)
from extractor.app.render import describe

Direction = Literal["stricter", "looser", "changed", "added", "removed", "filled", "emptied"]
FAMILY_ORDER = ("parties", "availability", "timings", "penalties", "blanks")

# For these a longer period protects the recipient; for every other timing shorter is stricter
# (for frequency, minutes is the interval: a shorter interval is more frequent).
LONGER_IS_STRICTER = {"notice", "retention", "validity", "claim", "support_hours"}


class Change(BaseModel):
    family: str
    kind: Optional[str] = None
    event: Optional[str] = Field(default=None, description="what the fact is about: event, tier, base or blank label")
    old: Optional[dict[str, Any]] = Field(default=None, description="the fact in A (null when added)")
    new: Optional[dict[str, Any]] = Field(default=None, description="the fact in B (null when removed)")
    direction: Direction
    clause_a: Optional[str] = None
    clause_b: Optional[str] = None
    letter_a: Optional[int] = None
    letter_b: Optional[int] = None
    old_text: str = Field(default="", description="the old value in a few characters")
    new_text: str = ""
    filled_with: Optional[str] = Field(default=None, description="text of B where a blank of A was")

    def what(self) -> str:
        return " ".join(x for x in (self.kind, self.event) if x) or self.family


class DiffResult(BaseModel):
    a: str
    b: str
    pairing: Literal["single", "index", "selected"] = "single"
    pairs: list[tuple[Optional[int], Optional[int]]] = []
    notes: list[str] = []
    changes: list[Change] = []
    text: Optional[list[ClauseRedline]] = None
    clauses: list[ClauseEvent] = Field(default=[], description="every clause added, removed, moved or changed, "
                                                               "aligned by content (extractor/app/redline.py)")


# ---------------------------------------------------------------- alignment keys

def _band(f) -> tuple:
    return (f.band.low, f.band.high) if f.band else ()


def _money(m) -> Optional[float]:
    return m.value if m is not None else None


KEYS: dict[str, list[Callable]] = {
    "availability": [lambda f: (f.metric, f.period, f.subject), lambda f: (f.metric,)],
    "timings": [lambda f: (f.kind, f.tier, f.event), lambda f: (f.kind, f.tier)],
    "penalties": [lambda f: (f.kind, f.base, f.per, _band(f), f.trigger), lambda f: (f.kind, f.base, _band(f)),
                  lambda f: (f.kind,)],
    "parties": [lambda f: (f.role,)],
    "blanks": [lambda f: (f.label,)],
}

# What makes two aligned facts the same commitment (wording, span and rule may differ).
SIGNATURE: dict[str, Callable] = {
    "availability": lambda f: (f.value, f.comparator, f.period, f.metric, f.blank),
    "timings": lambda f: (f.kind, f.tier, f.minutes if f.minutes is not None else (f.value, f.unit),
                          f.comparator, f.hours, f.blank),
    "penalties": lambda f: (f.kind, f.rate, f.base, _money(f.amount),
                            (_money(f.range.low), _money(f.range.high)) if f.range else None,
                            f.cap, f.cap_rate, f.per, _band(f), f.blank),
    "parties": lambda f: (f.role, f.name, f.blank),
    "blanks": lambda f: (f.label,),
}


def align(family: str, a: list, b: list) -> list[tuple[Optional[int], Optional[int]]]:
    """Index pairs (i, j) of changed facts; (i, None) removed, (None, j) added. Unchanged pairs are dropped."""
    left, right = list(range(len(a))), list(range(len(b)))
    sig = SIGNATURE[family]
    pairs = []
    for key in KEYS[family]:
        groups: dict = {}
        for i in left:
            groups.setdefault(key(a[i]), ([], []))[0].append(i)
        for j in right:
            groups.setdefault(key(b[j]), ([], []))[1].append(j)
        for ga, gb in groups.values():
            for i in list(ga):  # equal facts first, in reading order
                j = next((j for j in gb if sig(b[j]) == sig(a[i])), None)
                if j is not None:
                    ga.remove(i), gb.remove(j), left.remove(i), right.remove(j)
            for i, j in zip(list(ga), list(gb)):
                pairs.append((i, j))
                left.remove(i), right.remove(j)
    pairs += [(i, None) for i in left] + [(None, j) for j in right]
    return sorted(pairs, key=lambda p: (p[0] if p[0] is not None else _after(p[1], pairs), p[1] or 0))


def _after(j: int, pairs) -> float:
    # An added fact sorts after the A fact that precedes its position in B.
    before = [i for i, jj in pairs if i is not None and jj is not None and jj < j]
    return max(before) + 0.5 if before else -0.5


# ---------------------------------------------------------------- direction

def _compare(old: Optional[float], new: Optional[float], higher_is_stricter: bool) -> Direction:
    if old is None or new is None or old == new:
        return "changed"
    return "stricter" if (new > old) == higher_is_stricter else "looser"


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


def _has_value(family: str, f) -> bool:
    if family == "parties":
        return bool(f.name)
    if family == "timings":
        return f.minutes is not None or f.value is not None or bool(f.hours)
    if family == "penalties":
        return f.rate is not None or f.amount is not None or f.range is not None
    return getattr(f, "value", None) is not None


def direction(family: str, old, new) -> Direction:
    if old is None:
        return "emptied" if family == "blanks" else "added"
    if new is None:
        return "filled" if family == "blanks" else "removed"
    if family != "blanks":
        was, now = _has_value(family, old), _has_value(family, new)
        if getattr(old, "blank", False) and not was and now:
            return "filled"
        if getattr(new, "blank", False) and was and not now:
            return "emptied"
    if family == "availability":
        return _compare(old.value, new.value, higher_is_stricter=True)
    if family == "timings":
        if old.kind == "support_hours" and (old.hours or new.hours):
            return _compare(weekly_hours(old.hours), weekly_hours(new.hours), higher_is_stricter=True)
        longer = old.kind in LONGER_IS_STRICTER
        if old.minutes is not None and new.minutes is not None:
            return _compare(old.minutes, new.minutes, higher_is_stricter=longer)
        if old.unit == new.unit:
            return _compare(old.value, new.value, higher_is_stricter=longer)
        return "changed"
    if family == "penalties":
        if old.base != new.base or old.kind != new.kind:
            return "changed"
        for get in (lambda p: p.rate, lambda p: _money(p.amount),
                    lambda p: _money(p.range.high) if p.range else None, lambda p: p.cap_rate):
            o, n = get(old), get(new)
            if o is not None and n is not None and o != n:
                return _compare(o, n, higher_is_stricter=True)
        had_cap, has_cap = _capped(old), _capped(new)
        if had_cap != has_cap:  # a cap bounds what the recipient can claim
            return "looser" if has_cap else "stricter"
        return "changed"
    return "changed"


def _capped(penalty) -> bool:
    return bool(penalty.cap) or penalty.cap_rate is not None


# ---------------------------------------------------------------- letters

def _event(family: str, f) -> Optional[str]:
    if family == "timings":
        if f.tier and f.event and f.tier in f.event:
            return f.event
        return " ".join(x for x in (f.tier, f.event) if x) or None
    if family == "penalties":
        return f.base
    if family == "availability":
        return f.subject
    if family == "blanks":
        return f.label
    if family == "parties":
        return f.label
    return None


def _kind(family: str, f) -> Optional[str]:
    return {"availability": lambda: f.metric, "parties": lambda: f.role, "blanks": lambda: None}.get(
        family, lambda: f.kind)()


def diff_letters(va: LetterView, vb: LetterView) -> list[Change]:
    la, lb = va.letter, vb.letter
    changes = []
    opcodes = None
    for family in FAMILY_ORDER:
        fa, fb = getattr(la, family), getattr(lb, family)
        for i, j in align(family, fa, fb):
            old = fa[i] if i is not None else None
            new = fb[j] if j is not None else None
            ref = old if old is not None else new
            change = Change(
                family=family, kind=_kind(family, ref), event=_event(family, ref),
                old=old.model_dump(mode="json") if old is not None else None,
                new=new.model_dump(mode="json") if new is not None else None,
                direction=direction(family, old, new),
                clause_a=getattr(old, "clause", None), clause_b=getattr(new, "clause", None),
                letter_a=la.index, letter_b=lb.index,
                old_text=describe(family, old), new_text=describe(family, new))
            if change.direction == "filled" and family == "blanks" and va.text and vb.text:
                if opcodes is None:
                    opcodes = difflib.SequenceMatcher(None, va.text, vb.text, autojunk=False).get_opcodes()
                change.filled_with = _filled_text(va.spans.get("blanks", [])[i], vb.text, opcodes)
                if change.filled_with:
                    change.new_text = change.filled_with
            changes.append(change)
    return changes


def _map(pos: int, opcodes, end: bool) -> int:
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= pos < i2 or (i1 == i2 == pos and not end):
            if tag == "equal":
                return j1 + (pos - i1) + (1 if end else 0)
            return j2 if end else j1
    return opcodes[-1][4] if opcodes else 0


def _filled_text(span: tuple[int, int], text_b: str, opcodes) -> Optional[str]:
    s, e = span
    js, je = _map(s, opcodes, end=False), _map(e - 1, opcodes, end=True)
    filled = text_b[js:je].strip(" _\t\n[]【】()")
    return filled[:80] or None


def pair_letters(na: int, nb: int, letter: Optional[tuple[int, int]]) -> tuple[str, list, list[str]]:
    """Which letters to compare: (pairing, [(index_a, index_b)], notes). Indexes are 1-based."""
    if letter is not None:
        ia, ib = letter
        missing = [f"{side} has no letter {i} (it has {n})" for side, i, n in (("A", ia, na), ("B", ib, nb))
                   if not 1 <= i <= n]
        if missing:
            raise ValueError("; ".join(missing))
        return "selected", [(ia, ib)], []
    if na == 1 and nb == 1:
        return "single", [(1, 1)], []
    notes = []
    if na > 1 or nb > 1:
        notes.append(f"A has {na} letter(s), B has {nb}: letters paired by index (use --letter N to pick one)")
    extra = list(range(min(na, nb) + 1, max(na, nb) + 1))
    if extra:
        which = f"letter {extra[0]}" if len(extra) == 1 else f"letters {extra[0]}-{extra[-1]}"
        notes.append(f"{which} only in {'A' if na > nb else 'B'}: not compared")
    return "index", [(i, i) for i in range(1, min(na, nb) + 1)], notes
