"""`-o` never clobbers what isn't ours, --resume keeps one record per path, failures are honest (issues 13, 16).

Each test here failed on the code before these changes: `-o` replaced devices, FIFOs, symlinks and input letters;
--resume kept stale records; a failed single file replaced a good output with 0 bytes; CSV cells could be formulas;
Ctrl-C/SIGTERM said nothing; `blanks` printed "no unfilled blanks" for a file it never read.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.app import outputs
from extractor.app.outpath import OutputError, OutputLock, output_target, shown

ROOT = Path(__file__).resolve().parent.parent
LETTER = "承诺书\n一、可用性不低于99.9%,故障响应时间不超过30分钟。\n承诺方:____\n"
SEED = ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt"


def slax(*args, **kw):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, **kw)


@pytest.fixture
def letter(tmp_path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    return path


# ---- where -o may write ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("make, what", [
    (lambda d: Path("/dev/null"), "is a device"),
    (lambda d: (os.mkfifo(d / "f.json"), d / "f.json")[1], "is a FIFO"),
    (lambda d: (os.mkdir(d / "out.json"), d / "out.json")[1], "is a folder"),
])
def test_output_that_is_not_a_regular_file_is_refused(tmp_path, letter, make, what):
    out = make(tmp_path)
    result = slax("extract", letter, "-o", out, "-f", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"slax: error: {out}: {what}, not a regular file") and result.stderr.count("\n") == 1


def test_dev_null_is_left_a_device():
    with pytest.raises(OutputError):
        output_target(Path("/dev/null"))
    assert Path("/dev/null").is_char_device()


def test_output_that_is_an_input_is_refused_and_the_letter_kept(tmp_path, letter):
    result = slax("extract", letter, "-o", letter, "-f", "json")
    assert result.returncode == 2 and "is also an input" in result.stderr
    assert letter.read_text(encoding="utf-8") == LETTER
    folder_run = slax("extract", tmp_path, "-o", letter, "-f", "jsonl")  # the letter found inside a folder
    assert folder_run.returncode == 2 and letter.read_text(encoding="utf-8") == LETTER


def test_symlink_to_a_regular_file_is_written_through_and_stays_a_link(tmp_path, letter):
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old")
    link.symlink_to(real)
    assert slax("extract", letter, "-o", link).returncode == 0
    assert link.is_symlink() and json.loads(real.read_text())["letters"][0]["availability"][0]["value"] == 0.999


def test_symlink_to_nothing_is_refused(tmp_path, letter):
    link = tmp_path / "dangling.json"
    link.symlink_to(tmp_path / "nowhere.json")
    result = slax("extract", letter, "-o", link)
    assert result.returncode == 2 and "symlink to a missing file" in result.stderr
    assert not (tmp_path / "nowhere.json").exists()


def test_dash_is_stdout(letter):
    result = slax("extract", letter, "-o", "-")
    assert result.returncode == 0 and json.loads(result.stdout)["letters"][0]["title"] == "承诺书"
    assert not (ROOT / "-").exists()


@pytest.mark.parametrize("name", ["out.yaml", "out.parquet", "out"])
def test_unknown_output_suffix_is_an_error_naming_the_supported_ones(tmp_path, letter, name):
    result = slax("extract", letter, "-o", tmp_path / name)
    assert result.returncode == 2 and ".jsonl" in result.stderr and ".xlsx" in result.stderr
    assert not (tmp_path / name).exists()
    assert slax("extract", letter, "-o", tmp_path / name, "-f", "jsonl").returncode == 0  # explicit format: fine


def test_permission_error_names_the_output_not_the_temp_file(letter):
    result = slax("extract", letter, "-o", "/sys/slax-out.json")
    assert result.returncode == 2
    assert result.stderr.startswith("slax: error: /sys/slax-out.json: cannot write (") and ".tmp" not in result.stderr


def test_second_writer_of_the_same_output_is_told_it_is_in_use(tmp_path, letter):
    out = tmp_path / "out.jsonl"
    out.write_text("")
    with OutputLock(out):
        result = slax("extract", letter, "-o", out)
        assert result.returncode == 2 and "in use by another slax run" in result.stderr
        assert out.read_text() == ""
    assert not out.with_name("out.jsonl.lock").exists()  # released and removed
    assert slax("extract", letter, "-o", out).returncode == 0


def test_check_and_report_outputs_are_guarded_too(tmp_path, letter):
    for command in (["check", letter, "-f", "json", "-o", letter], ["report", letter, "-o", letter]):
        result = slax(*command)
        assert result.returncode == 2 and "is also an input" in result.stderr
    assert letter.read_text(encoding="utf-8") == LETTER


# ---- a failed run keeps the previous output ----------------------------------------------------------------------

def test_failed_single_file_keeps_the_previous_good_output(tmp_path, letter):
    out = tmp_path / "out.json"
    assert slax("extract", letter, "-o", out).returncode == 0
    good = out.read_bytes()
    letter.write_bytes(b"")  # an empty file is an error
    result = slax("extract", letter, "-o", out)
    assert result.returncode == 2 and out.read_bytes() == good
    assert "wrote" not in result.stderr and "left as it was" in result.stderr


@pytest.mark.parametrize("command", [["extract"], ["blanks"], ["check"], ["blanks", "-f", "json"],
                                     ["check", "-f", "json"]])
def test_missing_input_prints_nothing_on_stdout_and_exits_2(tmp_path, command):
    missing = tmp_path / "missing.txt"
    result = slax(*command, missing)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"slax: error: {missing}: no such file\n"


def test_a_missing_input_does_not_cost_the_other_files_their_results(tmp_path, letter):
    out = tmp_path / "out.jsonl"
    result = slax("extract", letter, tmp_path / "missing.txt", "-o", out)
    assert result.returncode == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [("error" in r) for r in records] == [False, True]


def test_control_characters_in_a_file_name_stay_on_one_line(tmp_path):
    odd = tmp_path / "a\nb\x1b.txt"
    result = slax("extract", odd)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "a\\nb\\x1b.txt" in result.stderr
    assert shown("合同\t.txt") == "合同\\t.txt" and shown("合同.txt") == "合同.txt"


# ---- spreadsheets never run letter text --------------------------------------------------------------------------

@pytest.mark.parametrize("text, safe", [
    ("=1+2*3", "'=1+2*3"), ("+86 10 1234", "'+86 10 1234"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("承诺方", "承诺方"), ("99.9%", "99.9%"), (-5, -5), (0.999, 0.999),
])
def test_spreadsheet_cells_starting_like_a_formula_are_text(text, safe):
    assert outputs.spreadsheet_safe(text) == safe


def test_csv_cells_from_a_letter_are_neutralised(tmp_path):
    from test_outputs import document

    out = tmp_path / "out.csv"
    with outputs.open_writer("csv", out) as w:
        w.write(document(text="=cmd|' /C calc'!A0"))
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert "'=cmd|' /C calc'!A0" in rows[1] and ",=cmd" not in rows[1]


# ---- --resume keeps one record per path --------------------------------------------------------------------------

def _records(out: Path) -> dict:
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    paths = [r["source"]["path"] for r in lines]
    assert len(paths) == len(set(paths)), "a path has two records"
    return {Path(p).name: r for p, r in zip(paths, lines)}


def test_resume_replaces_edited_and_drops_deleted_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert slax("extract", folder, "-o", out).returncode == 0
    (folder / "b.txt").write_text(LETTER.replace("99.9%", "99.5%"), encoding="utf-8")
    (folder / "c.txt").unlink()
    result = slax("extract", folder, "-o", out, "--resume")
    assert result.returncode == 0 and "1 skipped" in result.stderr
    assert "1 replaced, 1 dropped" in result.stderr
    records = _records(out)
    assert sorted(records) == ["a.txt", "b.txt"]
    assert records["b.txt"]["letters"][0]["availability"][0]["value"] == 0.995


def test_resume_keep_missing_keeps_deleted_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(LETTER, encoding="utf-8")
    (folder / "gone.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert slax("extract", folder, "-o", out).returncode == 0
    (folder / "gone.txt").unlink()
    assert slax("extract", folder, "-o", out, "--resume", "--keep-missing").returncode == 0
    assert sorted(_records(out)) == ["a.txt", "gone.txt"]


def test_resume_with_an_old_file_holding_a_path_twice_keeps_one_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert slax("extract", folder, "-o", out).returncode == 0
    line = out.read_text(encoding="utf-8")
    stale = line.replace(json.loads(line)["source"]["sha256"], "0" * 64)
    out.write_text(stale + line, encoding="utf-8")  # as older versions wrote after an edit
    assert slax("extract", folder, "-o", out, "--resume").returncode == 0
    assert list(_records(out)) == ["a.txt"]


def test_sqlite_resume_drops_deleted_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "gone.txt"):
        (folder / name).write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out.sqlite"
    assert slax("extract", folder, "-o", out).returncode == 0
    (folder / "gone.txt").unlink()
    result = slax("extract", folder, "-o", out, "--resume")
    assert result.returncode == 0 and "1 dropped" in result.stderr
    with sqlite3.connect(out) as db:
        paths = [Path(r[0]).name for r in db.execute("SELECT path FROM documents")]
        orphans = db.execute("SELECT COUNT(*) FROM facts WHERE document_id NOT IN (SELECT id FROM documents)")
        assert paths == ["a.txt"] and orphans.fetchone()[0] == 0


# ---- interrupts say what was kept --------------------------------------------------------------------------------

@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_prints_one_line_and_exits_128_plus_signal(tmp_path, sig, code):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(400):
        (folder / f"f{i:03}.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "extractor.app.cli", "extract", folder, "-o", out], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120

    def started() -> bool:  # a record (86 KB, more than the write buffer) has reached the temp file
        return any(tmp.stat().st_size for tmp in tmp_path.glob(".out.jsonl.*.tmp"))

    while time.monotonic() < deadline and not started():
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("slax: interrupted: ")
    written = len(out.read_text(encoding="utf-8").splitlines())
    assert lines[0] == f"slax: interrupted: {written} of 400 files written to {out}; rerun with --resume"
    assert 0 < written < 400


def test_output_in_new_folders_is_created_and_a_file_in_the_way_is_named(tmp_path, letter):
    out = tmp_path / "new" / "deeper" / "out.jsonl"
    assert slax("extract", letter, "-o", out).returncode == 0 and out.exists()
    assert not out.with_name("out.jsonl.lock").exists()
    (tmp_path / "afile").write_text("x")
    result = slax("extract", letter, "-o", tmp_path / "afile" / "out.jsonl")
    assert result.returncode == 2 and f"({tmp_path / 'afile'} is a file, not a folder)" in result.stderr
