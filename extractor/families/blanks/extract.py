"""Unfilled slots of a template letter: where they are, what shape they have, what belongs there.

Detectors (``patterns/blanks.toml``) find candidate slots in file order; a candidate that
overlaps an accepted one is dropped. A slot's label is, in order: its own text (``[公司全称]``),
the field label before its colon (``签订日期:____``), the first label rule whose context
regexes match, the raw words before the colon, the last noun before it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.models import BlankFact, Span
from extractor.rules.patterns import PatternError, compile_rule, load

REGEX_TIMEOUT = 5.0
BEFORE, AFTER, CONTEXT = 30, 24, 15
_CUT = regex.compile(r"[。;;!?!?\n]")
_FIELD_RUN = regex.compile(r"([\p{Han}()]{1,16})[ \t]*:[ \t]*$")


@dataclass(frozen=True)
class _Detector:
    id: str
    kind: str
    pattern: regex.Pattern
    not_on_line: regex.Pattern | None = None  # a match on a line like this is no slot


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
    detectors: tuple[_Detector, ...]
    labels: tuple[_LabelRule, ...]
    field: regex.Pattern
    role_words: regex.Pattern
    role_suffix: str
    rewrite: dict


@functools.cache
def _rules() -> _Rules:
    data = load("blanks")
    roles = sorted(load("parties")["roles"], key=len, reverse=True)
    subst = {"{SLOT}": data["slot"], "{TAIL}": data["field_tail"], "{UNIT}": data["units"],
             "{PENALTY_WORD}": data["penalty_word"], "{BODY}": data["body"], "{LATIN_TIME}": data["latin_time"],
             "{ROLE}": "(?:" + "|".join(regex.escape(r) for r in roles) + ")"}

    def expand(rx: str) -> str:
        for key, value in subst.items():
            rx = rx.replace(key, value)
        return rx

    try:
        detectors = tuple(
            _Detector(d["id"], d["kind"], compile_rule(f"blanks.toml:{d['id']}", expand(d["regex"])),
                      compile_rule(f"blanks.toml:{d['id']}", expand(d["not_on_line"])) if "not_on_line" in d else None)
            for d in data["detector"]
        )
        labels = tuple(
            _LabelRule(
                r["id"],
                compile_rule(f"blanks.toml:{r['id']}", expand(r["before"])) if "before" in r else None,
                compile_rule(f"blanks.toml:{r['id']}", expand(r["after"])) if "after" in r else None,
                r["label"],
                data.get(r["lexicon"], {}) if "lexicon" in r else {},
                r.get("kind"),
            )
            for r in data["label"]
        )
        field = compile_rule("blanks.toml:field", expand(data["field"]["regex"]))
        roles = compile_rule("blanks.toml:field.role_words", expand(data["field"]["role_words"]))
    except KeyError as exc:
        raise PatternError(f"blanks.toml: rule without {exc}") from None
    return _Rules(detectors, labels, field, roles, data["field"]["role_suffix"], data["field"].get("rewrite", {}))


def _before(text: str, start: int) -> str:
    window = text[max(0, start - BEFORE):start]
    cuts = list(_CUT.finditer(window))
    return window[cuts[-1].end():] if cuts else window


def _after(text: str, end: int, unit: str = "") -> str:
    window = unit + text[end:end + AFTER]
    m = _CUT.search(window)
    return window[:m.start()] if m else window


def _clean_run(run: str) -> str:
    run = regex.sub(r"\((?:" + _rules().role_words.pattern + r")\)", "", run.strip())  # 甲方(采购人)
    if run.count("(") > run.count(")"):
        run = run[run.rindex("(") + 1:]  # 元(大写 -> 大写
    return regex.sub(r"^[^\p{Han}]+", "", run)


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
    if clean and len(regex.sub(r"[()]", "", run)) <= 14:
        found = run
    else:
        for i in range(len(run)):
            if rules.field.fullmatch(run[i:]) and run[i:]:
                found = run[i:]
                break
        if found is None or (len(found) < 3 and found != run):
            # A short generic tail (时间, 电话) reads better with the words in front of it.
            found = regex.sub(r"^[^\p{Han}]+", "", run[-6:])
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
    label = field_label(m.group(1), _is_boundary(text, start - len(before) + m.start(1)))
    # An unknown field (`具体如下:`) lets the label rules speak first.
    return (label if _known_field(_clean_run(m.group(1))) else None), label


def _rule_label(before: str, after: str, kind: str | None = None) -> tuple[str, str] | None:
    for rule in _rules().labels:
        if rule.kind and rule.kind != kind:
            continue
        bm = rule.before.search(before, timeout=REGEX_TIMEOUT) if rule.before else None
        if rule.before and not bm:
            continue
        am = rule.after.search(after, timeout=REGEX_TIMEOUT) if rule.after else None
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
    for m in _label_nouns().finditer(before, timeout=REGEX_TIMEOUT):
        word = m.group(1)
        key = (m.start() + len(word), len(word))
        if best is None or key > best[0]:
            best = (key, word)
    return best[1] if best else None


def label_for(text: str, start: int, end: int, unit: str = "", kind: str | None = None) -> str:
    label, words = _field_before(text, start)
    if label:
        return label
    before, after = _before(text, start), _after(text, end, unit)
    found = _rule_label(before, after, kind)
    if found:
        return found[0]
    if words:
        return words
    return _noun_before(before) or "待填写"


def _excluded_line(det: _Detector, text: str, start: int, end: int) -> bool:
    if det.not_on_line is None:
        return False
    stop = text.find("\n", end)
    line = text[text.rfind("\n", 0, start) + 1:len(text) if stop < 0 else stop]
    return bool(det.not_on_line.search(line, timeout=REGEX_TIMEOUT))


def _candidates(text: str):
    for order, det in enumerate(_rules().detectors):
        for m in det.pattern.finditer(text, timeout=REGEX_TIMEOUT):
            if m.end() > m.start():
                yield order, det, m


def extract_blanks(text: str) -> list[BlankFact]:
    taken: list[tuple[int, int]] = []
    facts: list[BlankFact] = []
    for _order, det, m in _candidates(text):
        start, end = m.span()
        if any(s < end and start < e for s, e in taken) or _excluded_line(det, text, start, end):
            continue
        groups = m.groupdict()
        if groups.get("label"):
            label = groups["label"]
        elif groups.get("field"):
            label = field_label(groups["field"], _is_boundary(text, m.start("field"))) or groups["field"]
        else:
            label = label_for(text, start, end, groups.get("unit") or "", det.kind)
        taken.append((start, end))
        context = text[max(0, start - CONTEXT):min(len(text), end + CONTEXT)].replace("\n", " ")
        facts.append(BlankFact(rule=det.id, label=label, kind=det.kind, text=text[start:end],
                               span=Span(start=start, end=end), context=context))
    facts.sort(key=lambda f: f.span.start)
    return facts
