"""`slax diff`, `slax check` and `slax report`: letters compared with each other, with a playbook, side by side."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from extractor.app.cli_common import (
    LANG_OPTION,
    checked_output,
    error,
    fail,
    playbook_or_exit,
    progress,
    stdout_if_dash,
    write_file,
)


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def _letter_option(value: Optional[str]):
    if value is None:
        return None
    try:
        parts = [int(x) for x in value.split(":")]
    except ValueError:
        raise typer.BadParameter("expected N or N:M, e.g. --letter 2 or --letter 2:3") from None
    if len(parts) not in (1, 2) or min(parts) < 1:
        raise typer.BadParameter("expected N or N:M with letters counted from 1")
    return (parts[0], parts[-1])


def diff(
    a: Path = typer.Argument(..., help="The old version (.txt/.pdf/.docx/.html).", show_default=False),
    b: Path = typer.Argument(..., help="The new version.", show_default=False),
    letter: Optional[str] = typer.Option(None, "--letter", "-l", callback=_letter_option, show_default=False,
                                         help="Compare letter N of both files (or N:M, letter N of A with M of B). "
                                              "Without it, letters are paired by index."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format", "-f",
                                   help="table, json, markdown or html (a self-contained page)."),
    text: bool = typer.Option(False, "--text", help="Also show a clause-aligned text redline ([-deleted-] "
                                                    "[+inserted+]) of changes outside the extracted facts."),
    lang: str = LANG_OPTION,
):
    """Compare two letters fact by fact, from the recipient's side (接收方/甲方).

    Each change is stricter (更严: higher availability, shorter response/recovery, higher penalty, longer
    notice, more frequent checks), looser, changed, added, removed, filled (a blank now has a value) or
    emptied. Unchanged facts are not shown. Exit status: 0 no changes, 1 changes, 2 trouble (like diff).
    """
    from extractor.app.api import diff as run_diff
    from extractor.document.read import ReadError

    try:
        result = run_diff(a, b, letter=letter, text=text, word_diffs=fmt in (DiffFormat.json, DiffFormat.html))
    except ReadError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc))
    if fmt == DiffFormat.json:
        typer.echo(result.model_dump_json(indent=2))
    elif fmt == DiffFormat.markdown:
        from extractor.app.render import diff_markdown

        typer.echo(diff_markdown(result, lang), nl=False)
    elif fmt == DiffFormat.html:
        from extractor.app.redline_html import render_diff_html

        typer.echo(render_diff_html(result.model_dump(mode="json"), lang=lang), nl=False)
    else:
        from extractor.app.render import diff_table

        diff_table(result, lang=lang)
    raise typer.Exit(1 if result.changes or result.clauses else 0)


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    junit = "junit"


def check(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    playbook: Optional[Path] = typer.Option(None, "--playbook", "-p",
                                            help="A playbook TOML file (default: patterns/playbook_default.toml)."),
    fmt: CheckFormat = typer.Option(CheckFormat.table, "--format", "-f", help="table, json, or junit (XML for CI)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern, e.g. '*.pdf'."),
    lang: str = LANG_OPTION,
):
    """Check letters against a playbook (可用性 ≥ 99.9%, P1 响应 ≤ 15 分钟, ...); exit 1 when any rule fails,
    2 when a file could not be read (the gate never passes on a letter it did not read).

    A figure measured against something else than the rule's (a per-hour share of the contract price against
    a monthly-fee threshold) is "not comparable": shown, counted as a warning, never a failure."""
    from extractor.app import playbook as pb
    from extractor.app.api import iter_paths, results_in_order
    from extractor.models import ErrorRecord

    book = playbook_or_exit(playbook)
    output = stdout_if_dash(output)
    checked_output(output, paths)  # before any letter is read
    checks, errors = [], []
    items = list(iter_paths(paths, glob))
    with progress(len(items), "checking") as advance:
        # Sentences: a rule's `of` reads what a notice period is for from the notice's sentence.
        for _, res in results_in_order(items, sentences=True):
            if isinstance(res, ErrorRecord):
                error(f"{res.path}: {res.error}")
                errors.append(res.model_dump())
            else:
                checks.extend(pb.check_document(book, res))
            advance(res.path if isinstance(res, ErrorRecord) else res.source.path)
    if errors and not checks:
        raise typer.Exit(2)  # nothing was checked: no verdict on stdout, no output file
    if fmt == CheckFormat.table and not output:
        pb.print_table(book, checks, lang=lang)
    else:
        if fmt == CheckFormat.junit:
            text = pb.to_junit(book, checks, errors)
        elif fmt == CheckFormat.json:
            text = json.dumps(pb.to_json(book, checks, errors), ensure_ascii=False, indent=2) + "\n"
        else:
            from io import StringIO

            from rich.console import Console

            buf = StringIO()
            pb.print_table(book, checks, Console(file=buf, width=200, no_color=True), lang=lang)
            text = buf.getvalue()
        if output:
            write_file(output, text, paths)
        else:
            sys.stdout.write(text)
    # 2 a file could not be checked (the gate cannot pass on what it never read), 1 a rule failed.
    if errors:
        raise typer.Exit(2)
    if any(c.verdict == "fail" for c in checks):
        raise typer.Exit(1)


def report(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write."),
    playbook: Optional[Path] = typer.Option(None, "--playbook", "-p", help="Also show the results of this playbook."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern, e.g. '*.pdf'."),
    lang: str = LANG_OPTION,
):
    """Write one self-contained HTML report: letters with every fact highlighted, facts tables, an overview."""
    from extractor.app.api import iter_paths
    from extractor.app.report import collect, render_report
    from extractor.models import ErrorRecord

    book = playbook_or_exit(playbook) if playbook else None
    checked_output(output, paths)  # before any letter is read
    items, errors = [], []
    files = list(iter_paths(paths, glob))
    with progress(len(files), "reading") as advance:
        for file in files:  # one at a time, for the progress bar
            read, failed = ([], [file]) if isinstance(file, ErrorRecord) else collect([file])
            items += read
            errors += failed
            for err in failed:
                error(f"{err.path}: {err.error}")
            advance(str(file.path if isinstance(file, ErrorRecord) else file))
    write_file(output, render_report(items, book, errors, lang=lang), paths)
    letters = sum(len(doc.letters) for doc, _ in items)
    typer.echo(f"{output}: {len(items)} file(s), {letters} letter(s), {len(errors)} failed", err=True)
    if errors:
        raise typer.Exit(1)
