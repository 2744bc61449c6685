"""Penalties: liquidated damages, fines, deductions, service credits, compensation, termination.

Rules live in ``patterns/penalties.toml``. Flow per sentence: service-credit tiers
(an availability band next to a credit) first, then the phrasing rules; overlaps are
resolved in favour of tiers, then of facts with a figure, then of longer matches.
Context (trigger, per-unit basis, cap) is read from the sentence afterwards, because
it depends on where the neighbouring facts end.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from extractor.commitment.filters import commits_nothing, superseded
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import REGEX_TIMEOUT, expand, fragments, keep_disjoint, matches, nearest, rules
from extractor.models import Band, Money, MoneyRange, PenaltyFact, Span
from extractor.rules.numerals import parse_money, parse_number, parse_rate
from extractor.rules.patterns import PatternError, compile_rule, load

_NAME = "penalties"
_SPLIT = regex.compile(r"[^。;!?\n]+")
_TRIGGER_TAIL = regex.compile(r"(?:的话|的|者)$")
_ASIDE = regex.compile(r"\([^()\n]{0,30}\)")
_CLAUSE_BREAK = regex.compile(r"[,:;|]")
_NOTE = regex.compile(r"\(([^()]{2,20})\)")
_LABEL = regex.compile(
    r"^\s*(?:\(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)|\d{1,2}(?:\.\d{1,2})+[、.]?|\d{1,2}[、.]|\d{1,2}(?=\s)"
    r"|[一二三四五六七八九十]{1,3}[、.])?\s*(?:[\p{Han}]{2,6}:)?"
)


@functools.cache
def _head_base() -> regex.Pattern:
    return compile_rule(f"{_NAME}.toml:BASE", "(?P<base>" + fragments(_NAME)["BASE"] + ")")


@functools.cache
def _note_base() -> regex.Pattern:
    """A base that fills a header's bracket to its end: (占当月费用) is 当月费用, not 当月费 (月费 is a base too)."""
    return compile_rule(f"{_NAME}.toml:BASE", "(?P<base>" + fragments(_NAME)["BASE"] + ")$")


def _header_base(head: str, cfg: "_Config") -> str | None:
    """The base a credit table's header names for every row: in brackets first (Service Credit(当月服务费),
    赔偿比例(月度服务费)), else anywhere in it (按当月服务费的比例赔偿:)."""
    b = cfg.credits[0].search(head) if cfg.credits else None
    for note in _NOTE.finditer(head):
        b = b or _note_base().search(note.group(1).strip())
    b = b or _head_base().search(head)
    return _cut_base(b.group("base"), cfg)[0] if b else None


@dataclass(frozen=True)
class _Config:
    kinds: tuple[tuple[str, regex.Pattern], ...]
    ctx: dict[str, regex.Pattern]
    per: tuple[regex.Pattern, ...]
    caps: tuple[regex.Pattern, ...]
    triggers: tuple[regex.Pattern, ...]
    bands: tuple[tuple[str, regex.Pattern, bool], ...]
    credits: tuple[regex.Pattern, ...]
    inclusive: frozenset[str]
    currency: tuple[tuple[str, str], ...] = ()


def _compile_list(data: dict, key: str, frags: dict) -> tuple[regex.Pattern, ...]:
    where = f"{_NAME}.toml:{key}"
    return tuple(compile_rule(where, expand(e["regex"], frags, where)) for e in data.get(key, []))


@functools.cache
def config() -> _Config:
    data, frags = load(_NAME), fragments(_NAME)
    try:
        kinds = tuple((k["kind"], compile_rule(f"{_NAME}.toml:kind", k["regex"])) for k in data["kind"])
        ctx = {k: compile_rule(f"{_NAME}.toml:context.{k}", v) for k, v in data["context"].items()
               if isinstance(v, str)}
        bands = tuple((b["id"], compile_rule(f"{_NAME}.toml:{b['id']}", expand(b["regex"], frags, b["id"])),
                       bool(b.get("one_sided_lower"))) for b in data["band"])
        inclusive = frozenset(data["band_ops"]["inclusive"])
    except KeyError as exc:
        raise PatternError(f"{_NAME}.toml: missing {exc}") from None
    return _Config(kinds, ctx, _compile_list(data, "per", frags), _compile_list(data, "cap", frags),
                   _compile_list(data, "trigger", frags), bands, _compile_list(data, "band_credit", frags),
                   inclusive, tuple(sorted(data.get("currency", {}).items(), key=lambda kv: -len(kv[0]))))


@dataclass
class _Cand:
    start: int
    end: int
    rule: str
    kind: str
    sent: int
    figured: bool
    fields: dict = field(default_factory=dict)
    rate_span: tuple[int, int] | None = None  # the rate's (else the sum's) span: one inside a cap is no fact


def _group(m: regex.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _kind_of(word: str, cfg: _Config) -> str | None:
    for kind, pattern in cfg.kinds:
        if pattern.search(word):
            return kind
    return None


def _cut_base(base: str, cfg: _Config) -> tuple[str | None, int]:
    """The base as written without its lead-in (支付, 按, 甲方...), and where it was cut."""
    cut = 0
    for m in cfg.ctx["base_cut"].finditer(base, timeout=REGEX_TIMEOUT):
        cut = m.end()
    rest = base[cut:].lstrip("的")
    return (rest or None), cut


def _lead_start(base: str, cfg: _Config) -> int:
    """Offset in ``base`` where the span starts: at the last run of lead-in words (扣除乙方, 向甲方支付)."""
    start, end = 0, -1
    for m in cfg.ctx["base_cut"].finditer(base, timeout=REGEX_TIMEOUT):
        start, end = (start if m.start() == end else m.start()), m.end()
    return start


def _money(text: str, cfg: _Config) -> Money:
    """parse_money, after a currency word it does not know (新台币伍仟元整 -> TWD 5000)."""
    body = text.strip()
    for word, code in cfg.currency:
        if body.startswith(word):
            money = parse_money(body[len(word):])
            return Money(value=money.value, currency=code, text=text)
    return parse_money(text)


def _figures(m: regex.Match, cfg: _Config) -> tuple[dict, bool, tuple[int, int] | None]:
    """rate/base/amount/range/blank from a match's named groups."""
    out: dict = {}
    rate_text, base = _group(m, "rate"), _group(m, "base")
    if base:
        out["base"] = _cut_base(base, cfg)[0]
    rate_span = None
    if rate_text:
        multiple = rate_text.endswith("倍")
        # 双倍/加倍 is a multiple of two; parse_number reads no such word.
        factor = {"双": "2", "加": "2"}.get(rate_text[:-1], rate_text[:-1])
        out["rate"] = parse_number(factor) if multiple else parse_rate(rate_text)
        out["blank"] = out["rate"] is None
        rate_span = m.span("rate")
    amount = _group(m, "amount")
    if amount:
        money = _money(amount, cfg)
        out["amount"], out["blank"] = money, money.value is None
        rate_span = rate_span or m.span("amount")  # a sum inside a cap (最高赔偿5万元) is no penalty either
    lo, hi = _group(m, "lo"), _group(m, "hi")
    if lo and hi:
        low, high = _money(lo, cfg), _money(hi, cfg)
        out["range"] = MoneyRange(low=low, high=high)
        out["blank"] = low.value is None or high.value is None
    duration = _group(m, "dur")  # a credit paid in service time: the figure lives in the span only
    if duration:
        out["blank"] = not regex.search(fragments(_NAME)["NUMBER"], duration)
    return out, bool(rate_text or amount or (lo and hi) or duration), rate_span


def _resolve_kind(m: regex.Match, fields: dict, sentence: str, cfg: _Config, static: str | None = None) -> str | None:
    if static:
        return static
    word = _group(m, "kw") or ""
    kind = _kind_of(word, cfg) or _kind_of(m.group(0), cfg)
    if kind == "compensation":
        base = fields.get("base") or ""
        is_loss = bool(cfg.ctx["loss_base"].search(base)) or "损失" in m.group(0)
        if not is_loss and (cfg.ctx["fee_base"].search(base) or cfg.ctx["credit_sentence"].search(sentence)):
            kind = "service_credit"
    return kind


def _rule_cands(sentence: str, offset: int, si: int, cfg: _Config, line: str = "") -> list[_Cand]:
    out = []
    for rule in rules(_NAME):
        if rule.needs is None or rule.needs.search(sentence):  # most sentences need no call at all
            out += _rule_matches(rule, sentence, offset, si, cfg, line or sentence)
    return out


def _rule_matches(rule, sentence: str, offset: int, si: int, cfg: _Config, line: str) -> list[_Cand]:
    """``line`` is the sentence with its ;-separated neighbours: 未达到承诺的,...;累计3次以上的,有权解除合同
    speaks of a failure in the first part only."""
    out = []
    for m in matches(rule, sentence):
        fields, figured, rate_span = _figures(m, cfg)
        if "rate" in rule.fields and fields.get("rate") is None:  # the wording implies the rate (免收当月…费)
            fields["rate"], fields["blank"], figured = float(rule.fields["rate"]), False, True
        kind = _resolve_kind(m, fields, sentence, cfg, rule.fields.get("kind"))
        if kind is None:
            continue
        if rule.fields.get("complement") and fields.get("rate") is not None:
            if fields["rate"] >= 1:
                continue
            fields["rate"] = round(1 - fields["rate"], 12)
        start = m.start()
        if _group(m, "base") and m.start("base") == m.start():
            start += _lead_start(m.group("base"), cfg)
        waiver = bool(cfg.ctx["waiver"].match(_group(m, "kw") or ""))
        needs_failure = kind == "termination" or rule.fields.get("needs_failure") or waiver
        if needs_failure and not cfg.ctx["failure"].search(line):
            continue
        if cfg.ctx["negation"].search(sentence[max(0, start - 4):start]):
            continue
        if not figured and _is_repeat(sentence, m, cfg):
            continue
        span = (offset + rate_span[0], offset + rate_span[1]) if rate_span else None
        out.append(_Cand(offset + start, offset + m.end(), rule.id, kind, si, figured, fields, span))
    return out


def _is_repeat(sentence: str, m: regex.Match, cfg: _Config) -> bool:
    """承担上述违约金, 按下表标准扣减服务费: a bare mention of penalties stated elsewhere."""
    kw_start = m.start("kw") if _group(m, "kw") else m.start()
    if cfg.ctx["back_reference"].search(sentence[max(0, kw_start - 8):kw_start]):
        return True
    clause = sentence[max(0, kw_start - 20):kw_start]
    clause = clause[max(clause.rfind(","), clause.rfind(":")) + 1:]
    return bool(cfg.ctx["table_reference"].search(clause))


def _band(m: regex.Match, cfg: _Config) -> Band:
    lo, hi = _group(m, "lo"), _group(m, "hi")
    lo_op, hi_op = _group(m, "lo_op"), _group(m, "hi_op")
    return Band(
        low=parse_rate(lo) if lo else None,
        high=parse_rate(hi) if hi else None,
        low_inclusive=lo_op in cfg.inclusive if lo_op else True,
        high_inclusive=hi_op in cfg.inclusive if hi_op else False,
    )


def _band_cands(text: str, start: int, end: int, si: int, cfg: _Config) -> list[_Cand]:
    sentence = text[start:end]
    header = text[max(0, start - 600):start]
    is_row = "|" in sentence
    if not (cfg.ctx["availability"].search(sentence) or cfg.ctx["availability"].search(header)):
        return []
    found = []
    for prio, (bid, pattern, lower_only) in enumerate(reversed(cfg.bands)):
        if lower_only and not is_row:
            continue
        found += [(prio, m.start(), m.end(), (bid, m)) for m in pattern.finditer(sentence, timeout=REGEX_TIMEOUT)]
    bands = [b for b in keep_disjoint(found) if not _kpi_band(sentence[:b[1].start()], cfg)
             and not (is_row and _kpi_row(text, start + b[1].start(), cfg))]
    # A table row inherits the credit's wording (kind, base) from the nearest header line above it.
    head = next((ln for ln in reversed(header.split("\n")[-8:]) if cfg.ctx["credit_words"].search(ln)), "") \
        if is_row else ""
    out = []
    for i, (bid, m) in enumerate(bands):
        stop = bands[i + 1][1].start() if i + 1 < len(bands) else len(sentence)
        region = sentence[m.end():min(stop, m.end() + 80)]
        # Prose needs a credit word; a table cell may hold just "月度服务费用的10%".
        credited = cfg.ctx["credit_words"].search(region) or (is_row and cfg.ctx["fee_base"].search(region))
        if not credited and not head:
            continue
        credit = next((c for p in cfg.credits if (c := p.search(region, timeout=REGEX_TIMEOUT))), None)
        if credit is None:
            continue
        fields, _, rate_span = _figures(credit, cfg)
        if fields.get("rate") == 0 or (fields.get("amount") and fields["amount"].value == 0):
            continue
        fields["band"] = _band(m, cfg)
        if not fields.get("base") and head:
            fields["base"] = _header_base(head, cfg)
        wording = region[:credit.end()] if credited else head
        kind = _kind_of(wording, cfg)
        kind = kind if kind in ("liquidated_damages", "fine", "deduction", "service_credit") else "service_credit"
        c_end = start + m.end() + credit.end()
        span = (start + m.end() + rate_span[0], start + m.end() + rate_span[1]) if rate_span else None
        out.append(_Cand(start + m.start(), c_end, bid, kind, si, True, fields, span))
    return out


def _kpi_band(before: str, cfg: _Config) -> bool:
    """维修及时率低于98%的: the band's own clause names a KPI, not availability."""
    return _metric(_CLAUSE_BREAK.split(before[-24:])[-1], cfg) == "kpi"


def _metric(clause: str, cfg: _Config) -> str | None:
    last = None
    for last in cfg.ctx["band_metric"].finditer(clause, timeout=REGEX_TIMEOUT):
        pass
    return last.lastgroup if last else None


def _kpi_row(text: str, pos: int, cfg: _Config) -> bool:
    """订单准确率 | ≥99.9% | 错发每单扣款20元: a row's metric is in its cells before ``pos`` or, failing
    that, in the header's cells above them; a KPI's threshold is the row's trigger, not a tier."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos][-120:]
    if "|" not in before:
        return False  # a figure in the first cell: its own clause tells (_kpi_band)
    metric = _metric(before, cfg)
    if metric is None:
        head = _table_head(text, line_start)
        metric = _metric("|".join(head.split("|")[:before.count("|") + 1]), cfg) if head else None
    return metric == "kpi"


def _table_head(text: str, line_start: int) -> str | None:
    """The first line of the `|` table holding the row that starts at ``line_start``."""
    head, pos = None, line_start - 1
    for _ in range(30):
        if pos <= 0:
            break
        start = text.rfind("\n", 0, pos) + 1
        if "|" not in text[start:pos]:
            break
        head, pos = text[start:pos], start - 1
    return head


def _row_cands(text: str, start: int, end: int, si: int, cfg: _Config) -> list[_Cand]:
    """A credit table keyed by something else than availability (`中断时长 | 减免比例`, rows
    `10分钟以上不足1小时 | 当月托管费的5%`): the table's first line names the credit in a column;
    a row's cell in that column is one fact, and the row's first cell (its key) is the trigger."""
    if (start and text[start - 1] != "\n") or text[end:end + 1] not in ("", "\n"):
        return []  # a row cut at ; or 。 would not line up with the header's columns
    head = _table_head(text, start)
    if head is None:
        return []
    head_cells, row = head.split("|"), text[start:end]
    col = next((j for j, cell in enumerate(head_cells) if cfg.ctx["credit_words"].search(cell)), None)
    cells = row.split("|")
    if col is None or col >= len(cells) or len(cells) != len(head_cells):
        return []
    cell_start = start + sum(len(c) + 1 for c in cells[:col])
    cell = cells[col]
    credit = next((c for p in cfg.credits if (c := p.search(cell, timeout=REGEX_TIMEOUT))), None)
    if credit is None:
        return []
    fields, _, rate_span = _figures(credit, cfg)
    if not (fields.get("rate") or (fields.get("amount") and fields["amount"].value) or fields.get("blank")):
        return []  # 0% / 0元: the tier that earns nothing
    if not fields.get("base"):  # a base named in the header, in brackets first: 扣款比例(季度运维费)
        fields["base"] = _header_base(head_cells[col], cfg)
    key = next((c.strip() for c in cells[:col] if c.strip()), None)
    kind = _kind_of(head_cells[col], cfg)
    kind = kind if kind in ("liquidated_damages", "fine", "deduction", "service_credit") else "service_credit"
    first = start + len(row) - len(row.lstrip(" |"))
    span = (cell_start + rate_span[0], cell_start + rate_span[1]) if rate_span else None
    return [_Cand(first, cell_start + credit.end(), "credit_table_row", kind, si, True,
                  {**fields, "trigger": key}, span)]


def _illustrative(before: str, cfg: _Config) -> bool:
    """例如:某机柜月托管费为6000元,单次中断2小时,则减免900元 — a worked example, not a promise: an example
    word in the sentence's first clause or followed by 则; 如某…为<figure>,…则 (a concrete case)."""
    before = _ASIDE.sub("", before)
    m = cfg.ctx["illustration"].search(before)
    if m and ("," not in before[:m.start()] or "则" in before[m.end():]):
        return True
    m = cfg.ctx["illustration_if"].search(before)
    return bool(m and "则" in before[m.end():])


def _caps(sentence: str, cfg: _Config) -> list[tuple[int, int, str, float | None]]:
    found = []
    for p in cfg.caps:
        for m in p.finditer(sentence, timeout=REGEX_TIMEOUT):
            rate = _group(m, "rate")
            found.append((len(found), m.start(), m.end(), (m.start(), m.end(), m.group(0),
                                                            parse_rate(rate) if rate else None)))
    return keep_disjoint([(0, s, e, v) for _, s, e, v in found])


def _trigger(window: str, cfg: _Config) -> str | None:
    best = None
    for p in cfg.triggers:
        for m in p.finditer(window, timeout=REGEX_TIMEOUT):
            if best is None or m.start("t") > best.start("t"):
                best = m
    if best is None:
        return None
    t = _TRIGGER_TAIL.sub("", _LABEL.sub("", best.group("t"))).strip()
    t = cfg.ctx["trigger_cause"].sub("", t)
    return t if len(t) >= 2 else None


def _row_trigger(text: str, pos: int, cfg: _Config) -> str | None:
    """A KPI row's cells before the penalty's own cell (发货及时率 | ≥98%) are its trigger."""
    cell_start = text.rfind("|", 0, pos)
    if cell_start < 0 or "\n" in text[cell_start:pos] or not _kpi_row(text, pos, cfg):
        return None
    return text[text.rfind("\n", 0, cell_start) + 1:cell_start].strip(" |") or None


def _per(window: str, after: str, cfg: _Config) -> str | None:
    m = nearest(cfg.per, window)
    if m:
        return m.group(0).strip()
    s = cfg.ctx["per_suffix"].search(after)
    return s.group(0).strip() if s else None


def extract_penalties(text: str) -> list[PenaltyFact]:
    # A news article, a tender's requirements chapter, a disclaiming page: see commitment.filters.commits_nothing.
    lex = lexicon()
    if commits_nothing(text, lex):
        return []
    cfg = config()
    sentences = [(m.start(), m.end()) for m in _SPLIT.finditer(text)]
    cands, caps = [], {}
    for si, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        if cfg.ctx["sentence_deny"].search(sentence):
            continue
        try:
            caps[si] = _caps(sentence, cfg)
            bands, rules = _band_cands(text, s, e, si, cfg), _rule_cands(sentence, s, si, cfg, _line(text, s, e))
        except TimeoutError:
            # One pathological sentence (a 20,000-digit run) costs its own facts, not the letter's.
            caps[si] = []
            continue
        cap_spans = [(s + c[0], s + c[1]) for c in caps[si]]
        if not bands and not rules and "|" in sentence:
            bands = _row_cands(text, s, e, si, cfg)
        cands += [(3, c.start, c.end, c) for c in bands]
        for c in rules:
            if c.rate_span and any(a <= c.rate_span[0] and c.rate_span[1] <= b for a, b in cap_spans):
                continue
            cands.append((2 if c.figured else 1, c.start, c.end, c))
    cands = [c for c in cands if not _illustrative(text[sentences[c[3].sent][0]:c[3].start], cfg)
             and not superseded(text, c[3].start, c[3].end, lex)]
    kept = [c for c in keep_disjoint(cands) if c.figured or not _names_a_cap(c, text, sentences, caps, cfg)]
    figured_kinds = {(c.sent, c.kind) for c in kept if c.figured}
    kept = [c for c in kept if c.figured or (c.sent, c.kind) not in figured_kinds]
    kept = _drop_procedural(text, sentences, kept, cfg)
    return _finish(text, sentences, kept, caps, cfg)


def _line(text: str, start: int, end: int) -> str:
    """The sentence together with its ;-separated neighbours on the same line."""
    lo = max(text.rfind(c, 0, start) for c in "。!?\n") + 1
    hi = min((i for i in (text.find(c, end) for c in "。!?\n") if i >= 0), default=len(text))
    return text[lo:hi]


def _drop_procedural(text: str, sentences, kept: list[_Cand], cfg: _Config) -> list[_Cand]:
    """"10日内支付违约金" after a figured 违约金 says when to pay it, not what: no new fact."""
    out, figured = [], set()
    for c in kept:
        if not c.figured and c.kind in figured:
            s = sentences[c.sent][0]
            clause = text[s:c.start]
            clause = clause[max(clause.rfind(","), clause.rfind(":")) + 1:] + text[c.start:c.end]
            if cfg.ctx["procedural"].search(clause):
                continue
        if c.figured:
            figured.add(c.kind)
        out.append(c)
    return out


def _names_a_cap(c: _Cand, text: str, sentences, caps, cfg: _Config) -> bool:
    """"违约金总额不超过..." only states a cap: its bare noun is no penalty of its own."""
    s = sentences[c.sent][0]
    return bool(cfg.ctx["cap_subject"].search(text[c.start:c.end])) and any(
        0 <= s + cap[0] - c.end <= 3 for cap in caps.get(c.sent) or [])


def _finish(text, sentences, kept: list[_Cand], caps: dict, cfg: _Config) -> list[PenaltyFact]:
    facts, prev_end = [], {}
    for c in kept:
        s, e = sentences[c.sent]
        window_start = prev_end.get(c.sent, s)
        prev_end[c.sent] = c.end
        f = dict(c.fields)
        f["per"] = _per(text[window_start:c.end], text[c.end:e], cfg)
        if "band" not in f and "trigger" not in f:
            f["trigger"] = _trigger(text[s:c.start], cfg) or _row_trigger(text, c.start, cfg)
        own = caps.get(c.sent) or []
        if own and c.kind != "termination":
            cap = min(own, key=lambda x: abs(x[0] + s - c.start))
            f["cap"], f["cap_rate"] = cap[2], cap[3]
        facts.append(PenaltyFact(rule=c.rule, kind=c.kind, text=text[c.start:c.end],
                                 span=Span(start=c.start, end=c.end), **{k: v for k, v in f.items() if v is not None}))
    _spread_caps(text, sentences, kept, facts, caps, cfg)
    return facts


def _spread_caps(text, sentences, kept, facts, caps, cfg) -> None:
    """A cap in a sentence of its own applies to the neighbouring run of fact sentences."""
    with_facts = {c.sent for c in kept}
    for si, own in caps.items():
        if not own or si in with_facts or not cfg.ctx["credit_words"].search(text[slice(*sentences[si])]):
            continue
        forward = regex.search(r"下表|如下|以下", text[slice(*sentences[si])]) is not None
        step = 1 if forward else -1
        # A cap after ";" closes its own sentence (扣除…的1%;累计扣除不超过…20%): it reaches no fact before the 。.
        joined = not forward and _separator(text, sentences[si][0]) == ";"
        j, skipped, run = si + step, 0, set()
        while 0 <= j < len(sentences) and skipped <= 2:
            if joined and _separator(text, sentences[j + 1][0]) != ";":
                break
            if j in with_facts:
                run.add(j)
            elif run:
                break
            else:
                skipped += 1
            j += step
        for c, fact in zip(kept, facts):
            if c.sent in run and fact.cap is None and c.kind != "termination":
                fact.cap, fact.cap_rate = own[0][2], own[0][3]


def _separator(text: str, start: int) -> str:
    """The mark that closed the sentence before the one starting at ``start``."""
    return text[start - 1] if start else ""
