"""The slax command line: a thin layer over extractor.app.api."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from extractor import __version__
from extractor.app import cli_ocr

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="slax: extract SLA commitments (可用性, 响应/恢复时限, 违约金, 空白栏) from Chinese SLA letters "
    "(.txt/.pdf/.docx/.html) into source-grounded JSON.",
)
_state = {"debug": False}


def _err(message: str) -> None:
    _say(f"error: {message}")


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
    path: Path = typer.Argument(..., help="A .txt/.pdf/.docx/.html file."),
    fmt: SegmentFormat = typer.Option(SegmentFormat.tree, "--format", "-f", help="tree (readable) or json (with spans)."),
    sentences: bool = typer.Option(False, "--sentences", help="Also list sentences (json)."),
):
    """Show the letters and clause tree (条款结构) of a file."""
    from extractor.pipeline import build_document, segment_document

    raw, norm, letters = segment_document(path)
    if fmt == SegmentFormat.json:
        from extractor.pipeline import LetterFacts

        doc = build_document(raw, norm, [LetterFacts(s, {}) for s in letters], sentences=sentences)
        data = doc.model_dump(mode="json", include={"source", "warnings", "letters", "non_letters"})
        for letter in data["letters"]:
            for fam in ("parties", "availability", "timings", "penalties", "blanks"):
                letter.pop(fam, None)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    console = Console(soft_wrap=True)
    console.print(f"[bold]{escape(str(raw.path))}[/] ({raw.format}, {raw.encoding or '-'}): {len(letters)} letter(s)")
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
    csv = "csv"
    xlsx = "xlsx"
    sqlite = "sqlite"
    table = "table"


def _fail(message: str, code: int = 2):
    _err(message)
    raise typer.Exit(code)


def _pick_format(fmt: Optional[ExtractFormat], output: Optional[Path], single: bool) -> ExtractFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        from extractor.app.outputs import SUFFIX_FORMATS

        suffix = output.suffix.lower()
        if suffix not in SUFFIX_FORMATS:
            _fail(f"{output}: unknown output suffix {suffix or '(none)'!r}; use one of "
                  f"{', '.join(sorted(SUFFIX_FORMATS))} or give --format")
        return ExtractFormat(SUFFIX_FORMATS[suffix])
    if single:
        return ExtractFormat.json
    return ExtractFormat.table if sys.stdout.isatty() else ExtractFormat.jsonl


def _sha256(path: Path) -> Optional[str]:
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # the reader reports the reason


@app.command(no_args_is_help=True)
def extract(
    paths: List[Path] = typer.Argument(..., help="Files (.txt/.pdf/.docx/.html) or folders (searched recursively).",
                                       show_default=False),
    fmt: Optional[ExtractFormat] = typer.Option(
        None, "--format", "-f", show_default=False,
        help="json | jsonl (one line per file) | csv (one row per fact, opens in Excel) | xlsx (a sheet per "
             "family) | sqlite (tables documents, letters, facts, blanks) | table (one row per letter). "
             "Default: json for one file; table on a terminal, else jsonl, for folders; from -o's suffix."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", show_default=False,
                                          help="Write to this file (atomically, locked) instead of stdout; - is "
                                               "stdout. Never a device, FIFO, folder or one of the inputs."),
    jobs: int = typer.Option(1, "-j", "--jobs", min=0, help="Worker processes (0 = one per CPU). Output order "
                                                             "does not depend on it."),
    glob: Optional[str] = typer.Option(None, "--glob", help="In folders, only files matching this name pattern, "
                                                            "e.g. '*.pdf'.", show_default=False),
    resume: bool = typer.Option(False, "--resume", help="Skip files whose result (same sha256) is already in "
                                                        "OUT (jsonl or sqlite); an edited file's record is "
                                                        "replaced, a deleted file's record dropped."),
    keep_missing: bool = typer.Option(False, "--keep-missing", help="With --resume, keep the records of files "
                                                                     "that no longer exist (they are dropped)."),
    sentences: bool = typer.Option(False, "--sentences", help="Include sentences in json/jsonl output."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", show_default=False,
                                            help="Run the files on a Dask cluster at this address (e.g. "
                                                 "tcp://10.0.0.5:8786; needs pip install 'slax[dask]'). "
                                                 "Replaces -j; output is the same."),
    timeout: float = typer.Option(60, "--timeout", min=0, help="Seconds one file may take; a slower file becomes "
                                                              "an error record 'timed out after N s' and the "
                                                              "run goes on (0 = no limit)."),
    max_bytes: str = typer.Option("50M", "--max-bytes", callback=lambda v: _size(v),
                                  help="Largest file to read (bytes; K, M, G suffixes); bigger files are errors."),
    max_pages: int = typer.Option(2000, "--max-pages", min=1, help="Most PDF pages to read per file."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="In folders, also read symlinks "
                                                                          "that lead outside the folder."),
    max_memory: str = typer.Option("2G", "--max-memory", callback=lambda v: _size(v),
                                   help="Memory one worker may take on top of what it starts with (K, M, G "
                                        "suffixes; with -j 1, this process while it reads); a file that needs "
                                        "more becomes an error record."),
    ship_files: bool = typer.Option(False, "--ship-files", help="With --scheduler: send each file's bytes to the "
                                                                "workers (for clusters without a shared file "
                                                                "system)."),
    stdin_name: Optional[str] = typer.Option(None, "--stdin-name", show_default=False,
                                             help="With - (standard input): the name used in messages and as "
                                                  "source.path (its suffix picks the reader)."),
    # OCR of scans (issue 15): the mode is set as SLAX_OCR by the callback, read by extractor/document/ocr.py.
    ocr_mode: str = typer.Option("auto", "--ocr", callback=cli_ocr.set_mode, help=cli_ocr.HELP),
):
    """Extract availability (可用性), timings (响应/恢复时限), penalties (违约金/服务赔偿), parties and blanks.

    One file prints a JSON document; a folder gives one result per file. A file that cannot be read becomes
    an error record (`slax: error: PATH: reason` on stderr) and the run goes on. Exit status: 0 all read,
    1 some file failed, 2 the only file failed or a path named on the command line does not exist.
    """
    from extractor.app.api import iter_paths
    from extractor.app.leftovers import remove_stale_temps
    from extractor.models import ErrorRecord
    from extractor.document.read import ReadLimits, is_folder

    output = _stdout_if_dash(output)
    stdin = _stdin_input(paths, stdin_name, max_bytes, resume or scheduler is not None)
    if stdin is not None:
        paths, jobs = [Path(stdin[0])], 1
    single = stdin is not None or (len(paths) == 1 and not is_folder(paths[0]))
    _checked_output(output, paths)  # a device, FIFO, folder or input is refused before the suffix is looked at
    fmt = _pick_format(fmt, output, single)
    if fmt == ExtractFormat.table and output is not None:
        _fail("--format table prints to the terminal; pick json, jsonl, csv, xlsx or sqlite for -o")
    if fmt == ExtractFormat.table and resume:  # open_writer says this for the other formats
        _fail("--resume needs -o OUT (the file to resume)")
    if ship_files and scheduler is None:
        _fail("--ship-files sends files to a Dask cluster: give --scheduler too")
    items = paths if stdin is not None else list(iter_paths(paths, glob, follow_symlinks=follow_symlinks))
    inputs = [*paths, *(i for i in items if not isinstance(i, ErrorRecord))]
    run_options = {"limits": ReadLimits(max_bytes, max_pages), "max_memory": max_memory, "ship_files": ship_files}
    with _output_lock(output, inputs) as target:
        if target is not None:
            remove_stale_temps(target)  # under the lock: no other slax run is writing this output now
        writer = None if fmt == ExtractFormat.table else _open(fmt, target, single, resume, keep_missing)
        plan, todo = _plan(items, writer, resume)
        counts = {"files": 0, "letters": 0, "failed": 0, "skipped": 0, "unread": 0, "total": len(plan)}
        rows: list = []
        _state["progress"] = (counts, output)
        with _progress(len(plan)) as advance, _reading_stdin(stdin):
            if writer is None:
                _consume(plan, todo, jobs, sentences, counts, advance, rows.append, scheduler, timeout,
                         **run_options)
            else:
                with writer:
                    _consume(plan, todo, jobs, sentences, counts, advance, writer, scheduler, timeout,
                             **run_options)
                    if single and counts["failed"]:
                        writer.keep_previous = True  # a failed single file never replaces a good output
    _state.pop("progress", None)
    _finish_extract(fmt, output, resume, writer, rows, counts, single)


def _stdin_input(paths: List[Path], name: Optional[str], max_bytes: int, batch_only: bool):
    """(name, bytes) when the input is - (standard input), else None."""
    if not any(str(p) == "-" for p in paths):
        return None
    if len(paths) > 1:
        _fail("- (standard input) must be the only input")
    if batch_only:
        _fail("--resume and --scheduler work on files, not on - (standard input)")
    data = sys.stdin.buffer.read(max_bytes + 1)
    shown_name = name or "-"
    if not data:
        _fail(f"{shown_name}: empty input")
    if len(data) > max_bytes:
        _fail(f"{shown_name}: input too large (limit {max_bytes} bytes; raise it with --max-bytes)")
    return shown_name, data


def _reading_stdin(stdin):
    """read() of the stdin name takes its bytes inside the block."""
    import contextlib

    from extractor.document.read import read_from

    return read_from(*stdin) if stdin is not None else contextlib.nullcontext()


def _stdout_if_dash(output: Optional[Path]) -> Optional[Path]:
    """`-o -` is stdout (None)."""
    return None if output is not None and str(output) == "-" else output


def _checked_output(output: Optional[Path], inputs) -> Optional[Path]:
    """The file `-o output` will write (a symlink resolved), or exit 2 saying why it may not be written."""
    from extractor.app.outpath import OutputError, output_target

    if output is None:
        return None
    try:
        return output_target(output, inputs)
    except OutputError as exc:
        _fail(str(exc))


def _output_lock(output: Optional[Path], inputs):
    """The checked output path under an exclusive lock, or a no-op context for stdout."""
    import contextlib

    from extractor.app.outpath import OutputError, OutputLock

    if output is None:
        return contextlib.nullcontext(None)
    target = _checked_output(output, inputs)

    @contextlib.contextmanager
    def locked():
        try:
            lock = OutputLock(target).__enter__()
        except OutputError as exc:
            _fail(str(exc))
        try:
            yield target
        finally:
            lock.__exit__()

    return locked()


def _open(fmt, target, single, resume, keep_missing):
    from extractor.app.outputs import OutputError, open_writer

    try:
        return open_writer(fmt.value, target, single=single, resume=resume, keep_missing=keep_missing)
    except OutputError as exc:
        _fail(str(exc))


def _plan(items, writer, resume):
    """(what, item, sha) per input in order: 'error' (unreadable argument), 'skip' (--resume) or 'run'."""
    from extractor.models import ErrorRecord

    plan, todo = [], []
    for item in items:
        if isinstance(item, ErrorRecord):
            plan.append(("error", item, None))
            continue
        sha = _sha256(item) if resume else None
        if sha and writer.done(str(item), sha):
            plan.append(("skip", item, sha))
        else:
            plan.append(("run", item, None))
            todo.append(item)
    return plan, todo


def _finish_extract(fmt, output, resume, writer, rows, counts, single) -> None:
    summary = (f"{counts['files']} file(s), {counts['letters']} letter(s), {counts['failed']} failed"
               + (f", {counts['skipped']} skipped (already in {output})" if resume else ""))
    if resume and writer is not None:
        summary += f", {writer.replaced} replaced, {writer.dropped} dropped (files gone)"
    if fmt == ExtractFormat.table:
        from extractor.app.render import letters_table

        if rows or not counts["failed"]:
            letters_table(rows, summary)
    elif output is not None:
        if single and counts["failed"]:
            typer.echo(f"slax: {output} left as it was: the file failed", err=True)
        else:
            typer.echo(f"slax: wrote {output}: {summary}", err=True)
    # 2: an input named on the command line could not be read at all (or nothing could); 1: a file failed.
    if counts["unread"] or (counts["failed"] and counts["failed"] == counts["files"] and single):
        raise typer.Exit(2)
    if counts["failed"]:
        raise typer.Exit(1)


def _size(value: str) -> int:
    units = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}
    text = value.strip().upper().removesuffix("B")
    try:
        number, unit = (float(text[:-1]), text[-1]) if text[-1:] in units else (float(text), "")
    except ValueError:
        raise typer.BadParameter(f"{value!r}: expected a size such as 50M, 800K or 1000000") from None
    if number <= 0:
        raise typer.BadParameter("must be positive")
    return int(number * units[unit])


def _consume(plan, todo, jobs, sentences, counts, advance, sink, scheduler=None, timeout=None, **run_options) -> None:
    """Feed results to `sink` in input order: a writer, or a row collector for the table. `run_options`:
    batch.run's limits, max_memory and ship_files."""
    import functools

    from extractor.app.batch import encoded, run
    from extractor.models import ErrorRecord
    from extractor.app.render import letter_cells

    encode = getattr(sink, "encode", None)  # text formats are serialized by the workers
    work = functools.partial(encoded, encode) if encode else None
    results = run(todo, jobs, sentences=sentences, scheduler=scheduler, timeout=timeout or None, work=work,
                  **run_options)
    for what, item, sha in plan:
        if what == "skip":
            sink.skip(str(item), sha)
            counts["skipped"] += 1
            advance(str(item))
            continue
        res = item if what == "error" else next(results)
        if isinstance(res, ErrorRecord):
            _err(f"{res.path}: {res.error}")
        if callable(sink) and not hasattr(sink, "write"):
            if isinstance(res, ErrorRecord):
                sink((res.path, "error", res.error, "", "", "", "", ""))
            else:
                for letter in res.letters:
                    sink(letter_cells(res.source.path, letter))
        else:
            sink.write(res)
        _count(counts, res, unread=what == "error")  # after the write: an interrupt reports what was written
        advance(str(item.path if isinstance(item, ErrorRecord) else item))


def _count(counts: dict, res, unread: bool) -> None:
    from extractor.models import Encoded, ErrorRecord

    counts["files"] += 1
    counts["unread"] += unread
    if isinstance(res, ErrorRecord):
        counts["failed"] += 1
    else:
        counts["letters"] += res.letters if isinstance(res, Encoded) else len(res.letters)


class _progress:
    """A rich progress bar on stderr, only when stderr is a terminal and there is more than one file."""

    def __init__(self, total: int):
        self.total, self.bar = total, None

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=self.total)
        return self.advance

    def advance(self, name: str) -> None:
        if self.bar:
            self.bar.update(self.task, advance=1, description=Path(name).name)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


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


@app.command(no_args_is_help=True)
def diff(
    a: Path = typer.Argument(..., help="The old version (.txt/.pdf/.docx/.html).", show_default=False),
    b: Path = typer.Argument(..., help="The new version.", show_default=False),
    letter: Optional[str] = typer.Option(None, "--letter", "-l", callback=_letter_option, show_default=False,
                                         help="Compare letter N of both files (or N:M, letter N of A with M of B). "
                                              "Without it, letters are paired by index."),
    fmt: DiffFormat = typer.Option(DiffFormat.table, "--format", "-f", help="table, json, markdown or html (a self-contained page)."),
    text: bool = typer.Option(False, "--text", help="Also show a clause-aligned text redline ([-deleted-] "
                                                    "[+inserted+]) of changes outside the extracted facts."),
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
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    if fmt == DiffFormat.json:
        typer.echo(result.model_dump_json(indent=2))
    elif fmt == DiffFormat.markdown:
        from extractor.app.render import diff_markdown

        typer.echo(diff_markdown(result), nl=False)
    elif fmt == DiffFormat.html:
        from extractor.app.report import render_diff_html

        typer.echo(render_diff_html(result.model_dump(mode="json")), nl=False)
    else:
        from extractor.app.render import diff_table

        diff_table(result)
    raise typer.Exit(1 if result.changes or result.clauses else 0)


class BlanksFormat(str, Enum):
    table = "table"
    json = "json"
    lines = "lines"


@app.command(no_args_is_help=True)
def blanks(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively).", show_default=False),
    fmt: Optional[BlanksFormat] = typer.Option(None, "--format", "-f", show_default=False,
                                               help="table (default on a terminal), lines (path:line:col: [label] "
                                                    "context, one per blank; default when piped) or json."),
    ignore: List[str] = typer.Option([], "--ignore", "-i", show_default=False,
                                     help="Do not report this label (repeatable; shell patterns work: '*日期')."),
    glob: Optional[str] = typer.Option(None, "--glob", help="In folders, only files matching this pattern.",
                                       show_default=False),
    stdin_name: Optional[str] = typer.Option(None, "--stdin-name", show_default=False,
                                             help="With - (standard input): the name used in messages."),
):
    """List every unfilled blank (空白栏: ______, [公司全称], 【  】, __年__月__日) with its label and place.

    Exit status: 0 no blanks, 1 blanks found (after --ignore), 2 a file could not be read. Handy before
    sending a letter: `slax blanks letter.docx || echo "not ready"`.
    """
    from extractor.app.api import iter_paths
    from extractor.app.blanklist import blank_records
    from extractor.models import ErrorRecord
    from extractor.document.read import DEFAULT_MAX_BYTES, ReadError

    found, failed = [], 0
    stdin = _stdin_input(paths, stdin_name, DEFAULT_MAX_BYTES, False)
    items = [Path(stdin[0])] if stdin is not None else iter_paths(paths, glob)
    with _reading_stdin(stdin):
        for item in items:
            if not isinstance(item, ErrorRecord):
                try:
                    found.extend(blank_records(item, ignore))
                    continue
                except ReadError as exc:
                    item = ErrorRecord(path=exc.path, error=exc.reason)
            failed += 1
            _err(f"{item.path}: {item.error}")
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

        blanks_table(found)
        files = len({r.file for r in found})
        typer.echo(f"{len(found)} blank(s) in {files} file(s)")
    else:
        typer.echo("no unfilled blanks")
    raise typer.Exit(2 if failed else 1 if found else 0)


@app.command()
def schema():
    """Print the JSON Schema of `slax extract --format json` output."""
    from extractor.app.api import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("eval")
def evaluate_cmd(
    gold_dirs: List[Path] = typer.Argument(..., help="Gold folders (tests/gold/seed, tests/gold/extra)."),
    details: bool = typer.Option(False, "--details", help="List every miss and extra fact."),
):
    """Score extraction against hand-checked gold: precision, recall, F1 per family."""
    from rich.console import Console
    from rich.table import Table

    from extractor.app.evaluate import evaluate

    console = Console()
    for gold_dir in gold_dirs:
        if not (gold_dir / "source.txt").is_file():
            _fail(f"{gold_dir}: not a gold folder (it needs source.txt and <family>.json files; see "
                  "docs/conventions.md)")
        scores = evaluate(gold_dir)
        if not scores:
            _fail(f"{gold_dir}: no gold files (<family>.json) in it")
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


# ---- check / report: playbook checks and the HTML report (extractor/app/playbook.py, extractor/app/report.py) --------

class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    junit = "junit"


def _playbook_or_exit(path: Optional[Path]):
    from extractor.app.playbook import PlaybookError, load

    try:
        return load(path)
    except PlaybookError as exc:
        _err(str(exc))
        raise typer.Exit(2)


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    playbook: Optional[Path] = typer.Option(None, "--playbook", "-p",
                                            help="A playbook TOML file (default: patterns/playbook_default.toml)."),
    fmt: CheckFormat = typer.Option(CheckFormat.table, "--format", "-f", help="table, json, or junit (XML for CI)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern, e.g. '*.pdf'."),
):
    """Check letters against a playbook (可用性 ≥ 99.9%, P1 响应 ≤ 15 分钟, ...); exit 1 when any rule fails,
    2 when a file could not be read (the gate never passes on a letter it did not read).

    A figure measured against something else than the rule's (a per-hour share of the contract price against
    a monthly-fee threshold) is "not comparable": shown, counted as a warning, never a failure."""
    from extractor.app import playbook as pb
    from extractor.app.api import iter_results
    from extractor.models import ErrorRecord

    book = _playbook_or_exit(playbook)
    output = _stdout_if_dash(output)
    _checked_output(output, paths)  # before any letter is read
    checks, errors = [], []
    # Sentences: a rule's `of` reads what a notice period is for from the notice's sentence.
    for res in iter_results(paths, glob=glob, sentences=True):
        if isinstance(res, ErrorRecord):
            _err(f"{res.path}: {res.error}")
            errors.append(res.model_dump())
        else:
            checks.extend(pb.check_document(book, res))
    if errors and not checks:
        raise typer.Exit(2)  # nothing was checked: no verdict on stdout, no output file
    if fmt == CheckFormat.table and not output:
        pb.print_table(book, checks)
    else:
        if fmt == CheckFormat.junit:
            text = pb.to_junit(book, checks, errors)
        elif fmt == CheckFormat.json:
            text = json.dumps(pb.to_json(book, checks, errors), ensure_ascii=False, indent=2) + "\n"
        else:
            from io import StringIO

            from rich.console import Console

            buf = StringIO()
            pb.print_table(book, checks, Console(file=buf, width=200, no_color=True))
            text = buf.getvalue()
        if output:
            _write_file(output, text, paths)
        else:
            sys.stdout.write(text)
    # 2 a file could not be checked (the gate cannot pass on what it never read), 1 a rule failed.
    if errors:
        raise typer.Exit(2)
    if any(c.verdict == "fail" for c in checks):
        raise typer.Exit(1)


def _write_file(path: Path, text: str, inputs=()) -> None:
    from extractor.app.outputs import OutputError, write_text_atomic

    try:
        with _output_lock(path, inputs) as target:
            write_text_atomic(target, text)
    except (OutputError, OSError) as exc:
        _fail(str(exc) if isinstance(exc, OutputError) else f"{path}: cannot write ({exc.strerror or exc})")


@app.command()
def report(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write."),
    playbook: Optional[Path] = typer.Option(None, "--playbook", "-p", help="Also show the results of this playbook."),
    glob: Optional[str] = typer.Option(None, "--glob", help="Only files matching this pattern, e.g. '*.pdf'."),
):
    """Write one self-contained HTML report: letters with every fact highlighted, facts tables, an overview."""
    from extractor.app.report import collect, render_report

    book = _playbook_or_exit(playbook) if playbook else None
    _checked_output(output, paths)  # before any letter is read
    items, errors = collect(paths, glob)
    for err in errors:
        _err(f"{err.path}: {err.error}")
    _write_file(output, render_report(items, book, errors), paths)
    letters = sum(len(doc.letters) for doc, _ in items)
    typer.echo(f"{output}: {len(items)} file(s), {letters} letter(s), {len(errors)} failed", err=True)
    if errors:
        raise typer.Exit(1)


def _terminated(signum, frame):
    # SIGTERM (kill, a scheduler's stop) unwinds like Ctrl-C: writers keep every finished result.
    _state["signal"] = signum
    raise KeyboardInterrupt


def _interrupted() -> int:
    """One line saying what was kept; 130 for Ctrl-C, 143 for SIGTERM (128 + the signal, as shells do)."""
    import signal

    progress = _state.get("progress")
    if progress is None:
        _say("interrupted")
    else:
        counts, output = progress
        done = counts["files"] + counts["skipped"]
        where = f"written to {output}; rerun with --resume" if output is not None else "done"
        _say(f"interrupted: {done} of {counts['total']} files {where}")
    return 128 + _state.get("signal", signal.SIGINT)


def _say(message: str) -> None:
    from extractor.app.outpath import shown

    typer.echo(f"slax: {shown(message)}", err=True)  # one line, whatever a file name holds


def main(argv: Optional[list[str]] = None) -> int:
    import signal

    from extractor.document.read import ReadError

    previous = signal.signal(signal.SIGTERM, _terminated)
    previous_int = signal.signal(signal.SIGINT, _terminated)
    try:
        app(args=argv, prog_name="slax", standalone_mode=True)
    except SystemExit as exc:
        if "signal" in _state:  # typer turns the KeyboardInterrupt into a silent exit 130
            return _interrupted()
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ReadError as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # the user gets one line; --debug shows the traceback
        if _state["debug"]:
            raise
        from extractor.app.outputs import OutputError

        _err(str(exc) if isinstance(exc, OutputError) else f"{type(exc).__name__}: {exc}")
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    return 0


if __name__ == "__main__":
    sys.exit(main())
