"""Web pages (public SLAs are mostly web pages): the text a browser shows, then the usual facts."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.app.api import extract
from extractor.document.read import ReadError, read
from extractor.document.read_html import html_text, looks_like_html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>云服务器服务等级协议</title>
<style>td {{ padding: 2px }}</style><script>var sla = "99.99%";</script></head>
<body><nav><a href="/">首页</a></nav>
<h1>云服务器服务等级协议</h1>
<p>本协议由服务提供方&nbsp;星河云计算有限公司(以下简称&ldquo;本公司&rdquo;)向客户作出。</p>
<p>1. 本公司承诺云服务器的月度服务可用性不低于99.95%。</p>
<p>2. 故障发生后,本公司在<b>15分钟</b>内响应,4小时内恢复服务。</p>
<table><tr><th>月度服务可用性</th><th>赔偿代金券</th></tr>
<tr><td>低于99.95%但不低于99%</td><td>月度服务费的10%</td></tr>
<tr><td>低于99%</td><td>月度服务费的25%</td></tr></table>
</body></html>
"""


@pytest.mark.parametrize("markup, text", [
    ("<p>一</p><p>二</p>", "一\n二\n"),
    ("<div>可用性<br>不低于99.9%</div>", "可用性\n不低于99.9%\n"),
    ("<p>  多个   空白\n 合并 </p>", "多个 空白 合并\n"),
    ("<table><tr><td>A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr></table>", "A | B\nC | D\n"),
    ("<p>&lt;99.9% &amp; &#8805;99% &yen;100</p>", "<99.9% & ≥99% ¥100\n"),
    ("<head><title>T</title></head><script>x=1</script><style>p{}</style><p>正文</p>", "正文\n"),
    ("<pre>第一行\n  第二行</pre>", "第一行\n  第二行\n"),
    ("<ul><li>响应</li><li>恢复</li></ul>", "响应\n恢复\n"),
    ("<p>未闭合<p>段落", "未闭合\n段落\n"),
    ("<nav><a>首页</a><a>产品</a></nav><p>正文</p><aside><a>云服务器服务等级协议</a></aside>", "正文\n"),
    ("<ol><li>服务周期</li><li>月度服务费</li></ol>", "1. 服务周期\n2. 月度服务费\n"),
    ("<ol start='3'><li>赔偿</li></ol><ul><li>说明</li></ul>", "3. 赔偿\n说明\n"),
    ("<ol><li>定义<ol><li>周期</li></ol></li><li>承诺</li></ol>", "1. 定义\n1. 周期\n2. 承诺\n"),
])
def test_text_is_what_a_browser_shows(markup, text):
    assert html_text(markup) == text


@pytest.mark.parametrize("head, sniffed", [
    ("<!DOCTYPE html><html>", True), ("\ufeff  <html lang='zh'>", True), ("<!-- saved --><HTML>", True),
    ("<head><meta charset=gbk>", True), ("服务承诺书\n<p>", False), ("a < b, c > d", False),
])
def test_a_txt_is_read_as_html_only_when_it_opens_like_a_web_page(head, sniffed):
    assert looks_like_html(head) is sniffed


@pytest.mark.parametrize("name, charset, codec", [("sla.html", "utf-8", "utf-8"), ("sla.htm", "gbk", "gbk"),
                                                  ("saved_page.txt", "utf-8", "utf-8")])
def test_a_saved_sla_page_gives_its_facts_with_spans_into_the_page_text(tmp_path, name, charset, codec):
    path = tmp_path / name
    path.write_bytes(PAGE.format(charset=charset).encode(codec))
    doc = extract(path)
    raw = read(path)
    assert doc.source.format == "html" and "<" not in raw.text and "var sla" not in raw.text
    (letter,) = doc.letters
    assert [a.value for a in letter.availability] == [0.9995]
    assert sorted((t.kind, t.minutes) for t in letter.timings) == [("recovery", 240), ("response", 15)]
    assert {p.rate for p in letter.penalties} >= {0.1, 0.25}
    for fact in [*letter.availability, *letter.timings, *letter.penalties]:
        assert raw.text[fact.span.start:fact.span.end] == fact.text


def test_a_page_without_text_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="web page has no text"):
        read(path)


def test_slax_reports_are_not_read_back_as_letters(tmp_path):
    from extractor.app.cli import main
    from extractor.document.read import iter_files

    letter = tmp_path / "letter.txt"
    letter.write_text("服务承诺书\n系统可用性不低于99.9%。\n", encoding="utf-8")
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "report.html")]) == 0
    assert list(iter_files([tmp_path])) == [letter]
    with pytest.raises(ReadError, match="a report written by slax"):
        read(tmp_path / "report.html")


def test_the_title_of_a_page_is_its_heading_not_the_breadcrumb(tmp_path):
    path = tmp_path / "cdn.html"
    path.write_text("<html><body><nav><a>首页</a><a>文档</a></nav><div>首页 &gt; 法律声明 &gt; 服务等级协议</div>"
                    "<h1>内容分发网络(CDN)服务等级协议</h1><ol><li>服务可用性不低于99.9%。</li></ol></body></html>",
                    encoding="utf-8")
    (letter,) = extract(path).letters
    assert letter.title == "内容分发网络(CDN)服务等级协议"
    assert [c.number for c in letter.clauses] == ["1."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<td>", "<tr>", "</table>", "<ol start=x>", "<li>", "</ol>",
                                           "<script>", "</script>", "<br/>", "<pre>", "&amp;", "&#99999999;", "<!--",
                                           "<nav>", "</aside>", "<![CDATA[", "<a href='", "\n", " "]),
                          st.text(max_size=8)), max_size=40))
def test_any_markup_gives_text_without_raising(parts):
    text = html_text("".join(parts))
    assert isinstance(text, str) and (text == "" or text.endswith("\n"))
