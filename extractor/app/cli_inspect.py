"""`slax segment`, `slax blanks`, `slax schema` and `slax eval`: looking into letters and into slax itself."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from extractor.app.cli_common import LANG_OPTION, error, fail, reading_stdin, stdin_input
from extractor.app.i18n import label, t


class SegmentFormat(str, Enum):
    tree = "tree"
    json = "json"


def segment(
    path: Path = typer.Argument(..., help="A .txt/.pdf/.docx/.html file."),
    fmt: SegmentFormat = typer.Option(SegmentFormat.tree, "--format", "-f",
                                      help="tree (readable) or json (with spans)."),
    sentences: bool = typer.Option(False, "--sentences", help="Also list sentences (json)."),
    lang: str = LANG_OPTION,
):
    """Show the letters and clause tree (条款结构) of a file."""
    from extractor.families import NAMES
    from extractor.pipeline import build_document, segment_document

    raw, norm, letters = segment_document(path)
    if fmt == SegmentFormat.json:
        from extractor.pipeline import LetterFacts

        doc = build_document(raw, norm, [LetterFacts(s, {}) for s in letters], sentences=sentences)
        data = doc.model_dump(mode="json", include={"source", "warnings", "letters", "non_letters"})
        for letter in data["letters"]:
            for name in NAMES:
                letter.pop(name, None)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    console = Console(soft_wrap=True)
    heading = Text(t("message.segment_heading", lang, path=raw.path, format=raw.format, encoding=raw.encoding or "-",
                     count=len(letters)))
    heading.highlight_words([str(raw.path)], "bold")
    console.print(heading)
    for letter in letters:
        flag = f" [red]{t('message.truncated', lang)}[/]" if letter.truncated else ""
        tree = Tree(f"[bold cyan]{letter.index}. {letter.title}[/] {letter.marker or ''}{flag}")
        nodes = {}
        for c in letter.clauses:
            parent = nodes.get(c.parent, tree)
            nodes[c.id] = parent.add(f"[green]{c.id}[/] {c.heading}")
        console.print(tree)


class BlanksFormat(str, Enum):
    table = "table"
    json = "json"
    lines = "lines"


def blanks(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively).", show_default=False),
    fmt: Optional[BlanksFormat] = typer.Option(None, "--format", "-f", show_default=False,
                                               help="table (default on a terminal), lines (path:line:col: [label] "
                                                    "context, one per blank; default when piped) or json."),
    ignore: list[str] = typer.Option([], "--ignore", "-i", show_default=False,
                                     help="Do not report this label (repeatable; shell patterns work: '*日期') or kind "
                                          "(seal: an unstamped 盖章 slot on a scan)."),
    glob: Optional[str] = typer.Option(None, "--glob", help="In folders, only files matching this pattern.",
                                       show_default=False),
    stdin_name: Optional[str] = typer.Option(None, "--stdin-name", show_default=False,
                                             help="With - (standard input): the name used in messages."),
    lang: str = LANG_OPTION,
):
    """List every unfilled blank (空白栏: ______, [公司全称], 【  】, __年__月__日) with its label and place.

    Exit status: 0 no blanks, 1 blanks found (after --ignore), 2 a file could not be read. Handy before
    sending a letter: `slax blanks letter.docx || echo "not ready"`.
    """
    from extractor.app.api import iter_paths
    from extractor.app.blanklist import blank_records
    from extractor.document.read import DEFAULT_MAX_BYTES, ReadError
    from extractor.models import ErrorRecord

    found, failed = [], 0
    stdin = stdin_input(paths, stdin_name, DEFAULT_MAX_BYTES, False)
    items = [Path(stdin[0])] if stdin is not None else iter_paths(paths, glob)
    with reading_stdin(stdin):
        for item in items:
            if not isinstance(item, ErrorRecord):
                try:
                    found.extend(blank_records(item, ignore))
                    continue
                except ReadError as exc:
                    item = ErrorRecord(path=exc.path, error=exc.reason)
            failed += 1
            error(f"{item.path}: {item.error}")
    if failed and not found:
        raise typer.Exit(2)  # stdout carries results only: no "no unfilled blanks" for a file never read
    fmt = fmt or (BlanksFormat.table if sys.stdout.isatty() else BlanksFormat.lines)
    if fmt == BlanksFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in found], ensure_ascii=False, indent=2))
    elif fmt == BlanksFormat.lines:
        for record in found:
            typer.echo(record.as_line())
    elif found:
        from extractor.app.render import blanks_table

        blanks_table(found, lang=lang)
        typer.echo(t("message.blanks_found", lang, blanks=len(found), files=len({r.file for r in found})))
    else:
        typer.echo(t("message.no_blanks", lang))
    raise typer.Exit(2 if failed else 1 if found else 0)


def schema():
    """Print the JSON Schema of `slax extract --format json` output."""
    from extractor.app.api import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


EVAL_HEADERS = ("family", "precision", "recall", "F1", "tp", "fp", "fn")


def evaluate_cmd(
    gold_dirs: list[Path] = typer.Argument(..., help="Gold folders (tests/gold/seed, tests/gold/extra)."),
    details: bool = typer.Option(False, "--details", help="List every miss and extra fact."),
    lang: str = LANG_OPTION,
):
    """Score extraction against hand-checked gold: precision, recall, F1 per family."""
    from rich.console import Console
    from rich.table import Table

    from extractor.app.evaluate import evaluate
    from extractor.app.render import add_columns

    console = Console()
    for gold_dir in gold_dirs:
        if not (gold_dir / "source.txt").is_file():
            fail(t("message.not_gold_folder", lang, path=gold_dir))
        scores = evaluate(gold_dir)
        if not scores:
            fail(t("message.no_gold_files", lang, path=gold_dir))
        table = Table(title=str(gold_dir))
        add_columns(table, EVAL_HEADERS, lang, right=EVAL_HEADERS[1:])
        for family, s in scores.items():
            figures = (f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
            table.add_row(label("family", family, lang), *figures)
        console.print(table)
        if details:
            for s in scores.values():
                for miss in s.misses:
                    console.print(miss, markup=False)


# ---- check / report: playbook checks and the HTML report (extractor/app/playbook.py, extractor/app/report.py) --------
