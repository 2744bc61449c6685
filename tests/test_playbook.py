"""Playbooks: loading and validation errors, rule evaluation over hand-built letters, `slax check` end to end."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from extractor.app import playbook as pb
from extractor.app.cli import main
from extractor.models import AvailabilityFact, BlankFact, Letter, PenaltyFact, Span, TimingFact

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "samples" / "letters"
MODELS = {"availability": AvailabilityFact, "timings": TimingFact, "penalties": PenaltyFact, "blanks": BlankFact}


def letter(**families) -> Letter:
    """A letter whose facts sit at consecutive fake spans; each fact dict needs only its meaningful fields."""
    built, pos = {}, 0
    for family, facts in families.items():
        built[family] = []
        for kw in facts:
            kw = {"text": "x", **kw}
            if family != "blanks":
                kw.setdefault("rule", "test")
            built[family].append(MODELS[family](span=Span(start=pos, end=pos + len(kw["text"])), **kw))
            pos += len(kw["text"]) + 1
    return Letter(index=1, title="承诺书", span=Span(start=0, end=pos), **built)


def rule(toml: str) -> pb.Rule:
    return pb.parse('[[rule]]\nid = "r"\ntitle = "t"\n' + toml).rule[0]


# ---- thresholds ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("toml, value", [
    ('family = "availability"\nop = ">="\nvalue = "99.9%"', 0.999),
    ('family = "availability"\nop = ">="\nvalue = 0.9995', 0.9995),
    ('family = "penalties"\nfield = "rate"\nop = ">="\nvalue = "5%"', 0.05),
    ('family = "timings"\nop = "<="\nvalue = "15min"', 15),
    ('family = "timings"\nop = "<="\nvalue = "4h"', 240),
    ('family = "timings"\nop = "<="\nvalue = "4小时"', 240),
    # every unit word of patterns/units.toml, and its short forms for thresholds
    ('family = "timings"\nop = "<="\nvalue = "4 hours"', 240),
    ('family = "timings"\nop = ">="\nvalue = "2w"', 20160),
    ('family = "timings"\nop = ">="\nvalue = "3个工作日"', 4320),
    ('family = "timings"\nop = "<="\nvalue = "30 min"', 30),
    ('family = "timings"\nop = ">="\nvalue = "30d"', 43200),
    ('family = "timings"\nop = "<="\nvalue = 90', 90),
    ('family = "timings"\nfield = "hours"\nop = "="\nvalue = "7x24"', "7x24"),
])
def test_threshold_units(toml, value):
    assert rule(toml).value == pytest.approx(value) if isinstance(value, (int, float)) else rule(toml).value == value


# ---- malformed playbooks: one line naming the line and the problem --------------------------------------

GOOD_RULE = '[[rule]]\nid = "ok"\ntitle = "t"\nfamily = "timings"\nop = "<="\nvalue = "4h"\n'


@pytest.mark.parametrize("text, where, problem", [
    ('name = "x"\n[[rule]\n', "p.toml:2:", "invalid TOML"),
    ('name = "x"\nname = "y"\n', "p.toml:2:", "invalid TOML"),
    ('[[rule]]\nid = "a"\ntitle = "t"\nfamily = "availability"\nop = ">="\nvalue = 99.9\n', "p.toml:6:",
     "not a fraction"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nop = "<="\nvalue = "4 hourz"\n', "p.toml:12:",
     "unknown duration unit 'hourz'; did you mean 'hour'?"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timing"\nop = "<="\nvalue = 1\n', "p.toml:10:",
     "unknown family 'timing'; did you mean 'timings'?"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nmatch = { teir = "P1" }\nop = "<="\n'
     'value = 1\n', "p.toml:11:", "no field 'teir'"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nop = "<="\n', "p.toml:11:", "needs a value"),
    (GOOD_RULE + '[[rule]]\nid = "b"\nfamily = "timings"\nop = "<="\nvalue = 1\n', "p.toml:7:", "title"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nop = "=="\nvalue = 1\n', "p.toml:11:", "op"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nexclude = { event = "(" }\nop = "<="\n'
     'value = 1\n', "p.toml:11:", "bad regex"),
    (GOOD_RULE + GOOD_RULE, "p.toml:", "duplicate rule id 'ok'"),
    # a rule that is not a table (this was a traceback)
    ('rule = ["x"]\n', "p.toml:1: rule.0:", "valid dictionary"),
    (GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nop = "<="\nvalue = 1\ncolour = "red"\n',
     "p.toml:13:", "colour"),
])
def test_malformed_playbook_names_line_and_problem(text, where, problem):
    with pytest.raises(pb.PlaybookError) as exc:
        pb.parse(text, "p.toml")
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(where) and problem in message


def test_default_playbook_loads_and_covers_the_brief():
    book = pb.load()
    assert {r.id for r in book.rule} >= {"availability", "p1_response", "recovery", "penalty", "support_7x24",
                                         "no_blanks", "change_notice"}


# ---- evaluation over hand-built letters ------------------------------------------------------------------

AVAIL = 'family = "availability"\nkind = "availability"\nexclude = { subject = "非核心" }\nop = ">="\nvalue = "99.9%"\n'
P1 = 'family = "timings"\nkind = "response"\nprefer = { tier = "^(?:P1|一级)$" }\nop = "<="\nvalue = "15min"\n'
PENALTY = ('family = "penalties"\nfield = "rate"\nexclude = { trigger = "未支付" }\nselect = "weakest"\n'
           'op = ">="\nvalue = "5%"\nmissing = "fail"\n')


@pytest.mark.parametrize("toml, facts, status, decided_by", [
    (AVAIL, {"availability": [{"value": 0.995, "comparator": ">="}]}, "fail", 0),
    (AVAIL, {"availability": [{"value": 0.999, "comparator": ">="}]}, "pass", 0),
    (AVAIL, {"availability": [{"value": 0.9995}]}, "pass", 0),
    # the core commitment decides, not the lower figure promised for non-core services
    (AVAIL, {"availability": [{"value": 0.99, "subject": "非核心服务"}, {"value": 0.9995, "subject": "核心服务"}]},
     "pass", 1),
    (AVAIL, {"availability": [{"value": 0.99, "subject": "非核心服务"}]}, "missing", None),
    (AVAIL, {"availability": [{"blank": True, "text": "可用性不低于__%"}]}, "missing", 0),
    (AVAIL, {"availability": [{"value": 8000, "metric": "uptime_hours"}]}, "missing", None),
    (AVAIL, {}, "missing", None),
    # a tiered letter is judged by its top tier even when a lower tier is faster
    (P1, {"timings": [{"kind": "response", "tier": "P2", "minutes": 10}, {"kind": "response", "tier": "P1",
                                                                        "minutes": 30}]}, "fail", 1),
    (P1, {"timings": [{"kind": "response", "minutes": 120}, {"kind": "response", "minutes": 15}]}, "pass", 1),
    (P1, {"timings": [{"kind": "onsite", "minutes": 10}]}, "missing", None),
    (P1, {"timings": [{"kind": "response", "tier": "一级", "minutes": 14.5}]}, "pass", 0),
    (PENALTY, {"penalties": [{"kind": "liquidated_damages", "rate": 0.05}, {"kind": "liquidated_damages",
                                                                           "rate": 0.10}]}, "pass", 0),
    (PENALTY, {"penalties": [{"kind": "service_credit", "rate": 0.03}, {"kind": "service_credit", "rate": 0.25}]},
     "fail", 0),
    # late-payment interest is the customer's penalty and does not count
    (PENALTY, {"penalties": [{"kind": "liquidated_damages", "rate": 0.1, "trigger": "接收方未支付服务费用"}]},
     "missing", None),
    (PENALTY, {"penalties": [{"kind": "compensation", "text": "赔偿由此造成的损失"}]}, "missing", 0),
    ('family = "timings"\nkind = "support_hours"\nfield = "hours"\nop = "="\nvalue = "7x24"\n',
     {"timings": [{"kind": "support_hours", "hours": "5x8"}, {"kind": "support_hours", "hours": "7×24"}]}, "pass", 1),
    ('family = "timings"\nkind = "support_hours"\nfield = "hours"\nop = "="\nvalue = "7x24"\n',
     {"timings": [{"kind": "support_hours", "hours": "5x8"}]}, "fail", 0),
    ('family = "blanks"\nexclude = { label = "签名|签订日期" }\nop = "absent"\n',
     {"blanks": [{"label": "承诺人签名", "kind": "underline"}, {"label": "签订日期", "kind": "date"}]}, "pass", None),
    ('family = "blanks"\nexclude = { label = "签名|签订日期" }\nop = "absent"\n',
     {"blanks": [{"label": "承诺人签名", "kind": "underline"}, {"label": "响应时限", "kind": "underline"}]}, "fail", 1),
    ('family = "penalties"\nkind = "termination"\nop = "present"\n',
     {"penalties": [{"kind": "termination", "text": "有权解除合同"}]}, "pass", 0),
])
def test_rule_evaluation(toml, facts, status, decided_by):
    result = pb.evaluate_rule(rule(toml), letter(**facts))
    assert result.status == status
    assert (result.fact.index if result.fact else None) == decided_by


@pytest.mark.parametrize("missing, outcome", [("fail", "fail"), ("warn", "warn")])
def test_missing_counts_as_the_rule_says(missing, outcome):
    result = pb.evaluate_rule(rule(AVAIL + f'missing = "{missing}"\n'), letter())
    assert (result.status, result.outcome) == ("missing", outcome)


def test_weakest_select_judges_every_commitment():
    toml = 'family = "timings"\nkind = "recovery"\nselect = "weakest"\nop = "<="\nvalue = "4h"\n'
    facts = {"timings": [{"kind": "recovery", "minutes": 240}, {"kind": "recovery", "minutes": 1440}]}
    assert pb.evaluate_rule(rule(toml), letter(**facts)).status == "fail"


def test_result_points_at_clause_page_and_text():
    fact = {"value": 0.995, "clause": "2.(1)", "text": "可用性不低于99.5%"}
    result = pb.evaluate_rule(rule(AVAIL), letter(availability=[fact]))
    assert (result.fact.clause, result.fact.text, result.actual) == ("2.(1)", "可用性不低于99.5%", "99.5%")


def test_well_committed_letter_passes_default_playbook():
    good = letter(
        availability=[{"value": 0.9995, "comparator": ">=", "subject": "核心业务系统"}],
        timings=[{"kind": "response", "tier": "P1", "minutes": 10}, {"kind": "response", "tier": "P2", "minutes": 30},
                 {"kind": "recovery", "tier": "P1", "minutes": 120}, {"kind": "support_hours", "hours": "7x24"},
                 {"kind": "notice", "event": "服务变更", "minutes": 43200}],
        penalties=[{"kind": "service_credit", "rate": 0.1, "base": "当月服务费", "trigger": "月度可用性未达到"}],
        blanks=[{"label": "签订日期", "kind": "date"}],
    )
    check = pb.check_letter(pb.load(), good)
    assert check.verdict == "pass", [r for r in check.results if r.outcome != "pass"]


# ---- slax check on the seed letters (verdicts read from the letters, not from the tool) ------------------

@pytest.fixture(scope="module")
def seed_checks(tmp_path_factory):
    out = tmp_path_factory.mktemp("check") / "check.json"
    code = main(["check", str(LETTERS), "--format", "json", "-o", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _result(data, name, rule_id):
    entry = next(c for c in data["letters"] if Path(c["path"]).name == name)
    return next(r for r in entry["results"] if r["rule"] == rule_id)


def test_check_seed_fails_and_reports_nine_letters(seed_checks):
    code, data = seed_checks
    assert code == 1
    assert len(data["letters"]) == 9 and data["summary"]["fail"] == 9


@pytest.mark.parametrize("name, rule_id, status, clause, text_has", [
    # 核心系统及服务的可用性不低于99.5%
    ("letter_02.txt", "availability", "fail", "2.(1)", "99.5%"),
    ("letter_02.txt", "p1_response", "pass", "2.(5)", "15"),
    ("letter_02.txt", "recovery", "pass", "2.(4)", "4"),
    ("letter_02.txt", "penalty", "pass", "5.(1)", "5%"),
    ("letter_02.txt", "support_7x24", "pass", "2.(5)", "24"),
    ("letter_02.txt", "change_notice", "pass", "6", "30"),
    ("letter_05.txt", "availability", "missing", "三.2.(1)", "__%__"),
    ("letter_06.txt", "p1_response", "missing", "二.2.1", "__________"),
    ("letter_03.txt", "penalty", "missing", "4.2", "罚款"),
    ("letter_04.txt", "availability", "missing", None, None),
])
def test_check_seed_verdicts_point_at_clauses(seed_checks, name, rule_id, status, clause, text_has):
    r = _result(seed_checks[1], name, rule_id)
    assert r["status"] == status
    if clause is None:
        assert r["fact"] is None
    else:
        assert r["fact"]["clause"] == clause
        from extractor.document.normalize import normalize

        assert text_has in normalize(r["fact"]["text"]).text


def test_check_junit_has_a_suite_per_letter_and_a_case_per_rule(tmp_path):
    out = tmp_path / "junit.xml"
    assert main(["check", str(LETTERS / "letter_02.txt"), str(LETTERS / "letter_04.txt"), "-f", "junit",
                 "-o", str(out)]) == 1
    root = ET.parse(out).getroot()
    suites = root.findall("testsuite")
    assert len(suites) == 2
    rules = len(pb.load().rule)
    for suite in suites:
        cases = suite.findall("testcase")
        assert len(cases) == rules == int(suite.get("tests"))
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
    failed = {c.get("name").split(":")[0] for c in suites[0].findall("testcase") if c.find("failure") is not None}
    assert failed == {"availability", "no_blanks"}


def test_check_passing_letter_exits_zero(tmp_path):
    book = tmp_path / "lenient.toml"
    book.write_text('name = "lenient"\n[[rule]]\nid = "avail"\ntitle = "t"\nfamily = "availability"\n'
                    'op = ">="\nvalue = "99%"\n', encoding="utf-8")
    assert main(["check", str(LETTERS / "letter_02.txt"), "--playbook", str(book), "-f", "json",
                 "-o", str(tmp_path / "o.json")]) == 0


def test_check_malformed_playbook_is_one_line_and_exit_2(tmp_path, capsys):
    book = tmp_path / "bad.toml"
    book.write_text(GOOD_RULE + '[[rule]]\nid = "b"\ntitle = "t"\nfamily = "timings"\nop = "<="\nvalue = "soon"\n',
                    encoding="utf-8")
    assert main(["check", str(LETTERS / "letter_02.txt"), "--playbook", str(book)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{book}:12:" in err[0] and "'soon'" in err[0]
