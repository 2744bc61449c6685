"""Markdown SLAs (docs sites, repositories): the text they render, so markup is neither words nor blanks."""
import pytest

from extractor.app.api import extract
from extractor.document.read import read
from extractor.document.read_markdown import looks_like_markdown, markdown_text


@pytest.mark.parametrize("markup, text", [
    ("# 服务等级协议\n## 2. 服务可用性", "服务等级协议\n2. 服务可用性\n"),
    ("承诺**月度服务可用性不低于99.95%**。", "承诺月度服务可用性不低于99.95%。\n"),
    ("通过[控制台](https://console.example.com/ticket)提交", "通过控制台提交\n"),
    ("| 月度可用性 | 赔偿比例 |\n|---|:---:|\n| 低于99.9% | 10% |", "月度可用性 | 赔偿比例\n低于99.9% | 10%\n"),
    ("> 版本:v2.3", "版本:v2.3\n"),
    ("超时参数 `timeout=30s`", "超时参数 timeout=30s\n"),
    ("```\n# not a heading\n```\n正文", "# not a heading\n正文\n"),
    ("---\n正文", "正文\n"),
    # blanks and arithmetic are not markup
    ("__小时__内响应,____年__月__日", "__小时__内响应,____年__月__日\n"),
    ("7*24*365 服务", "7*24*365 服务\n"),
    ("- 工单支持:7×24小时", "- 工单支持:7×24小时\n"),
])
def test_markdown_reads_as_its_rendered_text(markup, text):
    assert markdown_text(markup) == text


@pytest.mark.parametrize("text, sniffed", [
    ("# 协议\n\n承诺**不低于99.9%**", True),
    ("| a | b |\n|---|---|\n[文档](https://x.cn)", True),
    ("服务承诺书\n一、可用性不低于99.9%\n[公司全称]", False),  # a [blank] alone is no link
    ("# 仅一个标题\n正文", False),
    ("承诺人:________\n日期:____年__月__日", False),
])
def test_a_txt_is_read_as_markdown_only_with_two_kinds_of_markup(text, sniffed):
    assert looks_like_markdown(text) is sniffed


@pytest.mark.parametrize("name", ["sla.md", "sla_saved.txt"])
def test_a_markdown_sla_gives_its_facts_and_no_link_blanks(tmp_path, name):
    path = tmp_path / name
    path.write_text("# 对象存储服务等级协议\n\n## 1. 服务可用性\n\n星河云承诺,标准存储的**月度服务可用性不低于99.95%**,"
                    "低频存储不低于99.9%。详见[控制台](https://console.example.com)。\n\n## 2. 赔偿\n\n"
                    "| 月度可用性 | 赔偿比例 |\n|---|---|\n| 低于99.95%但不低于99% | 月度服务费的10% |\n",
                    encoding="utf-8")
    raw = read(path)
    (letter,) = extract(path).letters
    assert raw.format == "markdown" and "**" not in raw.text and "https" not in raw.text
    assert sorted(a.value for a in letter.availability) == [0.999, 0.9995]
    assert [(p.rate, p.base) for p in letter.penalties] == [(0.1, "月度服务费")]
    assert letter.blanks == []
    for fact in [*letter.availability, *letter.penalties]:
        assert raw.text[fact.span.start:fact.span.end] == fact.text


def test_markdown_in_a_folder_is_read_only_when_the_glob_asks_for_it(tmp_path):
    from extractor.document.read import iter_files

    (tmp_path / "README.md").write_text("# 说明\n本文件夹存放供应商承诺书。", encoding="utf-8")
    (tmp_path / "letter.txt").write_text("服务承诺书\n可用性不低于99.9%。", encoding="utf-8")
    assert [p.name for p in iter_files([tmp_path])] == ["letter.txt"]
    assert [p.name for p in iter_files([tmp_path], glob="*.md")] == ["README.md"]
    assert [p.name for p in iter_files([tmp_path / "README.md"])] == ["README.md"]
