"""Tables flattened to one cell per line (extractor/rules/flat_tables.py) and what the families read from them:
penalties' credit tiers (patterns/penalties.toml [stacked])."""
from __future__ import annotations

import re

import pytest

from extractor.families.availability.extract import extract_availability
from extractor.families.penalties.extract import extract_penalties
from extractor.rules.flat_tables import cell_of, shape_of, stacked_column
from extractor.rules.patterns import load

PENALTIES = load("penalties")["stacked"]
AVAILABILITY = load("availability")["stacked"]


def _tier(fact) -> dict:
    out = {"kind": fact.kind}
    for key in ("rate", "credit_days", "trigger"):
        if getattr(fact, key) is not None:
            out[key] = getattr(fact, key)
    if fact.band is not None:
        out["lo"] = "-" if fact.band.low is None else fact.band.low
        out["hi"] = "-" if fact.band.high is None else fact.band.high
    return out


@pytest.mark.parametrize("text, expected", PENALTIES["examples"])
def test_each_credit_cell_of_a_stacked_credit_table_is_a_tier(text, expected):
    assert [_tier(f) for f in extract_penalties(text)] == expected


@pytest.mark.parametrize("text", PENALTIES["counter_examples"])
def test_no_tier_without_a_credit_column_or_regular_rows(text):
    assert [f for f in extract_penalties(text) if f.rule == "credit_table_stacked" or f.band is not None] == []


@pytest.mark.parametrize("text, expected", AVAILABILITY["examples"])
def test_each_lone_level_under_an_availability_header_is_a_level(text, expected):
    assert [f.value for f in extract_availability(text)] == expected


@pytest.mark.parametrize("text", AVAILABILITY["counter_examples"])
def test_no_level_from_a_credit_table_another_measure_or_irregular_rows(text):
    assert extract_availability(text) == []


def test_a_stacked_level_keeps_its_bound_and_the_headers_period():
    [fact] = extract_availability("规格\n年度服务可用性\n标准版\n不低于99.9%\n")
    assert (fact.value, fact.comparator, fact.period, fact.rule) == (0.999, ">=", "year", "availability_table")


def test_a_cell_is_read_without_its_markup_and_a_markup_line_is_no_cell():
    text = '  <td style={{ margin: 0 }}><p>低于 99% </p></td>\n<tr class="row">\n'
    cell = cell_of(text, 0, text.index("\n"))
    assert cell is not None and cell.text == "低于 99%" and text[cell.start:cell.end] == "低于 99%"
    second = text.index("\n") + 1
    assert cell_of(text, second, len(text) - 1) is None


def test_the_column_header_stands_above_the_figure_in_html_and_in_plain_lines():
    shape = shape_of("penalties", "stacked")
    plain = "区域\n中断时长\n补偿天数\n华东\n不足1小时\n3天\n华南\n1至4小时\n7天\n"
    marked = "<table>\n<tr>\n" + "".join(f"<td>{line}</td>\n" if line else "</tr>\n<tr>\n" for line in
                                       ["区域", "中断时长", "补偿天数", "", "华东", "不足1小时", "3天", "",
                                        "华南", "1至4小时", "7天"]) + "</tr>\n</table>\n"
    for text in (plain, marked):
        found = [stacked_column(text, m.start(), shape) for m in re.finditer(r"\d天", text)]
        assert [(c.header, c.headers, [cell.text for cell in c.row]) for c in found] == [
            ("补偿天数", ("区域", "中断时长", "补偿天数"), ["华东", "不足1小时", "3天"]),
            ("补偿天数", ("区域", "中断时长", "补偿天数"), ["华南", "1至4小时", "7天"])]


def test_a_numbered_list_or_prose_lines_are_no_table():
    shape = shape_of("penalties", "stacked")
    for text in ("赔偿标准:\n1. 中断时长\n2. 补偿天数\n3. 不足1小时\n4. 3天\n",
                 "乙方承诺中断时长不超过1小时,\n否则补偿天数为3天。\n"):
        assert [stacked_column(text, m.start(), shape) for m in re.finditer(r"\d天", text)] == [None]


# ---- other flattened shapes: columns set apart by tabs or spaces, markdown flattened onto one line ----------------
@pytest.mark.parametrize("text", [
    "可用性等级\t补偿比例\n低于99.9%但不低于99%\t12%\n低于99%\t35%\n",
    "月度可用性            补偿比例\n低于99.9%但不低于99%     12%\n低于99%                 35%\n",
    "| 月度可用性 | 补偿比例 | |---|---| | 低于99.9%但不低于99% | 12% | | 低于99% | 35% |\n",
])
def test_a_credit_table_in_spaced_tabbed_or_flattened_markdown_columns_gives_its_tiers(text):
    from extractor.document.normalize import normalize_text

    tiers = [(f.kind, f.rate, f.band.low, f.band.high) for f in extract_penalties(normalize_text(text))]
    assert tiers == [("service_credit", 0.12, 0.99, 0.999), ("service_credit", 0.35, None, 0.99)]


@pytest.mark.parametrize("text", [
    # the header line names no credit in columns of its own: prose with a wide space, no table
    "如发生故障我方将予以补偿\n服务可用性低于99.9%时  12%\n",
    # a band with no credit column beside it
    "月度可用性            统计周期\n低于99.9%但不低于99%     自然月\n",
])
def test_spaced_lines_without_a_credit_column_give_no_tier(text):
    assert [f for f in extract_penalties(text) if f.band is not None] == []


def test_a_flattened_markdown_table_of_levels_gives_each_level():
    from extractor.document.normalize import normalize_text

    text = "| 服务 | 月度服务可用性 | |:---|:---:| | 块存储 | 不低于99.95% | | 日志服务 | 99.9% |"
    assert [(f.value, f.comparator) for f in extract_availability(normalize_text(text))] == [(0.9995, ">="),
                                                                                              (0.999, "=")]


@pytest.mark.parametrize("family", ["availability", "penalties"])
def test_a_bad_stacked_section_names_file_section_and_key(family, monkeypatch):
    import extractor.rules.flat_tables as flat
    from extractor.rules.patterns import PatternError

    broken = {**load(family), "stacked": {"cell": ".{1,9}", "header": "x"}}  # no figure
    monkeypatch.setattr(flat, "load", lambda name: broken)
    flat.shape_of.cache_clear()
    try:
        with pytest.raises(PatternError, match=rf"^{family}\.toml:\[stacked\] figure: "):
            flat.shape_of(family, "stacked")
    finally:
        flat.shape_of.cache_clear()
