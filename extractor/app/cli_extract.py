"""`slax extract`: files and folders in, one result per file out, in any of the output formats."""
from __future__ import annotations

import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from extractor.app import cli_ocr
from extractor.app.cli_common import (
    LANG_OPTION,
    checked_output,
    error,
    fail,
    output_lock,
    parse_size,
    progress,
    reading_stdin,
    state,
    stdin_input,
    stdout_if_dash,
)
from extractor.app.i18n import t


class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    sqlite = "sqlite"
    table = "table"


def _pick_format(fmt: Optional[ExtractFormat], output: Optional[Path], single: bool, lang: str) -> ExtractFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        from extractor.app.outputs import SUFFIX_FORMATS

        suffix = output.suffix.lower()
        if suffix not in SUFFIX_FORMATS:
            fail(t("message.unknown_suffix", lang, output=output, suffix=repr(suffix or "(none)"),
                   suffixes=", ".join(sorted(SUFFIX_FORMATS))))
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


def extract(
    paths: list[Path] = typer.Argument(..., help="Files (.txt/.pdf/.docx/.html) or folders (searched recursively).",
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
    max_bytes: str = typer.Option("50M", "--max-bytes", callback=lambda v: parse_size(v),
                                  help="Largest file to read (bytes; K, M, G suffixes); bigger files are errors."),
    max_pages: int = typer.Option(2000, "--max-pages", min=1, help="Most PDF pages to read per file."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="In folders, also read symlinks "
                                                                          "that lead outside the folder."),
    max_memory: str = typer.Option("2G", "--max-memory", callback=lambda v: parse_size(v),
                                   help="Memory one worker may take on top of what it starts with (K, M, G "
                                        "suffixes; with -j 1, this process while it reads); a file that needs "
                                        "more becomes an error record."),
    ship_files: bool = typer.Option(False, "--ship-files", help="With --scheduler: send each file's bytes to the "
                                                                "workers (for clusters without a shared file "
                                                                "system)."),
    stdin_name: Optional[str] = typer.Option(None, "--stdin-name", show_default=False,
                                             help="With - (standard input): the name used in messages and as "
                                                  "source.path (its suffix picks the reader)."),
    ocr_mode: str = typer.Option("auto", "--ocr", callback=cli_ocr.set_mode, help=cli_ocr.HELP),
    lang: str = LANG_OPTION,
):
    """Extract availability (可用性), timings (响应/恢复时限), penalties (违约金/服务赔偿), parties and blanks.

    One file prints a JSON document; a folder gives one result per file. A file that cannot be read becomes
    an error record (`slax: error: PATH: reason` on stderr) and the run goes on. Exit status: 0 all read,
    1 some file failed, 2 the only file failed or a path named on the command line does not exist.
    """
    from extractor.app.api import iter_paths
    from extractor.app.batch import RunOptions
    from extractor.app.leftovers import remove_stale_temps
    from extractor.document.read import current_limits, is_folder
    from extractor.models import ErrorRecord

    output = stdout_if_dash(output)
    stdin = stdin_input(paths, stdin_name, max_bytes, resume or scheduler is not None)
    if stdin is not None:
        paths, jobs = [Path(stdin[0])], 1
    single = stdin is not None or (len(paths) == 1 and not is_folder(paths[0]))
    checked_output(output, paths)  # a device, FIFO, folder or input is refused before the suffix is looked at
    fmt = _pick_format(fmt, output, single, lang)
    if fmt == ExtractFormat.table and output is not None:
        fail(t("message.table_to_terminal", lang))
    if fmt == ExtractFormat.table and resume:  # open_writer says this for the other formats
        fail(t("message.resume_needs_output", lang))
    if ship_files and scheduler is None:
        fail(t("message.ship_files_needs_scheduler", lang))
    items = paths if stdin is not None else list(iter_paths(paths, glob, follow_symlinks=follow_symlinks))
    inputs = [*paths, *(i for i in items if not isinstance(i, ErrorRecord))]
    options = RunOptions(jobs=jobs, scheduler=scheduler, timeout=timeout or None,
                         limits=replace(current_limits(), max_bytes=max_bytes, max_pages=max_pages),
                         max_memory=max_memory, ship_files=ship_files)
    with output_lock(output, inputs) as target:
        if target is not None:
            remove_stale_temps(target)  # under the lock: no other slax run is writing this output now
        writer = None if fmt == ExtractFormat.table else _open(fmt, target, single, resume, keep_missing, lang)
        done = _already_done(writer) if resume else None
        counts = {"files": 0, "letters": 0, "failed": 0, "skipped": 0, "unread": 0, "total": len(items)}
        rows: list = []
        state["progress"] = (counts, output)
        with progress(len(items), "extracting") as advance, reading_stdin(stdin):
            if writer is None:
                _consume(items, options, sentences, counts, advance, rows.append, lang=lang)
            else:
                with writer:
                    _consume(items, options, sentences, counts, advance, writer, done)
                    if single and counts["failed"]:
                        writer.keep_previous = True  # a failed single file never replaces a good output
    state.pop("progress", None)
    _finish_extract(fmt, output, resume, writer, rows, counts, single, lang)


def _open(fmt, target, single, resume, keep_missing, lang):
    from extractor.app.outputs import OutputError, open_writer

    try:
        return open_writer(fmt.value, target, single=single, resume=resume, keep_missing=keep_missing, lang=lang)
    except OutputError as exc:
        fail(str(exc))


def _already_done(writer):
    """--resume: the sha256 of a file whose result OUT already holds, else None."""
    def done(path: Path) -> Optional[str]:
        sha = _sha256(path)
        return sha if sha and writer.done(str(path), sha) else None

    return done


def _finish_extract(fmt, output, resume, writer, rows, counts, single, lang) -> None:
    summary = t("message.extract_summary", lang, files=counts["files"], letters=counts["letters"],
                failed=counts["failed"])
    if resume:
        summary += t("message.extract_skipped", lang, skipped=counts["skipped"], output=output)
    if resume and writer is not None:
        summary += t("message.extract_replaced", lang, replaced=writer.replaced, dropped=writer.dropped)
    if fmt == ExtractFormat.table:
        from extractor.app.render import letters_table

        if rows or not counts["failed"]:
            letters_table(rows, summary, lang=lang)
    elif output is not None:
        if single and counts["failed"]:
            typer.echo(f"slax: {t('message.left_as_it_was', lang, output=output)}", err=True)
        else:
            typer.echo(f"slax: {t('message.wrote', lang, output=output, summary=summary)}", err=True)
    # 2: an input named on the command line could not be read at all (or nothing could); 1: a file failed.
    if counts["unread"] or (counts["failed"] and counts["failed"] == counts["files"] and single):
        raise typer.Exit(2)
    if counts["failed"]:
        raise typer.Exit(1)


def _consume(items, options, sentences, counts, advance, sink, done=None, lang: str = "en") -> None:
    """Feed the result of each of ``items`` to `sink` in input order: a writer, or a row collector for the
    table. ``done``: --resume's test of a file already in the output (see api.results_in_order)."""
    import functools

    from extractor.app import stop
    from extractor.app.api import Skipped, results_in_order
    from extractor.app.batch import encoded
    from extractor.models import ErrorRecord

    encode = getattr(sink, "encode", None)  # text formats are serialized by the workers
    work = functools.partial(encoded, encode) if encode else None
    for item, res in results_in_order(items, options, sentences=sentences, work=work, done=done):
        if isinstance(res, Skipped):
            with stop.held():
                sink.skip(res.path, res.sha256)
                counts["skipped"] += 1
            advance(res.path)
            continue
        if isinstance(res, ErrorRecord):
            error(f"{res.path}: {res.error}")
        unread = isinstance(item, ErrorRecord)
        with stop.held():  # written and counted together: an interrupt reports exactly what the output holds
            _deliver(sink, res, lang)
            _count(counts, res, unread=unread)
        advance(str(item.path if unread else item))


def _deliver(sink, res, lang: str) -> None:
    """One result to a writer, or its rows to the table's collector."""
    from extractor.app.render import letter_cells
    from extractor.models import ErrorRecord

    if callable(sink) and not hasattr(sink, "write"):
        if isinstance(res, ErrorRecord):
            sink((res.path, "error", res.error, "", "", "", "", ""))
        else:
            for letter in res.letters:
                sink(letter_cells(res.source.path, letter, lang))
    else:
        sink.write(res)


def _count(counts: dict, res, unread: bool) -> None:
    from extractor.models import Encoded, ErrorRecord

    counts["files"] += 1
    counts["unread"] += unread
    if isinstance(res, ErrorRecord):
        counts["failed"] += 1
    else:
        counts["letters"] += res.letters if isinstance(res, Encoded) else len(res.letters)
