"""Playbooks: requirements a reviewer holds every letter to, as TOML data, checked against extracted facts.

A rule selects facts (family, kind, regex filters), picks the one that decides (the strictest commitment by
default) and compares one of its fields with a threshold. A rule with no usable fact is ``missing``; whether that
fails the letter or only warns is the rule's ``missing`` setting.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal, Optional, Union

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .models import AvailabilityFact, BlankFact, Document, Letter, Party, PenaltyFact, TimingFact
from .render import duration, percent

FAMILY_MODELS = {
    "availability": AvailabilityFact, "timings": TimingFact, "penalties": PenaltyFact,
    "blanks": BlankFact, "parties": Party,
}
# Which field `kind` filters on, and which field a threshold compares by default, per family.
KIND_FIELD = {"availability": "metric", "parties": "role"}
DEFAULT_FIELD = {"availability": "value", "timings": "minutes", "penalties": "rate"}
FRACTION_FIELDS = {"value", "rate", "cap_rate"}
MINUTE_FIELDS = {"minutes"}
# Parsed figures and thresholds pass through float arithmetic; 99.9% must meet ">= 99.9%".
_EPS = 1e-9
COMPARE = {">=": lambda a, b: a >= b - _EPS, ">": lambda a, b: a > b + _EPS,
           "<=": lambda a, b: a <= b + _EPS, "<": lambda a, b: a < b - _EPS}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(min|分钟|m|h|小时|d|天|日|w|周)\s*$")
_DURATION_MINUTES = {"min": 1, "分钟": 1, "m": 1, "h": 60, "小时": 60, "d": 1440, "天": 1440, "日": 1440,
                     "w": 10080, "周": 10080}
DEFAULT_PLAYBOOK = "playbook_default"


class PlaybookError(ValueError):
    """A playbook cannot be used; str() is one line naming the file, line and problem."""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    title: str
    family: Literal["availability", "timings", "penalties", "blanks", "parties"]
    kind: Optional[Union[str, list[str]]] = None
    match: dict[str, str] = {}
    exclude: dict[str, str] = {}
    prefer: dict[str, str] = {}
    field: Optional[str] = None
    op: Literal[">=", ">", "<=", "<", "=", "present", "absent"]
    value: Optional[Union[float, str]] = None
    select: Literal["strictest", "weakest"] = "strictest"
    missing: Literal["fail", "warn"] = "warn"
    why: str = ""

    @field_validator("match", "exclude", "prefer")
    @classmethod
    def _regexes(cls, filters: dict[str, str]) -> dict[str, str]:
        for key, pattern in filters.items():
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(f"{key}: bad regex {pattern!r}: {exc}") from None
        return filters

    @model_validator(mode="after")
    def _consistent(self) -> "Rule":
        model = FAMILY_MODELS[self.family]
        for key in [*self.match, *self.exclude, *self.prefer, *([self.field] if self.field else [])]:
            if key not in model.model_fields:
                raise ValueError(f"{self.family} facts have no field {key!r} (fields: {', '.join(model.model_fields)})")
        if self.op in ("present", "absent"):
            return self
        if self.value is None:
            raise ValueError(f"op {self.op!r} needs a value")
        if self.field is None:
            if self.family not in DEFAULT_FIELD:
                raise ValueError(f"{self.family} rules with op {self.op!r} need a field")
            self.field = DEFAULT_FIELD[self.family]
        try:
            self.value = _threshold(self.field, self.value)
        except ValueError as exc:
            raise ValueError(f"value: {exc}") from None
        if self.op != "=" and not isinstance(self.value, float):
            raise ValueError(f"op {self.op!r} compares numbers; {self.field} threshold is {self.value!r}")
        return self

    @property
    def kinds(self) -> list[str]:
        return [self.kind] if isinstance(self.kind, str) else list(self.kind or [])


def _threshold(field: str, value: Union[float, str]) -> Union[float, str]:
    """Thresholds may be written as the user thinks of them: "99.9%", "4h", "30d"."""
    if field in FRACTION_FIELDS:
        if isinstance(value, str):
            if not value.strip().endswith("%"):
                raise ValueError(f"{field} threshold {value!r}: write a fraction (0.999) or a percentage ('99.9%')")
            value = float(value.strip()[:-1]) / 100
        value = round(value, 12)  # "99.9%" must equal the 0.999 a letter's 99.9% parses to
        if not 0 <= value <= 1:
            raise ValueError(f"{field} threshold {value!r} is not a fraction; write 0.999 or '99.9%', not 99.9")
        return float(value)
    if field in MINUTE_FIELDS and isinstance(value, str):
        m = _DURATION.match(value)
        if not m:
            raise ValueError(f"{field} threshold {value!r}: write minutes (240) or a duration ('4h', '30d', '15min')")
        return float(m.group(1)) * _DURATION_MINUTES[m.group(2)]
    return float(value) if isinstance(value, (int, float)) else value


class Playbook(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "playbook"
    description: str = ""
    rule: list[Rule]

    @model_validator(mode="after")
    def _unique_ids(self) -> "Playbook":
        seen = set()
        for r in self.rule:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return self


def default_path() -> Path:
    from .patterns import patterns_dir

    return patterns_dir() / f"{DEFAULT_PLAYBOOK}.toml"


def load(path: Union[str, Path, None] = None) -> Playbook:
    path = Path(path) if path else default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError(f"{path}: cannot read playbook ({getattr(exc, 'strerror', None) or exc})") from None
    return parse(text, str(path))


def parse(text: str, where: str = "<playbook>") -> Playbook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "... (at line 3, column 7)"; put the line where editors and CI annotators look for it.
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        loc = f"{where}:{m.group(1)}:{m.group(2)}" if m else where
        raise PlaybookError(f"{loc}: invalid TOML: {message}") from None
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [p for p in err["loc"]]
        line = _line_of(text, loc, err["msg"])
        rule_id = ""
        if len(loc) >= 2 and loc[0] == "rule" and isinstance(loc[1], int) and loc[1] < len(data.get("rule", [])):
            rule_id = f" rule {data['rule'][loc[1]].get('id', '#' + str(loc[1] + 1))!r}"
        key = ".".join(str(p) for p in loc[2:]) if rule_id else ".".join(str(p) for p in loc)
        problem = err["msg"].removeprefix("Value error, ")
        raise PlaybookError(f"{where}:{line}:{rule_id}{' ' + key if key else ''}: {problem}") from None


def _line_of(text: str, loc: list, msg: str = "") -> int:
    """The line of the n-th [[rule]] table, or of the offending key inside it.

    Cross-field errors carry no key in ``loc``; their message names it (quoted, or as its first word)."""
    lines = text.splitlines()
    if not loc or loc[0] != "rule" or len(loc) < 2 or not isinstance(loc[1], int):
        key = str(loc[0]) if loc else ""
        return next((i + 1 for i, ln in enumerate(lines) if key and ln.strip().startswith(key)), 1)
    headers = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*rule\s*\]\]", ln)]
    if loc[1] >= len(headers):
        return 1
    start = headers[loc[1]]
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"\s*\[", lines[i])), len(lines))
    keys = [str(loc[2])] if len(loc) > 2 else [*re.findall(r"'(\w+)'", msg), *re.findall(r"^Value error, (\w+)", msg)]
    for key in keys:
        pattern = re.compile(rf"(?:^\s*|[{{,]\s*){re.escape(key)}\s*=")
        for i in range(start + 1, end):
            if pattern.search(lines[i]):
                return i + 1
    return start + 1


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
    status: Literal["pass", "fail", "missing"]
    outcome: Literal["pass", "fail", "warn"] = Field(description="what the status counts as: missing → rule.missing")
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


def candidates(rule: Rule, letter: Letter) -> list[tuple[int, Any]]:
    facts = list(enumerate(getattr(letter, rule.family)))
    kind_field = KIND_FIELD.get(rule.family, "kind")
    out = [(i, f) for i, f in facts
           if (not rule.kinds or _get(f, kind_field) in rule.kinds)
           and _matches(f, rule.match) and not _excluded(f, rule.exclude)]
    preferred = [(i, f) for i, f in out if _matches(f, rule.prefer)] if rule.prefer else []
    return preferred or out


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
        return f"{rule.op}" + (f" with {rule.field}" if rule.field and rule.op == "present" else "")
    return f"{rule.field} {rule.op} {fmt_value(rule.field, rule.value)}"


def _ref(rule: Rule, index: int, fact: Any) -> FactRef:
    return FactRef(family=rule.family, index=index, clause=_get(fact, "clause"), page=fact.span.page,
                   start=fact.span.start, end=fact.span.end, text=fact.text)


def evaluate_rule(rule: Rule, letter: Letter) -> RuleResult:
    found = candidates(rule, letter)
    base = {"rule": rule.id, "title": rule.title, "expected": expected_text(rule)}

    def result(status, reason, fact=None, actual=None):
        outcome = {"pass": "pass", "fail": "fail", "missing": rule.missing}[status]
        return RuleResult(**base, status=status, outcome=outcome, reason=reason, actual=actual,
                          fact=_ref(rule, *fact) if fact else None)

    if rule.op == "absent":
        if not found:
            return result("pass", "none found")
        names = list(dict.fromkeys(str(_get(f, "label") or f.text) for _, f in found))
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        return result("fail", f"{len(found)} found: {shown}", found[0], actual=str(len(found)))
    usable = [(i, f) for i, f in found if rule.field is None or _get(f, rule.field) is not None]
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


def where(ref: Optional[FactRef]) -> str:
    if ref is None:
        return ""
    parts = [f"clause {ref.clause}" if ref.clause else "before the first clause"]
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


def print_table(playbook: Playbook, checks: list[LetterCheck], console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(soft_wrap=True)
    table = Table(title=f"slax check — playbook {playbook.name}")
    for col in ("letter", "verdict", "fail", "warn", "pass"):
        table.add_column(col)
    colour = {"pass": "green", "fail": "red", "warn": "yellow"}
    for c in checks:
        cells = [", ".join(f"{r.rule}" + (f" ({r.actual})" if r.actual and outcome != "pass" else "")
                           for r in c.results if r.outcome == outcome) for outcome in ("fail", "warn", "pass")]
        table.add_row(f"{Path(c.path).name}#{c.letter}", f"[bold {colour[c.verdict]}]{c.verdict.upper()}[/]",
                      f"[red]{cells[0]}[/]", f"[yellow]{cells[1]}[/]", f"[green]{cells[2]}[/]")
    console.print(table)
    for c in checks:
        for r in c.results:
            if r.outcome != "pass":
                console.print(f"[{colour[r.outcome]}]{r.outcome.upper()}[/] {c.path}#{c.letter} {r.rule}: "
                              f"{r.reason} (want {r.expected}) {where(r.fact)}", highlight=False)
    summary = to_json(playbook, checks)["summary"]
    console.print(f"{len(checks)} letter(s): {summary['pass']} pass, {summary['warn']} warn, {summary['fail']} fail")


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
                ET.SubElement(case, "skipped", message=f"warning: {r.reason}").text = detail
            elif r.fact:
                ET.SubElement(case, "system-out").text = detail
    for e in errors:
        suite = ET.SubElement(root, "testsuite", name=e["path"], tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=e["path"], name="read")
        ET.SubElement(case, "error", message=e["error"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
