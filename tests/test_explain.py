"""`slax explain`: the figure scanner (patterns/figures.toml), each figure's fate, the table, the JSON and its
published schema, the summary lines and the errors."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.app.explain import explain_file, explain_json_schema
from extractor.document.normalize import normalize
from extractor.pipeline import explain_normalized
from extractor.rules.asides import asides, set_aside
from extractor.rules.figures import KINDS, check_kinds, figures
from extractor.rules.numerals import parse_money, parse_rate
from extractor.rules.patterns import PatternError, load
from extractor.rules.schema import validate

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "samples" / "letters" / "letter_02.txt"
RULES = validate("figures", load("figures")).rule
CASES = [(r.kind, text, want) for r in RULES for text, want in r.examples]
COUNTER = [(r.kind, text) for r in RULES for text in r.counter_examples]
ASIDES = [(a.id, e) for a in asides() for e in a.block.examples]


def slax(*args):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind, text, want", CASES)
def test_figure_rule_examples(kind, text, want):
    assert want in [f.text for f in figures(text) if f.kind == kind]


@pytest.mark.parametrize("kind, text", COUNTER)
def test_figure_rule_counter_examples(kind, text):
    assert [f for f in figures(text) if f.kind == kind] == []


@pytest.mark.parametrize("kind, text, want", [c for c in CASES if c[0] in ("percent", "rate", "money")])
def test_example_figures_are_numbers_numerals_reads(kind, text, want):
    if re.search(r"_|\[|【|倍", want):  # a blank has no value; 倍 is a multiple, not a fraction
        return
    if kind == "money":
        assert parse_money(want).value is not None
    else:
        assert parse_rate(re.sub(r"\(.*\)$", "", want)) is not None  # the Arabic gloss repeats the figure


def test_figures_are_ordered_disjoint_and_the_same_every_time():
    text = normalize(LETTER.read_text(encoding="utf-8")).text
    found = figures(text)
    assert found == figures(text) and len(found) > 20
    assert all(a.span[1] <= b.span[0] for a, b in zip(found, found[1:]))
    assert all(text[f.span[0]:f.span[1]] == f.text and f.kind in KINDS for f in found)


@pytest.mark.parametrize("rules, message", [
    ([{"id": "x", "regex": "a", "kind": "weight"}], "[[rule]] x: kind must be one of"),
    ([{"id": k, "regex": "a", "kind": k} for k in KINDS[:-1]], "one [[rule]] per kind"),
])
def test_a_bad_figure_file_is_refused_with_the_block(rules, message):
    with pytest.raises(PatternError, match=re.escape(message)):
        check_kinds(validate("figures", {"rule": rules}))


def test_each_fate_with_its_reason():
    text = normalize("服务承诺书\n1.故障响应时间不超过30分钟。\n2.故障中断超过24小时的,甲方有权解除合同。\n"
                     "3.本项目团队共有10名工程师,其中80%具有高级职称。").text
    (letter,) = explain_normalized(text)
    fates = {f.figure.text: f for f in letter.figures}
    fact = fates["30分钟"]
    assert (fact.fate, fact.family, fact.rule) == ("fact", "timings", "duration")
    assert "30分钟" in letter.letter.facts["timings"][fact.index].text
    vetoed = fates["24小时"]
    assert (vetoed.fate, vetoed.family, vetoed.rule, vetoed.words) == ("vetoed", "timings", "trigger_before", "超过")
    assert fates["80%"].fate == "unclaimed" and fates["80%"].family is None  # a share of staff: no family's


@pytest.mark.parametrize(("text", "figure", "rule", "words"), [
    ("据介绍,该公司接到报修后2小时内到达现场。", "2小时", "reported", "据介绍"),
    ("平均修复时间由去年的4.2小时缩短至1.6小时。", "4.2小时", "reported", "缩短至"),
    ("举例说明:若当月中断43分钟,则当月服务可用性为99.9%。", "99.9%", "illustrative", "举例"),
    ("可用性是否设为99.99%?", "99.99%", "undecided", "是否"),
    ("原第三条“响应时间不超过60分钟”修改为“不超过30分钟”。", "60分钟", "superseded", "“"),
])
def test_a_figure_the_not_a_promise_filters_stop_says_which_and_why(text, figure, rule, words):
    # the filters of extractor/commitment/filters.py judge single figures too: explain names them as vetoes
    (letter,) = explain_normalized(normalize(text).text)
    (found,) = [f for f in letter.figures if f.figure.text == figure]
    assert (found.fate, found.family, found.rule) == ("vetoed", "commitment", rule)
    assert words in found.words


def _example_figures(text: str, figure: str | None) -> tuple[str, list]:
    """The normalized ``text`` and the explained figures an [[aside]] example is about: those written ``figure``,
    or the text's only figure."""
    norm = normalize(text).text
    found = [f for letter in explain_normalized(norm) for f in letter.figures]
    meant = [f for f in found if figure is None or f.figure.text == normalize(figure).text]
    assert meant and (figure is not None or len(found) == 1), (text, [f.figure.text for f in found])
    return norm, meant


@pytest.mark.parametrize("aside_id, example", ASIDES, ids=[f"{a}:{e.expect}:{e.text[:12]}" for a, e in ASIDES])
def test_aside_examples(aside_id, example):
    _, meant = _example_figures(example.text, example.figure)
    for f in meant:
        assert f.fate == example.expect, (example, f)
        if f.fate == "aside":
            assert f.rule == aside_id and f.words and f.reason.en and f.reason.zh and f.family is None


def test_an_aside_never_takes_a_figure_a_family_claimed():
    # The examples where a family takes the figure although an aside's words surround it: the fact stands.
    claimed = []
    for _, example in (c for c in ASIDES if c[1].expect == "fact"):
        norm, meant = _example_figures(example.text, example.figure)
        claimed += [f for f in meant if set_aside(norm, *f.figure.span, f.figure.kind) is not None]
    assert len(claimed) >= 3 and all(f.fate == "fact" for f in claimed)
    text = normalize("服务承诺书\n任何故障须在2小时内响应。\n在任何一个月中不能达到上述品质的,赔偿当月服务费的10%。").text
    fates = {f.figure.text: f for letter in explain_normalized(text) for f in letter.figures}
    assert (fates["2小时"].fate, fates["一个月"].fate, fates["一个月"].rule) == ("fact", "aside", "any_period")


def test_a_fact_wins_over_a_veto_on_the_same_figure():
    # "每半年" is no deadline (the duration rule's candidate is vetoed after 每), but a frequency fact takes it.
    (letter,) = explain_normalized(normalize("服务承诺书\n乙方应每半年组织一次应急演练。").text)
    (half_year,) = letter.figures
    assert any(h.start < half_year.figure.span[1] and half_year.figure.span[0] < h.end for h in letter.vetoes)
    assert (half_year.fate, half_year.family, half_year.rule) == ("fact", "timings", "frequency_every")


def test_fact_fates_point_at_the_facts_of_slax_extract():
    extracted = json.loads(slax("extract", LETTER, "-f", "json").stdout)
    explained = explain_file(LETTER)
    assert len(explained.letters) == len(extracted["letters"])
    for mine, theirs in zip(explained.letters, extracted["letters"]):
        for f in mine.figures:
            if f.fate == "fact":
                fact = theirs[f.family][f.fact]
                assert fact.get("rule", fact.get("role")) == f.rule
                assert fact["span"]["start"] < f.span.end and f.span.start < fact["span"]["end"]


def test_json_validates_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    published = json.loads((ROOT / "schema" / "explain.schema.json").read_text(encoding="utf-8"))
    assert published == explain_json_schema(), "regenerate with: python -m extractor.app.explain > " \
                                               "schema/explain.schema.json"
    result = slax("explain", LETTER, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, published)
    figures_ = [f for letter in data["letters"] for f in letter["figures"]]
    assert "fact" in {f["fate"] for f in figures_}
    tally = data["tally"]
    assert tally["figures"] == len(figures_) == tally["facts"] + tally["vetoed"] + tally["aside"] + tally["unclaimed"]
    assert tally["unclaimed"] == sum(f["fate"] == "unclaimed" for f in figures_)


def test_an_aside_in_json_names_its_block_words_and_reason(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    letter = tmp_path / "formula.txt"
    letter.write_text("服务承诺书\n可用性=(总分钟数-不可用分钟数)/总分钟数×100%。\n可用性不低于99.9%。\n", encoding="utf-8")
    result = slax("explain", letter, "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, explain_json_schema())
    formula, level = data["letters"][0]["figures"]
    assert (formula["fate"], formula["aside"], formula["words"]) == ("aside", "formula_hundred_percent", "×")
    assert formula["reason"].startswith("a term of a formula") and formula["veto"] is formula["rule"] is None
    assert level["fate"] == "fact" and level["aside"] is level["reason"] is None
    assert data["tally"]["aside"] == 1 and data["tally"]["unclaimed"] == 0


def test_same_letter_same_fates_in_every_format(tmp_path):
    markdown = tmp_path / "letter_02.md"
    markdown.write_text(LETTER.read_text(encoding="utf-8"), encoding="utf-8")
    def fates(path):
        return [(f.kind, f.fate, f.family, f.rule, f.veto) for letter in explain_file(path).letters
                for f in letter.figures]
    want = fates(LETTER)
    for path in (ROOT / "samples" / "pdf" / "letter_02.pdf", ROOT / "samples" / "docx" / "letter_02.docx",
                 ROOT / "samples" / "html" / "letter_02.html", markdown):
        assert fates(path) == want, path


def test_table_fits_80_columns_and_ends_with_the_summary():
    from rich.cells import cell_len

    result = slax("explain", LETTER)
    assert result.returncode == 0, result.stderr
    *table, summary = result.stdout.splitlines()
    assert max(cell_len(line) for line in table) <= 80
    explained = explain_file(LETTER)
    tally = explained.tally
    assert f"{tally.figures} figures: {tally.facts} facts, {tally.vetoed} vetoed, {tally.aside} set aside, " \
           f"{tally.unclaimed} unclaimed" in summary
    # One row per figure; a long blank folds onto a line of its own, with nothing in the other columns.
    # The table ends where the asides' reasons start ("* spending_share: …", folded over lines of their own).
    reasons = next((i for i, line in enumerate(table) if line.startswith("* ")), len(table))
    assert any(f.aside for letter in explained.letters for f in letter.figures) == (reasons < len(table))
    rows = [line for line in table[3:reasons] if len(line.split()) > 1]
    figures_ = [f for letter in explained.letters for f in letter.figures]
    assert len(explained.letters) == 1 and len(rows) == len(figures_)
    for row, f in zip(rows, figures_):
        assert f.fate in row.split() and (f.veto or f.rule or "") in row


@pytest.mark.parametrize("lang, fate, reason", [("en", "aside", "a term of a formula"),
                                                ("zh", "非承诺", "计算公式中的一项")])
def test_table_names_each_aside_and_gives_its_reason_under_the_table(tmp_path, lang, fate, reason):
    from rich.cells import cell_len

    letter = tmp_path / "formula.txt"
    letter.write_text("服务承诺书\n可用性=(总分钟数-不可用分钟数)/总分钟数×100%。\n服务周期:一个服务周期为一个自然月。\n"
                      "可用性不低于99.9%。\n", encoding="utf-8")
    result = slax("explain", letter, "--lang", lang)
    assert result.returncode == 0, result.stderr
    *table, summary = result.stdout.splitlines()
    assert max(cell_len(line) for line in table) <= 80
    rows = [line for line in table if line.startswith(("100%", "一个自然月"))]
    assert len(rows) == 2 and all(fate in row.split() for row in rows)
    assert "formula_hundred_percent" in rows[0] and "service_period" in rows[1]
    notes = [line for line in table if line.startswith("* ")]
    assert notes[0].startswith(f"* formula_hundred_percent: {reason}") and notes[1].startswith("* service_period: ")


def test_summary_over_a_folder_counts_every_file(tmp_path):
    for name in ("letter_01.txt", "letter_02.txt"):
        (tmp_path / name).write_text((ROOT / "samples" / "letters" / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    result = slax("explain", "--summary", tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and lines[-1].startswith("total of 2 file(s): ")
    counts = [re.search(r": (\d+) figures: (\d+) facts, (\d+) vetoed, (\d+) set aside, (\d+) unclaimed "
                        r"\(([\d.]+)% unclaimed\)", line).groups() for line in lines]
    for i in range(5):
        assert int(counts[2][i]) == int(counts[0][i]) + int(counts[1][i])
    assert float(counts[2][5]) == pytest.approx(100 * int(counts[2][4]) / int(counts[2][0]), abs=0.05)


def test_summary_goes_on_past_a_bad_file_and_exits_2(tmp_path):
    (tmp_path / "good.txt").write_text(LETTER.read_text(encoding="utf-8"), encoding="utf-8")
    result = slax("explain", "--summary", tmp_path / "good.txt", tmp_path / "missing.txt")
    assert result.returncode == 2
    assert re.search(r"good.txt: \d+ figures: ", result.stdout)
    assert result.stderr.strip().endswith("missing.txt: no such file")


@pytest.mark.parametrize("args, reason", [
    (["nope.txt"], "slax: error: nope.txt: no such file"),
    (["samples/letters"], "slax: error: samples/letters: "),
    (["tests/letters/bp_news.txt", "tests/letters/bp_bid.txt"], "explain takes one file"),
    (["--summary", "--format", "json", "samples/letters"], "takes no --format"),
])
def test_bad_input_is_one_line_and_exit_2(args, reason, tmp_path):
    result = slax("explain", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr


def test_a_file_that_is_no_letter_is_a_one_line_error(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    result = slax("explain", bad)
    assert result.returncode == 2 and result.stderr.startswith(f"slax: error: {bad}: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_letter_the_scanner_cannot_read_in_time_is_a_warning(monkeypatch):
    def too_slow(text):
        raise TimeoutError("regex timed out")

    monkeypatch.setattr("extractor.pipeline.figures", too_slow)
    explained = explain_file(LETTER)
    assert explained.tally.figures == 0
    assert len(explained.warnings) == 1 and "figures skipped" in explained.warnings[0]


def test_a_document_that_commits_nothing_names_its_filter_for_every_figure(tmp_path):
    from extractor.app.explain import explain_file

    guide = tmp_path / "guide.txt"
    guide.write_text("云主机售后服务深入解析\n据统计,许多用户忽视售后。好的服务商会承诺30分钟内响应,可用性99.9%。\n",
                     encoding="utf-8")
    figures = [f for letter in explain_file(guide).letters for f in letter.figures]
    assert figures and {(f.fate, f.family, f.veto) for f in figures} == {("vetoed", "commitment",
                                                                          "explainer_document")}
    assert all(f.words for f in figures)
    letter = tmp_path / "letter.txt"
    letter.write_text("服务承诺书\n我公司承诺30分钟内响应,可用性不低于99.9%。\n", encoding="utf-8")
    assert {f.fate for lt in explain_file(letter).letters for f in lt.figures} == {"fact"}
