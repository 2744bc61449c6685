"""The one schema of a rule file (``patterns/<family>.toml``), validated on load.

Every family file uses the same blocks:

- ``[fragments]``: named regex pieces; ``{{NAME}}`` in any regex is replaced by one.
- ``[[rule]]``: a pattern that proposes a fact (``id``, ``regex``, optional ``needs``/``within``/``priority``, a fast
  ``start`` and its ``lead``, static fields such as ``kind``; ``examples = [[text, {fields}]]``,
  ``counter_examples = [text]``).
- ``[[cue]]``: words near a figure that tell what it is (``id``, ``gives``, ``where``, ``window``, ``regex``).
- ``[[veto]]``: words near a figure that make it no promise (``id``, ``where``, ``window``, ``regex``, ``applies_to``,
  ``when``, optional ``hook``; ``examples`` are texts where it fires, ``counter_examples`` texts where it must not).
- ``[[aside]]`` (``patterns/figures.toml``): words near a figure no family claimed that say why it is no service
  level (``id``, ``kinds``, ``where``, ``window``, ``regex``, ``reason``: a key of the file's ``[reason]`` table,
  which words it in English and Chinese; ``examples = [{text, figure, expect}]``, ``expect`` the figure's fate).

Other tables are the family's own data (units, labels, roles); the family validates them. A bad block fails at load
with ``FILE.toml:[[veto]] ID: reason``.
"""
from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extractor.rules.patterns import PatternError

Where = Literal["before", "after", "clause", "sentence", "line", "opening", "document"]
Stops = Literal["clause", "sentence", "line", "none"]
Anchor = Literal["figure", "span"]
FigureKind = Literal["percent", "duration", "clock_range", "money", "rate", "blank"]  # extractor/rules/figures.py
Fate = Literal["fact", "vetoed", "aside", "unclaimed"]  # what `slax explain` says became of a figure, first that holds


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1, pattern=r"^[a-z0-9_.]+$")
    note: str = ""


class VetoBlock(_Block):
    """A reason a figure is not a promise, judged from the words in a window around it."""

    where: Where
    window: int = Field(default=24, ge=1, le=4000, description="characters; ignored for document")
    stops: Stops = Field(default="clause", description="where the window is cut (before/after only)")
    regex: str = Field(min_length=1)
    applies_to: tuple[str, ...] = Field(default=(), description="rule ids or kinds; empty: every candidate")
    when: tuple[str, ...] = Field(default=(), description="conditions the family states about the candidate")
    anchor: Anchor = Field(default="figure", description="window around the matched figure, or the fact's span")
    hook: str | None = Field(default=None, pattern=r"^[a-z0-9_]+$",
                             description="a check the family registers by this name; the veto needs it to hold too")
    examples: tuple[str, ...] = Field(min_length=1, description="texts where the veto fires (at least one)")
    counter_examples: tuple[str, ...] = Field(default=(), description="texts where it must not")


class CueBlock(_Block):
    """Words near a figure that say what it is (a kind, a role, a band)."""

    gives: str = Field(min_length=1)
    where: Where
    window: int = Field(default=24, ge=1, le=4000)
    stops: Stops = "clause"
    regex: str = Field(min_length=1)
    yields_to: tuple[str, ...] = Field(default=(), description="ids of cues before a figure that outrank this one "
                                       "when both are found (a part named before 到位 says what is in place)")


class AsideExample(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(min_length=1)
    figure: str | None = Field(default=None, description="the figure meant; without it the text holds one figure")
    expect: Fate = Field(description="its fate: aside (set aside by this block), or fact, vetoed or unclaimed")


class AsideBlock(_Block):
    """Words near a figure no family claimed that say why it is no service level (a price, a formula's 100%)."""

    kinds: tuple[FigureKind, ...] = Field(min_length=1, description="the figure kinds it judges")
    where: Literal["before", "after", "clause", "sentence", "line"]
    # Wider than a veto's: a survey's heading may stand a whole HTML table (one line per cell) above its figures.
    window: int = Field(default=24, ge=1, le=1200)
    stops: Stops = Field(default="clause", description="where the window is cut (before/after only)")
    regex: str = Field(min_length=1)
    shape: str | None = Field(default=None, description="a regex the figure itself must hold too (a digit: a "
                                                        "number, not an unfilled blank)")
    reason: str = Field(pattern=r"^[a-z0-9_]+$", description="a key of the file's [reason] table")
    examples: tuple[AsideExample, ...] = Field(min_length=2)

    @field_validator("examples")
    @classmethod
    def _both_ways(cls, examples: tuple[AsideExample, ...]) -> tuple[AsideExample, ...]:
        fates = {e.expect == "aside" for e in examples}
        if fates != {True, False}:
            raise ValueError("needs an example it sets aside and a counter-example (expect fact, vetoed or "
                             "unclaimed)")
        return examples


class Reason(BaseModel):
    """Why a figure is no service level, as `slax explain` says it, in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class RuleBlock(BaseModel):
    """A pattern that proposes a fact; keys other than these are the fact's static fields."""

    model_config = ConfigDict(extra="allow", frozen=True)
    id: str = Field(min_length=1)
    regex: str = Field(min_length=1)
    needs: str | None = None
    within: Literal["text", "line"] = Field(
        default="text", description="line: no match (nor its lookaheads) reads past a line end, so the engine "
                                    "searches only the lines that hold the rule's keywords")
    start: str | None = Field(
        default=None, description="the regex of what follows the rule's free lead: every match has it at most "
                                  "`lead` characters after its beginning, so the rule is searched only from there")
    lead: int = Field(default=0, ge=0, le=40)
    priority: int = 0
    examples: tuple[Any, ...] = ()
    counter_examples: tuple[str, ...] = ()


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="allow")
    fragments: dict[str, str] = {}
    rule: tuple[RuleBlock, ...] = ()
    cue: tuple[CueBlock, ...] = ()
    veto: tuple[VetoBlock, ...] = ()
    aside: tuple[AsideBlock, ...] = ()
    reason: dict[str, Reason] = {}

    @field_validator("veto", "cue", "aside")
    @classmethod
    def _unique_ids(cls, blocks: tuple) -> tuple:
        seen: set[str] = set()
        for block in blocks:
            if block.id in seen:
                raise ValueError(f"id {block.id!r} is used twice")
            seen.add(block.id)
        return blocks

    @model_validator(mode="after")
    def _reasons_known_and_used(self) -> RuleFile:
        for block in self.aside:
            if block.reason not in self.reason:
                raise ValueError(f"[[aside]] {block.id}: reason {block.reason!r} is not in the [reason] table")
        unused = set(self.reason) - {block.reason for block in self.aside}
        if unused:
            raise ValueError(f"[reason] {min(unused)}: no [[aside]] gives it")
        return self


def validate(name: str, data: dict) -> RuleFile:
    """The rule file ``name`` checked against the schema; the first error names the file, block and reason."""
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        where = f"{name}.toml"
        if not loc:  # a check of the whole file, whose message names its block itself
            raise PatternError(f"{name}.toml:{err['msg'].removeprefix('Value error, ')}") from None
        if loc and loc[0] in ("veto", "cue", "rule", "aside") and len(loc) > 1 and isinstance(loc[1], int):
            block = data.get(loc[0], [])[loc[1]]
            ident = block.get("id", f"#{loc[1]}") if isinstance(block, dict) else f"#{loc[1]}"
            where += f":[[{loc[0]}]] {ident}"
            loc = loc[2:]
        field = ".".join(str(x) for x in loc)
        raise PatternError(f"{where}: {field + ': ' if field else ''}{err['msg']}") from None


ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_tables(name: str, model: type[ModelT], data: dict) -> ModelT:
    """A family's own data tables of ``name``.toml checked by its ``model``; the first error names the file, then
    ``[section] key`` (``-`` for the section itself) or ``[[block]] id key`` for a list of blocks, and the reason."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"].removeprefix("Value error, ")
        loc = [str(x) for x in err["loc"]]
        if not loc:  # a check of the whole model, whose message names its block itself
            raise PatternError(f"{name}.toml:{msg}") from None
        blocks = data.get(loc[0])
        if len(loc) > 1 and loc[1].isdigit() and isinstance(blocks, list):
            block = blocks[int(loc[1])]
            ident = block.get("id", f"#{loc[1]}") if isinstance(block, dict) else f"#{loc[1]}"
            rest = ".".join(loc[2:])
            where = f"[[{loc[0]}]] {ident}" + (f" {rest}" if rest else "")
        else:
            where = f"[{loc[0]}] {'.'.join(loc[1:]) or '-'}"
        raise PatternError(f"{name}.toml:{where}: {msg}") from None
