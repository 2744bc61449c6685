"""Our own example rows as training data for the timings second stage (scripts/train_timings.py).

A retrain on the corpus alone broke rows we wrote ourselves (``合同签订后30日内供货`` no longer rescued,
``培训不少于6小时`` rescued). So the rows that say what a sentence must give become candidates too:

- ``patterns/timings.toml``: rule, ``[generic_deadline]``, ``[manner]``, ``[lead_time]``, ``[warranty_term]`` and
  ``[repair_completion]`` examples (the first fact: partial), their counter-examples (no fact), the ``[carry]``,
  ``[table]`` and ``[series]`` example lists (every fact), and the ``[[veto]]`` counter-examples ("texts that keep
  the fact": a fact of some kind);
- ``patterns/figures.toml``: the ``[[aside]]`` rows on durations (``expect`` the figure's fate);
- ``tests/test_timings_learned.py`` (``RESCUED``, ``DECLINED``) and the ``tests/test_timings.py`` tables whose test
  asserts every fact of the text (``extract_timings(text) == []``, ``[(f.kind, f.minutes) …] == expected``, a
  ``[f.kind …] == kinds`` row expecting none, or
  ``[fact] = extract_timings(text)`` with a kind and minutes).

Only the figures the rules leave to the model (no cue placed them, no veto stopped them) become candidates. A
candidate is positive when the row expects a fact with its minutes (and kind) that the rules did not make, negative
when the row lists every fact and none is its; else the row says nothing about it and it is left out.
"""
from __future__ import annotations

import importlib
import inspect
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractor.families.timings import extract as timings_extract  # noqa: E402
from extractor.rules.lexicon import lexicon  # noqa: E402
from extractor.rules.patterns import patterns_dir  # noqa: E402
from extractor.rules.vetoes import tracing  # noqa: E402

ANY = None  # an expected kind or minutes the row does not state
FATE_NO_FACT = {"aside", "unclaimed", "vetoed"}
_WINDOW_KINDS = {"support_hours", "frequency"}  # kinds without a duration's shape (the model never names them)  # an [[aside]] row's fates in which a figure gives no fact


@dataclass(frozen=True)
class Row:
    source: str  # where the row is written: file and table or test
    text: str
    expected: tuple[tuple[str | None, float | None], ...]  # (kind, minutes) of facts the row expects
    complete: bool  # the row lists every fact of the text (an empty list: none)
    figure: str | None = None  # an [[aside]] row's figure: the row speaks of it alone
    fires: str | None = None  # a [[veto]] example: the veto that must stop a figure in it


@dataclass(frozen=True)
class Candidate:
    row: Row
    start: int
    end: int
    fields: dict
    positive: bool
    kind: str | None


def _first(source: str, rows: list, complete: bool = False) -> list[Row]:
    """``[text, {fields}]`` rows whose first fact has the fields; rows stating no minutes say nothing here."""
    return [Row(source, text, ((fields.get("kind"), fields["minutes"]),), complete)
            for text, fields in rows if isinstance(fields, dict) and "minutes" in fields]


def _none(source: str, texts: list) -> list[Row]:
    return [Row(source, text, (), True) for text in texts if isinstance(text, str)]


def _lists(source: str, rows: list) -> list[Row]:
    """``[text, [[kind, minutes], …]]`` rows: every fact of the text."""
    return [Row(source, text, tuple((kind, minutes) for kind, minutes in facts), True) for text, facts in rows]


def toml_rows() -> list[Row]:
    data = tomllib.loads((patterns_dir() / "timings.toml").read_text(encoding="utf-8"))
    rows: list[Row] = []
    for rule in data["rule"]:
        rows += _first(f"timings.toml:[[rule]] {rule['id']}", rule.get("examples", []))
        rows += _none(f"timings.toml:[[rule]] {rule['id']}", rule.get("counter_examples", []))
    for table in ("generic_deadline", "manner", "lead_time", "warranty_term", "repair_completion", "test_result",
                  "inquiry"):
        rows += _first(f"timings.toml:[{table}]", data[table].get("examples", []))
    rows += _none("timings.toml:[generic_deadline]", data["generic_deadline"]["counter_examples"])
    for table in ("repair_completion", "test_result", "inquiry"):  # [text, the kind its lone fact keeps]
        rows += [Row(f"timings.toml:[{table}]", text, ((kind, ANY),), True)
                 for text, kind in data[table]["counter_examples"]]
    for table, key in (("carry", "holiday_examples"), ("carry", "holiday_counter_examples"),
                       ("carry", "forward_examples"), ("table", "stacked_examples"),
                       ("table", "label_value_examples"), ("table", "caption_examples")):
        rows += _lists(f"timings.toml:[{table}] {key}", data[table][key])
    rows += [Row("timings.toml:[series]", text, tuple((ANY, m) for m in minutes), True)
             for text, minutes in data["series"]["examples"]]
    for veto in data["veto"]:  # "examples: texts where the veto fires"; "counter_examples: texts that keep the fact"
        if set(veto.get("applies_to", ())) and set(veto["applies_to"]) <= _WINDOW_KINDS:
            continue  # it stops a window (7x24), never a duration the model is asked about
        rows += [Row(f"timings.toml:[[veto]] {veto['id']}", text, (), False, fires=veto["id"])
                 for text in veto["examples"]]
        rows += [Row(f"timings.toml:[[veto]] {veto['id']}", text, ((ANY, ANY),), False)
                 for text in veto.get("counter_examples", [])]
    return rows


def aside_rows() -> list[Row]:
    data = tomllib.loads((patterns_dir() / "figures.toml").read_text(encoding="utf-8"))
    rows = []
    for block in data["aside"]:
        if "duration" not in block["kinds"]:
            continue
        for ex in block["examples"]:
            expected = () if ex["expect"] in FATE_NO_FACT else ((ANY, ANY),)
            rows.append(Row(f"figures.toml:[[aside]] {block['id']}", ex["text"], expected,
                            ex["expect"] in FATE_NO_FACT, ex.get("figure")))
    return rows


# How a tests/test_timings.py test reads its table: its assertion says whether a row lists every fact.
_ASSERTS_NONE = re.compile(r"assert extract_timings\(text\) == \[\]\s*$", re.M)
_ASSERTS_LIST = re.compile(r"assert \[[(\[]f\.kind, f\.minutes(?:, f\.comparator)?[)\]] for f in "
                           r"extract_timings\(text\)\] == expected\s*$", re.M)
_ASSERTS_ONE = re.compile(r"^\s*\[fact\] = extract_timings\(text\)\s*$", re.M)
# A table of every fact's kind ("乙方在2小时内到甲方指定地点提货", []): a row expecting none says no figure is a promise.
_ASSERTS_KINDS = re.compile(r"assert \[f\.kind for f in extract_timings\(text\)\] == kinds\s*$", re.M)


def test_rows() -> list[Row]:
    rows: list[Row] = []
    learned_tests = importlib.import_module("tests.test_timings_learned")
    rows += [Row("test_timings_learned.py:RESCUED", text, (("other", minutes),), True)
             for text, _figure, minutes in learned_tests.RESCUED]
    rows += _none("test_timings_learned.py:DECLINED", learned_tests.DECLINED)
    module = importlib.import_module("tests.test_timings")
    for name, test in vars(module).items():
        marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
        if not name.startswith("test_") or len(marks) != 1:
            continue
        argnames = [a.strip() for a in marks[0].args[0].split(",")]
        source, values = inspect.getsource(test), marks[0].args[1]
        where = f"test_timings.py:{name}"
        if argnames == ["text"] and _ASSERTS_NONE.search(source):
            rows += _none(where, list(values))
        elif argnames == ["text", "expected"] and _ASSERTS_LIST.search(source):
            rows += [Row(where, text, tuple((e[0], e[1]) for e in expected), True) for text, expected in values]
        elif argnames == ["text", "kinds"] and _ASSERTS_KINDS.search(source):
            rows += _none(where, [text for text, kinds in values if not kinds])
        elif {"text", "kind", "minutes"} <= set(argnames) and _ASSERTS_ONE.search(source):
            at = [argnames.index(a) for a in ("text", "kind", "minutes")]
            rows += [Row(where, v[at[0]], ((v[at[1]], float(v[at[2]])),), True) for v in values]
    return rows


def rows() -> list[Row]:
    """Every own row, each text once (the first source that states it wins)."""
    seen: set[str] = set()
    out = []
    for row in test_rows() + toml_rows() + aside_rows():
        if row.text not in seen:
            seen.add(row.text)
            out.append(row)
    return out


def _asked(text: str, rescue: str | None = None) -> tuple[list[tuple[int, int, dict]], list]:
    """The figures the rules leave to the model in ``text`` (start, end, fields), and the facts made when the model
    declines every one (``rescue`` None) or takes each as that kind."""
    asked: list[tuple[int, int, dict]] = []
    real = timings_extract.rescued

    def record(text_, start, end, fields):
        # A figure the not-a-promise filters drop anyway (the old figure of a change, news, a quoted example) is
        # not the model's to judge: whatever it says, no fact is made.
        if not timings_extract._not_a_promise(text_, start, end, fields.get("comparator"), lexicon()):
            asked.append((start, end, dict(fields)))
        return rescue

    timings_extract.rescued = record
    try:
        facts = timings_extract.extract_timings(text)
    finally:
        timings_extract.rescued = real
    # A figure the modal fallback takes when the model declines (deadlines.modal_deadline) is a fact either way: not the
    # model's to learn.
    modal = [(f.span.start, f.span.end) for f in facts if timings_extract.MODAL_CUE in f.evidence.cues]
    asked = [a for a in asked if not any(a[0] < end and start < a[1] for start, end in modal)]
    return asked, facts


def _needed_by_veto(row: Row) -> list[Candidate]:
    """A veto that judges facts (stages ``kind``, ``promise``) fires on a figure the model left only once the model
    takes it: its example's figure is a deadline but for the words the veto reads, a positive of no stated kind."""
    with tracing() as hits:
        asked, _facts = _asked(row.text, "other")
    stopped = [(h.start, h.end) for h in hits if h.veto == row.fires]
    return [Candidate(row, start, end, fields, True, ANY) for start, end, fields in asked
            if any(a < end and start < b for a, b in stopped)]


def _same(a: float | None, b: float | None) -> bool:
    return a is None or b is not None and abs(a - b) < 1e-6


def candidates(row: Row) -> list[Candidate]:
    """The row's asked figures with the label the row gives them (those it says nothing about are left out)."""
    if row.fires:
        return _needed_by_veto(row)
    asked, facts = _asked(row.text)
    if row.figure is not None:
        at = row.text.find(row.figure)
        asked = [a for a in asked if a[0] < at + len(row.figure) and at < a[1]]
    open_ = list(row.expected)
    for fact in facts:  # what the rules made is not the model's to add
        hit = next((e for e in open_ if (e[0] is None or e[0] == fact.kind) and _same(e[1], fact.minutes)), None)
        if hit is not None:
            open_.remove(hit)
    if open_ == [(ANY, ANY)] and (facts or len(asked) != 1):
        return []  # "some fact": only a lone figure, and only when the rules made none, is it
    out = []
    for start, end, fields in asked:
        hit = next((e for e in open_ if _same(e[1], fields.get("minutes"))), None)
        if hit is not None:
            open_.remove(hit)
            out.append(Candidate(row, start, end, fields, True, hit[0]))
        elif row.complete:
            out.append(Candidate(row, start, end, fields, False, None))
    return out


def own_candidates() -> list[Candidate]:
    return [c for row in rows() for c in candidates(row)]


if __name__ == "__main__":  # list the own candidates: python3 scripts/timings_rows.py
    found = own_candidates()
    for c in found:
        print(f"{'+' if c.positive else '-'} {c.kind or '':12} {c.row.text[c.start:c.end]:10} {c.row.text!r}  "
              f"({c.row.source})")
    print(f"{len(rows())} rows, {len(found)} candidates, {sum(c.positive for c in found)} positive")
