"""Parties of a letter: who promises, who receives, who bids, who buys.

Each rule of ``patterns/parties.toml`` finds role declarations (``承诺方:____``,
``甲方:北京某某科技有限公司``), definitions (``XX公司(以下简称"乙方")``) and salutations
(``尊敬的_接收方名称__:``). A declared value that is no one's name (a duty, an area, a greeting to the
public) is rejected by the file's ``[[veto]]`` blocks, applied by the engine. The first mention of each role is
the party; later mentions (signature blocks) repeat it and are dropped.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.commitment.filters import commits_nothing_because
from extractor.families.parties.tables import Role, family_tables, role_alternation
from extractor.models import Evidence, Party, Span
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import Rule, expand, fragments, matches, rules
from extractor.rules.patterns import compile_rule
from extractor.rules.vetoes import vetoes

REGEX_TIMEOUT = 5.0
NAME_LOOKBACK = 40
_JOINED = regex.compile(r"(?<=[\p{Han}()])\s+(?=[\p{Han}()])")


@dataclass(frozen=True)
class _Rules:
    roles: dict[str, Role]
    role: regex.Pattern
    blank: regex.Pattern
    rules: tuple[Rule, ...]
    name_lead: regex.Pattern
    blank_inside: regex.Pattern
    inner_lead: regex.Pattern
    name: regex.Pattern
    greeting_role: regex.Pattern
    self_name: regex.Pattern
    marked_name: regex.Pattern
    name_boundary: regex.Pattern
    empty_slot: regex.Pattern


@functools.cache
def _rules() -> _Rules:
    tables = family_tables()
    frags = fragments("parties", (("ROLE", role_alternation()),))
    name = expand(tables.value.name, frags, "parties.toml:[value] name")
    marked_name = expand(tables.value.marked_name, frags, "parties.toml:[value] marked_name")
    blank_inside = expand(tables.value.blank_inside, frags, "parties.toml:[value] blank_inside")

    def compiled(key: str, rx: str) -> regex.Pattern:
        return compile_rule(f"parties.toml:{key}", rx)

    return _Rules(tables.roles, compiled("[roles]", role_alternation()), compiled("BLANK", frags["BLANK"]),
                  rules("parties", (("ROLE", role_alternation()), ("NAME", name))),
                  compiled("[value] name_lead", tables.value.name_lead),
                  compiled("[value] blank_inside", blank_inside),
                  compiled("[value] inner_lead", tables.value.inner_lead), compiled("[value] name", name),
                  compiled("[value] greeting_role_suffix", tables.value.greeting_role_suffix),
                  compiled("[value] self_name", tables.value.self_name),
                  compiled("[value] marked_name", marked_name),
                  compiled("[value] name_boundary", tables.value.name_boundary),
                  compiled("[value] empty_slot", tables.value.empty_slot))


def _is_blank(value: str) -> bool:
    value = value.strip()
    rules = _rules()
    return not value or bool(rules.blank.fullmatch(value) or rules.blank_inside.search(value))


def _name_before(text: str, end: int, shape: regex.Pattern | None = None) -> tuple[int, str] | None:
    """The name written just before a bracket: 本协议由杭州数联科技有限公司(以下简称...).

    The words after the last boundary ([value] name_boundary) lose their lead-in ([value] name_lead). A
    definition takes what is left; a rule that names only one shape of name (``shape``: self_definition's
    company or Latin brand) takes the leftmost such name that ends right before the bracket, or none."""
    window = text[max(0, end - NAME_LOOKBACK):end]
    cuts = list(_rules().name_boundary.finditer(window))
    seg_start = cuts[-1].end() if cuts else 0
    seg = window[seg_start:]
    lead = _rules().name_lead.match(seg)
    if lead:
        seg_start, seg = seg_start + lead.end(), seg[lead.end():]
    if shape is not None:
        found = shape.search("\n" + seg, timeout=REGEX_TIMEOUT)
        return None if found is None else (end - len(window) + seg_start + found.start() - 1, found.group(0))
    stripped = seg.strip().strip('"“”「」『』')
    if len(stripped) < 2:
        return None
    offset = end - len(window) + seg_start + seg.index(stripped)
    return offset, stripped


def _empty_slot(text: str, start: int) -> tuple[int, str] | None:
    """A definition bracket with nothing before it on its line or clause ([value] empty_slot): the name slot is
    empty, the party blank."""
    before = text[max(0, start - NAME_LOOKBACK):start]
    return (start, "") if _rules().empty_slot.search(before) else None


def _name_inside(m: regex.Match) -> tuple[int, str] | None:
    """The name written inside the definition bracket: (杭州某某有限公司,以下简称"乙方")."""
    inner = m.group("inner")
    if not inner:
        return None
    lead = _rules().inner_lead.match(inner)
    name = inner[lead.end() if lead else 0:].strip()
    if not _rules().name.fullmatch(name) and not _is_blank(name):
        return None  # 统一社会信用代码:..., an address: the name stands before the bracket
    return m.start("inner") + inner.index(name), name


def _value_vetoed(text: str, m: regex.Match, rule_id: str, when: str, checked: list[str]) -> bool:
    """Whether a [[veto]] of stage ``when`` rejects the value this match declares (the stripped ``value`` group).

    The figure is the declaration up to its value (甲方:, 尊敬的); the vetoes are given the text up to the value's
    end, so the window ``after`` the figure is the value itself."""
    raw = m.group("value")
    value_start = m.start("value") + len(raw) - len(raw.lstrip())
    value_end = value_start + len(raw.strip())
    hit = vetoes("parties").first(text[:value_end], m.start(), value_start, rule=rule_id, when=(when,),
                                  checked=checked)
    return hit is not None


def _defined_name_vetoed(text: str, start: int, name: str, checked: list[str]) -> bool:
    """Whether a [[veto]] of stage ``defined`` rejects the name a definition found (发包人(以下简称甲方): a role noun,
    not a name). As for declared values, the window ``after`` the figure is exactly the name."""
    end = start + len(name)
    return vetoes("parties").first(text[:end], start, start, rule="definition", when=("defined",),
                                   checked=checked) is not None


def _greeting(text: str, m: regex.Match, value: str, checked: list[str]) -> Party | None:
    """The party a salutation names: the addressee is the recipient, or the role a word in or after it names
    (致:XX中心(采购人)). A greeting naming only a role (尊敬的客户:, 尊敬的华为云客户:, 致:招标人) names no one:
    CORPUS.md's parties are named or slotted, never generic words."""
    rules = _rules()
    if value in rules.roles or rules.greeting_role.search(value):
        return None
    if value and _value_vetoed(text, m, "salutation", "greeting", checked):
        return None
    inner = rules.role.search(m.group("note") or "") or rules.role.search(value)
    label = inner.group(0) if inner else m.group("label").replace(":", "").strip()
    role = rules.roles[inner.group(0)] if inner else "recipient"
    return _declared(text, role, label, value, m.start(), m.start("value") + len(m.group("value").rstrip()), checked)


def _party(text: str, rule: Rule, m: regex.Match) -> Party | None:
    rule_id = rule.id
    checked: list[str] = []
    if rule.fields.get("name") == "before":  # the name stands before the match: HostifyX(以下简称“我们”)
        return _self_defined(text, rule, m, checked)
    value = (m.group("value") or "").strip()
    if value and not _is_blank(value) and _value_vetoed(text, m, rule_id, "filled", checked):
        return None
    if "role" in rule.fields:  # the rule names the role: a subject with no role word (腾讯云提供…)
        start = m.start() if rule.fields.get("span") == "match" else m.start("value")
        return _declared(text, rule.fields["role"], m.group("label"), value, start, m.end(), checked)
    if rule_id == "salutation":
        return _greeting(text, m, value, checked)
    # A definition, or a rule whose role word sits inside its match (span = "match"), spans the whole match.
    whole = rule_id == "definition" or rule.fields.get("span") == "match"
    start, end = (m.start() if whole else m.start("label")), m.end()
    if rule_id == "definition" and not value:
        found = _name_inside(m) or _name_before(text, m.start()) or _empty_slot(text, m.start())
        if found is None or _defined_name_vetoed(text, *found, checked):
            return None
        start, value = found
    label = _contract_role(m)
    return _declared(text, _rules().roles[label], label, value, min(start, m.start("label")), end, checked)


def _self_defined(text: str, rule: Rule, m: regex.Match, checked: list[str]) -> Party | None:
    """The party a document defines as "we": the company or brand right before the bracket ([value] self_name); or
    the organisation a bracket marks as a party of the contract (shape = "marked_name": 江城医院(甲方)与…), whose
    role is that of the role word in the bracket; such a bracket with nothing before it on its line or clause
    (。(甲方)委托…, [value] empty_slot) marks a party whose name the template left out: blank."""
    rules = _rules()
    marked = rule.fields.get("shape") == "marked_name"
    found = _name_before(text, m.start(), rules.marked_name if marked else rules.self_name)
    if found is None and marked:
        found = _empty_slot(text, m.start())
    if found is None:
        return None
    start, name = found
    role = rule.fields.get("role") or rules.roles[m.group("label")]
    return _declared(text, role, m.group("label"), name, start, m.end(), checked)


def _contract_role(m: regex.Match) -> str:
    """The role word a declaration is known by: 甲方 of 委托方(甲方), 乙方 of 供应商:X公司(乙方) when the field's word
    only names a side (side_roles), else the word itself (see contract_roles)."""
    tables = family_tables()
    note = (m.groupdict().get("note") or "").strip()
    if note in tables.contract_roles:
        return note
    side = m.groupdict().get("side")
    if side and tables.roles[m.group("label")] in tables.side_roles:
        return side
    return m.group("label")


def _declared(text: str, role: str, label: str, value: str, start: int, end: int, checked: list[str]) -> Party:
    """The party declared by ``text[start:end]`` (spaces trimmed), named ``value`` unless that is a blank."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    blank = _is_blank(value)
    name = None if blank else _JOINED.sub("", value)  # 江城数据\n科技有限公司: a name the page split (NAME_JOIN)
    return Party(role=role, label=label, name=name, blank=blank,
                 text=text[start:end], span=Span(start=start, end=end), evidence=Evidence(vetoes=checked))


def _names_no_party(text: str) -> bool:
    """A news article, a guide explaining SLAs or a page disclaiming any commitment names companies as examples or
    as the subject of a report (腾讯云未能达到… in a blog), not as parties: the test every family applies
    (commitment.filters). A tender's requirements chapter or tender page still names its purchaser (采购人:X): that
    one is kept."""
    because = commits_nothing_because(text, lexicon())
    return because is not None and because[0] not in ("procurement_requirements", "tender_register")


def extract_parties(text: str) -> list[Party]:
    if _names_no_party(text):
        return []
    found: list[Party] = []
    repeats: list[Party] = []  # parties of rules that yield to a name declared under any role (yields = "name"),
    # or named first by another such rule (青岚承诺如下: … 是指青岚承诺…: one party, the promisor)
    for rule in _rules().rules:
        for m in matches(rule, text, REGEX_TIMEOUT):
            party = _party(text, rule, m)
            if party is not None:
                (repeats if rule.fields.get("yields") == "name" else found).append(party)
    names = {p.name for p in found if p.name}
    for p in sorted(repeats, key=lambda p: p.span.start):  # the first of them to name a brand keeps its role
        if p.name not in names:
            found.append(p)
            if p.name:
                names.add(p.name)
    found.sort(key=lambda p: p.span.start)
    parties: list[Party] = []
    declared: set[str] = set()
    first: dict[str, int] = {}  # role -> its party's place in `parties`
    for p in found:
        if p.role in declared:
            at = first.get(p.role)
            if at is not None and _fills(parties[at], p) and p.name not in {q.name for q in parties}:
                parties[at] = p
            continue  # a signature block or a repeat of a role already declared
        declared.update((p.role, *_aliased_role(p)))
        if any(q.span.start < p.span.end and p.span.start < q.span.end for q in parties):
            continue  # 服务商:____(以下简称"乙方"): one party, whose other role word is now declared too
        first[p.role] = len(parties)
        parties.append(p)
    return parties


def _fills(blank: Party, later: Party) -> bool:
    """A template's cover page or heading leaves a side's field empty (甲 方:) and the body names it under the same
    word (甲方: 江城市第一人民医院, X公司(下简称乙方)): the name is the party, the empty field only its first mention.
    A name another side already holds is no fill (甲方: 乙方:X公司(以下简称甲方): a page's slip)."""
    return blank.blank and not blank.name and bool(later.name) and later.label == blank.label


def _aliased_role(p: Party) -> tuple[str, ...]:
    """The role of the field word a contract party was declared under when the contract's word won
    (定作方:____(简称甲方) is party_a): the contract calls that side 甲方 from then on, so a later line under the field
    word (the signature block's 定作方:____) is the same party, no second one."""
    rules = _rules()
    head = rules.role.match(p.text)
    if p.label not in family_tables().contract_roles or head is None:
        return ()
    role = rules.roles[head.group(0)]
    return (role,) if role != p.role else ()
