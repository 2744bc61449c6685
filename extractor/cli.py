"""The slax command line: a thin layer over extractor.api."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="slax: extract SLA commitments (可用性, 响应/恢复时限, 违约金, 空白栏) from Chinese SLA letters "
    "(.txt/.pdf/.docx) into source-grounded JSON.",
)
_state = {"debug": False}


def _err(message: str) -> None:
    typer.echo(f"slax: error: {message}", err=True)


def _version(value: bool):
    if value:
        typer.echo(f"slax {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for unexpected errors."),
):
    _state["debug"] = debug


class SegmentFormat(str, Enum):
    tree = "tree"
    json = "json"


@app.command()
def segment(
    path: Path = typer.Argument(..., help="A .txt/.pdf/.docx file."),
    fmt: SegmentFormat = typer.Option(SegmentFormat.tree, "--format", "-f", help="tree (readable) or json (with spans)."),
    sentences: bool = typer.Option(False, "--sentences", help="Also list sentences (json)."),
):
    """Show the letters and clause tree (条款结构) of a file."""
    from .pipeline import build_document, segment_document

    raw, norm, letters = segment_document(path)
    if fmt == SegmentFormat.json:
        from .pipeline import LetterFacts

        doc = build_document(raw, norm, [LetterFacts(s, {}) for s in letters], sentences=sentences)
        data = doc.model_dump(mode="json", include={"source", "warnings", "letters"})
        for letter in data["letters"]:
            for fam in ("parties", "availability", "timings", "penalties", "blanks"):
                letter.pop(fam, None)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.tree import Tree

    console = Console()
    console.print(f"[bold]{raw.path}[/] ({raw.format}, {raw.encoding or '-'}): {len(letters)} letter(s)")
    for letter in letters:
        flag = " [red](truncated)[/]" if letter.truncated else ""
        tree = Tree(f"[bold cyan]{letter.index}. {letter.title}[/] {letter.marker or ''}{flag}")
        nodes = {}
        for c in letter.clauses:
            parent = nodes.get(c.parent, tree)
            nodes[c.id] = parent.add(f"[green]{c.id}[/] {c.heading}")
        console.print(tree)


class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    fmt: Optional[ExtractFormat] = typer.Option(None, "--format", "-f",
                                                help="json (one file), jsonl (one line per file), table."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern, e.g. '*.pdf'."),
    sentences: bool = typer.Option(False, "--sentences", help="Include sentences in the output."),
):
    """Extract availability, timings, penalties, parties and blanks from letters."""
    from .api import iter_results
    from .models import ErrorRecord

    results = iter_results(paths, glob=glob, sentences=sentences)
    single = len(paths) == 1 and paths[0].is_file()
    if fmt is None:
        fmt = ExtractFormat.json if single else (ExtractFormat.table if sys.stdout.isatty() and not output else ExtractFormat.jsonl)
    failed = 0
    if fmt == ExtractFormat.table:
        from .render import letters_table

        rows = []
        for res in results:
            if isinstance(res, ErrorRecord):
                failed += 1
                _err(f"{res.path}: {res.error}")
            else:
                rows.append(res)
        letters_table(rows, failed)
    else:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
        try:
            for res in results:
                if isinstance(res, ErrorRecord):
                    failed += 1
                    _err(f"{res.path}: {res.error}")
                    if fmt == ExtractFormat.jsonl:
                        out.write(json.dumps({"error": res.model_dump()}, ensure_ascii=False) + "\n")
                    continue
                if fmt == ExtractFormat.json:
                    out.write(res.model_dump_json(indent=2) + "\n")
                else:
                    out.write(res.model_dump_json() + "\n")
        finally:
            if output:
                out.close()
    if failed:
        raise typer.Exit(1)


@app.command()
def schema():
    """Print the JSON Schema of `slax extract --format json` output."""
    from .api import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("eval")
def evaluate_cmd(
    gold_dirs: List[Path] = typer.Argument(..., help="Gold folders (tests/gold/seed, tests/gold/extra)."),
    details: bool = typer.Option(False, "--details", help="List every miss and extra fact."),
):
    """Score extraction against hand-checked gold: precision, recall, F1 per family."""
    from rich.console import Console
    from rich.table import Table

    from .evaluate import evaluate

    console = Console()
    for gold_dir in gold_dirs:
        scores = evaluate(gold_dir)
        table = Table(title=str(gold_dir))
        for col in ("family", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(col, justify="right" if col != "family" else "left")
        for family, s in scores.items():
            table.add_row(family, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
        console.print(table)
        if details:
            for s in scores.values():
                for miss in s.misses:
                    console.print(miss, markup=False)


def main(argv: Optional[list[str]] = None) -> int:
    from .read import ReadError

    try:
        app(args=argv, prog_name="slax", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ReadError as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:  # the user gets one line; --debug shows the traceback
        if _state["debug"]:
            raise
        _err(f"{type(exc).__name__}: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
