"""Every example in README.md is true: each `console` block's commands run, and the lines it shows appear in
the real output in that order (`...` stands for lines left out); each `python` block runs without error."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(console|python)\n(.*?)```", re.S)


def console_examples() -> list[tuple[str, list[str]]]:
    examples = []
    for lang, body in BLOCK.findall(README):
        if lang != "console":
            continue
        for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            examples.append((command, shown))
    return examples


def run(command: str) -> str:
    slax = f"{sys.executable} -m extractor"
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(["bash", "-o", "pipefail", "-c", re.sub(r"^slax\b", slax, command)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def test_the_readme_is_short_and_has_examples():
    assert len(README.splitlines()) <= 150
    assert len(console_examples()) >= 7


@pytest.mark.parametrize("command, shown", console_examples(), ids=[c for c, _ in console_examples()])
def test_console_example(command, shown):
    actual = [line.rstrip() for line in run(command).splitlines()]
    at = 0
    for line in (s.rstrip() for s in shown):
        if line == "...":
            continue
        try:
            at = actual.index(line, at) + 1
        except ValueError:
            pytest.fail(f"{command!r}: shown line not in the real output (in order): {line!r}\n" + "\n".join(actual))


@pytest.mark.parametrize("code", [b for lang, b in BLOCK.findall(README) if lang == "python"])
def test_python_example(code):
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
