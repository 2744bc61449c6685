"""End to end: read → normalize → segment → extract → spans back in the source text."""
import json
from pathlib import Path

import jsonschema
import pytest

from extractor.app.api import extract, json_schema
from extractor.document.read import read

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FAMILIES = ("parties", "availability", "timings", "penalties", "blanks")

SAMPLE_FILES = sorted(
    [SAMPLES / "seed" / "sla_commitment_letters_9.txt"]
    + list((SAMPLES / "letters").glob("*.txt"))
    + list((SAMPLES / "pdf").glob("*.pdf"))
    + list((SAMPLES / "docx").glob("*.docx"))
    + list((ROOT / "tests" / "letters").glob("*.txt"))
)


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json_schema())


def _facts(doc):
    for letter in doc.letters:
        for family in FAMILIES:
            for fact in getattr(letter, family):
                yield family, fact


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_output_validates_and_spans_are_source_slices(path, validator):
    doc = extract(path)
    validator.validate(json.loads(doc.model_dump_json()))
    source = read(path).text
    for family, fact in _facts(doc):
        assert 0 <= fact.span.start <= fact.span.end <= len(source)
        assert fact.text == source[fact.span.start:fact.span.end], (family, fact)


def test_seed_letters_have_facts_of_every_family():
    doc = extract(SAMPLES / "seed" / "sla_commitment_letters_9.txt")
    assert len(doc.letters) == 9
    assert doc.source.format == "txt" and doc.source.encoding.startswith("utf-8")
    letter2 = doc.letters[1]
    assert any(a.value == pytest.approx(0.995) and a.comparator == ">=" for a in letter2.availability)
    assert any(t.kind == "response" and t.minutes == 30 for t in letter2.timings)
    assert any(p.kind == "liquidated_damages" and p.rate == pytest.approx(0.05) for p in letter2.penalties)
    assert any(p.role == "promisor" and p.blank for p in letter2.parties)
    assert any(b.label == "签订日期" and b.kind == "date" for b in letter2.blanks)
    assert any("truncated" in w for w in doc.warnings)


def test_every_fact_names_its_clause_when_inside_one():
    doc = extract(SAMPLES / "seed" / "sla_commitment_letters_9.txt")
    letter2 = doc.letters[1]
    clause_ids = {c.id for c in letter2.clauses}
    late_fee = next(p for p in letter2.penalties if p.rate == pytest.approx(0.05))
    assert late_fee.clause == "5.(1)"
    assert all(f.clause in clause_ids for f in letter2.availability + letter2.timings + letter2.penalties if f.clause)


def test_pdf_facts_carry_pages():
    doc = extract(SAMPLES / "pdf" / "letter_05.pdf")
    pages = {f.span.page for _, f in _facts(doc)}
    assert None not in pages and max(pages) >= 2


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx", "html"])
def test_same_letter_same_facts_in_every_format(fmt):
    def key(doc):
        return [
            (family, getattr(f, "kind", None), getattr(f, "value", None), getattr(f, "rate", None), getattr(f, "blank", None))
            for family, f in _facts(doc)
        ]

    base = extract(SAMPLES / "letters" / "letter_02.txt")
    other = extract(SAMPLES / ("letters" if fmt == "txt" else fmt) / f"letter_02.{fmt}")
    assert key(other) == key(base)


NO_COMMITMENTS = [
    "新华社北京11月20日电 国家统计局今天发布数据,10月份规模以上工业增加值同比增长5.6%,"
    "社会消费品零售总额同比增长4.8%。专家表示,经济运行总体平稳,预计第四季度将延续回升态势。",
    "第一条 总则\n第二条 定义\n第三条 双方的权利与义务\n第四条 保密\n第五条 争议解决\n第六条 附则",
    "会议纪要:2024年3月5日上午9:30,项目组召开周例会,讨论了系统上线计划、培训安排和下周工作重点。",
]


@pytest.mark.parametrize("text", NO_COMMITMENTS, ids=["news", "clause_list", "minutes"])
def test_texts_without_commitments_yield_no_facts(tmp_path, text):
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    doc = extract(path)
    for family in ("availability", "timings", "penalties", "blanks", "parties"):
        assert [f.text for l in doc.letters for f in getattr(l, family)] == [], family


@pytest.mark.parametrize("path", ["samples/seed/sla_commitment_letters_9.txt", "samples/letters/letter_01.txt",
                                  "samples/pdf/letter_02.pdf", "samples/docx/letter_03.docx"])
def test_slax_blanks_finds_exactly_the_blanks_extract_finds(path):
    from extractor.app.blanklist import blanks_document

    full, only = extract(ROOT / path), blanks_document(ROOT / path)
    assert [lt.blanks for lt in only.letters] == [lt.blanks for lt in full.letters]
    assert any(lt.blanks for lt in only.letters)
    assert not any(lt.timings or lt.penalties or lt.availability for lt in only.letters)


def test_blanks_of_a_letter_longer_than_one_extraction_piece_are_all_found(tmp_path):
    from extractor.app.blanklist import blanks_document
    from extractor.pipeline import CHUNK

    clause = "服务商应按约定提供运维服务,响应时间为30分钟,恢复时间为4小时。\n"
    body = clause * (2 * CHUNK // len(clause) + 1)
    path = tmp_path / "long.txt"
    path.write_text("运维服务承诺书\n承诺人(签字):\n" + body + "签订日期:____年__月__日\n", encoding="utf-8")
    (letter,) = blanks_document(path).letters
    assert [b.kind for b in letter.blanks] == ["empty_field", "date"]
    assert [b.kind for b in letter.blanks] == [b.kind for b in extract(path).letters[0].blanks]
