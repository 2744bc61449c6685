"""The progress bar of commands over many files: on stderr when it is a terminal, never in a pipe or a file."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from _fixtures import ROOT, SAMPLES, SLAX, run_slax

pty = pytest.importorskip("pty")


def on_a_terminal(*args) -> tuple[int, str, str]:
    """(exit status, stdout, what the terminal showed) of `slax ARGS` with stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    proc = subprocess.Popen([*SLAX, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown = []
    while True:  # read as it comes, so the child never blocks on a full terminal
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        shown.append(data)
    os.close(master)
    stdout = proc.stdout.read().decode()
    return proc.wait(timeout=300), stdout, b"".join(shown).decode(errors="replace")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("letters")
    for name in ("letter_01.txt", "letter_02.txt", "letter_03.txt"):
        shutil.copy(SAMPLES / "letters" / name, root / name)
    return root


@pytest.mark.parametrize("args, doing", [
    (["extract", "{folder}", "-f", "jsonl"], "extracting"),
    (["check", "{folder}", "-f", "json"], "checking"),
    (["report", "{folder}", "-o", "{out}"], "reading"),
    (["explain", "--summary", "{folder}"], "explaining"),
])
def test_a_terminal_shows_progress_and_stdout_stays_clean(folder, tmp_path, args, doing):
    args = [a.format(folder=folder, out=tmp_path / "report.html") for a in args]
    code, stdout, shown = on_a_terminal(*args)
    assert code in (0, 1), shown
    assert doing in shown and "/3" in shown
    assert doing not in stdout  # results only: the bar never reaches a pipe
    piped = run_slax(*args)
    assert doing not in piped.stderr and piped.stdout == stdout
    if args[0] == "explain":
        assert stdout.count("\n") == 4  # a line per file and the total, in the pipe though stderr is a terminal
