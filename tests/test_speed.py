"""Speed work must not change results: prefilters are necessary conditions, workers load rules once."""
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.document.normalize import normalize
from extractor.document.read import read
from extractor.families.penalties.extract import _SPLIT as penalty_sentences
from extractor.rules.matching import REGEX_TIMEOUT, matches, rules

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "tests" / "letters").glob("*.txt")) + sorted((ROOT / "samples" / "letters").glob("*.txt"))
FILTERED = [r for r in rules("penalties") if r.needs is not None]


def test_slow_penalty_rules_have_a_prefilter_or_a_fast_start():
    # A fast start (extractor/rules/started.py; tests/test_started.py) makes a rule cheap in any sentence.
    fast = {r.id for r in rules("penalties") if r.needs is not None or r.start is not None}
    assert fast >= {"base_rate_noun", "base_rate_pay_noun", "base_rate_verb", "settle_share"}


@pytest.mark.parametrize("rule", FILTERED, ids=lambda r: r.id)
def test_prefilter_holds_inside_every_match_of_the_corpus(rule):
    """A rule's `needs` must be found in each of its matches, or skipping a sentence would lose a fact."""
    texts = [normalize(ex["text"]).text for ex in rule.examples] + [normalize(read(p).text).text for p in LETTERS]
    seen = 0
    for text in texts:
        for sentence in penalty_sentences.findall(text):  # the family's own sentences (a ; inside brackets does not split)
            for m in rule.pattern.finditer(sentence, timeout=REGEX_TIMEOUT):
                seen += 1
                assert rule.needs.search(m.group(0)), (rule.id, m.group(0))
    assert seen >= len(rule.examples)


def _gated_rules():
    """Every rule of the families that search a whole letter and carry a ``needs`` gate."""
    from extractor.families.blanks.extract import _rules as blank_rules
    from extractor.families.parties.extract import _rules as party_rules
    from extractor.families.timings.extract import _rules as timing_rules

    found = [*timing_rules(), *party_rules().rules, *blank_rules().detectors]
    return [r for r in found if r.needs is not None]


GATED = _gated_rules()


def test_slow_letter_rules_have_a_gate():
    assert {r.id for r in GATED} >= {"support_hours_range", "support_hours_clock", "provider_subject",
                                    "pledge_subject", "empty_field", "definition",
                                    "money_missing_figure"}


@pytest.mark.parametrize("rule", GATED, ids=lambda r: r.id)
def test_gate_holds_in_every_text_the_rule_matches(rule):
    """A letter without the rule's `needs` is not searched: every text the rule matches must hold it."""
    texts = [ex["text"] if isinstance(ex, dict) else ex[0] for ex in rule.examples]
    texts += [normalize(read(p).text).text for p in LETTERS]
    matched = [t for t in texts if rule.pattern.search(t, timeout=REGEX_TIMEOUT)]
    assert matched, rule.id
    assert [t for t in matched if not rule.needs.search(t)] == []


@pytest.mark.parametrize("rule_id, text, gated", [
    ("support_hours_range", "工作日9:00-18:00提供现场支持", False),
    ("support_hours_range", "服务时间为每周七天,全年无休", True),
    ("support_hours_clock", "早上八点半到晚上九点提供服务", False),
    ("provider_subject", "江城数据科技有限公司承诺:可用性不低于99.9%", False),
    ("provider_subject", "我方承诺:可用性不低于99.9%", True),
    ("pledge_subject", "江城供电局郑重作出以下承诺:", False),
    ("pledge_subject", "我方作出如下承诺:", True),
    ("empty_field", "承诺人(签字):\n日期:", False),
    ("empty_field", "承诺方:江城数据科技有限公司", True),
    ("definition", "江城数据科技有限公司(以下简称“乙方”)", False),
    ("definition", "江城数据科技有限公司(简称:江城)与客户(以下简称“甲方”)", False),
    ("definition", "乙方,简称江城数据", True),
    ("money_missing_figure", "合同总价:人民币   万元整", False),
    ("money_missing_figure", "违约金为人民币壹萬元整", True),
])
def test_gate_skips_only_letters_the_rule_cannot_match(rule_id, text, gated):
    rule = next(r for r in GATED if r.id == rule_id)
    assert (rule.needs.search(text) is None) == gated
    assert gated or rule.pattern.search(text)


@pytest.mark.parametrize("sentence, skipped", [
    ("乙方应按当月服务费的5%支付违约金", False),
    ("每逾期一日按合同总价的千分之五支付违约金", False),
    ("乙方应按时支付服务费用", True),
])
def test_prefilter_skips_only_sentences_without_a_rate(sentence, skipped):
    rule = next(r for r in FILTERED if r.id == "verb_base_rate")
    assert (list(matches(rule, sentence)) == []) == (skipped or not rule.pattern.search(sentence))
    assert (rule.needs.search(sentence) is None) == skipped


def _label_noun_examples():
    import tomllib

    from extractor.rules.patterns import patterns_dir

    with open(patterns_dir() / "label_nouns.toml", "rb") as fh:
        return [(ex["before"], ex["label"] or None) for ex in tomllib.load(fh)["examples"]]


@pytest.mark.parametrize("before, label", _label_noun_examples())
def test_label_noun_fallback(before, label):
    from extractor.families.blanks.extract import _noun_before

    assert _noun_before(before) == label


@pytest.mark.parametrize("command", [
    "from extractor.app.cli import main; main(['blanks', {letter!r}])",
    "from extractor.app.cli import main; main(['diff', {letter!r}, {letter!r}])",
    "from extractor.app.batch import run; list(run([{letter!r}]))",
])
def test_one_shot_commands_load_no_heavy_library(command, tmp_path):
    """A label that falls back to the last noun must not pull in jieba's dictionary (a second of start-up)."""
    import subprocess
    import sys

    letter = tmp_path / "letter.txt"
    # 我公司____ is labelled by the last-noun fallback (公司): no field, rule or colon names it.
    letter.write_text("服务承诺书\n我公司________将严格履行本承诺。\n一、可用性不低于99.9%。\n二、故障响应时间不超过三十分钟。"
                      "\n承诺方:____\n", encoding="utf-8")
    probe = command.format(letter=str(letter)) + (
        "\nimport sys; print(sorted(m for m in ('jieba', 'spacy', 'openpyxl', 'pdfplumber', 'distributed', 'cn2an')"
        " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def _exact_pages(path):
    """Every character's box read one by one: the reference the bulk reader must agree with."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from extractor.document import pdf_pdfium, read_pdf

    doc = pdfium.PdfDocument(str(path))
    pages = []
    for index in range(len(doc)):
        page = doc[index]
        width, height = page.get_size()
        pages.append(read_pdf.Page(width, pdf_pdfium._pdfium_lines(page.get_textpage(), raw, height)))
    return pages


def _pdf(tmp_path, lines):
    from tests._fixtures import cjk_pdf

    out = tmp_path / "t.pdf"
    out.write_bytes(cjk_pdf(lines))
    return out


PDF_CASES = {
    "samples": None,
    "underscore_line": ["签订日期:" + "_" * 80 + "违约金为人民币壹萬元整。", "承诺方:______(盖章)", "    缩进的段落" * 12],
    "punctuation_end": ["可用性不低于99.9%," * 9 + "、", "。" * 3, "P1故障15分钟内响应,P2故障2小时内响应。" * 4],
}


@pytest.mark.parametrize("case", PDF_CASES)
def test_bulk_pdf_reader_joins_lines_like_the_per_character_reader(case, tmp_path):
    from extractor.document import pdf_pdfium, read_pdf

    paths = sorted((ROOT / "samples" / "pdf").glob("*.pdf")) if PDF_CASES[case] is None else [
        _pdf(tmp_path, PDF_CASES[case])]
    for path in paths:
        fast = read_pdf.assemble(pdf_pdfium.pages_pdfium(str(path), 100))
        exact = read_pdf.assemble(_exact_pages(path))
        assert fast[0] == exact[0] and fast[1] == exact[1]
        assert list(fast[2]) == exact[2]


def test_pdf_boxes_are_read_only_when_asked_for():
    from extractor.document import pdf_pdfium

    raw = read(ROOT / "samples" / "pdf" / "letter_02.pdf")
    assert isinstance(raw.char_boxes, pdf_pdfium.LazyBoxes) and raw.char_boxes._refs
    assert len(raw.char_boxes) == len(raw.text)
    assert raw.char_boxes[0] is not None and not raw.char_boxes._refs


def _dies_on_letter_05(path, sentences):
    import os

    from extractor.app.batch import _one

    if path.endswith("letter_05.txt"):
        os._exit(3)  # a crash inside a PDF library looks like this to the pool
    return _one(path, sentences)


def test_files_go_to_workers_in_chunks_and_a_crash_costs_only_its_file():
    from extractor.app.batch import CHUNK, run

    files = sorted((ROOT / "samples" / "letters").glob("*.txt"))
    assert CHUNK > 1 and len(files) > CHUNK
    got = list(run(files, 2, work=_dies_on_letter_05))
    assert [getattr(r, "error", None) for r in got] == [None] * 4 + ["worker process died while reading this file"] \
        + [None] * 4
    assert [r.source.path for i, r in enumerate(got) if i != 4] == [str(f) for i, f in enumerate(files) if i != 4]


def test_small_chinese_numerals_read_without_cn2an_agree_with_cn2an():
    cn2an = pytest.importorskip("cn2an")
    from extractor.rules.numerals import SMALL_CN, _small

    capitals = str.maketrans("一二三四五六七八九十", "壹贰叁肆伍陆柒捌玖拾")
    forms = {f for k in SMALL_CN for f in (k, k.translate(capitals), k + "万", k.translate(capitals) + "万")}
    read = {f: _small(f) for f in forms if _small(f) is not None}
    assert len(read) > 400
    assert read == {f: float(cn2an.cn2an(f, "smart")) for f in read}


@pytest.mark.parametrize("text, value", [("两", 2.0), ("三十五", 35.0), ("十二半", 12.5), ("贰拾万", 200000.0),
                                         ("壹萬", 10000.0), ("一百零五", 105.0), ("5万", 50000.0)])
def test_parse_number_with_and_without_the_table(text, value):
    from extractor.rules.numerals import parse_number

    assert parse_number(text) == value


@pytest.mark.parametrize("blank", ["__", "____", "××", "XX", "待定"])
def test_a_blank_in_a_number_slot_is_none_without_importing_cn2an(blank):
    code = ("import sys; from extractor.rules.numerals import parse_number; "
            f"print(parse_number({blank!r}), 'cn2an' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["None", "False"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_workers_send_finished_json_text_that_equals_the_parents_serialization(jobs):
    import functools

    from extractor.app.api import extract
    from extractor.app.batch import encoded, run
    from extractor.app.outputs import json_line
    from extractor.models import Encoded, ErrorRecord

    files = sorted((ROOT / "samples" / "letters").glob("*.txt"))[:5] + [ROOT / "no-such-letter.txt"]
    got = list(run(files, jobs, work=functools.partial(encoded, json_line)))
    assert [type(r) for r in got] == [Encoded] * 5 + [ErrorRecord]
    for path, res in zip(files, got[:5]):
        doc = extract(path)
        assert (res.path, res.letters, res.text) == (str(path), len(doc.letters), json_line(doc))



@pytest.mark.parametrize("stops", ["。;!?\n", "。;!?\n,", "\n", "", "|]^-\\"])
def test_context_windows_cut_at_the_nearest_stop(stops):
    """before()/after() (called tens of thousands of times a run) against their definition: the window up to
    ``size`` characters, cut after the last stop before ``pos`` / at the first stop after it."""
    import random

    from extractor.rules.matching import after, before

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("可用性99.9%,;。!?\n违约金|]^-\\") for _ in range(rng.randint(0, 120)))
        pos, size = rng.randint(0, len(text)), rng.randint(0, 90)
        window = text[max(0, pos - size):pos]
        assert before(text, pos, size, stops) == window[max([window.rfind(c) for c in stops] + [-1]) + 1:]
        window = text[pos:pos + size]
        assert after(text, pos, size, stops) == window[:min([i for i in map(window.find, stops) if i >= 0]
                                                             + [len(window)])]


def test_line_windows_are_the_split_text():
    """lines_before()/lines_after() (asked for every unplaced figure) against their definition."""
    import random

    from extractor.rules.matching import lines_after, lines_before

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("ab\n|时") for _ in range(rng.randint(0, 60)))
        pos, n = rng.randint(0, len(text)), rng.randint(1, 6)
        assert lines_before(text, pos, n) == text[:pos].split("\n")[-n:]
        assert lines_after(text, pos, n) == text[pos:].split("\n")[:n]
