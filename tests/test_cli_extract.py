"""`slax extract` end to end: every output format, parallel runs, failures, --resume."""
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.app.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
runner = CliRunner()

# Small letters in several phrasings; `make_folder` varies the figures so every file differs.
TEMPLATES = [
    "运维服务承诺书\n一、服务可用性\n系统可用性不低于{avail}%。\n二、故障响应\n接到报修后{resp}分钟内响应,"
    "{rec}小时内恢复服务。\n三、违约责任\n每超时1小时,按当月服务费的{rate}%支付违约金。\n承诺方:__________\n",
    "售后服务承诺书\n1.平台月度可用性达到{avail}%以上。\n2.一级故障{resp}分钟内响应,{rec}小时内解决。\n"
    "3.未达标的,乙方按合同总价的{rate}%向甲方支付违约金。\n投标人(盖章):某某科技有限公司\n",
]


def make_letter(i: int) -> str:
    return TEMPLATES[i % len(TEMPLATES)].format(avail=f"99.{5 + i % 5}", resp=10 + i % 50, rec=1 + i % 8,
                                                rate=1 + i % 9)


def make_folder(root: Path, n: int, corrupt: tuple[int, ...] = ()) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        sub = root / f"batch{i // 50}"
        sub.mkdir(exist_ok=True)
        if i in corrupt:
            # One broken file of each kind a reader sees in real folders.
            kind = corrupt.index(i) % 3
            path = sub / f"f{i:03d}.{('txt', 'pdf', 'docx')[kind]}"
            path.write_bytes([b"\x00\x01\x02\xff\xfe" * 40, b"%PDF-1.4\nnot really a pdf", b"PK\x03\x04broken"][kind])
        else:
            path = sub / f"f{i:03d}.txt"
            path.write_text(make_letter(i), encoding="utf-8")
        files.append(path)
    return files


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def jsonl(path_or_text) -> list[dict]:
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("letters")
    make_folder(root, 24)
    return root


def test_one_file_prints_one_json_document():
    result = run("extract", SAMPLES / "letters" / "letter_02.txt")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["source"]["format"] == "txt"
    assert doc["letters"][0]["availability"][0]["value"] == pytest.approx(0.995)


def test_folder_gives_one_json_line_per_file_in_sorted_order(folder):
    result = run("extract", folder)
    assert result.exit_code == 0, result.output
    paths = [r["source"]["path"] for r in jsonl(result.stdout)]
    assert paths == sorted(str(p) for p in folder.rglob("*.txt"))


def test_mixed_formats_in_one_folder(tmp_path):
    for name in ("letter_02.txt", "letter_05.txt"):
        (tmp_path / name).write_bytes((SAMPLES / "letters" / name).read_bytes())
    (tmp_path / "letter_02.pdf").write_bytes((SAMPLES / "pdf" / "letter_02.pdf").read_bytes())
    (tmp_path / "letter_05.docx").write_bytes((SAMPLES / "docx" / "letter_05.docx").read_bytes())
    result = run("extract", tmp_path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert sorted(r["source"]["format"] for r in jsonl(result.stdout)) == ["docx", "pdf", "txt", "txt"]


def test_table_lists_one_row_per_letter_and_a_summary():
    result = runner.invoke(app, ["extract", str(SAMPLES / "seed"), "-f", "table"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "fastest response" in result.stdout
    assert "≥99.5%" in result.stdout  # letter 2 of the seed
    assert "1 file(s), 9 letter(s), 0 failed" in result.stdout


def test_table_with_resume_is_a_usage_error():
    result = runner.invoke(app, ["extract", str(SAMPLES / "seed"), "-f", "table", "--resume"])
    assert result.exit_code == 2
    assert "--resume needs -o OUT" in result.stderr


def test_csv_has_bom_and_one_row_per_fact(folder, tmp_path):
    out = tmp_path / "facts.csv"
    result = run("extract", folder, "-o", out)
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    avail = [r for r in rows if r["family"] == "availability" and r["kind"] == "availability"]
    assert len({r["file"] for r in avail}) == 24
    first = next(r for r in avail if r["file"].endswith("f000.txt"))
    assert float(first["value"]) == pytest.approx(0.995)
    assert {"file", "letter", "clause", "family", "kind", "value", "text"} <= set(rows[0])
    assert any("承诺方" in r["text"] or r["label"] for r in rows if r["family"] == "blanks")


def test_xlsx_has_a_letters_sheet_and_a_sheet_per_family(folder, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "facts.xlsx"
    result = run("extract", folder, "-o", out)
    assert result.exit_code == 0, result.output
    wb = load_workbook(out, read_only=True)
    assert {"letters", "availability", "timings", "penalties", "blanks", "parties"} <= set(wb.sheetnames)
    letters = list(wb["letters"].iter_rows(values_only=True))
    assert letters[0][:3] == ("file", "sha256", "letter")
    assert len(letters) == 1 + 24
    timings = list(wb["timings"].iter_rows(values_only=True))
    header = timings[0]
    minutes = [row[header.index("minutes")] for row in timings[1:] if row[header.index("kind")] == "response"]
    assert sorted(minutes) == [10 + i for i in range(24)]


def test_sqlite_is_queryable_with_plain_sql(folder, tmp_path):
    out = tmp_path / "facts.sqlite"
    result = run("extract", folder, "-o", out)
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(out)
    below = db.execute("SELECT DISTINCT file FROM facts WHERE family = 'availability' AND kind = 'availability'"
                       " AND value < 0.999").fetchall()
    # figures cycle 99.5 .. 99.9: four of every five files promise less than 99.9%
    assert len(below) == sum(1 for i in range(24) if i % 5 != 4)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 24
    assert db.execute("SELECT COUNT(*) FROM letters").fetchone()[0] == 24
    labels = {r[0] for r in db.execute("SELECT label FROM blanks")}
    assert labels, "the template line 承诺方:____ is a blank"


def test_sqlite_rerun_updates_instead_of_duplicating(tmp_path):
    root = tmp_path / "in"
    files = make_folder(root, 4)
    out = tmp_path / "facts.sqlite"
    assert run("extract", root, "-o", out).exit_code == 0
    counts = lambda: [sqlite3.connect(out).execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                      for t in ("documents", "letters", "facts", "blanks")]
    before = counts()
    assert run("extract", root, "-o", out).exit_code == 0
    assert counts() == before
    files[0].write_text(files[0].read_text(encoding="utf-8").replace("99.5", "99.99"), encoding="utf-8")
    assert run("extract", root, "-o", out).exit_code == 0
    db = sqlite3.connect(out)
    assert db.execute("SELECT COUNT(*) FROM documents WHERE path = ?", (str(files[0]),)).fetchone()[0] == 1
    value = db.execute("SELECT value FROM facts WHERE file = ? AND family = 'availability'", (str(files[0]),))
    assert value.fetchone()[0] == pytest.approx(0.9999)


def test_parallel_output_equals_serial_output(folder, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("extract", folder, "-j", "1", "-o", one).exit_code == 0
    assert run("extract", folder, "-j", "2", "-o", two).exit_code == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_folder_with_corrupt_files_gives_error_records_and_fails(tmp_path):
    make_folder(tmp_path / "in", 200, corrupt=(17, 101, 188))
    out = tmp_path / "all.jsonl"
    result = run("extract", tmp_path / "in", "-j", "2", "-o", out)
    assert result.exit_code == 1
    records = jsonl(out)
    errors = [r["error"] for r in records if "error" in r]
    assert len(records) == 200 and len(errors) == 3
    assert sorted(Path(e["path"]).stem for e in errors) == ["f017", "f101", "f188"]
    stderr_errors = [line for line in result.stderr.splitlines() if line.startswith("slax: error: ")]
    assert len(stderr_errors) == 3 and all("f017" in line or "f101" in line or "f188" in line
                                           for line in stderr_errors)
    assert "200 file(s), 197 letter(s), 3 failed" in result.stderr


def test_resume_jsonl_skips_done_files_and_keeps_their_results(tmp_path):
    root = tmp_path / "in"
    files = make_folder(root, 6)
    out = tmp_path / "out.jsonl"
    assert run("extract", root, "-o", out).exit_code == 0
    full = out.read_text(encoding="utf-8")
    lines = full.splitlines(keepends=True)
    out.write_text("".join(lines[:3]), encoding="utf-8")  # as if the first run stopped after three files
    result = run("extract", root, "-o", out, "--resume")
    assert result.exit_code == 0, result.output
    assert "3 skipped" in result.stderr
    assert [r["source"]["path"] for r in jsonl(out)] == [str(f) for f in files]
    assert jsonl(out) == jsonl(full)


def test_resume_sqlite_skips_done_files(tmp_path):
    root = tmp_path / "in"
    make_folder(root, 5)
    out = tmp_path / "out.db"
    assert run("extract", root, "-o", out).exit_code == 0
    result = run("extract", root, "-o", out, "--resume")
    assert "0 file(s), 0 letter(s), 0 failed, 5 skipped" in result.stderr
    assert sqlite3.connect(out).execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 5


@pytest.mark.parametrize("args, message", [
    (["-f", "xlsx"], "give -o OUT"),
    (["-f", "sqlite"], "give -o OUT"),
    (["-f", "csv", "--resume", "-o", "x.csv"], "--resume works with jsonl or sqlite"),
    (["-f", "table", "-o", "x.txt"], "--format table prints to the terminal"),
])
def test_output_mistakes_are_one_line_errors(args, message, folder):
    result = run("extract", folder, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("slax: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_failed_write_leaves_the_previous_output_untouched(tmp_path, monkeypatch):
    root = tmp_path / "in"
    make_folder(root, 3)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    from extractor.app import outputs

    def boom(self, result):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs.JsonlWriter, "write", boom)
    result = run("extract", root, "-o", out)
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
