"""The slax command line: a thin layer over extractor.app.api.

This module makes the app and registers the commands; each command's code is in a cli_* module by concern
(cli_extract, cli_compare, cli_inspect), and what they share is in cli_common."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from extractor import __version__
from extractor.app import cli_compare, cli_extract, cli_inspect, stop
from extractor.app.cli_common import error, read_options_from_env, say, state

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Markdown: a docstring's lines join into sentences (rich markup keeps every line break, and cuts the
    # commands list after the first line) and [brackets] stay text.
    rich_markup_mode="markdown",
    help="slax: extract SLA commitments (可用性, 响应/恢复时限, 违约金, 空白栏) from Chinese SLA letters "
    "(.txt/.pdf/.docx/.html) into source-grounded JSON.",
)


def _no_type_beside_flags() -> None:
    """--help shows no <bool> beside a flag, which takes no value (typer 0.2x prints a type for every option;
    older versions have no display_type_rich and print none)."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "hides_flags", False):
        return

    def display_type_rich(self, ctx):
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    display_type_rich.hides_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_beside_flags()


def _version(value: bool):
    if value:
        typer.echo(f"slax {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for unexpected errors."),
):
    from extractor.document.read import limits_in_force

    state["debug"] = debug
    state.pop("lang", None)  # the command's --lang sets it (one process may run several commands: tests)
    # The environment's read options hold for the whole command; the library itself reads no variable.
    ctx.with_resource(limits_in_force(read_options_from_env()))


# ---- commands, in the order --help lists them; each lives in the cli_* module named here -----------------------
app.command()(cli_inspect.segment)
app.command(no_args_is_help=True)(cli_extract.extract)
app.command(no_args_is_help=True)(cli_compare.diff)
app.command(no_args_is_help=True)(cli_inspect.blanks)
app.command()(cli_inspect.schema)
app.command("eval")(cli_inspect.evaluate_cmd)
app.command()(cli_compare.check)
app.command()(cli_compare.report)


from extractor.app.explain import explain_command  # noqa: E402 (slax explain lives in extractor/app/explain.py)

app.command("explain", no_args_is_help=True)(explain_command)


def _interrupted() -> int:
    """One line saying what was kept; 130 for Ctrl-C, 143 for SIGTERM (128 + the signal, as shells do)."""
    import signal

    from extractor.app.cli_common import lang
    from extractor.app.i18n import t

    progress = state.get("progress")
    if progress is None:
        say(t("message.interrupted", lang()))
    else:
        counts, output = progress
        done = counts["files"] + counts["skipped"]
        where = (t("message.interrupted_written", lang(), output=output) if output is not None
                 else t("message.interrupted_done", lang()))
        say(t("message.interrupted_after", lang(), done=done, total=counts["total"], where=where))
    return 128 + (stop.asked() or signal.SIGINT)


def _usage_errors():
    """The exceptions of a command line typer could not parse (its click or the vendored one)."""
    try:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError
    except ImportError:  # typer before it vendored click
        from click.exceptions import ClickException, NoArgsIsHelpError
    return ClickException, NoArgsIsHelpError


def usage_error_line(exc) -> str:
    """A usage error as one line, with where to read more: `No such option: --formt (Possible options:
    --format, --ocr); see 'slax extract --help'`."""
    message = " ".join(exc.format_message().split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        message += f"; see '{ctx.command_path} {ctx.help_option_names[0]}'"
    return message


def main(argv: Optional[list[str]] = None) -> int:
    import signal

    from extractor.document.read import ReadError

    click_exception, no_args_is_help = _usage_errors()
    # SIGTERM (kill, a scheduler's stop) unwinds like Ctrl-C: writers keep every finished result.
    stop.forget()
    previous = signal.signal(signal.SIGTERM, stop.ask)
    previous_int = signal.signal(signal.SIGINT, stop.ask)
    try:
        # Not standalone: usage errors come here to be printed as one line (typer would box them in a panel).
        code = app(args=argv, prog_name="slax", standalone_mode=False)
        if stop.asked():  # typer turns the KeyboardInterrupt into exit 130
            return _interrupted()
        return code if isinstance(code, int) else 0
    except SystemExit as exc:
        if stop.asked():
            return _interrupted()
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except no_args_is_help as exc:  # `slax extract` alone: its help (rich has printed it already)
        if isinstance(exc.format_message(), str) and exc.format_message().strip():
            typer.echo(exc.format_message())
        return 2
    except click_exception as exc:
        error(usage_error_line(exc))
        return exc.exit_code
    except typer.Abort:  # end of input at a prompt
        error("aborted")
        return 1
    except ReadError as exc:
        error(str(exc))
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # the user gets one line; --debug shows the traceback
        if stop.asked():  # a library turned the interrupt into its own error: still an interrupt
            return _interrupted()
        if state["debug"]:
            raise
        from extractor.app.outputs import OutputError

        error(str(exc) if isinstance(exc, OutputError) else f"{type(exc).__name__}: {exc}")
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        stop.forget()  # the next call of main in this process (a test, a host program) starts unstopped


if __name__ == "__main__":
    sys.exit(main())
