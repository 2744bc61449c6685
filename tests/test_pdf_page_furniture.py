"""PDF page furniture: running headers/footers are dropped, a sentence cut by a page break reads on."""
import pytest
from _fixtures import CJK_FONT

from extractor.document.read import read
from extractor.document.read_pdf import Line, Page, assemble, running_lines


def page(*lines: str) -> Page:
    return Page(width=500.0, lines=[Line([(c, None) for c in text]) for text in lines])


@pytest.mark.parametrize("pages, dropped", [
    # a header on every page, a footer with the page number on every page
    ([page("某某项目 · 投标文件", f"正文第{n}页的内容。", f"第 {n} 页 共 3 页") for n in (1, 2, 3)],
     {(n, i) for n in range(3) for i in (0, 2)}),
    # a header on 3 of 4 pages still is one
    ([page("运维服务方案", "响应。", "恢复。"), page("运维服务方案", "到场。", "巡检。"),
      page("运维服务方案", "备份。", "演练。"), page("通知。", "报告。", "赔偿。")], {(0, 0), (1, 0), (2, 0)}),
])
def test_running_headers_and_footers_are_found(pages, dropped):
    assert running_lines(pages) == dropped


@pytest.mark.parametrize("pages", [
    [page("服务承诺书", "可用性不低于99.9%。")],  # one page: nothing repeats
    [page("一、服务内容", "响应。", "恢复。"), page("二、服务指标", "到场。", "巡检。")],  # headings differ
    [page("甲", "乙", "x" * 80), page("丙", "丁", "x" * 80)],  # a long repeated line is body text
    [page("页眉", "响应。", "恢复。"), page("到场。", "巡检。", "备份。"), page("演练。", "通知。", "报告。"),
     page("赔偿。", "解约。", "违约。"), page("页眉", "扣款。", "终止。")],  # 2 of 5 pages
    [page("服务承诺书", "一、响应"), page("服务承诺书", "二、恢复")],  # pages too short to tell
])
def test_body_lines_are_never_taken_for_furniture(pages):
    assert running_lines(pages) == set()


def test_assembled_text_has_no_running_header():
    pages = [page("某某项目 · 投标文件", "一级故障:10分钟内响应。", "第1页"),
             page("某某项目 · 投标文件", "二级故障:30分钟内响应。", "第2页")]
    assert assemble(pages)[0] == "一级故障:10分钟内响应。\n二级故障:30分钟内响应。"


class _Furnished:
    """An A4 PDF with a running header and a 第 N 页 共 M 页 footer, and explicit page breaks."""

    def __init__(self, pages: list[list[str]]):
        fpdf = pytest.importorskip("fpdf")
        if not CJK_FONT.exists():
            pytest.skip(f"CJK font {CJK_FONT} not installed")

        class Doc(fpdf.FPDF):
            def header(self):
                self.set_font("cjk", size=9)
                self.cell(0, 8, "临江园区运维服务项目 · 投标文件", align="C", new_x="LMARGIN", new_y="NEXT")

            def footer(self):
                self.set_y(-15)
                self.set_font("cjk", size=9)
                self.cell(0, 8, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")

        self.pdf = Doc(format="A4")
        self.pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
        for lines in pages:
            self.pdf.add_page()
            self.pdf.set_font("cjk", size=11)
            for text in lines:
                self.pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def write(self, path):
        path.write_bytes(bytes(self.pdf.output()))
        return path


def test_a_tier_line_cut_by_a_page_break_keeps_its_tier(tmp_path):
    from extractor.app.api import extract

    path = _Furnished([["运维服务承诺书", "一、故障处理时限", "一级故障:接报后10分钟内响应,30分钟内到达现场,"],
                       ["2小时内恢复;", "二级故障:接报后30分钟内响应,4小时内恢复。"]]).write(tmp_path / "bid.pdf")
    raw = read(path)
    assert "投标文件" not in raw.text and "到达现场,2小时内恢复" in raw.text
    recovery = [(t.tier, t.minutes) for t in extract(path).letters[0].timings if t.kind == "recovery"]
    assert recovery == [("一级", 120), ("二级", 240)]


def test_a_line_that_also_stands_inside_pages_is_body_text():
    row = "签字:__________"
    pages = [page(row, "响应。", row, "恢复。"), page(row, "到场。", row, "巡检。")]
    assert running_lines(pages) == set()
