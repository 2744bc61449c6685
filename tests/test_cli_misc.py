"""Help, version, one-line errors and a lean cold start, through the real entry point."""
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import __version__
from extractor.app.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def slax(*args, **kw):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, **kw)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"slax {__version__}\n")


@pytest.mark.parametrize("command, words", [
    ([], ["extract", "diff", "blanks", "可用性"]),
    (["extract"], ["--format", "jsonl", "sqlite", "--jobs", "--resume", "--glob"]),
    (["diff"], ["--letter", "--text", "markdown", "stricter"]),
    (["blanks"], ["--ignore", "空白栏", "Exit status"]),
])
def test_help(command, words):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert all(w in result.stdout for w in words)


def test_error_is_one_line_without_traceback(tmp_path):
    result = slax("extract", tmp_path / "missing.txt")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"slax: error: {tmp_path / 'missing.txt'}: no such file\n"
    assert result.stdout == ""


def test_output_problem_is_one_line(tmp_path):
    result = slax("extract", ROOT / "tests" / "diff_cases" / "ops_v1.txt", "-f", "sqlite", "-o", tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"slax: error: {tmp_path}: is a folder, not a regular file; -o takes a file name\n"


BUG = ("import sys, extractor.app.api as api\n"
       "def broken(*a, **k): raise RuntimeError('a bug')\n"
       "api.diff = broken\n"
       "from extractor.app.cli import main\n"
       "sys.exit(main(sys.argv[1:]))\n")


@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_error_is_one_line_unless_debug(debug):
    case = ROOT / "tests" / "diff_cases" / "ops_v1.txt"
    args = (["--debug"] if debug else []) + ["diff", str(case), str(case)]
    result = subprocess.run([sys.executable, "-c", BUG, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    if debug:
        assert "Traceback" in result.stderr and "RuntimeError: a bug" in result.stderr
    else:
        assert result.stderr == "slax: error: RuntimeError: a bug\n"


def test_blanks_cold_start_loads_no_heavy_library():
    probe = ("import sys; from extractor.app.cli import main; code = main(['blanks', '-f', 'json', "
             "'samples/letters/letter_01.txt']); "
             "heavy = [m for m in ('spacy', 'jieba', 'openpyxl', 'sqlite3', 'pdfplumber', 'docx', 'rich.table') "
             "if m in sys.modules]; print(code, heavy, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "1 []"


def test_eval_on_a_folder_without_gold_is_an_error(tmp_path):
    result = slax("eval", tmp_path)
    assert result.returncode == 2 and "not a gold folder" in result.stderr and result.stdout == ""
    (tmp_path / "source.txt").write_text(".")
    result = slax("eval", tmp_path)
    assert result.returncode == 2 and "no gold files" in result.stderr
