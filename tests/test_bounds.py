"""Bounded runs: no more workers than CPUs or files, none outliving a killed parent, no temp file outliving
a killed run, a memory cap per worker, a text limit that fits the time limit."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _fixtures import ROOT, SAMPLES, SLAX
from _fixtures import run_slax as slax

from extractor.app import batch, leftovers
from extractor.app.api import safe_extract
from extractor.document.read import ReadLimits, limits_in_force
from extractor.models import ErrorRecord

sys.path.insert(0, str(ROOT / "scripts"))
import make_broken_corpus as corpus  # noqa: E402

LETTERS = sorted((SAMPLES / "letters").glob("*.txt"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("letters")
    for i in range(400):
        (root / f"f{i:04d}.txt").write_bytes(LETTERS[i % len(LETTERS)].read_bytes())
    return root


def children(pid: int) -> set[int]:
    """Every live descendant of ``pid``, from /proc."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                kids = {int(k) for k in task.read_text().split()}
            except OSError:
                continue
            todo += kids - found
            found |= kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---- how many workers --------------------------------------------------------------------------------------

def test_jobs_are_capped_at_the_cpu_count_with_a_notice_and_at_the_file_count():
    notes = []
    cpus = batch.cpu_count()
    assert batch.jobs_count(cpus + 298, files=9, notice=notes.append) == min(cpus, 9)
    assert notes == [f"-j {cpus + 298} is more than the {cpus} CPU(s) here; using {min(cpus, 9)} worker(s)"]
    assert batch.jobs_count(0, files=1000) == cpus
    assert batch.jobs_count(cpus, files=1, notice=notes.append) == 1
    assert len(notes) == 1  # no notice when -j is within the CPUs


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts processes through /proc (Linux)")
def test_a_huge_j_starts_no_more_workers_than_cpus(folder, tmp_path):
    proc = subprocess.Popen([*SLAX, "extract", str(folder), "-j", "300", "-o", str(tmp_path / "out.jsonl")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    most = 0
    while proc.poll() is None:
        most = max(most, len(children(proc.pid)))
        time.sleep(0.05)
    # The workers, and multiprocessing's resource tracker when the platform starts one.
    assert 0 < most <= batch.cpu_count() + 1
    assert "-j 300 is more than the" in proc.stderr.read()
    assert proc.returncode == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 400


# ---- a killed parent -----------------------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds workers through /proc (Linux)")
def test_workers_die_with_a_killed_parent_and_the_next_run_removes_its_temp_file(folder, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*SLAX, "extract", str(folder), "-j", "2", "-o", str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.05)
    assert proc.poll() is None and len(workers) >= 2, "the workers did not start"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    assert not [pid for pid in workers if alive(pid)], "workers outlived their parent"
    left = list(tmp_path.glob(".out.jsonl.*.tmp"))
    assert len(left) == 1  # SIGKILL gives no chance to clean up
    # A concurrent run's temp file: held open by a live process. Both look a few minutes old.
    other = tmp_path / ".out.jsonl.concurrent.tmp"
    other.write_text("")
    for p in (*left, other):
        os.utime(p, (time.time() - 600, time.time() - 600))
    with open(other, "rb"):
        assert slax("extract", LETTERS[0], LETTERS[1], "-o", out).returncode == 0
    assert not left[0].exists() and other.exists()


def test_a_fresh_temp_file_is_kept_even_when_nobody_holds_it(tmp_path):
    # Between creating its temp file and opening it, a starting run holds nothing: age protects it.
    out = tmp_path / "out.json"
    fresh = tmp_path / ".out.json.abc123.tmp"
    fresh.write_text("")
    assert leftovers.remove_stale_temps(out) == [] and fresh.exists()
    os.utime(fresh, (time.time() - 600, time.time() - 600))
    assert leftovers.remove_stale_temps(out) == [fresh] and not fresh.exists()


# ---- memory -----------------------------------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_over_the_memory_cap_is_an_error_record_and_the_run_goes_on(tmp_path, jobs):
    big = tmp_path / "big.docx"
    big.write_bytes(corpus.many_paragraphs(16 * 2**20))  # about 130 KB zipped; parsing needs several hundred MB
    result = slax("extract", big, LETTERS[0], "--format", "jsonl", "-j", jobs, "--max-memory", "300M",
                  "--max-bytes", "20M", "--timeout", "0")
    assert result.returncode == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["error"]["error"].startswith("out of memory reading this file")
    assert second["letters"]
    assert f"slax: error: {big}: out of memory" in result.stderr and "Traceback" not in result.stderr


# ---- text size against the time budget ------------------------------------------------------------------------

def test_a_text_too_long_for_the_time_budget_is_refused_up_front(tmp_path):
    long_line = tmp_path / "long.txt"
    long_line.write_text(LETTERS[0].read_text(encoding="utf-8").replace("\n", "") * 40, encoding="utf-8")
    chars = len(long_line.read_text(encoding="utf-8"))
    seconds = chars / 40_000  # a budget that fits half of the text (40,000 characters/s, half the budget)
    start = time.monotonic()
    with limits_in_force(ReadLimits().within(seconds)):
        refused = safe_extract(long_line)
    assert isinstance(refused, ErrorRecord) and refused.error.startswith("text too long to finish inside")
    assert time.monotonic() - start < 1
    with limits_in_force(ReadLimits().within(seconds * 4)):
        assert not isinstance(safe_extract(long_line), ErrorRecord)


def test_the_cli_refuses_by_text_length_under_its_timeout(tmp_path):
    long_line = tmp_path / "long.txt"
    long_line.write_text(LETTERS[0].read_text(encoding="utf-8").replace("\n", "") * 40, encoding="utf-8")
    result = slax("extract", long_line, "--format", "jsonl", "--timeout", "0.5")
    assert result.returncode == 2  # the only file failed
    assert "text too long to finish inside the time limit" in json.loads(result.stdout)["error"]["error"]


def test_ship_files_without_a_cluster_is_a_usage_error():
    result = slax("extract", LETTERS[0], "--ship-files")
    assert result.returncode == 2
    assert result.stderr == "slax: error: --ship-files sends files to a Dask cluster: give --scheduler too\n"


WATCHED = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from extractor.app import workers
workers._ask_kernel = lambda: None  # as on a system without prctl: the watching thread alone
parent = os.getpid()
child = os.fork()
if child == 0:
    workers.WATCH_INTERVAL = 0.1
    workers.die_with_parent(parent)
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX")
def test_the_watch_thread_alone_ends_a_worker_whose_parent_is_killed():
    proc = subprocess.Popen([sys.executable, "-c", WATCHED, str(ROOT)], stdout=subprocess.PIPE, text=True)
    worker = int(proc.stdout.readline())
    assert alive(worker)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker)


def test_read_limits_reach_the_workers(tmp_path):
    for p in [SAMPLES / "pdf" / "letter_02.pdf", SAMPLES / "pdf" / "letter_05.pdf", *LETTERS[5:7]]:  # 2-page PDFs
        (tmp_path / p.name).write_bytes(p.read_bytes())

    def errors(*limits):
        result = slax("extract", tmp_path, "--format", "jsonl", "-j", "2", *limits)
        return [json.loads(line).get("error", {}).get("error", "ok").split(" (")[0]
                for line in result.stdout.splitlines()]

    assert errors("--max-pages", "1") == ["too many pages", "too many pages", "ok", "ok"]
    assert errors("--max-bytes", "1K") == ["file too large"] * 4


def test_a_zip_header_that_lies_about_its_size_cannot_inflate_past_it(tmp_path):
    """The docx check sums the declared sizes only: zipfile stops each member at its declared size and fails
    its CRC, so a lying header gives 'not a valid .docx', never a gigabyte of XML."""
    import io
    import struct
    import zipfile

    from extractor.document.read import ReadError, read

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"0" * 20_000_000)
    data = bytearray(buf.getvalue())
    name = b"word/document.xml"
    # the size fields of that member: its local header (name at +30, size at +22) and its central
    # directory entry (name at +46, size at +24)
    for name_at, size_at in ((30, 22), (46, 24)):
        pos = next(p for p in range(len(data)) if data[p:p + 2] == b"PK" and data[p + name_at:p + name_at + len(name)]
                   == name)
        data[pos + size_at:pos + size_at + 4] = struct.pack("<I", 100)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert {m.filename: m.file_size for m in z.infolist()}["word/document.xml"] == 100
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="not a valid .docx"):
        read(path)
