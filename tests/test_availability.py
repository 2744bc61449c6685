"""Availability extraction: rule examples, phrasing tables, negatives, hand-checked gold."""
import tomllib

import pytest

from extractor.document.normalize import normalize_text
from extractor.families.availability.extract import extract_availability
from extractor.rules.patterns import load, patterns_dir

RULES = tomllib.loads((patterns_dir() / "availability.toml").read_text(encoding="utf-8"))["rule"]


@pytest.mark.parametrize("rule_id, text, expected",
                         [(r["id"], t, v) for r in RULES for t, v in r["examples"]])
def test_rule_examples(rule_id, text, expected):
    facts = [f for f in extract_availability(text) if f.rule == rule_id]
    assert len(facts) == 1
    if expected == "blank":
        assert facts[0].blank and facts[0].value is None
    else:
        assert facts[0].value == pytest.approx(expected) and not facts[0].blank


@pytest.mark.parametrize("rule_id, text",
                         [(r["id"], t) for r in RULES for t in r.get("counter_examples", [])])
def test_rule_counter_examples(rule_id, text):
    assert [f for f in extract_availability(text) if f.rule == rule_id] == []


@pytest.mark.parametrize("text, value, comparator, subject, period", [
    ("核心系统及服务的可用性不低于99.5%", 0.995, ">=", "核心系统及服务", None),
    ("云主机月度服务可用性不低于99.95%", 0.9995, ">=", "云主机服务", "month"),
    ("本服务的年度可用率达到99.9%", 0.999, ">=", "服务", "year"),
    ("季度在线率高于99%", 0.99, ">", None, "quarter"),
    ("系统可用性为99.99%", 0.9999, "=", "系统", None),
    ("平台可用性≥99.9%", 0.999, ">=", "平台", None),
    ("网络可用率保持在99.8%以上", 0.998, ">=", "网络", None),
    ("服务可用性不低于百分之九十九点五", 0.995, ">=", "服务", None),
    ("服务可用性不低于999‰", 0.999, ">=", "服务", None),
    ("承诺服务正常运行时间不低于99.5%", 0.995, ">=", "服务", None),
    ("在服务期内核心业务系统可用性不低于99%", 0.99, ">=", "核心业务系统", None),
])
def test_phrasings(text, value, comparator, subject, period):
    [fact] = extract_availability(text)
    assert (fact.value, fact.comparator, fact.subject, fact.period) == (pytest.approx(value), comparator, subject, period)
    assert fact.text == text[fact.span.start:fact.span.end]


@pytest.mark.parametrize("source, value", [
    ("服務可用性不低於99.9%", 0.999),          # traditional characters
    ("系统可用性不低于９９．９５％", 0.9995),     # full-width digits
])
def test_normalized_variants(source, value):
    [fact] = extract_availability(normalize_text(source))
    assert fact.value == pytest.approx(value)


@pytest.mark.parametrize("text", [
    "可用性不低于__%__", "服务可用性达到__________%", "系统可用性不低于    %", "系统可用性不低于【    】%",
    "系统可用性不低于(    )%",
])
def test_blank_figure(text):
    [fact] = extract_availability(text)
    assert fact.blank and fact.value is None and fact.comparator == ">="


def test_uptime_hours_converted_to_fraction():
    [fact] = extract_availability("全年无故障运行时间不少于8751小时")
    assert (fact.metric, fact.period, fact.comparator) == ("uptime_hours", "year", ">=")
    assert fact.value == pytest.approx(8751 / 8760)


@pytest.mark.parametrize("text", [
    "99% ≤ 月度可用性 < 99.9%",
    "99% > 月度服务可用性 ≥ 95%的,赔偿25%",
    "月度服务可用性低于99.9%但高于99%的,赔偿月度服务费的10%",
    "月度可用性在99%-99.9%之间的,赔偿10%",
    "可用性每低0.1%,扣除服务费1%",
    "数据持久性99.9999999%(11个9)",
    "某一统计粒度内错误率大于0.01%的分钟视为不可用",
    "每年投入不低于服务合同总额的10%用于技术研发",
    "工单处理占比60%,满意度不低于95%",
    "保证可用性,提升服务质量",
    "服务中断率不高于千分之二",
    "服务可用性=(总分钟数-不可用分钟数)/总分钟数×100%",
])
def test_not_availability(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text", [
    "举例说明:某实例于2024年3月共有50分钟不可用,则当月服务可用性为99.89%",
    "例如:某月不可用时间为43分钟,则该月可用性为99.9%",
    "假设当月累计中断60分钟,则月度服务可用性=99.86%",
    "计算示例:30天的自然月内不可用时长为100分钟时,可用率为99.77%",
])
def test_worked_examples_are_not_commitments(text):
    assert extract_availability(text) == []


def test_example_word_before_a_bound_is_still_a_commitment():
    [fact] = extract_availability("关键业务系统(例如核心数据库)的可用性不低于99.99%")
    assert (fact.value, fact.comparator) == (pytest.approx(0.9999), ">=")


@pytest.mark.parametrize("text", [
    "报告显示,今年第一季度全市政务云平台平均可用性达到99.95%,较去年同期提升0.02个百分点",
    "上半年平台平均可用性达到99.95%,同比提升0.1个百分点",
    "据了解,该服务商的服务等级协议承诺月度可用性为99.95%",
    "网络可用率由去年的99.5%提升至99.9%",
])
def test_reported_levels_are_not_commitments(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text, value", [
    ("去年平台可用性偶有波动,乙方承诺本年度服务可用性不低于99.95%", 0.9995),
    ("全年平均可用性不低于99.9%", 0.999),
    ("与去年同期相比,我方保证核心系统可用率不低于99.99%", 0.9999),
])
def test_commitments_near_statistics_words_stay(text, value):
    facts = extract_availability(text)
    assert facts and facts[0].value == pytest.approx(value)


@pytest.mark.parametrize("text, value, subject, period", [
    ("互联网专线端口月可用率不低于99.95%", 0.9995, "互联网专线端口", "month"),
    ("核心交换机年可用性不低于99.99%", 0.9999, "核心交换机", "year"),
    ("保固期内每月系统妥善率应达99.5%以上", 0.995, "系统", "month"),
    ("主机系统妥善率不低于99%", 0.99, "主机系统", None),
])
def test_short_periods_and_taiwan_wording(text, value, subject, period):
    [fact] = extract_availability(text)
    assert (fact.value, fact.subject, fact.period) == (pytest.approx(value), subject, period)


@pytest.mark.parametrize("text, values", [
    ("服务可用性达到99.9%(去年为99.5%)", [0.999]),
    ("鉴于去年发生多次中断,本年度服务可用性达到99.9%", [0.999]),
    ("上半年,平台平均可用性达到99.95%", []),
])
def test_statistics_markers_reach_only_nearby_clauses(text, values):
    assert [f.value for f in extract_availability(text)] == pytest.approx(values)


@pytest.mark.parametrize("text, value, subject, period", [
    ("云存储服务可用性每月不低于99.95%", 0.9995, "云存储服务", "month"),
    ("核心交换网络可用率全年不低于99.99%", 0.9999, "核心交换网络", "year"),
    ("视频会议平台在线率每季度不低于99.5%", 0.995, "视频会议平台", "quarter"),
    ("托管业务可用性月度不低于99.9%", 0.999, "托管业务", "month"),
])
def test_period_word_between_metric_and_comparator(text, value, subject, period):
    [fact] = extract_availability(text)
    assert (fact.value, fact.comparator, fact.subject, fact.period) == (pytest.approx(value), ">=", subject, period)


@pytest.mark.parametrize("text, value, period", [
    ("仓储管理系统可用率不低于99.5%(月度)。", 0.995, "month"),
    ("一般系统可用性不低于99.9%(月度)", 0.999, "month"),
    ("平台可用性≥99.95%(按自然月统计)", 0.9995, "month"),
    ("核心网络可用率达到99.99%以上(年度)", 0.9999, "year"),
    ("门户网站在线率不低于99%(每季度)", 0.99, "quarter"),
    ("业务系统可用性不低于99.9%(含计划维护)", 0.999, None),   # a bracket without a period word
])
def test_period_in_brackets_after_the_figure(text, value, period):
    [fact] = extract_availability(text)
    assert (fact.value, fact.period) == (pytest.approx(value), period)


@pytest.mark.parametrize("text", [
    "月可用率未达99.9%但达99.5%者,以当月服务费之5%抵免",   # band of a credit tier
    "系统可用性未达到99.95%的,按下表扣减服务费",             # failed condition
    "平台可用率未能达到99%时,乙方应支付违约金",
    "可用性每月每低于0.1%,扣减服务费的1%",                  # period word, then a decrement step
])
def test_negated_or_stepped_levels_are_not_commitments(text):
    assert extract_availability(text) == []


ELLIPTICAL = tomllib.loads((patterns_dir() / "availability.toml").read_text(encoding="utf-8"))["elliptical"]


@pytest.mark.parametrize("text, values", ELLIPTICAL["examples"] + ELLIPTICAL["counter_examples"])
def test_elliptical_rule_examples(text, values):
    assert [f.value for f in extract_availability(text)] == pytest.approx(values)


@pytest.mark.parametrize("text, expected", [
    ("门户网站可用率不低于99.9%,重大活动保障期间不低于99.99%。",
     [(0.999, "门户网站", None), (0.9999, "门户网站", None)]),
    ("云主机月度可用性≥99.95%,季度≥99.97%", [(0.9995, "云主机", "month"), (0.9997, "云主机", "quarter")]),
    ("生产系统可用率达到99.99%以上,灾备系统达到99.9%以上;", [(0.9999, "生产系统", None), (0.999, "灾备系统", None)]),
])
def test_elliptical_second_level_keeps_the_metric(text, expected):
    facts = extract_availability(text)
    assert [(f.value, f.subject, f.period) for f in facts] == [(pytest.approx(v), s, p) for v, s, p in expected]
    assert all(f.comparator == ">=" for f in facts)


@pytest.mark.parametrize("text, expected", [
    ("核心业务可用率不低于99.99%,一般业务99.9%", [(0.9999, ">=", "核心业务"), (0.999, ">=", "一般业务")]),
    ("专线可用率为99.9%,备用线路99.5%。", [(0.999, "=", "专线"), (0.995, "=", "备用线路")]),
    ("平台可用性≥99.95%,节假日期间99.9%", [(0.9995, ">=", "平台"), (0.999, ">=", "平台")]),
])
def test_elliptical_level_without_a_comparator_keeps_the_one_before(text, expected):
    facts = extract_availability(text)
    assert [(f.value, f.comparator, f.subject) for f in facts] == [(pytest.approx(v), c, s) for v, c, s in expected]


@pytest.mark.parametrize("text, values", [
    ("网络可用率不低于99.9%,用户满意度不低于95%", [0.999]),       # another KPI names its metric
    ("系统可用性不低于99.9%,巡检完成率100%", [0.999]),
    ("可用率不低于99.9%,节假日期间不低于99.5%的承诺以附件为准", [0.999]),  # the clause goes on
    ("数据持久性99.9999999%,备份期间不低于99%", []),                # no availability before it
])
def test_no_elliptical_level_without_a_parallel_clause(text, values):
    assert [f.value for f in extract_availability(text)] == pytest.approx(values)


@pytest.mark.parametrize("text, value, period", [
    ("每台大型设备年开机率不低于95%", 0.95, "year"),
    ("CT、MRI等设备月开机率≥97%", 0.97, "month"),
    ("保修期内设备开机率不低于98%", 0.98, None),
])
def test_equipment_uptime_rate_is_availability(text, value, period):
    [fact] = extract_availability(text)
    assert (fact.value, fact.period) == (value, period)


@pytest.mark.parametrize("text", [
    "在实验室测试中,系统可用性达到99.999%",
    "经第三方测试,平台可用率达到99.99%",
    "实测数据表明服务可用性为99.995%",
    "开机率每低于承诺值1个百分点,扣减维保费2%",
])
def test_test_results_and_decrements_are_not_commitments(text):
    assert extract_availability(text) == []


def test_a_bound_survives_a_test_marker():
    [fact] = extract_availability("经压力测试验证后,乙方承诺系统可用性不低于99.9%")
    assert fact.value == 0.999


@pytest.mark.parametrize("text", [
    "8月份平台可用性为99.91%,较7月份下降0.04个百分点",
    "三季度核心系统可用率达到99.97%,较二季度提升0.02个百分点",
    "2024年云平台服务可用性为99.92%,较2023年提升0.05个百分点",
    "本月网络在线率为99.6%,比上月下降0.3个百分点",
    "上季度平台可用性为99.95%,较上一季度持平",
])
def test_comparison_with_an_earlier_period_is_a_statistic(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text, values", [
    ("乙方承诺月度可用性不低于99.9%,较上一合同期提高0.1个百分点", [0.999]),  # a bound stays
    ("服务可用性为99.95%", [0.9995]),
    ("系统可用性不低于99.9%,较大故障应在4小时内恢复", [0.999]),             # 较大 is no comparison
])
def test_commitments_without_a_period_comparison_stay(text, values):
    assert [f.value for f in extract_availability(text)] == pytest.approx(values)


@pytest.mark.parametrize("text", [
    "与会人员对是否将平台可用性提高至99.99%进行了讨论",
    "核心系统可用率是否设为99.99%,待下次会议确定",
    "各方就年度可用性定为99.95%还是99.9%进行了讨论,未形成一致意见",
    "平台可用性目标为99.9%,具体指标尚未确定",
])
def test_questions_and_undecided_discussions_are_not_commitments(text):
    assert extract_availability(text) == []


def test_whatever_the_case_still_commits():
    [fact] = extract_availability("无论是否节假日,系统可用性均不低于99.9%")
    assert fact.value == pytest.approx(0.999)


@pytest.mark.parametrize("text", [
    "Q3:可用性99.95%和99.99%差别大吗?",
    "问:贵司能否承诺可用性不低于99.9%?",
    "Q12:月度可用性99.9%对应多少不可用时间?",
    "云主机可用性能达到99.99%吗?",
    "数据库可用性为99.95%,是怎么计算的呢?",
])
def test_direct_questions_are_not_commitments(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text, value", [
    ("A:我方承诺可用性不低于99.95%。", 0.9995),
    ("问:能保证多少?\n答:系统可用性不低于99.9%", 0.999),
    ("问题处理:系统可用性不低于99.9%", 0.999),            # 问题 is no Q&A marker
])
def test_answers_and_statements_near_questions_stay(text, value):
    assert [f.value for f in extract_availability(text)] == [pytest.approx(value)]


@pytest.mark.parametrize("text, value, period", [
    ("灾备平台的月度服务可用性(Monthly Uptime Percentage)不低于99.95%", 0.9995, "month"),
    ("云数据库可用性(SLA)不低于99.99%", 0.9999, None),
    ("专线可用率(Availability)≥99.9%", 0.999, None),
    ("对象存储可用性(按自然月统计)不低于99.9%", 0.999, "month"),
    ("平台可用性(即系统正常提供服务的时间占比)达到99.5%以上", 0.995, None),
])
def test_a_bracketed_gloss_after_the_metric_keeps_the_link(text, value, period):
    [fact] = extract_availability(text)
    assert (fact.value, fact.comparator, fact.period) == (pytest.approx(value), ">=", period)


@pytest.mark.parametrize("text", [
    "99% ≤ 月度服务可用性(SLA) < 99.9%",                 # a band stays a band
    "月度服务可用性(SLA)低于99.9%但不低于99%的,赔偿10%",  # a credit band after a gloss
    "服务可用性(Service Availability)的计算方法见附件",
])
def test_a_bracket_does_not_make_a_commitment(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text, expected", [
    ("标准型实例的月度服务可用性不低于99.95%,性能保障型实例不低于99.99%",
     [(0.9995, "服务", "month"), (0.9999, "性能保障型实例", "month")]),
    ("通用型主机的年度可用性不低于99.9%,高性能型主机不低于99.95%",
     [(0.999, "通用型主机", "year"), (0.9995, "高性能型主机", "year")]),
    ("基础版集群季度可用率≥99.5%,性能增强版集群≥99.9%",
     [(0.995, "基础版集群", "quarter"), (0.999, "性能增强版集群", "quarter")]),
    ("共享型实例可用性不低于99.9%,性能独享型实例不低于99.99%",
     [(0.999, "共享型实例", None), (0.9999, "性能独享型实例", None)]),
])
def test_elliptical_level_whose_subject_starts_with_xingneng(text, expected):
    facts = extract_availability(text)
    assert [(f.value, f.subject, f.period) for f in facts] == [(pytest.approx(v), s, p) for v, s, p in expected]


@pytest.mark.parametrize("text", [
    "服务可用性不低于99.9%,系统性能不低于90%",
    "平台可用率≥99.9%,数据库性能 ≥95%",
])
def test_performance_as_the_second_metric_is_no_level(text):
    assert [f.value for f in extract_availability(text)] == [pytest.approx(0.999)]


@pytest.mark.parametrize("text", [
    "我市政务云二期项目完成招标 服务可用性要求提升至99.99%",
    "核心系统可用率目标提高到99.95%",
    "全省政务外网可用性由99.5%提升至99.9%",
    "云平台服务可用性进一步提升到99.98%",
])
def test_a_change_verb_between_metric_and_figure_reports(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text, value", [
    ("乙方承诺将服务可用性提升至99.99%", 0.9999),
    ("系统可用性应提高到99.95%以上", 0.9995),
])
def test_a_committed_change_stays(text, value):
    assert [f.value for f in extract_availability(text)] == [pytest.approx(value)]


@pytest.mark.parametrize("text", [
    "平台年均可用性达到99.97%,较建设初期提升0.3个百分点",
    "系统可用率为99.95%,较上线之初提高0.2个百分点",
    "门户网站可用性达到99.9%,比改造前提升明显",
    "平台可用性为99.96%,较项目启动伊始有较大提升",
])
def test_comparison_with_an_earlier_project_stage_is_a_statistic(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text", [
    "本报讯(记者 林晓岚)日前,市政务云二期项目招标完成。\n二期项目可用性为99.99%。",
    "新华社北京5月3日电 某云服务商称其平台可用性达到99.995%。",
    "某数据中心全年可用性达到99.99%。\n(责任编辑:周敏)",
])
def test_a_news_article_commits_nothing(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text", [
    "“今年平台可用性达到了99.99%。”数据局一位负责人告诉记者",
    "该负责人介绍说:“系统可用率达到99.9%,运行平稳。”",
    "“核心系统可用性保持在99.95%以上,”他表示,",
])
def test_quoted_speech_is_no_commitment(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text, value", [
    ("我方承诺:“系统可用性不低于99.9%。”", 0.999),
    ("乙方郑重承诺:“平台可用率达到99.95%以上”,并表示将严格执行", 0.9995),
    ("“云主机”服务可用性不低于99.95%,详见说明", 0.9995),
])
def test_quotes_that_are_the_letters_own_promise_stay(text, value):
    assert [f.value for f in extract_availability(text)] == [pytest.approx(value)]


@pytest.mark.parametrize("text", [
    "第五章 采购需求\n二、服务要求(投标人须逐条响应,标注★的为实质性要求)\n★1. 可用性要求:平台年可用率不低于99.9%。",
    "用户需求书\n1. 系统全年可用性不低于99.95%。\n四、评分标准\n可用率高于需求的得2分。",
])
def test_a_tenders_requirements_chapter_commits_no_availability(text):
    assert extract_availability(text) == []


@pytest.mark.parametrize("text", [
    "第五章 采购需求\n投标人须逐条响应。\n服务承诺函\n我公司承诺平台年可用率不低于99.9%。",
    "附件一 采购需求\n投标人须逐条响应。\n乙方保证平台年可用率不低于99.9%。",
])
def test_a_bid_quoting_the_requirements_keeps_its_availability(text):
    assert [f.value for f in extract_availability(text)] == [0.999]


@pytest.mark.parametrize("text, values", [
    ("主题:回复:指标确认\n核心系统月度可用性不低于99.95%。\n\n> 发件人:李工\n> 1. 核心系统月度可用性不低于99.9%;\n",
     [0.9995]),
    ("在xxx写道:\n> 月度可用性不低于99.9%\n现确认月度可用性不低于99.95%。", [0.9995]),
    ("原第一条“月度可用性不低于99.9%”修改为“月度可用性不低于99.95%”。", [0.9995]),
    ("将月度可用性指标由99.9%调整为月度可用性不低于99.95%。", [0.9995]),
])
def test_superseded_text_gives_no_availability(text, values):
    assert [f.value for f in extract_availability(text)] == values


@pytest.mark.parametrize("text, values", [
    ("> 提示:本服务月度可用性不低于99.9%。", [0.999]),          # a Markdown note in a document quoting no e-mail
    ("乙方承诺“月度可用性不低于99.9%”。", [0.999]),
])
def test_current_text_keeps_its_availability(text, values):
    assert [f.value for f in extract_availability(text)] == values


@pytest.mark.parametrize("text, values", [
    ("## v3.3\n- 在内部压测中,服务可用性达到99.99%。\n本 SDK 按现状提供,不构成任何服务承诺。", []),
    ("- 服务可用性达到99.99%,较上一版本提升0.02个百分点。", []),   # a comparison with an earlier release
    ("服务可用性不低于99.95%。备注中的同步延迟数据仅为估计,本条不构成承诺。", [0.9995]),  # a scoped disclaimer
])
def test_disclaimed_documents_and_release_comparisons_report(text, values):
    assert [f.value for f in extract_availability(text)] == values


# ---- '|' tables whose header names the metric (availability.toml [table]) -----------------------------------------
TABLE = load("availability")["table"]


@pytest.mark.parametrize("text, values", TABLE["examples"] + TABLE["counter_examples"])
def test_table_levels_under_a_metric_header(text, values):
    assert [f.value for f in extract_availability(text)] == [pytest.approx(v) for v in values]


# ---- rules as data: vetoes applied by the engine, cues, evidence, the family's own tables ---------------------------
def test_a_rule_fact_lists_the_vetoes_it_passed_and_the_cue_that_placed_it():
    [fact] = extract_availability("专线端口月可用率不低于99.95%")
    assert fact.period == "month"
    assert fact.evidence.cues == ["short_period.month"]
    assert fact.evidence.vetoes == ["complement", "band_before", "band_after", "below_threshold", "no_credit_tier"]


def test_a_period_in_brackets_is_its_cue():
    [fact] = extract_availability("可用率不低于99.5%(月度)")
    assert (fact.period, fact.evidence.cues) == ("month", ["period_after"])


def test_a_period_word_before_the_metric_needs_no_cue():
    [fact] = extract_availability("月度服务可用性不低于99.95%")
    assert (fact.period, fact.evidence.cues) == ("month", [])


def test_an_elliptical_level_records_its_time_lead_and_metric_veto():
    first, second = extract_availability("系统可用率≥99.8%,寒暑假期间≥99.5%")
    assert second.evidence.cues == ["time_lead"] and second.evidence.vetoes == ["other_metric"]
    assert second.subject == first.subject
    _, third = extract_availability("核心业务可用率不低于99.99%,一般业务不低于99.9%")
    assert third.evidence.cues == [] and third.subject == "一般业务"


def test_every_row_of_a_long_piped_table_shares_its_header():
    rows = "".join(f"版本{i} | 不低于99.{90 + i}% |\n" for i in range(12))
    text = "产品版本 | 服务可用性 |\n" + rows + "\n说明:以上为月度指标。\n版本X | 99.5% |\n"
    values = [f.value for f in extract_availability(text)]
    assert values == [pytest.approx(float(f"0.99{90 + i}")) for i in range(12)]  # not the row after the table


def test_a_table_level_passed_the_credit_table_veto():
    [fact] = extract_availability("| 产品 | 月度可用性 |\n| 消息队列 | 不低于99.95% |")
    assert fact.rule == "availability_table" and fact.evidence.vetoes == ["credit_table", "statistic_column"]


def test_credit_words_outside_the_header_rows_do_not_make_a_credit_table():
    # The veto's regex sees the whole document; its hook looks only at the table's own header rows.
    text = "违约金另行约定。\n\n| 产品 | 月度可用性 |\n| 消息队列 | 不低于99.95% |"
    assert [f.value for f in extract_availability(text)] == [pytest.approx(0.9995)]


def test_a_bad_family_table_names_file_section_and_key():
    from extractor.families.availability.data import check_tables
    from extractor.rules.patterns import PatternError

    data = dict(load("availability"))
    data["table"] = {k: v for k, v in data["table"].items() if k != "cell"}
    with pytest.raises(PatternError, match=r"^availability\.toml:\[table\] cell: Field required"):
        check_tables(data)
    data = dict(load("availability"), comparator={"bound": ["≥"], "bounds": []})
    with pytest.raises(PatternError, match=r"^availability\.toml:\[comparator\] bounds: "):
        check_tables(data)


# ---- veto hooks (extractor/rules/vetoes.py): a named Python check for what a regex cannot judge --------------------
def _hooked_set(hook_name):
    from extractor.rules.patterns import compile_rule
    from extractor.rules.schema import VetoBlock
    from extractor.rules.vetoes import Veto, VetoSet

    block = VetoBlock(id="odd", where="before", window=4, regex="第$", hook=hook_name, examples=["第3次"])
    return VetoSet("hooktest", (Veto("hooktest", block, compile_rule("test", block.regex)),))


def test_a_hooked_veto_fires_only_when_its_regex_matches_and_its_hook_agrees():
    from extractor.rules.vetoes import register_hook

    calls = []

    def odd_figure(text, start, end):
        calls.append(text[start:end])
        return int(text[start:end]) % 2 == 1

    register_hook("hooktest", "odd_figure", odd_figure)
    vetoes_ = _hooked_set("odd_figure")
    assert vetoes_.first("第3次", 1, 2).veto == "odd"
    checked = []
    assert vetoes_.first("第4次", 1, 2, checked=checked) is None and checked == ["odd"]
    assert vetoes_.first("每3次", 1, 2) is None
    assert calls == ["3", "4"]  # the hook is not asked when the regex does not match


def test_an_unregistered_hook_names_file_block_and_hook():
    from extractor.rules.patterns import PatternError

    with pytest.raises(PatternError, match=r"hooktest\.toml:\[\[veto\]\] odd: no hook 'missing'"):
        _hooked_set("missing").first("第3次", 1, 2)


def test_the_schema_accepts_a_hook_name_and_refuses_a_wrong_type():
    from extractor.rules.patterns import PatternError
    from extractor.rules.schema import validate

    block = {"id": "x", "where": "before", "regex": "a", "examples": ["a"], "hook": "h"}
    assert validate("availability", {"veto": [block]}).veto[0].hook == "h"
    with pytest.raises(PatternError, match=r"\[\[veto\]\] x: hook"):
        validate("availability", {"veto": [dict(block, hook=3)]})


@pytest.mark.parametrize("text", [
    "乙方承诺双路供电可用性不低于99.99%(按自然月计算)单路供电可用性不低于99.9%。",  # the comma lost (OCR, a flat page)
    "乙方承诺双路供电可用性不低于99.99%(按自然月计算),单路供电可用性不低于99.9%。",
])
def test_a_glossed_level_keeps_its_period_to_itself(text):
    """The gloss after a level names that level's period, not the next one's (availability.toml glossed_level)."""
    assert [(f.value, f.period) for f in extract_availability(text)] == [(0.9999, "month"), (0.999, None)]


@pytest.mark.parametrize("text, value, comparator", [
    ("我们保证专线可用性至少为 99.9%", 0.999, ">="),
    ("我们保证站点恢复服务至少有 99.9% 的可用性", 0.999, ">="),
    ("我们承诺事务的可用性高达 99.9%", 0.999, "="),       # as high as: the figure, no bound
    ("服务可用性达99.9%", 0.999, ">="),                 # reached: at least
    ("我们保证网关至少在 99.9% 的时间内都可用", 0.999, ">="),
    ("我们保证在 99.9% 的时间里,已部署的中心能够接收消息", 0.999, "="),
])
def test_bound_words_of_translated_slas(text, value, comparator):
    [fact] = extract_availability(text)
    assert (fact.value, fact.comparator) == (value, comparator)


@pytest.mark.parametrize("text, levels", [
    # levels one a line under a heading naming the metric; a threshold heading bounds them all
    ("可用性承诺如下:\n月度:99.95%\n年度:99.99%", [(0.9995, "=", "month"), (0.9999, "=", "year")]),
    ("服务\nUptime Percentage Threshold\n按自然月计算的短信服务。\n每月 99.95%\n每年 99.9%",
     [(0.9995, ">=", "month"), (0.999, ">=", "year")]),
    ("各产品可用性承诺:\n云主机:99.95%\n用户满意度:95%\n数据持久性:99.9999%", [(0.9995, "=", None)]),
])
def test_levels_listed_one_a_line_under_their_metric(text, levels):
    assert [(f.value, f.comparator, f.period) for f in extract_availability(text)] == levels


@pytest.mark.parametrize("text, value, comparator", [
    ("本公司确保提供99.9%以上的网络可用性", 0.999, ">="),    # 以上 after the figure bounds it
    ("提供每月99.95%的网路可用率保证", 0.9995, "="),     # Taiwan 網路, normalized
    ("针对付费客户提供99.9%的服务品质保证", 0.999, "="),  # the Chinese name of an SLA
    ("每月正常运作时间百分比不低于99.9%", 0.999, ">="),       # HK/Taiwan 正常運作時間
    ("网站 uptime 不低于 99.9%", 0.999, ">="),              # the English word in a Chinese sentence
    ("服务可用性 Service Availability: 99.95%", 0.9995, "="),
    ("可用性达到四个9(99.99%)", 0.9999, ">="),               # the nines before the figure
    ("乙方保证系统全年可用时间不少于99.9%", 0.999, ">="),
])
def test_other_wordings_of_a_level(text, value, comparator):
    [fact] = extract_availability(text)
    assert (fact.value, fact.comparator) == (value, comparator)


@pytest.mark.parametrize("text", [
    "| 服务 | Monthly Uptime Percentage |\n| 短信 | 99.9% |",
    "服务\nUptime\n短信服务\n99.9%\n语音服务\n99.95%",
])
def test_an_english_metric_header_names_a_tables_levels(text):
    assert [f.value for f in extract_availability(text)][:1] == [0.999]


@pytest.mark.parametrize("text", [
    "Monthly Uptime Percentage | Days of Service Compensation |\n99.9% | 3 |",
    "约有60%的可用时间用于批处理",
    "可用性达到99.9%以上的不予赔偿;低于99.9%的按10%赔偿",
    "服务抵扣的保证金为99%的服务质量保证金",
])
def test_no_level(text):
    assert extract_availability(text) == []
