"""What every slax command shares: messages, exits, standard input and the output file."""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

if TYPE_CHECKING:
    from extractor.document.read import ReadLimits

# --debug, the language of a command's messages (--lang) and what an interrupted extract has done so far (for its
# last line)
state = {"debug": False}


def _resolved_lang(value: Optional[str]) -> str:
    from extractor.app.i18n import LANGS, default_lang, resolve_lang, t

    try:
        lang = resolve_lang(value)
    except ValueError:
        fail(t("message.unknown_lang", default_lang(), value=value, langs=", ".join(LANGS)))
    state["lang"] = lang
    return lang


# `--lang zh|en` of every command that prints for people: the option, else the environment (LANGUAGE, LC_ALL,
# LC_MESSAGES, LANG). The command receives the resolved language. JSON, CSV and SQLite never change with it.
LANG_OPTION = typer.Option(None, "--lang", callback=_resolved_lang, show_default=False, metavar="zh|en",
                           help="Language of what a person reads (tables, messages): zh or en. Default: from the "
                                "environment (LANG=zh_CN.UTF-8 gives zh). Machine formats stay English.")


def lang() -> str:
    """The language of this command's messages: its --lang, else the environment's."""
    from extractor.app.i18n import default_lang

    return state.get("lang") or default_lang()


def error(message: str) -> None:
    say(f"error: {message}")


def fail(message: str, code: int = 2):
    error(message)
    raise typer.Exit(code)


def say(message: str) -> None:
    from extractor.app.outpath import shown

    typer.echo(f"slax: {shown(message)}", err=True)  # one line, whatever a file name holds


def parse_size(value: str) -> int:
    units = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}
    text = value.strip().upper().removesuffix("B")
    try:
        number, unit = (float(text[:-1]), text[-1]) if text[-1:] in units else (float(text), "")
    except ValueError:
        raise typer.BadParameter(f"{value!r}: expected a size such as 50M, 800K or 1000000") from None
    if number <= 0:
        raise typer.BadParameter("must be positive")
    return int(number * units[unit])


def stdin_input(paths: list[Path], name: Optional[str], max_bytes: int, batch_only: bool):
    """(name, bytes) when the input is - (standard input), else None."""
    from extractor.app.i18n import t

    if not any(str(p) == "-" for p in paths):
        return None
    if len(paths) > 1:
        fail(t("message.stdin_alone", lang()))
    if batch_only:
        fail(t("message.stdin_not_batch", lang()))
    data = sys.stdin.buffer.read(max_bytes + 1)
    shown_name = name or "-"
    if not data:
        fail(t("message.stdin_empty", lang(), name=shown_name))
    if len(data) > max_bytes:
        fail(t("message.stdin_too_large", lang(), name=shown_name, limit=max_bytes))
    return shown_name, data


def reading_stdin(stdin):
    """read() of the stdin name takes its bytes inside the block."""
    import contextlib

    from extractor.document.read import read_from

    return read_from(*stdin) if stdin is not None else contextlib.nullcontext()


def stdout_if_dash(output: Optional[Path]) -> Optional[Path]:
    """`-o -` is stdout (None)."""
    return None if output is not None and str(output) == "-" else output


def checked_output(output: Optional[Path], inputs) -> Optional[Path]:
    """The file `-o output` will write (a symlink resolved), or exit 2 saying why it may not be written."""
    from extractor.app.outpath import OutputError, output_target

    if output is None:
        return None
    try:
        return output_target(output, inputs)
    except OutputError as exc:
        fail(str(exc))


def output_lock(output: Optional[Path], inputs):
    """The checked output path under an exclusive lock, or a no-op context for stdout."""
    import contextlib

    from extractor.app.outpath import OutputError, OutputLock

    if output is None:
        return contextlib.nullcontext(None)
    target = checked_output(output, inputs)

    @contextlib.contextmanager
    def locked():
        try:
            lock = OutputLock(target).__enter__()
        except OutputError as exc:
            fail(str(exc))
        try:
            yield target
        finally:
            lock.__exit__()

    return locked()


def write_file(path: Path, text: str, inputs=()) -> None:
    from extractor.app.outputs import OutputError, write_text_atomic

    try:
        with output_lock(path, inputs) as target:
            write_text_atomic(target, text)
    except (OutputError, OSError) as exc:
        fail(str(exc) if isinstance(exc, OutputError) else f"{path}: cannot write ({exc.strerror or exc})")


def playbook_or_exit(path: Optional[Path]):
    from extractor.app.playbook import PlaybookError, load

    try:
        return load(path)
    except PlaybookError as exc:
        error(str(exc))
        raise typer.Exit(2) from None


def read_options_from_env(environ: Mapping[str, str] = os.environ) -> ReadLimits:
    """What the environment says about reading files, for every command (extract's --max-bytes and --max-pages
    win): SLAX_MAX_BYTES, SLAX_MAX_PAGES and SLAX_PDF_ENGINE. The CLI is the one place that reads them; a bad
    value exits 2 naming the variable."""
    from extractor.document.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, ENGINES, ReadLimits

    numbers = {}
    for name, default in (("SLAX_MAX_BYTES", DEFAULT_MAX_BYTES), ("SLAX_MAX_PAGES", DEFAULT_MAX_PAGES)):
        value = environ.get(name) or str(default)
        if not value.strip().isdigit() or int(value) < 1:
            fail(f"{name}={value!r}: expected a positive whole number")
        numbers[name] = int(value)
    engine = environ.get("SLAX_PDF_ENGINE") or None
    if engine is not None and engine not in ENGINES:
        fail(f"SLAX_PDF_ENGINE={engine!r}: unknown PDF engine (choose from {', '.join(ENGINES)})")
    return ReadLimits(max_bytes=numbers["SLAX_MAX_BYTES"], max_pages=numbers["SLAX_MAX_PAGES"], pdf_engine=engine)


class progress:
    """A rich progress bar on stderr, only when stderr is a terminal and there is more than one file:
    ``with progress(len(files), "checking") as advance:`` then ``advance(path)`` after each file. Messages on stderr
    meanwhile print above the bar."""

    def __init__(self, total: int, doing: str):
        self.total, self.doing, self.bar = total, doing, None

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            # Lines for stdout go above the bar only when stdout is this terminal too; else they go to the
            # file or pipe stdout is, untouched.
            self.bar = Progress(TextColumn(self.doing), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
                                redirect_stdout=sys.stdout.isatty())
            self.bar.start()
            self.task = self.bar.add_task("", total=self.total)
        return self.advance

    def advance(self, name: str) -> None:
        if self.bar:
            self.bar.update(self.task, advance=1, description=Path(name).name)

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
