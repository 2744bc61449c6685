"""The parties family's own tables in ``patterns/parties.toml``, validated on load.

``[[rule]]`` and ``[[veto]]`` blocks and ``[fragments]`` follow the shared schema (``extractor.rules.schema``); what
only this family reads is checked here: ``[roles]`` (role word as written -> role) and ``[value]`` (how a declared
value reads). A missing or mistyped key fails with ``parties.toml:[section] key: reason``.
"""
from __future__ import annotations

import functools
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict

from extractor.rules.patterns import load
from extractor.rules.schema import validate_tables

Role = Literal["promisor", "recipient", "provider", "customer", "bidder", "purchaser", "party_a", "party_b"]


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    greeting_role_suffix: str
    blank_inside: str
    name_lead: str
    inner_lead: str
    self_name: str
    marked_name: str
    name_boundary: str
    empty_slot: str


class PartyTables(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    roles: dict[str, Role]
    contract_roles: tuple[str, ...]
    side_roles: tuple[Role, ...]
    value: _Value


def check_tables(data: dict) -> PartyTables:
    """The family's tables of a parsed rule file; the first error names the file, section, key and reason."""
    return validate_tables("parties", PartyTables, data)


@functools.cache
def family_tables() -> PartyTables:
    return check_tables(load("parties"))


def role_alternation() -> str:
    """Every role word of ``[roles]``, longest first: the ``{{ROLE}}`` of parties' and blanks' regexes."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(family_tables().roles, key=len, reverse=True)) + ")"
