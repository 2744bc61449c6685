"""Penalty wordings of other authors (session 14, second round): a bare 扣 before the fee it cuts, a works price
paid as compensation, a sanction on the provider named by its role word."""
import pytest

from extractor.document.normalize import normalize_text
from extractor.families.penalties.extract import extract_penalties


def _facts(text):
    return extract_penalties(normalize_text(text))


def _only(text):
    facts = _facts(text)
    assert len(facts) == 1, [(f.text, f.kind) for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, rate, amount", [
    ("乙方未按时到达现场的,每次扣当月服务费的5%。", 0.05, None),
    ("承包方响应超时的,扣当月运维费的3%。", 0.03, None),
    ("受托方每延误一天,扣合同总价的千分之五。", 0.005, None),
    ("逾期交付的,每逾期一日扣款合约总价千分之三。", 0.003, None),
    ("廠商未依期限完成者,每逾一日扣款契約價金千分之二。", 0.002, None),
    ("故障未在规定时间内排除的,甲方扣该季度维保费的10%。", 0.1, None),
    ("服务商未达到可用性承诺的,每次扣运维费200元。", None, 200.0),
    ("每少一次巡检,扣当月物业费1000元。", None, 1000.0),
    ("巡检不到位的,扣乙方当月服务费500元。", None, 500.0),
    ("每发现一次未按规定保洁的,扣罚承包方100元。", None, 100.0),
])
def test_a_bare_kou_before_a_fee_is_a_deduction(text, rate, amount):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.amount.value if fact.amount else None) == ("deduction", rate, amount)


@pytest.mark.parametrize("text", [
    "考核每低1分扣2分。",
    "系统将于每月1日自动扣当月服务费。",
    "扣费周期为每月一次,扣费金额为当月服务费的100%。",
    "单位代扣代缴个人所得税的5%。",
])
def test_a_kou_of_points_billing_or_tax_is_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text", [
    "承包方逾期完工的,每日赔偿发包方工程款的千分之二。",
    "中标人逾期交付的,按中标金额的5%向采购人赔偿。",
])
def test_a_share_of_a_works_price_or_award_paid_is_compensation(text):
    assert _only(text).kind == "compensation"


@pytest.mark.parametrize("text", [
    "届满前双方如无异议,可提前三个月通知对方终止合同。",
    "任何一方可提前30日书面通知对方解除本协议。",
    "如甲方未能按约定支付服务费,乙方有权暂停提供服务,并要求甲方支付违约金。",
])
def test_notice_terms_and_the_customer_s_unpaid_fee_are_no_penalty(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, kind, rate", [
    ("乙方每发生一次重大责任事故,甲方有权扣除履约保证金的50%。", "deduction", 0.5),
    ("因乙方工作失误造成损失的,甲方有权扣除履约保证金的20%。", "deduction", 0.2),
    ("保安人员脱岗的,甲方有权扣发当月服务费的5%。", "deduction", 0.05),
    ("每超时一小时,按当月维护费的0.5%计扣。", "deduction", 0.005),
])
def test_an_accident_or_a_slip_is_a_miss_and_jikou_a_deduction(text, kind, rate):
    fact = _only(text)
    assert (fact.kind, fact.rate) == (kind, rate)



@pytest.mark.parametrize("text, kind, amount", [
    ("每月系統可用率未達99.5%時,每低0.1%罰款新台幣1,000元。", "fine", 1000.0),
    ("可用率低于99.5%时,每低0.1%罚款1000元。", "fine", 1000.0),
    ("可用率低于99.5%的,每降低0.1%扣款500元。", "deduction", 500.0),
])
def test_a_tier_s_step_is_no_credit_the_sum_after_it_is(text, kind, amount):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.amount.value if fact.amount else None) == (kind, None, amount)
