"""The slax command line: a thin layer over extractor.app.api.

This module makes the app and registers the commands; each command's code is in a cli_* module by concern
(cli_extract, cli_compare, cli_inspect), and what they share is in cli_common."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from extractor import __version__
from extractor.app import cli_compare, cli_extract, cli_inspect
from extractor.app.cli_common import error, read_options_from_env, say, state

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="slax: extract SLA commitments (可用性, 响应/恢复时限, 违约金, 空白栏) from Chinese SLA letters "
    "(.txt/.pdf/.docx/.html) into source-grounded JSON.",
)


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


def _terminated(signum, frame):
    # SIGTERM (kill, a scheduler's stop) unwinds like Ctrl-C: writers keep every finished result.
    state["signal"] = signum
    raise KeyboardInterrupt


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
    return 128 + state.get("signal", signal.SIGINT)


def main(argv: Optional[list[str]] = None) -> int:
    import signal

    from extractor.document.read import ReadError

    previous = signal.signal(signal.SIGTERM, _terminated)
    previous_int = signal.signal(signal.SIGINT, _terminated)
    try:
        app(args=argv, prog_name="slax", standalone_mode=True)
    except SystemExit as exc:
        if "signal" in state:  # typer turns the KeyboardInterrupt into a silent exit 130
            return _interrupted()
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ReadError as exc:
        error(str(exc))
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # the user gets one line; --debug shows the traceback
        if state["debug"]:
            raise
        from extractor.app.outputs import OutputError

        error(str(exc) if isinstance(exc, OutputError) else f"{type(exc).__name__}: {exc}")
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    return 0


if __name__ == "__main__":
    sys.exit(main())
