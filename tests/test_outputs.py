"""Writers of extractor.app.outputs: flat rows, atomic replacement, resume bookkeeping."""
import json
import sqlite3
from pathlib import Path

import pytest

from extractor.app import outputs, outputs_sqlite
from extractor.models import (
    AvailabilityFact,
    BlankFact,
    Document,
    ErrorRecord,
    Letter,
    Money,
    PenaltyFact,
    Source,
    Span,
    TimingFact,
)

SPAN = Span(start=3, end=9, page=2)


def document(path="a.txt", sha="aa", avail=0.999, text="可用性不低于99.9%") -> Document:
    letter = Letter(
        index=1, title="运维服务承诺书", span=Span(start=0, end=100),
        availability=[AvailabilityFact(rule="r", clause="1", text=text, span=SPAN, value=avail, comparator=">=")],
        timings=[TimingFact(rule="r", clause="2", text="30分钟内响应", span=SPAN, kind="response", value=30,
                            unit="minute", minutes=30, comparator="<=")],
        penalties=[PenaltyFact(rule="r", clause="3", text="违约金5万元", span=SPAN, kind="liquidated_damages",
                               amount=Money(value=50000, text="5万元"))],
        blanks=[BlankFact(label="签订日期", kind="date", text="__年__月__日", clause="4", span=SPAN, line=7,
                          context="签订日期:__年__月__日")],
    )
    return Document(source=Source(path=path, format="txt", sha256=sha), letters=[letter])


@pytest.mark.parametrize("family, column, value", [
    ("availability", "value", 0.999),
    ("availability", "kind", "availability"),
    ("timings", "minutes", 30),
    ("timings", "unit", "minute"),
    ("penalties", "amount", 50000),
    ("penalties", "value", 50000),  # no rate: the amount is the numeric value
    ("blanks", "label", "签订日期"),
    ("blanks", "line", 7),
])
def test_fact_rows_flatten_each_family(family, column, value):
    row = next(r for r in outputs.fact_rows(document()) if r["family"] == family)
    assert row[column] == value
    assert (row["file"], row["letter"], row["page"], set(row)) == ("a.txt", 1, 2, set(outputs.FACT_COLUMNS))


def test_atomic_file_replaces_only_on_commit(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    w = outputs.open_writer("jsonl", out)
    w.write(document())
    assert out.read_text() == "old\n"  # nothing visible until the run ends
    w.close(commit=False)
    assert out.read_text() == "old\n" and list(tmp_path.iterdir()) == [out]
    with outputs.open_writer("jsonl", out) as w:
        w.write(document())
    assert json.loads(out.read_text())["source"]["sha256"] == "aa"


def test_interrupt_keeps_what_was_written(tmp_path):
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        with outputs.open_writer("jsonl", out) as w:
            w.write(document())
            raise KeyboardInterrupt
    assert len(out.read_text().splitlines()) == 1


def test_jsonl_resume_knows_done_files_by_sha256_and_keeps_old_results(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("a")  # exists, not in the resumed run: its record stays
    out = tmp_path / "out.jsonl"
    with outputs.open_writer("jsonl", out) as w:
        w.write(document("a.txt", "aa"))
        w.write(ErrorRecord(path="b.txt", error="empty file"))
        w.write(document("c.txt", "cc"))
    with outputs.open_writer("jsonl", out, resume=True) as w:
        assert (w.done("a.txt", "aa"), w.done("b.txt", "bb"), w.done("moved/c.txt", "cc")) == (True, False, True)
        w.skip("moved/c.txt", "cc")
        w.write(document("b.txt", "bb"))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    # c was skipped (its old result moved with the file, c.txt is gone), b re-done, a kept though not in this run
    assert [r["source"]["path"] for r in records] == ["moved/c.txt", "b.txt", "a.txt"]
    assert (w.replaced, w.dropped) == (1, 1)


def test_csv_to_stdout_starts_with_bom(capsys):
    w = outputs.open_writer("csv", None)
    w.write(document())
    w.close()
    out = capsys.readouterr().out
    assert out.startswith("\ufefffile,sha256,letter")
    assert "签订日期" in out


def test_csv_error_row(tmp_path):
    out = tmp_path / "x.csv"
    with outputs.open_writer("csv", out) as w:
        w.write(ErrorRecord(path="bad.pdf", error="file is encrypted"))
    assert "bad.pdf" in out.read_text(encoding="utf-8-sig") and "file is encrypted" in out.read_text("utf-8-sig")


def test_xlsx_keeps_letter_text_that_looks_like_a_formula(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "x.xlsx"
    with outputs.open_writer("xlsx", out) as w:
        w.write(document(text="=HYPERLINK(\"x\")可用性\x0799.9%"))
    ws = load_workbook(out)["availability"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("text") + 1)
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"x\")可用性99.9%"


def test_sqlite_error_then_success_replaces_the_row(tmp_path):
    out = tmp_path / "x.sqlite"
    with outputs.open_writer("sqlite", out) as w:
        w.write(ErrorRecord(path="a.txt", error="empty file"))
    with outputs.open_writer("sqlite", out) as w:
        assert not w.done("a.txt", "aa")
        w.write(document("a.txt", "aa"))
    db = sqlite3.connect(out)
    assert db.execute("SELECT path, sha256, error FROM documents").fetchall() == [("a.txt", "aa", None)]
    assert db.execute("SELECT COUNT(*) FROM facts WHERE document_id = (SELECT id FROM documents)").fetchone() == (4,)
    assert db.execute("SELECT label, line FROM blanks").fetchall() == [("签订日期", 7)]


def test_sqlite_interrupt_inside_a_document_drops_its_partial_rows(tmp_path, monkeypatch):
    out = tmp_path / "x.sqlite"
    real, calls = outputs_sqlite.flatten, []

    def interrupted_on_second_fact(family, fact):
        calls.append(family)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(family, fact)

    with pytest.raises(KeyboardInterrupt):
        with outputs.open_writer("sqlite", out) as w:
            w.write(document("a.txt", "aa"))
            monkeypatch.setattr(outputs_sqlite, "flatten", interrupted_on_second_fact)
            w.write(document("b.txt", "bb"))
    db = sqlite3.connect(out)
    assert db.execute("SELECT path FROM documents").fetchall() == [("a.txt",)]
    assert db.execute("SELECT COUNT(*) FROM facts").fetchone() == (4,)
    assert db.execute("SELECT COUNT(*) FROM letters").fetchone() == (1,)
    db.close()
    with outputs.open_writer("sqlite", out, resume=True) as w:
        assert w.done("a.txt", "aa") and not w.done("b.txt", "bb")


def test_sqlite_refuses_a_file_that_is_not_a_database(tmp_path):
    out = tmp_path / "notes.db"
    out.write_text("plain text, not sqlite " * 100)
    with pytest.raises(outputs.OutputError, match="not a slax sqlite database"):
        outputs.open_writer("sqlite", out)
    assert out.read_text().startswith("plain text") and list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("fmt, out, resume, message", [
    ("xlsx", None, False, "give -o OUT"),
    ("sqlite", None, False, "give -o OUT"),
    ("csv", Path("x.csv"), True, "--resume works with jsonl or sqlite"),
    ("jsonl", None, True, "--resume needs -o OUT"),
])
def test_open_writer_rejects_impossible_combinations(fmt, out, resume, message):
    with pytest.raises(outputs.OutputError, match=message.replace("-", r"\-")):
        outputs.open_writer(fmt, out, resume=resume)
