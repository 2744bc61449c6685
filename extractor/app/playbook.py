"""Playbooks: requirements a reviewer holds every letter to, as TOML data, checked against extracted facts.

A rule selects facts (family, kind, regex filters), picks the one that decides (the strictest commitment by
default) and compares one of its fields with a threshold. A rule with no usable fact is ``missing``; whether that
fails the letter or only warns is the rule's ``missing`` setting. A rule may name what its threshold is measured
against (``base``, ``per``, ``of``): facts measured against something else are never compared with it, and when
they are all the letter states the result is ``not_comparable``, a warning. Loading: ``playbook_schema``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, Optional

import regex
from pydantic import BaseModel, Field

from extractor.app.playbook_schema import (  # noqa: F401  (the playbook API: load, parse and the models live there)
    DEFAULT_FIELD,
    DEFAULT_PLAYBOOK,
    FAMILY_MODELS,
    FRACTION_FIELDS,
    KIND_FIELD,
    MINUTE_FIELDS,
    Playbook,
    PlaybookError,
    Rule,
    as_list,
    default_path,
    load,
    parse,
)
from extractor.document.normalize import normalize
from extractor.families import duration, percent
from extractor.models import BlankFact, Document, Letter
from extractor.rules import comparable

# Parsed figures and thresholds pass through float arithmetic; 99.9% must meet ">= 99.9%".
_EPS = 1e-9
COMPARE = {">=": lambda a, b: a >= b - _EPS, ">": lambda a, b: a > b + _EPS,
           "<=": lambda a, b: a <= b + _EPS, "<": lambda a, b: a < b - _EPS}


# ---- evaluation ---------------------------------------------------------------------------------------------

class FactRef(BaseModel):
    family: str
    index: int = Field(description="position in the letter's list of that family")
    clause: Optional[str] = None
    page: Optional[int] = None
    start: int
    end: int
    text: str


class RuleResult(BaseModel):
    rule: str
    title: str
    status: Literal["pass", "fail", "missing", "not_comparable"]
    outcome: Literal["pass", "fail", "warn"] = Field(
        description="what the status counts as: missing → rule.missing, not_comparable → warn")
    expected: str
    actual: Optional[str] = None
    reason: str
    fact: Optional[FactRef] = None


class LetterCheck(BaseModel):
    path: str
    letter: int
    title: str
    verdict: Literal["pass", "fail", "warn"]
    results: list[RuleResult]


def _get(fact: Any, field: str) -> Any:
    return getattr(fact, field, None)


def _matches(fact: Any, filters: dict[str, str]) -> bool:
    for key, pattern in filters.items():
        value = _get(fact, key)
        if value is None or not regex.search(pattern, str(value), timeout=1):
            return False
    return True


def _excluded(fact: Any, filters: dict[str, str]) -> bool:
    return any(_get(fact, k) is not None and regex.search(p, str(_get(fact, k)), timeout=1)
               for k, p in filters.items())


def selected(rule: Rule, letter: Letter) -> list[tuple[int, Any]]:
    """The facts a rule looks at: its family and kinds, kept by `match`, not dropped by `exclude`."""
    kind_field = KIND_FIELD.get(rule.family, "kind")
    return [(i, f) for i, f in enumerate(getattr(letter, rule.family))
            if (not rule.kinds or _get(f, kind_field) in rule.kinds)
            and _matches(f, rule.match) and not _excluded(f, rule.exclude)]


def _preferred(rule: Rule, found: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    preferred = [(i, f) for i, f in found if _matches(f, rule.prefer)] if rule.prefer else []
    return preferred or found


def candidates(rule: Rule, letter: Letter) -> list[tuple[int, Any]]:
    return _preferred(rule, selected(rule, letter))


# ---- comparability: a rule's base, per and of name what its threshold is measured against -------------------

DIMENSION = {"base": "base", "per": "per", "of": "notice"}


def basis(rule: Rule, fact: Any, letter: Optional[Letter] = None) -> dict[str, str]:
    """The fact's class on each dimension the rule names: {'base': 'contract_price', 'per': 'hour'}."""
    out = {}
    if rule.base is not None or rule.per is not None:
        base, per = comparable.penalty_basis(fact)
        out.update({k: v for k, v in (("base", base), ("per", per)) if getattr(rule, k) is not None})
    if rule.of is not None:
        out["of"] = notice_subject(fact, letter)
    return out


def unlike(rule: Rule, fact: Any, letter: Optional[Letter] = None) -> dict[str, str]:
    """The dimensions on which the fact is not what the rule compares (empty: comparable)."""
    return {k: v for k, v in basis(rule, fact, letter).items() if v not in as_list(getattr(rule, k))}


def _phrase(key: str, names: list[str]) -> str:
    labels = " or ".join(comparable.label(DIMENSION[key], n) for n in names)
    return {"base": f"of {labels}", "per": labels, "of": f"notice of {labels}"}[key]


def basis_text(rule: Rule) -> str:
    return ", ".join(_phrase(k, as_list(getattr(rule, k))) for k in ("base", "per", "of") if getattr(rule, k))


def _norm_str(value: Any) -> str:
    return re.sub(r"\s+", "", str(value)).lower().replace("×", "x").replace("*", "x").replace("小时", "")


def fmt_value(field: Optional[str], value: Any) -> str:
    if value is None:
        return "—"
    if field in FRACTION_FIELDS:
        return percent(value)
    if field in MINUTE_FIELDS:
        return duration(value)
    return str(value)


def expected_text(rule: Rule) -> str:
    if rule.op in ("present", "absent"):
        text = f"{rule.op}" + (f" with {rule.field}" if rule.field and rule.op == "present" else "")
    else:
        text = f"{rule.field} {rule.op} {fmt_value(rule.field, rule.value)}"
    return f"{text} {basis_text(rule)}".strip()


def _ref(rule: Rule, index: int, fact: Any) -> FactRef:
    return FactRef(family=rule.family, index=index, clause=_get(fact, "clause"), page=fact.span.page,
                   start=fact.span.start, end=fact.span.end, text=fact.text)


def evaluate_rule(rule: Rule, letter: Letter) -> RuleResult:
    looked_at = selected(rule, letter)
    # Only a stated figure can be unlike the threshold; a fact without one stays for `missing` to explain.
    differs = {i: unlike(rule, f, letter) if rule.field is None or _get(f, rule.field) is not None else {}
               for i, f in looked_at}
    found = _preferred(rule, [(i, f) for i, f in looked_at if not differs[i]])
    base = {"rule": rule.id, "title": rule.title, "expected": expected_text(rule)}

    def result(status, reason, fact=None, actual=None):
        outcome = {"pass": "pass", "fail": "fail", "missing": rule.missing, "not_comparable": "warn"}[status]
        return RuleResult(**base, status=status, outcome=outcome, reason=reason, actual=actual,
                          fact=_ref(rule, *fact) if fact else None)

    if rule.op == "absent":
        if not found:
            return result("pass", "none found")
        names = list(dict.fromkeys(str(_get(f, "label") or f.text) for _, f in found))
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        return result("fail", f"{len(found)} found: {shown}", found[0], actual=str(len(found)))
    usable = [(i, f) for i, f in found if rule.field is None or _get(f, rule.field) is not None]
    if not usable:
        other = _preferred(rule, [(i, f) for i, f in looked_at if differs[i]])
        if other:
            i, fact = other[0]
            actual = fmt_value(rule.field, _get(fact, rule.field)) if rule.field else "found"
            what = ", ".join(_phrase(k, [v]) for k, v in basis(rule, fact, letter).items())
            return result("not_comparable", f"{actual} {what}", other[0], actual)
    if rule.op == "present":
        if usable:
            return result("pass", "found", usable[0])
        return result("missing", _why_missing(rule, found), found[0] if found else None)
    if not usable:
        return result("missing", _why_missing(rule, found), found[0] if found else None,
                      actual="blank" if found and _is_blank(found[0][1]) else None)
    if rule.op == "=":
        want = _norm_str(rule.value)
        hit = next(((i, f) for i, f in usable if _norm_str(_get(f, rule.field)) == want), None)
        chosen = hit or usable[0]
        actual = fmt_value(rule.field, _get(chosen[1], rule.field))
        return result("pass" if hit else "fail", f"{actual} {'=' if hit else '≠'} {rule.value}", chosen, actual)
    higher_is_stricter = rule.op in (">=", ">")
    pick = max if higher_is_stricter == (rule.select == "strictest") else min
    chosen = pick(usable, key=lambda item: _get(item[1], rule.field))
    value = _get(chosen[1], rule.field)
    ok = COMPARE[rule.op](value, rule.value)
    actual = fmt_value(rule.field, value)
    sign = rule.op if ok else {">=": "<", ">": "≤", "<=": ">", "<": "≥"}[rule.op]
    return result("pass" if ok else "fail", f"{actual} {sign} {fmt_value(rule.field, rule.value)}", chosen, actual)


def _is_blank(fact: Any) -> bool:
    return isinstance(fact, BlankFact) or bool(_get(fact, "blank"))


def _why_missing(rule: Rule, found: list) -> str:
    if not found:
        what = "/".join(rule.kinds) if 0 < len(rule.kinds) <= 2 else rule.family
        return f"no {what} commitment found"
    if _is_blank(found[0][1]):
        return "left blank"
    return f"found, but no {rule.field} stated"


def check_letter(playbook: Playbook, letter: Letter, path: str = "") -> LetterCheck:
    results = [evaluate_rule(rule, letter) for rule in playbook.rule]
    outcomes = {r.outcome for r in results}
    verdict = "fail" if "fail" in outcomes else "warn" if "warn" in outcomes else "pass"
    return LetterCheck(path=path, letter=letter.index, title=letter.title, verdict=verdict, results=results)


def check_document(playbook: Playbook, doc: Document) -> list[LetterCheck]:
    return [check_letter(playbook, letter, doc.source.path) for letter in doc.letters]


# ---- output -------------------------------------------------------------------------------------------------

SYMBOL = {"pass": "✓", "fail": "✗", "warn": "!"}


def shown_status(r: RuleResult) -> str:
    """What a result is called in tables: its outcome, except that an unlike figure says so."""
    return "not comparable" if r.status == "not_comparable" else r.outcome


def where(ref: Optional[FactRef], lang: str = "en") -> str:
    from extractor.app.i18n import t

    if ref is None:
        return ""
    parts = [t("message.in_clause", lang, clause=ref.clause) if ref.clause else t("message.before_first_clause", lang)]
    if ref.page:
        parts.append(f"p.{ref.page}")
    return ", ".join(parts) + f" «{ref.text}»"


def to_json(playbook: Playbook, checks: list[LetterCheck], errors: list[dict] = ()) -> dict:
    return {
        "playbook": playbook.name,
        "rules": [r.model_dump(include={"id", "title", "missing"}) for r in playbook.rule],
        "letters": [c.model_dump(mode="json") for c in checks],
        "errors": list(errors),
        "summary": {v: sum(c.verdict == v for c in checks) for v in ("pass", "warn", "fail")},
    }


def print_table(playbook: Playbook, checks: list[LetterCheck], console=None, lang: str = "en") -> None:
    """The verdict of each letter, a line per rule that did not pass, a summary; in ``lang`` (a rule's reason, from
    the JSON, stays English)."""
    from rich.console import Console
    from rich.table import Table

    from extractor.app.i18n import label, t
    from extractor.app.render import add_columns

    console = console or Console(soft_wrap=True)
    table = Table(title=t("message.check_title", lang, name=playbook.name))
    add_columns(table, ("letter", "verdict", "fail", "warn", "pass"), lang)
    colour = {"pass": "green", "fail": "red", "warn": "yellow"}
    for c in checks:
        cells = [", ".join(f"{r.rule}" + _cell_note(r) for r in c.results if r.outcome == outcome)
                 for outcome in ("fail", "warn", "pass")]
        verdict = label("outcome", c.verdict, lang).upper()
        table.add_row(f"{Path(c.path).name}#{c.letter}", f"[bold {colour[c.verdict]}]{verdict}[/]",
                      f"[red]{cells[0]}[/]", f"[yellow]{cells[1]}[/]", f"[green]{cells[2]}[/]")
    console.print(table)
    for c in checks:
        for r in c.results:
            if r.outcome != "pass":
                want = t("message.check_want", lang, expected=r.expected)
                console.print(f"[{colour[r.outcome]}]{label('outcome', shown_status(r), lang).upper()}[/] "
                              f"{c.path}#{c.letter} {r.rule}: {r.reason} ({want}) {where(r.fact, lang)}",
                              highlight=False)
    summary = to_json(playbook, checks)["summary"]
    unlike_count = sum(r.status == "not_comparable" for c in checks for r in c.results)
    console.print(t("message.check_summary", lang, letters=len(checks), passed=summary["pass"], warned=summary["warn"],
                    failed=summary["fail"])
                  + (t("message.check_not_comparable", lang, count=unlike_count) if unlike_count else ""))


def _cell_note(r: RuleResult) -> str:
    if r.status == "not_comparable":
        return f" (not comparable: {r.actual})"
    return f" ({r.actual})" if r.actual and r.outcome != "pass" else ""


def to_junit(playbook: Playbook, checks: list[LetterCheck], errors: list[dict] = ()) -> str:
    """One <testsuite> per letter, one <testcase> per rule: failures fail, warnings are skipped."""
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name=f"slax check ({playbook.name})")
    for c in checks:
        name = f"{c.path}#{c.letter}"
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(c.results)),
                              failures=str(sum(r.outcome == "fail" for r in c.results)),
                              skipped=str(sum(r.outcome == "warn" for r in c.results)), errors="0")
        for r in c.results:
            case = ET.SubElement(suite, "testcase", classname=name, name=f"{r.rule}: {r.title}")
            detail = f"{r.reason} (want {r.expected}) {where(r.fact)}".strip()
            if r.outcome == "fail":
                ET.SubElement(case, "failure", message=f"{r.status}: {r.reason}", type=r.status).text = detail
            elif r.outcome == "warn":
                label = "warning" if r.status == "missing" else shown_status(r)
                ET.SubElement(case, "skipped", message=f"{label}: {r.reason}").text = detail
            elif r.fact:
                ET.SubElement(case, "system-out").text = detail
    for e in errors:
        suite = ET.SubElement(root, "testsuite", name=e["path"], tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=e["path"], name="read")
        ET.SubElement(case, "error", message=e["error"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def notice_subject(fact: Any, letter: Any = None) -> str:
    """What a notice period gives notice of. The fact's own event, else its sentence (the fact's text when the
    letter carries no sentences), else its clause heading: the first of these that names a known subject."""
    texts = [fact.event, _sentence_of(fact, letter) or fact.text]
    if letter is not None and fact.clause:
        texts.append(next((c.heading for c in letter.clauses if c.id == fact.clause), None))
    fallback = comparable.classes("notice")[-1].name
    for text in texts:
        found = comparable.classify("notice", normalize(text).text) if text else fallback
        if found != fallback:
            return found
    return fallback


def _sentence_of(fact: Any, letter: Any) -> Optional[str]:
    for s in (getattr(letter, "sentences", None) or []):
        if s.span.start <= fact.span.start < s.span.end:
            return s.text
    return None
