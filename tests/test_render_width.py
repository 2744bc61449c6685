"""At 80 columns no table header breaks inside a word (`availabili ty`): a column is at least as wide as the longest
word of its header. (Cells may still fold; the letters table is then a little wider than 80.)"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("args, headers", [
    (["extract", "samples/letters", "--format", "table"],
     ["file", "letter", "promisor", "uptime", "fastest", "response", "recovery", "main", "penalty", "blanks"]),
    (["diff", "tests/diff_cases/ops_v1.txt", "tests/diff_cases/ops_v2.txt"],
     ["letter", "family", "what", "old", "new", "direction", "clause"]),
    (["blanks", "samples/letters/letter_02.txt", "--format", "table"],
     ["file", "letter", "clause", "label", "page", "line", "context"]),
])
def test_headers_stay_whole_at_80_columns(args, headers):
    out = subprocess.run([sys.executable, "-m", "extractor", *args], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "80", "PYTHONPATH": str(ROOT)}).stdout
    header_lines = [line for line in out.splitlines() if line.startswith("┃")]
    words = {w for line in header_lines for w in line.replace("┃", " ").split()}
    assert header_lines and set(headers) <= words, (set(headers) - words, out[:800])


def test_paths_are_relative_and_shortened_from_the_left(tmp_path, monkeypatch):
    from extractor.app.render import short_path

    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "contracts" / "2024" / "vendor" / "letter_01.txt"
    assert short_path(str(inside), 40) == "contracts/2024/vendor/letter_01.txt"  # relative to the working folder
    assert short_path(str(inside), 16) == "…r/letter_01.txt"  # the end, with the file name, is kept
    assert short_path("/elsewhere/deep/folder/甲方函件.txt", 16) == "…er/甲方函件.txt"  # CJK counts two cells
    assert short_path("a.txt", 16) == "a.txt"
