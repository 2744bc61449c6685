"""Is this a commitment at all? News, statistics, questions, worked examples, disclaimers, superseded
text and translations report or illustrate figures; they promise nothing. Their cue words are the
``[context]`` table of ``patterns/units.toml``."""
from __future__ import annotations

from collections.abc import Callable, Iterable

import regex

from extractor.rules.lexicon import Lexicon
from extractor.rules.matching import SENTENCE_END, after, before, search_window, timeout_for
from extractor.rules.prefilter import may_match
from extractor.rules.vetoes import VetoHit, record

_ASIDE = regex.compile(r"\([^()\n]{0,30}\)")


def _sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(the sentence around a figure; its clause with the clauses on either side, asides in brackets
    dropped; the figure's own clause up to the figure)."""
    head = before(text, start, 80)
    tail = _ASIDE.sub("", after(text, end, 60))
    clause = before(text, start, 40, SENTENCE_END + ",")
    # The clause before counts only as a short lead-in ("上半年,", "报告显示,"), not as a reason given.
    parts = head.split(",")
    lead = parts[-2] if len(parts) > 1 and len(parts[-2]) <= 8 else ""
    near = lead + "," + parts[-1] + text[start:end] + ",".join(tail.split(",")[:2])
    return head + text[start:end] + tail, near, clause


def _words(found: regex.Match | None) -> str | None:
    """What a marker found, as written (a filter's answer: the words that stopped a figure, or None)."""
    return (found.group(0).strip() or found.group(0) or found.re.pattern) if found else None


def stopped(checks: Iterable[tuple[str, Callable[[], str | None]]], start: int, end: int) -> bool:
    """Whether one of the not-a-promise filters below stops the figure at ``start``..``end`` (the first in
    ``checks`` that answers with words): `slax explain` shows it as vetoed by family "commitment", the filter's
    name and the words it found, as it shows a veto."""
    return any(stop(name, check(), start, end) for name, check in checks)


def stop(name: str, words: str | None, start: int, end: int) -> bool:
    """One filter's answer (its words, or None) about the figure at ``start``..``end``, recorded when it stops it."""
    if words:
        record(VetoHit("commitment", name, words, start, end))
    return bool(words)


def reported(text: str, start: int, end: int, lex: Lexicon, bounded: bool = False) -> str | None:
    """A figure in news or statistics, unless its clause commits. A change ("由去年的4.2小时缩短至1.6小时")
    always reports; a statistics marker in the sentence ("同比", "去年", "报告显示") only for an unbounded
    figure ("平均可用性达到99.95%"), since letters cite last year's record next to a bound they promise."""
    ctx = lex.context
    if not ctx:
        return None
    sentence, near, clause = _sentence(text, start, end)
    news = _words(search_window(ctx["news"], sentence))
    if news or _quoted_speech(text, start, end, ctx):
        return news or _OPEN
    if search_window(ctx["commitment"], clause):
        return None
    if changed := ctx["change_after"].search(after(text, end, 12)):  # the old figure of a change
        return _words(changed)
    if changed := ctx["change_before"].search(before(text, start, 12)):  # the new one: a rule when a limit is named
        return None if "change_to_limit" in ctx and ctx["change_to_limit"].search(clause) else _words(changed)
    if claimed := _claimed(text, start, end, ctx):
        return claimed
    return None if bounded else _words(search_window(ctx["stats"], near))


_OPEN, _CLOSE = "“「", "”」"


def _quoted_speech(text: str, start: int, end: int, ctx: dict[str, regex.Pattern]) -> bool:
    """A figure in a quote attributed to a speaker ("“…半小时内就能到场。”一位工作人员告诉记者"), unless a
    commitment word introduces the quote ("我方承诺:“…”")."""
    if "speech_after" not in ctx or "speech_before" not in ctx:
        return False
    head = before(text, start, 100, "\n")
    opening = max(head.rfind(c) for c in _OPEN)
    if opening < 0 or max(head.rfind(c) for c in _CLOSE) > opening:
        return False
    tail = after(text, end, 100, "\n")
    closes = [i for i in (tail.find(c) for c in _CLOSE) if i >= 0]
    if not closes or any(0 <= tail.find(c) < min(closes) for c in _OPEN):
        return False
    lead = head[:opening]
    if search_window(ctx["commitment"], lead[-12:]):
        return False
    return bool(search_window(ctx["speech_before"], lead)
                or search_window(ctx["speech_after"], tail[min(closes) + 1:min(closes) + 40]))


def news_article(text: str, lex: Lexicon) -> bool:
    """A news article (dateline or byline anywhere in the letter) reports; it commits to nothing, unless it relays
    a pledge or a standard an organisation made public (`news_relayed_pledge`), a rule's deadlines or a measure's
    provisions with a figure (`news_relayed_measure`): those items are the pledge's."""
    pattern = lex.context.get("news_article")
    if not (pattern and search_window(pattern, text)):
        return False
    return not _relays(text, lex.context)


def _relays(text: str, ctx: dict[str, regex.Pattern]) -> bool:
    """A news page relaying what an organisation made public: a pledge or standard (`news_relayed_pledge`), a rule's
    deadlines (relays_rules) or a measure's provisions with a figure (`news_relayed_measure`)."""
    pledge = ctx.get("news_relayed_pledge")
    return bool(pledge and search_window(pledge, text)) or relays_rules(text, ctx) \
        or _relays_with_a_figure(text, ctx, "news_relayed_measure")


# Two different deadlines a rule sets make a page that relays the rule; one may be a demand the page quotes.
_RELAYED_RULES = 2


def relays_rules(text: str, ctx: dict[str, regex.Pattern]) -> bool:
    """A news page quoting a rule's deadlines (`news_relayed_rule`: "应在24小时内恢复供水") relays the rule, as one
    relaying a pledge does: its deadlines are the rule's."""
    return len(_markers(ctx.get("news_relayed_rule"), text)) >= _RELAYED_RULES


def procurement_requirements(text: str, lex: Lexicon) -> bool:
    """A tender's requirements chapter (heading + bidder wording), or a document titled as a purchaser's
    requirements (`procurement_title`), with no commitment wording binds no one yet."""
    ctx = lex.context
    keys = ("procurement_heading", "procurement_bidder",
            "procurement_own" if "procurement_own" in ctx else "own_commitment")
    if any(k not in ctx for k in keys):
        return False
    heading, bidder, own = (ctx[k] for k in keys)
    titled = "procurement_title" in ctx and search_window(ctx["procurement_title"], text)
    demands = titled or (search_window(heading, text) and search_window(bidder, text))
    return bool(demands and not search_window(own, text))


def _claimed(text: str, start: int, end: int, ctx: dict[str, regex.Pattern]) -> str | None:
    """A product capability ("时延低至0.5毫秒", "可在30秒内自动重启"); optional markers keep old rule files valid."""
    if "claim_before" in ctx and (claim := search_window(ctx["claim_before"], before(text, start, 6))):
        return _words(claim)
    if "claim_after" in ctx and "claim_lead" in ctx \
            and (lead := search_window(ctx["claim_lead"], before(text, start, 6))) \
            and search_window(ctx["claim_after"], after(text, end, 8)):
        return _words(lead)
    return None


def illustrative(text: str, start: int, lex: Lexicon) -> str | None:
    """A figure in a worked example ("举例说明:…则当月服务可用性为99.89%")."""
    pattern = lex.context.get("illustration")
    return _words(search_window(pattern, before(text, start, 80))) if pattern else None


def quoted_example(text: str, start: int, lex: Lexicon) -> str | None:
    """A figure inside a quotation that an example word opens ("例如“可用性不低于99.9%”"): a mention of what
    such texts say, bounded or not, not the writer's promise."""
    pattern = lex.context.get("illustration_quoted")
    return _words(search_window(pattern, before(text, start, 40, "\n"))) if pattern else None


def has_disclaimer(text: str, lex: Lexicon) -> bool:
    """The document disclaims commitment somewhere ("仅供参考,不构成任何承诺")."""
    pattern = lex.context.get("disclaimer")
    return pattern is not None and bool(search_window(pattern, text))


def disclaimed_example(text: str, start: int, lex: Lexicon) -> str | None:
    """An example ("比如某银行要求RTO≤30min") in a document that disclaims any commitment ("仅供参考,
    不构成任何承诺") is no fact even with a bound: only the document's own promises could be, and it has none."""
    return illustrative(text, start, lex) if has_disclaimer(text, lex) else None


def undecided(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """A figure asked about or discussed without a decision ("是否要求…7×24小时服务进行了讨论,未形成一致意见",
    "可用性99.95%和99.99%差别大吗?", a Q&A's question line)."""
    question, note = lex.context.get("question"), lex.context.get("undecided")
    # Up to the figure's end: a metric word may stand before the question ("可用率是否设为99.99%").
    ask_after, ask_line = lex.context.get("question_after"), lex.context.get("question_line")
    for pattern, window in ((question, lambda: before(text, end, 48, SENTENCE_END + ",")),
                            (ask_after, lambda: text[end:end + 48]),
                            (ask_line, lambda: before(text, start, 120, "\n")),
                            (note, lambda: ",".join(after(text, end, 60).split(",")[:2]))):
        if pattern is not None and (found := _words(search_window(pattern, window()))):
            return found
    return None


def superseded(text: str, start: int, end: int, lex: Lexicon) -> str | None:
    """Text a document replaces: a reply's quoted earlier message ("> 1. 可用性不低于99.9%") or an amendment's
    old wording ("原第三条“响应时间不超过60分钟”修改为…", "由60秒调整为30秒", "原约定…,现变更为…")."""
    ctx = lex.context
    if "quoted_line" in ctx and (line := search_window(ctx["quoted_line"], before(text, start, 200, "\n"))) \
            and search_window(ctx["quoted_header"], text):
        return _words(line)
    pairs = (("superseded_quote_open", "superseded_quote_close", 60), ("superseded_from", "superseded_to", 12),
             ("superseded_old", "superseded_new", 60))
    for head, tail, size in pairs:
        if head not in ctx:
            continue
        ahead = before(text, start, size, "。;\n")
        if old := search_window(ctx[head], ahead):
            behind = after(text, end, size, "。;\n")
            if search_window(ctx[tail], behind):
                return _words(old)
    return None


def disclaimed_document(text: str, lex: Lexicon) -> bool:
    """A document that disclaims any commitment ("不构成任何服务承诺") and has no commitment wording of its own
    (a changelog, a product page) commits to nothing: its test results and settings are no facts."""
    disclaimer, own, scope = (lex.context.get(k) for k in ("disclaimer", "own_commitment", "disclaimer_scope"))
    if disclaimer is None or own is None or search_window(own, text):
        return False
    return any(scope is None or not scope.search(before(text, m.start(), 30, SENTENCE_END + ","))
               for m in disclaimer.finditer(text, timeout=timeout_for(text)))


def _markers(pattern: regex.Pattern | None, text: str) -> set[str]:
    """The different words of ``pattern`` in ``text``: two different ones make a kind of page, one may be chance."""
    if pattern is None or not may_match(pattern, text):
        return set()
    return {m.group(0) for m in pattern.finditer(text, timeout=timeout_for(text))}


def explainer_document(text: str, lex: Lexicon) -> bool:
    """A blog or guide explaining what contracts usually say, with no commitment wording of its own. A guide
    telling what a contract must state (`guide_contract`: "合同需明确…") may name 甲方/乙方 as it explains their
    duties: then the party names (`party_voice`) alone are no voice of its own."""
    ctx = lex.context
    guide, own = ctx.get("guide"), ctx.get("own_voice")
    if guide is None or own is None:
        return False
    telling = _markers(ctx.get("guide_contract"), text)
    # A provider addressing its customers (`commit_voice`: "我们提供…", "您可以通过工单提交") speaks for itself, as
    # in explainer_register; the document naming itself (本合同) is left out: a guide quotes the clauses it explains.
    voices = _markers(own, text) | _markers(ctx.get("commit_voice"), _QUOTED.sub("", text))
    if voices and not (telling and _names_parties_in_passing(text, voices, ctx.get("party_voice"))):
        return False
    return len(_markers(guide, text) | telling) >= 2


# A guide names 甲方 and 乙方 a few times as it explains their duties; a contract, even a template a site prefaces
# with advice ("签订合同时应注意…"), names them in nearly every clause.
_PARTY_MENTIONS_IN_PASSING = 4


def _names_parties_in_passing(text: str, voices: set[str], party: regex.Pattern | None) -> bool:
    if party is None or not all(party.fullmatch(v) for v in voices):
        return False
    return len(party.findall(text, timeout=timeout_for(text))) <= _PARTY_MENTIONS_IN_PASSING


# Three classes of an explainer's register make a guide, one of them about contracts in general: one class is chance.
_REGISTER_CLASSES = 3
# A quotation (a sample clause a guide suggests: "建议使用如下条款:“乙方应…”") speaks in the quoted text's voice; a
# quotation cut off by the page's end runs to its line's end.
_QUOTED = regex.compile(r"[“「][^“”「」\n]{0,400}(?:[”」]|(?=\n|$))")


# The page's own voice: the writer's first person, a provider's "we" or "you", the document naming itself.
_OWN_VOICES = ("own_voice", "commit_voice", "commit_voice_self")


def explainer_register(text: str, lex: Lexicon) -> bool:
    """A page in an explainer's register (`register_about_*`, `register_tone_*` of units.toml: "什么是SLA",
    "很多合同中", "通常", "建议", "例如"), with no voice of its own outside quotations, commits to nothing: it tells
    what contracts and providers usually say. Broad classes, so a guide worded unlike any seen before is still one."""
    ctx = lex.context
    about = _classes(text, ctx, "register_about_")  # most letters have none: the tone classes are not searched
    if not about or not _at_least(text, ctx, "register_tone_", _REGISTER_CLASSES, about):
        return False
    own = _QUOTED.sub("", text)
    # A sample letter the page gives ("下面是…承诺书范文") speaks for itself, as the letter it shows.
    voices = set().union(*(_markers(ctx.get(key), own) for key in (*_OWN_VOICES, "sample_voice")))
    return not voices or _names_parties_in_passing(own, voices, ctx.get("party_voice"))


def news_register(text: str, lex: Lexicon) -> bool:
    """A news page (a byline or dateline and one more mark of a report, `news_register_*`) that relays no promise
    (`news_relayed_pledge`, or a `news_relayed_promise` or `news_relayed_measure` naming a level) and has no voice of
    its own reports what happened."""
    ctx = lex.context
    byline = ctx.get("news_register_byline")
    if byline is None or not search_window(byline, text) \
            or not _at_least(text, ctx, "news_register_", 2, {"news_register_byline"}):
        return False
    if any(key in ctx and search_window(ctx[key], text) for key in _OWN_VOICES) or _relays(text, ctx):
        return False
    return not _relays_with_a_figure(text, ctx, "news_relayed_promise")


def _relays_with_a_figure(text: str, ctx: dict[str, regex.Pattern], key: str) -> bool:
    """Whether a relayed promise or measure (the [context] marker ``key``) names a level (_relays_a_level)."""
    relayed = ctx.get(key)
    if relayed is None or not may_match(relayed, text):
        return False
    return any(_relays_a_level(text, m.end(), ctx) for m in relayed.finditer(text, timeout=timeout_for(text)))


# How far a relayed promise runs: to its sentence's end, over a list its colon opens.
_RELAYED_SPAN = 120


def _relays_a_level(text: str, end: int, ctx: dict[str, regex.Pattern]) -> bool:
    """A promise relayed in news ("该公司表示,将在30分钟内到场") keeps the page when it names a figure, unless it is
    a remedy for the incident reported (`news_incident_remedy`: "将对受影响用户补偿5%月租费"): a one-off gesture
    to those hit, no level. A figure-less "将加强管理" holds no fact either way."""
    span = after(text, end, _RELAYED_SPAN, "。")
    figure = ctx.get("relayed_figure")
    if not (search_window(figure, span) if figure is not None else any(c.isdigit() for c in span)):
        return False
    remedy = ctx.get("news_incident_remedy")
    return not (remedy and search_window(remedy, span))


def tender_register(text: str, lex: Lexicon) -> bool:
    """A tender page naming its roles, its documents and its rules for bidders (`tender_register_*`), with no
    provider's voice and no award, binds no one yet: a broader test than a requirements heading. Its "本合同" is
    the draft of the contract a bidder will sign (`commit_voice_self` is left out)."""
    ctx = lex.context
    if not _at_least(text, ctx, "tender_register_", 3):
        return False
    return not any(key in ctx and search_window(ctx[key], text)
                   for key in ("procurement_own", "commit_voice", "tender_awarded"))


def _classes(text: str, ctx: dict[str, regex.Pattern], prefix: str) -> set[str]:
    """The [context] classes named ``prefix``… whose words occur in ``text``."""
    return {k for k, pattern in ctx.items() if k.startswith(prefix) and search_window(pattern, text)}


def _at_least(text: str, ctx: dict[str, regex.Pattern], prefix: str, need: int,
              found: frozenset | set = frozenset()) -> bool:
    """Whether ``need`` of the [context] classes named ``prefix``… occur in ``text``, ``found`` already known to:
    the search stops as soon as the answer is known (a page-level test runs on every letter)."""
    keys = [k for k in ctx if k.startswith(prefix) and k not in found]
    count = len(found)
    for i, key in enumerate(keys):
        if count >= need or count + len(keys) - i < need:
            break
        count += bool(search_window(ctx[key], text))
    return count >= need


def statute_page(text: str, lex: Lexicon) -> bool:
    """A statute database's page of a law's articles (法规名称:…, 条文内容): duties a law imposes, no one's
    promise, unless the page speaks for itself (a contract template hosted there names 甲方/乙方)."""
    own = lex.context.get("own_voice")
    if own is None or search_window(own, text):
        return False
    return len(_markers(lex.context.get("statute_page"), text)) >= 2


# Each document-level filter, and the [context] marker of units.toml (or the first of the markers its name begins)
# whose words `slax explain` shows for it.
_DOCUMENT_FILTERS = (("news_article", news_article, "news_article"),
                     ("procurement_requirements", procurement_requirements, "procurement_heading"),
                     ("disclaimed_document", disclaimed_document, "disclaimer"),
                     ("explainer_document", explainer_document, "guide"),
                     ("explainer_register", explainer_register, "register_about_"),
                     ("news_register", news_register, "news_register_"),
                     ("tender_register", tender_register, "tender_register_"),
                     ("statute_page", statute_page, "statute_page"))


# The last text judged, its lexicon and the verdict: the families ask in turn about the same piece of a letter.
_last: tuple = ("", None, None)


def commits_nothing_because(text: str, lex: Lexicon) -> tuple[str, str] | None:
    """The filter that finds ``text`` commits to nothing and the words that say so, or None when it may commit."""
    global _last
    last_text, last_lex, verdict = _last  # one read: another thread may replace it meanwhile
    if last_lex is lex and last_text == text:
        return verdict
    verdict = None
    for name, test, marker in _DOCUMENT_FILTERS:
        if test(text, lex):
            keys = [marker] if marker in lex.context else [k for k in lex.context if k.startswith(marker)]
            m = next((found for key in keys if (found := lex.context[key].search(text, timeout=timeout_for(text)))),
                     None)
            verdict = name, (m.group(0).strip() if m else "")
            break
    _last = (text, lex, verdict)
    return verdict


def commits_nothing(text: str, lex: Lexicon) -> bool:
    """No family takes facts from a news article, a tender's requirements chapter, a guide explaining SLAs or a
    document that disclaims any commitment: one test for all of them, so the families cannot drift apart."""
    return commits_nothing_because(text, lex) is not None
