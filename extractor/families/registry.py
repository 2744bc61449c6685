"""The one list of fact families, and what every family provides (``Family``).

The pipeline runs each family's ``extract`` on every letter; the app shows, tabulates and compares facts
through the same objects, so adding a family means adding its sub-package and one line here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional, Protocol

from pydantic import BaseModel

from extractor.families.availability import FAMILY as AVAILABILITY
from extractor.families.blanks import FAMILY as BLANKS
from extractor.families.parties import FAMILY as PARTIES
from extractor.families.penalties import FAMILY as PENALTIES
from extractor.families.timings import FAMILY as TIMINGS


class Family(Protocol):
    """One kind of fact: how it is found, shown, tabulated and compared."""

    # Read-only properties, not plain attributes: a family is a frozen FamilySpec, whose fields cannot be set.
    @property
    def name(self) -> str:
        """The Letter field and JSON key that holds its facts."""

    @property
    def model(self) -> type[BaseModel]:
        """Its fact model (extractor/models.py)."""

    @property
    def kind_field(self) -> str:
        """The field a playbook's `kind` and the flat tables' `kind` column read."""

    @property
    def threshold_field(self) -> Optional[str]:
        """The field a playbook threshold compares by default (None: give a field)."""

    @property
    def marks_blanks(self) -> bool:
        """Its facts are unfilled blanks: one gone in B was filled, a new one emptied."""

    @property
    def table_rank(self) -> int:
        """Where its rows come in CSV, SQL and its sheet in XLSX (parties last, as first released)."""

    @property
    def table_columns(self) -> tuple[str, ...]:
        """Its XLSX sheet's columns after file, letter and clause."""

    @property
    def diff_keys(self) -> tuple[Callable[[Any], tuple], ...]:
        """What a diff pairs its facts by, from specific to broad."""

    def extract(self, text: str) -> list:
        """Its facts in one letter's normalized text, spans relative to ``text``."""

    def kinds(self) -> list[str]:
        """The values its ``kind_field`` may take."""

    def signature(self, fact) -> tuple:
        """What makes two paired facts the same commitment (wording, span and rule may differ)."""

    def has_value(self, fact) -> bool:
        """Whether the fact states its figure (a blank flag with no figure is an empty field)."""

    def direction(self, old, new) -> str:
        """stricter, looser or changed for the recipient, between two facts that both have values."""

    def about(self, fact) -> tuple[Optional[str], Optional[str]]:
        """(kind, event) that a diff change names: what the fact is about."""

    def short(self, fact) -> str:
        """Its value in a few characters, for diff tables: ≥99.9%, ≤30min, 5% 月服务费, 承诺人签名."""

    def describe(self, fact) -> str:
        """The fact in one line, kind and value, for the report's tooltips and facts table."""

    def headline_text(self, fact) -> str:
        """The fact as a cell of the letters table, when it is the letter's headline of its kind."""

    def row_fields(self, fact) -> dict:
        """Columns of the flat fact table it fills beyond its own fields (a penalty's amount, band)."""

    def merge_pieces(self, facts: list) -> list:
        """Its facts of a long letter read in pieces, with what every piece repeats kept once."""


# Canonical order: the order of the JSON, the report, the diff and the pipeline.
FAMILIES: tuple[Family, ...] = (PARTIES, AVAILABILITY, TIMINGS, PENALTIES, BLANKS)
NAMES: tuple[str, ...] = tuple(f.name for f in FAMILIES)
BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}
# The order of the flat outputs (CSV rows, XLSX sheets, SQL rows) and of the playbook's list of families.
IN_TABLE_ORDER: tuple[Family, ...] = tuple(sorted(FAMILIES, key=lambda f: f.table_rank))


def family(name: str) -> Family:
    """The family called ``name``; KeyError for an unknown name."""
    return BY_NAME[name]
