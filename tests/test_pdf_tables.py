"""A table in a PDF reads like a Word table: cells of a row joined by ' | ', so credit tiers come out of PDFs."""
import pytest
from _fixtures import CJK_FONT

from extractor.app.api import extract
from extractor.document.read import ENGINES, ReadLimits, limits_in_force, read
from extractor.document.read_pdf import Line, _table_cells

EM = 10.0


def line(*cells: tuple[float, str]) -> Line:
    """A line of glyphs one em wide, each cell starting at its x; a space char between cells."""
    chars = []
    for n, (x, text) in enumerate(cells):
        if n:
            chars.append((" ", None))
        chars += [(c, (x + k * EM, 0.0, x + (k + 1) * EM, EM)) for k, c in enumerate(text)]
    return Line(chars)


@pytest.mark.parametrize("lines, expected", [
    # two rows with a wide gap at the same place: a table
    ([line((0, "可用性"), (200, "赔偿比例")), line((0, "<99.9%"), (200, "10%"))], ["可用性 | 赔偿比例", "<99.9% | 10%"]),
    # one line with a wide gap and no neighbour like it: a signature line, left alone
    ([line((0, "本承诺书一式两份。")), line((0, "承诺人:"), (300, "日期:")), line((0, "特此承诺。"))],
     ["本承诺书一式两份。", "承诺人: 日期:", "特此承诺。"]),
    # word spaces (a fraction of an em) are no cell boundaries
    ([line((0, "99.0%"), (52, "≤"), (64, "可用性")), line((0, "95.0%"), (52, "≤"), (64, "可用性"))],
     ["99.0% ≤ 可用性", "95.0% ≤ 可用性"]),
])
def test_cells_are_found_only_in_rows_of_a_table(lines, expected):
    assert [ln.text for ln in _table_cells(lines)] == expected


def _credit_table_pdf(path):
    fpdf = pytest.importorskip("fpdf")
    from fpdf.fonts import FontFace

    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 7, "云主机服务等级协议\n一、本公司承诺云主机月度服务可用性不低于99.95%。\n"
                         "二、如月度服务可用性低于承诺标准,按下表以代金券形式赔偿:", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(60, 60), headings_style=FontFace(emphasis=None)) as table:
        for row in [("月度服务可用性", "赔偿代金券(月度服务费)"), ("99.0% ≤ 可用性 < 99.95%", "10%"),
                    ("95.0% ≤ 可用性 < 99.0%", "25%"), ("可用性 < 95.0%", "100%")]:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.multi_cell(0, 7, "三、故障发生后15分钟内响应,4小时内恢复。", new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_a_credit_table_in_a_pdf_reads_row_by_row(tmp_path, engine):
    raw = read(_credit_table_pdf(tmp_path / "sla.pdf"), engine=engine)
    assert "99.0% ≤ 可用性 < 99.95% | 10%\n95.0% ≤ 可用性 < 99.0% | 25%\n可用性 < 95.0% | 100%" in raw.text
    assert len(raw.text) == len(raw.char_pages) == len(raw.char_boxes)
    assert all(raw.char_boxes[i] is None for i in range(len(raw.text)) if raw.text[i] == "|")


@pytest.mark.parametrize("engine", ENGINES)
def test_credit_tiers_come_out_of_a_pdf_table(tmp_path, engine):
    with limits_in_force(ReadLimits(pdf_engine=engine)):
        (letter,) = extract(_credit_table_pdf(tmp_path / "sla.pdf")).letters
    tiers = [(p.kind, p.rate, p.base, p.band.low, p.band.high) for p in letter.penalties]
    assert tiers == [("service_credit", 0.1, "月度服务费", 0.99, 0.9995), ("service_credit", 0.25, "月度服务费", 0.95, 0.99),
                     ("service_credit", 1.0, "月度服务费", None, 0.95)]
