"""`slax diff` on pairs of letter versions in tests/diff_cases."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.app.cli import app

CASES = Path(__file__).resolve().parent / "diff_cases"
runner = CliRunner()


def diff_json(a, b, *extra):
    result = runner.invoke(app, ["diff", str(CASES / a), str(CASES / b), "-f", "json", *extra])
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout)


def field(fact, path):
    for part in path.split("."):
        fact = fact[part]
    return fact


# (family, kind, field compared, old value, new value, direction from A to B)
OPS = [  # ops_v1 -> ops_v2: 运维服务承诺书, four figures changed, five unchanged
    ("availability", "availability", "value", 0.995, 0.999, "stricter"),
    ("timings", "response", "minutes", 30, 60, "looser"),
    ("timings", "notice", "minutes", 7 * 1440, 3 * 1440, "looser"),
    ("penalties", "liquidated_damages", "rate", 0.05, 0.10, "stricter"),
]
CLOUD = [  # cloud_v1 -> cloud_v2: 服务等级协议 with P1/P2 tiers (their clauses swap places in v2)
    ("timings", "response", "minutes", 15, 5, "stricter"),
    ("timings", "support_hours", "hours", "5x8", "7x24", "stricter"),
    ("timings", "frequency", "minutes", 90 * 1440, 30 * 1440, "stricter"),
    ("penalties", "service_credit", "rate", 0.10, 0.25, "stricter"),
    ("penalties", "liquidated_damages", "amount.value", 10000, 50000, "stricter"),
]
FLIP = {"stricter": "looser", "looser": "stricter"}


def _v(x):
    return round(float(x), 6) if isinstance(x, (int, float)) else x


def observed(data, rows):
    out = set()
    for c in data["changes"]:
        assert c["old"] is not None and c["new"] is not None, c
        path = next(p for fam, kind, p, *_ in rows if (fam, kind) == (c["family"], c["kind"]))
        out.add((c["family"], c["kind"], path, _v(field(c["old"], path)), _v(field(c["new"], path)), c["direction"]))
    return out


def expected(rows, reverse=False):
    if reverse:
        rows = [(f, k, p, n, o, FLIP[d]) for f, k, p, o, n, d in rows]
    return {(f, k, p, _v(o), _v(n), d) for f, k, p, o, n, d in rows}


@pytest.mark.parametrize("a, b, rows, reverse", [
    ("ops_v1.txt", "ops_v2.txt", OPS, False),
    ("ops_v2.txt", "ops_v1.txt", OPS, True),
    ("cloud_v1.txt", "cloud_v2.txt", CLOUD, False),
    ("cloud_v2.txt", "cloud_v1.txt", CLOUD, True),
])
def test_every_changed_figure_is_reported_with_its_direction(a, b, rows, reverse):
    result, data = diff_json(a, b)
    assert result.exit_code == 1
    assert len(data["changes"]) == len(rows)  # nothing for the unchanged facts
    assert observed(data, rows) == expected(rows, reverse)


def test_moved_clause_pairs_by_tier_not_by_position():
    _, data = diff_json("cloud_v1.txt", "cloud_v2.txt")
    response = next(c for c in data["changes"] if c["kind"] == "response")
    assert (response["old"]["tier"], response["new"]["tier"]) == ("P1", "P1")
    assert (response["clause_a"], response["clause_b"]) == ("2.1", "2.2")


def test_same_letter_has_no_changes():
    result = runner.invoke(app, ["diff", str(CASES / "ops_v1.txt"), str(CASES / "ops_v1.txt")])
    assert result.exit_code == 0
    assert "no changes" in result.stdout


def test_template_against_filled_copy_reports_every_blank_filled():
    blanks = runner.invoke(app, ["blanks", str(CASES / "template.txt"), "-f", "json"])
    labels = sorted(b["label"] for b in json.loads(blanks.stdout))
    _, data = diff_json("template.txt", "filled.txt")
    blank_changes = [c for c in data["changes"] if c["family"] == "blanks"]
    assert sorted(c["old"]["label"] for c in blank_changes) == labels and labels
    assert {c["direction"] for c in blank_changes} == {"filled"}
    assert all(c["new"] is None for c in blank_changes)
    filled = {c["old"]["label"]: c["filled_with"] for c in blank_changes}
    assert filled["项目编号"] == "ZB-2024-018"
    assert filled["日期"] == "2024年5月20日"
    # the figures written into the blanks are facts now
    facts = {(c["family"], c["kind"]): c for c in data["changes"] if c["family"] != "blanks"}
    assert facts[("availability", "availability")]["direction"] == "filled"
    assert facts[("availability", "availability")]["new"]["value"] == pytest.approx(0.999)
    assert facts[("timings", "response")]["new"]["minutes"] == 60


def test_filled_copy_against_template_is_emptied():
    _, data = diff_json("filled.txt", "template.txt")
    assert {c["direction"] for c in data["changes"] if c["family"] == "blanks"} == {"emptied"}


def test_json_shape():
    _, data = diff_json("ops_v1.txt", "ops_v2.txt")
    assert data["a"].endswith("ops_v1.txt") and data["b"].endswith("ops_v2.txt")
    change = data["changes"][0]
    assert {"family", "kind", "event", "old", "new", "direction", "clause_a", "clause_b"} <= set(change)
    assert change["old"]["span"]["start"] < change["old"]["span"]["end"]


def test_several_letters_are_paired_by_index_and_the_output_says_so():
    result, data = diff_json("pair_v1.txt", "pair_v2.txt")
    assert data["pairing"] == "index" and data["pairs"] == [[1, 1], [2, 2]]
    assert any("paired by index" in n for n in data["notes"])
    assert {c["letter_a"] for c in data["changes"]} == {2}
    table = runner.invoke(app, ["diff", str(CASES / "pair_v1.txt"), str(CASES / "pair_v2.txt")],
                          env={"COLUMNS": "200"})
    assert "paired by index" in table.stdout


@pytest.mark.parametrize("letter, pairs, changes", [
    ("1", [[1, 1]], 0),          # the 运维 letter is the same in both files
    ("2", [[2, 2]], len(CLOUD)),
])
def test_letter_option_picks_one_letter(letter, pairs, changes):
    result, data = diff_json("pair_v1.txt", "pair_v2.txt", "--letter", letter)
    assert (data["pairing"], data["pairs"], len(data["changes"])) == ("selected", pairs, changes)
    assert result.exit_code == (1 if changes else 0)


def test_letter_option_can_pick_different_letters_on_each_side():
    _, data = diff_json("pair_v1.txt", "ops_v2.txt", "--letter", "1:1")
    assert data["pairs"] == [[1, 1]]
    assert len(data["changes"]) == len(OPS)


def test_letter_out_of_range_is_a_one_line_error():
    result = runner.invoke(app, ["diff", str(CASES / "ops_v1.txt"), str(CASES / "ops_v2.txt"), "--letter", "3"])
    assert result.exit_code == 2
    assert result.stderr == "slax: error: A has no letter 3 (it has 1); B has no letter 3 (it has 1)\n"


def test_text_redline_shows_changes_outside_the_facts():
    result = runner.invoke(app, ["diff", str(CASES / "ops_v1.txt"), str(CASES / "ops_v2.txt"), "--text",
                                 "-f", "markdown"])
    assert "[-自签字盖章之日起-][+经双方确认后+]" in result.stdout
    assert "[-99.5-]" not in result.stdout  # a figure the fact table already reports
    _, data = diff_json("ops_v1.txt", "ops_v2.txt", "--text")
    (clause,) = data["text"]
    assert clause["clause_a"] == clause["clause_b"] == "五"
    assert {"op": "replace", "a": "自签字盖章之日起", "b": "经双方确认后"} in clause["ops"]


def test_text_redline_ignores_renumbering_of_moved_clauses():
    _, data = diff_json("cloud_v1.txt", "cloud_v2.txt", "--text")
    assert data["text"] == []


def test_markdown_is_a_table():
    result = runner.invoke(app, ["diff", str(CASES / "ops_v1.txt"), str(CASES / "ops_v2.txt"), "-f", "markdown"])
    lines = result.stdout.splitlines()
    assert "| letter | family | what | old | new | direction | clause |" in lines
    assert any("≥99.5%" in line and "≥99.9%" in line and "**stricter**" in line for line in lines)


def test_missing_file_is_a_one_line_error():
    result = runner.invoke(app, ["diff", str(CASES / "ops_v1.txt"), str(CASES / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith("slax: error: ") and "no such file" in result.stderr
    assert result.stderr.count("\n") == 1
