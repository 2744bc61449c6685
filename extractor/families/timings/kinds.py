"""A timing figure's kind from the cue words around it: the ``[[cue]]`` blocks of patterns/timings.toml.

A cue right after a deadline wins ("30分钟内 | 启动应急响应"), else the nearest cue before the figure
("响应时间不超过 | 2小时"), else the header cell of its '|' table column, the next clause, the clause before
(a parallel tier), the tier after, or a generic deadline verb. Each answer names the cue blocks that gave it.
"""
from __future__ import annotations

import functools

import regex

from extractor.families.timings.amend import Placed, amend
from extractor.families.timings.columns import column_cue, table_cue
from extractor.families.timings.cuewords import (
    Cue,
    cues,
    lead_overrides,
    pre_kind,
    scanned,
    topics,
    words,
)
from extractor.families.timings.deadlines import generic_deadline, limit_before
from extractor.families.timings.leadverb import lead_verb_kind, prompt_act_kind
from extractor.models import TimingKind
from extractor.rules.matching import after, before, fragments, timeout_for
from extractor.rules.prefilter import may_match

_SENT = "。;!?\n"
_CLAUSE = "。;!?\n,"
_DIGIT = regex.compile(r"\d")
# A bracket holding a figure of its own, no restatement of this one ("(即120分钟)" stays inside the fact).
_BRACKET_FIGURE = regex.compile(r"[ ]?\((?![ ]?(?:即|亦即|也即|也就是|合|约|折合))[^()\n]{0,12}\d[^()\n]{0,12}\)")
# At most two characters of manner between a figure and its verb ("电话" in "20分钟电话响应"), no 后/前 of a delay.
_ADJACENT = regex.compile(r"[ ]?(?:(?![后前以之])\p{Han}){0,2}[ ]?")
_ITEM_CUT = regex.compile(r"[,;、]")

Found = tuple[TimingKind, tuple[str, ...]]  # a kind and the ids of the cues that gave it


def before_cue(text: str, start: int, where: str = "before") -> tuple[Cue, int] | None:
    """The cue (of ``where``: before, or the last-resort clause cues) ending nearest the figure and where it starts;
    file order breaks ties."""
    found = before_cue_span(text, start, where)
    return found[:2] if found else None


def before_cue_span(text: str, start: int, where: str = "before") -> tuple[Cue, int, int] | None:
    """``before_cue`` with where the cue ends."""
    best = None
    listed = cues(where)
    # The cues share a few window shapes: each is cut once. Every window is a stretch of the text ending at the
    # figure, so the longest holds the others: the cues whose words it lacks (one scan for all) are not asked.
    scan, shapes = scanned(where)
    windows = {shape: _window_before(text, start, *shape) for shape in shapes}
    for i in sorted(scan.lists_holding(max(windows.values(), key=len))):
        cue = listed[i]
        window = windows[cue.window, cue.stops]
        m = cue.pattern.search(window) if may_match(cue.pattern, window) else None
        if m:
            offset = start - len(window)
            if best is None or offset + m.end("cue") > best[2]:
                best = (cue, offset + m.start("cue"), offset + m.end("cue"))
    return best


def _window_before(text: str, start: int, size: int, stops: str) -> str:
    """``before``, reaching past a clause that only names the event the limit counts from ("的时限,自接到报修之时起,
    城区不超过"; timings.toml [manner] event_clause) to the clause before it."""
    window = before(text, start, size, stops)
    head = start - len(window)
    if "," not in stops or head <= 0 or text[head - 1] != ",":
        return window
    event = words("manner", "event_clause", "(?:{})$").search(text, max(0, head - 24), head)
    if event is None:
        return window
    return before(text, event.start(), size, stops) + text[event.start():start]


def after_cue(text: str, end: int) -> tuple[Cue, int, int] | None:
    """The cue starting nearest after a figure, where it starts and where its match ends; at one start the
    longer cue wins ("回复处理方式" is a response before "回复" is a reply)."""
    best = None
    listed = cues("after")
    scan, shapes = scanned("after")
    windows = {shape: after(text, end, *shape) for shape in shapes}  # each starts at the figure (see before_cue)
    for i in sorted(scan.lists_holding(max(windows.values(), key=len))):
        cue = listed[i]
        window = windows[cue.window, cue.stops]
        hit = cue.pattern.search(window) if may_match(cue.pattern, window) else None
        if hit and (best is None or (hit.start("cue"), -hit.end()) < (best[1], -best[2])):
            best = (cue, hit.start("cue"), hit.end())
    return (best[0], end + best[1], end + best[2]) if best else None


def place(text: str, m: regex.Match, g: dict, fields: dict, pattern: regex.Pattern, depth: int = 0) -> Placed:
    """Kind from the cue after a deadline, else the nearest cue before; the span grows to the cue."""
    start, end = m.start(), m.end()
    after_hit, before_span = after_cue(text, end), before_cue_span(text, start)
    before_hit = before_span[:2] if before_span else None
    if before_hit and text.count("|", before_hit[1], start) > 1:
        before_hit = None  # a row's label names the cell after it; a later cell's kind is its column's or its row's
    if after_hit and before_hit and before_hit[0].id in after_hit[0].yields_to:
        after_hit = None  # "配件7个工作日内到位": the part named before says what is in place
    deadline = g.get("post") is not None or g.get("pre") in pre_kind()
    # In a '|' row the column header names a figure cell's kind first: a cue in the row's definition cell
    # ("收发延迟超过30分钟 | 30分钟" under 响应时间) describes the fault, not this deadline.
    column = table_cue(text, start) if "|" in before(text, start, 24, "\n") else None
    # A verb right after its figure ("30分钟现场响应", "20分钟电话响应") says what the figure is, bound or not,
    # unless a cue before it is as near ("备件4小时到位": the part arrives).
    adjacent = after_hit is not None and bool(_ADJACENT.fullmatch(text, end, after_hit[1])) \
        and (before_span is None or start - before_span[2] > after_hit[1] - end)
    if column and after_hit and (deadline or adjacent) and "|" not in text[end:after_hit[1]]:
        column = None  # the cell's own verb after its deadline outranks the column's topic ("答复" under 解决方案)
    if after_hit and g.get("pre") in pre_kind() and after_hit[0].gives in lead_overrides():
        after_hit = None  # "提前一天联系确认具体上门时间": the visit is what the notice is about
    completion = _repair_completion(text, start, end) if deadline and g.get("pre") not in pre_kind() else None
    if column:
        placed = Placed(column.gives, start, end, (column.id,))
    elif completion is not None and (after_hit is None or completion[0] <= after_hit[1]):
        placed = Placed("resolution", start, completion[1], ("repair_completion",))
    elif after_hit and (deadline or adjacent or before_hit is None):
        # A tier in brackets before the cue ("40分钟(其它区60分钟)赶至现场") is a fact of its own: the span stops.
        grown = end if _BRACKET_FIGURE.match(text, end, after_hit[1]) else after_hit[2]
        placed = Placed(after_hit[0].gives, start, grown, (after_hit[0].id,))
    elif before_hit and g.get("pre") not in pre_kind():
        # 提前 is itself the nearest cue: "计划内停机须提前3个工作日书面报批" is a notice about the downtime.
        placed = Placed(before_hit[0].gives, before_hit[1], end, (before_hit[0].id,))
    elif g.get("pre") in pre_kind():
        placed = Placed(pre_kind()[g["pre"]], start, end)
    else:
        placed = _placed_from_context(text, m, g, pattern, depth)
    return amend(text, placed, fields, start, end)


def _repair_completion(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where 完成 after a deadline starts and ends, when the sentence before the figure names a repair: the repair
    done ("确认维修方案起,应在十个工作日内完成"; timings.toml [repair_completion])."""
    hit = words("repair_completion", "verb", r"^(?:[ ]?\([^()\n]{1,24}\))?[ ]?(?P<cue>{})").search(
        after(text, end, 16, _CLAUSE))
    if hit is None or not words("repair_completion", "context").search(before(text, start, 60, _SENT)):
        return None
    return end + hit.start("cue"), end + hit.end("cue")


def _placed_from_context(text: str, m: regex.Match, g: dict, pattern: regex.Pattern, depth: int) -> Placed:
    """No cue next to the figure: its table column, a list item's verb or a prompt act before it (leadverb.py), the
    next clause, a parallel tier, or a generic verb."""
    start, end = m.start(), m.end()
    column = column_cue(text, start, end)
    found = ((column.gives, (column.id,)) if column else None) or lead_verb_kind(text, m) or prompt_act_kind(text, m) \
        or _next_clause_kind(text, m, g) or _carried_kind(text, m, g, pattern, depth) \
        or _forward_kind(text, m, g, pattern) or _labelled_list_kind(text, m, pattern) or _clause_cue(text, m, g) \
        or _defined_term_kind(text, m)
    if found:
        return Placed(found[0], start, end, found[1])
    # A figure counted from an event is a deadline without 内 too ("预约后一个工作日完成通气点火"), and so is an ordinal
    # day bounded by 最迟 ("最迟第3日投递": the rule's `pre` ends with 第).
    if g.get("post") is not None or (g.get("pre") or "").endswith("第") \
            or (not g.get("pre")
                and words("generic_deadline", "event", "(?:{})$").search(before(text, start, 8, _CLAUSE))):
        generic = generic_deadline(text, start, end)
        if generic is not None:
            return Placed("other", start, end + generic.end())
    lead = limit_before(text, m.start("num") if g.get("num") else start)  # the bound may be the rule's `pre`
    if lead is not None:
        return Placed("other", lead, end, ("generic_deadline.before",))
    if g.get("post") is not None and not after(text, end, 12, _CLAUSE).strip() \
            and words("fault_report", "lead").search(before(text, start, 40, _CLAUSE)):
        return Placed("response", start, end, ("fault_report.lead",))
    return Placed(None, start, end)


def _next_clause_kind(text: str, m: regex.Match, g: dict) -> Found | None:
    """A deadline that ends its clause takes the cue opening the next one
    ("不晚于周期结束后60日内,通过工单提出赔偿申请"), when that clause holds no figure of its own;
    so does one whose clause only completes a check chained with 并 ("完成核实,并以书面形式答复"), and the last
    bare tier of a list ("宝安区内4小时,其他区6小时,我公司派工程师到现场维修"), and a lead before an expiry
    ("乙方须于合同期满前90天,以书面通知甲方"; fragment EXPIRY)."""
    end = m.end()
    lead = before(text, m.start(), 16, _CLAUSE)
    if g.get("post") is None and not (_carry_subject().search(lead) or _expiry_lead().search(lead)):
        return None
    rest = after(text, end, 24, _CLAUSE)
    comma = end + len(rest)
    if comma >= len(text) or text[comma] != "," or (rest and not words("chain", "step").search(rest)):
        return None
    if rest and not words("chain", "linker").search(after(text, comma + 1, 24, _CLAUSE)):
        return None
    hit = after_cue(text, comma + 1)
    if hit is None or _DIGIT.search(text, comma + 1, hit[2]):
        return None
    return hit[0].gives, (hit[0].id,)


@functools.cache
def _expiry_lead() -> regex.Pattern:
    return regex.compile("(?:" + fragments("timings")["EXPIRY"] + r")[ ]?$")


def _topic(clause: str, own: str | None) -> Found | None:
    """The first cue of a clause other than its own deadline's kind: what the clause is about
    ("计划维护须提前48小时通知" gives a notice about maintenance)."""
    best = None
    for cue in topics():
        hit = cue.pattern.search(clause)
        if hit and cue.gives != own and (best is None or hit.start() < best[1]):
            best = (cue, hit.start())
    return (best[0].gives, (best[0].id,)) if best else None


def _carry_subject() -> regex.Pattern:
    return words("carry", "subject", r"^[ ]?(?:其中)?[ ]?(?:{})[^,;。\d]{0,8}$")


def _carried_kind(text: str, m: regex.Match, g: dict, pattern: regex.Pattern, depth: int) -> Found | None:
    """An elliptical clause naming a parallel tier with the same comparator inherits the kind of
    the clause before it: "一般故障不超过8小时,重大故障不超过4小时" after "修复时间:"."""
    lead = before(text, m.start(), 16, _CLAUSE + "(")  # an aside in brackets may name the tier too
    clause_start = m.start() - len(lead)
    if depth > 3 or clause_start < 1 or text[clause_start - 1] not in ",;(":
        return None
    prev = before(text, clause_start - 1, 48, "。!?\n,;")
    per_occurrence = bool((g.get("pre") or g.get("post")) and words("carry", "per_occurrence").search(lead))
    last = _last_figure(text, clause_start - 1 - len(prev), clause_start - 1, pattern)
    if last is None and per_occurrence:
        # A clause without a figure ("原则上安排在凌晨0:00-6:00进行") lies between: the sentence's earlier one.
        prev = before(text, clause_start - 1, 120, "。!?\n;")
        last = _last_figure(text, clause_start - 1 - len(prev), clause_start - 1, pattern)
    if last is None:
        return None
    pg = last.groupdict()
    if per_occurrence:
        return _topic(prev, place(text, last, pg, {}, pattern, depth + 1).kind)
    if not _carry_subject().search(lead) or (pg.get("pre"), pg.get("post")) != (g.get("pre"), g.get("post")) \
            or not (g.get("pre") or g.get("post") or _listed(text, m.start()) or _tier_opens(prev)):
        return None
    placed = place(text, last, pg, {}, pattern, depth + 1)
    return (placed.kind, placed.cues) if placed.kind else None


def _listed(text: str, pos: int) -> bool:
    """Bare tiers after a label and colon share its cue: "到达现场时间:城区45分钟,农村90分钟,山区2小时"."""
    return ":" in before(text, pos, 80, _SENT)


def _tier_opens(clause: str) -> bool:
    """The clause before names its own tier first, so the bare tiers after it are its parallels: "城市地区抢修人员到达
    现场时间平均45分钟,农村地区90分钟,特殊边远地区2小时" (a tier subject of [carry] opens it)."""
    return bool(words("carry", "subject", r"^[ ]?(?:其中)?[ ]?(?:{})").search(clause))


def _forward_kind(text: str, m: regex.Match, g: dict, pattern: regex.Pattern) -> Found | None:
    """A tier takes the cue that ends the parallel tier after it: "二环线以内45分钟,二环线以外90分钟赶到现场"; a
    tier with a comparator only when the next repeats it and nothing follows its own ("江浙沪地区24小时以内;江浙沪外
    72小时以内我公司人员到达现场")."""
    bounded = bool(g.get("pre") or g.get("post"))
    if not _carry_subject().search(before(text, m.start(), 16, _CLAUSE)):
        return None
    rest = after(text, m.end(), 8, _CLAUSE)
    comma = m.end() + len(rest)
    if comma >= len(text) or text[comma] not in (",;" if bounded else ",") or (bounded and rest.strip()):
        return None
    nxt = pattern.search(text, comma + 1, comma + 1 + 24, timeout=timeout_for(text, comma + 1, comma + 1 + 24))
    if nxt is None or not _carry_subject().search(text[comma + 1:nxt.start()]) \
            or (bounded and (nxt.group("pre"), nxt.group("post")) != (g.get("pre"), g.get("post"))):
        return None
    hit = after_cue(text, nxt.end())
    if hit is None and not bounded and text[nxt.end():nxt.end() + 1] == ",":
        # the last tier ends its clause and the next one names the act ("市区8小时,市郊24小时,我司派专人到现场")
        hit = after_cue(text, nxt.end() + 1)
    return (hit[0].gives, (hit[0].id,)) if hit else None


def _labelled_list_kind(text: str, m: regex.Match, pattern: regex.Pattern) -> Found | None:
    """A tier of a list after a labelled colon (or ",即") takes the label's cue, however the tiers are named and
    separated: "到达现场的平均时间一般为:城区范围45分钟;农村地区90分钟;特殊边远地区2小时" (timings.toml
    [carry] list_open / list_lead / list_lead_not)."""
    head = before(text, m.start(), 120, "。!?\n")
    tier_colon = words("carry", "numbered_tier", "(?:{})[ ]?$")  # "Severity 1:" is a tier's label, not the list's
    opens = [o for o in words("carry", "list_open").finditer(head) if not tier_colon.search(head, 0, o.start())]
    if not opens:
        return None
    label_end, items_start = opens[-1].span()
    items = _ITEM_CUT.split(head[items_start:])
    not_lead = words("carry", "list_lead_not")
    if any(not_lead.search(item) for item in items):
        return None
    for item in items[:-1]:  # each earlier tier is a short label and its figure, nothing else
        fig = _last_figure(item, 0, len(item), pattern)
        if fig is None or fig.end() < len(item.rstrip()) or not _list_lead(item[:fig.start()]):
            return None
    if not _list_lead(items[-1]):
        return None
    hit = before_cue(text, m.start() - len(head) + label_end)
    return (hit[0].gives, (hit[0].id,)) if hit else None


def _list_lead(lead: str) -> bool:
    """A tier's lead in a labelled list: a short label ([carry] list_lead) or a numbered one ("Severity 2:")."""
    return bool(words("carry", "list_lead").search(lead)
                or words("carry", "numbered_tier", r"^[ ]?(?:{})[ ]?:?[ ]?$").search(lead))


def _clause_cue(text: str, m: regex.Match, g: dict) -> Found | None:
    """The last resort for a capped figure (a comparator before it) that nothing else placed: the ``[[cue]]`` blocks
    with ``where = "clause"``, nearest end first ("系统中断运行不得超过12小时" caps one outage)."""
    lead = before(text, m.start(), 16, _CLAUSE)
    if not g.get("pre") or words("carry", "per_occurrence").search(lead):
        return None  # a per-occurrence cap (每次中断不超过…) takes the topic of the clause before, or none
    hit = before_cue(text, m.start(), "clause")
    return (hit[0].gives, (hit[0].id,)) if hit else None


def _defined_term_kind(text: str, m: regex.Match) -> Found | None:
    """A value given to a defined term ("“恢复时间目标(RTO)”指…的最长时间,本协议约定为4小时") takes the kind of the
    term's cue (timings.toml [carry] defined_value, defined_term)."""
    if not words("carry", "defined_value").search(before(text, m.start(), 16, _CLAUSE)):
        return None
    sentence = before(text, m.start(), 160, _SENT)
    term = words("carry", "defined_term").search(sentence)
    if term is None:
        return None
    hit = before_cue(text, m.start() - len(sentence) + term.end("term"))
    return (hit[0].gives, (hit[0].id,)) if hit else None


def _last_figure(text: str, start: int, end: int, pattern: regex.Pattern) -> regex.Match | None:
    last = None
    for pm in pattern.finditer(text, start, end, timeout=timeout_for(text, start, end)):
        last = pm
    return last
