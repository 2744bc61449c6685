"""Nothing lost, nothing hangs, nothing escapes: interrupted batches resume to the same output, slow files
time out alone, limits name themselves, symlinks stay inside the folder, documents cannot fetch anything."""
import glob
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from _fixtures import docx_bytes

from extractor.app import batch
from extractor.app.api import safe_extract
from extractor.models import ErrorRecord

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "samples" / "letters").glob("*.txt"))
SLAX = [sys.executable, "-m", "extractor.app.cli"]


def slax(*args, **kw):
    return subprocess.run([*SLAX, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """300 small letters, each with its own figures so that no two results are the same."""
    root = tmp_path_factory.mktemp("many")
    for i in range(300):
        text = LETTERS[i % len(LETTERS)].read_text(encoding="utf-8")
        # Milliseconds give tiny floats (8.3e-05 minutes): resumed records must print them as a fresh run does.
        (root / f"f{i:04d}.txt").write_text(f"{text}\n编号{i}:响应时间不超过{i + 1}分钟,页面响应时间不超过5毫秒。\n",
                                            encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def full_jsonl(folder, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("full") / "full.jsonl"
    assert slax("extract", folder, "-o", out, "-j", "2").returncode == 0
    return out.read_bytes()


def _has_results(tmp: Path) -> bool:
    if tmp.name.endswith(".jsonl.tmp") or ".jsonl." in tmp.name:
        return tmp.stat().st_size > 40_000
    try:
        con = sqlite3.connect(f"file:{tmp}?mode=ro", uri=True, timeout=0.1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0] >= 25
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _interrupt(args: list, out: Path, sig: int) -> subprocess.Popen:
    """Start slax, wait until its temp output holds some results, send `sig`, wait for the exit."""
    proc = subprocess.Popen([*SLAX, *map(str, args)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        tmps = glob.glob(str(out.parent / f".{out.name}.*.tmp"))
        if tmps and _has_results(Path(tmps[0])):
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=120)
    return proc


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_jsonl_keeps_finished_results_and_resume_completes_it(folder, full_jsonl, tmp_path, sig):
    out = tmp_path / "out.jsonl"
    proc = _interrupt(["extract", folder, "-o", out, "-j", "2"], out, sig)
    assert proc.returncode != 0
    assert not glob.glob(str(tmp_path / ".*.tmp")), "the temp file was left behind"
    kept = out.read_bytes().splitlines(keepends=True)
    full = full_jsonl.splitlines(keepends=True)
    assert 0 < len(kept) < len(full)
    assert kept == full[:len(kept)]  # every kept line is complete, valid and the same as in a whole run
    assert slax("extract", folder, "-o", out, "-j", "2", "--resume").returncode == 0
    assert out.read_bytes() == full_jsonl


def _rows(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        queries = {"documents": "SELECT path, sha256, letters, error FROM documents",
                   "facts": "SELECT file, family, kind, value, span_start, span_end, json FROM facts",
                   "blanks": "SELECT file, label, kind, text, line FROM blanks"}
        return {table: sorted(map(repr, con.execute(sql))) for table, sql in queries.items()}
    finally:
        con.close()


def test_sqlite_rerun_and_interrupted_resume_neither_duplicate_nor_drop_rows(folder, tmp_path):
    whole = tmp_path / "whole.sqlite"
    assert slax("extract", folder, "-o", whole, "-j", "2").returncode == 0
    expected = _rows(whole)
    assert len(expected["documents"]) == 300
    assert slax("extract", folder, "-o", whole, "-j", "2").returncode == 0
    assert _rows(whole) == expected
    out = tmp_path / "out.sqlite"
    _interrupt(["extract", folder, "-o", out, "-j", "2"], out, signal.SIGTERM)
    assert 0 < len(_rows(out)["documents"]) < 300
    assert slax("extract", folder, "-o", out, "-j", "2", "--resume").returncode == 0
    assert _rows(out) == expected


def _wrapped_interrupt_on_third(original):
    """`original`, except that the third call is stopped by SIGTERM inside a library that turns the
    KeyboardInterrupt into its own error, as pydantic's JSON serializer does."""
    calls = []

    def call(*args, **kw):
        calls.append(args)
        if len(calls) == 3:
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)  # the handler runs here
            except KeyboardInterrupt:
                raise ValueError("Error serializing to JSON: KeyboardInterrupt") from None
        return original(*args, **kw)
    return call


@pytest.mark.parametrize("suffix,where", [("sqlite", "writer"), ("jsonl", "writer"), ("sqlite", "extraction"),
                                          ("jsonl", "extraction")])
def test_an_interrupt_a_library_reports_as_its_own_error_still_keeps_what_was_written(tmp_path, monkeypatch,
                                                                                       suffix, where):
    from extractor.app import api, cli, outputs_json, outputs_sqlite

    for i, letter in enumerate(LETTERS[:5]):
        (tmp_path / f"f{i}.txt").write_bytes(letter.read_bytes())
    out = tmp_path / f"out.{suffix}"
    if where == "writer":
        writer = {"sqlite": outputs_sqlite.SqliteWriter, "jsonl": outputs_json.JsonlWriter}[suffix]
        monkeypatch.setattr(writer, "write", _wrapped_interrupt_on_third(writer.write))
    else:  # the stopped file must not be written as failed, nor the run go on
        monkeypatch.setattr(api, "extract", _wrapped_interrupt_on_third(api.extract))
    assert cli.main(["extract", str(tmp_path), "-o", str(out), "-j", "1"]) == 128 + signal.SIGTERM
    # A stop during extraction ends the run before the third file; a stop during a write waits until that record is
    # written whole and counted (stop.held), so the library never sees it and the third record is kept.
    kept = ["f0.txt", "f1.txt"] + (["f2.txt"] if where == "writer" else [])
    if suffix == "sqlite":
        assert len(_rows(out)["documents"]) == len(kept)  # no file's rows were ever half-written
    else:
        assert [json.loads(line)["source"]["path"][-6:] for line in out.read_text().splitlines()] == kept
    assert not glob.glob(str(tmp_path / ".*.tmp")), "the temp file was left behind"


# ---- time budgets ------------------------------------------------------------------------------------------

def _slow_on_03(path: str, sentences: bool):
    if path.endswith("letter_03.txt"):
        time.sleep(30)
    return safe_extract(path)


def _stuck_on_03(path: str, sentences: bool):
    # A file stuck in C code: the alarm cannot interrupt it, so the parent must kill the worker.
    if path.endswith("letter_03.txt"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    return safe_extract(path)


@pytest.mark.parametrize("jobs, work", [(1, _slow_on_03), (2, _slow_on_03), (2, _stuck_on_03)],
                         ids=["serial", "workers", "stuck-in-c"])
def test_a_slow_file_times_out_alone_and_the_run_goes_on(monkeypatch, jobs, work):
    monkeypatch.setattr(batch, "GRACE", 1.0)
    start = time.monotonic()
    results = list(batch.run(LETTERS, jobs, work=work, timeout=1.5))
    assert time.monotonic() - start < 25
    assert [Path(getattr(r, "path", None) or r.source.path).name for r in results] == [p.name for p in LETTERS]
    slow = results[[p.name for p in LETTERS].index("letter_03.txt")]
    assert isinstance(slow, ErrorRecord) and slow.error == "timed out after 1.5 s"
    assert all(not isinstance(r, ErrorRecord) for r in results if r is not slow)


def test_cli_timeout_makes_error_records_not_a_failed_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(LETTERS[0].read_bytes())
    result = slax("extract", folder, "--format", "jsonl", "--timeout", "0.000001")
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]["error"] == "timed out after 1e-06 s"


# ---- limits ---------------------------------------------------------------------------------------------------

def test_a_file_over_max_bytes_is_an_error_naming_the_limit(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_bytes(LETTERS[1].read_bytes())
    (folder / "small.txt").write_text("承诺书\n可用性不低于99.9%。", encoding="utf-8")
    result = slax("extract", folder, "--format", "jsonl", "--max-bytes", "1K")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert "file too large" in lines[0]["error"]["error"] and "limit 1024 bytes" in lines[0]["error"]["error"]
    assert "--max-bytes" in result.stderr and lines[1]["letters"]


# ---- safety -----------------------------------------------------------------------------------------------------

def test_symlinks_leading_out_of_the_folder_are_read_only_when_asked(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(LETTERS[0].read_bytes())
    (outside / "other.txt").write_bytes(LETTERS[2].read_bytes())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "own.txt").write_bytes(LETTERS[1].read_bytes())
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linkdir").symlink_to(outside, target_is_directory=True)

    def paths(*extra):
        result = slax("extract", folder, "--format", "jsonl", *extra)
        return sorted(Path(json.loads(line)["source"]["path"]).name for line in result.stdout.splitlines())

    assert paths() == ["own.txt"]
    # linkdir/secret.txt is link.txt's file, read once.
    assert paths("--follow-symlinks") == ["link.txt", "other.txt", "own.txt"]


def test_docx_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER", encoding="utf-8")
    plain = tmp_path / "plain.docx"
    plain.write_bytes(docx_bytes(["承诺书", "可用性不低于99.9%。", "&xxe;&net;"]))
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(hostile, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                doctype = (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">'
                           '<!ENTITY net SYSTEM "http://127.0.0.1:9/x.xml">]>').encode()
                head, sep, body = data.partition(b"?>")
                data = head + sep + doctype + body.replace(b"&amp;xxe;&amp;net;", b"&xxe;&net;")
            dst.writestr(item, data)
    result = safe_extract(hostile)
    if not isinstance(result, ErrorRecord):
        assert "SECRET-MARKER" not in json.dumps(json.loads(result.model_dump_json()), ensure_ascii=False)
    else:
        assert "\n" not in result.error
