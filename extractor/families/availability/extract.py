"""Availability / uptime commitments (rules: patterns/availability.toml)."""
from __future__ import annotations

from typing import cast

import regex

from extractor.commitment.filters import (
    commits_nothing,
    illustrative,
    quoted_example,
    reported,
    stop,
    stopped,
    superseded,
    undecided,
)
from extractor.families.availability.data import bound_words, cues, pattern
from extractor.families.availability.table import stacked_levels, table_levels
from extractor.models import AvailabilityFact, Evidence, Period, Span
from extractor.rules.lexicon import Lexicon, lexicon
from extractor.rules.matching import REGEX_TIMEOUT, before, keep_disjoint, longest_word, matches, rules
from extractor.rules.numerals import parse_number, parse_rate
from extractor.rules.vetoes import vetoes

PERIOD_HOURS: dict[Period, float] = {"month": 720.0, "quarter": 2160.0, "year": 8760.0}
_SHORT_PERIODS = ("short_period.month", "short_period.quarter", "short_period.year")
_SUBJECT_RUN = regex.compile(r"[\p{Han}A-Za-z0-9]*$")
_PERCENT_FIGURE = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)[ ]?%")
_HAN = regex.compile(r"\p{Han}")
_NINES = regex.compile(r"^[“\"「]?(\S)[ ]?个[ ]?[9九]")


def _rate(text: str) -> float | None:
    """A rate as written, spaces and a filled bracket around its figure dropped ("【99.9】%": not a blank); N nines
    ("4个9", availability.toml nines_rate) are 1 - 10^-N."""
    nines = _NINES.search(text)
    if nines:
        count = parse_number(nines.group(1))
        return None if count is None else round(1 - 10 ** -count, 12)
    return parse_rate(text.replace(" ", "").replace("【", "").replace("】", ""))


def extract_availability(text: str) -> list[AvailabilityFact]:
    lex = lexicon()
    if commits_nothing(text, lex):
        return []
    candidates = []
    for rule in rules("availability"):
        for m in matches(rule, text):
            fact = _fact(rule, m, text, lex)
            if fact is not None:
                candidates.append((rule.priority, m.start(), m.end(), fact))
    # A table cell under a metric header is a level; a rule that read the cell's own words wins its span.
    candidates += [(-2, f.span.start, f.span.end, f) for f in table_levels(text, lex) + stacked_levels(text, lex)]
    facts = keep_disjoint(candidates)
    # A level is added only after its rule-found rate; -1 lets any rule-found fact win an overlap.
    levels = [(-1, f.span.start, f.span.end, f) for fact in facts for f in _elliptical_levels(text, fact, lex)]
    return keep_disjoint([(0, f.span.start, f.span.end, f) for f in facts] + levels) if levels else facts


def _elliptical_levels(text: str, fact: AvailabilityFact, lex: Lexicon) -> list[AvailabilityFact]:
    """Further levels in the comma clauses right after a rate, each naming only its period or subject."""
    elliptical, time_lead = pattern("elliptical", "regex"), cues()["time_lead"]
    out: list[AvailabilityFact] = []
    prev = fact
    while prev.metric == "availability" and not prev.blank:
        m = elliptical.match(text, prev.span.end, timeout=REGEX_TIMEOUT)
        checked: list[str] = []
        # The lead's words are judged up to the comparator: the window ends where the lead does.
        if m is None or vetoes("availability").first(text, m.end("lead"), m.end(), when=("elliptical",),
                                                      checked=checked):
            break
        value = _rate(m.group("rate"))
        start, end, lead = m.start("lead"), m.end(), m.group("lead").strip()
        if value is None or not 0.5 <= value <= 1.0 \
                or stop("reported", reported(text, start, end, lex, True), start, end):
            break
        same_subject = time_lead.match(text, m.end("lead"), end) is not None
        prev = AvailabilityFact(
            rule="availability_elliptical", text=text[start:end], span=Span(start=start, end=end), blank=False,
            evidence=Evidence(cues=[time_lead.id] if same_subject else [], vetoes=checked),
            # A level with no comparator of its own keeps the one of the level before it (…不低于99.99%,一般业务99.9%).
            value=value, comparator=">=" if m.group("tail") else lex.comparator(m.group("cmp")) or prev.comparator,
            subject=fact.subject if same_subject else lead,
            period=longest_word(lex.period_of, lead) or fact.period,
            metric=fact.metric)
        out.append(prev)
    return out


def _period(text: str, m: regex.Match, lex: Lexicon, placed_by: list[str]) -> Period | None:
    """The period a level is counted over: a period word before it, else a period cue (appended to ``placed_by``)."""
    lead = before(text, m.start(), 40, "。;!?\n,")
    # After the last level glossed before this one: that gloss names its own period.
    glossed_end = max((g.end() for g in pattern("subject", "glossed_level").finditer(lead)), default=0)
    context = lead[max(glossed_end, len(lead) - 12):] + text[m.start():m.end()]
    period = longest_word(lex.period_of, context)
    if period is not None:
        return period
    found = cues()
    for cue_id in _SHORT_PERIODS:
        if found[cue_id].match(text, m.start(), m.end()):
            placed_by.append(cue_id)
            return cast(Period, found[cue_id].block.gives)  # a short_period.* cue gives its period
    bracket = found["period_after"].match(text, m.start(), m.end())
    period = longest_word(lex.period_of, bracket.group("inside")) if bracket else None
    if period is not None:
        placed_by.append("period_after")
    return period


def _restated_in_chinese(text: str, start: int, end: int) -> bool:
    """A line in Chinese of the letter states the figure of ``text[start:end]`` too: the page is bilingual, and its
    Chinese line is the one read (figures.toml ``english_line`` sets the English line aside)."""
    figure = _PERCENT_FIGURE.search(text, start, end)
    if figure is None:
        return False
    value = float(figure.group(1))
    return any(float(m.group(1)) == value for line in text.splitlines() if _HAN.search(line)
               for m in _PERCENT_FIGURE.finditer(line))


def _fact(rule, m: regex.Match, text: str, lex: Lexicon) -> AvailabilityFact | None:
    if rule.fields.get("language") == "en" and _restated_in_chinese(text, m.start(), m.end()):
        return None
    checked: list[str] = []
    if vetoes("availability").first(text, m.start(), m.end(), rule=rule.id, when=("match",), checked=checked):
        return None
    groups = m.groupdict()
    blank = groups.get("blank") is not None
    metric = rule.fields.get("metric", "availability")
    placed_by: list[str] = []
    value, period = _level(m, metric, blank, _period(text, m, lex, placed_by), lex)
    if not blank and (value is None or not 0.5 <= value <= 1.0):
        return None
    comparator = ">=" if groups.get("tail") else lex.comparator(groups.get("cmp")) or rule.fields.get("comparator")
    if not _promised(text, m, lex):
        return None
    return AvailabilityFact(
        rule=rule.id, text=m.group(0), span=Span(start=m.start(), end=m.end()), blank=blank,
        evidence=Evidence(cues=placed_by, vetoes=checked),
        value=value, comparator=comparator, subject=_subject(text, m.start()),
        period=period, metric=metric,
    )


def _level(m: regex.Match, metric: str, blank: bool, period: Period | None,
           lex: Lexicon) -> tuple[float | None, Period | None]:
    """(the level as a fraction, its period): uptime hours are a share of the period's hours (a year by default)."""
    groups = m.groupdict()
    if metric != "uptime_hours":
        return (None if blank else _rate(groups["rate"])), period
    hours = None if blank else parse_number(groups["num"])
    period = longest_word(lex.period_of, groups.get("period") or "") or period or "year"
    return (None if hours is None else hours / PERIOD_HOURS[period]), period


def _promised(text: str, m: regex.Match, lex: Lexicon) -> bool:
    """Not reported, illustrated, undecided or superseded (the shared filters of extractor/commitment/filters.py)."""
    groups = m.groupdict()
    # "达到"/"为" state a level reached; a bound ("不低于", "≥", "以上") is what letters promise.
    bounded = bool(groups.get("tail")) or (groups.get("cmp") or "") in bound_words()
    # The change verb may sit between metric and figure ("服务可用性要求提升至99.99%"): look from the figure.
    figure = next(m.start(g) for g in ("rate", "num", "blank") if groups.get(g) is not None)
    return not stopped((("reported", lambda: reported(text, figure, m.end(), lex, bounded)),
                        ("illustrative", lambda: None if bounded else illustrative(text, m.start(), lex)),
                        ("quoted_example", lambda: quoted_example(text, m.start(), lex)),
                        ("undecided", lambda: undecided(text, m.start(), m.end(), lex)),
                        ("superseded", lambda: superseded(text, figure, m.end(), lex))), figure, m.end())


def _subject(text: str, kw_start: int) -> str | None:
    """The noun run before the metric word, after the last stop word, without period words."""
    stop, period = pattern("subject", "stop"), pattern("subject", "period")
    window = before(text, kw_start, 20, "。;!?\n,:()、")
    run = _SUBJECT_RUN.search(window).group(0)
    cut = 0
    for m in stop.finditer(run):
        cut = max(cut, m.end())
    run = period.sub("", run[cut:])
    if run.endswith("的"):
        run = run[:-1]
    elif "的" in run:
        run = run[run.rindex("的") + 1:]
    return run or None
