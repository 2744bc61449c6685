"""Penalty kinds and parties that recur across authors (session 14): a prose tier paid as 违约金, 罚 or 扣, the
customer named by any of its role words."""
import pytest

from extractor.document.normalize import normalize_text
from extractor.families.penalties.extract import extract_penalties


def _facts(text):
    return extract_penalties(normalize_text(text))


def _only(text):
    facts = _facts(text)
    assert len(facts) == 1, [(f.text, f.kind) for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, kind, rate", [
    ("服务可用性低于99.9%的,乙方按月服务费的5%向甲方支付违约金。", "liquidated_damages", 0.05),
    ("若月度可用率低于99%,乙方应按当月服务费的20%支付违约金。", "liquidated_damages", 0.2),
    ("可用性低于99%的,乙方支付当月服务费10%的违约金。", "liquidated_damages", 0.1),
    ("可用性低于99%的,按月服务费的10%作为违约金。", "liquidated_damages", 0.1),
    ("系統可用性低於99%時,按當月服務費之10%計付違約金。", "liquidated_damages", 0.1),
    ("可用性低于99.5%时,按当月服务费的10%进行扣减。", "deduction", 0.1),
    ("系统可用性低于98%的,按季度服务费的10%扣款。", "deduction", 0.1),
    ("可用率低于99%的,按合同金额的1%计罚。", "fine", 0.01),
    ("网络可用率低于99%的,由乙方按月租费的5%向甲方缴纳罚款。", "fine", 0.05),
])
def test_a_prose_tier_takes_the_kind_its_words_after_the_credit_name(text, kind, rate):
    """The tier is one fact (no second bare 违约金 beside it), of the kind the words after its figure name."""
    fact = _only(text)
    assert (fact.kind, fact.rate) == (kind, rate) and fact.band is not None


@pytest.mark.parametrize("text", [
    "可用性低于99%的,按月服务费的10%向甲方赔偿。",
    "可用性低于99%的,乙方按当月服务费的10%给予甲方补偿。",
    "可用性低于99%的,乙方退还当月服务费的10%。",
    "可用性低于99%的,减免当月服务费的10%,累计扣减不超过30%。",  # a cap after the comma names nothing
])
def test_a_prose_tier_paid_back_stays_a_credit(text):
    assert _facts(text)[0].kind == "service_credit"


@pytest.mark.parametrize("text, kind", [
    ("承包方如果在任何一个月中不能达到服务品质,承包方将免收发包方的当月租用费", "service_credit"),
    ("受托方如果在任何一个月中不能达到服务品质,受托方将免收委托方的当月租费", "service_credit"),
    ("供应商逾期交付的,每日按合同总价的0.5%向采购单位支付违约金", "liquidated_damages"),
    ("供方未按时修复的,应向需方支付合同金额5%的违约金", "liquidated_damages"),
    ("出租方未能按时提供车辆的,按当日租金的2倍赔偿承租方", "service_credit"),
])
def test_the_customer_may_go_by_any_role_word(text, kind):
    assert _only(text).kind == kind


@pytest.mark.parametrize("text, amount", [
    ("若不及时整改,甲方视情况给予一定的经济处罚", None),
    ("如有违诺行为,自愿接受主管部门的处罚", None),
    ("保洁不到位的,甲方将对乙方进行处罚", None),
    ("如有違反,願意接受貴單位的處罰", None),
    ("服务响应超时的,按200元/次进行处罚", 200.0),
    ("古树名木未建档的,处100元以上罚款", 100.0),
])
def test_fines_given_or_accepted(text, amount):
    fact = _only(text)
    assert fact.kind == "fine"
    assert (fact.amount.value if fact.amount else None) == amount


@pytest.mark.parametrize("text", [
    "本公司将严格遵守行政处罚法的规定",
    "违约责任包括但不限于:经济赔偿、行政处罚等",
    "甲方可以对乙方的工作提出表扬或给予处罚的建议",  # no miss on its line
])
def test_a_word_of_punishment_is_no_fine_by_itself(text):
    assert _facts(text) == []


@pytest.mark.parametrize("text, kind, rate", [
    ("洗涤后出现严重损坏或者丢失的,经营者应予洗涤费3至5倍赔偿", "compensation", 5.0),
    ("快件丢失的,按运费的3倍赔偿", "compensation", 3.0),
    ("未保价的快件损毁,快递公司按照邮费的2倍予以赔偿", "compensation", 2.0),
    ("如因乙方原因导致行李遗失,乙方按托运费5倍赔偿", "compensation", 5.0),
    ("数据丢失的,乙方赔偿甲方两倍的当月服务费", "service_credit", 2.0),  # lost data is no goods
    ("服务中断的,乙方按中断时间对应租用费的十倍向甲方赔偿", "service_credit", 10.0),
])
def test_a_fee_multiple_paid_for_lost_goods_compensates_them(text, kind, rate):
    fact = _only(text)
    assert (fact.kind, fact.rate) == (kind, rate)


@pytest.mark.parametrize("text, kind, rate, amount", [
    ("宕机时间超过8小时的,本月服务费全额退还", "service_credit", 1.0, None),
    ("服务中断超过24小时的,当月服务费全部退还", "service_credit", 1.0, None),
    ("服务不可用时间超过规定的,客户可获得相当于月费10%的服务抵扣", "service_credit", 0.1, None),
    ("超时未装机的,给予用户100元补偿", "compensation", None, 100.0),
    ("如未能在2小时内响应,将给予客户50元话费补偿", "service_credit", None, 50.0),
])
def test_credits_written_fee_first_or_as_a_sum_given(text, kind, rate, amount):
    fact = _only(text)
    assert (fact.kind, fact.rate, fact.amount.value if fact.amount else None) == (kind, rate, amount)


@pytest.mark.parametrize("text", ["合同解除的,本月服务费全额退还", "新用户注册即可获赠送50元话费"])
def test_a_refund_or_gift_without_a_miss_is_no_credit(text):
    assert _facts(text) == []
