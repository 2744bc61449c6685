"""Penalty wordings of other authors (session 14): a prose tier paid as 违约金, 罚 or 扣; the customer named by any of
its role words; fines, goods-loss multiples and fee-first credits; a bare 扣 before the fee it cuts, a works price
paid as compensation, a sanction on the provider named by its role word."""
import pytest
from test_penalties import _facts, _only


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
