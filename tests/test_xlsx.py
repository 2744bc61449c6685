"""The xlsx workbook read back with openpyxl: Summary first, frozen bold headers, filters, number formats,
links that land on the letter's rows, widths that fit Chinese, headers in the language asked for."""
from __future__ import annotations

import csv
import io
import json

import pytest

from extractor.app import outputs
from extractor.app.i18n import catalogue
from extractor.app.outputs_xlsx import SHEETS, display_width, sheet_columns
from extractor.models import (
    AvailabilityFact,
    BlankFact,
    Document,
    ErrorRecord,
    Letter,
    Money,
    Party,
    PenaltyFact,
    Source,
    Span,
    TimingFact,
)

openpyxl = pytest.importorskip("openpyxl")

SPAN = Span(start=3, end=9, page=1)
LONG = "乙方应在接到故障通知后立即响应并" * 8  # far wider than any column may grow


def letter_with_everything(index: int = 1) -> Letter:
    return Letter(
        index=index, title="运维服务承诺书", span=Span(start=0, end=100),
        parties=[Party(role="promisor", label="承诺方", name="江城数据科技有限公司", span=SPAN),
                 Party(role="recipient", label="甲方", blank=True, span=SPAN)],
        availability=[AvailabilityFact(rule="r", text="可用性不低於99.95%", span=SPAN, value=0.9995, comparator=">="),
                      AvailabilityFact(rule="r", text="每年不少于8700小时", span=SPAN, value=8700,
                                       metric="uptime_hours")],
        timings=[TimingFact(rule="r", text="4小時內(nèi)恢復", span=SPAN, kind="recovery", value=4, unit="hour",
                            minutes=240),
                 TimingFact(rule="r", text=LONG, span=SPAN, kind="response", value=15, unit="minute", minutes=15)],
        penalties=[PenaltyFact(rule="r", text="按月服务费的5%支付违约金", span=SPAN, kind="liquidated_damages",
                               rate=0.05, base="月服务费"),
                   PenaltyFact(rule="r", text="违约金人民币伍万元", span=SPAN, kind="liquidated_damages",
                               amount=Money(value=50000, text="伍万元"))],
        blanks=[BlankFact(label="签订日期", kind="date", text="__年__月__日", span=SPAN, line=7)],
    )


def documents() -> list:
    bare = Letter(index=1, title="承诺函", span=Span(start=0, end=10))  # nothing found: no penalty, no promisor
    return [Document(source=Source(path="a.txt", format="txt", sha256="aa"),
                     letters=[letter_with_everything(1), letter_with_everything(2)]),
            ErrorRecord(path="bad.pdf", error="file is encrypted"),
            Document(source=Source(path="b.txt", format="txt", sha256="bb"), letters=[bare])]


@pytest.fixture(scope="module", params=["en", "zh"])
def book(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "facts.xlsx"
    with outputs.open_writer("xlsx", out, lang=request.param) as writer:
        for result in documents():
            writer.write(result)
    return request.param, openpyxl.load_workbook(out)


def table(ws) -> list[dict]:
    rows = list(ws.iter_rows())
    heads = [c.value for c in rows[0]]
    return [dict(zip(heads, row)) for row in rows[1:]]


def test_summary_opens_first_and_every_sheet_has_a_frozen_bold_header_and_a_filter(book):
    lang, wb = book
    assert wb.sheetnames[0] == {"en": "Summary", "zh": "汇总"}[lang]
    assert len(wb.sheetnames) == len(SHEETS)
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1]) and all(c.value for c in ws[1]), ws.title
        last = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title


def test_summary_has_one_row_per_letter_with_the_headline_figures(book):
    lang, wb = book
    rows = [[c.value for c in row] for row in wb.worksheets[0].iter_rows(min_row=2)]
    assert [r[:2] for r in rows] == [["a.txt", 1], ["a.txt", 2], ["b.txt", 1]]
    blank = {"en": "(blank)", "zh": "(空白)"}[lang]
    # file, letter, title, parties, availability, fastest response, fastest recovery, headline penalty, blanks
    assert rows[0][2:] == ["运维服务承诺书", f"承诺方: 江城数据科技有限公司; 甲方: {blank}", 0.9995, 15, 240,
                           "违约金 5% 月服务费", 1]
    assert rows[2][2:] == ["承诺函", None, None, None, None, None, 0]  # empty cells, not "—"


def test_fractions_are_percentages_and_money_has_a_number_format(book):
    _, wb = book
    summary, letters, avail, _, penalties, *_ = wb.worksheets
    assert summary["E2"].number_format == letters["G2"].number_format == "0.0##%"
    values = [(r[3].value, r[4].value, r[4].number_format) for r in avail.iter_rows(min_row=2)]
    assert ("availability", 0.9995, "0.0##%") in values
    assert ("uptime_hours", 8700, "General") in values  # hours, not a fraction
    rate = next(r[5] for r in penalties.iter_rows(min_row=2) if r[5].value is not None)
    amount = next(r[7] for r in penalties.iter_rows(min_row=2) if r[7].value is not None)
    assert (rate.value, rate.number_format) == (0.05, "0.0##%")
    assert (amount.value, amount.number_format) == (50000, "#,##0.00")


def test_no_placeholder_text_in_any_cell(book):
    _, wb = book
    for ws in wb:
        for row in ws.iter_rows():
            assert not any(c.value in ("—", "(blank)", "-", "") for c in row), ws.title


def test_summary_links_land_on_the_letters_first_row_in_each_sheet(book):
    _, wb = book
    summary = wb.worksheets[0]
    links = 0
    for row in summary.iter_rows(min_row=2):
        file, letter = row[0].value, row[1].value
        for cell in row:
            if cell.hyperlink is None:
                continue
            sheet, ref = cell.hyperlink.location.split("!")
            target = wb[sheet.strip("'")]
            at = target[ref].row
            letter_col = 3 if target is wb.worksheets[1] else 2  # letters: file, sha256, letter
            key = lambda r: (target.cell(row=r, column=1).value, target.cell(row=r, column=letter_col).value)  # noqa
            assert key(at) == (file, letter), cell.hyperlink.location
            assert at == 2 or key(at - 1) != (file, letter), "not the letter's first row"
            links += 1
    assert links == 2 * 7 + 1  # two full letters link every column; the bare one only to its letters row


def test_headers_come_from_the_catalogue_in_the_language_asked_for(book):
    lang, wb = book
    heads = [c.value for c in wb.worksheets[2][1]]
    assert heads[:5] == {"en": ["file", "letter", "clause", "kind", "value"],
                         "zh": ["文件", "函件序号", "条款", "类型", "数值"]}[lang]
    assert wb.sheetnames[-1] == {"en": "errors", "zh": "错误"}[lang]
    assert [c.value for c in wb.worksheets[-1][2]] == ["bad.pdf", "file is encrypted"]


@pytest.mark.parametrize("sheet", SHEETS)
def test_every_sheet_and_column_has_both_names_in_the_catalogue(sheet):
    keys = [f"sheet.tab_{sheet}"] + [f"sheet.col_summary_{c}" if sheet == "summary" else f"sheet.col_{c}"
                                     for c in sheet_columns(sheet)]
    assert all(key in catalogue() for key in keys)
    names = [catalogue()[f"sheet.tab_{s}"]["zh"] for s in SHEETS]
    assert len(set(names)) == len(names) and all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_columns_fit_chinese_text_and_long_text_wraps_under_a_cap(book):
    _, wb = book
    timings = wb.worksheets[3]
    heads = [c.value for c in timings[1]]
    text_col = openpyxl.utils.get_column_letter(len(heads) - 2)  # text, page, rule
    width = timings.column_dimensions[text_col].width
    assert width == 60  # capped: LONG is 256 columns wide
    long_cell = next(r[len(heads) - 3] for r in timings.iter_rows(min_row=2) if r[len(heads) - 3].value == LONG)
    assert long_cell.alignment.wrap_text
    short = next(r[len(heads) - 3] for r in timings.iter_rows(min_row=2) if r[len(heads) - 3].value != LONG)
    assert not short.alignment.wrap_text
    assert display_width("可用性") == 6 and display_width("abc") == 3
    parties = wb.worksheets[0].column_dimensions["D"].width  # 承诺方: 江城数据科技有限公司; 甲方: (blank)
    assert parties >= display_width("承诺方: 江城数据科技有限公司; 甲方: (空白)") - 2


def test_fact_text_in_csv_and_xlsx_is_the_clean_text_and_json_keeps_the_source(tmp_path, book):
    _, wb = book
    timings = [c.value for r in wb.worksheets[3].iter_rows(min_row=2) for c in r]
    assert "4小时内恢复" in timings and "4小時內(nèi)恢復" not in timings
    out = tmp_path / "facts.csv"
    with outputs.open_writer("csv", out) as writer:
        writer.write(documents()[0])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {"4小时内恢复", "可用性不低于99.95%"} <= {r["text"] for r in rows}
    data = json.loads(outputs.json_block(documents()[0]))
    assert data["letters"][0]["timings"][0]["text"] == "4小時內(nèi)恢復"


def test_an_unknown_language_is_an_output_error(tmp_path):
    with pytest.raises(outputs.OutputError, match="unknown language 'fr'"):
        outputs.open_writer("xlsx", tmp_path / "x.xlsx", lang="fr")
    assert list(tmp_path.iterdir()) == []
