"""The blanks family's own tables in ``patterns/blanks.toml``, validated on load.

Detectors are ``[[rule]]`` blocks and the slot vetoes ``[[veto]]`` blocks of the shared schema
(``extractor.rules.schema``); what only this family reads is checked here: the ``[[label]]`` rules, the ``[field]``
table and the lexicons a label rule names. A missing or mistyped key fails with ``blanks.toml:[section] key: reason``.
"""
from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from extractor.rules.patterns import load
from extractor.rules.schema import validate_tables

Kind = Literal["underline", "placeholder", "spaces", "stand_in", "empty_field", "date"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelRule(_Strict):
    """A [[label]] rule: words before (``before``) and after (``after``) a slot say what belongs there."""

    id: str
    before: str | None = None
    after: str | None = None
    label: str
    lexicon: Literal["noun_labels", "time_limit_labels"] | None = None
    kind: Kind | None = None
    examples: tuple[tuple[str, str], ...] = ()


class FieldTable(_Strict):
    regex: str
    role_words: str
    role_suffix: str
    date_words: str
    signatory_words: str
    contact_words: str
    rewrite: dict[str, str] = {}


class BlankTables(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    label: tuple[LabelRule, ...]
    field: FieldTable
    noun_labels: dict[str, str]
    time_limit_labels: dict[str, str]

    @model_validator(mode="after")
    def _labels_have_a_context(self) -> BlankTables:
        for rule in self.label:
            if rule.before is None and rule.after is None:
                raise ValueError(f"[[label]] {rule.id}: needs before or after")
        return self


def check_tables(data: dict) -> BlankTables:
    """The family's tables of a parsed rule file; the first error names the file, section, key and reason."""
    return validate_tables("blanks", BlankTables, data)


@functools.cache
def family_tables() -> BlankTables:
    return check_tables(load("blanks"))
