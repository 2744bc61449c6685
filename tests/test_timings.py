"""Timing extraction: rule examples, phrasing tables, negatives, hand-checked gold F1."""
import tomllib
from pathlib import Path

import pytest

from extractor.patterns import patterns_dir
from extractor.timings import extract_timings

ROOT = Path(__file__).resolve().parent
RULES = tomllib.loads((patterns_dir() / "timings.toml").read_text(encoding="utf-8"))["rule"]


@pytest.mark.parametrize("rule_id, text, expected",
                         [(r["id"], t, v) for r in RULES for t, v in r["examples"]])
def test_rule_examples(rule_id, text, expected):
    facts = [f for f in extract_timings(text) if f.rule == rule_id]
    assert facts, f"{rule_id} found nothing in {text!r}"
    for field, value in expected.items():
        actual = getattr(facts[0], field)
        assert actual == (pytest.approx(value) if isinstance(value, float) else value), field


@pytest.mark.parametrize("rule_id, text",
                         [(r["id"], t) for r in RULES for t in r.get("counter_examples", [])])
def test_rule_counter_examples(rule_id, text):
    assert [f for f in extract_timings(text) if f.rule == rule_id] == []


@pytest.mark.parametrize("text, kind, minutes, comparator", [
    ("接到报修电话后30分钟内响应", "response", 30, "<="),
    ("2小时内到达现场", "onsite", 120, "<="),
    ("24小时内排除故障", "resolution", 1440, "<="),
    ("4小时内恢复核心功能", "recovery", 240, "<="),
    ("故障处理完毕后24小时内提交故障报告", "report", 1440, "<="),
    ("调整内容需提前30日书面通知接收方", "notice", 43200, ">="),
    ("收到通知后7日内完成整改", "rectification", 10080, "<="),
    ("对合理诉求在48小时内给予答复", "reply", 2880, "<="),
    ("客户应在每月结束后30日内提出赔偿申请", "claim", 43200, "<="),
    ("数据传输延迟控制在50毫秒以内", "latency", 50 / 60000, "<="),
    ("恢复时间目标(RTO)不超过30分钟", "rto", 30, "<="),
    ("RPO≤15分钟", "rpo", 15, "<="),
    ("单次维护时间不超过4小时", "maintenance", 240, "<="),
    ("运行日志保存不少于180天", "retention", 259200, ">="),
    ("所投设备免费质保期为三年", "validity", 1576800, None),
    ("48小时内提供同型号备用设备", "other", 2880, "<="),
    ("复杂问题升级处理时限不超过1个工作日", "resolution", 1440, "<="),
    ("页面响应时间不超过3秒", "latency", 0.05, "<="),
])
def test_kinds(text, kind, minutes, comparator):
    [fact] = extract_timings(text)
    assert (fact.kind, fact.comparator) == (kind, comparator)
    assert fact.minutes == pytest.approx(minutes)
    assert fact.text == text[fact.span.start:fact.span.end]


@pytest.mark.parametrize("text, value, unit, minutes", [
    ("十五分钟内响应", 15, "minute", 15),
    ("两小时内到达现场", 2, "hour", 120),
    ("半小时内到达现场", 0.5, "hour", 30),
    ("七十二小时内彻底解决", 72, "hour", 4320),
    ("两(2)个月内完成整改", 2, "month", 86400),
    ("贰拾分钟内响应", 20, "minute", 20),
    ("提前叁个工作日通知采购人", 3, "business_day", 4320),
    ("1周内完成整改", 1, "week", 10080),
    ("一个季度内完成整改", 1, "quarter", 129600),
    ("半年内完成整改", 1, "half_year", 259200),
])
def test_numerals_and_units(text, value, unit, minutes):
    [fact] = extract_timings(text)
    assert (fact.value, fact.unit, fact.minutes) == (pytest.approx(value), unit, pytest.approx(minutes))


@pytest.mark.parametrize("text, kind, unit, comparator", [
    ("在__小时__内响应", "response", "hour", "<="),
    ("__小时内响应", "response", "hour", "<="),
    ("承诺方应在    小时内响应", "response", "hour", "<="),
    ("接到报修后(    )小时内到达现场", "onsite", "hour", "<="),
    ("于【  】日内完成整改", "rectification", "day", "<="),
    ("应提前[提前时间]通知接收方", "notice", None, ">="),
    ("提前__小时__通知接收方", "notice", "hour", ">="),
])
def test_blank_figures(text, kind, unit, comparator):
    [fact] = extract_timings(text)
    assert (fact.kind, fact.unit, fact.comparator, fact.blank) == (kind, unit, comparator, True)
    assert fact.value is None and fact.minutes is None


@pytest.mark.parametrize("text, hours", [
    ("配备7×24小时技术支持团队", "7x24"),
    ("提供7*24小时服务", "7x24"),
    ("远程专家支持为5×8小时", "5x8"),
    ("工作日9:00-18:00提供现场支持", "09:00-18:00"),
    ("每天8:30-17:30安排值班工程师", "08:30-17:30"),
])
def test_support_hours(text, hours):
    [fact] = extract_timings(text)
    assert (fact.kind, fact.hours, fact.minutes) == ("support_hours", hours, None)


def test_seven_by_twenty_four_counted_once():
    facts = extract_timings("提供7×24小时不间断技术支持")
    assert [(f.kind, f.hours) for f in facts] == [("support_hours", "7x24")]


@pytest.mark.parametrize("text, unit, minutes, blank", [
    ("每季度进行一次压力测试", "quarter", 129600, False),
    ("每日开展__________次安全检查", "day", 1440, True),
    ("每月至少进行一次全面检查", "month", 43200, False),
    ("每周进行一次数据备份恢复测试", "week", 10080, False),
    ("每半年组织一次应急演练", "half_year", 259200, False),
    ("每年进行一次服务能力升级", "year", 525600, False),
    ("每季度提交__份服务报告", "quarter", 129600, True),
])
def test_frequency(text, unit, minutes, blank):
    [fact] = extract_timings(text)
    assert (fact.kind, fact.unit, fact.minutes, fact.blank) == ("frequency", unit, minutes, blank)


def test_periodic_with_blank_period():
    [fact] = extract_timings("必须定期(每__天)进行服务水平连续性演练")
    assert (fact.kind, fact.unit, fact.minutes, fact.blank) == ("frequency", "day", None, True)


@pytest.mark.parametrize("text, tiers", [
    ("P1级(紧急)故障:15分钟内响应,1小时内到达现场;P2级(严重)故障:30分钟内响应", ["P1", "P1", "P2"]),
    ("一级故障响应时间不超过10分钟;二级故障响应时间不超过30分钟", ["一级", "二级"]),
    ("一般故障:十五分钟内响应;严重故障:5分钟内响应", ["一般", "严重"]),
])
def test_tiers(text, tiers):
    assert [f.tier for f in extract_timings(text)] == tiers


@pytest.mark.parametrize("text, event", [
    ("出现服务中断时,承诺方需在30分钟内启动应急响应", "服务中断"),
    ("对于复杂问题,将在8小时内提供解决方案", "复杂问题"),
    ("重大故障响应时间不超过2小时", "重大故障"),
    ("4小时内恢复核心功能", "核心功能"),
])
def test_events(text, event):
    [fact] = extract_timings(text)
    assert fact.event == event


def test_table_column_gives_kind():
    text = "级别 | 响应时限 | 解决时限\n一级 | 10分钟 | 2小时\n二级 | 30分钟 | 1个工作日"
    facts = extract_timings(text)
    assert [(f.kind, f.minutes, f.tier) for f in facts] == [
        ("response", 10, "一级"), ("resolution", 120, "一级"), ("response", 30, "二级"), ("resolution", 1440, "二级")]


@pytest.mark.parametrize("text", [
    "每5分钟为一个统计粒度,每5分钟检测一次",
    "服务周期总分钟数=12×24×天数",
    "HTTP状态码为5XX或503的请求计为失败请求",
    "提供100M端口带宽",
    "每超时1小时扣除当月服务费的1%",
    "每延迟一日按合同总额的0.5‰支付违约金",
    "若因承诺方原因导致服务中断超过24小时,需支付违约金",
    "若连续三个季度未达标,接收方有权解除合同",
    "至________年____月____日,完成服务现状评估",
    "本协议自2024年1月1日起生效",
    "合同签订后30日内支付首付款人民币5万元",
    "有效期至服务合同终止",
    "故障持续约3小时后逐步恢复",
    "如24小时内无法修复,则更换设备",
    "每月召开工作例会",
    "每月安全事件一次性处置率不低于95%",
    "乙方应在第三个工作日",
])
def test_not_timings(text):
    assert extract_timings(text) == []
