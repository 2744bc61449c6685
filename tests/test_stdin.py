"""Text in, not only files: `-` reads standard input; api.extract_text / extract_bytes take text (issue 14)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.app import api

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt"


def slax(*args, stdin: bytes = b""):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120)


def _without_path(doc: dict, path: str) -> dict:
    doc["source"].pop("path")
    doc["warnings"] = [w.replace(path, "PATH", 1) for w in doc["warnings"]]
    return doc


@pytest.mark.parametrize("letter", [SEED, ROOT / "samples" / "letters" / "letter_03.txt"])
def test_stdin_gives_the_same_document_as_the_file(letter):
    piped = slax("extract", "-", "--format", "json", stdin=letter.read_bytes())
    alone = slax("extract", letter, "--format", "json")
    assert piped.returncode == alone.returncode == 0
    a, b = json.loads(piped.stdout), json.loads(alone.stdout)
    assert a["source"]["path"] == "-"
    assert _without_path(a, "-") == _without_path(b, str(letter))


def test_stdin_name_names_the_source_and_gbk_is_decoded():
    text = "运维服务承诺书\n一、系统可用性不低于99.9%。\n承诺方:____\n"
    result = slax("extract", "-", "--stdin-name", "mail.txt", stdin=text.encode("gbk"))
    doc = json.loads(result.stdout)
    assert doc["source"]["path"] == "mail.txt" and doc["source"]["encoding"] in ("gb18030", "gbk", "gb2312")
    assert doc["letters"][0]["availability"][0]["value"] == 0.999


def test_blanks_reads_stdin():
    result = slax("blanks", "-", "--format", "json", stdin="承诺方:____\n日期:____年__月__日\n".encode())
    assert result.returncode == 1 and len(json.loads(result.stdout)) == 2


@pytest.mark.parametrize("args, stdin, message", [
    (["extract", "-"], b"", b"-: empty input"),
    (["extract", "-", "samples"], b"x", b"must be the only input"),
    (["extract", "-", "--resume", "-o", "/tmp/slax-never.jsonl"], b"x", b"not on - (standard input)"),
    (["extract", "-", "--max-bytes", "10"], "承诺书可用性不低于99.9%".encode(), b"input too large"),
])
def test_stdin_errors_are_one_line(args, stdin, message):
    result = slax(*args, stdin=stdin)
    assert result.returncode == 2 and result.stdout == b""
    assert message in result.stderr and result.stderr.count(b"\n") == 1


def test_text_api_needs_no_temp_file():
    doc = api.extract_text("承诺书\n可用性不低于99.9%,故障响应时间不超过30分钟。")
    assert doc.source.path == "<text>"
    assert doc.letters[0].availability[0].value == 0.999 and doc.letters[0].timings[0].minutes == 30


def test_bytes_api_reads_a_docx_without_a_name(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("运维服务承诺书")
    d.add_paragraph("系统可用性不低于99.95%。")
    path = tmp_path / "x.docx"
    d.save(path)
    doc = api.extract_bytes(path.read_bytes(), name="attachment")
    assert doc.source.format == "docx" and doc.letters[0].availability[0].value == 0.9995
