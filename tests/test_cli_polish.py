"""--help reads as sentences with no <bool> beside flags; usage errors are one line like every other error."""
from __future__ import annotations

import inspect
import os
import re

import pytest
import typer
from _fixtures import run_slax

from extractor.app.cli import app

COMMANDS = typer.main.get_command(app).commands
WIDE = {**os.environ, "COLUMNS": "300"}  # no line wraps inside a Chinese phrase


def words(text: str) -> str:
    """The text without the panels' box drawing and markdown's backticks, its spaces collapsed."""
    return " ".join(re.sub(r"[│╭╮╰╯─`]", " ", text).split())


def test_the_commands_list_gives_each_command_its_whole_first_sentence():
    result = run_slax("--help", env=WIDE)
    assert result.returncode == 0
    shown = words(result.stdout)
    for name, command in COMMANDS.items():
        first = words(inspect.cleandoc(command.help).split("\n\n")[0])
        assert f"{name} {first}" in shown, name
    listed = shown.split(" Commands ", 1)[1]
    assert "..." not in listed.replace("15 分钟, ...)", "")  # nothing cut short (check's help has its own ...)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_shows_no_type_beside_flags(command):
    result = run_slax(*([command] if command else []), "--help", env=WIDE)
    assert result.returncode == 0 and "--help" in result.stdout
    assert "<bool>" not in result.stdout
    if command == "extract":  # a flag and an option that takes a value, on their lines
        resume = next(line for line in result.stdout.splitlines() if "--resume" in line)
        assert "<" not in resume.split("--resume")[1].split("Skip")[0]
        assert "<path>" in next(line for line in result.stdout.splitlines() if "--output" in line)
        assert "needs pip install 'slax[dask]'" in words(result.stdout)  # brackets are text, not markup


@pytest.mark.parametrize("args, says", [
    (["extract", "--formt", "x"], "No such option: --formt (Possible options: --format, --ocr); see "
                                  "'slax extract --help'"),
    (["extract", "-j", "-1", "x"], "Invalid value for '-j' / '--jobs'"),
    (["diff", "a.txt"], "Missing argument 'b'; see 'slax diff --help'"),
    (["diff", "--letter", "0", "a.txt", "b.txt"], "expected N or N:M with letters counted from 1"),
    (["nosuch"], "No such command 'nosuch'; see 'slax --help'"),
])
def test_a_usage_error_is_one_line(args, says):
    result = run_slax(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("slax: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr


def test_a_command_without_arguments_prints_its_help():
    result = run_slax("extract")
    assert result.returncode == 2 and "Usage: slax extract" in result.stdout and result.stderr == ""
