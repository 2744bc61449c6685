"""`slax segment`: the letters and clause tree of any .txt/.pdf/.docx, and one-line errors for bad input."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _fixtures import cjk_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def slax(*args):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("path", ["letters/letter_05.txt", "pdf/letter_05.pdf", "docx/letter_05.docx"])
def test_tree_shows_letter_and_nested_clauses(path):
    result = slax("segment", SAMPLES / path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 letter(s)" in out and "服务水平连续性保证承诺书" in out
    for clause in ("三 承诺内容", "三.2 服务连续性目标", "三.2.(1) 核心服务可用性", "八 承诺人签名"):
        assert clause in out


def test_seed_tree_has_nine_letters_and_flags_the_truncated_one():
    result = slax("segment", SAMPLES / "seed" / "sla_commitment_letters_9.txt")
    assert "9 letter(s)" in result.stdout
    assert result.stdout.count("(truncated)") == 1 and "第(9)篇 (truncated)" in result.stdout


def test_piped_header_is_one_line_whatever_the_path_length_or_width(tmp_path):
    deep = tmp_path / ("很长的供应商文件夹名称" * 4) / "[草稿] letter.txt"
    deep.parent.mkdir()
    deep.write_bytes((SAMPLES / "letters" / "letter_05.txt").read_bytes())
    result = subprocess.run([sys.executable, "-m", "extractor.app.cli", "segment", str(deep)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "40"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{deep} (txt, utf-8): 1 letter(s)"


def test_json_gives_clause_spans_into_the_source_text():
    path = SAMPLES / "seed" / "sla_commitment_letters_9.txt"
    data = json.loads(slax("segment", path, "--format", "json", "--sentences").stdout)
    source = path.read_text(encoding="utf-8")
    assert len(data["letters"]) == 9
    letter = data["letters"][2]
    clause = next(c for c in letter["clauses"] if c["id"] == "1.2")
    assert source[clause["span"]["start"]:].startswith("1.2適用范圍")
    assert clause["heading"] == "适用范围"
    assert all(s["text"] == source[s["span"]["start"]:s["span"]["end"]] for s in letter["sentences"])


def _zip_docx(p):
    import zipfile

    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "not a word document")


BAD = [
    ("missing.txt", None, "no such file"),
    ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("junk.pdf", lambda p: p.write_bytes(bytes(range(256)) * 20), "not a valid PDF"),
    ("scan.pdf", lambda p: p.write_bytes(cjk_pdf([], image=True)), "no text layer"),
    ("locked.pdf", lambda p: p.write_bytes(cjk_pdf(["服务可用性不低于99.9%。"], user_password="pw")), "encrypted PDF"),
    ("old.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600), ".doc"),
    ("fake.docx", _zip_docx, "not a valid .docx"),
    ("notes.odt", lambda p: p.write_text("x"), "unsupported file type"),
]


@pytest.mark.parametrize("name, make, reason", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_naming_file_and_reason(tmp_path, name, make, reason):
    path = tmp_path / name
    if make:
        make(path)
    result = slax("segment", path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"slax: error: {path}") and reason in lines[0]


def test_directory_without_documents_is_one_line_error(tmp_path):
    (tmp_path / "notes.md").write_text("# nothing", encoding="utf-8")
    result = slax("extract", tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [f"slax: error: {tmp_path}: no .txt/.pdf/.docx/.html files found"]
