"""``slax explain``: every figure of a letter and its fate, as a table or JSON, or one summary line per file.

A figure (extractor/rules/figures.py) is a ``fact`` when a fact of any family covers it, ``vetoed`` when a veto
stopped it (the veto trace of extractor/rules/vetoes.py names the words), ``aside`` when an ``[[aside]]`` block of
patterns/figures.toml says why it is no service level (extractor/rules/asides.py), else ``unclaimed``: no family
took it and nothing says why. The fates come from extractor.pipeline.explain_normalized(); this module maps them to the
source text and renders them. Nothing here imports pydantic or rich until a command runs: every ``slax`` start
would pay for them.
"""
from __future__ import annotations

import functools
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from extractor.app.cli_common import LANG_OPTION
from extractor.app.i18n import t
from extractor.app.outpath import shown

FATE_STYLE = {"fact": "green", "vetoed": "yellow", "aside": "cyan", "unclaimed": "red"}
WIDTH = 80  # the table fits a plain terminal
# (name, width): kind, fate and family fit their longest word; a long figure (a blank run) or trigger folds, and
# rule ids (up to ~27 characters with "#N") keep what is left.
COLUMNS = (("figure", 10), ("kind", 11), ("fate", 9), ("family", 12), ("rule/veto", None), ("words", 6))


class ExplainFormat(str, Enum):
    table = "table"
    json = "json"


@functools.cache
def models():
    """The pydantic models of the JSON output (the schema is generated from them), built on first use."""
    from typing import Literal

    from pydantic import BaseModel, Field

    from extractor.models import Source, Span
    from extractor.pipeline import FATES
    from extractor.rules.figures import KINDS

    class ExplainedFigure(BaseModel):
        kind: Literal[KINDS]  # type: ignore[valid-type]
        text: str = Field(description="the figure as written in the source")
        span: Span
        fate: Literal[FATES] = Field(  # type: ignore[valid-type]
            description="fact: a fact covers it; vetoed: a veto stopped it; aside: no fact, no veto, and its words "
                        "say it is no service level; unclaimed: none of these")
        family: Optional[str] = Field(default=None, description="the family of the fact or of the veto")
        rule: Optional[str] = Field(default=None, description="fact: its rule id (a party: its role)")
        fact: Optional[int] = Field(default=None, description="fact: its index in letters[].<family> of "
                                                              "`slax extract` output (from 0)")
        veto: Optional[str] = Field(default=None, description="vetoed: the [[veto]] id in the family's rule file")
        aside: Optional[str] = Field(default=None, description="aside: the [[aside]] id in patterns/figures.toml")
        reason: Optional[str] = Field(default=None, description="aside: why the figure is no service level")
        words: Optional[str] = Field(default=None, description="vetoed or aside: the words that triggered it; "
                                                               "fact: the learned second stage that judged it, "
                                                               "if one did (learned.timings)")

    class Tally(BaseModel):
        figures: int = 0
        facts: int = 0
        vetoed: int = 0
        aside: int = 0
        unclaimed: int = 0
        unclaimed_share: float = Field(default=0.0, description="unclaimed / figures (0 without figures)")

    class LetterFigures(BaseModel):
        index: int
        title: str
        span: Span
        figures: list[ExplainedFigure]
        tally: Tally

    class Explanation(BaseModel):
        """`slax explain --format json`: every figure of every letter and its fate."""

        source: Source
        letters: list[LetterFigures]
        tally: Tally
        warnings: list[str] = []

    return ExplainedFigure, Tally, LetterFigures, Explanation


def explain_json_schema() -> dict:
    return models()[3].model_json_schema()


def tally(figures):
    """Counts by fate of ``figures`` (anything with a ``fate``)."""
    counts = {fate: sum(1 for f in figures if f.fate == fate) for fate in FATE_STYLE}
    total = sum(counts.values())
    return models()[1](figures=total, facts=counts["fact"], vetoed=counts["vetoed"], aside=counts["aside"],
                       unclaimed=counts["unclaimed"],
                       unclaimed_share=round(counts["unclaimed"] / total, 4) if total else 0.0)


def explain_file(path):
    """The Explanation of one file (read like `slax extract` reads it); ReadError when it cannot be read."""
    from extractor.document.normalize import normalize
    from extractor.document.read import read
    from extractor.models import Source, Span
    from extractor.pipeline import explain_normalized

    ExplainedFigure, _, LetterFigures, Explanation = models()
    raw = read(path)
    norm = normalize(raw.text)

    def span(start: int, end: int) -> Span:
        s, e = norm.source_span(start, end)
        page = raw.char_pages[s] if raw.char_pages and s < len(raw.char_pages) else None
        return Span(start=s, end=e, page=page)

    letters, warnings = [], []
    for expl in explain_normalized(norm.text):
        seg, figures = expl.letter.segment, []
        warnings += [f"{raw.path}: {w}" for w in expl.letter.warnings]
        for f in expl.figures:
            where = span(*f.figure.span)
            fact = f.fate == "fact"
            figures.append(ExplainedFigure(
                kind=f.figure.kind, text=raw.text[where.start:where.end], span=where, fate=f.fate, family=f.family,
                rule=f.rule if fact else None, fact=f.index if fact else None,
                veto=f.rule if f.fate == "vetoed" else None, aside=f.rule if f.fate == "aside" else None,
                reason=f.reason.en if f.reason else None, words=f.words))
        letters.append(LetterFigures(index=seg.index, title=seg.title, span=span(seg.start, seg.end),
                                     figures=figures, tally=tally(figures)))
    source = Source(path=raw.path, format=raw.format, sha256=raw.sha256, encoding=raw.encoding, pages=raw.pages)
    every = [f for letter in letters for f in letter.figures]
    return Explanation(source=source, letters=letters, tally=tally(every), warnings=warnings)


def summary_line(path: str, counts, lang: str = "en") -> str:
    """``PATH: N figures: F facts, V vetoed, A set aside, U unclaimed (S% unclaimed)``."""
    return t("message.explain_summary", lang, path=shown(path), figures=counts.figures, facts=counts.facts,
             vetoed=counts.vetoed, aside=counts.aside, unclaimed=counts.unclaimed,
             share=f"{counts.unclaimed_share:.1%}")


def print_table(explanation, console=None, lang: str = "en") -> None:
    """A table per letter (figure, kind, fate, family, rule/veto, words), each aside's reason under it, then the
    file's summary line (unwrapped)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from extractor.app.i18n import label

    console = console or Console(width=WIDTH)
    for letter in explanation.letters:
        table = Table(title=Text(t("message.explain_letter", lang, index=letter.index, title=letter.title)),
                      title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, padding=0)  # a space between columns
        for name, width in COLUMNS:
            table.add_column(label("column", name, lang), overflow="fold", width=width)
        for f in letter.figures:
            # A fact's words name the second stage that judged it, beside its rule; a veto's are what fired it.
            why = (f"{f.rule} #{f.fact}" + (f" ({f.words})" if f.words else "")) if f.fate == "fact" \
                else f.veto or f.aside or ""
            words = "" if f.fate == "fact" else f.words or ""
            table.add_row(Text(f.text), label("fate.figure", f.kind, lang),
                          Text(label("fate", f.fate, lang), style=FATE_STYLE[f.fate]),
                          label("family", f.family, lang) or "", Text(why), Text(words))
        console.print(table)
        _print_reasons(letter, console, lang)
    _warn(explanation)
    console.file.write(summary_line(explanation.source.path, explanation.tally, lang) + "\n")  # one line, for grep


def _print_reasons(letter, console, lang: str) -> None:
    """``* ASIDE: reason`` for each [[aside]] that set a figure of ``letter`` aside, in the user's language."""
    from rich.text import Text

    from extractor.rules.asides import asides

    used = {f.aside for f in letter.figures if f.aside}
    for aside in (a for a in asides() if a.id in used):
        console.print(Text(f"* {aside.id}: {getattr(aside.reason, lang)}"))


def _warn(explanation) -> None:
    for warning in explanation.warnings:  # a stretch no rule could read: its figures are missing, say so
        typer.echo(f"slax: warning: {shown(warning)}", err=True)


def _fail(message: str) -> None:
    typer.echo(f"slax: error: {shown(message)}", err=True)
    raise typer.Exit(2)


def _explained(item):
    """The explanation of a file iter_paths() found, or None after saying why it could not be read."""
    from extractor.document.read import ReadError

    try:
        if not isinstance(item, Path):
            raise ReadError(item.path, item.error)
        return explain_file(item)
    except ReadError as exc:
        typer.echo(f"slax: error: {shown(exc)}", err=True)
        return None


def summarize(paths: list[Path], glob: Optional[str], lang: str = "en") -> int:
    """One summary line per file of ``paths`` (folders searched), then the total; 2 when a file failed."""
    from extractor.app.api import iter_paths
    from extractor.app.cli_common import progress

    failed, files, every = 0, 0, []
    items = list(iter_paths(paths, glob))
    with progress(len(items), "explaining") as advance:
        for item in items:
            explanation = _explained(item)
            advance(str(item if isinstance(item, Path) else item.path))
            if explanation is None:
                failed += 1
                continue
            _warn(explanation)
            files += 1
            every += [f for letter in explanation.letters for f in letter.figures]
            typer.echo(summary_line(explanation.source.path, explanation.tally, lang))
    typer.echo(summary_line(t("message.explain_total", lang, files=files), tally(every), lang))
    return 2 if failed else 0


def explain_command(
    paths: list[Path] = typer.Argument(..., help="A .txt/.pdf/.docx/.html/.md file (with --summary: files or "
                                                 "folders, searched recursively).", show_default=False),
    fmt: Optional[ExplainFormat] = typer.Option(None, "--format", "-f", show_default=False,
                                                help="table (one per letter; default) or json "
                                                     "(schema/explain.schema.json)."),
    summary: bool = typer.Option(False, "--summary", help="Only one line per file: N figures: F facts, V vetoed, "
                                                          "A set aside, U unclaimed (share unclaimed); then the "
                                                          "total."),
    glob: Optional[str] = typer.Option(None, "--glob", help="With --summary, in folders: only files matching this "
                                                            "pattern, e.g. '*.pdf'.", show_default=False),
    lang: str = LANG_OPTION,
):
    """Show why each figure of a letter was or was not taken (fact, vetoed, aside, unclaimed).

    Every figure the engine saw (percentages, durations, clock ranges, money, rates, blanks) with its fate: fact
    (family, rule, fact index), vetoed (family, veto, the words that triggered it), aside (not a service level:
    the [[aside]] block, its words and reason) or unclaimed. --summary over a folder measures the share of
    figures nothing explains. See docs/explain.md."""
    from extractor.document.read import ReadError

    if summary:
        if fmt is not None:
            _fail(t("message.explain_summary_format", lang))
        raise typer.Exit(summarize(paths, glob, lang))
    if len(paths) != 1:
        _fail(t("message.explain_one_file", lang, path=paths[1]))
    try:
        explanation = explain_file(paths[0])
    except ReadError as exc:
        _fail(str(exc))
    if fmt == ExplainFormat.json:
        sys.stdout.write(explanation.model_dump_json(indent=2) + "\n")
    else:
        print_table(explanation, lang=lang)


if __name__ == "__main__":
    # Regenerate the published schema: python -m extractor.app.explain > schema/explain.schema.json
    print(json.dumps(explain_json_schema(), ensure_ascii=False, indent=2))
