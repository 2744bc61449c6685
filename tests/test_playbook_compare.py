"""Checks that compare like with like (issue 13): a rule names what its threshold is measured against (penalty
`base` and `per`, notice `of`); a fact measured against something else is "not comparable", shown with the
fact, counted as a warning, never a FAIL and never a silent pass. Summaries rank penalty rates the same way."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.app import playbook as pb
from extractor.app.api import extract
from extractor.app.cli import main
from extractor.app.render import summarize
from extractor.app.report import headline
from extractor.models import Letter, PenaltyFact, Sentence, Span, TimingFact

MONTHLY_5PCT = pb.parse('[[rule]]\nid = "penalty"\ntitle = "t"\nfamily = "penalties"\nbase = "monthly_fee"\n'
                        'per = ["none", "month"]\nselect = "weakest"\nop = ">="\nvalue = "5%"\nmissing = "fail"\n').rule[0]
TERMS_30D = pb.parse('[[rule]]\nid = "notice"\ntitle = "t"\nfamily = "timings"\nkind = "notice"\nof = "terms"\n'
                     'op = ">="\nvalue = "30d"\n').rule[0]


def penalty(rate, base, per=None, text="x") -> PenaltyFact:
    return PenaltyFact(rule="t", kind="liquidated_damages", rate=rate, base=base, per=per, text=text,
                       span=Span(start=0, end=len(text)))


def with_sentences(family: str, items: list[tuple[str, dict]]) -> Letter:
    """A letter whose facts each sit inside a sentence of their own: (sentence, fact fields) pairs; the fact's
    text is the sentence's tail from its `text`."""
    facts, sentences, pos = [], [], 0
    for sentence, fields in items:
        start = pos + sentence.index(fields["text"])
        facts.append(TimingFact(rule="t", span=Span(start=start, end=start + len(fields["text"])), **fields))
        sentences.append(Sentence(text=sentence, span=Span(start=pos, end=pos + len(sentence))))
        pos += len(sentence) + 1
    return Letter(index=1, title="承诺书", span=Span(start=0, end=pos), sentences=sentences, **{family: facts})


@pytest.mark.parametrize("facts, status, decided_by", [
    # 每超时1小时按合同总价的0.5‰: a per-hour share of the contract price
    ([penalty(0.0005, "合同总价", "每超时1小时")], "not_comparable", 0),
    # a share of the monthly fee, but per incident
    ([penalty(0.02, "当月服务费", "每次")], "not_comparable", 0),
    # a share of the monthly fee per percentage point of availability missed
    ([penalty(0.01, "当月运维服务费", "每低0.1个百分点")], "not_comparable", 0),
    # a share of losses is no fee credit
    ([penalty(0.5, "直接经济损失")], "not_comparable", 0),
    # the matching pair judges as before
    ([penalty(0.03, "当月服务费")], "fail", 0),
    ([penalty(0.10, "月度服务费")], "pass", 0),
    ([penalty(0.05, "当月服务费", "每月")], "pass", 0),
    # unlike facts beside a like one: the like one decides, the per-hour 0.05% never drags it to a FAIL
    ([penalty(0.0005, "合同总价", "每超时1小时"), penalty(0.10, "当月服务费")], "pass", 1),
    ([penalty(0.0005, "合同总价", "每超时1小时"), penalty(0.03, "当月服务费")], "fail", 1),
])
def test_penalty_rule_compares_like_with_like(facts, status, decided_by):
    letter = Letter(index=1, title="承诺书", span=Span(start=0, end=1), penalties=facts)
    result = pb.evaluate_rule(MONTHLY_5PCT, letter)
    assert (result.status, result.fact.index) == (status, decided_by)
    assert result.outcome == {"not_comparable": "warn"}.get(status, status)


def test_not_comparable_result_shows_the_fact_and_what_it_is():
    letter = Letter(index=1, title="承诺书", span=Span(start=0, end=1),
                    penalties=[penalty(0.0005, "合同总价", "每超时1小时", text="按合同总价的0.5‰支付违约金")])
    result = pb.evaluate_rule(MONTHLY_5PCT, letter)
    assert result.actual == "0.05%" and result.fact.text == "按合同总价的0.5‰支付违约金"
    assert result.reason == "0.05% of the contract price, per hour"
    assert result.expected == "rate >= 5% of the monthly fee, once or per month"


@pytest.mark.parametrize("items, status, decided_by", [
    # a maintenance window announced 72 hours ahead is no notice of a change to the terms
    ([("计划内维护须提前72小时书面通知甲方。", {"kind": "notice", "minutes": 4320, "text": "提前72小时书面通知"})],
     "not_comparable", 0),
    # neither is an incident reported within 15 minutes
    ([("重大故障发生后15分钟内通知客户。", {"kind": "notice", "minutes": 15, "text": "15分钟内通知"})],
     "not_comparable", 0),
    # the matching pair: notice of changes to the agreement
    ([("本协议变更的,服务提供方将提前30日在官网公告。", {"kind": "notice", "minutes": 43200, "text": "提前30日"})],
     "pass", 0),
    ([("服务商如需修改本SLA,将提前15天通知客户。", {"kind": "notice", "minutes": 21600, "text": "提前15天通知"})],
     "fail", 0),
    # both in one letter: the terms notice decides, the shorter maintenance notice is not held against it
    ([("计划内维护须提前72小时通知甲方。", {"kind": "notice", "minutes": 4320, "text": "提前72小时通知"}),
      ("乙方调整本协议条款的,将提前30日书面通知甲方。", {"kind": "notice", "minutes": 43200, "text": "提前30日书面通知"})],
     "pass", 1),
])
def test_notice_rule_compares_notice_of_the_same_thing(items, status, decided_by):
    result = pb.evaluate_rule(TERMS_30D, with_sentences("timings", items))
    assert (result.status, result.fact.index) == (status, decided_by)


def test_notice_subject_without_sentences_reads_the_fact_and_its_event():
    letter = Letter(index=1, title="承诺书", span=Span(start=0, end=1), timings=[
        TimingFact(rule="t", kind="notice", minutes=4320, text="提前72小时发送维护通知", span=Span(start=0, end=11))])
    assert pb.evaluate_rule(TERMS_30D, letter).status == "not_comparable"


# ---- slax check end to end, on letters written for these tests ------------------------------------------

LETTER_UNLIKE = """服务水平承诺书

致：市人民医院信息科

一、服务可用性
1. 核心业务系统月度可用性不低于99.95%。

二、故障处理
1. P1级故障响应时间不超过15分钟，4小时内恢复服务。
2. 提供7×24小时技术支持。

三、计划维护
1. 计划内维护须提前72小时书面通知贵院，维护安排在每日00:00-05:00进行。

四、违约责任
1. 故障修复超过承诺时限的，每超时1小时按合同总价的0.5‰向贵院支付违约金。

承诺方：华青信息技术有限公司
"""

# The same letter with a notice of changes to the terms and a flat share of the monthly fee beside its others.
LETTER_LIKE = (LETTER_UNLIKE
               .replace("维护安排在每日00:00-05:00进行。", "维护安排在每日00:00-05:00进行。\n"
                        "2. 本协议条款如有变更，承诺方将提前30日书面通知贵院。")
               .replace("1. 故障修复超过", "1. 月度可用性未达到承诺值的，按当月服务费的3%向贵院支付违约金。\n2. 故障修复超过"))


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """{letter: exit status of `slax check`}, {letter: {rule id: result}} for the two letters above."""
    folder = tmp_path_factory.mktemp("letters")
    codes, results = {}, {}
    for name, text in (("unlike", LETTER_UNLIKE), ("like", LETTER_LIKE)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        out = folder / f"{name}.json"
        codes[name] = main(["check", str(folder / f"{name}.txt"), "-f", "json", "-o", str(out)])
        letter = json.loads(out.read_text(encoding="utf-8"))["letters"][0]
        results[name] = {r["rule"]: r for r in letter["results"]}
    return codes, results


def test_not_comparable_alone_does_not_fail_the_gate(checked):
    codes, results = checked
    unlike = results["unlike"]
    assert unlike["penalty"]["status"] == "not_comparable" and unlike["penalty"]["fact"]["clause"] == "四.1"
    assert unlike["change_notice"]["status"] == "not_comparable" and unlike["change_notice"]["fact"]["clause"] == "三.1"
    assert {r["status"] for k, r in unlike.items() if k not in ("penalty", "change_notice")} == {"pass"}
    assert codes["unlike"] == 0


def test_like_figures_still_pass_and_fail(checked):
    codes, results = checked
    like = results["like"]
    assert (like["penalty"]["status"], like["penalty"]["actual"]) == ("fail", "3%")
    assert (like["change_notice"]["status"], like["change_notice"]["actual"]) == ("pass", "30d")
    assert codes["like"] == 1


def test_table_and_junit_say_not_comparable(tmp_path, capsys):
    letter = tmp_path / "unlike.txt"
    letter.write_text(LETTER_UNLIKE, encoding="utf-8")
    assert main(["check", str(letter)]) == 0
    out = capsys.readouterr().out
    assert f"NOT COMPARABLE {letter}#1 penalty: 0.05% of the contract price, per hour" in out
    assert "1 warn, 0 fail; 2 result(s) not comparable" in out
    assert main(["check", str(letter), "-f", "junit", "-o", str(tmp_path / "j.xml")]) == 0
    assert 'message="not comparable: 3d notice of maintenance"' in (tmp_path / "j.xml").read_text(encoding="utf-8")


def test_seed_letters_get_no_fail_from_an_unlike_penalty():
    """The default playbook on the seed letters: every penalty FAIL compares a flat share of the monthly fee."""
    root = Path(__file__).resolve().parent.parent
    book = pb.load()
    rule = next(r for r in book.rule if r.id == "penalty")
    statuses = []
    for path in sorted((root / "tests" / "letters").glob("*.txt")):
        for letter in extract(path).letters:
            result = pb.evaluate_rule(rule, letter)
            statuses.append(result.status)
            if result.status == "fail":
                fact = letter.penalties[result.fact.index]
                assert pb.comparable.penalty_basis(fact) in {("monthly_fee", "none"), ("monthly_fee", "month")}, (
                    path.name, fact.text)
    assert {"fail", "pass", "not_comparable"} <= set(statuses)


# ---- the headline penalty of summaries -------------------------------------------------------------------

def test_headline_penalty_prefers_a_flat_monthly_share_and_says_its_base(tmp_path):
    path = tmp_path / "like.txt"
    path.write_text(LETTER_LIKE.replace(
        "1. 月度可用性", "1. 发生数据泄露的，赔偿贵院直接经济损失的50%。\n2. 月度可用性"), encoding="utf-8")
    letter = extract(path).letters[0]
    assert {p.base for p in letter.penalties if p.rate} == {"直接经济损失", "当月服务费", "合同总价"}
    # 50% of losses and 0.05% of the contract price per hour are not what the 3% of the monthly fee is
    assert summarize(letter)["penalty"] == "违约金 3% 当月服务费"
    assert (headline(letter)["penalty"], headline(letter)["penalty_basis"]) == (0.03, "当月服务费")


def test_headline_penalty_without_a_monthly_share_says_its_base_and_per_unit(tmp_path):
    path = tmp_path / "unlike.txt"
    path.write_text(LETTER_UNLIKE, encoding="utf-8")
    letter = extract(path).letters[0]
    assert summarize(letter)["penalty"] == "违约金 0.05% 合同总价 每超时1小时"


def test_late_payment_interest_is_never_the_headline_penalty():
    # 甲方逾期支付合同款项的,按应付未付款项的万分之三支付滞纳金: the customer's penalty, not the provider's
    late = penalty(0.0003, "应付未付款项", "每逾期一天")
    letter = Letter(index=1, title="承诺书", span=Span(start=0, end=1), penalties=[late])
    assert (summarize(letter)["penalty"], headline(letter)["penalty"]) == ("—", None)
    letter = Letter(index=1, title="承诺书", span=Span(start=0, end=1),
                    penalties=[late, penalty(0.0005, "合同总价", "每超时1小时")])
    assert summarize(letter)["penalty"] == "违约金 0.05% 合同总价 每超时1小时"


def test_html_report_says_not_comparable_and_the_penalty_basis(tmp_path):
    from extractor.app.report import collect, render_report

    for name, text in (("unlike.txt", LETTER_UNLIKE), ("like.txt", LETTER_LIKE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    items, errors = collect([tmp_path])
    html = render_report(items, pb.load(), errors)
    assert html.count('<td class="warn verdict">not comparable</td>') == 2  # penalty and notice of unlike.txt
    assert "<th class=\"sortable\">penalty rate (of)</th>" in html
    assert ">0.05% 合同总价 每超时1小时</td>" in html and ">3% 当月服务费</td>" in html
