"""The HTML pages from templates: one template per page serves both languages (every visible word from the
catalogue), and autoescaping keeps letter text, titles and file names from ever becoming markup."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_report import DIFF, TEXT, Dom, build_doc

from extractor.app import i18n
from extractor.app import playbook as pb
from extractor.app.cli import main
from extractor.app.redline_html import render_diff_html
from extractor.app.report import render_report
from extractor.models import Source

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "diff_cases"
HEADINGS = re.compile(r"<(th|h1|h2|h3|summary)\b[^>]*>(.*?)</\1>", re.S)


def headings(html: str) -> list[str]:
    """The visible text of every heading, table header and summary (tags dropped)."""
    return [re.sub(r"<[^>]+>", "", inner) for _, inner in HEADINGS.findall(html)]


def english_only(area: str) -> set[str]:
    """The English messages of ``area`` that differ from their Chinese, with their {fields} cut off."""
    return {re.split(r"\s*[({]", texts["en"])[0] for key, texts in i18n.catalogue().items()
            if key.startswith(area + ".") and texts["en"] != texts["zh"]} - {""}


def two_letters(lang: str) -> str:
    return render_report([(build_doc("a.txt"), TEXT), (build_doc("b.txt"), TEXT)], pb.load(), lang=lang)


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh", "zh-CN")])
def test_report_renders_in_both_languages(lang, html_lang):
    html = two_letters(lang)
    dom = Dom(html)
    assert dom.errors == [] and dom.stack == [] and len(dom.fact_marks()) == 14
    assert f'<html lang="{html_lang}">' in html and html.count('<div class="text" lang="zh-CN">') == 2
    shown = headings(html)
    for key, fields in [("report.overview", {"n": 2}), ("report.facts", {"n": 7}), ("report.column_availability", {}),
                        ("report.check_required", {}), ("report.fact_clause", {})]:
        assert i18n.t(key, lang, **fields) in shown, key
    assert f"<title>{i18n.t('report.title', lang)}</title>" in html


def test_chinese_report_has_no_english_heading():
    shown = headings(two_letters("zh"))
    assert "概览（2 封承诺函）" in shown and "要点（7）" in shown
    english = english_only("report") | english_only("verdict")
    assert english and not [h for h in shown for word in english if word in h]
    # The English page does show them: the check above can fail.
    assert [h for h in headings(two_letters("en")) for word in english if word in h]


def test_english_is_the_default_page():
    doc = build_doc()
    assert render_report([(doc, TEXT)]) == render_report([(doc, TEXT)], lang="en")
    assert "<h3>Facts (7)</h3>" in render_report([(doc, TEXT)])


def test_letter_text_title_and_file_name_are_escaped():
    doc = build_doc()
    doc.source = Source(path="<img src=x onerror=alert(1)>.txt", format="txt", sha256="0" * 64)
    letter = doc.letters[0]
    letter.title = "<script>alert('title')</script>"
    text = TEXT.replace("<b>注</b>", "<script>")  # as long: the facts' spans stay right
    doc.warnings = ["<i>warned</i>"]
    for lang in ("en", "zh"):
        html = render_report([(doc, text)], pb.load(), lang=lang)
        assert "<script>alert" not in html and "<img" not in html and "<i>" not in html
        assert "&lt;script&gt;签订日期:" in html  # the letter text, shown as text
        assert "&lt;img src=x onerror=alert(1)&gt;.txt" in html and "&lt;i&gt;warned&lt;/i&gt;" in html
        assert "".join(Dom(html).text_parts) == text[letter.span.start:]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_diff_page_renders_in_both_languages_and_escapes(lang):
    data = {**DIFF, "a": "<script>a</script>.txt", "notes": ["<b>note</b>"]}
    html = render_diff_html(data, lang=lang)
    assert Dom(html).errors == [] and "<script>a" not in html and "<b>note" not in html
    assert "&lt;script&gt;a&lt;/script&gt;.txt" in html and "&lt;响应时限&gt;" in html
    shown = headings(html)
    assert i18n.t("diffpage.changes", lang, n=2) in shown and i18n.t("diffpage.column_direction", lang) in shown
    assert i18n.t("diffpage.clause", lang, label="2.1") in shown
    assert f'<td class="dir">{i18n.label("direction", "looser", lang)}</td>' in html


def test_chinese_diff_page_shows_clause_events_in_chinese():
    from extractor.app.api import diff

    result = diff(CASES / "redline_base.txt", CASES / "redline_exclusion.txt", word_diffs=True)
    html = render_diff_html(result.model_dump(mode="json"), lang="zh")
    assert '<span class="event">新增</span> 条款 8 <span class="dir looser">更宽</span>' in html
    assert '<mark class="cue exclusion" title="免责">不视为违约</mark>' in html
    assert '<p class="muted">新增 1 条</p>' in html
    english = english_only("diffpage") | english_only("direction")
    assert not [h for h in headings(html) for word in english if word in h]


def test_report_cli_language_from_the_option_or_the_environment(tmp_path, monkeypatch, capsys):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    letter, out = str(ROOT / "samples" / "letters" / "letter_02.txt"), tmp_path / "r.html"
    assert main(["report", letter, "-o", str(out)]) == 0
    assert '<html lang="zh-CN">' in out.read_text(encoding="utf-8")
    assert main(["report", letter, "-o", str(out), "--lang", "en"]) == 0
    assert "<h3>Facts (" in out.read_text(encoding="utf-8")
    assert main(["report", letter, "-o", str(out), "--lang", "fr"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("slax: error: --lang fr") and "en, zh" in err  # in the environment's language


def test_diff_cli_html_in_chinese(capsys):
    assert main(["diff", str(CASES / "redline_base.txt"), str(CASES / "redline_removed.txt"), "-f", "html",
                 "--lang", "zh"]) == 1
    html = capsys.readouterr().out
    assert '<html lang="zh-CN">' in html and "<h1>slax 对比</h1>" in html and Dom(html).errors == []


def test_templates_use_only_catalogue_keys_and_every_page_message_is_used():
    from extractor.app.templating import TEMPLATES

    source = "\n".join(p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.j2"))
    literal = set(re.findall(r'\bt\("([\w.]+)"\)', source)) | set(re.findall(r'\bt\("([\w.]+)",', source))
    prefixes = set(re.findall(r'\bt\("([\w.]+_)" ~', source))  # t("report.column_" ~ c)
    assert literal and prefixes
    assert not literal - set(i18n.catalogue())
    page_keys = {k for k in i18n.catalogue() if k.split(".")[0] in ("report", "diffpage")}
    unused = {k for k in page_keys - literal if not any(k.startswith(p) for p in prefixes)}
    assert not unused


def test_diff_page_names_kinds_in_chinese(capsys):
    a, b = (str(ROOT / "samples" / "letters" / f"letter_0{i}.txt") for i in (1, 2))
    main(["diff", a, b, "-f", "html", "--lang", "zh"])
    html = capsys.readouterr().out
    assert "<td>时限</td><td>响应时限</td>" in html
    main(["diff", a, b, "-f", "html", "--lang", "en"])
    assert "<td>timings</td><td>response</td>" in capsys.readouterr().out


def test_the_facts_table_shows_the_clean_text_and_the_letter_its_source(tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", str(ROOT / "samples" / "letters" / "letter_02.txt"), "-o", str(out), "--lang", "en"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<td>响应时间不超过2小时</td>" in html  # the facts table: normalized, no pinyin glosses
    assert "(yīng)" in html  # the letter itself is shown as written
