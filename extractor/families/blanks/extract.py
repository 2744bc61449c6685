"""Unfilled slots of a template letter: where they are, what shape they have, what belongs there.

Detectors (the ``[[rule]]`` blocks of ``patterns/blanks.toml``) find candidate slots in file order; a candidate
that overlaps an accepted one is dropped, and one a ``[[veto]]`` rejects (an addressee line) is no slot. A slot's
label is, in order: its own text (``[公司全称]``),
the field label before its colon (``签订日期:____``), the first label rule whose context
regexes match, the raw words before the colon, the last noun before it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.commitment.filters import commits_nothing
from extractor.families.blanks.tables import LabelRule, family_tables
from extractor.families.parties.tables import role_alternation
from extractor.models import BlankFact, Evidence, Span
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import Rule, expand, fragments, matches, rules, timeout_for
from extractor.rules.patterns import compile_rule, load
from extractor.rules.prefilter import may_match
from extractor.rules.vetoes import vetoes

REGEX_TIMEOUT = 5.0
BEFORE, AFTER, CONTEXT = 30, 24, 15
_CUT = regex.compile(r"[。;;!?!?\n]")
_FIELD_RUN = regex.compile(r"([\p{Han}()]{1,16})[ \t]*:[ \t]*$")
_LEAD = regex.compile(r"^[^\p{Han}]+")  # what comes before a label's first Chinese character
_BRACKETED = regex.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class _LabelRule:
    id: str
    before: regex.Pattern | None
    after: regex.Pattern | None
    label: str
    lexicon: dict
    kind: str | None = None  # the rule speaks only for blanks of this shape


@dataclass(frozen=True)
class _Rules:
    detectors: tuple[Rule, ...]
    labels: tuple[_LabelRule, ...]
    field: regex.Pattern
    role_words: regex.Pattern
    role_suffix: str
    date_words: regex.Pattern
    signatory_words: regex.Pattern
    contact_words: regex.Pattern
    rewrite: dict


def _extra() -> tuple[tuple[str, str], ...]:
    return (("ROLE", role_alternation()),)


def _compiled(where: str, rx: str | None) -> regex.Pattern | None:
    """A regex of the family's own tables, its {{fragments}} and {{ROLE}} expanded."""
    if rx is None:
        return None
    where = f"blanks.toml:{where}"
    return compile_rule(where, expand(rx, fragments("blanks", _extra()), where))


def _label_rule(rule: LabelRule, lexicons: dict[str, dict[str, str]]) -> _LabelRule:
    where = f"[[label]] {rule.id}"
    return _LabelRule(rule.id, _compiled(where + " before", rule.before), _compiled(where + " after", rule.after),
                      rule.label, lexicons[rule.lexicon] if rule.lexicon else {}, rule.kind)


@functools.cache
def _rules() -> _Rules:
    data = family_tables()
    lexicons = {"noun_labels": data.noun_labels, "time_limit_labels": data.time_limit_labels}
    return _Rules(rules("blanks", _extra()), tuple(_label_rule(r, lexicons) for r in data.label),
                  _compiled("[field] regex", data.field.regex), _compiled("[field] role_words", data.field.role_words),
                  data.field.role_suffix, _compiled("[field] date_words", data.field.date_words),
                  _compiled("[field] signatory_words", data.field.signatory_words),
                  _compiled("[field] contact_words", data.field.contact_words), data.field.rewrite)


def _before(text: str, start: int) -> str:
    window = text[max(0, start - BEFORE):start]
    cuts = list(_CUT.finditer(window))
    return window[cuts[-1].end():] if cuts else window


def _after(text: str, end: int, unit: str = "") -> str:
    window = unit + text[end:end + AFTER]
    m = _CUT.search(window)
    return window[:m.start()] if m else window


@functools.cache
def _role_note() -> regex.Pattern:
    return regex.compile(r"\((?:" + _rules().role_words.pattern + r")\)")


def _clean_run(run: str) -> str:
    run = _role_note().sub("", run.strip())  # 甲方(采购人)
    if run.count("(") > run.count(")"):
        run = run[run.rindex("(") + 1:]  # 元(大写 -> 大写
    return _LEAD.sub("", run)


def _known_field(run: str) -> bool:
    field = _rules().field
    return any(field.fullmatch(run[i:]) for i in range(len(run) - 1))


def field_label(run: str, clean: bool = False) -> str | None:
    """Label of a field from the words before its colon: `第(5)篇合同编号` -> 合同编号.

    ``clean`` says the words start at a line or clause boundary, so all of them are the label;
    otherwise leading words may belong to a heading run into the field (`篇承诺方`).
    """
    rules = _rules()
    run = _clean_run(run)
    found = None
    if clean and len(run) - run.count("(") - run.count(")") <= 14:
        found = run
    else:
        for i in range(len(run)):
            if rules.field.fullmatch(run[i:]) and run[i:]:
                found = run[i:]
                break
        if found is None or (len(found) < 3 and found != run):
            # A short generic tail (时间, 电话) reads better with the words in front of it.
            found = _LEAD.sub("", run[-6:])
    found = found.replace("(", "").replace(")", "")
    if not found:
        return None
    if rules.role_words.fullmatch(found):
        found += rules.role_suffix
    return rules.rewrite.get(found, found)


def _is_boundary(text: str, pos: int) -> bool:
    return pos <= 0 or text[pos - 1] in " \t\n,,。;;、:!?"


def _field_before(text: str, start: int) -> tuple[str | None, str | None]:
    """(label of a known field, label of any words) before a colon right before ``start``."""
    before = _before(text, start)
    m = _FIELD_RUN.search(before)
    if not m:
        return None, None
    return _run_labels(m.group(1), _is_boundary(text, start - len(before) + m.start(1)))


# A letter's fields repeat (日期:, 甲方(盖章):, one per side and page) and each label costs a dozen fullmatch calls
# of the [field] regex: the labels of a run, and the label rules' answer for a context, are kept per distinct
# argument (pure functions of their strings; a bounded cache, so a long batch does not grow it).
@functools.lru_cache(maxsize=4096)
def _run_labels(run: str, clean: bool) -> tuple[str | None, str | None]:
    label = field_label(run, clean)
    # An unknown field (`具体如下:`) lets the label rules speak first.
    return (label if _known_field(_clean_run(run)) else None), label


@functools.lru_cache(maxsize=4096)
def _rule_label(before: str, after: str, kind: str | None = None) -> tuple[str, str] | None:
    for rule in _rules().labels:
        if rule.kind and rule.kind != kind:
            continue
        bm = rule.before.search(before, timeout=timeout_for(before, limit=REGEX_TIMEOUT)) \
            if rule.before and may_match(rule.before, before) else None
        if rule.before and not bm:
            continue
        am = rule.after.search(after, timeout=timeout_for(after, limit=REGEX_TIMEOUT)) \
            if rule.after and may_match(rule.after, after) else None
        if rule.after and not am:
            continue
        groups = {**(bm.groupdict() if bm else {}), **(am.groupdict() if am else {})}
        label = rule.label
        if "{x}" in label and groups.get("x"):
            x = groups["x"]
            label = rule.lexicon.get(x, x + "名称") if rule.lexicon else label.replace("{x}", x)
        return label, rule.id
    return None


@functools.cache
def _label_nouns() -> regex.Pattern:
    data = load("label_nouns")
    words = {w for key, value in data.items() if key != "examples" and isinstance(value, list) for w in value}
    # A lookahead finds the longest noun starting at every position, overlapping ones included.
    return compile_rule("label_nouns.toml", "(?=(" + "|".join(sorted(map(regex.escape, words), key=len,
                                                                      reverse=True)) + "))")


def _noun_before(before: str) -> str | None:
    """The noun ending last before the slot; at the same end the longer one (有限公司, not 公司)."""
    best = None
    for m in _label_nouns().finditer(before, timeout=timeout_for(before, limit=REGEX_TIMEOUT)):
        word = m.group(1)
        key = (m.start() + len(word), len(word))
        if best is None or key > best[0]:
            best = (key, word)
    return best[1] if best else None


def label_for(text: str, start: int, end: int, unit: str = "", kind: str | None = None,
              cues: list[str] | None = None) -> str:
    """The label of the slot ``text[start:end]``; the id of a [[label]] rule that gave it is appended to ``cues``."""
    label, words = _field_before(text, start)
    if label:
        return label
    before, after = _before(text, start), _after(text, end, unit)
    found = _rule_label(before, after, kind)
    if found:
        if cues is not None:
            cues.append(found[1])
        return found[0]
    if words:
        return words
    return _noun_before(before) or "待填写"


def _candidates(text: str):
    for det in _rules().detectors:
        for m in matches(det, text, REGEX_TIMEOUT):
            if m.end() > m.start():
                yield det, m


@functools.cache
def _party_label() -> tuple[regex.Pattern, regex.Pattern]:
    """A label that ends in a role word once its brackets are gone (甲方, 服务方(乙方) -> 服务方), or in a bracketed
    role word (委托方(甲方))."""
    roles = _rules().role_words.pattern
    return regex.compile(rf"(?:{roles})$"), regex.compile(rf"\((?:{roles})\)$")


def _stated(m: regex.Match) -> tuple[str, ...]:
    """What a veto may ask about a slot: always ``slot``; an empty field adds what its label asks for: a party's
    name or its signatory (``甲方:``, ``服务方(乙方):``, ``法定代表人:``), a date (``签订日期:``), a way to reach
    someone (``联系电话:``, ``传真:``) or something else (``处理时间:``)."""
    field = m.groupdict().get("field")
    if not field:
        return ("slot",)
    field = field.replace(" ", "")  # a label typed spaced out (甲 方:)
    bare = _BRACKETED.sub("", field)
    ends_in_role, ends_in_bracketed_role = _party_label()
    if ends_in_role.search(bare) or ends_in_bracketed_role.search(field) or _rules().signatory_words.search(bare):
        return ("slot", "party_field")
    if _rules().contact_words.search(bare):
        return ("slot", "contact_field")
    return ("slot", "date_field" if _rules().date_words.search(bare) else "other_field")


def _label(text: str, det: Rule, m: regex.Match, cues: list[str]) -> str:
    """The slot's label: its own words, the field before it, or what ``label_for`` finds (a [[label]] rule's id
    goes to ``cues``)."""
    groups = m.groupdict()
    if groups.get("label"):
        return groups["label"]
    if groups.get("field"):
        field = groups["field"].replace(" ", "")  # a label typed spaced out (开 户 行:)
        return field_label(field, _is_boundary(text, m.start("field"))) or field
    return label_for(text, m.start(), m.end(), groups.get("unit") or "", det.fields["kind"], cues)


def extract_blanks(text: str) -> list[BlankFact]:
    # A news article, a guide, a statute or a tender's requirements commits to nothing: its stand-ins (XX市, 年月日,
    # 各供应商:) are no slots of a letter to fill in (commitment.filters.commits_nothing, as in every family).
    if commits_nothing(text, lexicon()):
        return []
    taken: list[tuple[int, int]] = []
    facts: list[BlankFact] = []
    for det, m in _candidates(text):
        start, end = m.span()
        if any(s < end and start < e for s, e in taken):
            continue
        checked: list[str] = []
        if vetoes("blanks").first(text, start, end, rule=det.id, when=_stated(m), checked=checked):
            continue
        cues: list[str] = []
        label = _label(text, det, m, cues)
        taken.append((start, end))
        context = text[max(0, start - CONTEXT):min(len(text), end + CONTEXT)].replace("\n", " ")
        facts.append(BlankFact(rule=det.id, label=label, kind=det.fields["kind"], text=text[start:end],
                               span=Span(start=start, end=end), context=context,
                               evidence=Evidence(cues=cues, vetoes=checked)))
    facts.sort(key=lambda f: f.span.start)
    return facts
