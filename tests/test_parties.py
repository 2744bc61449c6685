"""Party extraction: rule examples, phrasings, dedup of signature blocks, negatives, gold."""
import json
from pathlib import Path

import pytest

from extractor.document.normalize import normalize_text
from extractor.families.parties.extract import extract_parties
from extractor.rules.patterns import load

RULES = load("parties")
GOLD = Path(__file__).parent / "gold"
LETTERS = Path(__file__).parent / "letters"


def _first(text):
    found = extract_parties(text)
    assert found, f"no party in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    "rule_id, text, role, label, name, blank",
    [(r["id"], *ex) for r in RULES["rule"] for ex in r["examples"]],
)
def test_rule_examples(rule_id, text, role, label, name, blank):
    party = _first(text)
    assert (party.role, party.label, party.name or "", party.blank) == (role, label, name, blank), rule_id


@pytest.mark.parametrize(
    "rule_id, text",
    [(r["id"], ex) for r in RULES["rule"] for ex in r.get("counter_examples", [])],
)
def test_rule_counter_examples(rule_id, text):
    assert [p.text for p in extract_parties(text)] == [], rule_id


@pytest.mark.parametrize("text, role, name, blank", [
    ("承诺方:____________________", "promisor", None, True),
    ("承诺人:__________签订日期:", "promisor", None, True),
    ("接收方:[公司全称],注册地址:[详细地址]", "recipient", None, True),
    ("甲方:北京某某科技有限公司", "party_a", "北京某某科技有限公司", False),
    ("乙方:【    】", "party_b", None, True),
    ("甲方(采购人):江城市第一人民医院", "party_a", "江城市第一人民医院", False),
    ("服务提供方:华云数据有限公司", "provider", "华云数据有限公司", False),
    ("服务接受方:____", "customer", None, True),
    ("投标人:上海云帆信息技术有限公司", "bidder", "上海云帆信息技术有限公司", False),
    ("投标人名称:××科技有限公司", "bidder", None, True),
    ("采购人:江城市公共资源交易中心", "purchaser", "江城市公共资源交易中心", False),
    ("招标人:(    )", "purchaser", None, True),
    ("供应商名称:杭州数联科技有限公司", "provider", "杭州数联科技有限公司", False),
    ("委托方:江城市数据局", "customer", "江城市数据局", False),
    ("受托方:________", "provider", None, True),
    ("承诺单位(公章):\n", "promisor", None, True),
    ("尊敬的_接收方名称__________:", "recipient", None, True),
    ("由__________(以下简称“服务提供方”)与", "provider", None, True),
    ("本合同由江城市第一人民医院(以下简称“甲方”)与", "party_a", "江城市第一人民医院", False),
    ("乙方:北京____科技有限公司", "party_b", None, True),
    ("运营商:中国移动通信集团江城有限公司", "provider", "中国移动通信集团江城有限公司", False),
    ("供货商(盖章):江城数据科技有限公司", "provider", "江城数据科技有限公司", False),
    ("承建单位:____________", "provider", None, True),
    ("服务提供者:江城数据科技有限公司", "provider", "江城数据科技有限公司", False),
    ("江城数据科技有限公司(以下简称“运营商”)承诺", "provider", "江城数据科技有限公司", False),
])
def test_phrasing_role_name_blank(text, role, name, blank):
    party = _first(text)
    assert (party.role, party.name, party.blank) == (role, name, blank)


@pytest.mark.parametrize("text, role, name", [
    ("我公司(杭州启衡信息服务有限公司,以下简称“乙方”)承接贵行运维服务", "party_b", "杭州启衡信息服务有限公司"),
    ("本公司(江城数据科技有限公司,下称\"服务商\")郑重承诺", "provider", "江城数据科技有限公司"),
    ("我方(名称:上海云帆信息技术有限公司;以下简称“承诺方”)承诺", "promisor", "上海云帆信息技术有限公司"),
    ("我院（江城市第二人民医院，以下简称「甲方」）", "party_a", "江城市第二人民医院"),
])
def test_name_inside_the_definition_bracket(text, role, name):
    party = _first(normalize_text(text))
    assert (party.role, party.name, party.blank) == (role, name, False)
    assert name in party.text


@pytest.mark.parametrize("text, role, name", [
    ("北京某某科技有限公司(统一社会信用代码:91110000123456789X,以下简称\"乙方\")", "party_b", "北京某某科技有限公司"),
    ("我公司江城数据科技有限公司(以下简称\"乙方\")承诺如下", "party_b", "江城数据科技有限公司"),
    ("鉴于江城市第一人民医院(以下简称为“甲方”)需要", "party_a", "江城市第一人民医院"),
    ("兹有“杭州数联科技有限公司”(以下称为“服务提供方”)", "provider", "杭州数联科技有限公司"),
    ("江城市大数据中心(以下简称\"甲方\"或\"采购人\")", "party_a", "江城市大数据中心"),
    ("我公司(以下简称\"乙方\")承诺", "party_b", "我公司"),
])
def test_name_before_the_definition_bracket(text, role, name):
    party = _first(text)
    assert (party.role, party.name, party.blank) == (role, name, False)


def test_a_short_bracket_inside_a_defined_name_stays_in_it():
    text = "本合同由江城市第一人民医院(以下简称“甲方”)与江城数据(北京)有限公司(以下简称“乙方”)签订"
    assert [(p.role, p.name) for p in extract_parties(text)] == [
        ("party_a", "江城市第一人民医院"), ("party_b", "江城数据(北京)有限公司")]


def test_a_definition_with_a_blank_inside_the_bracket_is_a_blank_party():
    party = _first("我公司(__________,以下简称\"乙方\")承诺")
    assert (party.role, party.name, party.blank) == ("party_b", None, True)


def test_the_definition_inside_the_bracket_wins_over_the_signature_line():
    text = "我公司(杭州启衡信息服务有限公司,以下简称“乙方”)承诺如下。\n正文。\n乙方(盖章):杭州启衡信息服务有限公司"
    parties = extract_parties(text)
    assert [(p.role, p.label) for p in parties] == [("party_b", "乙方")]
    assert parties[0].span.start < text.index("正文")


@pytest.mark.parametrize("text", [
    "本服务(以下简称“SLA”)适用于对象存储",
    "(注:以下简称的各方以合同为准)",
])
def test_definitions_of_things_are_no_party(text):
    assert extract_parties(text) == []


@pytest.mark.parametrize("text", [
    "什么是SLA?很多用户误以为SLA只是一句口号。\n若青岚云未能达到协议中约定的可用性,客户可申请赔偿。",
    "本报讯(记者 林晓岚)昨日,江城港华燃气有限公司作如下服务承诺:抢修人员30分钟内到场。",
])
def test_a_guide_or_a_news_report_names_no_party(text):
    assert extract_parties(text) == []
    assert extract_parties(text.split("\n")[-1].replace("本报讯(记者 林晓岚)", "")) != []  # the same words in a letter


def test_a_tender_requirements_chapter_keeps_its_purchaser():
    text = "第三章 采购需求\n采购人:江城市社区治理服务中心\n供应商应在2小时内响应。"
    assert [(p.role, p.name) for p in extract_parties(text)] == [("purchaser", "江城市社区治理服务中心")]


def test_signature_block_repeats_a_declared_role_only_once():
    text = "承诺方:____\n接收方:____\n正文。\n承诺方(盖章):____\n承诺人签名:____\n接收方(盖章):____"
    assert [p.role for p in extract_parties(text)] == ["promisor", "recipient"]


def test_signature_block_gives_a_party_when_the_role_was_not_declared():
    text = "甲方:江城市第一人民医院\n条款正文。\n承诺人签名:__________"
    assert [(p.role, p.blank) for p in extract_parties(text)] == [("party_a", False), ("promisor", True)]


def test_span_covers_label_and_value():
    text = "前言。甲方:北京某某科技有限公司\n"
    party = _first(text)
    assert text[party.span.start:party.span.end] == party.text == "甲方:北京某某科技有限公司"


@pytest.mark.parametrize("text", [
    "承诺方承诺系统可用性不低于99.9%。",
    "甲方有权要求乙方整改。",
    "2.1承诺方的权利与义务",
    "尊敬的客户朋友:",
    "尊敬的用户朋友:",
    "法定代表人(签字):李明",
    "本报讯 某市数据局发布《政务云服务质量评估报告》,平均可用性达到99.95%。",
    "导致服务中断的原因:网络故障。",
])
def test_not_a_party(text):
    assert extract_parties(text) == []


@pytest.mark.parametrize("text, role, label", [
    ("尊敬的用户:\n感谢您选用本平台。", "customer", "用户"),
    ("尊敬的采购人:\n我方承诺如下。", "purchaser", "采购人"),
    ("亲爱的甲方:\n本公司承诺", "party_a", "甲方"),
    ("致:招标人\n我单位承诺", "purchaser", "招标人"),
])
def test_a_greeting_naming_only_a_role_gives_no_party(text, role, label):
    assert [p for p in extract_parties(text) if p.role == role] == []


@pytest.mark.parametrize("text, role, name", [
    ("尊敬的客户:\n正文。\n客户:江城港务集团有限公司", "customer", "江城港务集团有限公司"),
    ("尊敬的采购人:\n正文。\n采购人(盖章):____", "purchaser", None),
])
def test_a_role_only_greeting_yields_to_a_declaration_of_that_role(text, role, name):
    parties = extract_parties(text)
    assert [(p.role, p.name) for p in parties] == [(role, name)]
    assert parties[0].span.start > 0


@pytest.mark.parametrize("text, role, name", [
    ("本公司承接该项目,受江城市智慧城市运营有限公司(以下简称“委托方”)委托", "customer", "江城市智慧城市运营有限公司"),
    ("我院应江城市卫生健康委员会(以下简称“采购人”)邀请", "purchaser", "江城市卫生健康委员会"),
    ("现接受湖滨区教育局(以下简称\"甲方\")委托", "party_a", "湖滨区教育局"),
])
def test_a_lead_in_verb_before_a_defined_name_is_cut(text, role, name):
    party = _first(text)
    assert (party.role, party.name) == (role, name)


@pytest.mark.parametrize("text, role, name", [
    ("5.1 杭州云枢软件有限公司(以下简称“服务提供方”)承诺", "provider", "杭州云枢软件有限公司"),
    ("3.2.1 江城数据科技有限公司(以下简称\"乙方\")保证", "party_b", "江城数据科技有限公司"),
    ("第二条 湖滨区教育局(以下简称\"甲方\")委托", "party_a", "湖滨区教育局"),
    ("二、江城市第一人民医院(以下简称“甲方”)", "party_a", "江城市第一人民医院"),
    ("(1)上海云帆信息技术有限公司(以下简称“承诺方”)", "promisor", "上海云帆信息技术有限公司"),
    ("360数智科技有限公司(以下简称“乙方”)", "party_b", "360数智科技有限公司"),   # digits in the name stay
])
def test_a_clause_number_before_a_defined_name_is_cut(text, role, name):
    party = _first(text)
    assert (party.role, party.name) == (role, name)


def test_a_name_that_merely_contains_a_lead_in_character_keeps_it():
    assert _first("江城受托资产管理有限公司(以下简称\"乙方\")").name == "江城受托资产管理有限公司"


def _gold_cases(sub):
    gold = json.loads((GOLD / sub / "parties.json").read_text(encoding="utf-8"))
    return [(key, item) for key, items in gold.items() for item in items]


@pytest.mark.parametrize("key, item", _gold_cases("extra"), ids=lambda v: v if isinstance(v, str) else v["anchor"])
def test_extra_gold_party_found(key, item):
    text = normalize_text((LETTERS / key.split("#")[0]).read_text(encoding="utf-8"))
    pos = text.index(item["anchor"])
    end = pos + len(item["anchor"])
    fields = {k: v for k, v in item.items() if k not in ("anchor", "note")}
    hits = [p for p in extract_parties(text) if p.span.start < end and pos < p.span.end
            and all(getattr(p, k) == v for k, v in fields.items())]
    assert hits


@pytest.mark.parametrize("name", ["bp_news.txt"])
def test_news_has_no_parties(name):
    assert extract_parties(normalize_text((LETTERS / name).read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("text, role, name, blank", [
    ("乙方(Service Provider):睿拓云数据服务(苏州)有限公司\n", "party_b", "睿拓云数据服务(苏州)有限公司", False),
    ("甲方(the Customer):江城市第一人民医院\n", "party_a", "江城市第一人民医院", False),
    ("甲方(Party A, the Customer): 江城市第一人民医院\n", "party_a", "江城市第一人民医院", False),
    ("服务商(Service Provider):__________\n", "provider", None, True),
    ("乙方(服务提供方):杭州启衡信息服务有限公司\n", "party_b", "杭州启衡信息服务有限公司", False),
    ("乙方(以下简称乙方):杭州启衡信息服务有限公司\n", "party_b", "杭州启衡信息服务有限公司", False),
])
def test_a_gloss_in_brackets_after_the_role_word_keeps_the_field(text, role, name, blank):
    party = _first(text)
    assert (party.role, party.name, party.blank) == (role, name, blank)


def test_a_glossed_field_is_declared_before_the_signature_line():
    text = "乙方(Service Provider):睿拓云数据服务(苏州)有限公司\n一、服务内容\n乙方(盖章):睿拓云数据服务(苏州)有限公司"
    (party,) = extract_parties(text)
    assert party.text == "乙方(Service Provider):睿拓云数据服务(苏州)有限公司"


@pytest.mark.parametrize("text", [
    "乙方(Service Provider)应在30分钟内响应。",
    "甲方(Customer)有权要求乙方整改。",
])
def test_a_glossed_role_word_in_prose_is_no_party(text):
    assert extract_parties(text) == []


@pytest.mark.parametrize("text, name", [
    ("我司临江金盾机电设备有限公司(以下简称\"维保方\")对贵行自助设备提供全保维护。", "临江金盾机电设备有限公司"),
    ("北辰云维信息技术有限公司(以下简称\"运维方\")承诺如下:", "北辰云维信息技术有限公司"),
    ("东岳楼宇设备有限公司(以下简称\"维护方\")保证电梯安全运行。", "东岳楼宇设备有限公司"),
    ("海川通信保障服务有限公司(以下简称\"保障方\")承诺:", "海川通信保障服务有限公司"),
])
def test_maintenance_role_words_name_the_provider(text, name):
    party = _first(text)
    assert (party.role, party.name) == ("provider", name)


@pytest.mark.parametrize("text", [
    "维保方应在2小时内到场。",
    "运维方案详见附件。",
])
def test_a_role_word_without_a_definition_is_no_party(text):
    assert extract_parties(text) == []


@pytest.mark.parametrize("text", [
    "用户:电信企业需在48小时内修复故障。",   # a duty, not a name
    "客户:北京、天津周边区域",               # an area
    "甲方:应在验收后付款",
])
def test_a_sentence_or_an_area_is_no_name(text):
    assert [p for p in extract_parties(text) if p.name] == []


def test_a_real_name_after_a_role_stays():
    assert [(p.role, p.name) for p in extract_parties("客户:杭州数联科技有限公司\n")] == [
        ("customer", "杭州数联科技有限公司")]


# ---- rules as data: the value's vetoes applied by the engine, evidence, the family's own tables -------------------
def test_a_declared_party_lists_the_vetoes_its_value_passed():
    [party] = extract_parties("甲方:北京某某科技有限公司\n")
    assert party.evidence.vetoes == ["not_a_name"]
    [greeting] = extract_parties("致:江城市第一人民医院\n")
    assert greeting.evidence.vetoes == ["not_a_name", "generic_addressee"]


def test_a_blank_value_is_not_judged_as_a_name():
    [party] = extract_parties("承诺方:____________________\n")
    assert party.blank and party.evidence.vetoes == []


def test_a_value_veto_sees_only_the_value():
    # 服务需求方 holds 需 (a duty word of `not_a_name`), but the label is no part of the value the veto judges.
    [party] = extract_parties("服务需求方:江城市数据局\n")
    assert (party.role, party.name) == ("customer", "江城市数据局")


def test_a_vetoed_value_is_traced_at_its_declaration():
    from extractor.rules.vetoes import tracing

    text = "用户:电信企业需在48小时内修复故障"
    with tracing() as hits:
        assert extract_parties(text) == []
    [hit] = hits
    assert (hit.veto, hit.words, text[hit.start:hit.end]) == ("not_a_name", "需", "用户:")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["roles"].update({"监理方": "supervisor"}), r"^parties\.toml:\[roles\] 监理方: "),
    (lambda d: d["value"].pop("inner_lead"), r"^parties\.toml:\[value\] inner_lead: Field required"),
])
def test_a_bad_party_table_names_file_section_and_key(change, message):
    import copy

    from extractor.families.parties.tables import check_tables
    from extractor.rules.patterns import PatternError

    data = copy.deepcopy(dict(RULES))
    change(data)
    with pytest.raises(PatternError, match=message):
        check_tables(data)


@pytest.mark.parametrize("text", ["尊敬的私有云用户:\n", "尊敬的客户:\n", "尊敬的VIP客户:\n", "尊敬的江城市民用户:\n"])
def test_a_greeting_without_a_brand_names_no_provider(text):
    assert [p.role for p in extract_parties(text) if p.role == "provider"] == []


def test_a_brand_greeting_gives_the_provider_and_no_nameless_customer():
    found = extract_parties("服务公告\n尊敬的青岚云客户:\n本服务的SLA进行了更新。")
    assert [(p.role, p.name) for p in found] == [("provider", "青岚云")]


@pytest.mark.parametrize("text, expected", [
    ("甲方:江城市第一人民医院\n乙方:江城数据科技有限公司\n正文。\n江城数据科技有限公司\n2024年3月1日\n",
     [("party_a", "江城市第一人民医院"), ("party_b", "江城数据科技有限公司")]),
    ("甲方:江城市第一人民医院\n正文。\n江城数据科技有限公司\n2024年3月1日\n",
     [("party_a", "江城市第一人民医院"), ("promisor", "江城数据科技有限公司")]),
])
def test_a_foot_signer_yields_to_a_name_declared_under_another_role(text, expected):
    assert [(p.role, p.name) for p in extract_parties(text)] == expected


# A public body's name is whole at its ending (parties.toml BODY_END): the name on the next line is another party,
# while a company name the page split across lines still joins (NAME_JOIN).
@pytest.mark.parametrize("text, expected", [
    ("致:临江高新技术产业开发区管理委员会\n苏源智慧城市运营服务有限公司(以下简称“服务商”)郑重承诺",
     [("recipient", "临江高新技术产业开发区管理委员会"), ("provider", "苏源智慧城市运营服务有限公司")]),
    ("致:东湖区政务服务中心\n江城数据科技有限公司(以下简称“服务商”)郑重承诺",
     [("recipient", "东湖区政务服务中心"), ("provider", "江城数据科技有限公司")]),
    ("乙方:江城数据\n科技有限公司\n", [("party_b", "江城数据科技有限公司")]),
])
def test_a_public_body_ends_its_name_at_the_line_end(text, expected):
    assert [(p.role, p.name) for p in extract_parties(normalize_text(text))] == expected


# A brand pledging (latin_brand_pledges) yields to the same brand named under another role, as a foot signer does.
@pytest.mark.parametrize("text, expected", [
    ("本服务由Acme Hosting(以下简称“我们”)提供。\nAcme Hosting 承诺可用性不低于99.9%。",
     [("provider", "Acme Hosting")]),
    ("本服务由江城云帆数据有限公司提供。\nAcme Hosting 承诺可用性不低于99.9%。",
     [("provider", "Acme Hosting")]),
])
def test_a_pledging_brand_yields_to_a_name_declared_under_another_role(text, expected):
    assert [(p.role, p.name) for p in extract_parties(normalize_text(text))] == expected


# A bare contract word in brackets with no name before it (contract_party_marked, [value] empty_slot) declares a
# blank party, but only where that role was not declared before: a named declaration stays the party.
@pytest.mark.parametrize("text, expected", [
    ("一、总则\n本协议适用于机房维护。(甲方)委托江城数据科技有限公司(乙方)进行维护。",
     [("party_a", None, True), ("party_b", "江城数据科技有限公司", False)]),
    ("甲方:江城市第一中学\n本协议适用于机房维护。(甲方)委托江城数据科技有限公司(乙方)进行维护。",
     [("party_a", "江城市第一中学", False), ("party_b", "江城数据科技有限公司", False)]),
    ("本公司资产归属(甲方)所有。", []),
])
def test_a_bare_marked_contract_word_is_a_blank_party_only_when_first(text, expected):
    assert [(p.role, p.name, p.blank) for p in extract_parties(normalize_text(text))] == expected


# A brand in prose (brand_defined, caps_brand_provides) yields to the same brand named under another role, and a
# brand first named in prose is not replaced by a later one.
@pytest.mark.parametrize("text, expected", [
    ("青岚承诺如下:\n一、服务可用性是指青岚承诺在合同期内每月服务可用时间的比例。", [("promisor", "青岚")]),
    ("服务可用性是指青岚承诺在合同期内每月服务可用的比例。\n澜谐技术人员为客户提供支持。", [("provider", "青岚")]),
    ("本服务由江城云帆数据有限公司提供。\nIBM提供系统硬件维护服务。", [("provider", "IBM")]),
])
def test_a_brand_in_prose_yields_to_a_declared_name(text, expected):
    assert [(p.role, p.name) for p in extract_parties(normalize_text(text))] == expected


# A field word the contract defines as 甲方/乙方 (定作方:____(简称甲方)) names that party: its signature line further down
# (定作方:____) repeats it. A field word never so defined is still its own role.
@pytest.mark.parametrize("text, expected", [
    ("加工合同\n定作方:________(简称甲方)\n承揽方:________(简称乙方)\n一、乙方按期交付。\n定作方:________\n承揽方:________\n",
     [("party_a", "甲方"), ("party_b", "乙方")]),
    ("服务合同\n委托方(甲方):江城市第一中学\n一、乙方按期维护。\n委托方:________\n",
     [("party_a", "甲方")]),
    ("服务合同\n甲方:江城市第一中学\n一、乙方按期维护。\n定作方:________\n",
     [("party_a", "甲方"), ("customer", "定作方")]),
])
def test_a_field_word_defined_as_a_contract_party_is_that_party(text, expected):
    assert [(p.role, p.label) for p in extract_parties(normalize_text(text))] == expected


def test_a_tender_page_commits_nothing_yet_still_names_its_purchaser():
    """Our own tender page: the page-level tender test (commitment.filters.tender_register) silences every fact of
    the page, but the purchaser it names (采购人:X) is kept, as for a requirements chapter."""
    from pathlib import Path

    from extractor.app.api import extract_text
    from extractor.commitment.filters import commits_nothing_because
    from extractor.document.normalize import normalize
    from extractor.rules.lexicon import lexicon

    text = (Path(__file__).parent / "letters" / "blind2_negative_procurement.txt").read_text(encoding="utf-8")
    assert commits_nothing_because(normalize(text).text, lexicon())[0] == "tender_register"
    doc = extract_text(text)
    assert [(p.role, p.name) for p in doc.letters[0].parties] == [("purchaser", "江北新区行政审批局")]
    assert not doc.letters[0].timings and not doc.letters[0].penalties


def test_a_writer_defined_as_a_side_leaves_the_signature_its_promisor():
    # 我单位[乙方名称](以下简称"乙方")就…作出如下承诺: the slot is 乙方's (definition); the 承诺人 who signs is read too
    text = "承诺书\n我单位[乙方名称](以下简称“乙方”)就运维服务向贵单位作出如下承诺:\n一、2小时内响应。\n承诺人(盖章):\n"
    assert [(p.role, p.blank) for p in extract_parties(text)] == [("party_b", True), ("promisor", True)]


@pytest.mark.parametrize("text, expected", [
    # a cover page leaves the side's field empty, the body names it under the same word
    ("合同封面\n甲 方:\n乙 方:\n本合同的签署方\n甲方: 江城市第一人民医院\n乙方: ____________\n",
     [("party_a", "江城市第一人民医院"), ("party_b", None)]),
    ("承揽方(乙方):\n根据有关法规, (下简称甲方)与 江城数据科技有限公司 (下简称乙方)本着公平合理的原则签订本合同。\n",
     [("party_b", "江城数据科技有限公司"), ("party_a", None)]),
    ("服务合同\n甲方:\n乙方:\n\n甲方:江城市财政局\n乙方:江城智维科技有限公司\n",
     [("party_a", "江城市财政局"), ("party_b", "江城智维科技有限公司")]),
    ("采购人:____\n…\n采购人:江城市第二人民医院\n", [("purchaser", "江城市第二人民医院")]),
    ("承诺人:\n本人承诺如下。\n承诺人:江城数据科技有限公司\n", [("promisor", "江城数据科技有限公司")]),
    # counter-examples: a first name stays; a later blank (a signature block) adds nothing; another side's name is no fill
    ("甲方:江城市财政局\n乙方:江城智维科技有限公司\n甲方(盖章):\n乙方(盖章):\n",
     [("party_a", "江城市财政局"), ("party_b", "江城智维科技有限公司")]),
    ("甲方:江城市财政局\n甲方:江城市审计局\n", [("party_a", "江城市财政局")]),
    ("甲方: 乙方:江城长宽网络服务有限公司 (以下简称甲方)为甲方提供服务\n",
     [("party_a", None), ("party_b", "江城长宽网络服务有限公司")]),
])
def test_a_later_name_under_the_same_word_fills_an_empty_first_field(text, expected):
    assert [(p.role, p.name) for p in extract_parties(text)] == expected
