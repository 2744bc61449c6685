"""Penalties: liquidated damages, fines, deductions, service credits, compensation, termination.

Rules live in ``patterns/penalties.toml``. Flow per sentence: service-credit tiers (an availability band next
to a credit, ``tables``) first, then the phrasing rules; overlaps are resolved in favour of tiers, then of facts
with a figure, then of longer matches. Every check that rejects a candidate is a ``[[veto]]`` of the rule file,
asked at the stage where the family knows the candidate (``when``): ``sentence`` (the whole sentence), ``match``
(a rule's match), ``penalty_word`` (the word of a match without a figure), ``figure`` (a match's rate or sum),
``candidate`` (any candidate), ``kept`` (a bare noun kept after overlaps), ``repeat_kind`` (a bare noun of a kind
figured earlier), ``band``/``row`` (a tier's band, in prose or a table row). Context (trigger, per-unit basis,
cap) is read from the sentence afterwards, because it depends on where the neighbouring facts end.
"""
from __future__ import annotations

from typing import cast

import regex

from extractor.commitment.filters import commits_nothing, stop, superseded
from extractor.families.penalties import hooks  # noqa: F401  (registers the veto hooks)
from extractor.families.penalties.context import caps, per, row_trigger, spread_caps, trigger
from extractor.families.penalties.data import NAME, cue, kind_cue, veto_set
from extractor.families.penalties.figures import Cand, figures, group, lead_start
from extractor.families.penalties.tables import band_cands, column_cands, row_cands, stacked_cands
from extractor.models import Evidence, PenaltyFact, PenaltyKind, Span
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import Rule, SpanIndex, keep_disjoint, matches, rules, search_window

# A sentence ends at 。;!? or a line break, but not inside a short bracket: a template's instruction
# (由机关于招标时载明比率;未载明者,为1‰) belongs to the rate before it.
_SPLIT = regex.compile(r"(?:\([^()\n]{0,60}\)|[^。;!?\n])++")


def _resolve_kind(m: regex.Match, fields: dict, sentence: str) -> tuple[PenaltyKind | None, list[str]]:
    """The kind the penalty noun right after the match (作为违约金), else the penalty word, else the match names, and
    the ids of the cues that gave it. 赔偿/补偿 of a fee share or of a time (中断时长的5倍), or in a sentence paying in
    vouchers, is a service credit unless the match speaks of a loss; of a share of the contract's total price, or in a
    sentence about goods damaged or lost, it stays compensation."""
    named = cue("named_as").pattern.match(sentence, m.end())  # 扣除500元作为违约金: the noun after names the kind
    found = (kind_cue(named.group(0)) if named else None) or kind_cue(group(m, "kw") or "") or kind_cue(m.group(0))
    if found is None:
        return None, []
    gives = cast(PenaltyKind, found.gives)  # a kind.* cue of penalties.toml gives a penalty kind
    if gives != "compensation" or cue("loss").pattern.search(m.group(0)):  # the base lies in the match
        return gives, [found.id]
    base = fields.get("base") or ""
    total = cue("contract_total").pattern.search(base)  # a share of the contract price is paid, not credited
    goods = cue("goods_loss").pattern.search(sentence)  # a fee's multiple paid for lost goods compensates them
    for refine, words in (("fee_share", "" if total or goods else base), ("time_base", base),
                          ("credit_sentence", sentence)):
        if cue(refine).pattern.search(words):
            return "service_credit", [found.id, refine]
    return gives, [found.id, "contract_total"] if total else [found.id]


def _rule_cands(text: str, s: int, e: int, si: int, live: list[Rule]) -> list[Cand]:
    """The candidates of the rules that can match in the sentence (``live``: SpanIndex.rules_by_span)."""
    out = []
    for rule in live:
        out += _rule_matches(rule, text, s, e, si)
    return out


def _rule_matches(rule: Rule, text: str, offset: int, end: int, si: int) -> list[Cand]:
    sentence = text[offset:end]
    out = []
    for m in matches(rule, sentence, checked=True):  # rules_by_span asked can_match
        read = _read(rule, m, sentence)
        if read is None:
            continue
        fields, figured, rate_span, kind, placed = read
        if kind in ("service_credit", "compensation") and not rule.fields.get("kind"):
            kind, placed = _heading_kind(text, offset + m.start(), kind, placed)
        start = m.start()
        if group(m, "base") and m.start("base") == m.start():
            start += lead_start(m.group("base"))
        span = (offset + rate_span[0], offset + rate_span[1]) if rate_span else None
        c = Cand(offset + start, offset + m.end(), rule.id, kind, si, figured, fields, span, placed)
        if not _vetoed(text, c, m, offset):
            out.append(c)
    return out


def _heading_kind(text: str, start: int, kind: PenaltyKind, placed: list[str]) -> tuple[PenaltyKind, list[str]]:
    """An item of a list whose heading names its sanction (…之违约金: then bullets) is of the heading's kind."""
    head = search_window(cue("list_heading").pattern, text[max(0, start - 400):start])
    named = kind_cue(head.group("noun")) if head else None
    if named is None:
        return kind, placed
    return cast(PenaltyKind, named.gives), [*placed, "list_heading"]


def _read(rule: Rule, m: regex.Match, sentence: str) -> tuple[dict, bool, tuple | None, PenaltyKind, list[str]] | None:
    """A match's figures, whether it has one, the figure's span, its kind and the cues that gave the kind; None
    when no kind is named or a share to complement leaves nothing (按100%结算)."""
    fields, figured, rate_span = figures(m)
    if "rate" in rule.fields and fields.get("rate") is None:  # the wording implies the rate (免收当月…费)
        fields["rate"], fields["blank"], figured = float(rule.fields["rate"]), False, True
    kind, placed = (rule.fields["kind"], []) if rule.fields.get("kind") else _resolve_kind(m, fields, sentence)
    if kind is None:
        return None
    if rule.fields.get("complement") and fields.get("rate") is not None:
        if fields["rate"] >= 1:
            return None
        fields["rate"] = round(1 - fields["rate"], 12)
    return fields, figured, rate_span, kind, placed


def _vetoed(text: str, c: Cand, m: regex.Match, offset: int) -> bool:
    """A match's vetoes: on its span (``match``; ``waiver`` when its word waives a fee), then, without a figure,
    on its penalty word (``penalty_word``)."""
    when: tuple[str, ...] = ("match",)
    if cue("waiver").pattern.match(group(m, "kw") or ""):
        when, c.cues = ("match", "waiver"), c.cues + ["waiver"]
    if veto_set().first(text, c.start, c.end, rule=c.rule, kind=c.kind, when=when, checked=c.checked):
        return True
    if c.figured:
        return False
    word = m.span("kw") if group(m, "kw") else (m.start(), m.start())
    return veto_set().first(text, offset + word[0], offset + word[1], rule=c.rule, kind=c.kind,
                            when=("penalty_word",), checked=c.checked) is not None


def extract_penalties(text: str) -> list[PenaltyFact]:
    # A news article, a tender's requirements chapter, a disclaiming page: see commitment.filters.commits_nothing.
    lex = lexicon()
    if commits_nothing(text, lex):
        return []
    sentences = [(m.start(), m.end()) for m in _SPLIT.finditer(text)]
    # Which rules can match in which sentence, from one scan of the letter per rule's keywords.
    live = SpanIndex(text, sentences).rules_by_span(rules(NAME))
    cands, own_caps = [], {}
    for si, (s, e) in enumerate(sentences):
        passed: list[str] = []
        if veto_set().first(text, s, e, when=("sentence",), checked=passed):
            continue
        try:
            own_caps[si] = caps(text[s:e])
            cands += _sentence_cands(text, s, e, si, passed, live[si])
        except TimeoutError:
            # One pathological sentence (a 20,000-digit run) costs its own facts, not the letter's.
            own_caps[si] = []
    cands = [(prio, start, end, c) for prio, start, end, c in cands
             if not _judged(text, c, "candidate")
             and not stop("superseded", superseded(text, start, end, lex), start, end)]
    kept = [c for c in keep_disjoint(cands) if c.figured or not _judged(text, c, "kept")]
    # A bare noun next to a figured fact of its kind in its sentence is that fact's (支付违约金,违约金为…的[比例]%).
    figured_kinds = {(c.sent, c.kind) for c in kept if c.figured}
    kept = [c for c in kept if c.figured or (c.sent, c.kind) not in figured_kinds]
    kept = _drop_procedural(text, kept)
    return _finish(text, sentences, kept, own_caps)


def _sentence_cands(text: str, s: int, e: int, si: int, passed: list[str], live: list[Rule]
                    ) -> list[tuple[int, int, int, Cand]]:
    """A sentence's candidates with their priority: tiers (else a credit table's row or column), then rule matches
    with a figure, then bare ones; a rule's figure inside a cap is vetoed here."""
    bands, found = band_cands(text, s, e, si), _rule_cands(text, s, e, si, live)
    if not bands and "|" in text[s:e]:  # a sideways table's column beats a rule reading its label cell
        bands = (row_cands(text, s, e, si) if not found else []) or column_cands(text, s, e, si)
    if not bands and not found:  # a lone cell of a credit table written one cell per line
        bands = stacked_cands(text, s, e, si)
    for c in bands + found:
        c.checked[:0] = passed
    return [(3, c.start, c.end, c) for c in bands] + [
        (2 if c.figured else 1, c.start, c.end, c) for c in found
        if not (c.rate_span and _judged(text, c, "figure", *c.rate_span))]


def _judged(text: str, c: Cand, stage: str, start: int | None = None, end: int | None = None) -> bool:
    """Whether a veto of ``stage`` stops the candidate (judged around its span, or ``start:end``)."""
    hit = veto_set().first(text, c.start if start is None else start, c.end if end is None else end, rule=c.rule,
                           kind=c.kind, when=(stage,), checked=c.checked)
    return hit is not None


def _drop_procedural(text: str, kept: list[Cand]) -> list[Cand]:
    """"10日内支付违约金" after a figured 违约金 says when to pay it, not what: no new fact (``repeat_kind``)."""
    out, figured = [], set()
    for c in kept:
        if not c.figured and c.kind in figured and _judged(text, c, "repeat_kind"):
            continue
        if c.figured:
            figured.add(c.kind)
        out.append(c)
    return out


def _finish(text, sentences, kept: list[Cand], own_caps: dict) -> list[PenaltyFact]:
    facts: list[PenaltyFact] = []
    prev_end: dict[int, int] = {}  # where the last fact of each sentence ended
    for c in kept:
        s, e = sentences[c.sent]
        window_start = prev_end.get(c.sent, s)
        prev_end[c.sent] = c.end
        f = dict(c.fields)
        placed: list[str | None] = list(c.cues)  # None: a context reader that found nothing
        f["per"], per_cue = per(text[window_start:c.end], text[c.end:e])
        if "band" not in f and "trigger" not in f:
            f["trigger"], trigger_cue = trigger(text[s:c.start])
            f["trigger"] = f["trigger"] or row_trigger(text, c.start)
            placed.append(trigger_cue)
        own = own_caps.get(c.sent) or []
        if own and c.kind != "termination":
            cap = min(own, key=lambda x: abs(x[0] + s - c.start))
            f["cap"], f["cap_rate"] = cap[2], cap[3]
            placed.append(cap[4])
        evidence = Evidence(cues=list(dict.fromkeys(i for i in placed + [per_cue] if i)), vetoes=c.checked)
        facts.append(PenaltyFact(rule=c.rule, kind=c.kind, text=text[c.start:c.end], evidence=evidence,
                                 span=Span(start=c.start, end=c.end), **{k: v for k, v in f.items() if v is not None}))
    spread_caps(text, sentences, kept, facts, own_caps)
    return facts
