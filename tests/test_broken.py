"""Broken, odd and hostile files: each gives a correct extraction or a one-line error naming file and cause,
and in a batch the other files are unaffected."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _fixtures import CJK_FONT

from extractor.app.api import extract, safe_extract
from extractor.document.read import ReadLimits, limits_in_force
from extractor.models import ErrorRecord

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_broken_corpus as corpus  # noqa: E402

pytestmark = pytest.mark.skipif(not CJK_FONT.exists(), reason="CJK font needed to build the PDFs")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("broken")
    corpus.make(folder)
    return folder


def _timings(doc):
    return sorted((t.kind, t.minutes) for letter in doc.letters for t in letter.timings)


# Every file with the default engine; PDFs again with pdfplumber (the engine only matters for PDFs).
CASES = [(name, expected, "pdfium") for name, expected in sorted(corpus.EXPECTED.items())] + [
    (name, expected, "pdfplumber") for name, expected in sorted(corpus.EXPECTED.items()) if name.endswith(".pdf")]


@pytest.mark.parametrize("name, expected, engine", CASES)
def test_each_broken_file_reads_or_fails_in_one_line(broken, name, expected, engine):
    with limits_in_force(ReadLimits(max_bytes=corpus.LIMIT_BYTES, pdf_engine=engine)):
        result = safe_extract(broken / name)
    if isinstance(result, ErrorRecord):
        assert "\n" not in result.error and result.path == str(broken / name)
        # pdfplumber does not rebuild a damaged xref table; a clear error is the other acceptable outcome.
        if not (expected == "ok" and engine == "pdfplumber" and name == "broken_xref.pdf"):
            assert expected != "ok", result.error
            assert expected in result.error
    else:
        assert expected == "ok"
        assert result.letters and _timings(result)


@pytest.mark.parametrize("name", ["html_saved_as.txt", "utf16le_no_bom.txt", "utf16be_no_bom.txt",
                                  "mixed_line_ends.txt", "gb18030.txt"])
def test_text_variants_give_the_facts_of_the_plain_letter(broken, name):
    assert _timings(extract(broken / name)) == _timings(extract(corpus.LETTER))


def test_encrypted_pdf_with_an_empty_user_password_is_read_like_the_plain_one(broken):
    assert _timings(extract(broken / "encrypted_empty_user_password.pdf")) == _timings(
        extract(broken / "broken_xref.pdf"))


def test_a_batch_with_broken_files_keeps_every_good_result(broken, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in corpus.EXPECTED:
        if name not in corpus.SPECIAL:  # a folder walk skips pipes and devices: they are named below
            (folder / name).write_bytes((broken / name).read_bytes())
    good = sorted((ROOT / "samples" / "letters").glob("*.txt"))[:4]
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    corpus.make_special(folder)
    special = [folder / name for name in corpus.SPECIAL]
    proc = subprocess.run([sys.executable, "-m", "extractor.app.cli", "extract", str(folder), *map(str, special),
                           "--format", "jsonl", "-j", "2", "--max-bytes", str(corpus.LIMIT_BYTES)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1  # some files failed
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == len(corpus.EXPECTED) + len(good)
    by_name = {Path(r["error"]["path"] if "error" in r else r["source"]["path"]).name: r for r in records}
    for p in good:
        alone = json.loads(extract(p).model_dump_json())
        assert by_name[p.name]["letters"] == alone["letters"]
    failed = {n for n, e in corpus.EXPECTED.items() if e != "ok"}
    assert {n for n, r in by_name.items() if "error" in r} == failed
    errors = [line for line in proc.stderr.splitlines() if line.startswith("slax: error:")]
    assert len(errors) == len(failed)
    for name in failed:
        assert any(str(folder / name) in line and corpus.EXPECTED[name] in line for line in errors), name


@pytest.mark.parametrize("command", [["extract", "--format", "jsonl"], ["blanks", "--format", "json"],
                                     ["check", "--format", "json"], ["report", "-o", "REPORT"]])
def test_pipes_devices_and_unreadable_files_named_on_the_command_line_cost_only_themselves(broken, tmp_path,
                                                                                           command):
    """A FIFO, a socket, /dev/zero and a file whose read fails each give their one-line error at once (no
    command waits on them), and the letter named after them is still read."""
    letter = tmp_path / "letter.txt"
    letter.write_bytes(corpus.LETTER.read_bytes())
    special = [broken / name for name in corpus.SPECIAL]
    args = [a.replace("REPORT", str(tmp_path / "report.html")) for a in command]
    proc = subprocess.run([sys.executable, "-m", "extractor.app.cli", *args, *map(str, special), str(letter)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("slax: error:")]
    assert len(errors) == len(special), proc.stderr
    for path in special:
        assert any(line.startswith(f"slax: error: {path}: {corpus.SPECIAL[path.name]}") for line in errors)
    assert "Traceback" not in proc.stderr
    # blanks and check: 2, a gate never passes on files it could not read; extract and report: 1, a file failed
    assert proc.returncode == (2 if command[0] in ("blanks", "check") else 1)
    if command[0] == "extract":
        assert json.loads(proc.stdout.splitlines()[-1])["letters"]
    elif command[0] == "blanks":
        assert {b["file"] for b in json.loads(proc.stdout)} == {str(letter)}
    elif command[0] == "check":
        assert str(letter) in proc.stdout
    else:
        assert "1 file(s)" in proc.stderr and (tmp_path / "report.html").stat().st_size > 0
