"""Timing commitments: deadlines, support hours, frequencies (rules: patterns/timings.toml).

A ``[[rule]]`` finds a figure; its kind comes from ``[[cue]]`` blocks (``kinds``), and ``[[veto]]`` blocks,
checked by the engine at the stages named below, stop what is no promise. Each fact's ``evidence`` lists the
cues that placed it and the vetoes it passed. Stages: ``duration``/``bare`` (a figure with its unit, before its
kind), ``frequency``, ``window``/``window_kind`` (a clock window before and once its kind is known), ``kind``
(a duration once its kind is known; ``short_unit`` when under a day, ``long_unit`` in years) and ``promise``
(every fact, last).
"""
from __future__ import annotations

import functools
from typing import NamedTuple

import regex

from extractor.commitment.filters import (
    commits_nothing,
    disclaimed_example,
    illustrative,
    quoted_example,
    reported,
    stopped,
    superseded,
    undecided,
)
from extractor.commitment.translated import drop_translated
from extractor.families.timings.amend import LATENCY_UNITS
from extractor.families.timings.clock import WINDOW_RULES, support_hours, window_kind
from extractor.families.timings.deadlines import generic_deadline, modal_deadline
from extractor.families.timings.events import event_tier
from extractor.families.timings.headed import drop_restated_headings
from extractor.families.timings.hooks import HOOKS
from extractor.families.timings.kinds import after_cue, place
from extractor.families.timings.learned import LEARNED_CUE, rescued
from extractor.families.timings.series import spread
from extractor.models import Evidence, Span, TimingFact, TimingKind
from extractor.rules.lexicon import Lexicon, lexicon
from extractor.rules.matching import alternation, keep_disjoint, matches, rules
from extractor.rules.numerals import parse_number
from extractor.rules.vetoes import register_hooks, vetoes

register_hooks("timings", HOOKS)

_SHORT_UNITS = {"ms", "second", "minute", "hour"}
_YEAR_MONTH = regex.compile(r"[^年]{0,14}年[ ]?(?:_+|\d{1,2}|[一二三四五六七八九十]{1,2})[ ]?月")  # ____年__月: a date
_MONTH_BEFORE = regex.compile(r"月[ ]?(?:_+)?[ ]?$")  # 1月1日: the 日 of a date
_LONG_UNITS = {"year", "half_year"}  # no one waits years for a visit: a warranty table's term
MODAL_CUE = "generic_deadline.modal"  # the cue a deadline bound by a modal names (deadlines.modal_deadline)
_BARE = ("duration", "bare")  # a duration with no comparator before it
_FIELD = regex.compile(r"[\[【\]】]")  # the brackets of a form's field a figure was typed into ("[ 2 ]年")


class _Found(NamedTuple):
    kind: TimingKind
    start: int
    end: int
    fields: dict
    cues: tuple[str, ...] = ()


@functools.cache  # the unit and period alternations are rebuilt otherwise, once per letter
def _rules():
    lex = lexicon()
    extra = (("UNIT", lex.unit_regex()), ("PERIOD", alternation(lex.period_unit)))
    return rules("timings", extra)


def extract_timings(text: str) -> list[TimingFact]:
    lex = lexicon()
    if commits_nothing(text, lex):
        return []
    candidates = []
    for rule in _rules():
        for m in matches(rule, text):
            fact = _fact(rule, m, text, lex)
            if fact is not None:
                candidates.append((rule.priority, fact.span.start, fact.span.end, fact))
    facts = drop_translated(text, keep_disjoint(candidates), lambda f: (f.kind, f.hours, f.minutes))
    return drop_restated_headings(text, spread(text, facts))


def _not_a_promise(text: str, start: int, end: int, comparator: str | None, lex: Lexicon) -> bool:
    """News, statistics, worked examples and open questions report durations; they promise nothing."""
    return stopped((("reported", lambda: reported(text, start, end, lex, bounded=comparator is not None)),
                    ("undecided", lambda: undecided(text, start, end, lex)),
                    ("superseded", lambda: superseded(text, start, end, lex)),
                    ("illustrative", lambda: illustrative(text, start, lex) if comparator in (None, "=") else None),
                    ("disclaimed_example", lambda: disclaimed_example(text, start, lex)),
                    ("quoted_example", lambda: quoted_example(text, start, lex))), start, end)


def _fact(rule, m: regex.Match, text: str, lex: Lexicon) -> TimingFact | None:
    checked: list[str] = []  # the vetoes this candidate passed: its evidence
    found = _found(rule, m, text, lex, checked)
    if found is None or _not_a_promise(text, m.start(), m.end(), found.fields.get("comparator"), lex):
        return None
    kind, start, end = found.kind, found.start, found.end
    if _vetoed(text, (m.start(), m.end()), (start, end), rule=rule.id, kind=kind, when=("promise",), checked=checked):
        return None
    event, tier = event_tier(text, start, end, lex)
    return TimingFact(rule=rule.id, kind=kind, text=text[start:end], span=Span(start=start, end=end),
                      event=event, tier=tier, evidence=Evidence(cues=list(found.cues), vetoes=checked),
                      **found.fields)


def _found(rule, m: regex.Match, text: str, lex: Lexicon, checked: list[str]) -> _Found | None:
    """The candidate's kind, span and fields by the kind of rule that found it; None when it is no fact."""
    g = m.groupdict()
    kind = rule.fields.get("kind")
    if rule.id.startswith("support_hours"):
        placed = window_kind(rule.id, text, m.start(), m.end(), checked) if rule.id in WINDOW_RULES else (kind, ())
        return _Found(placed[0], m.start(), m.end(), support_hours(rule.id, g), placed[1]) if placed else None
    if kind == "frequency":  # its figure is the period word ("每小时采集一次")
        period = "unit" if g.get("unit") else "period_blank"  # the period word, or the blank left for it
        if "gap" in g and vetoes("timings").first(text, m.start(period), m.end(period), rule=rule.id, kind=kind,
                                                  when=("frequency",), checked=checked):
            return None
        return _Found(kind, m.start(), m.end(), _frequency(g, lex))
    if rule.id == "due_day":
        fields = {"value": parse_number(g["num"]), "unit": "day_of_month", "minutes": None, "comparator": "<="}
        return _with_cue_after(None, m, text, fields)
    if "fixed" in rule.fields:  # the figure is implied (当天, 24小时受理): fields from the rule
        return _with_cue_after(kind, m, text, dict(rule.fields["fixed"]))
    if kind == "rpo":
        comparator = "<=" if g["pre"] in ("≤", "<=") else "="
        return _Found(kind, m.start(), m.end(), {"value": 0.0, "unit": None, "minutes": 0.0, "comparator": comparator})
    return _duration_found(rule, m, g, text, lex, checked)


def _with_cue_after(kind: TimingKind | None, m: regex.Match, text: str, fields: dict) -> _Found | None:
    """A figure whose kind is the rule's, else the cue right after it (the span grows to the cue), else a listed
    verb of a promised deadline ("当日送电": kind other; deadlines.generic_deadline, no other verb)."""
    if kind is not None:
        return _Found(kind, m.start(), m.end(), fields)
    hit = after_cue(text, m.end())
    if hit:
        return _Found(hit[0].gives, m.start(), hit[2], fields, (hit[0].id,))
    verb = generic_deadline(text, m.start(), m.end(), any_verb=False)
    if verb:
        return _Found("other", m.start(), m.end() + verb.end(), fields)
    verb_end = modal_deadline(text, m.start(), m.end(), "modal_day")  # "办件必须当日呈阅": the modal binds the day
    return _Found("other", m.start(), verb_end, fields, (MODAL_CUE,)) if verb_end else None


def _duration_found(rule, m: regex.Match, g: dict, text: str, lex: Lexicon, checked: list[str]) -> _Found | None:
    if vetoes("timings").first(text, m.start(), m.end(), rule=rule.id, when=("duration",) if g.get("pre") else _BARE,
                               checked=checked):
        return None
    fields = _duration(g, lex, text, m.start())
    if fields is None:
        return None
    placed = place(text, m, g, fields, rule.pattern)
    kind = placed.kind
    if kind is None:  # no cue placed it: the second stage judges it (learned.py), after the vetoes that know why not
        if vetoes("timings").first(text, m.start(), m.end(), rule=rule.id, when=("unplaced",), checked=checked):
            return None
        kind = rescued(text, m.start(), m.end(), fields)
        verb_end = modal_deadline(text, m.start(), m.end()) if kind is None and g.get("post") is not None else None
        if verb_end is not None:  # a modal binds the deadline, whatever its verb: kind other
            kind, placed = "other", placed._replace(kind="other", end=verb_end, cues=(MODAL_CUE,))
        elif kind is None:
            return None
        else:
            placed = placed._replace(kind=kind, cues=(LEARNED_CUE,))
    unit_size = "short_unit" if fields["unit"] in _SHORT_UNITS else "long_unit" if fields["unit"] in _LONG_UNITS else ""
    coarse = ("coarse_unit",) if fields["unit"] and fields["unit"] not in LATENCY_UNITS else ()
    when = ("kind", unit_size, *coarse) if unit_size else ("kind", *coarse)
    if _vetoed(text, (m.start(), m.end()), (placed.start, placed.end), rule=rule.id, kind=kind, when=when,
               checked=checked):
        return None
    return _Found(kind, placed.start, placed.end, fields, placed.cues)


@functools.cache
def _anchored(anchor: str) -> tuple[str, ...]:
    """Ids of the timings vetoes whose window lies around the figure (``figure``) or the fact's span (``span``)."""
    return tuple(v.id for v in vetoes("timings").all if v.block.anchor == anchor)


def _vetoed(text: str, figure: tuple[int, int], span: tuple[int, int], **candidate):
    """The first veto that stops a candidate, each judged around its anchor: the figure or the fact's span."""
    return vetoes("timings").first(text, *figure, only=_anchored("figure"), **candidate) \
        or vetoes("timings").first(text, *span, only=_anchored("span"), **candidate)


def _frequency(g: dict, lex: Lexicon) -> dict:
    if g.get("period_blank"):  # the period itself left blank ("每[周期]进行一次"): neither unit nor value
        return {"value": None, "unit": None, "minutes": None, "blank": True}
    unit = lex.period_unit[g["unit"]]
    num_text = _figure_text(g.get("num") or "").strip()
    blank = bool(num_text) and parse_number(num_text) is None and "半" not in num_text
    if num_text == "半" and unit == "year":
        unit, num_text = "half_year", ""
    value = None if blank else (parse_number(num_text) if num_text else 1.0)
    count = g.get("count") or ""
    # a count written, but with no figure in it (capital numerals 壹贰 are figures): underlined, spaced or an empty
    # bracket (no count at all is once)
    count_blank = bool(count) and not regex.search(r"[一两二三四五六七八九十壹贰叁肆伍陆柒捌玖拾\d]", count)
    minutes = None if value is None else value * lex.unit_minutes[unit]
    return {"value": value, "unit": unit, "minutes": minutes, "blank": blank or count_blank}


def _duration(g: dict, lex: Lexicon, text: str, start: int) -> dict | None:
    """Value, unit, minutes and comparator of a duration; None when the figure is a date ("2024年", "1月1日")."""
    unit_value = _unit_value(g, lex)
    if unit_value is None:
        return None
    unit, value = unit_value
    if unit == "year" and value is not None and value >= 100 or _dated(g, unit, text, start):
        return None
    minutes = None if value is None or unit is None else value * lex.unit_minutes[unit]
    comparator = lex.comparator(g.get("post")) or lex.comparator(g.get("pre"))
    if g.get("post") in ("前", "以前", "之前", "以上"):
        comparator = ">="
    return {"value": value, "unit": unit, "minutes": minutes, "comparator": comparator, "blank": g.get("num") is None}


def _unit_value(g: dict, lex: Lexicon) -> tuple[str | None, float | None] | None:
    """The unit and value of a figure, halves added ("1个半小时", "一年半"); None when it is no number."""
    unit_word, num_text = g.get("unit"), _figure_text(g["num"]) if g.get("num") is not None else None
    # 月 is a unit only after 个半: "一个半月".
    unit = "month" if unit_word == "月" else lex.unit_of_word.get(unit_word) if unit_word else None
    value = None if num_text is None else parse_number(num_text)
    if num_text is not None and value is None:
        return None
    if value is not None and (g.get("half") or g.get("half_after")):
        value += 0.5
    if num_text == "半" and unit == "year":
        return "half_year", 1.0
    return unit, value


def _dated(g: dict, unit: str | None, text: str, start: int) -> bool:
    """The figure is part of a date or a date blank: "____年____月", "1月1日", "____月____日"."""
    tail = text[start + len(g.get("pre") or ""):]
    if unit == "year" and _YEAR_MONTH.match(tail):
        return True
    return g.get("unit") == "日" and bool(_MONTH_BEFORE.search(text[max(0, start - 3):start]))


def _figure_text(num: str) -> str:
    """A figure's text without the brackets of the form field it fills ("[ 2 ]" reads 2); an empty field ("【 】")
    stays a blank."""
    return _FIELD.sub("", num) if any(c.isdigit() for c in num) else num
