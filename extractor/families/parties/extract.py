"""Parties of a letter: who promises, who receives, who bids, who buys.

Each rule of ``patterns/parties.toml`` finds role declarations (``承诺方:____``,
``甲方:北京某某科技有限公司``), definitions (``XX公司(以下简称"乙方")``) and salutations
(``尊敬的_接收方名称__:``). The first mention of each role is the party; later mentions
(signature blocks) repeat it and are dropped.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.models import Party, Span
from extractor.rules.patterns import PatternError, compile_rule, load

REGEX_TIMEOUT = 5.0
NAME_LOOKBACK = 40
_BOUNDARY = regex.compile(r"[,,。;;:\n)]")


@dataclass(frozen=True)
class _Rules:
    roles: dict[str, str]
    role: regex.Pattern
    blank: regex.Pattern
    rules: tuple[tuple[str, regex.Pattern], ...]
    name_lead: regex.Pattern
    generic: frozenset[str]
    blank_inside: regex.Pattern
    inner_lead: regex.Pattern
    name: regex.Pattern
    not_a_name: regex.Pattern
    greeting_role: regex.Pattern


def role_alternation() -> str:
    """Every role word of ``[roles]``, longest first: the ``{{ROLE}}`` of parties' and blanks' regexes."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(load("parties")["roles"], key=len, reverse=True)) + ")"


@functools.cache
def _rules() -> _Rules:
    data = load("parties")
    roles = data["roles"]
    role_rx = role_alternation()

    def expand(rx: str) -> str:
        rx = rx.replace("{BLANK}", data["blank"]).replace("{NAME}", data["name"])
        return rx.replace("{ROLE}", role_rx).replace("{FIELD}", data["field"])

    try:
        rules = tuple((r["id"], compile_rule(f"parties.toml:{r['id']}", expand(r["regex"]))) for r in data["rule"])
        blank = compile_rule("parties.toml:blank", data["blank"])
        lead = compile_rule("parties.toml:name_lead", data["name_lead"])
    except KeyError as exc:
        raise PatternError(f"parties.toml: rule without {exc}") from None
    return _Rules(roles, compile_rule("parties.toml:roles", role_rx), blank, rules, lead,
                  frozenset(data.get("generic_addressees", [])),
                  compile_rule("parties.toml:blank_inside", data["blank_inside"]),
                  compile_rule("parties.toml:inner_lead", data["inner_lead"]),
                  compile_rule("parties.toml:name", expand("{NAME}")),
                  compile_rule("parties.toml:not_a_name", data["not_a_name"]),
                  compile_rule("parties.toml:greeting_role_suffix", data["greeting_role_suffix"]))


def _is_blank(value: str) -> bool:
    value = value.strip()
    rules = _rules()
    return not value or bool(rules.blank.fullmatch(value) or rules.blank_inside.search(value))


def _name_before(text: str, end: int) -> tuple[int, str] | None:
    """The name written just before a definition: 本协议由杭州数联科技有限公司(以下简称...)."""
    window = text[max(0, end - NAME_LOOKBACK):end]
    cuts = list(_BOUNDARY.finditer(window))
    seg_start = cuts[-1].end() if cuts else 0
    seg = window[seg_start:]
    lead = _rules().name_lead.match(seg)
    if lead:
        seg_start, seg = seg_start + lead.end(), seg[lead.end():]
    stripped = seg.strip().strip('"“”「」『』')
    if len(stripped) < 2:
        return None
    offset = end - len(window) + seg_start + seg.index(stripped)
    return offset, stripped


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


def _party(text: str, rule_id: str, m: regex.Match) -> Party | None:
    rules = _rules()
    label = m.group("label")
    value = (m.group("value") or "").strip()
    start, end = m.start(), m.end()
    if value and not _is_blank(value) and rules.not_a_name.search(value):
        return None
    if rule_id == "salutation":
        suffix = rules.greeting_role.search(value)
        if value in rules.roles or suffix:  # 尊敬的(华为云)客户: names the role, not who holds it
            word = value if value in rules.roles else suffix.group(0)
            end = m.start("value") + len(value)
            return Party(role=rules.roles[word], label=word, text=text[start:end], span=Span(start=start, end=end))
        if value in rules.generic:
            return None
        inner = rules.role.search(m.group("note") or "") or rules.role.search(value)
        label = inner.group(0) if inner else label.replace(":", "").strip()
        role = rules.roles[inner.group(0)] if inner else "recipient"
        end = m.start("value") + len(m.group("value").rstrip())
    else:
        role = rules.roles[label]
        start = m.start("label") if rule_id != "definition" else start
    if rule_id == "definition" and not value:
        found = _name_inside(m) or _name_before(text, m.start())
        if found is None:
            return None
        start, value = found
    start = min(start, m.start("label"))
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    blank = _is_blank(value)
    return Party(role=role, label=label, name=None if blank else value, blank=blank,
                 text=text[start:end], span=Span(start=start, end=end))


def extract_parties(text: str) -> list[Party]:
    found: list[Party] = []
    for rule_id, pattern in _rules().rules:
        for m in pattern.finditer(text, timeout=REGEX_TIMEOUT):
            party = _party(text, rule_id, m)
            if party is not None:
                found.append(party)
    found.sort(key=lambda p: p.span.start)
    # A greeting that names only the role (尊敬的客户:) yields to any declaration of that role.
    named = {p.role for p in found if p.name or p.blank}
    found = [p for p in found if p.name or p.blank or p.role not in named]
    parties: list[Party] = []
    declared: set[str] = set()
    for p in found:
        if p.role in declared:
            continue  # a signature block or a repeat of a role already declared
        declared.add(p.role)
        if any(q.span.start < p.span.end and p.span.start < q.span.end for q in parties):
            continue  # 服务商:____(以下简称"乙方"): one party, whose other role word is now declared too
        parties.append(p)
    return parties
