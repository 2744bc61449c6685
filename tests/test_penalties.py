from pathlib import Path

import pytest
import regex

from extractor.app.evaluate import _equal, _field
from extractor.document.normalize import normalize_text
from extractor.families.penalties import present
from extractor.families.penalties.data import cues, kind_cues, read_tables
from extractor.families.penalties.extract import extract_penalties
from extractor.rules.matching import rules
from extractor.rules.patterns import PatternError, load
from extractor.rules.schema import validate
from extractor.rules.vetoes import Veto, register_hook, vetoes

HERE = Path(__file__).parent
RULE_EXAMPLES = [
    pytest.param(rule.id, ex, id=f"{rule.id}:{ex['text'][:16]}")
    for rule in rules("penalties") for ex in rule.examples
]
# Texts that look like penalties and give none at all: no rule reads them as one, or a [[veto]] stops it (those
# are also that veto's examples, tests/test_rule_vetoes.py).
NOT_PENALTIES = [
    "每年投入不低于服务合同总额的10%用于技术研发与设备维护",
    "核心系统及服务的可用性不低于99.5%",
    "一次解决率不低于90%,工单满意度不低于95%",
    "接口返回HTTP 503错误的请求计为失败请求",
    "承担相应法律责任,包括但不限于经济赔偿、行政处罚等",
    "违约责任的具体内容包括但不限于:服务赔偿、服务降级、服务暂停等",
    "经双方协商一致,可以解除本合同",
    "本承诺书有效期至服务合同终止",
    "因不可抗力造成的损失,乙方不承担赔偿责任",
    "据报道,该公司因系统故障被处以50万元罚款",
    "服务费用是指甲方每月支付的费用,例如10,000元",
    "违约金累计不超过合同总价的10%",
    "可用性=(服务周期总分钟数-不可用分钟数)/服务周期总分钟数×100%",
    "客户有权停止使用该服务",
    "多位企业负责人表示,代金券赔偿远不足以弥补业务损失",
    "服务商不承担任何赔偿责任",
    "乙方支付的违约金总额不超过合同总金额的10%",
    "甲方有权从应付款项中直接扣除违约金",
    "新用户首年免收服务费的30%",
    "保修期内免收人工费及零配件费用",
    "乙方免除甲方当年维保费的10%作为续约优惠",
    "因不可抗力所致之损失,乙方不承担赔偿责任",
    "最高减免至当月月租费的50%",
    "新用户首单按订单金额的10%发放代金券",
    "Service Credit(服务抵扣):乙方因未达到本SLA而向甲方提供的、可抵扣后续账单的金额,按当月服务费的百分比计算",
]


def _facts(text):
    return extract_penalties(normalize_text(text))


def _matches(fact, expected: dict) -> bool:
    return all(_equal(v, _field(fact, k)) for k, v in expected.items())


def _only(text):
    facts = _facts(text)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


@pytest.mark.parametrize("rule_id, example", RULE_EXAMPLES)
def test_rule_examples(rule_id, example):
    expected = {k: v for k, v in example.items() if k != "text"}
    facts = _facts(example["text"])
    assert any(f.rule == rule_id and _matches(f, expected) for f in facts), [f.model_dump() for f in facts]


@pytest.mark.parametrize("text", NOT_PENALTIES)
def test_counter_examples_give_no_fact(text):
    assert _facts(text) == []


RULE_COUNTER_EXAMPLES = [
    pytest.param(r["id"], text, id=f"{r['id']}:{text[:16]}")
    for r in load("penalties")["rule"] for text in r.get("counter_examples", [])
]


@pytest.mark.parametrize("rule_id, text", RULE_COUNTER_EXAMPLES)
def test_rule_counter_examples_give_no_fact_of_that_rule(rule_id, text):
    assert [f for f in _facts(text) if f.rule == rule_id] == []


@pytest.mark.parametrize("text, rate", [
    ("中断超过2小时的,赔偿当月机柜租用费的十分之一。", 0.1),
    ("可用性未达标的,扣除当季服务费的五分之一", 0.2),
    ("超过24小时未恢复的,赔偿当月服务费的三分之一", 0.333333333333),
])
def test_a_fraction_in_words_is_a_rate(text, rate):
    assert [f.rate for f in _facts(text)] == [pytest.approx(rate)]


@pytest.mark.parametrize("text, kind, rate, base", [
    ("乙方应支付当月服务费5%的违约金", "liquidated_damages", 0.05, "当月服务费"),
    ("乙方應支付當月服務費５％的違約金", "liquidated_damages", 0.05, "当月服务费"),
    ("每逾期一日按合同总价的千分之二支付违约金", "liquidated_damages", 0.002, "合同总价"),
    ("违约金按合同总额的百分之十计算", "liquidated_damages", 0.1, "合同总额"),
    ("赔偿甲方由此产生的直接经济损失的50%", "compensation", 0.5, "直接经济损失"),
    ("未达标的,扣减当月服务费用5%", "deduction", 0.05, "当月服务费用"),
    ("每次扣除季度运维费的0.5%", "deduction", 0.005, "季度运维费"),
    ("服务中断的,减免当月服务费的20%", "service_credit", 0.2, "当月服务费"),
    ("服务中断的,乙方赔偿当月服务费的10%", "service_credit", 0.1, "当月服务费"),
    ("以代金券形式赔偿当月费用的10%", "service_credit", 0.1, "当月费用"),
    ("要求赔偿年度服务总额的30%作为违约金", "liquidated_damages", 0.3, "年度服务总额"),
    ("按照合同总价的0.5‰向甲方支付违约金", "liquidated_damages", 0.0005, "合同总价"),
])
def test_rate_phrasings(text, kind, rate, base):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base, fact.blank) == (kind, pytest.approx(rate), base, False)


@pytest.mark.parametrize("text, kind, value", [
    ("乙方应一次性支付违约金人民币壹万元整", "liquidated_damages", 10000.0),
    ("乙方应赔偿甲方人民币贰拾万元", "compensation", 200000.0),
    ("支付¥200,000.00作为违约金", "liquidated_damages", 200000.0),
    ("处以5000元罚款", "fine", 5000.0),
    ("每次扣款200元", "deduction", 200.0),
    ("违约金为3万元", "liquidated_damages", 30000.0),
    ("乙方應支付違約金人民幣伍仟元", "liquidated_damages", 5000.0),
])
def test_money_phrasings(text, kind, value):
    fact = _only(text)
    assert (fact.kind, fact.amount.value, fact.blank) == (kind, value, False)


@pytest.mark.parametrize("text, kind", [
    ("按当月服务费的___%支付违约金", "liquidated_damages"),
    ("违约金为未支付服务费用的[比例]%", "liquidated_damages"),
    ("违约金为合同总额的【比例】%", "liquidated_damages"),
    ("每次罚款    元", "fine"),
    ("扣除当月服务费的____%", "deduction"),
])
def test_blank_figures(text, kind):
    fact = _only(text)
    assert (fact.kind, fact.blank, fact.rate) == (kind, True, None)
    assert fact.amount is None or fact.amount.value is None


@pytest.mark.parametrize("text, low, high, blank", [
    ("违约将处以__________元至__________元罚款", None, None, True),
    ("处以5000元至10000元罚款", 5000.0, 10000.0, False),
    ("视情节处罚款2000-5000元", 2000.0, 5000.0, False),
])
def test_fine_ranges(text, low, high, blank):
    fact = _only(text)
    assert fact.kind == "fine" and fact.blank is blank
    assert (fact.range.low.value, fact.range.high.value) == (low, high)


@pytest.mark.parametrize("text, per", [
    ("每超时1小时扣除当月服务费的1%", "每超时1小时"),
    ("每逾期一日按合同总价的千分之五支付违约金", "每逾期一日"),
    ("响应超时的,每延迟一日,扣除当月服务费的1%", "每延迟一日"),
    ("P1故障每发生一次扣减当月服务费的2%", "每发生一次"),
    ("扣除服务费200元/次", "/次"),
    ("乙方应支付当月服务费5%的违约金", None),
])
def test_per_unit_basis(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text, cap, cap_rate", [
    ("每逾期一日按合同总价的千分之五支付违约金,累计不超过合同总价的10%", "累计不超过合同总价的10%", 0.1),
    ("每超时1小时扣除当月服务费的1%,最高不超过当月服务费的50%", "最高不超过当月服务费的50%", 0.5),
    ("每延迟一日按合同总额的0.5‰支付违约金,但违约金总额以合同总额的20%为限", "以合同总额的20%为限", 0.2),
    ("每次扣款500元,累计不超过5万元", "累计不超过5万元", None),
    # 封顶 + the verb + a sum (cue cap.ceiling_amount): the sum is no penalty of its own.
    ("修障每超时1天赔付10元话费,不足1天按1天计,封顶赔偿100元话费", "封顶赔偿100元", None),
    ("每超时1小时扣除50元,封顶扣除500元", "封顶扣除500元", None),
])
def test_caps_in_the_same_sentence(text, cap, cap_rate):
    fact = _only(text)
    assert (fact.cap, fact.cap_rate) == (cap, cap_rate)


def test_cap_in_its_own_sentence_applies_to_the_tiers_before_it():
    text = ("可用性低于99.9%但不低于99%的,赔偿月度服务费的10%;\n可用性低于99%的,赔偿月度服务费的30%。\n"
            "每月赔偿总额不超过月度服务费的50%。")
    assert [f.cap_rate for f in _facts(text)] == [0.5, 0.5]


def test_cap_before_a_table_applies_to_the_rows_below():
    text = ("按下表赔偿,赔偿总额不超过当月服务费用的50%:\n服务可用性 | 赔偿比例\n"
            "99% ≤ 服务可用性 < 99.9% | 月度服务费用的20%\n服务可用性 < 99% | 月度服务费用的50%")
    assert [f.cap_rate for f in _facts(text)] == [0.5, 0.5]


@pytest.mark.parametrize("text, trigger", [
    ("当服务可用性或响应时间未达标时,承诺方需在7日内完成整改,并支付当月服务费5%的违约金", "服务可用性或响应时间未达标"),
    ("若因承诺方原因导致服务中断超过24小时,需支付当月服务费10%的违约金", "服务中断超过24小时"),
    ("因乙方原因导致服务中断超过4小时的,乙方应按当月服务费的5%支付违约金", "服务中断超过4小时"),
    ("5.1 P1故障恢复时间超出承诺时限的,每超出30分钟扣减当月服务费的2%", "P1故障恢复时间超出承诺时限"),
    ("(3)持续违约:若连续三个季度未达标,接收方有权解除合同", "连续三个季度未达标"),
])
def test_trigger_is_the_condition_before_the_penalty(text, trigger):
    assert _only(text).trigger == trigger


def test_two_penalties_in_one_sentence_share_the_trigger():
    text = "若因承诺方原因导致服务中断超过24小时,需支付当月服务费10%的违约金,并赔偿接收方直接经济损失的50%"
    facts = _facts(text)
    assert [(f.kind, f.rate, f.base) for f in facts] == [
        ("liquidated_damages", 0.1, "当月服务费"), ("compensation", 0.5, "直接经济损失")]
    assert {f.trigger for f in facts} == {"服务中断超过24小时"}


def test_termination_then_liquidated_damages():
    text = "若连续三个季度未达标,接收方有权解除合同,并要求赔偿年度服务总额的30%作为违约金"
    assert [(f.kind, f.rate) for f in _facts(text)] == [("termination", None), ("liquidated_damages", 0.3)]


@pytest.mark.parametrize("text, band", [
    ("99% ≤ 月度服务可用性 < 99.9% | 月度服务费用的10%", (0.99, 0.999, True, False)),
    ("99%<=月度服务可用性<99.9% | 月度服务费用的10%", (0.99, 0.999, True, False)),
    ("月度服务可用性低于99.95%但不低于99%的,赔偿月度服务费的10%", (0.99, 0.9995, True, False)),
    ("月度服务可用性低于99.95%但等于或高于99%,赔偿月度服务费的10%", (0.99, 0.9995, True, False)),
    ("月度可用性不低于99%且低于99.9%的,赔偿月度服务费的10%", (0.99, 0.999, True, False)),
    ("服务可用性 < 95% | 月度服务费的10%", (None, 0.95, True, False)),
    ("服务可用性低于或等于95%的,赔偿月度服务费的10%", (None, 0.95, True, True)),
    ("可用性 99%-99.9% | 赔偿月度服务费的10%", (0.99, 0.999, True, False)),
    # the low end first, closed by 以上 (inclusive): band_above_then_below
    ("月度服务可用性98.5%以上–低于99.5%:赔偿当月服务费的10%", (0.985, 0.995, True, False)),
    ("可用性99%(含)以上、低于99.9%的,减免当月服务费的10%", (0.99, 0.999, True, False)),
    ("月度可用性 | 赔偿比例\n95%及以上且低于99.9% | 10%", (0.95, 0.999, True, False)),
])
def test_service_credit_bands(text, band):
    fact = _only(text)
    assert fact.kind == "service_credit" and fact.rate == 0.1
    assert (fact.band.low, fact.band.high, fact.band.low_inclusive, fact.band.high_inclusive) == band


def test_table_rows_take_rate_kind_and_base_from_the_header():
    text = ("系统可用性 | 扣减比例(当月运维费)\n99.5% ≤ 系统可用性 < 99.9% | 5%\n"
            "98% ≤ 系统可用性 < 99.5% | 10%\n系统可用性 < 98% | 20%")
    facts = _facts(text)
    assert [(f.kind, f.rate, f.base, f.band.high) for f in facts] == [
        ("deduction", 0.05, "当月运维费", 0.999), ("deduction", 0.1, "当月运维费", 0.995),
        ("deduction", 0.2, "当月运维费", 0.98)]


def test_table_header_row_and_no_credit_row_give_nothing():
    text = "服务可用性 | 赔偿代金券金额\n≥99.95% | 不赔偿\n≥ 99.95% | 0%"
    assert _facts(text) == []


@pytest.mark.parametrize("text, kind", [
    ("如一方违反本协议约定,另一方有权解除本协议", "termination"),
    ("乙方严重违约的,甲方有权单方解除本合同", "termination"),
    ("同一季度内发生两次P1故障的,甲方有权提前终止本协议", "termination"),
    ("甲方保留解除合同的权利,如乙方拒绝整改", "termination"),
    ("乙方应赔偿由此造成的损失", "compensation"),
    ("未按约定提供服务的,乙方承担全部赔偿责任", "compensation"),
    ("逾期交付的,乙方应按合同约定支付违约金", "liquidated_damages"),
    ("泄露数据的,将处以罚款", "fine"),
    ("未按时到场的,甲方有权扣除相应服务费", "deduction"),
])
def test_penalties_without_a_figure(text, kind):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.amount) == (kind, None, None)


@pytest.mark.parametrize("text", [
    "承诺方每年投入不低于服务合同总额的10%用于技术研发",
    "月度服务可用性不低于99.95%,数据持久性不低于99.9999999%",
    "工单一次解决率不低于90%,客户满意度不低于95%",
    "请求返回HTTP 500或503的计为失败请求",
    "承诺人如有违反,将承担相应法律责任",
    "违约责任包括但不限于:服务赔偿、服务降级、服务暂停等",
    "经双方协商一致,可以解除合同",
    "双方均不得单方解除本合同",
    "因不可抗力导致的服务中断,服务商不承担任何赔偿责任",
    "服务商将以代金券形式对客户进行赔偿",
    "近日,某公司因数据泄露被处以50万元罚款",
    "第五条 违约金与赔偿\n第六条 合同的变更与解除",
    "月度服务费是指客户每月支付的费用,例如10,000元",
    "可用性每低于承诺值0.1%的统计口径见附件",
])
def test_not_penalties(text):
    assert _facts(text) == []


def test_a_later_figure_absorbs_an_earlier_bare_mention_of_the_same_kind():
    text = "承诺方有权要求接收方支付违约金,违约金为未支付服务费用的[比例]%"
    fact = _only(text)
    assert (fact.rule, fact.base, fact.blank) == ("noun_is_base_rate", "未支付服务费用", True)


def test_spans_point_into_the_text():
    text = normalize_text((HERE / "letters" / "pen_traditional.txt").read_text(encoding="utf-8"))
    facts = extract_penalties(text)
    assert facts
    for f in facts:
        assert f.text == text[f.span.start:f.span.end] and f.clause is None and f.rule


def test_a_pathological_sentence_costs_only_its_own_facts():
    text = "1" * 20000 + "%违约金。乙方应按合同总价的5%支付违约金"
    assert [(f.kind, f.rate) for f in extract_penalties(text)] == [("liquidated_damages", 0.05)]


def test_a_loss_bounded_by_a_cap_is_still_compensation():
    fact = _only("乙方赔偿甲方的损失以合同总价为限")
    assert (fact.kind, fact.cap) == ("compensation", "以合同总价为限")


# ---- Held-out fixes: each a family of phrasings, with new variants and counter-examples. ----

@pytest.mark.parametrize("text, kind, rate, base", [
    ("乙方按当月托管费的20%向甲方赔偿", "service_credit", 0.2, "当月托管费"),
    ("服务商按当月服务费的10%向用户进行补偿", "service_credit", 0.1, "当月服务费"),
    ("按年度服务费的千分之五对采购人进行赔付", "service_credit", 0.005, "年度服务费"),
    ("按月度服务费用的百分之五给予减免", "service_credit", 0.05, "月度服务费用"),
    ("按季度运维费的3%予以扣减", "deduction", 0.03, "季度运维费"),
    ("乙方按直接经济损失的50%向甲方赔偿", "compensation", 0.5, "直接经济损失"),
])
def test_rate_before_the_verb(text, kind, rate, base):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base) == (kind, pytest.approx(rate), base)
    assert fact.text.startswith("按") or fact.text.startswith(text[:2])


@pytest.mark.parametrize("text", [
    "甲方按合同总价的30%向乙方支付首付款",
    "验收合格后,甲方按合同总价的60%支付",
    "按合同总价的30%支付预付款",
])
def test_payment_schedules_are_not_penalties(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, trigger", [
    ("违约条款:乙方未达到承诺的,甲方有权扣除运维费用;累计____次以上的,甲方有权单方解除合同", "累计____次以上"),
    ("未达标的,每次扣款500元;累计3次以上的,甲方有权立即解除本合同", "累计3次以上"),
    ("连续两个月未达标的,甲方有权随时解除合同", "连续两个月未达标"),
    ("乙方违约时,甲方有权书面通知乙方终止本协议", "乙方违约"),
])
def test_termination_with_words_between_right_and_verb(text, trigger):
    facts = [f for f in _facts(text) if f.kind == "termination"]
    assert [f.trigger for f in facts] == [trigger]


@pytest.mark.parametrize("text", [
    "甲方有权单方解除合同",
    "合同期满前,双方可以书面通知终止合作",
    "本合同到期后;甲方可以书面通知终止合同",
])
def test_termination_without_a_breach_on_its_line_is_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, kinds", [
    ("因我方原因导致数据丢失的,除承担上述违约金外,还应赔偿由此造成的直接经济损失", ["compensation"]),
    ("违约方除支付此项违约金外,还应赔偿守约方全部损失", ["compensation"]),
    ("乙方承担前款违约金后,仍应继续履行合同", []),
    ("乙方支付前述违约金后,甲方仍有权要求其整改", []),
])
def test_a_back_reference_is_not_a_new_penalty(text, kinds):
    assert [f.kind for f in _facts(text)] == kinds


@pytest.mark.parametrize("text, kinds", [
    ("逾期交付的,乙方应按合同总价的1%支付违约金。乙方应在收到通知后10日内支付违约金。", ["liquidated_damages"]),
    ("违约的,处以5000元罚款。乙方应在接到通知之日起7个工作日内缴纳罚款。", ["fine"]),
    # Without a figured fact before, or with a condition of its own, the mention is a penalty.
    ("乙方应在10日内支付违约金", ["liquidated_damages"]),
    ("逾期交付的,乙方应按合同总价的1%支付违约金。泄露数据的,乙方应支付违约金",
     ["liquidated_damages", "liquidated_damages"]),
])
def test_procedural_mentions_of_a_stated_penalty(text, kinds):
    assert [f.kind for f in _facts(text)] == kinds


@pytest.mark.parametrize("text, span", [
    ("乙方原因导致甲方设备损坏的,乙方应按设备实际损失金额予以赔偿", "按设备实际损失金额予以赔偿"),
    ("丢失备件的,乙方按备件市价向甲方赔偿", "按备件市价向甲方赔偿"),
    ("损坏设备的,按维修费用全额赔偿", "按维修费用全额赔偿"),
])
def test_compensation_span_covers_its_basis(text, span):
    fact = _only(text)
    assert (fact.kind, fact.text, fact.rate) == ("compensation", span, None)


@pytest.mark.parametrize("text, rate, base", [
    ("本月SLA达成率低于95%,当月服务费按90%结算", 0.1, "当月服务费"),
    ("可用性未达到99.9%的,甲方按当季运维费的80%支付", 0.2, "当季运维费"),
    ("考核不合格的,季度服务费按百分之八十五结算", 0.15, "季度服务费"),
])
def test_paying_a_share_is_a_deduction_of_the_rest(text, rate, base):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base) == ("deduction", pytest.approx(rate), base)


@pytest.mark.parametrize("text", [
    "验收合格后,当月服务费按100%结算",
    "服务费按90%预付,余款验收后支付",
])
def test_paying_a_share_without_a_miss_is_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, band", [
    ("可用性 [99%, 99.9%) | 月度服务费的10%", (0.99, 0.999, True, False)),
    ("可用性 (99%, 99.9%] | 月度服务费的10%", (0.99, 0.999, False, True)),
    ("服务可用性 99.9% > A ≥ 99% | 赔偿月度服务费的10%", (0.99, 0.999, True, False)),
    ("可用性(A) | 赔偿比例\n99.0%≤A<99.9% | 10%", (0.99, 0.999, True, False)),
])
def test_interval_and_formula_bands(text, band):
    fact = _only(text)
    assert fact.kind == "service_credit" and fact.rate == 0.1
    assert (fact.band.low, fact.band.high, fact.band.low_inclusive, fact.band.high_inclusive) == band


@pytest.mark.parametrize("text, span, blank", [
    ("每中断1小时,向客户补偿3天服务时长", "补偿3天服务时长", False),
    ("可用性低于99%的,免费延长服务期15天", "免费延长服务期15天", False),
    ("故障超过4小时的,赠送____天服务时长", "赠送____天服务时长", True),
])
def test_credits_in_service_time(text, span, blank):
    fact = _only(text)
    assert (fact.kind, fact.text, fact.blank, fact.rate, fact.amount) == ("service_credit", span, blank, None, None)


@pytest.mark.parametrize("text, band", [
    ("月度可用性在99%(含)至99.9%(不含)之间的,减免当月服务费的10%。", (0.99, 0.999, True, False)),
    ("月度可用性介于99%与99.9%之间的,赔偿当月服务费的10%。", (0.99, 0.999, True, False)),
    ("月可用性为99.0%(不含)~99.9%(含)时,赔偿月费的10%", (0.99, 0.999, False, True)),
    ("可用性99.5%以上(含)、99.9%以下的,补偿当月服务费的10%", (0.995, 0.999, True, True)),
    ("可用性为99%(含)-99.9%时,赔偿月费的10%", (0.99, 0.999, True, False)),
    # a marked low end right before the high end, no separator
    ("可用性98.5%以上99.5%以下的,赔偿当月服务费的10%", (0.985, 0.995, True, True)),
    ("可用性99%(含)99.9%(不含)的,赔偿当月服务费的10%", (0.99, 0.999, True, False)),
    # the high end first, both marked: band_below_and_above
    ("月度服务可用性99.5%以下且98.5%以上的,补偿月费的10%", (0.985, 0.995, True, True)),
    ("月度服务可用性99.9%以下(不含)、99%以上的,补偿月费的10%", (0.99, 0.999, True, False)),
])
def test_a_band_with_both_ends_marked_in_prose(text, band):
    fact = _only(text)
    assert fact.rate == 0.1 and fact.trigger is None
    assert (fact.band.low, fact.band.high, fact.band.low_inclusive, fact.band.high_inclusive) == band


def test_two_levels_joined_by_he_are_no_band():
    # 99.9%和99% lists two commitments; 与/和 join a band's ends only before 之间
    fact = _only("核心系统与一般系统的可用性分别为99.9%和99%,未达到的,赔偿月费的10%")
    assert fact.band is None


@pytest.mark.parametrize("text, rate, cap_rate", [
    ("中断超过4小时的,扣罚当月服务费的三成。", 0.3, None),
    ("到场超时的,扣减当月维护费的一成,最高不超过当月维护费的五成。", 0.1, 0.5),
])
def test_tenths_are_a_rate(text, rate, cap_rate):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.cap_rate) == ("deduction", rate, cap_rate)


@pytest.mark.parametrize("text, rate, per", [
    ("电路障碍历时每满1小时,补偿当月月租费的1/30。", 1 / 30, "每满1小时"),
    ("故障修复超时的,每超时1天扣除当季运维费之1/10。", 0.1, "每超时1天"),
])
def test_a_fraction_with_a_slash_after_its_fee_is_a_rate(text, rate, per):
    fact = _only(text)
    assert (fact.rate, fact.per) == (pytest.approx(rate), per)


def test_a_slash_that_is_no_fraction_of_a_fee_is_no_rate():
    # 7/24 is a support window, 12/31 a date: only a fraction right after 的/之 is a rate
    assert [f.rate for f in _facts("提供7/24小时服务,可用性低于99%的,赔偿月费的10%")] == [0.1]
    assert _facts("乙方应于12/31前支付服务费") == []


def test_tenths_in_other_words_are_no_rate():
    assert _facts("该设备九成新,服务标准一成不变") == []


@pytest.mark.parametrize("text, days", [
    ("每中断1小时,向客户补偿3天服务时长", 3.0),
    ("服务中断超过24小时的,补偿客户48小时服务时长", 2.0),
    ("可用性低于99%的,免费延长服务期1个月", 30.0),
    ("年开机率未达到95%的,乙方免费延长质保期两周", 14.0),
    ("故障超过4小时的,赠送____天服务时长", None),
])
def test_a_credit_in_service_time_counts_its_days(text, days):
    assert _only(text).credit_days == days


@pytest.mark.parametrize("table, days", [
    # a credit column in days of service under availability bands (a month counted as 31 days)
    ("月度可用性 | 补偿服务天数\n低于99.9%但不低于99% | 3天\n低于99% | 10天", [3.0, 10.0]),
    ("服务可用性 | 服务时长补偿\n99% ≤ 可用性 < 99.9% | 2天\n可用性 < 99% | 1个月", [2.0, 30.0]),
    ("服务可用性 | 补偿时长\n低于99.9% | 3天\n低于99% | 7天", [3.0, 7.0]),
    ("月度可用性 | 延长服务期\n99%-99.9% | 5天\n低于99% | 15天", [5.0, 15.0]),
    ("Monthly Uptime | Days of Service Credit\n低于99.9% | 3天", [3.0]),
    # prose tiers naming the credit's length after 为
    ("月度可用性低于99.9%但不低于99%的,补偿时长为3天;低于99%的,补偿时长为7天。", [3.0, 7.0]),
])
def test_a_credit_column_in_days_of_service_gives_a_tier_per_row(table, days):
    facts = _facts(table)
    assert [(f.kind, f.credit_days, f.rate, f.base) for f in facts] == [("service_credit", d, None, None) for d in days]
    assert all(f.band is not None for f in facts)


@pytest.mark.parametrize("table, tiers", [
    ("月度服务可用性 | <99.95% | <99% | <95%\n赔偿比例 | 10% | 25% | 100%",
     [("service_credit", 0.1, None, 0.9995), ("service_credit", 0.25, None, 0.99), ("service_credit", 1.0, None, 0.95)]),
    # a markdown table: a leading empty cell and a separator line between the rows
    ("| 服务可用性 | 99%≤A<99.95% | A<99% |\n|---|---|---|\n| 赔偿比例(月服务费) | 10% | 30% |",
     [("service_credit", 0.1, 0.99, 0.9995), ("service_credit", 0.3, None, 0.99)]),
    # the label names the kind and the base; a 0% column pays nothing
    ("月度服务可用性 | <99.95% | <99% | <95%\n扣款比例(当月运维费) | 10% | 0% | 100%",
     [("deduction", 0.1, None, 0.9995), ("deduction", 1.0, None, 0.95)]),
])
def test_a_tier_table_written_sideways_gives_a_tier_per_column(table, tiers):
    assert [(f.kind, f.rate, f.band.low, f.band.high) for f in _facts(table)] == tiers


@pytest.mark.parametrize("table", [
    "服务等级 | 基础版 | 企业版\n赔偿比例 | 10% | 20%",  # no bands above: plan names
    "月度服务可用性 | <99.95% | <99%\n响应时间 | 10分钟 | 30分钟",  # no credit named in the row
])
def test_a_sideways_table_needs_bands_above_a_credit_row(table):
    assert all(f.band is None for f in _facts(table))


@pytest.mark.parametrize("table, expected", [
    ("单次中断时长 | 赠送服务天数\n4小时以上不足8小时 | 1天\n8小时以上 | 5天",
     [(1.0, "4小时以上不足8小时"), (5.0, "8小时以上")]),
    ("中断时长 | 补偿时间\n低于60分钟 | 1天\n60-120分钟 | 3天",   # 补偿时间: the time given back
     [(1.0, "低于60分钟"), (3.0, "60-120分钟")]),
])
def test_a_days_column_keyed_by_outage_length_gives_rows_with_their_key(table, expected):
    facts = _facts(table)
    assert [(f.rule, f.credit_days, f.trigger) for f in facts] == [("credit_table_row", d, t) for d, t in expected]


@pytest.mark.parametrize("table", [
    # a duration under a column that names no credit in service time is no credit: a deadline to claim, a window
    "月度可用性 | 赔偿申请时限\n低于99.9% | 30天\n低于99% | 60天",
    "中断时长 | 赔偿比例 | 处理时限\n4小时以上 | 10% | 3天",
    "中断时长 | 补偿时间内申请\n4小时以上 | 3天",   # the time within which to claim
])
def test_a_duration_in_a_column_of_no_time_credit_is_no_days(table):
    assert all(f.credit_days is None for f in _facts(table))


def test_a_bonus_in_service_time_without_a_miss_is_no_penalty():
    assert _facts("乙方承诺赠送30天免费服务时长") == []


@pytest.mark.parametrize("text, trigger", [
    ("发生P1故障时,乙方应按当月服务费的5%支付违约金", "发生P1故障"),
    ("因乙方原因导致服务中断,乙方应按当月服务费的5%支付违约金", "服务中断"),
    ("乙方原因导致甲方设备损坏的,乙方应按设备实际损失金额予以赔偿", "甲方设备损坏"),
    ("凡未按时提交报告的,每次扣款500元", "未按时提交报告"),
    ("未能在4小时内恢复的,乙方应支付违约金5000元", "未能在4小时内恢复"),
    ("备份数据无法恢复时,乙方应赔偿甲方全部损失", "备份数据无法恢复"),
])
def test_more_trigger_phrasings(text, trigger):
    assert _only(text).trigger == trigger


@pytest.mark.parametrize("text", [
    "响应超时,每次扣款500元",
    "同时,乙方应赔偿由此造成的损失",
    "及时,乙方应赔偿由此造成的损失",
])
def test_words_ending_in_shi_are_no_trigger(text):
    assert _only(text).trigger is None


# ---- General fixes found by the pb2_* letters (written gold-first). ----

@pytest.mark.parametrize("text, kind, value, currency", [
    ("乙方未于约定时间内到场者,应给付甲方违约金新臺幣伍仟元整", "liquidated_damages", 5000.0, "TWD"),
    ("逾期未修复者,每日应给付违约金港币壹仟元", "liquidated_damages", 1000.0, "HKD"),
    ("每次罚款新台币3000元", "fine", 3000.0, "TWD"),
    ("乙方应支付违约金人民币伍佰元整", "liquidated_damages", 500.0, "CNY"),
])
def test_currency_words_before_the_figure(text, kind, value, currency):
    fact = _only(text)
    assert (fact.kind, fact.amount.value, fact.amount.currency) == (kind, value, currency)


@pytest.mark.parametrize("text, per", [
    ("驻场人员无故缺勤的,每人每天扣款300元", "每人每天"),
    ("未按时到场的,每台每次扣款200元", "每台每次"),
    ("未于约定时间内到场者,每逾一小时,应给付违约金伍仟元", "每逾一小时"),
])
def test_compound_and_literary_per_unit_bases(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text, trigger", [
    ("系统妥善率未达约定标准者,甲方得扣减当月维护费百分之十", "系统妥善率未达约定标准"),
    ("因乙方维护不当致甲方设备损坏者,乙方应负责修复或照价赔偿", "甲方设备损坏"),
    ("因乙方操作失误致数据丢失者,乙方应赔偿甲方全部损失", "数据丢失"),
])
def test_conditions_closed_by_zhe_and_causes_with_zhi(text, trigger):
    assert _only(text).trigger == trigger


@pytest.mark.parametrize("text, expected", [
    ("违约金累计达契约总价百分之二十者,甲方得终止本合约", ["termination"]),
    ("乙方违约情节严重者,甲方得解除契约", ["termination"]),
    ("甲方取得终止合同的权利", []),
    ("获得终止合同的资格", []),
])
def test_de_as_a_right_to_terminate(text, expected):
    assert [f.kind for f in _facts(text)] == expected


@pytest.mark.parametrize("text, kinds", [
    ("超出解决时限的,按表中标准扣减服务费", []),
    ("超出时限的,按下表标准扣除服务费", []),
    ("未达标的,按照以下标准扣减费用", []),
    ("未达标的,甲方有权扣除相应服务费", ["deduction"]),
])
def test_a_bare_verb_applying_a_table_is_no_fact_of_its_own(text, kinds):
    assert [f.kind for f in _facts(text)] == kinds


# ---- General fixes found by the blind2 letters (written gold-first). ----

@pytest.mark.parametrize("text, kind, rates, base, triggers", [
    ("故障持续时间 | 赔偿标准\n30分钟以上不足2小时 | 月度服务费的10%\n2小时以上 | 月度服务费的20%",
     "service_credit", [0.1, 0.2], "月度服务费", ["30分钟以上不足2小时", "2小时以上"]),
    ("超时时长 | 扣款比例(季度运维费)\n超时1小时以内 | 2%\n超时1小时以上 | 5%",
     "deduction", [0.02, 0.05], "季度运维费", ["超时1小时以内", "超时1小时以上"]),
    ("| 中断次数 | 违约金比例 |\n|---|---|\n| 每月2次 | 合同总价之1% |",
     "liquidated_damages", [0.01], "合同总价", ["每月2次"]),
])
def test_credit_table_rows_keyed_by_other_than_availability(text, kind, rates, base, triggers):
    facts = _facts(text)
    assert [(f.kind, f.base, f.band) for f in facts] == [(kind, base, None)] * len(rates)
    assert [f.rate for f in facts] == pytest.approx(rates)
    assert [f.trigger for f in facts] == triggers


@pytest.mark.parametrize("text", [
    "故障级别 | 响应时间 | 赔偿比例\nP1 | 15分钟 | 0%",
    "中断时长 | 处理方式\n1小时以上 | 上报项目经理",
    "中断时长 | 减免比例",
    "中断时长 | 减免比例\n备注:详见附件",
])
def test_credit_tables_without_a_figured_credit_cell_give_nothing(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text", [
    "例如:某客户月服务费为8000元,当月中断3小时,则减免1200元",
    "比如,月费1万元的用户中断5小时,则可获得1500元代金券",
    "以月费5000元为例,单次中断2小时,减免当月服务费的15%",
    "如某机柜月托管费为4000元,累计中断6小时,则赔偿1200元",
])
def test_worked_examples_are_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, kind", [
    ("如发生重大数据事故(例如数据丢失),乙方应支付违约金10万元", "liquidated_damages"),
    ("如某月累计中断超过4小时,则乙方应减免当月服务费的20%", "service_credit"),
    ("发生安全事件,例如客户数据泄露的,乙方应赔偿甲方全部损失", "compensation"),
])
def test_an_example_aside_or_a_real_condition_keeps_the_penalty(text, kind):
    assert _only(text).kind == kind


@pytest.mark.parametrize("text, kind, rate, base", [
    ("乙方应以该季服务费之15%抵免下季费用", "service_credit", 0.15, "该季服务费"),
    ("逾期未修复者,抵免当期服务费之20%", "service_credit", 0.2, "当期服务费"),
    ("违约金为合同总价之百分之五", "liquidated_damages", 0.05, "合同总价"),
    ("按月服务费之8%向甲方提供服务抵免", "service_credit", 0.08, "月服务费"),
])
def test_literary_zhi_and_credit_by_dimian(text, kind, rate, base):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base) == (kind, pytest.approx(rate), base)


def test_a_band_reached_with_da_is_inclusive():
    fact = _only("每月可用率低于99.9%但达到99.5%者,乙方应以当月服务费之5%抵免次月费用")
    assert (fact.band.low, fact.band.high, fact.band.low_inclusive, fact.rate) == (0.995, 0.999, True, 0.05)


@pytest.mark.parametrize("text, rate, base, per", [
    ("每延迟一日按合同总价千分之三计罚", 0.003, "合同总价", "每延迟一日"),
    ("每逾一日按契约总额万分之五科罚", 0.0005, "契约总额", "每逾一日"),
    ("每超时1小时按月服务费的0.5%计罚", 0.005, "月服务费", "每超时1小时"),
])
def test_jifa_with_a_rate_is_a_fine(text, rate, base, per):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base, fact.per) == ("fine", pytest.approx(rate), base, per)


def test_a_cap_with_zhi_or_without_de_caps_the_fine_before_it():
    fact = _only("每逾一日按契约总价千分之二计罚;累计罚款以契约总价百分之十为上限")
    assert (fact.cap_rate, fact.rate) == (pytest.approx(0.1), pytest.approx(0.002))


@pytest.mark.parametrize("text, trigger", [
    ("3.因乙方操作失误导致数据丢失,乙方应赔偿甲方全部损失", "数据丢失"),
    ("(2)因服务商过失造成系统瘫痪,服务商须支付违约金5万元", "系统瘫痪"),
    ("②因维护不当引起设备损坏,乙方照价赔偿", "设备损坏"),
    ("3.乙方应赔偿甲方全部损失", None),
])
def test_a_cause_after_a_clause_number_gives_the_trigger(text, trigger):
    assert _only(text).trigger == trigger


@pytest.mark.parametrize("text, kind, rate, base, trigger", [
    ("單次斷線超過6小時者,免收當月線路租金的10%", "service_credit", 0.1, "当月线路租金", "单次断线超过6小时"),
    # 减收 charges less on the bill at hand: a deduction, as 扣减 is
    ("响应超时累计超过3次的,减收当季维护费的8%", "deduction", 0.08, "当季维护费", "响应超时累计超过3次"),
    ("故障未在约定时限内修复的,不予收取当月服务费的30%", "service_credit", 0.3, "当月服务费", "故障未在约定时限内修复"),
])
def test_waiving_a_fee_share_after_a_miss_is_a_sanction(text, kind, rate, base, trigger):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base, fact.trigger) == (kind, pytest.approx(rate), base, trigger)


@pytest.mark.parametrize("text", [
    "新用户首年免收服务费的30%",
    "签约三年以上的客户,减收年费的5%",
    "保修期内免收人工费及零配件费用",
])
def test_waiving_a_fee_without_a_miss_is_a_discount_not_a_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, rates, bands", [
    ("月度可用率低于99.9%但不低于99%者,本公司提供当月服务费之15%作为服务抵用金;低于99%者,提供当月服务费之40%作为服务抵用金。",
     [0.15, 0.4], [(0.99, 0.999), (None, 0.99)]),
    ("網路可用率未達99.5%時,乙方以當月月費百分之二十折算抵用券予甲方。", [0.2], [(None, 0.995)]),
])
def test_credit_usable_against_later_fees_is_a_service_credit(text, rates, bands):
    facts = _facts(text)
    assert [f.kind for f in facts] == ["service_credit"] * len(rates)
    assert [f.rate for f in facts] == pytest.approx(rates)
    assert [(f.band.low, f.band.high) for f in facts] == bands


@pytest.mark.parametrize("text, kind, rate, amount, base", [
    ("开机率每低于承诺值1个百分点,乙方在当年维保费用中扣减2%", "deduction", 0.02, None, "当年维保费用"),
    ("巡检每缺1次,甲方从当季运维费中扣除3%", "deduction", 0.03, None, "当季运维费"),
    ("迟到的,于当月服务费用内扣款800元", "deduction", None, 800.0, "当月服务费用"),
    ("网络中断超过4小时的,在下月租金中抵扣5%", "service_credit", 0.05, None, "下月租金"),
])
def test_base_named_before_the_verb(text, kind, rate, amount, base):
    fact = _only(text)
    got_amount = fact.amount.value if fact.amount else None
    assert (fact.kind, fact.rate, got_amount, fact.base) == (kind, pytest.approx(rate) if rate else None, amount, base)


@pytest.mark.parametrize("text", [
    "维保费用在当年维保费用中列支2%作为备件储备",
    "甲方在合同总价中预留5%作为质保金",
])
def test_a_base_in_a_pot_without_a_deduction_verb_is_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text", [
    "年开机率未达到95%的,乙方免费延长维保服务期30天",
    "设备完好率低于98%的,供应商免费延长质保期3个月",
    "因乙方原因停机超过72小时的,保修期顺延15天",
])
def test_extending_a_service_or_warranty_period_after_a_miss_is_a_credit(text):
    assert _only(text).kind == "service_credit"


@pytest.mark.parametrize("text", [
    "质保期满后,甲方可选择延长维保期1年",
    "本公司免费提供3年质保,质保期满可延长保修期2年",
])
def test_extending_a_period_without_a_miss_is_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, amount, per, trigger", [
    ("若到场超时,每超时1小时扣除当月维保费100元", 100.0, "每超时1小时", "到场超时"),
    ("如响应超时,每超时30分钟扣减当季运维费200元", 200.0, "每超时30分钟", "响应超时"),
    ("若巡检漏检,每漏检一次扣除季度巡检费用500元", 500.0, "每漏检一次", "巡检漏检"),
])
def test_money_after_the_fee_it_comes_out_of(text, amount, per, trigger):
    fact = _only(text)
    assert (fact.kind, fact.amount.value, fact.per, fact.trigger) == ("deduction", amount, per, trigger)


@pytest.mark.parametrize("text, kind", [
    ("本公司须赔偿 贵公司实际损失", "compensation"),
    ("我方将赔偿  贵院因此造成的损失", "compensation"),
    ("乙方应按当月服务费的10%向 贵单位赔偿", "service_credit"),
    ("本公司应赔偿 贵公司人民币伍万元", "compensation"),
])
def test_a_space_of_respect_before_the_party_does_not_break_a_match(text, kind):
    assert _only(text).kind == kind


@pytest.mark.parametrize("text, per", [
    ("电路月可用率低于承诺指标的,每低于承诺指标0.1个百分点,乙方减免该电路当月月租费的5%", "每低于承诺指标0.1个百分点"),
    ("可用率每低于约定标准1个百分点,扣除当月服务费的2%", "每低于约定标准1个百分点"),
    ("月可用性每低于目标值0.01%,减免月费的1%", "每低于目标值0.01%"),
    ("响应时间每超过约定时限1小时,扣除当月服务费的0.5%", "每超过约定时限1小时"),
    ("维修及时率每低1个百分点扣除当月运维服务费的1%", "每低1个百分点"),
    ("考核得分低于90分的,每低1分扣减当月运维服务费的1%", "每低1分"),
    ("可用率每低於承諾指標0.5個百分點,扣減當月服務費的3%", "每低于承诺指标0.5个百分点"),
])
def test_a_per_step_keeps_the_reference_it_is_measured_from(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text, per", [
    ("每逾期一日按合同总价的千分之五支付违约金", "每逾期一日"),
    ("每逾期一日扣除两天服务费的1%", "每逾期一日"),
    ("每超时1小时扣除当月服务费的1%", "每超时1小时"),
])
def test_a_per_step_takes_no_words_after_its_figure(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text, rate, cap, cap_rate", [
    ("每低于承诺指标0.1个百分点,减免该电路当月月租费的5%,最高减免至当月月租费的50%", 0.05, "最高减免至当月月租费的50%", 0.5),
    ("每超时1小时扣除当月服务费的1%,最多扣除当月服务费的30%", 0.01, "最多扣除当月服务费的30%", 0.3),
    ("每中断一次减免月费的5%,累计减免至月费的50%为止", 0.05, "累计减免至月费的50%", 0.5),
    ("每迟延一日按合约总价千分之二计罚,最高以合约总价百分之十为限", 0.002, "以合约总价百分之十为限", 0.1),
    ("每逾期一日支付违约金1000元,最高赔偿5万元", None, "最高赔偿5万元", None),
])
def test_a_highest_credit_is_the_cap_of_the_one_before(text, rate, cap, cap_rate):
    fact = _only(text)
    assert (fact.rate, fact.cap, fact.cap_rate) == (rate, cap, cap_rate)


def test_a_cap_sentence_of_its_own_caps_the_credit_before_it():
    facts = _facts("每次中断减免月费的5%。最高减免当月月费的50%。")
    assert [(f.rate, f.cap_rate) for f in facts] == [(0.05, 0.5)]


@pytest.mark.parametrize("text, rate, base", [
    ("按最高标准扣除当月服务费的10%", 0.1, "当月服务费"),
    ("服务中断的,减免至当月服务费的20%", 0.2, "当月服务费"),
])
def test_highest_without_a_capped_credit_and_zhi_stay_out_of_caps_and_bases(text, rate, base):
    fact = _only(text)
    assert (fact.rate, fact.base, fact.cap) == (rate, base, None)


@pytest.mark.parametrize("text", [
    "乙方应赔偿甲方因此所受之一切损失",
    "承诺方应赔偿贵公司因此造成之损失",
    "乙方应赔偿甲方因违约所致之全部损失",
    "廠商應賠償機關所受之損害",
    "服务商应赔偿客户由此遭受之经济损失",
])
def test_literary_zhi_before_the_loss_is_compensation(text):
    assert _only(text).kind == "compensation"


@pytest.mark.parametrize("text", [
    "因不可抗力所致之损失,乙方不承担赔偿责任",
    "甲方所受之损失由保险公司承担",
])
def test_a_loss_without_a_promise_to_pay_it_is_no_penalty(text):
    assert _facts(text) == []


AVAILABILITY_ABOVE = "系统可用性不低于99.9%。\n"


@pytest.mark.parametrize("text, trigger, per", [
    ("维修及时率低于98%的,每低1个百分点扣除当月运维服务费的1%", "维修及时率低于98%", "每低1个百分点"),
    ("客户满意度低于90%的,扣减当季服务费的2%", "客户满意度低于90%", None),
    ("热线接通率低于95%时,每下降1个百分点,扣除当月服务费的0.5%", "热线接通率低于95%", "每下降1个百分点"),
    ("工单按时完成率不足95%的,扣除当月运维费的3%", "工单按时完成率不足95%", None),
])
def test_a_kpi_threshold_is_the_trigger_not_an_availability_band(text, trigger, per):
    fact = _only(AVAILABILITY_ABOVE + text)
    assert (fact.band, fact.trigger, fact.per) == (None, trigger, per)


@pytest.mark.parametrize("text, band", [
    ("月可用率低于99.9%的,减免当月服务费的10%", (None, 0.999)),
    ("可用性低于99.9%但不低于99%的,赔偿月度服务费的10%", (0.99, 0.999)),
    ("在线率低于99%的,扣除当月服务费的5%", (None, 0.99)),
])
def test_an_availability_threshold_stays_a_band(text, band):
    fact = _only(AVAILABILITY_ABOVE + text)
    assert (fact.band.low, fact.band.high) == band


@pytest.mark.parametrize("text, base", [
    ("Monthly Uptime Percentage | Service Credit(当月服务费)\n≥99.0% 且 < 99.95% | 10%\n< 95.0% | 50%", "当月服务费"),
    ("Availability | Service Credit (月度服务费)\n99% ≤ Availability < 99.9% | 10%\n< 99% | 30%", "月度服务费"),
    ("月度服务可用性 | 赔偿比例(月度服务费)\n99% ≤ 可用性 < 99.9% | 10%\n可用性 < 99% | 30%", "月度服务费"),
    ("服务可用性 | 减免比例(占当月费用)\n[99%, 99.9%) | 10%\n[0, 99%) | 30%", "当月费用"),
    ("可用性未达到承诺时,乙方按下表向甲方提供服务抵扣:\nMonthly Uptime Percentage | Service Credit(当月服务费)\n"
     "≥99.0% 且 < 99.95% | 10%\n< 99.0% | 25%", "当月服务费"),
])
def test_a_base_in_the_credit_columns_header_applies_to_every_row(text, base):
    facts = _facts(text)
    assert len(facts) == 2 and all(f.kind == "service_credit" and f.band for f in facts)
    assert [f.base for f in facts] == [base, base]


@pytest.mark.parametrize("text, base", [
    ("中断时长 | Service Credit(季度托管费)\n10分钟以上不足1小时 | 5%", "季度托管费"),
    ("中断时长 | SLA Credit (当月服务费)\n超过4小时 | 20%", "当月服务费"),
    ("中断时长 | Service Credit\n超过4小时 | 20%", None),
])
def test_an_english_credit_header_keys_a_duration_table(text, base):
    fact = _only(text)
    assert (fact.rule, fact.kind, fact.base) == ("credit_table_row", "service_credit", base)


def test_an_english_credit_header_without_a_base_leaves_the_rows_without_one():
    facts = _facts("Monthly Uptime Percentage | Service Credit\n≥99.0% 且 < 99.95% | 10%\n< 99.0% | 25%")
    assert [(f.rate, f.base) for f in facts] == [(0.1, None), (0.25, None)]


@pytest.mark.parametrize("text, rate, base", [
    ("RTO未达到承诺的,每超出1小时,乙方按当月服务费的5%提供服务抵扣(Service Credit)", 0.05, "当月服务费"),
    ("RTO未达到承诺的,每超出1小时,乙方按当月服务费的5%提供服务抵扣", 0.05, "当月服务费"),
    ("可用性低于99.9%的,按月度服务费的10%向客户发放代金券", 0.1, "月度服务费"),
    ("服务中断超过2小时的,乙方按当月服务费的10%给予服务抵用金", 0.1, "当月服务费"),
    ("响应超时的,乙方按当季服务费的3%向甲方提供服务赔偿(Service Credit)", 0.03, "当季服务费"),
])
def test_a_credit_handed_over_as_an_offset_or_voucher(text, rate, base):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base) == ("service_credit", rate, base)


@pytest.mark.parametrize("text", [
    "新用户首单按订单金额的10%发放代金券",
    "乙方可为长期客户提供服务抵扣",
    "Service Credit(服务抵扣):乙方因未达到本SLA而向甲方提供的、可抵扣后续账单的金额,按当月服务费的百分比计算",
])
def test_offsets_and_vouchers_without_a_miss_or_a_rate_are_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, per", [
    ("可用率低于承诺值的,每低百分之零点一,按当月运维服务费的千分之五支付违约金", "每低百分之零点一"),
    ("可用率每下降千分之一,扣除当月服务费的1%", "每下降千分之一"),
    ("可用性每低于承诺值零点一个百分点,扣减月度服务费的2%", "每低于承诺值零点一个百分点"),
    ("可用性每低一个百分点,扣除当月服务费的5%", "每低一个百分点"),
    ("每超时一小时,扣除当月服务费的百分之一", "每超时一小时"),
])
def test_per_steps_written_as_chinese_rates(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text, caps", [
    # A cap after ";" closes its own sentence: the fact of the sentence before the 。 keeps none.
    ("可用率每低百分之零点一,按当月服务费的千分之五支付违约金。\n每超时一小时,扣除当月服务费的百分之一;"
     "累计扣除不超过当月服务费的百分之二十。", [None, 0.2]),
    ("每逾期一日扣除服务费的1%。每超时1小时扣除服务费的2%;累计扣除不超过服务费的10%。", [None, 0.1]),
    ("每逾期一日扣除服务费的1%;每超时1小时扣除服务费的2%;累计扣除不超过服务费的10%。", [0.1, 0.1]),
    # Standing as a sentence of its own, it still covers the run before it.
    ("每逾期一日扣除服务费的1%。每超时1小时扣除服务费的2%。累计扣除总额不超过服务费的10%。", [0.1, 0.1]),
])
def test_a_cap_after_a_semicolon_stays_in_its_sentence(text, caps):
    assert [f.cap_rate for f in _facts(text)] == caps


@pytest.mark.parametrize("text, kind, per", [
    ("违约金 | 每次____元", "liquidated_damages", "每次"),
    ("罚款金额 | ____元/次", "fine", "/次"),
    ("扣款 | 每次____元", "deduction", "每次"),
    ("违约金比例 | ____%", "liquidated_damages", None),
    ("序号 | 违约金 | 每次____元 | 按次计收", "liquidated_damages", "每次"),
])
def test_form_rows_with_a_penalty_label_and_a_blank_figure(text, kind, per):
    fact = _only(text)
    assert (fact.kind, fact.blank, fact.per) == (kind, True, per)


@pytest.mark.parametrize("text", [
    "违约金上限 | ____%",
    "违约金 | 按合同约定执行",
    "付款金额 | 每次____元",
    "违约金 | 说明",
])
def test_form_rows_that_name_no_penalty_figure(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, found", [
    ("第三章 采购需求\n投标人须满足以下要求。\n连续两次考核不合格的,采购人有权解除合同。", False),
    ("第三章 采购需求\n供应商应逐条响应。\n逾期交付的,每日按合同总价的千分之三支付违约金。", False),
    ("本报讯 记者从市大数据局了解到,服务商未达标的将按当月服务费的5%支付违约金。", False),
    # a bid letter that quotes the tender's requirements still commits
    ("售后服务承诺书\n我公司响应采购需求:\n投标人须知已阅。连续两次考核不合格的,采购人有权解除合同。", True),
])
def test_tender_requirements_and_news_give_no_penalties(text, found):
    assert bool(_facts(text)) is found


@pytest.mark.parametrize("text, per, value", [
    ("错发、漏发每单扣款20元", "每单", 20.0),
    ("货物破损每件赔偿50元", "每件", 50.0),
    ("延误发运每票扣款100元", "每票", 100.0),
    ("每单扣除违约金30元", "每单", 30.0),
])
def test_an_order_parcel_or_waybill_is_a_per_basis(text, per, value):
    [fact] = extract_penalties(text)
    assert (fact.per, fact.amount.value) == (per, value)


def test_per_unit_of_time_is_no_order_basis():
    assert all(f.per != "每单" for f in extract_penalties("按每单位时间扣减服务费的1%"))


@pytest.mark.parametrize("text, rate, base", [
    ("季度盘点差异率超过1‰的,乙方按差异货值的2倍赔偿", 2.0, "差异货值"),
    ("乙方按丢失货物价值的三倍赔偿", 3.0, "丢失货物价值"),
    ("乙方擅自处置甲方货物的,应双倍赔偿", 2.0, None),
    ("损坏设备的,按设备价值的两倍赔偿", 2.0, "设备价值"),
])
def test_a_multiple_of_a_goods_value_is_compensation_at_that_rate(text, rate, base):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.base) == ("compensation", rate, base)


@pytest.mark.parametrize("text", [
    "乙方原因造成货物丢失、损毁的,按货物采购成本价赔偿",
    "丢失的备件按市场价赔偿",
    "损坏甲方设备的,按设备重置价予以赔偿",
    "按实际损失赔偿",
])
def test_a_price_or_loss_basis_is_compensation_without_a_rate(text):
    fact = _only(text)
    assert (fact.kind, fact.rate) == ("compensation", None)


@pytest.mark.parametrize("text, amount, per", [
    ("每延误1小时扣200元,从当季维保费中扣除", 200.0, "每延误1小时"),
    ("每超时30分钟扣罚人民币1000元", 1000.0, "每超时30分钟"),
    ("巡检记录每缺1次扣除500元", 500.0, "每缺1次"),
    ("每少1次巡检扣款300元", 300.0, "每少1次"),
])
def test_a_sum_right_after_a_deduct_verb_is_a_deduction_per_step(text, amount, per):
    fact = _only(text)
    assert (fact.kind, fact.amount.value, fact.per) == ("deduction", amount, per)


@pytest.mark.parametrize("text, per", [
    ("未完成年度预防性维护的,每缺1次扣减当年维保费用的5%", "每缺1次"),
    ("每漏1次扣除当月服务费的2%", "每漏1次"),
    ("每缺少1次巡检扣减当月服务费的1%", "每缺少1次"),
])
def test_a_missed_count_is_a_per_step(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text", [
    "设备价值较高,乙方应妥善保管",
    "扣除相关费用后按比例退还",
    "服务价格按市场价确定",
])
def test_values_and_prices_without_a_penalty_verb_are_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, rates", [
    ("五、原第七条“每超时1小时扣除当月服务费的1%”修改为“每超时1小时扣除当月服务费的2%”。", [0.02]),
    ("主题:回复:指标\n可用性每低于0.1个百分点,扣减当月服务费的2%。\n\n> 发件人:李工\n"
     "> 3. 可用性每低于0.1个百分点,扣减当月服务费的1%。\n", [0.02]),
])
def test_superseded_text_gives_no_penalty(text, rates):
    assert [f.rate for f in extract_penalties(text)] == rates


_KPI_HEAD = "系统可用率不低于99.5%。\n指标 | 目标值 | 扣款标准\n"


@pytest.mark.parametrize("row, trigger", [
    ("订单准确率 | ≥99.9% | 错发、漏发每单扣款20元", "订单准确率 | ≥99.9%"),
    ("发货及时率 | ≥98% | 每低1个百分点扣减当月仓储服务费的0.5%", "发货及时率 | ≥98%"),
    ("库存准确率 | ≥99.5% | 每低0.1个百分点扣减当月服务费的1%", "库存准确率 | ≥99.5%"),
    ("设备完好率 | 不低于95% | 每低1个百分点扣除当月维保费的1%", "设备完好率 | 不低于95%"),
    ("电话接通率 | <90% | 扣减当月服务费的2%", "电话接通率 | <90%"),
])
def test_a_kpi_table_row_has_a_trigger_not_a_band(row, trigger):
    fact = _only(_KPI_HEAD + row)
    assert (fact.band, fact.trigger) == (None, trigger)


@pytest.mark.parametrize("row, low, high", [
    ("月度可用性 | <99.9% | 10%", None, 0.999),
    ("可用率 | 99%~99.9% | 5%", 0.99, 0.999),
    ("在线率 | <98% | 扣减1%", None, 0.98),
])
def test_an_availability_table_row_keeps_its_band(row, low, high):
    fact = _only("指标 | 区间 | 服务费扣减比例\n" + row)
    assert (fact.band.low, fact.band.high) == (low, high)


@pytest.mark.parametrize("text, bands", [
    ("月度服务可用性未达到99.9%的,按以下标准补偿:低于99.9%但不低于99.5%的,补偿5天服务时长;低于99.5%的,补偿15天服务时长。",
     [(0.995, 0.999), (None, 0.995)]),
    ("服务可用性低于99.95%但不低于99%的,赔偿7天服务时长。", [(0.99, 0.9995)]),
    ("月可用率低于99%的,向客户补偿30天服务时长。", [(None, 0.99)]),
    ("可用性不低于99%但低于99.9%的,返还2天服务时长。", [(0.99, 0.999)]),
])
def test_a_service_time_credit_after_an_availability_range_has_a_band(text, bands):
    facts = extract_penalties(text)
    assert [(f.kind, f.band.low, f.band.high, f.trigger) for f in facts] == \
        [("service_credit", lo, hi, None) for lo, hi in bands]


@pytest.mark.parametrize("text, per", [
    ("故障修复超过承诺时限的,每超1天赔偿10元话费。", "每超1天"),
    ("装机逾期的,每超2小时赔偿用户5元话费。", "每超2小时"),
    ("每超三天赔偿20元话费。", "每超三天"),
])
def test_mei_chao_with_a_figure_is_a_per_unit_basis(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text, kind, amount", [
    ("未按承诺时限完成装机的,一次性赔偿用户20元话费。", "service_credit", 20.0),
    ("故障超时的,一次性赔偿30元,用于抵扣下月月租费。", "service_credit", 30.0),
    ("修复超时的,赔偿用户50元通信费。", "service_credit", 50.0),
    ("故障超时的,赔偿用户30元,冲抵次月服务费。", "service_credit", 30.0),
    ("未按时修复的,向用户赔偿50元。", "compensation", 50.0),           # money paid out, no credit named
])
def test_call_credit_or_a_credit_against_later_fees_is_a_service_credit(text, kind, amount):
    fact = _only(text)
    assert (fact.kind, fact.amount.value) == (kind, amount)


@pytest.mark.parametrize("text", [
    "再如,可用性为98%时,赔偿比例为25%,即500元代金券。",
    "又如:可用性为99%时,可获得300元代金券。",
    "另如,当月中断3小时,赔偿月度服务费的10%。",
    "比方说可用性为97%时,赔偿月度服务费的50%。",
])
def test_a_second_worked_example_is_no_penalty(text):
    assert extract_penalties(text) == []


def test_zai_ru_you_is_a_condition_not_an_example():
    assert [f.rate for f in extract_penalties("再如有服务中断超过4小时的,赔偿当月服务费的10%。")] == [0.1]


def test_a_page_that_disclaims_any_commitment_gives_no_penalties_either():
    text = ("常见问题\n问:赔偿怎么算?\n答:未达标时按当月服务费的10%发放代金券。\n"
            "本页内容仅供参考,不构成任何服务承诺,以正式协议为准。")
    assert _facts(text) == []
    assert _facts(text.replace("本页内容仅供参考,不构成任何服务承诺,以正式协议为准。", "")) != []


@pytest.mark.parametrize("text, per", [
    ("到场超时的,每台次罚款300元。", "每台次"),
    ("未按要求着装的,每人次扣款100元。", "每人次"),
    ("备机未按时提供的,每台罚款500元。", "每台"),
])
def test_a_count_of_machines_or_people_is_a_per_basis(text, per):
    assert _only(text).per == per


@pytest.mark.parametrize("text", [
    "未按时提供备机的,每台设备罚款500元。",
])
def test_a_machine_count_before_its_noun_is_no_per_basis(text):
    assert _only(text).per != "每台"


def _hooked_veto(hook: str) -> Veto:
    block = validate("penalties", {"veto": [{"id": "x", "where": "before", "window": 4, "regex": "不$",
                                             "hook": hook, "examples": ["不承担"]}]}).veto[0]
    return Veto("test_family", block, regex.compile(block.regex))


def test_a_veto_with_a_hook_fires_only_where_regex_and_hook_agree():
    seen = []
    register_hook("test_family", "even_start", lambda text, start, end: seen.append((start, end)) or start % 2 == 0)
    veto = _hooked_veto("even_start")
    assert veto.fires("甲乙承担", 2, 4) is None  # the window 甲乙 has no 不
    assert seen == []  # the hook runs only after the regex matched
    assert veto.fires("甲乙不承担", 3, 5) is None and seen == [(3, 5)]  # regex matches, the hook says no
    assert veto.fires("乙不承担", 2, 4) == "不" and seen[-1] == (2, 4)


def test_an_unregistered_hook_names_the_file_and_hook():
    with pytest.raises(PatternError, match=r"test_family.toml:\[\[veto\]\] x: no hook 'nowhere' is registered"):
        _hooked_veto("nowhere").fires("乙不承担", 2, 4)


def test_every_penalty_veto_hook_is_registered():
    from extractor.rules.vetoes import registered_hooks

    named = {v.block.hook for v in vetoes("penalties").all if v.block.hook}
    assert named and named <= registered_hooks("penalties")


@pytest.mark.parametrize("raw, message", [
    ({"currency": {"港币": "HKD"}}, "penalties.toml:[band_ops] "),
    ({"band_ops": {"inclusive": []}}, "penalties.toml:[band_ops] inclusive: "),
    ({"band_ops": {"inclusive": ["≥"], "exclusive": ["<"]}}, "penalties.toml:[band_ops] exclusive: "),
    ({"band_ops": {"inclusive": ["≥"]}, "currency": {"港币": "hkd"}}, "penalties.toml:[currency] 港币: "),
])
def test_a_bad_data_table_names_file_table_and_key(raw, message):
    with pytest.raises(PatternError) as err:
        read_tables(raw)
    assert str(err.value).startswith(message), str(err.value)


def test_the_data_tables_read_as_written():
    tables = read_tables(load("penalties"))
    assert "≥" in tables.inclusive and "<" not in tables.inclusive
    words = [word for word, _ in tables.currency]
    # longest word first: 新台币 before 台币, MOP$ before MOP
    assert ("新台币", "TWD") in tables.currency and words.index("新台币") < words.index("台币")
    assert words.index("MOP$") < words.index("MOP") and dict(tables.currency)["NT$"] == "TWD"


def test_cues_are_read_in_file_order_and_a_missing_one_is_named():
    assert [c.id for c in cues("band", "band_row")][0] == "band_interval"
    assert [c.gives for c in kind_cues()][:2] == ["liquidated_damages", "fine"]
    with pytest.raises(PatternError, match=r"penalties.toml: no \[\[cue\]\] gives nothing"):
        cues("nothing")


@pytest.mark.parametrize("text, cues, vetoes_passed", [
    ("服务中断的,乙方赔偿当月服务费的10%", ["kind.compensation", "fee_share", "trigger.de_clause"],
     ["report_or_definition", "negated", "inside_cap", "worked_example"]),
    ("每低于承诺指标0.1个百分点,减免当月月租费的5%,最高减免至当月月租费的50%",
     ["kind.service_credit", "cap.credit_rate", "per.step"], ["negated", "inside_cap"]),
    ("月度可用性 | 服务赔偿\n低于99.9% | 当月服务费的10%", ["band_below", "availability", "credit.base_rate"],
     ["kpi_clause", "kpi_row"]),
    ("若连续三个季度未达标,接收方有权解除合同", ["kind.termination", "trigger.if"],
     ["no_failure", "back_reference", "cap_subject"]),
])
def test_evidence_names_the_cues_that_placed_a_fact_and_the_vetoes_it_passed(text, cues, vetoes_passed):
    evidence = _only(text).evidence
    assert set(cues) <= set(evidence.cues) and set(vetoes_passed) <= set(evidence.vetoes), evidence


def test_every_fact_of_the_rule_examples_has_evidence_of_real_blocks():
    data = validate("penalties", load("penalties"))
    cue_ids, veto_ids = {c.id for c in data.cue}, {v.id for v in data.veto}
    for rule in rules("penalties"):
        for example in rule.examples:
            for fact in _facts(example["text"]):
                assert fact.evidence.vetoes and set(fact.evidence.vetoes) <= veto_ids, fact
                assert set(fact.evidence.cues) <= cue_ids, fact
                assert fact.kind in {c.gives for c in data.cue if c.id in fact.evidence.cues} or \
                    rule.fields.get("kind") == fact.kind or fact.rule != rule.id, fact


# ---- a credit table copied one cell per line; "Service Credit" translated as 服务费积分 (issue 12) -----------------
@pytest.mark.parametrize("text, rates", [
    ("服务承诺\n如月度可用性未达到承诺,您可获得服务费积分,按下表计算:\n月度正常运行时间百分比 |\n服务费积分比例 |\n"
     "等于或高于99.0%但低于99.9% |\n10% |\n低于99.0% |\n25% |\n低于95.0% | 100% |\n", [0.1, 0.25, 1.0]),
    ("可用性 |\n服务抵扣比例 |\n低于99.95% |\n10% |\n低于99% |\n30% |\n", [0.1, 0.3]),
    ("未达到可用性承诺的,按下表给予服务信用:\n| 月度可用性 | 服务信用 |\n| 低于99.9% | 10% |\n", [0.1]),
])
def test_credit_tables_in_any_shape_give_each_tier(text, rates):
    facts = extract_penalties(normalize_text(text))
    assert [f.rate for f in facts] == rates
    assert {f.kind for f in facts} == {"service_credit"}


@pytest.mark.parametrize("text", [
    "会员服务积分规则\n消费满100元可获得10%的服务积分。",  # loyalty points, no failure, no credit
    "积分 |\n比例 |\n普通会员 |\n10% |\n高级会员 |\n20% |\n",
])
def test_points_that_are_no_credit_give_nothing(text):
    assert extract_penalties(normalize_text(text)) == []



@pytest.mark.parametrize("text, rates", [
    ("未达到承诺的,赔偿标准如下:可用性98.5%以上-低于99.5%:15%;低于98.5%:30%。", [0.15, 0.3]),
    ("服务补偿比例\n可用性99%以上-低于99.9%:月服务费的10%\n可用性低于99%:月服务费的25%", [0.1, 0.25]),
])
def test_a_list_of_bare_tiers_takes_its_heading_credit(text, rates):
    """A tier written "band: rate" is a credit when the list's opening words or heading name one (tables.py)."""
    facts = extract_penalties(text)
    assert [f.rate for f in facts] == rates and all(f.kind == "service_credit" and f.band for f in facts)


def test_bare_tiers_under_no_credit_wording_give_nothing():
    assert extract_penalties("服务可用性考核\n可用性99%以上-低于99.9%:10%\n可用性低于99%:25%") == []


def test_a_credit_in_days_is_shown_with_its_days():
    fact = _only("服务中断超过4小时的,补偿3天服务时长")
    assert (present.headline_text(fact), present.describe(fact)) == ("服务赔偿 3天", "service_credit 3 days of service")
    assert present.has_value(fact) and present.row_fields(fact)["credit_days"] == 3.0


# A sum counted per hour or per day keeps its unit in a table's one cell: "30 CNY" alone reads as a one-off sum.
@pytest.mark.parametrize("text, shown", [
    ("超时按30元/小时赔偿客户", "赔偿 30 CNY /小时"),
    ("乙方每逾期一天支付违约金500元", "违约金 500 CNY 每逾期一天"),
    ("乙方支付违约金500元", "违约金 500 CNY"),
])
def test_a_sum_per_unit_is_shown_with_its_unit(text, shown):
    assert present.headline_text(_only(text)) == shown


def test_a_diff_line_names_the_unit_a_penalty_is_counted_per_once():
    assert present.short(_only("每超时1小时,按合同总价的0.05%支付违约金")) == "0.05% 合同总价 每超时1小时"
    assert present.short(_only("乙方每逾期一天支付违约金500元")) == "500 CNY, 每逾期一天"


def test_marked_ends_of_a_duration_are_no_availability_band():
    assert _only("响应时间2小时以上4小时以下的,赔偿当月服务费的10%").band is None


@pytest.mark.parametrize("text, rate", [("八折", 0.8), ("九折", 0.9), ("八五折", 0.85), ("8.5折", 0.85), ("85折", 0.85),
                                        ("三成", 0.3)])
def test_a_price_at_tenths_is_read_as_the_share_charged(text, rate):
    from extractor.families.penalties.figures import rate_of
    assert rate_of(text) == rate


@pytest.mark.parametrize("text, low, high", [
    ("逾期者,每日处新台币一千元至五千元罚款", "TWD", "TWD"),  # named once, before the low end
    ("处以5000元至10000元罚款", "CNY", "CNY"),
    ("违约的,处新台币1000元至港币5000元罚款", "TWD", "HKD"),  # each end names its own
])
def test_a_range_names_its_currency_once(text, low, high):
    fact = _only(text)
    assert (fact.range.low.currency, fact.range.high.currency) == (low, high)
