"""`slax blanks`: every unfilled blank, exit 1 when any, 0 when none, 2 on unreadable input."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.app.cli import app

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "diff_cases"
runner = CliRunner()


def blanks(*args):
    return runner.invoke(app, ["blanks", *[str(a) for a in args]], env={"COLUMNS": "200"})


def test_samples_folder_has_blanks_with_labels():
    result = blanks(ROOT / "samples", "-f", "json")
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert {Path(r["file"]).suffix for r in records} == {".txt", ".pdf", ".docx", ".html"}
    assert all(r["label"] and r["text"] and r["context"] and r["line"] for r in records)
    letter1 = [r for r in records if r["file"].endswith("letters/letter_01.txt")]
    assert {"承诺人签名", "签订日期"} <= {r["label"] for r in letter1}
    assert any(r["page"] == 2 for r in records if r["file"].endswith("pdf/letter_02.pdf"))


def test_table_lists_file_clause_label_and_context():
    result = blanks(CASES / "template.txt", "-f", "table")
    assert result.exit_code == 1
    assert "项目编号" in result.stdout and "可用性百分比" in result.stdout
    assert "11 blank(s) in 1 file(s)" in result.stdout


def test_filled_letter_has_none():
    result = blanks(CASES / "filled.txt", "-f", "table")
    assert (result.exit_code, result.stdout) == (0, "no unfilled blanks\n")
    assert blanks(CASES / "filled.txt").stdout == ""  # piped: one line per blank, so none at all


def test_piped_output_is_one_line_per_blank_with_line_and_column():
    """`slax blanks f | cat`: path:line:col: [label] context, like ruff or ripgrep (issue 14)."""
    result = blanks(CASES / "template.txt")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and len(lines) == 11
    source = (CASES / "template.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        path, row, col, rest = line.split(":", 3)
        assert path == str(CASES / "template.txt") and rest.startswith(" [")
        blank = json.loads(blanks(CASES / "template.txt", "-f", "json").stdout)[lines.index(line)]["text"]
        assert source[int(row) - 1][int(col) - 1:].startswith(blank)


@pytest.mark.parametrize("ignore, left", [
    (["日期"], 10),
    (["*日期", "项目*"], 8),
    (["*"], 0),
])
def test_ignore_drops_labels(ignore, left):
    args = [a for label in ignore for a in ("--ignore", label)]
    result = blanks(CASES / "template.txt", "-f", "json", *args)
    assert len(json.loads(result.stdout)) == left
    assert result.exit_code == (1 if left else 0)


def test_unreadable_file_exits_2_and_others_are_still_listed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "template.txt").write_bytes((CASES / "template.txt").read_bytes())
    result = blanks(tmp_path, "-f", "json")
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)) == 11
    assert result.stderr == f"slax: error: {tmp_path / 'empty.txt'}: empty file\n"


def test_python_api_mirrors_the_command():
    from extractor.app import api

    records = api.blanks(CASES / "template.txt", ignore=["日期"])
    assert len(records) == 10 and records[0].file.endswith("template.txt")
    assert type(records[0]).__name__ == "BlankRecord"
