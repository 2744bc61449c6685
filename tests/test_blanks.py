"""Blank-field extraction: every rule's examples, tables of phrasings, negatives, gold."""
import json
from pathlib import Path

import pytest

from extractor.document.normalize import normalize_text
from extractor.families.blanks.extract import extract_blanks
from extractor.rules.patterns import load

RULES = load("blanks")
GOLD = Path(__file__).parent / "gold"
LETTERS = Path(__file__).parent / "letters"


def _only(text):
    found = extract_blanks(text)
    assert len(found) == 1, [(b.text, b.label, b.kind) for b in found]
    return found[0]


@pytest.mark.parametrize(
    "rule_id, text, blank_text, label",
    [(d["id"], *ex) for d in RULES["rule"] for ex in d["examples"]],
)
def test_detector_examples(rule_id, text, blank_text, label):
    found = [b for b in extract_blanks(text) if b.text == blank_text]
    assert found, f"{rule_id}: no blank {blank_text!r} in {text!r}"
    assert found[0].label == label


@pytest.mark.parametrize(
    "rule_id, text, label",
    [(r["id"], *ex) for r in RULES["label"] for ex in r["examples"]],
)
def test_label_rule_examples(rule_id, text, label):
    labels = [b.label for b in extract_blanks(text)]
    assert label in labels, f"{rule_id}: {labels}"


@pytest.mark.parametrize("text, label, kind", [
    ("承诺人签名:__________", "承诺人签名", "underline"),
    ("合同编号:________", "合同编号", "underline"),
    ("签订日期:________年____月____日", "签订日期", "date"),
    ("日期:    年  月  日", "日期", "date"),
    ("生效日期:20__年__月__日", "生效日期", "date"),
    ("甲方:[公司全称]", "公司全称", "placeholder"),
    ("乙方:【供应商名称】", "供应商名称", "placeholder"),
    ("可用性不低于【    】%", "可用性百分比", "placeholder"),
    ("接到通知后(    )分钟内响应", "响应时限", "placeholder"),
    ("月度可用性不低于    %", "可用性百分比", "spaces"),
    ("一般故障在    小时内恢复", "恢复时限", "spaces"),
    ("关于××公司的承诺", "公司名称", "stand_in"),
    ("XX项目", "项目名称", "stand_in"),
    ("承诺方(盖章):\n", "承诺方盖章", "empty_field"),
    ("联系电话:", "联系电话", "empty_field"),
    ("__服务类型__", "服务类型", "underline"),
    ("_接收方名称__________:", "接收方名称", "underline"),
    ("在__小时__内响应", "响应时限", "underline"),
    ("依据《_________合同法》", "法律名称", "underline"),
    ("符合GB/T__________标准", "标准编号", "underline"),
    ("每次罚款__元", "罚款金额", "underline"),
    ("支付违约金____元", "违约金金额", "underline"),
    ("按当月服务费的__%支付违约金", "违约金比例", "underline"),
    ("配备__名工程师", "人员数量", "underline"),
    ("每月巡检__次", "次数", "underline"),
    ("由__________机构评估", "机构名称", "underline"),
    ("__________部门负责", "部门名称", "underline"),
    ("甲方(采购人):________", "甲方名称", "underline"),
    ("(大写:__________)", "金额大写", "underline"),
    ("由__________(以下简称“乙方”)提供", "乙方名称", "underline"),
])
def test_phrasing_label_and_kind(text, label, kind):
    blank = _only(text)
    assert (blank.label, blank.kind) == (label, kind)


@pytest.mark.parametrize("text, blank_text", [
    ("____年__月__日", "____年__月__日"),
    ("__________年__________月__________日", "__________年__________月__________日"),
    ("__%__", "__%__"),
    ("_仲裁委员会__", "_仲裁委员会__"),
])
def test_compound_blank_is_one_slot(text, blank_text):
    assert _only(text).text == blank_text


@pytest.mark.parametrize("text, count", [
    ("处以__________元至__________元罚款", 2),
    ("在__小时内响应,并在__小时内恢复", 2),
    ("__________指标达到GB/T__________标准", 2),
    ("甲方代表(签字):            乙方代表(签字):", 2),
])
def test_neighbouring_blanks_stay_apart(text, count):
    assert len(extract_blanks(text)) == count


@pytest.mark.parametrize("text", [
    "详见《服务水平协议》(SLA)及相关附件。",
    "(1)服务可用性不低于99.9%;",
    "提供7×24小时技术支持,5XX错误率低于0.1%。",
    "服务可用性达到99.95%(具体数值依据协议合同填写)。",
    "甲方:北京某某科技有限公司\n乙方:杭州数联科技有限公司",
    "签订日期:2024年5月20日",
    "具体安排如下:\n1.每月巡检一次。",
    "第一条  服务内容",
    "变量名 user_id 与 max__len 不是空白。",
])
def test_not_a_blank(text):
    assert extract_blanks(text) == []


def test_span_and_context_point_at_the_blank():
    text = "承诺方:________\n日期:____年__月__日"
    for blank in extract_blanks(text):
        assert text[blank.span.start:blank.span.end] == blank.text
        assert blank.text in blank.context
        assert blank.clause is None and blank.line is None


def _gold_cases(sub):
    gold = json.loads((GOLD / sub / "blanks.json").read_text(encoding="utf-8"))
    return [(key, item) for key, items in gold.items() for item in items]


def _letter(key):
    if "#" in key:
        return normalize_text((LETTERS / key.split("#")[0]).read_text(encoding="utf-8"))
    return None


@pytest.mark.parametrize("key, item", _gold_cases("extra"), ids=lambda v: v if isinstance(v, str) else v["anchor"])
def test_extra_gold_blank_found(key, item):
    text = _letter(key)
    pos = -1
    for _ in range(item.get("occurrence", 0) + 1):
        pos = text.index(item["anchor"], pos + 1)
    end = pos + len(item["anchor"])
    hits = [b for b in extract_blanks(text) if b.span.start < end and pos < b.span.end
            and (b.label, b.kind) == (item["label"], item["kind"])]
    assert hits


@pytest.mark.parametrize("name", ["bp_filled.txt", "bp_bid.txt", "bp_news.txt"])
def test_filled_and_unrelated_letters_have_no_blanks(name):
    assert extract_blanks(normalize_text((LETTERS / name).read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("text, labels", [
    # The governing word nearest before the slot wins; the next clause's 违约金 does not leak in.
    ("可用性每低于承诺值1个百分点,扣减当月服务费的____%;响应超时的,每次支付违约金____元", ["扣减比例", "违约金金额"]),
    ("每超时1小时,扣除当季运维费的__%;累计超过3次的,另行支付违约金__元", ["扣减比例", "违约金金额"]),
    ("故障未按时恢复的,赔偿月度服务费的__%。另按合同约定支付违约金", ["赔偿比例"]),
    ("违约金为合同总额的__%,并以代金券形式补偿当月费用的__%", ["违约金比例", "赔偿比例"]),
    ("处以罚款,罚款为合同总额的__%", ["罚款比例"]),
    # Nothing before: the word right after the slot decides.
    ("按合同总额的__%支付违约金", ["违约金比例"]),
    ("按当月服务费的__%向客户赔偿", ["赔偿比例"]),
    ("甲方按当季服务费的__%扣减费用", ["扣减比例"]),
    ("处以合同总额__%的罚款", ["罚款比例"]),
    # A plain percentage is no penalty rate.
    ("增长率达到__%以上;违约金另计", ["百分比"]),
])
def test_penalty_rate_labels_follow_the_nearest_governing_word(text, labels):
    assert [b.label for b in extract_blanks(text)] == labels


@pytest.mark.parametrize("text, label", [
    ("乙方:________(盖章)\n中华民国___年__月__日", "签订日期"),
    ("承诺人:某某公司\n    ____年__月__日\n", "签订日期"),
    ("甲方(盖章)\n公元    年  月  日", "签订日期"),
    # Not alone on its line: the context says what the date is.
    ("本承诺自____年__月__日起生效", "生效日期"),
    ("日期:____年__月__日", "日期"),
])
def test_a_date_alone_on_its_line_is_the_signing_date(text, label):
    dates = [b for b in extract_blanks(text) if b.kind == "date"]
    assert [b.label for b in dates] == [label]


def test_an_underline_alone_on_its_line_is_not_labelled_a_date():
    assert [b.label for b in extract_blanks("正文。\n__________\n")] != ["签订日期"]


@pytest.mark.parametrize("text", [
    "尊敬的各合作单位:\n感谢贵单位一直以来的支持。",
    "集团各部门、各子公司:\n现将本季度运维考核结果通报如下。",
    "各县(市、区)教育局、各直属学校:\n为保障平台稳定运行,特作如下承诺。",
    "技术部、市场部、分公司:\n本周六凌晨进行机房割接。",
])
def test_an_addressee_line_is_not_an_empty_field(text):
    assert extract_blanks(text) == []


@pytest.mark.parametrize("text, label", [
    ("各部门负责人(签字):\n", "各部门负责人签字"),
    ("使用单位:\n", "使用单位"),
    ("正文完。\n承诺单位:\n", "承诺单位名称"),
])
def test_a_field_label_alone_on_its_line_is_still_an_empty_field(text, label):
    assert [(b.label, b.kind) for b in extract_blanks(text)] == [(label, "empty_field")]


@pytest.mark.parametrize("text, label", [
    ("到场时间不超过【  】小时", "到场时限"),
    ("现场工程师上门时限为____个工作日", "到场时限"),
    ("一般故障解决时间不超过(    )天", "解决时限"),
    ("故障排除时间不超过____小时", "恢复时限"),
    ("客户投诉回复时间:不超过__________个工作日", "答复时限"),
])
def test_a_slot_after_a_timing_noun_is_that_actions_time_limit(text, label):
    assert _only(text).label == label


@pytest.mark.parametrize("text, label", [
    ("故障响应时间≤____min", "响应时限"),
    ("故障恢复时间≤____h", "恢复时限"),
    ("现场到场时间<=____hours", "到场时限"),
    ("在____min内响应", "响应时限"),
    ("须在____h内恢复业务", "恢复时限"),
])
def test_latin_time_units_after_a_slot_count_like_chinese_ones(text, label):
    assert _only(text).label == label


@pytest.mark.parametrize("text", [
    "响应时间统计表____mail",
    "恢复时间≤____hz",
])
def test_latin_letters_that_are_no_time_unit_give_no_time_limit(text):
    assert not (_only(text).label or "").endswith("时限")


@pytest.mark.parametrize("text", [
    "到场时间为____年__月__日",
    "响应时间统计表编号为____",
    "恢复时间记录人:____",
])
def test_a_timing_noun_before_a_non_duration_slot_is_no_time_limit(text):
    assert not (_only(text).label or "").endswith("时限")


@pytest.mark.parametrize("text, labels", [
    ("甲方(盖章): | 乙方(盖章):", ["甲方盖章", "乙方盖章"]),
    ("授权代表(签字): | 授权代表(签字):\n", ["授权代表签字", "授权代表签字"]),
    ("日期: | 日期:", ["日期", "日期"]),
    ("法定代表人: | \n", ["法定代表人"]),
])
def test_a_table_cell_boundary_ends_an_empty_field_like_a_line_end(text, labels):
    assert [b.label for b in extract_blanks(text) if b.kind == "empty_field"] == labels


@pytest.mark.parametrize("text, labels", [
    ("签订日期: | 2024年3月1日", []),
    ("甲方(盖章): | 北京某某科技有限公司", []),
    ("联系人:张三 | 电话:", ["电话"]),
])
def test_a_field_whose_value_sits_in_the_next_cell_is_no_empty_field(text, labels):
    assert [b.label for b in extract_blanks(text) if b.kind == "empty_field"] == labels


@pytest.mark.parametrize("text", [  # issue 12 shapes that must stay words or codes
    "服务 年限为3年", "每 天巡检一次", "出生年月日", "订单号YDRH20xx", "5XX错误率", "城区范围 45 分钟",
    "XML格式", "带宽100M", "签订日期:2024年5月1日", "详见附件1。",
])
def test_new_blank_shapes_leave_words_and_codes_alone(text):
    assert extract_blanks(text) == []


# ---- rules as data: detectors are [[rule]] blocks, slot vetoes [[veto]] blocks, evidence ---------------------------
def test_detectors_are_rule_blocks_with_a_kind():
    from extractor.rules.schema import validate

    rules = validate("blanks", RULES).rule
    # A template's instruction in brackets first (its format's XX月XX日 is no date of its own), then the dates.
    assert [r.id for r in rules][:3] == ["bracket_instruction", "date_missing_parts", "date_skeleton"]
    assert all(r.kind for r in rules)


def test_a_slot_records_the_label_rule_that_named_it():
    [blank] = extract_blanks("于__小时内启动应急响应")
    assert (blank.label, blank.evidence.cues, blank.evidence.vetoes) == ("响应时限", ["deadline_response"], [])


def test_a_field_label_needs_no_label_rule():
    [blank] = extract_blanks("合同编号:________")
    assert blank.label == "合同编号" and blank.evidence.cues == []


def test_an_empty_field_passed_the_addressee_veto():
    [blank] = extract_blanks("法定代表人:\n")
    assert blank.kind == "empty_field" and blank.evidence.vetoes[0] == "addressee_line"


@pytest.mark.parametrize("text, heading_checked", [
    ("处理时间:\n", True), ("到达时间:\n", True),
    ("甲方:\n", False), ("乙方(专线租用方):\n", False), ("服务方(乙方):\n", False), ("委托方(甲方):\n", False),
    ("法定代表人:\n", False), ("授权代表:\n", False), ("甲 方:\n", False), ("联 系 人:\n", False),
])
def test_a_party_field_is_never_judged_a_heading(text, heading_checked):
    # The family states other_field only for labels that name no party and no signatory (blanks.toml [field]
    # signatory_words); heading_before_text asks for it.
    [blank] = extract_blanks(text)
    assert ("heading_before_text" in blank.evidence.vetoes) is heading_checked


@pytest.mark.parametrize("text, label", [
    ("联系电话:\n\n甲方和乙方可各自称为一方,或共同称为双方。", "联系电话"),
    ("联系人:\n联系电话;\n", "联系人"),
    ("传真:\n乙方依据本地标准及行业规范开展维护工作并接受甲方监督\n", "传真"),
])
def test_a_contact_field_above_text_is_still_empty(text, label):
    # The family states contact_field for a way to reach someone (blanks.toml [field] contact_words): no heading.
    blank = extract_blanks(text)[0]
    assert (blank.label, blank.kind) == (label, "empty_field")
    assert "heading_before_text" not in blank.evidence.vetoes


@pytest.mark.parametrize("text, kept", [
    ("甲方:\n\n乙方:\n\n现经甲乙双方友好协商,就维护事项达成协议。", ["甲方:", "乙方:"]),
    ("乙方(承租方):\n名称:\n地址:", ["名称:", "地址:"]),
    ("(3)服务请求处理时间:\na.一级请求:15分钟内响应", []),
    ("签订日期:\n\n2016年月日\n签订地点:\n", ["2016年月日", "签订地点:"]),
    ("法定代表人(签字):\n2024年10月8日", ["法定代表人(签字):"]),
])
def test_headings_and_next_line_values_are_not_empty_fields(text, kept):
    assert [b.text for b in extract_blanks(text)] == kept


def test_the_addressee_veto_applies_to_empty_fields_only():
    # 致X: is no slot; an underline run on the same kind of line still is one.
    assert extract_blanks("致各投标单位:\n") == []
    [blank] = extract_blanks("致__________:\n")
    assert blank.rule == "underline_run" and blank.evidence.vetoes == []


@pytest.mark.parametrize("change, message", [
    (lambda d: d["field"].pop("role_suffix"), r"^blanks\.toml:\[field\] role_suffix: Field required"),
    (lambda d: d["label"][0].update(lexicon="nouns"), r"^blanks\.toml:\[\[label\]\] defined_party lexicon: "),
    (lambda d: d["label"][0].pop("after"), r"^blanks\.toml:\[\[label\]\] defined_party: needs before or after$"),
])
def test_a_bad_label_table_names_file_and_key(change, message):
    import copy

    from extractor.families.blanks.tables import check_tables
    from extractor.rules.patterns import PatternError

    data = copy.deepcopy(dict(RULES))
    change(data)
    with pytest.raises(PatternError, match=message):
        check_tables(data)


@pytest.mark.parametrize(
    "rule_id, text",
    [(d["id"], ex) for d in RULES["rule"] for ex in d.get("counter_examples", [])],
)
def test_detector_counter_examples(rule_id, text):
    assert [b.text for b in extract_blanks(text) if b.rule == rule_id] == []
