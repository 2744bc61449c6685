"""Clause redline of two letters: clauses aligned by content, a word diff for each changed pair.

Clauses are the segmenter's pieces (each clause's own text up to the next clause start). Their lines are
aligned as a sequence by their normalized text (clause numbers and whitespace dropped), so an inserted clause
that renumbers the rest leaves the rest unchanged, and two versions the segmenter reads differently still
align. Within a region that differs, similar lines pair as `changed`; an identical line found in another
region is `moved`; the rest are `added` or `removed`. Consecutive lines of one clause with the same event are
one clause event. Changed pairs get a diff on jieba words with the domain dictionary, figures kept with their
units.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from extractor.models import Span
from extractor.rules.patterns import PatternError, compile_rule, load

CUE_KINDS = ("cap", "exclusion", "condition")
SIMILAR = 0.5  # similarity from which two clause bodies are one clause reworded


class TextOp(BaseModel):
    op: Literal["equal", "insert", "delete", "replace"]
    a: str = ""
    b: str = ""


class ClauseRedline(BaseModel):
    letter_a: Optional[int] = None
    letter_b: Optional[int] = None
    clause_a: Optional[str] = None
    clause_b: Optional[str] = None
    ops: list[TextOp]

    def label(self) -> str:
        a, b = self.clause_a or "—", self.clause_b or "—"
        return a if a == b else f"{a}→{b}"

    def redline(self, context: int = 12) -> str:
        """Changed text marked [-deleted-] / [+inserted+], long unchanged runs shortened to …"""
        out = []
        for i, op in enumerate(self.ops):
            if op.op == "equal":
                t = op.a
                keep_head = context if i + 1 < len(self.ops) else 0
                keep_tail = context if i > 0 else 0
                if len(t) > keep_head + keep_tail + 1:
                    t = (t[:keep_tail] + "…" + (t[-keep_head:] if keep_head else ""))
                out.append(t)
            else:
                if op.a:
                    out.append(f"[-{op.a}-]")
                if op.b:
                    out.append(f"[+{op.b}+]")
        return " ".join("".join(out).split())


class ClauseSide(BaseModel):
    clause: str = Field(description="clause id, or (preamble) for the text before the first clause")
    text: str
    span: Span = Field(description="where the clause is in the source file, like a fact's span")


class Cue(BaseModel):
    kind: Literal["cap", "exclusion", "condition"]
    text: str
    side: Literal["a", "b"]


class ClauseEvent(BaseModel):
    event: Literal["added", "removed", "moved", "changed"]
    letter_a: Optional[int] = None
    letter_b: Optional[int] = None
    a: Optional[ClauseSide] = Field(default=None, description="the clause in A (null when added)")
    b: Optional[ClauseSide] = Field(default=None, description="the clause in B (null when removed)")
    diff: Optional[list[TextOp]] = Field(default=None, description="word diff of the clause bodies (changed only)")
    in_facts: bool = Field(default=False, description="every changed word lies in an extracted fact, so the "
                                                      "fact changes already report it")
    direction: Optional[Literal["stricter", "looser", "changed"]] = Field(
        default=None, description="for the recipient, when the clause gains or loses a cap, exclusion or condition")
    cues: list[Cue] = Field(default=[], description="cap/exclusion/condition wording the clause gained or lost")

    def label(self, with_letter: bool = False) -> str:
        """`5`, `5→7`; with_letter (files of several letters) puts the letter first: `2:5→7`."""
        a, b = self.a and self.a.clause, self.b and self.b.clause
        clause = f"{a}→{b}" if a and b and a != b else a or b
        if not with_letter:
            return clause
        la, lb = self.letter_a, self.letter_b
        return f"{la if la == lb else f'{la}→{lb}'}:{clause}"

    def redline(self) -> ClauseRedline:
        if self.event == "added":
            ops = [TextOp(op="insert", b=self.b.text)]
        elif self.event == "removed":
            ops = [TextOp(op="delete", a=self.a.text)]
        else:
            ops = self.diff or [TextOp(op="equal", a=self.a.text, b=self.b.text)]
        return ClauseRedline(letter_a=self.letter_a, letter_b=self.letter_b, clause_a=self.a and self.a.clause,
                             clause_b=self.b and self.b.clause, ops=ops)

    def shown(self) -> str:
        """The --text line: the clause's redline, or the text of a moved clause."""
        return " ".join(self.b.text.split()) if self.event == "moved" else self.redline().redline()

    def summary(self, lang: str = "en") -> str:
        """`added, looser: +exclusion 不视为违约` — the event and why it has a direction, in ``lang``."""
        from extractor.app.i18n import label

        out = label("clause", self.event, lang)
        if self.direction:
            out += f", {label('direction', self.direction, lang)}"
        if self.cues:
            out += ": " + "; ".join(f"{'+' if c.side == 'b' else '-'}{label('clause.cue', c.kind, lang)} {c.text}"
                                   for c in self.cues)
        return out


@dataclass
class LetterView:
    """One letter's facts plus, for the redline and filled_with, its normalized text and spans."""

    letter: Any  # models.Letter
    text: str = ""
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # family -> normalized spans, letter-relative
    clauses: list[tuple[str, int, int]] = field(default_factory=list)  # (id, start, end), letter-relative
    source_span: Optional[Callable[[int, int], Span]] = None  # letter-relative normalized -> source span


# ---------------------------------------------------------------- pattern file

@functools.cache
def rules() -> dict:
    """patterns/redline.toml, checked: cue kinds known, regexes compiled, quantity units listed."""
    data = load("redline")
    cues = []
    for n, raw in enumerate(data.get("cue", []), 1):
        where = f"redline.toml cue {n}"
        if raw.get("kind") not in CUE_KINDS or not raw.get("regex") or not raw.get("examples"):
            raise PatternError(f"{where}: needs kind (one of {', '.join(CUE_KINDS)}), regex and examples")
        cues.append((raw["kind"], compile_rule(where, raw["regex"])))
    units = {w for u in load("units").get("unit", []) for w in u.get("words", [])}
    units |= set(data.get("words", {}).get("quantity_units", []))
    if not cues or not units:
        raise PatternError("redline.toml: needs [[cue]] tables and [words] quantity_units")
    return {"cues": cues, "units": units}


def cues_in(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) of every cap, exclusion and condition wording in ``text``."""
    return [(kind, m.group()) for kind, rx in rules()["cues"] for m in rx.finditer(text)]


# ---------------------------------------------------------------- words

@functools.cache
def _figure() -> re.Pattern:
    units = sorted(rules()["units"], key=len, reverse=True)  # longest first: 个工作日 before 工作日
    return re.compile(r"\d+(?:\.\d+)?(?:" + "|".join(map(re.escape, units)) + ")?")


def words(text: str) -> list[str]:
    """jieba words with the domain dictionary; a figure keeps its unit (15分钟, 2个工作日, 5%)."""
    from extractor.document.nlp import cut

    out, pos = [], 0
    for m in _figure().finditer(text):
        out += cut(text[pos:m.start()]) if m.start() > pos else []
        out.append(m.group())
        pos = m.end()
    return out + (cut(text[pos:]) if pos < len(text) else [])


# ---------------------------------------------------------------- clause pieces

# A clause number: 第三条, 一、, 2.1 , (1), 1. — a figure such as 2024年 is not one (it needs 条/章/节 or a mark).
_NUMBERING = re.compile(r"^[\s(]{0,2}(?:第?[0-9一二三四五六七八九十]{1,4}[条章节][\s.、)]{0,3}"
                        r"|[0-9一二三四五六七八九十]{1,4}(?:\.[0-9]{1,3}){0,4}[\s.、)]{1,3})")
# Inside a clause a line may start with a number the segmenter did not take (a clause of the other version's
# segmentation, an unrecognized item); it needs a mark, not a space, as 3 个工作日 may start a wrapped line.
_LINE_NUMBERING = re.compile(r"^[\s(]{0,2}(?:第[0-9一二三四五六七八九十]{1,4}[条章节]\s?"
                             r"|[0-9一二三四五六七八九十]{1,4}(?:\.[0-9]{1,3}){0,4}[.、)](?![0-9])\s?)")
_SPACE = re.compile(r"\s+")
PREAMBLE = "(preamble)"


@dataclass
class Piece:
    """One line of a clause: lines are what is aligned, so two versions segmented differently still align."""

    clause: str
    start: int  # letter-relative, trimmed of surrounding whitespace
    end: int
    text: str
    first: bool = True  # the clause's first line, which carries its number

    @property
    def body(self) -> str:
        """The line without a clause number: renumbering is not a change of content."""
        clause_start = self.first and self.clause != PREAMBLE
        return (_NUMBERING if clause_start else _LINE_NUMBERING).sub("", self.text, count=1)

    @property
    def key(self) -> str:
        """What alignment compares: the body without whitespace."""
        return _SPACE.sub("", self.body)


def pieces(view: LetterView) -> list[Piece]:
    """The lines of each clause (the letter cut at every clause start; before the first one, the preamble)."""
    starts = sorted({(s, cid) for cid, s, _ in view.clauses})
    bounds = [s for s, _ in starts] + [len(view.text)]
    cuts = ([(PREAMBLE, 0, bounds[0])] if bounds[0] > 0 else []) + [
        (cid, s, e) for (s, cid), e in zip(starts, bounds[1:])]
    out = []
    for cid, s, e in cuts:
        first = True
        for line in re.finditer(r"[^\n]+", view.text[s:e]):
            text = line.group().strip()
            if text:
                start = s + line.start() + len(line.group()) - len(line.group().lstrip())
                out.append(Piece(cid, start, start + len(text), text, first))
                first = False
    return out


# ---------------------------------------------------------------- alignment

def _similarity(ka: list[str], kb: list[str]) -> Callable[[int, int], float]:
    """Similarity 0-100 of body i of A and body j of B (rapidfuzz's ratio, the normalized Indel distance
    that difflib's ratio approximates); 0 below SIMILAR. Per pair, not cdist: that one loads numpy."""
    from rapidfuzz import fuzz

    return functools.cache(lambda i, j: fuzz.ratio(ka[i], kb[j], score_cutoff=SIMILAR * 100))


def _pair_similar(score, left: list[int], right: list[int]) -> list[tuple[int, int]]:
    """Best-first pairs of similar bodies among ``left`` x ``right`` (nearest position breaks ties);
    paired indexes are taken out of both lists."""
    scored = sorted(((score(i, j), -abs(i - j), i, j) for i in left for j in right if score(i, j)), reverse=True)
    pairs = []
    for _, _, i, j in scored:
        if i in left and j in right:
            left.remove(i), right.remove(j)
            pairs.append((i, j))
    return pairs


def align_clauses(ka: list[str], kb: list[str]) -> list[tuple[str, Optional[int], Optional[int]]]:
    """(event, i, j) for every clause that is not unchanged, in reading order of B (removed ones where
    they stood). Unchanged includes renumbered: the keys have no numbering."""
    events, left, right = [], [], []
    opcodes = difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    score = _similarity(ka, kb)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            la, rb = list(range(i1, i2)), list(range(j1, j2))
            events += [("changed", i, j) for i, j in _pair_similar(score, la, rb)]
            left += la
            right += rb
    for i in list(left):  # the same text elsewhere: moved
        j = next((j for j in right if kb[j] == ka[i]), None)
        if j is not None:
            left.remove(i), right.remove(j)
            events.append(("moved", i, j))
    events += [("changed", i, j) for i, j in _pair_similar(score, left, right)]  # moved and reworded
    events += [("removed", i, None) for i in left] + [("added", None, j) for j in right]
    return sorted(events, key=lambda e: (e[2] if e[2] is not None else _before(e[1], events), e[1] or 0))


def _before(i: int, events) -> float:
    # A removed clause sorts just before the B position of the next A clause that survives.
    later = [j for _, ii, j in events if ii is not None and j is not None and ii > i]
    return min(later) - 0.5 if later else float("inf")


# ---------------------------------------------------------------- events

def _covered(spans: dict[str, list[tuple[int, int]]], s: int, e: int) -> bool:
    lo, hi = (s, e) if e > s else (s - 1, s + 1)  # an insertion touches the characters around it
    return any(fs < hi and lo < fe for family in spans.values() for fs, fe in family)


def word_diff(va: LetterView, vb: LetterView, pa: Piece, pb: Piece) -> tuple[list[TextOp], bool]:
    """Word ops between the clause bodies, and whether every change lies in an extracted fact."""
    ta, tb = pa.body, pb.body
    sa, sb = pa.end - len(ta), pb.end - len(tb)  # where the bodies start, letter-relative
    wa, wb = words(ta), words(tb)
    ca, cb = _offsets(wa), _offsets(wb)
    ops, in_facts = [], True
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        a, b = "".join(wa[i1:i2]), "".join(wb[j1:j2])
        if tag != "equal" and not (a.strip() or b.strip()):
            tag = "equal"  # a line break moved: not a change of content
        ops.append(TextOp(op=tag, a=a, b=b if tag != "equal" else ""))
        if tag != "equal" and not (_covered(va.spans, sa + ca[i1], sa + ca[i2])
                                   or _covered(vb.spans, sb + cb[j1], sb + cb[j2])):
            in_facts = False
    return _merge_equal(ops), in_facts


def _offsets(tokens: list[str]) -> list[int]:
    out = [0]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _merge_equal(ops: list[TextOp]) -> list[TextOp]:
    out: list[TextOp] = []
    for op in ops:
        if out and op.op == out[-1].op == "equal":
            out[-1] = TextOp(op="equal", a=out[-1].a + op.a)
        else:
            out.append(op)
    return out


def _side(view: LetterView, lines: list[Piece]) -> Optional[ClauseSide]:
    if not lines:
        return None
    s, e = lines[0].start, lines[-1].end
    span = view.source_span(s, e) if view.source_span else Span(start=s, end=e)
    return ClauseSide(clause=lines[0].clause, text=view.text[s:e], span=span)


def _groups(events: list[tuple[str, Optional[int], Optional[int]]], pa: list[Piece], pb: list[Piece]) -> list[list]:
    """Line events joined into clause events: consecutive lines with the same event and clauses are one."""
    def clause(lines, i):
        return lines[i].clause if i is not None else None

    def follows(i, prev):
        return i is None and prev is None or i is not None and prev is not None and i == prev + 1

    groups: list[list] = []
    for kind, i, j in events:
        last = groups[-1][-1] if groups else None
        if (last and last[0] == kind and follows(i, last[1]) and follows(j, last[2])
                and (clause(pa, i), clause(pb, j)) == (clause(pa, last[1]), clause(pb, last[2]))):
            groups[-1].append((kind, i, j))
        else:
            groups.append([(kind, i, j)])
    return groups


def _judge(event: ClauseEvent, text_a: str, text_b: str) -> None:
    """Looser when the clause gains a cap, exclusion or condition, stricter when it loses one."""
    found_a, found_b = Counter(cues_in(text_a)), Counter(cues_in(text_b))
    gained, lost = list((found_b - found_a).elements()), list((found_a - found_b).elements())
    event.cues = [Cue(kind=k, text=t, side="b") for k, t in gained] + [Cue(kind=k, text=t, side="a") for k, t in lost]
    if gained or lost:
        event.direction = "looser" if not lost else "stricter" if not gained else "changed"


def clause_events(va: LetterView, vb: LetterView, word_diffs: bool = True) -> list[ClauseEvent]:
    """Every clause added, removed, moved or changed between two letters. Without ``word_diffs`` changed
    clauses have no diff (and in_facts is False): jieba costs a second to load, a count needs none."""
    pa, pb = pieces(va), pieces(vb)
    out = []
    for group in _groups(align_clauses([p.key for p in pa], [p.key for p in pb]), pa, pb):
        kind = group[0][0]
        lines_a = [pa[i] for _, i, _ in group if i is not None]
        lines_b = [pb[j] for _, _, j in group if j is not None]
        event = ClauseEvent(event=kind, letter_a=va.letter.index, letter_b=vb.letter.index,
                            a=_side(va, lines_a), b=_side(vb, lines_b))
        if kind == "changed" and word_diffs:
            diffs = [word_diff(va, vb, a, b) for a, b in zip(lines_a, lines_b)]
            ops = [op for k, (line_ops, _) in enumerate(diffs) for op in ([TextOp(op="equal", a="\n")] if k else [])
                   + line_ops]
            event.diff, event.in_facts = _merge_equal(ops), all(in_facts for _, in_facts in diffs)
        _judge(event, "\n".join(p.body for p in lines_a), "\n".join(p.body for p in lines_b))
        out.append(event)
    return out


def count_events(names) -> str:
    """`1 added, 2 changed` from event names in order of first appearance; empty when there are none."""
    counts = Counter(names)
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def redline_letters(events: list[ClauseEvent]) -> list[ClauseRedline]:
    """The --text redline: added and removed clauses and changes no extracted fact accounts for."""
    return [e.redline() for e in events if e.event in ("added", "removed") or (e.event == "changed" and not e.in_facts)]
