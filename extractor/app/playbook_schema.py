"""Playbook files: the rule model, thresholds, and loading with errors that name the file and line.

Every name a rule uses (family, kind, field, base, per, of, duration unit) is checked against the vocabulary
the extractor itself uses: the fact models, ``patterns/comparable.toml``, ``patterns/units.toml`` and the
kind-giving pattern files. A typo is a load error with a suggestion, never a rule that silently finds nothing.
"""
from __future__ import annotations

import difflib
import functools
import re
import tomllib
from pathlib import Path
from typing import Literal, Optional, Union

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from extractor.families import FAMILIES, IN_TABLE_ORDER, family
from extractor.rules import comparable

FAMILY_MODELS = {f.name: f.model for f in IN_TABLE_ORDER}
# Which field `kind` filters on, and which field a threshold compares by default, per family.
KIND_FIELD = {f.name: f.kind_field for f in FAMILIES}
DEFAULT_FIELD = {f.name: f.threshold_field for f in FAMILIES if f.threshold_field}
FRACTION_FIELDS = {"value", "rate", "cap_rate"}
MINUTE_FIELDS = {"minutes"}
# The comparability keys of a rule: which family may use each, and the comparable.toml vocabulary it names.
BASIS_KEYS = {"base": ("penalties", "base"), "per": ("penalties", "per"), "of": ("timings", "notice")}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(\S+?)\s*$")
DEFAULT_PLAYBOOK = "playbook_default"

Names = Optional[Union[str, list[str]]]


class PlaybookError(ValueError):
    """A playbook cannot be used; str() is one line naming the file, line and problem."""


def hint(word, vocabulary: list[str], listing: str = "known") -> str:
    """The closest known name when one is close, else the whole vocabulary."""
    close = difflib.get_close_matches(str(word), vocabulary, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"{listing}: {', '.join(vocabulary)}"


def unknown(what: str, word, vocabulary: list[str]) -> ValueError:
    return ValueError(f"unknown {what} {word!r}; {hint(word, vocabulary)}")


def as_list(names: Names) -> list[str]:
    return [names] if isinstance(names, str) else list(names or [])


@functools.cache
def kinds(name: str) -> list[str]:
    """The values `kind` may take in a family: the fact model's literal, or the pattern files that assign it."""
    return family(name).kinds()


@functools.cache
def duration_units() -> dict[str, float]:
    """Minutes per unit word a threshold may use: the unit names and words of units.toml, and its short forms."""
    from extractor.rules.lexicon import lexicon
    from extractor.rules.patterns import load

    lex = lexicon()
    units = dict(lex.unit_minutes)
    units.update({word: lex.unit_minutes[name] for word, name in lex.unit_of_word.items()})
    units.update({word: lex.unit_minutes[name] for word, name in load("units").get("threshold_unit", {}).items()})
    return units


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    title: str
    family: str
    kind: Names = None
    base: Names = None
    per: Names = None
    of: Names = None
    match: dict[str, str] = {}
    exclude: dict[str, str] = {}
    prefer: dict[str, str] = {}
    field: Optional[str] = None
    op: Literal[">=", ">", "<=", "<", "=", "present", "absent"]
    value: Optional[Union[float, str]] = None
    select: Literal["strictest", "weakest"] = "strictest"
    missing: Literal["fail", "warn"] = "warn"
    why: str = ""

    @field_validator("family")
    @classmethod
    def _family(cls, family: str) -> str:
        if family not in FAMILY_MODELS:
            raise unknown("family", family, list(FAMILY_MODELS))
        return family

    @field_validator("kind")
    @classmethod
    def _kind(cls, names: Names, info: ValidationInfo) -> Names:
        family = info.data.get("family")
        for name in as_list(names) if family else []:
            if name not in kinds(family):
                raise unknown(f"{family} {KIND_FIELD.get(family, 'kind')}", name, kinds(family))
        return names

    @field_validator("base", "per", "of")
    @classmethod
    def _basis(cls, names: Names, info: ValidationInfo) -> Names:
        family, dimension = BASIS_KEYS[info.field_name]
        if names is not None and info.data.get("family") not in (family, None):
            raise ValueError(f"{info.field_name} applies to {family} rules only")
        for name in as_list(names):
            if name not in comparable.names(dimension):
                raise unknown(info.field_name, name, comparable.names(dimension))
        return names

    @field_validator("match", "exclude", "prefer")
    @classmethod
    def _filters(cls, filters: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        for key, pattern in filters.items():
            _check_field(info.data.get("family"), key)
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(f"{key}: bad regex {pattern!r}: {exc}") from None
        return filters

    @field_validator("field")
    @classmethod
    def _field(cls, field: Optional[str], info: ValidationInfo) -> Optional[str]:
        if field is not None:
            _check_field(info.data.get("family"), field)
        return field

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
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
        return as_list(self.kind)


def _check_field(family: Optional[str], key: str) -> None:
    if family is None:
        return
    fields = list(FAMILY_MODELS[family].model_fields)
    if key not in fields:
        raise ValueError(f"{family} facts have no field {key!r}; {hint(key, fields, 'fields')}")


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
        units = duration_units()
        if m.group(2) not in units:
            raise ValueError(f"{field} threshold {value!r}: {unknown('duration unit', m.group(2), list(units))}")
        return float(m.group(1)) * units[m.group(2)]
    return float(value) if isinstance(value, (int, float)) else value


class Playbook(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "playbook"
    description: str = ""
    rule: list[Rule]

    @model_validator(mode="after")
    def _unique_ids(self) -> Playbook:
        seen = set()
        for r in self.rule:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return self


def default_path() -> Path:
    from extractor.rules.patterns import patterns_dir

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
        rules = data.get("rule", [])
        if (len(loc) >= 2 and loc[0] == "rule" and isinstance(loc[1], int) and loc[1] < len(rules)
                and isinstance(rules[loc[1]], dict)):
            rule_id = f" rule {rules[loc[1]].get('id', '#' + str(loc[1] + 1))!r}"
        key = ".".join(str(p) for p in loc[2:]) if rule_id else ".".join(str(p) for p in loc)
        raise PlaybookError(f"{where}:{line}:{rule_id}{' ' + key if key else ''}: {_problem(err, rule_id)}") from None


def _problem(err: dict, rule_id: str) -> str:
    """Pydantic's message, with a suggestion where the mistake is a misspelt key or choice."""
    if err["type"] == "extra_forbidden":
        return str(unknown("key", err["loc"][-1], list((Rule if rule_id else Playbook).model_fields)))
    if err["type"] == "literal_error":
        choices = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        return f"{err['msg']}; {hint(err['input'], choices, 'choices')}"
    return err["msg"].removeprefix("Value error, ")


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
