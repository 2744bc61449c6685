"""The penalties rule file (``patterns/penalties.toml``) compiled once: word tables, fragments the family reads
as patterns, and the veto set."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.rules.matching import expand, fragments
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.vetoes import VetoSet, vetoes

NAME = "penalties"


@dataclass(frozen=True)
class Config:
    kinds: tuple[tuple[str, regex.Pattern], ...]
    ctx: dict[str, regex.Pattern]
    per: tuple[regex.Pattern, ...]
    caps: tuple[regex.Pattern, ...]
    triggers: tuple[regex.Pattern, ...]
    bands: tuple[tuple[str, regex.Pattern, bool], ...]
    credits: tuple[regex.Pattern, ...]
    inclusive: frozenset[str]
    currency: tuple[tuple[str, str], ...] = ()


def _compile_list(data: dict, key: str, frags: dict) -> tuple[regex.Pattern, ...]:
    where = f"{NAME}.toml:{key}"
    return tuple(compile_rule(where, expand(e["regex"], frags, where)) for e in data.get(key, []))


@functools.cache
def config() -> Config:
    data, frags = load(NAME), fragments(NAME)
    try:
        kinds = tuple((k["kind"], compile_rule(f"{NAME}.toml:kind", k["regex"])) for k in data["kind"])
        ctx = {k: compile_rule(f"{NAME}.toml:context.{k}", v) for k, v in data["context"].items()
               if isinstance(v, str)}
        bands = tuple((b["id"], compile_rule(f"{NAME}.toml:{b['id']}", expand(b["regex"], frags, b["id"])),
                       bool(b.get("one_sided_lower"))) for b in data["band"])
        inclusive = frozenset(data["band_ops"]["inclusive"])
    except KeyError as exc:
        raise PatternError(f"{NAME}.toml: missing {exc}") from None
    return Config(kinds, ctx, _compile_list(data, "per", frags), _compile_list(data, "cap", frags),
                  _compile_list(data, "trigger", frags), bands, _compile_list(data, "band_credit", frags),
                  inclusive, tuple(sorted(data.get("currency", {}).items(), key=lambda kv: -len(kv[0]))))


@functools.cache
def fragment(name: str, wrap: str = "{}") -> regex.Pattern:
    """The fragment ``name`` of the rule file as a pattern (``wrap`` places it, e.g. ``(?P<base>{})$``)."""
    try:
        body = fragments(NAME)[name]
    except KeyError:
        raise PatternError(f"{NAME}.toml: missing fragment {name}") from None
    return compile_rule(f"{NAME}.toml:fragments.{name}", wrap.replace("{}", body))


def veto_set() -> VetoSet:
    return vetoes(NAME)
