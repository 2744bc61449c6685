"""Compare two letters fact by fact, judged from the recipient's side (接收方/甲方).

Facts are aligned by what they are about (family, kind, event/tier/base), never by
position: each family has key levels from specific to broad, and at each level equal
facts pair first (unchanged, not reported), then the rest pair in reading order.
"""
from __future__ import annotations

import difflib
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from extractor.app.i18n import label
from extractor.app.redline import ClauseEvent, ClauseRedline, LetterView, TextOp  # noqa: F401 (TextOp: part of this API)
from extractor.families import FAMILIES, Family, family

Direction = Literal["stricter", "looser", "changed", "added", "removed", "filled", "emptied"]


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
    label_zh: dict[str, str] = Field(default={}, description="the change as a person reads it in Chinese: its "
                                                             "direction, family and (when it has one) kind")

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


# ---------------------------------------------------------------- alignment

def align(name: str, a: list, b: list) -> list[tuple[Optional[int], Optional[int]]]:
    """Index pairs (i, j) of changed facts of family ``name``; (i, None) removed, (None, j) added. Unchanged
    pairs are dropped. Facts pair by the family's diff keys, from specific to broad."""
    left, right = list(range(len(a))), list(range(len(b)))
    sig = family(name).signature
    pairs = []
    for key in family(name).diff_keys:
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

def direction(name: str, old, new) -> Direction:
    """How the change from ``old`` to ``new`` (None: absent) of family ``name`` moves the recipient's position."""
    fam = family(name)
    if old is None:
        return "emptied" if fam.marks_blanks else "added"
    if new is None:
        return "filled" if fam.marks_blanks else "removed"
    if not fam.marks_blanks:
        was, now = fam.has_value(old), fam.has_value(new)
        if getattr(old, "blank", False) and not was and now:
            return "filled"
        if getattr(new, "blank", False) and was and not now:
            return "emptied"
    return fam.direction(old, new)


def labels(change: Change, lang: str) -> dict[str, str]:
    """The change's direction, family and kind in ``lang`` (the catalogues of extractor/app/locale)."""
    shown = {"direction": label("direction", change.direction, lang), "family": label("family", change.family, lang)}
    if change.kind is not None:
        shown["kind"] = label(f"kind.{change.family}", change.kind, lang)
    return shown


def short(fam: Family, fact) -> str:
    """The fact's value in a few characters (``Family.short``); — when absent."""
    return "—" if fact is None else fam.short(fact)


# ---------------------------------------------------------------- letters

def diff_letters(va: LetterView, vb: LetterView) -> list[Change]:
    la, lb = va.letter, vb.letter
    changes = []
    opcodes = None
    for fam in FAMILIES:
        fa, fb = getattr(la, fam.name), getattr(lb, fam.name)
        for i, j in align(fam.name, fa, fb):
            old = fa[i] if i is not None else None
            new = fb[j] if j is not None else None
            kind, event = fam.about(old if old is not None else new)
            change = Change(
                family=fam.name, kind=kind, event=event,
                old=old.model_dump(mode="json") if old is not None else None,
                new=new.model_dump(mode="json") if new is not None else None,
                direction=direction(fam.name, old, new),
                clause_a=getattr(old, "clause", None), clause_b=getattr(new, "clause", None),
                letter_a=la.index, letter_b=lb.index,
                old_text=short(fam, old), new_text=short(fam, new))
            change.label_zh = labels(change, "zh")
            if change.direction == "filled" and fam.marks_blanks and va.text and vb.text:
                if opcodes is None:
                    opcodes = difflib.SequenceMatcher(None, va.text, vb.text, autojunk=False).get_opcodes()
                change.filled_with = _filled_text(va.spans.get(fam.name, [])[i], vb.text, opcodes)
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
