"""Which side of a letter provides (extractor/commitment/sides.py, patterns/sides.toml), and the penalties and timings
read with the sides exchanged when 甲方 provides."""
from __future__ import annotations

import pytest

from extractor.commitment import sides
from extractor.document.normalize import normalize
from extractor.families.penalties import FAMILY as PENALTIES
from extractor.families.timings import FAMILY as TIMINGS
from extractor.rules.patterns import PatternError
from extractor.rules.vetoes import tracing

RENTAL = ("设备租赁合同\n出租方(甲方):某某机械租赁有限公司\n承租方(乙方):某某建筑公司\n"
          "甲方将挖掘机一台出租给乙方使用,乙方应于每月五日前向甲方支付当月租金。\n")
IDC = ("服务器托管协议\n甲方:__________数据中心\n乙方:__________\n"
       "甲方为乙方提供机柜及带宽托管服务,乙方按月向甲方缴纳托管费。\n")
SERVICE = ("运维服务合同\n甲方(委托方):某某市人民医院\n乙方(服务方):某某信息技术有限公司\n"
           "乙方为甲方提供信息系统运维服务,甲方按季度向乙方支付服务费。\n")
NO_SIDES = "服务承诺书\n我公司承诺:接到报修后2小时内到达现场,未按时到场的,每次支付违约金500元。\n"


@pytest.mark.parametrize("text, side", sides.examples())
def test_file_examples(text, side):
    assert (sides.provider_side(normalize(text).text) or "") == side


@pytest.mark.parametrize("text, side", [(RENTAL, "甲方"), (IDC, "甲方"), (SERVICE, "乙方"), (NO_SIDES, None)])
def test_our_letters(text, side):
    assert sides.provider_side(normalize(text).text) == side


def test_traditional_declaration_after_normalizing():
    text = normalize("線路租用協議\n甲方(出租方):某某電信\n乙方(承租方):某某公司\n").text
    assert sides.provider_side(text) == "甲方"


def test_swap_keeps_offsets_and_is_its_own_inverse():
    text = "甲方应向乙方支付租金,甲乙双方签字。"
    assert sides.swap(text) == "乙方应向甲方支付租金,甲乙双方签字。"
    assert sides.swap(sides.swap(text)) == text and len(sides.swap(text)) == len(text)


def _penalties(text):
    return PENALTIES.extract(normalize(text).text)


def test_customer_late_rent_in_a_rental_is_no_penalty():
    # 乙方 rents: its late rent is the customer's, as 甲方逾期付款 is in an ordinary contract.
    late_rent = "乙方逾期支付租金的,每逾期一日按未付租金的0.5%向甲方支付违约金。\n"
    assert not _penalties(RENTAL + late_rent)
    # The lessor's own lateness keeps its penalty, with its words as written.
    late_delivery = "甲方逾期交付设备的,每逾期一日按月租金的1%向乙方支付违约金。\n"
    facts = _penalties(RENTAL + late_delivery)
    assert [f.rate for f in facts] == [0.01]
    assert facts[0].trigger == "甲方逾期交付设备" and facts[0].text.endswith("向乙方支付违约金")


def test_ordinary_letter_reads_as_today():
    late_pay = "甲方逾期支付服务费的,每逾期一日按未付金额的0.5%向乙方支付违约金。\n"
    assert not _penalties(SERVICE + late_pay)
    own = "乙方未按时到场的,每次按当月服务费的1%向甲方支付违约金。\n"
    assert [f.rate for f in _penalties(SERVICE + own)] == [0.01]


def test_notice_flips_with_the_sides():
    # In a letter where 甲方 provides, 乙方 notifying 甲方 is the customer's notice and 甲方 notifying 乙方 the
    # provider's; in an ordinary letter it is the other way round.
    to_lessor = "乙方如需退租,应提前30天书面通知甲方。\n"
    to_lessee = "甲方如需停机检修,应提前3天书面通知乙方。\n"
    kinds = lambda text: [f.kind for f in TIMINGS.extract(normalize(text).text)]  # noqa: E731
    assert "notice" not in kinds(RENTAL + to_lessor) and "notice" in kinds(RENTAL + to_lessee)
    assert "notice" in kinds(SERVICE + to_lessor.replace("退租", "停止服务"))
    assert "notice" not in kinds(SERVICE + to_lessee)


def test_vetoes_traced_with_the_letters_words():
    text = normalize(RENTAL + "乙方逾期支付租金的,每逾期一日按未付租金的0.5%向甲方支付违约金。\n").text
    with tracing() as hits:
        PENALTIES.extract(text)
    assert hits and all(h.words == text[text.find(h.words):text.find(h.words) + len(h.words)] for h in hits)
    assert any("乙方" in h.words for h in hits if h.veto == "customer_late_payment")


def test_a_bad_file_names_itself(monkeypatch):
    monkeypatch.setattr(sides, "load", lambda name: {"id": "sides", "provider": ["出租方"]})
    sides._patterns.cache_clear()
    try:
        with pytest.raises(PatternError, match="sides.toml"):
            sides._patterns()
    finally:
        monkeypatch.undo()
        sides._patterns.cache_clear()
