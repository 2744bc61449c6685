"""`--lang zh|en` and the environment's language: Chinese for people (tables, kinds, directions, messages), English
for machines (JSON, JSONL, CSV never change with the language)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.app.cli import app

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "diff_cases"
LETTER = ROOT / "samples" / "letters" / "letter_02.txt"
# A Chinese environment: the conftest's LANGUAGE=en (which would win) removed.
ZH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "zh_CN.UTF-8", "COLUMNS": "200"}
runner = CliRunner()


def slax(*args, env=ZH):
    return runner.invoke(app, [str(a) for a in args], env=env)


def test_extract_table_in_a_chinese_environment():
    result = slax("extract", ROOT / "samples" / "letters", "--format", "table")
    assert result.exit_code == 0, result.output
    for header in ("文件", "函件", "承诺方", "可用性", "最快响应", "最快恢复", "主要罚则", "空白栏"):
        assert header in result.stdout
    assert "fastest" not in result.stdout
    assert "9 个文件，9 封函件，0 个失败" in result.stdout
    assert "(空白)" in result.stdout and "blank" not in result.stdout  # unfilled values too


def test_unfilled_values_read_blank_in_english():
    result = slax("extract", ROOT / "samples" / "letters", "--format", "table", "--lang", "en")
    assert "(blank)" in result.stdout and "空白)" not in result.stdout


def test_the_option_wins_over_the_environment():
    result = slax("extract", ROOT / "samples" / "letters", "--format", "table", "--lang", "en")
    assert "fastest" in result.stdout and "最快响应" not in result.stdout
    assert "9 file(s), 9 letter(s), 0 failed" in result.stdout
    chinese = slax("extract", ROOT / "samples" / "letters", "--format", "table", "--lang", "zh",
                   env={"COLUMNS": "200"})  # the suite's environment is English
    assert "最快响应" in chinese.stdout


def test_blanks_in_chinese():
    result = slax("blanks", LETTER, "--format", "table")
    assert result.exit_code == 1
    assert "未填写的空白栏" in result.stdout
    for header in ("文件", "条款", "栏目", "上下文"):
        assert header in result.stdout
    assert "1 个文件中有 12 处空白栏" in result.stdout
    english = slax("blanks", LETTER, "--format", "table", "--lang", "en")
    assert "12 blank(s) in 1 file(s)" in english.stdout and "栏目" not in english.stdout


def test_no_blanks_in_chinese():
    result = slax("blanks", CASES / "ops_v1.txt", "--format", "table", "--ignore", "*")
    assert result.exit_code == 0 and result.stdout.strip() == "没有未填写的空白栏"


def test_diff_table_names_kinds_families_and_directions_in_chinese():
    result = slax("diff", CASES / "ops_v1.txt", CASES / "ops_v2.txt")
    assert result.exit_code == 1
    for text in ("类别", "事项", "方向", "更严", "更宽", "响应时限 报修", "提前通知", "违约金", "违约责任"):
        assert text in result.stdout, text
    for english in ("stricter", "looser", "liquidated_damages", "penalties"):
        assert english not in result.stdout
    assert "条款：改动 5 处（--text 可显示）" in result.stdout
    english = slax("diff", CASES / "ops_v1.txt", CASES / "ops_v2.txt", "--lang", "en")
    assert "stricter" in english.stdout and "liquidated_damages" in english.stdout and "更严" not in english.stdout


def test_diff_text_names_clause_events_and_cues_in_chinese():
    args = ("diff", CASES / "redline_base.txt", CASES / "redline_exclusion.txt", "--text")
    assert slax(*args).stdout.splitlines() == [
        "抽取的事实没有变化",
        "条款 8 (新增, 更宽: +免责 不可抗力; +免责 不视为违约): [+8. 因不可抗力导致的服务中断不视为违约。+]"]
    assert "clause 8 (added, looser: +exclusion 不可抗力" in slax(*args, "--lang", "en").stdout


def test_diff_markdown_in_chinese():
    result = slax("diff", CASES / "ops_v1.txt", CASES / "ops_v2.txt", "--format", "markdown")
    assert "| 函件 | 类别 | 事项 | 原值 | 新值 | 方向 | 条款 |" in result.stdout
    assert "**更严**" in result.stdout and "**stricter**" not in result.stdout


def test_diff_json_is_the_same_in_every_language_and_labels_each_change_in_chinese():
    args = ("diff", CASES / "ops_v1.txt", CASES / "ops_v2.txt", "--format", "json")
    zh, en = slax(*args).stdout, slax(*args, "--lang", "en").stdout
    assert zh == en
    changes = json.loads(zh)["changes"]
    response = next(c for c in changes if c["kind"] == "response")
    assert response["direction"] == "looser" and response["family"] == "timings"
    assert response["label_zh"] == {"direction": "更宽", "family": "时限", "kind": "响应时限"}
    assert all({"family", "direction", "old", "new", "old_text", "new_text"} <= set(c) for c in changes)


def test_check_in_chinese():
    result = slax("check", LETTER)
    assert result.exit_code == 1
    for text in ("规则手册", "结论", "不通过", "警告", "通过", "1 封函件：0 通过，0 警告，1 不通过", "要求 "):
        assert text in result.stdout, text
    english = slax("check", LETTER, "--lang", "en")
    assert "1 letter(s): 0 pass, 0 warn, 1 fail" in english.stdout and "结论" not in english.stdout


def test_explain_and_segment_in_chinese():
    explained = slax("explain", LETTER)
    assert "第 1 封函件：" in explained.stdout and "已采用" in explained.stdout and "触发词" in explained.stdout
    assert "个数字：" in explained.stdout.splitlines()[-1]
    segmented = slax("segment", LETTER)
    assert segmented.stdout.splitlines()[0].endswith("：1 封函件")


@pytest.mark.parametrize("args", [
    ("extract", LETTER, "--format", "json"),
    ("extract", ROOT / "samples" / "letters", "--format", "jsonl"),
    ("extract", ROOT / "samples" / "letters", "--format", "csv"),
    ("blanks", LETTER, "--format", "json"),
    ("check", LETTER, "--format", "json"),
])
def test_machine_formats_do_not_change_with_the_language(args):
    assert slax(*args).stdout == slax(*args, "--lang", "en").stdout


@pytest.mark.parametrize("command", ["extract", "blanks", "diff", "check", "explain", "segment", "eval"])
def test_an_unknown_language_is_a_one_line_usage_error(command):
    result = slax(command, "--lang", "fr", LETTER, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "slax: error: --lang fr: unknown language (use one of: en, zh)\n"


def test_usage_errors_are_in_the_language_too():
    result = slax("extract", LETTER, "-o", "out.weird")
    assert result.exit_code == 2
    assert result.stderr.startswith("slax: error: out.weird：未知的输出后缀 '.weird'")


def test_chinese_headers_stay_whole_at_80_columns():
    """A Chinese header is one word two cells a character wide: its column fits it whole (render.header_width)."""
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(ROOT), "LANG": "zh_CN.UTF-8"}
    env.pop("LANGUAGE")
    for args, headers in [
        (["extract", "samples/letters", "--format", "table"],
         ["文件", "函件", "承诺方", "可用性", "最快响应", "最快恢复", "主要罚则", "空白栏"]),
        (["diff", "tests/diff_cases/ops_v1.txt", "tests/diff_cases/ops_v2.txt"],
         ["函件", "类别", "事项", "原值", "新值", "方向", "条款"]),
        (["blanks", "samples/letters/letter_02.txt", "--format", "table"],
         ["文件", "函件", "条款", "栏目", "页", "行", "上下文"]),
    ]:
        out = subprocess.run([sys.executable, "-m", "extractor", *args], cwd=ROOT, capture_output=True, text=True,
                             env=env).stdout
        header_lines = [line for line in out.splitlines() if line.startswith("┃")]
        words = [w for line in header_lines for w in line.replace("┃", " ").split()]
        assert len(header_lines) == 1 and words == headers, (args, out[:800])


@pytest.mark.parametrize("lang, mark", [("en", "(blank)"), ("zh", "(空白)")])
def test_an_unfilled_uptime_reads_like_every_other_unfilled_cell(tmp_path, lang, mark):
    letter = tmp_path / "blank_uptime.txt"
    letter.write_text("服务承诺书\n我公司承诺系统可用性不低于____%。\n承诺人:某某科技有限公司\n", encoding="utf-8")
    result = slax("extract", letter, "--format", "table", "--lang", lang)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "blank_uptime" in line or "服务承诺书" in line)
    assert mark in row and "│ blank " not in row


def test_headline_durations_read_in_chinese():
    result = slax("extract", LETTER, "--format", "table", "--lang", "zh")
    english = slax("extract", LETTER, "--format", "table", "--lang", "en")
    assert "15分钟" in result.stdout and "4小时" in result.stdout and "15min" not in result.stdout
    assert "15min" in english.stdout and "4h" in english.stdout and "分钟" not in english.stdout


def test_report_overview_durations_read_in_chinese(tmp_path):
    out = tmp_path / "report.html"
    result = slax("report", ROOT / "samples" / "letters", "-o", out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "小时</td>" in html or "小时<" in html
    assert not __import__("re").search(r">\d+(?:\.\d+)?(?:h|min|d)<", html)
