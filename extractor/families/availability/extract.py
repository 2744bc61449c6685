"""Availability / uptime commitments (rules: patterns/availability.toml)."""
from __future__ import annotations

import functools

import regex

from extractor.commitment.filters import commits_nothing, illustrative, reported, superseded, undecided
from extractor.rules.lexicon import Lexicon, lexicon
from extractor.rules.matching import REGEX_TIMEOUT, after, before, expand, fragments, keep_disjoint, longest_word, matches, rules
from extractor.families.availability.table import table_levels
from extractor.models import AvailabilityFact, Span
from extractor.rules.numerals import parse_number, parse_rate
from extractor.rules.patterns import compile_rule, load

PERIOD_HOURS = {"month": 720.0, "quarter": 2160.0, "year": 8760.0}
_SHORT_PERIOD = {"月": "month", "季": "quarter", "年": "year"}
# A figure inside a service-credit band: "99% ≤ 月度可用性 < 99.9%", "不低于99%但低于99.9%",
# "99%-99.9%". Those belong to penalties.
_BAND_BEFORE = regex.compile(r"[<≤>≥][ ]?[\p{Han}A-Za-z]{0,10}$")
_BAND_AFTER = regex.compile(r"^[ ]?,?[ ]?(?:但|且|并且|而|,)?[ ]?(?:低于|小于|<|≤|不足|不满|未达到)|^[ ]?(?:\(含\))?[ ]?[~\-—至到][ ]?\d")


_BOUND_WORDS = {"不低于", "不少于", "不小于", "大于等于", "大于或等于", "等于或高于", "高于或等于", "≥", ">=", "至少"}


@functools.cache
def _subject_rules() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern, regex.Pattern]:
    data = load("availability")["subject"]
    return (compile_rule("availability.toml:subject.stop", data["stop"]),
            compile_rule("availability.toml:subject.period", data["period"]),
            compile_rule("availability.toml:subject.short_period", data["short_period"]),
            compile_rule("availability.toml:subject.period_after", data["period_after"]))


@functools.cache
def _elliptical_rules() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    data = load("availability")["elliptical"]
    where = "availability.toml:elliptical"
    return (compile_rule(where, expand(data["regex"], fragments("availability"), where)),
            compile_rule(where + ".other_metric", data["other_metric"]),
            compile_rule(where + ".time_lead", data["time_lead"]))


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
    candidates += [(-2, f.span.start, f.span.end, f) for f in table_levels(text, lex)]
    facts = keep_disjoint(candidates)
    # A level is added only after its rule-found rate; -1 lets any rule-found fact win an overlap.
    levels = [(-1, f.span.start, f.span.end, f) for fact in facts for f in _elliptical_levels(text, fact, lex)]
    return keep_disjoint([(0, f.span.start, f.span.end, f) for f in facts] + levels) if levels else facts


def _elliptical_levels(text: str, fact: AvailabilityFact, lex: Lexicon) -> list[AvailabilityFact]:
    """Further levels in the comma clauses right after a rate, each naming only its period or subject."""
    pattern, other_metric, time_lead = _elliptical_rules()
    out: list[AvailabilityFact] = []
    prev = fact
    while prev.metric == "availability" and not prev.blank:
        m = pattern.match(text, prev.span.end, timeout=REGEX_TIMEOUT)
        if m is None or other_metric.search(m.group("lead")):
            break
        value = parse_rate(m.group("rate").replace(" ", ""))
        start, end, lead = m.start("lead"), m.end(), m.group("lead").strip()
        if value is None or not 0.5 <= value <= 1.0 or reported(text, start, end, lex, True):
            break
        prev = AvailabilityFact(
            rule="availability_elliptical", text=text[start:end], span=Span(start=start, end=end), blank=False,
            value=value, comparator=">=" if m.group("tail") else lex.comparator(m.group("cmp")),
            subject=fact.subject if time_lead.search(lead) else lead,
            period=longest_word(lex.period_of, lead) or fact.period,
            metric=fact.metric)
        out.append(prev)
    return out


def _fact(rule, m: regex.Match, text: str, lex: Lexicon) -> AvailabilityFact | None:
    if m.start() > 0 and text[m.start() - 1] == "不":  # 不可用率 is the complement
        return None
    if _BAND_BEFORE.search(before(text, m.start(), 14)) or _BAND_AFTER.search(after(text, m.end(), 12)):
        return None
    groups = m.groupdict()
    blank = groups.get("blank") is not None
    metric = rule.fields.get("metric", "availability")
    context = before(text, m.start(), 12, "。;!?\n,") + text[m.start():m.end()]
    period = longest_word(lex.period_of, context)
    short = _subject_rules()[2].search(before(text, m.start(), 2))
    if period is None and short:
        period = _SHORT_PERIOD[short.group("p")]
    bracket = _subject_rules()[3].match(after(text, m.end(), 20))
    if period is None and bracket:
        period = longest_word(lex.period_of, bracket.group("inside"))
    if metric == "uptime_hours":
        hours = None if blank else parse_number(groups["num"])
        period = longest_word(lex.period_of, groups.get("period") or "") or period or "year"
        value = None if hours is None else hours / PERIOD_HOURS[period]
    else:
        value = None if blank else parse_rate(groups["rate"].replace(" ", ""))
    if not blank and (value is None or not 0.5 <= value <= 1.0):
        return None
    comparator = lex.comparator(groups.get("cmp")) or rule.fields.get("comparator")
    if groups.get("tail"):
        comparator = ">="
    # "达到"/"为" state a level reached; a bound ("不低于", "≥", "以上") is what letters promise.
    bounded = bool(groups.get("tail")) or (groups.get("cmp") or "") in _BOUND_WORDS
    # The change verb may sit between metric and figure ("服务可用性要求提升至99.99%"): look from the figure.
    figure = next(m.start(g) for g in ("rate", "num", "blank") if groups.get(g) is not None)
    if reported(text, figure, m.end(), lex, bounded) or (not bounded and illustrative(text, m.start(), lex)) \
            or undecided(text, m.start(), m.end(), lex) or superseded(text, figure, m.end(), lex):
        return None
    return AvailabilityFact(
        rule=rule.id, text=m.group(0), span=Span(start=m.start(), end=m.end()), blank=blank,
        value=value, comparator=comparator, subject=_subject(text, m.start()),
        period=period, metric=metric,
    )


def _subject(text: str, kw_start: int) -> str | None:
    """The noun run before the metric word, after the last stop word, without period words."""
    stop, period, *_ = _subject_rules()
    window = before(text, kw_start, 20, "。;!?\n,:()、")
    run = regex.search(r"[\p{Han}A-Za-z0-9]*$", window).group(0)
    cut = 0
    for m in stop.finditer(run):
        cut = max(cut, m.end())
    run = period.sub("", run[cut:])
    if run.endswith("的"):
        run = run[:-1]
    elif "的" in run:
        run = run[run.rindex("的") + 1:]
    return run or None
