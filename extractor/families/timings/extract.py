"""Timing commitments: deadlines, support hours, frequencies (rules: patterns/timings.toml)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.commitment.filters import commits_nothing, disclaimed_example, drop_translated, illustrative, reported, superseded, undecided
from extractor.families.timings.hooks import HOOKS
from extractor.rules.lexicon import Lexicon, lexicon
from extractor.rules.matching import REGEX_TIMEOUT, after, alternation, before, expand, fragments, keep_disjoint, matches, rules
from extractor.models import Span, TimingFact
from extractor.rules.numerals import NUMBER, parse_number
from extractor.rules.patterns import compile_rule, load
from extractor.rules.vetoes import register_hooks, vetoes

register_hooks("timings", HOOKS)

_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"
# A switch or restart counted in seconds is a latency ("60秒内将流量切换至健康节点"), whatever the verb.
_TIME_KINDS_FOR_LATENCY = {None, "response", "other", "recovery"}
_SHORT_UNITS = {"ms", "second", "minute", "hour"}
_WINDOW_RULES = {"support_hours_range", "support_hours_clock"}
_AFTERNOON = {"中午", "下午", "晚上", "傍晚"}
_BARE = ("duration", "bare")  # a duration with no comparator before it
_OPENING = 200  # characters of a letter that hold its title, after any site chrome


@dataclass(frozen=True)
class _Cues:
    after: tuple[tuple[str, regex.Pattern], ...]
    before: tuple[tuple[str, regex.Pattern], ...]
    pre_kind: dict[str, str]
    carry_subject: regex.Pattern
    per_occurrence: regex.Pattern
    topics: tuple[tuple[str, regex.Pattern], ...]
    fault_report: regex.Pattern
    maintenance_window: regex.Pattern
    maintenance_word: regex.Pattern
    scheduled: regex.Pattern
    scheduled_after: regex.Pattern
    step: regex.Pattern
    linker: regex.Pattern
    credit_column: regex.Pattern
    header: tuple[tuple[str, regex.Pattern], ...]
    generic_after: regex.Pattern
    generic_commit: regex.Pattern
    generic_opening: regex.Pattern
    generic_any_verb: regex.Pattern


@functools.cache
def _cues() -> _Cues:
    data = load("timings")
    aft, bef, topics, header = [], [], [], []
    manner = data["manner"]["after"]
    for entry in data["kind"]:
        where = f"timings.toml:kind.{entry['kind']}"
        if "after" in entry:
            # The cue must start within 8 characters after the figure ("内|启动应急|响应"), or after
            # a manner phrase ("内|通过工单|提出赔偿").
            aft.append((entry["kind"], compile_rule(
                where, "^(?:" + manner + r")?[^,;。]{0,8}?(?P<cue>" + entry["after"] + ")")))
        if "before" in entry:
            # Greedy lead so the cue found is the last one; the window is short (24 chars). An aside in
            # brackets right after the cue ("故障历时(自申告至恢复)城区不超过") does not count as distance.
            bef.append((entry["kind"], compile_rule(
                where, "^.*(?P<cue>" + entry["before"] + r")(?:[ ]?\([^()\n]{1,16}\))?[^,;。]{0,10}$")))
            topics.append((entry["kind"], compile_rule(where, entry["before"])))
        if "header" in entry:
            header.append((entry["kind"], compile_rule(
                where, r"^(?:" + entry["header"] + r")(?:要求)?[ ]?(?:\([^()\n]{1,10}\))?$")))
    win = data["window"]

    def window(key: str) -> regex.Pattern:
        where = f"timings.toml:window.{key}"
        return compile_rule(where, expand(win[key], fragments("timings"), where))
    return _Cues(tuple(aft), tuple(bef), dict(data.get("pre_kind", {})),
                 compile_rule("timings.toml:carry.subject", r"^[ ]?(?:其中)?[ ]?(?:" + data["carry"]["subject"]
                              + r")[^,;。\d]{0,8}$"),
                 compile_rule("timings.toml:carry.per_occurrence", data["carry"]["per_occurrence"]),
                 tuple(topics),
                 compile_rule("timings.toml:fault_report.before", data["fault_report"]["before"]),
                 window("maintenance"), window("maintenance_word"), window("scheduled"), window("scheduled_after"),
                 compile_rule("timings.toml:chain.step", data["chain"]["step"]),
                 compile_rule("timings.toml:chain.linker", data["chain"]["linker"]),
                 compile_rule("timings.toml:table.credit_column", data["table"]["credit_column"]),
                 tuple(header),
                 compile_rule("timings.toml:generic_deadline.after", "^(?:" + manner + r")?[^,;。\d]{0,4}?(?P<cue>"
                              + data["generic_deadline"]["after"] + ")"),
                 compile_rule("timings.toml:generic_deadline.commit", data["generic_deadline"]["commit"]),
                 compile_rule("timings.toml:generic_deadline.opening", data["generic_deadline"]["opening"]),
                 compile_rule("timings.toml:generic_deadline.any_verb",
                              r"^[ ]?(?P<cue>" + data["generic_deadline"]["any_verb"] + ")"))


@functools.cache
def _dated() -> regex.Pattern:
    return compile_rule("timings.toml:fragments.DATED", fragments("timings")["DATED"])


@functools.cache  # the unit and period alternations are rebuilt otherwise, once per letter
def _rules():
    lex = lexicon()
    extra = (("UNIT", lex.unit_regex()), ("PERIOD", alternation(lex.period_unit)))
    return rules("timings", extra)


def extract_timings(text: str) -> list[TimingFact]:
    lex, cues = lexicon(), _cues()
    if commits_nothing(text, lex):
        return []
    candidates = []
    for rule in _rules():
        for m in matches(rule, text):
            fact = _fact(rule, m, text, lex, cues)
            if fact is not None:
                candidates.append((rule.priority, fact.span.start, fact.span.end, fact))
    return drop_translated(text, keep_disjoint(candidates), lambda f: (f.kind, f.hours, f.minutes))


def _not_a_promise(text: str, start: int, end: int, comparator: str | None, lex: Lexicon) -> bool:
    """News, statistics, worked examples and open questions report durations; they promise nothing."""
    if reported(text, start, end, lex, bounded=comparator is not None) or undecided(text, start, end, lex) \
            or superseded(text, start, end, lex):
        return True
    return (comparator in (None, "=") and illustrative(text, start, lex)) or disclaimed_example(text, start, lex)


def _fact(rule, m, text, lex: Lexicon, cues: _Cues) -> TimingFact | None:
    g = m.groupdict()
    kind = rule.fields.get("kind")
    start, end = m.start(), m.end()
    fields: dict = {}
    if rule.id.startswith("support_hours"):
        fields = _support_hours(rule.id, g)
        if rule.id in _WINDOW_RULES:
            if vetoes("timings").first(text, start, end, rule=rule.id, when=("window",)):
                return None
            cue = _before_cue(text, start, cues)
            if (cue and cue[0] == "maintenance") or cues.maintenance_window.search(before(text, start, 24, _CLAUSE)) \
                    or _scheduled_maintenance(text, start, end, cues):
                kind = "maintenance"
            elif vetoes("timings").first(text, start, end, rule=rule.id, kind=kind, when=("window_kind",)):
                return None
            else:  # a dated window that names planned work ("定于6月1日凌晨0:00-4:00进行系统升级")
                kind = "maintenance" if _dated().search(before(text, start, 16, _SENT)) else kind
    elif kind == "frequency":
        if "gap" in g and vetoes("timings").first(text, m.start("unit"), m.end("unit"), rule=rule.id, kind=kind,
                                                  when=("frequency",)):
            return None
        fields = _frequency(g, lex)
    elif rule.id == "due_day":
        fields = {"value": parse_number(g["num"]), "unit": "day_of_month", "minutes": None, "comparator": "<="}
        hit = _after_cue(text, end, cues)
        if hit is None:
            return None
        kind, end = hit[0], end + hit[1].end()
    elif "fixed" in rule.fields:  # the figure is implied (当天, 24小时受理): fields from the rule
        fields = dict(rule.fields["fixed"])
        if kind is None:
            hit = _after_cue(text, end, cues)
            if hit is None:
                return None
            kind, end = hit[0], end + hit[1].end()
    elif kind == "rpo":
        fields = {"value": 0.0, "unit": None, "minutes": 0.0, "comparator": "<=" if g["pre"] in ("≤", "<=") else "="}
    else:
        if vetoes("timings").first(text, start, end, rule=rule.id, when=("duration",) if g.get("pre") else _BARE):
            return None
        fields = _duration(g, lex, text, start)
        if fields is None:
            return None
        kind, start, end = _kind(text, m, g, cues, fields, rule.pattern)
        if kind is None:
            return None
        when = ("kind", "short_unit") if fields["unit"] in _SHORT_UNITS else ("kind",)
        if _vetoed(text, (m.start(), m.end()), (start, end), rule=rule.id, kind=kind, when=when):
            return None
    if kind is None or _not_a_promise(text, m.start(), m.end(), fields.get("comparator"), lex):
        return None
    if vetoes("timings").first(text, start, end, rule=rule.id, kind=kind, when=("promise",)):
        return None
    event, tier = _event_tier(text, start, end, lex)
    return TimingFact(rule=rule.id, kind=kind, text=text[start:end], span=Span(start=start, end=end),
                      event=event, tier=tier, **fields)


@functools.cache
def _anchored(anchor: str) -> tuple[str, ...]:
    """Ids of the timings vetoes whose window lies around the figure (``figure``) or the fact's span (``span``)."""
    return tuple(v.id for v in vetoes("timings").all if v.block.anchor == anchor)


def _vetoed(text: str, figure: tuple[int, int], span: tuple[int, int], **candidate):
    """The first veto that stops a candidate, each judged around its anchor: the figure or the fact's span."""
    return vetoes("timings").first(text, *figure, only=_anchored("figure"), **candidate) \
        or vetoes("timings").first(text, *span, only=_anchored("span"), **candidate)


def _support_hours(rule_id: str, g: dict) -> dict:
    if rule_id == "support_hours_grid":
        return {"hours": f"{g['a']}x{g['b']}"}
    if rule_id == "support_hours_grid_reversed":
        return {"hours": f"{g['a'] or g['a2']}x{g['b'] or g['b2']}"}
    if rule_id in _WINDOW_RULES:
        return {"hours": _clock(g, "1", g["ap1"]) + "-" + _clock(g, "2", _end_half_day(g))}
    return {"blank": True}


def _end_half_day(g: dict) -> str | None:
    """The end hour keeps the start's 下午 unless it names its own or wraps ("下午2时至5时" ends at 17:00;
    "晚上8时至次日8时" does not)."""
    if g["ap2"] or g["next"] or not g["ap1"]:
        return g["ap2"]
    return g["ap1"] if (parse_number(g["h2"]) or 0) > (parse_number(g["h1"]) or 0) else None


def _clock(g: dict, i: str, half_day: str | None) -> str:
    """HH:MM from digits or clock words; 下午5时 is 17:00, 中午12时 stays 12:00."""
    hour = int(parse_number(g["h" + i]) or 0)
    if half_day in _AFTERNOON and hour < 12:
        hour += 12
    minute = 30 if g.get("half" + i) else int(parse_number(g["m" + i]) or 0) if g["m" + i] else 0
    return f"{hour:02d}:{minute:02d}"


def _scheduled_maintenance(text: str, start: int, end: int, cues: _Cues) -> bool:
    """A window whose clause only schedules work named earlier in the sentence is that work's window."""
    clause = before(text, start, 24, _CLAUSE)
    if not cues.scheduled.search(clause) or not cues.scheduled_after.search(after(text, end, 8, "")):
        return False
    return bool(cues.maintenance_word.search(before(text, start - len(clause), 60, _SENT)))


def _frequency(g: dict, lex: Lexicon) -> dict:
    unit = lex.period_unit[g["unit"]]
    num_text = (g.get("num") or "").strip()
    blank = bool(num_text) and parse_number(num_text) is None and "半" not in num_text
    if num_text == "半" and unit == "year":
        unit, num_text = "half_year", ""
    value = None if blank else (parse_number(num_text) if num_text else 1.0)
    count_blank = "_" in (g.get("count") or "") or "  " in (g.get("count") or "")
    minutes = None if value is None else value * lex.unit_minutes[unit]
    return {"value": value, "unit": unit, "minutes": minutes, "blank": blank or count_blank}


def _duration(g: dict, lex: Lexicon, text: str, start: int) -> dict | None:
    unit_word = g.get("unit")
    unit = lex.unit_of_word.get(unit_word) if unit_word else None
    num_text = g.get("num")
    blank = num_text is None
    value = None if blank else parse_number(num_text)
    if not blank and value is None:
        return None
    if unit_word == "月":  # only after 个半: "一个半月"
        unit = "month"
    if value is not None and (g.get("half") or g.get("half_after")):
        value += 0.5
    if num_text == "半" and unit == "year":
        unit, value = "half_year", 1.0
    if unit == "year" and value is not None and value >= 100:
        return None  # 2024年: a date
    tail = text[start + len(g.get("pre") or ""):]
    if unit == "year" and regex.match(r"[^年]{0,14}年[ ]?(?:_+|\d{1,2}|[一二三四五六七八九十]{1,2})[ ]?月", tail):
        return None  # ____年____月: a date blank
    if unit_word == "日" and regex.search(r"月[ ]?(?:_+)?[ ]?$", text[max(0, start - 3):start]):
        return None  # 1月1日 / ____月____日
    minutes = None if value is None or unit is None else value * lex.unit_minutes[unit]
    comparator = lex.comparator(g.get("post")) or lex.comparator(g.get("pre"))
    if g.get("post") in ("前", "以前", "之前", "以上"):
        comparator = ">="
    return {"value": value, "unit": unit, "minutes": minutes, "comparator": comparator, "blank": blank}


def _before_cue(text: str, start: int, cues: _Cues) -> tuple[str, regex.Match] | None:
    """The cue ending nearest the figure; file order breaks ties."""
    window = before(text, start, 24, _CLAUSE)
    best = None
    for kind, pattern in cues.before:
        m = pattern.search(window)
        if m and (best is None or m.end("cue") > best[1].end("cue")):
            best = (kind, m)
    return best


def _after_cue(text: str, end: int, cues: _Cues) -> tuple[str, regex.Match] | None:
    """The cue starting nearest after a figure; at one start the longer cue wins
    ("回复处理方式" is a response before "回复" is a reply)."""
    window = after(text, end, 24, _CLAUSE)
    best = None
    for kind, pattern in cues.after:
        hit = pattern.search(window)
        if hit and (best is None or (hit.start("cue"), -hit.end()) < (best[1].start("cue"), -best[1].end())):
            best = (kind, hit)
    return best


def _kind(text, m, g, cues: _Cues, fields, pattern, depth: int = 0) -> tuple[str | None, int, int]:
    """Kind from the cue after a deadline, else the nearest cue before; the span grows to the cue."""
    start, end = m.start(), m.end()
    after_hit = _after_cue(text, end, cues)
    before_hit = _before_cue(text, start, cues)
    deadline = g.get("post") is not None or g.get("pre") in cues.pre_kind
    choice = None
    # In a '|' row the column header names a figure cell's kind first: a cue in the row's definition cell
    # ("收发延迟超过30分钟 | 30分钟" under 响应时间) describes the fault, not this deadline.
    column_kind = _table_kind(text, start, cues) if "|" in before(text, start, 24, "\n") else None
    if column_kind:
        choice = column_kind
    elif after_hit and (deadline or before_hit is None):
        choice, end = after_hit[0], end + after_hit[1].end()
    elif before_hit and g.get("pre") not in cues.pre_kind:
        # 提前 is itself the nearest cue: "计划内停机须提前3个工作日书面报批" is a notice about the downtime.
        window_start = start - len(before(text, start, 24, _CLAUSE))
        choice, start = before_hit[0], window_start + before_hit[1].start("cue")
    elif g.get("pre") in cues.pre_kind:
        choice = cues.pre_kind[g["pre"]]
    else:
        choice = _table_kind(text, start, cues) or _next_clause_kind(text, end, g, cues) \
            or _carried_kind(text, m, g, cues, pattern, depth) or _forward_kind(text, m, g, cues, pattern)
        if choice is None and g.get("post") is not None:
            generic = _generic_deadline(text, start, end, cues)
            if generic is not None:
                choice, end = "other", end + generic.end()
    if choice == "reply" and cues.fault_report.search(before(text, start, 40, _SENT)):
        choice = "response"
    if fields.get("unit") in ("ms", "second") and choice in _TIME_KINDS_FOR_LATENCY:
        choice = "latency"
    return choice, start, end


def _generic_deadline(text: str, start: int, end: int, cues: _Cues) -> regex.Match | None:
    """A deadline with a verb no kind knows, in a sentence or letter that commits (timings.toml [generic_deadline])."""
    window = after(text, end, 16, _CLAUSE)
    hit = cues.generic_after.search(window)
    if hit is not None and (cues.generic_commit.search(before(text, start, 40, _SENT))
                            or cues.generic_commit.search(text[:_OPENING])):
        return hit
    if cues.generic_opening.search(text[:_OPENING]):  # a commitment page: any verb but the customer's duties
        return cues.generic_any_verb.search(window)
    return None


def _next_clause_kind(text: str, end: int, g, cues: _Cues) -> str | None:
    """A deadline that ends its clause takes the cue opening the next one
    ("不晚于周期结束后60日内,通过工单提出赔偿申请"), when that clause holds no figure of its own;
    so does one whose clause only completes a check chained with 并 ("完成核实,并以书面形式答复")."""
    if g.get("post") is None:
        return None
    rest = after(text, end, 24, _CLAUSE)
    comma = end + len(rest)
    if comma >= len(text) or text[comma] != "," or (rest and not cues.step.search(rest)):
        return None
    nxt = after(text, comma + 1, 24, _CLAUSE)
    if rest and not cues.linker.search(nxt):
        return None
    hit = _after_cue(text, comma + 1, cues)
    if hit is None or regex.search(r"\d", nxt[:hit[1].end()]):
        return None
    return hit[0]


def _topic(clause: str, cues: _Cues, own: str | None) -> str | None:
    """The first cue of a clause other than its own deadline's kind: what the clause is about
    ("计划维护须提前48小时通知" gives a notice about maintenance)."""
    best = None
    for kind, pattern in cues.topics:
        hit = pattern.search(clause)
        if hit and kind != own and (best is None or hit.start() < best[1]):
            best = (kind, hit.start())
    return best[0] if best else None


def _carried_kind(text, m, g, cues: _Cues, pattern, depth: int) -> str | None:
    """An elliptical clause naming a parallel tier with the same comparator inherits the kind of
    the clause before it: "一般故障不超过8小时,重大故障不超过4小时" after "修复时间:"."""
    lead = before(text, m.start(), 16, _CLAUSE)
    clause_start = m.start() - len(lead)
    if depth > 3 or clause_start < 1 or text[clause_start - 1] not in ",;":
        return None
    prev = before(text, clause_start - 1, 48, "。!?\n,;")
    prev_start = clause_start - 1 - len(prev)
    per_occurrence = bool((g.get("pre") or g.get("post")) and cues.per_occurrence.search(lead))
    last = _last_figure(text, prev_start, clause_start - 1, pattern)
    if last is None and per_occurrence:
        # A clause without a figure ("原则上安排在凌晨0:00-6:00进行") lies between: the sentence's earlier one.
        prev = before(text, clause_start - 1, 120, "。!?\n;")
        last = _last_figure(text, clause_start - 1 - len(prev), clause_start - 1, pattern)
    if last is None:
        return None
    pg = last.groupdict()
    if per_occurrence:
        own, _, _ = _kind(text, last, pg, cues, {}, pattern, depth + 1)
        return _topic(prev, cues, own)
    if not cues.carry_subject.search(lead):
        return None
    if (pg.get("pre"), pg.get("post")) != (g.get("pre"), g.get("post")) \
            or not (g.get("pre") or g.get("post") or _listed(text, m.start())):
        return None
    kind, _, _ = _kind(text, last, pg, cues, {}, pattern, depth + 1)
    return kind


def _listed(text: str, pos: int) -> bool:
    """Bare tiers after a label and colon share its cue: "到达现场时间:城区45分钟,农村90分钟,山区2小时"."""
    return ":" in before(text, pos, 80, _SENT)


def _forward_kind(text: str, m, g, cues: _Cues, pattern) -> str | None:
    """A bare tier takes the cue that ends the parallel tier after it: "二环线以内45分钟,二环线以外90分钟赶到现场"."""
    if g.get("pre") or g.get("post") or not cues.carry_subject.search(before(text, m.start(), 16, _CLAUSE)):
        return None
    comma = m.end() + len(after(text, m.end(), 8, _CLAUSE))
    if comma >= len(text) or text[comma] != ",":
        return None
    nxt = pattern.search(text, comma + 1, comma + 1 + 24, timeout=REGEX_TIMEOUT)
    if nxt is None or not cues.carry_subject.search(text[comma + 1:nxt.start()]):
        return None
    hit = _after_cue(text, nxt.end(), cues)
    return hit[0] if hit else None


def _last_figure(text: str, start: int, end: int, pattern) -> regex.Match | None:
    last = None
    for pm in pattern.finditer(text, start, end, timeout=REGEX_TIMEOUT):
        last = pm
    return last


def _table_kind(text: str, pos: int, cues: _Cues) -> str | None:
    """In a '|' table row, the kind comes from the header cell of the same column ("响应时限")."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos) if "\n" in text[pos:] else len(text)
    row = text[line_start:line_end]
    if "|" not in row:
        return None
    column = text[line_start:pos].count("|")
    cells = len(row.split("|"))
    lines = text[:line_start].split("\n")[-12:]
    for header in reversed(lines):
        parts = header.split("|")
        if len(parts) != cells:
            continue
        cell = parts[column].strip()
        # A whole header cell ("恢复") is read before the cues a figure's lead-in needs ("恢复时间").
        named = [(kind, p) for kind, p in cues.header if p.search(cell)] or cues.before
        for kind, pattern in named:
            if pattern.search(cell):
                # The first column of a credit table ("单次障碍历时 | 减免比例") keys each row's credit:
                # "8小时以上不足24小时" is the condition of a penalty tier, not a deadline.
                if column == 0 and any(cues.credit_column.search(p) for p in parts[1:]):
                    return None
                return kind
    return None


@functools.cache
def _figure() -> regex.Pattern:
    return regex.compile(NUMBER + r"[ ]?" + lexicon().unit_regex())


def _object_of_earlier_deadline(head: str, pos: int) -> bool:
    """An incident word after another deadline in its clause is that deadline's object
    ("2小时内恢复核心功能,24小时内彻底解决": 核心功能 is not the second one's event)."""
    clause_start = max(head.rfind(c, 0, pos) for c in _CLAUSE) + 1
    return bool(_figure().search(head, clause_start, pos))


def _event_tier(text: str, start: int, end: int, lex: Lexicon) -> tuple[str | None, str | None]:
    """Event: an incident word right after the verb ("恢复核心功能"), else the nearest before."""
    event = None
    tail = after(text, end, 8, _CLAUSE)
    for p in lex.events:
        hit = p.match(tail)
        if hit:
            event = hit.group(0)
            break
    head = before(text, start, 40, _SENT)
    if event is None:
        best = None
        for p in lex.events:
            for hit in p.finditer(head):
                if _object_of_earlier_deadline(head, hit.start()):
                    continue
                if best is None or hit.end() > best.end() or (hit.end() == best.end() and hit.start() < best.start()):
                    best = hit
        event = best.group(0) if best else None
    tier = _last_tier(head + text[start:end], lex)
    if tier is None and "|" in head:
        # A table row grades every cell after its tier cell, however long the cells before the figure.
        line_start = text.rfind("\n", 0, start) + 1
        tier = _last_tier(text[max(line_start, start - 200):start], lex)
    if tier is None:
        # The lead-in of a tier line ("一级事件(…):10分钟内响应,…,2小时内恢复服务") grades every
        # deadline after its colon, however far the sentence runs.
        sentence = before(text, start, 160, _SENT)
        colon = sentence.rfind(":")
        if colon > 0:
            tier = _last_tier(sentence[max(0, colon - 40):colon], lex)
    return event, tier


def _last_tier(window: str, lex: Lexicon) -> str | None:
    for p in lex.tiers:
        hits = list(p.finditer(window))
        if hits:
            return hits[-1].group(0)
    return None
