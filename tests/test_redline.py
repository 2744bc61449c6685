"""The clause redline of `slax diff`: clauses aligned by content, each added, removed, moved or reworded clause
reported exactly once in the --text output, the JSON and the HTML; caps and exclusions judged for the recipient.

The letters are tests/diff_cases/redline_*.txt: redline_base.txt and one edit of it each."""
import json
import re
from pathlib import Path

import pytest
from test_report import Dom
from typer.testing import CliRunner

from extractor.app import redline
from extractor.app.cli import app
from extractor.app.redline import align_clauses, cues_in, words
from extractor.rules import patterns

CASES = Path(__file__).resolve().parent / "diff_cases"
BASE = "redline_base.txt"
runner = CliRunner()

# variant of redline_base.txt -> every clause event from base to variant: (event, clause in A, clause in B, direction)
EVENTS = {
    "redline_exclusion.txt": [("added", None, "8", "looser")],       # 8. 因不可抗力…不视为违约 appended
    "redline_cap.txt": [("added", None, "6", "looser")],             # 6. 赔偿…最高不超过… inserted, 6-7 renumbered
    "redline_removed.txt": [("removed", "5", None, None)],           # clause 5 dropped, 6-7 renumbered
    "redline_moved.txt": [("moved", "5", "7", None)],                # clause 5 moved to the end
    "redline_reworded.txt": [("changed", "5", "5", None)],           # 5. …安全管理制度[+和保密规定+]
    "redline_renumbered.txt": [],                                    # 1. -> 1、
    "redline_articles.txt": [],                                      # 1. -> 第一条
}
FLIP = {"added": "removed", "removed": "added", "looser": "stricter", "stricter": "looser"}


def reversed_events(events):
    return [(FLIP.get(ev, ev), b, a, FLIP.get(d, d)) for ev, a, b, d in events]


TABLE = [(BASE, v, ev) for v, ev in EVENTS.items()] + [(v, BASE, reversed_events(ev)) for v, ev in EVENTS.items()]


def run(a, b, *args):
    result = runner.invoke(app, ["diff", str(CASES / a), str(CASES / b), *args], env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.output
    return result


def json_events(data):
    return [(e["event"], e["a"] and e["a"]["clause"], e["b"] and e["b"]["clause"], e["direction"])
            for e in data["clauses"]]


def text_lines(stdout):
    return [line for line in stdout.splitlines() if line.startswith("clause ")]


def html_events(html):
    return re.findall(r'<div class="clause-event \w+" data-event="(\w+)" data-clause-a="([^"]*)" '
                      r'data-clause-b="([^"]*)">', html)


def label(a, b):
    return f"{a}→{b}" if a and b and a != b else a or b


@pytest.mark.parametrize("a, b, expected", TABLE, ids=[f"{a}->{b}" for a, b, _ in TABLE])
def test_every_clause_event_is_reported_once_in_json(a, b, expected):
    result = run(a, b, "-f", "json")
    assert json_events(json.loads(result.stdout)) == expected
    assert result.exit_code == (1 if expected else 0)


@pytest.mark.parametrize("a, b, expected", TABLE, ids=[f"{a}->{b}" for a, b, _ in TABLE])
def test_every_clause_event_is_reported_once_in_text(a, b, expected):
    lines = text_lines(run(a, b, "--text").stdout)
    assert len(lines) == len(expected)
    for line, (event, ca, cb, direction) in zip(lines, expected):
        assert line.startswith(f"clause {label(ca, cb)} ({event}" + (f", {direction}" if direction else ""))


@pytest.mark.parametrize("a, b, expected", TABLE, ids=[f"{a}->{b}" for a, b, _ in TABLE])
def test_every_clause_event_is_reported_once_in_html(a, b, expected):
    html = run(a, b, "-f", "html").stdout
    assert Dom(html).errors == []
    assert html_events(html) == [(ev, ca or "", cb or "") for ev, ca, cb, _ in expected]


NEW_CLAUSE = "8. 因不可抗力导致的服务中断不视为违约。"


def test_a_new_exclusion_clause_shows_in_all_three_forms():
    table = run(BASE, "redline_exclusion.txt")
    assert "no changes in the extracted facts" in table.stdout
    assert "clauses: 1 added (--text shows them)" in table.stdout
    (line,) = text_lines(run(BASE, "redline_exclusion.txt", "--text").stdout)
    assert line == f"clause 8 (added, looser: +exclusion 不可抗力; +exclusion 不视为违约): [+{NEW_CLAUSE}+]"
    data = json.loads(run(BASE, "redline_exclusion.txt", "-f", "json").stdout)
    (event,) = data["clauses"]
    assert (event["event"], event["a"], event["b"]["clause"], event["b"]["text"]) == ("added", None, "8", NEW_CLAUSE)
    source = (CASES / "redline_exclusion.txt").read_text(encoding="utf-8")
    assert source[event["b"]["span"]["start"]:event["b"]["span"]["end"]] == NEW_CLAUSE
    assert {(c["kind"], c["text"], c["side"]) for c in event["cues"]} == {
        ("exclusion", "不可抗力", "b"), ("exclusion", "不视为违约", "b")}
    html = run(BASE, "redline_exclusion.txt", "-f", "html").stdout
    assert html.count("不视为违约</mark>") == 1 and "<ins>8. 因" in html


def test_an_unchanged_clause_is_not_shown_as_inserted():
    # The old character redline showed the last clause with an inserted line break.
    result = run(BASE, "redline_exclusion.txt", "--text", "-f", "json")
    assert [t["clause_b"] for t in json.loads(result.stdout)["text"]] == ["8"]


def test_a_changed_figure_reads_as_words_and_is_not_repeated_by_text():
    data = json.loads(run(BASE, "redline_figure.txt", "-f", "json").stdout)
    (event,) = data["clauses"]
    assert event["event"] == "changed" and event["in_facts"]
    assert [op for op in event["diff"] if op["op"] != "equal"] == [{"op": "replace", "a": "15分钟", "b": "30分钟"}]
    assert [c["direction"] for c in data["changes"]] == ["looser"]
    assert text_lines(run(BASE, "redline_figure.txt", "--text").stdout) == []


def test_a_reworded_clause_gets_a_word_diff():
    (event,) = json.loads(run(BASE, "redline_reworded.txt", "-f", "json").stdout)["clauses"]
    assert [op for op in event["diff"] if op["op"] != "equal"] == [{"op": "insert", "a": "", "b": "和保密规定"}]
    assert not event["in_facts"]


def test_a_new_cap_is_looser_and_a_removed_one_stricter():
    added = json.loads(run(BASE, "redline_cap.txt", "-f", "json").stdout)["clauses"]
    removed = json.loads(run("redline_cap.txt", BASE, "-f", "json").stdout)["clauses"]
    assert [(e["direction"], [c["kind"] for c in e["cues"]]) for e in added] == [("looser", ["cap"])]
    assert [(e["direction"], [c["side"] for c in e["cues"]]) for e in removed] == [("stricter", ["a"])]


# ---- alignment on clause keys

@pytest.mark.parametrize("a, b, events", [
    ("pqrs", "pqxrs", [("added", None, 2)]),              # inserted in the middle: the rest is unchanged
    ("pqrs", "prs", [("removed", 1, None)]),
    ("pqrs", "qrsp", [("moved", 0, 3)]),
    ("pqrs", "pqrs", []),
    ("pp", "ppp", [("added", None, 2)]),                  # a repeated clause once more
])
def test_align_clauses(a, b, events):
    assert align_clauses(list(a), list(b)) == events


def test_align_pairs_a_reworded_clause_in_place_of_add_and_remove():
    a = ["乙方每月提交一次运维报告。", "本承诺书自签字之日起生效。"]
    b = ["乙方每月向甲方提交一次书面运维报告。", "本承诺书自签字之日起生效。"]
    assert align_clauses(a, b) == [("changed", 0, 0)]


# ---- words and cues

@pytest.mark.parametrize("text, word", [
    ("乙方须在15分钟内响应", "15分钟"), ("在2个工作日内答复", "2个工作日"), ("可用性不低于99.5%", "99.5%"),
    ("违约金人民币1万元", "1万元"), ("违约金", "违约金"),
])
def test_words_keep_figures_with_their_units(text, word):
    assert word in words(text) and "".join(words(text)) == text


CUES = patterns.load("redline")["cue"]


@pytest.mark.parametrize("kind, text", [(c["kind"], t) for c in CUES for t in c["examples"]])
def test_cue_examples(kind, text):
    assert kind in {k for k, _ in cues_in(text)}


@pytest.mark.parametrize("text", [t for c in CUES for t in c.get("counter_examples", [])])
def test_cue_counter_examples(text):
    assert cues_in(text) == []


def test_a_cue_without_kind_is_a_pattern_error(monkeypatch):
    monkeypatch.setattr(redline, "load", lambda name: {"cue": [{"regex": "x", "examples": ["x"]}]})
    redline.rules.cache_clear()
    try:
        with pytest.raises(patterns.PatternError, match="redline.toml cue 1: needs kind"):
            redline.rules()
    finally:
        redline.rules.cache_clear()


def test_the_summary_table_does_not_load_jieba():
    # jieba takes a second or more to load; the default table only counts clause events.
    import subprocess
    import sys

    code = ("import sys; from extractor.app.cli import main; rc = main(['diff', sys.argv[1], sys.argv[2]]); "
            "print(rc, 'jieba' in sys.modules, 'numpy' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code, str(CASES / BASE), str(CASES / "redline_reworded.txt")],
                         capture_output=True, text=True, cwd=CASES.parent.parent, timeout=120)
    assert run.stdout.splitlines()[-1] == "1 False False", run.stderr


def test_a_changed_year_at_the_start_of_the_preamble_is_a_change(tmp_path):
    # A leading figure is not a clause number: 2024 -> 2025 in the title must not vanish as "renumbering".
    base = (CASES / BASE).read_text(encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("2024年度" + base, encoding="utf-8")
    b.write_text("2025年度" + base, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(a), str(b), "-f", "json"])
    (event,) = json.loads(result.stdout)["clauses"]
    assert (event["event"], event["a"]["clause"]) == ("changed", "(preamble)")
    assert [op for op in event["diff"] if op["op"] != "equal"] == [{"op": "replace", "a": "2024年", "b": "2025年"}]


def test_clauses_of_a_file_of_several_letters_say_which_letter():
    lines = text_lines(run("pair_v1.txt", "redline_base.txt", "--text").stdout)
    assert lines and all(line.startswith("clause 1:") for line in lines)
    html = run("pair_v1.txt", "redline_base.txt", "-f", "html").stdout
    assert html.count("clause 1:") == len(json.loads(run("pair_v1.txt", "redline_base.txt", "-f", "json").stdout)
                                         ["clauses"]) > 0
    assert text_lines(run(BASE, "redline_removed.txt", "--text").stdout)[0].startswith("clause 5 ")


@pytest.mark.parametrize("drop", ["1. ", "4. "])
def test_a_clause_dropped_without_renumbering_is_one_removed_clause(tmp_path, drop):
    # Without renumbering the segmenter may read the rest differently (after 3. comes 5.; with no 1. the list
    # is preamble): clauses are aligned line by line, so the other clauses still match.
    base = (CASES / BASE).read_text(encoding="utf-8")
    dropped = next(line for line in base.splitlines() if line.startswith(drop))
    b = tmp_path / "b.txt"
    b.write_text(base.replace(dropped + "\n", ""), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(CASES / BASE), str(b), "-f", "json"])
    events = json.loads(result.stdout)["clauses"]
    assert [(e["event"], e["a"]["clause"], e["a"]["text"]) for e in events] == [("removed", drop[0], dropped)]
