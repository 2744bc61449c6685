"""Segmentation never drops text: the reported two-letter file, preambles, non-letter regions, weak splits."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.document.regions import has_fact_cues
from extractor.document.segment import split
from extractor.pipeline import process
from extractor.rules.patterns import load

ROOT = Path(__file__).resolve().parent.parent
# Two 售后服务承诺书 run together on one line, the second titled …承诺书（二）, footers 第1页共2页 mid-sentence.
TWO_ON_ONE_LINE = ROOT / "tests" / "letters" / "seg_aftersales_two_one_line.txt"


def slax(*args):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def _facts(letter: dict) -> dict:
    return {
        "timings": sorted((t["kind"], t["minutes"]) for t in letter["timings"]),
        "penalties": sorted(p["text"] for p in letter["penalties"]),
        "blanks": [b["label"] for b in letter["blanks"]],
    }


def test_both_letters_of_the_reported_file_keep_their_facts_and_blanks():
    result = slax("extract", TWO_ON_ONE_LINE)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    first, second = doc["letters"]
    assert (first["title"], second["title"], second["marker"]) == ("售后服务承诺书", "售后服务承诺书", "售后服务承诺书(二)")
    assert _facts(first) == {
        "timings": [("onsite", 240.0), ("response", 30.0)],
        "penalties": ["违约金500元"],
        "blanks": ["售后服务承诺书致", "承诺单位盖章"],  # the addressee blank's label takes the title on its line
    }
    assert _facts(second) == {
        "timings": [("onsite", 120.0), ("recovery", 480.0), ("response", 15.0)],
        "penalties": ["按合同总价的0.5%支付违约金"],
        "blanks": ["承诺单位盖章"],
    }
    source = TWO_ON_ONE_LINE.read_text(encoding="utf-8")
    # The first letter keeps its date; the second starts at its own title.
    assert source[first["span"]["start"]:first["span"]["end"]].endswith("日期：2024年5月20日")
    assert source[second["span"]["start"]:].startswith("售后服务承诺书（二）")
    assert [r["kind"] for r in doc["non_letters"]] == ["whitespace"]
    assert doc["warnings"] == []


def test_blanks_counts_the_blanks_of_both_letters():
    result = slax("blanks", "--format", "json", TWO_ON_ONE_LINE)
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 3
    assert sorted(r["letter"] for r in found) == [1, 1, 2]
    assert "3 blank(s) in 1 file(s)" in slax("blanks", "--format", "table", TWO_ON_ONE_LINE).stdout
    assert len(slax("blanks", TWO_ON_ONE_LINE).stdout.splitlines()) == 3  # piped: one line per blank


def test_collection_title_and_attachment_label_are_listed_non_letters():
    seed = process(ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt")
    outside = [r for r in seed.non_letters if r.kind != "whitespace"]
    assert len(seed.letters) == 9
    assert [r.kind for r in outside] == ["collection_title"]
    # Spans and text are in the source: the site chrome the normalizer removed is shown with the title.
    assert outside[0].text.strip().startswith("下載本文檔") and outside[0].text.endswith("承諾書(9篇)")
    attachment = process(ROOT / "tests" / "letters" / "blind10_compilation.txt")
    assert [(r.kind, r.text.strip()) for r in attachment.non_letters][0] == ("preamble", "附件1:")
    assert all(r.reason for r in seed.non_letters + attachment.non_letters)


def test_preamble_with_facts_and_no_title_is_a_letter_and_warned(tmp_path):
    text = ("致:宁川市数据局\n我公司承诺故障30分钟内响应。承诺单位(盖章):__________\n"
            "运维服务承诺书第2篇\n一、2小时内到达现场。")
    segmentation = split(text)
    assert [(l.index, l.title, l.marker) for l in segmentation.letters] == [(1, "", None), (2, "运维服务承诺书", "第2篇")]
    assert segmentation.letters[0].start == 0
    assert [r.kind for r in segmentation.regions] == ["whitespace"]
    path = tmp_path / "preamble.txt"
    path.write_text(text, encoding="utf-8")
    doc = process(path)
    assert [len(l.timings) for l in doc.letters] == [1, 1]
    assert doc.warnings == [f"{path}: letter 1: text before the first letter title holds facts; kept as a letter "
                            "without title"]


def test_chrome_before_a_letter_without_ordinal_stays_a_region():
    text = "服务承诺书汇编(3篇)\n售后服务承诺书\n一、接到报修后30分钟内响应。\n售后服务承诺书(二)\n一、2小时内到场。"
    segmentation = split(text)
    assert [text[l.start:l.end].split("\n")[0] for l in segmentation.letters] == ["售后服务承诺书", "售后服务承诺书(二)"]
    assert [(r.kind, text[r.start:r.end]) for r in segmentation.regions] == [
        ("collection_title", "服务承诺书汇编(3篇)\n"), ("whitespace", "\n")]


def test_letters_run_together_without_ordinals_split_with_a_warning(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("售后服务承诺书致:宁川市数据局我公司承诺故障30分钟内响应。承诺单位(盖章):__________日期:2024年5月20日"
                    "运维服务承诺书致:宁川市数据局我公司承诺2小时内到场。承诺单位(盖章):__________", encoding="utf-8")
    doc = process(path)
    assert [l.title for l in doc.letters] == ["售后服务承诺书", "运维服务承诺书"]
    assert [len(l.blanks) for l in doc.letters] == [1, 1]
    assert any("letter 2: split at a title without ordinal in mid-line" in w for w in doc.warnings)


@pytest.mark.parametrize("text", [
    "运维服务承诺书\n一、本运维服务承诺书自签署之日起生效。运维服务承诺书一式两份。",
    "售后服务承诺书\n我公司承诺30分钟内响应。售后服务承诺书中的条款以合同为准。",
])
def test_a_title_mentioned_in_a_sentence_does_not_split(text):
    assert len(split(text).letters) == 1


def _examples(key):
    return load("segment")["letters" if "opening" in key or "counter" in key else "regions"][key]


@pytest.mark.parametrize("text", _examples("fact_examples"))
def test_fact_cues_find(text):
    assert has_fact_cues(text)


@pytest.mark.parametrize("text", _examples("no_fact_examples"))
def test_fact_cues_do_not_find(text):
    assert not has_fact_cues(text)


@pytest.mark.parametrize("marker", _examples("examples_counter"))
def test_a_numbered_title_after_a_letter_on_the_same_line_starts_a_letter(marker):
    text = "售后服务承诺书致:宁川市数据局。我公司承诺30分钟内响应。日期:2024年5月20日" + marker + "致:宁川市数据局。2小时内到场。"
    letters = split(text).letters
    assert [l.marker for l in letters] == [None, marker]
    assert text[letters[0].start:letters[0].end].endswith("2024年5月20日")


@pytest.mark.parametrize("text", _examples("collection_examples"))
def test_collection_titles_are_named(text):
    assert [r.kind for r in split(text + "\n售后服务承诺书(一)\n一、30分钟内响应。").regions] == ["collection_title"]


@pytest.mark.parametrize("opening, starts", [(t, True) for t in _examples("opening_examples")]
                         + [(t, False) for t in _examples("not_opening_examples")])
def test_letter_openings(opening, starts):
    text = "售后服务承诺书\n我公司承诺30分钟内响应。日期:2024年5月20日售后服务承诺书" + opening + "2小时内到场。"
    assert (len(split(text).letters) == 2) == starts


def test_report_shows_text_outside_the_letters():
    from extractor.app.report import collect, render_report

    items, errors = collect([ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt", TWO_ON_ONE_LINE])
    html = render_report(items)
    assert not errors
    assert html.count('<details class="outside">') == 1  # the seed's collection title; whitespace is not shown
    assert "text outside the letters (collection_title" in html and "承諾書(9篇)</pre>" in html
    # Both letters of the reported file are in the report, the first with its own penalty.
    assert "Overview (11 letters)" in html and "违约金500元" in html


@pytest.mark.parametrize("text, titles", [
    # a page's title line repeated above the document's own heading
    ("服务响应时间承诺书\n响应时效服务承诺书\n尊敬的客户:我公司承诺2小时内响应。\n承诺方:____\n",
     ["响应时效服务承诺书"]),
    # related titles listed after the letter end it; they are no letters
    ("运维服务承诺书\n我公司承诺4小时内到达现场。\n运维服务承诺书\n售后服务承诺书\n", ["运维服务承诺书"]),
    # two real letters stay two
    ("运维服务承诺书\n我公司承诺4小时内到达现场。\n售后服务承诺书\n我公司承诺2小时内响应。\n",
     ["运维服务承诺书", "售后服务承诺书"]),
])
def test_a_title_with_no_text_of_its_own_is_no_letter(text, titles):
    from extractor.document.segment import split

    seg = split(text)
    assert [letter.title for letter in seg.letters] == titles
    spans = sorted([(l.start, l.end) for l in seg.letters] + [(r.start, r.end) for r in seg.regions])
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
