"""Writes the blind10 .docx letter: a data-centre hosting agreement with two-level numbering (第一条 … 1.1),
a three-column service-credit table and a signature table with empty cells.

The core properties are pinned so that a rerun gives the same text."""
from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent

HEAD = [
    "数据中心机柜托管服务协议（节选）",
    "甲方：临川证券股份有限公司",
    "乙方：杭川数据港有限公司",
    "第一条 服务可用性",
    "1.1 乙方保证托管机柜电力可用性不低于99.99%。",
    "1.2 乙方保证互联网接入带宽的网络可用性不低于99.9%，可用性按自然月统计。",
    "第二条 故障处理",
    "2.1 乙方在接到甲方故障申告后15分钟内响应，并安排值班工程师进行排查。",
    "2.2 因乙方设备原因导致网络中断的，乙方应在2小时内恢复网络服务。",
    "2.3 乙方每月10日前向甲方提交上月机房运行报告，内容包括电力、制冷、网络运行情况及故障处理记录。",
    "2.4 乙方提供7×24小时机房值守服务，值班人员不少于2人，并保持值班电话畅通。",
    "2.5 甲方人员进出机房须提前登记，乙方负责核验身份并全程陪同，进出记录由乙方留存备查。",
    "第三条 服务赔偿",
    "3.1 电力或网络可用性未达到第一条承诺的，乙方按下表向甲方提供服务费减免：",
]
CREDIT = [
    ("可用性区间", "减免比例(当月机柜租用费)", "备注"),
    ("99.9%≤可用性<99.99%", "10%", "按受影响机柜计算"),
    ("99%≤可用性<99.9%", "30%", "按受影响机柜计算"),
    ("可用性<99%", "100%", "按受影响机柜计算"),
]
MIDDLE = [
    "3.2 单月减免总额不超过当月机柜租用费的100%。",
    "3.3 乙方一年内累计三次未能达到第一条承诺的，甲方有权解除本协议。",
    "第四条 保密",
    "4.1 乙方对托管设备中存储的数据及甲方的业务信息负有保密义务，未经甲方书面同意，不得向任何第三方披露。",
    "第五条 其他",
    "5.1 本协议未尽事宜，由双方另行协商并签订补充协议。",
    "5.2 本协议一式两份，双方各执一份，具有同等法律效力。",
    "5.3 本协议附件《机房管理制度》《托管设备清单》《应急预案》为本协议不可分割的组成部分，与本协议具有同等效力。",
]
SIGN = [
    ("甲方（盖章）：", "乙方（盖章）：杭川数据港有限公司"),
    ("授权代表（签字）：", "授权代表（签字）："),
    ("日期：", "日期："),
]


def make_docx(path: Path) -> None:
    doc = Document()
    for line in HEAD:
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(CREDIT), cols=3)
    for r, row in enumerate(CREDIT):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in MIDDLE:
        doc.add_paragraph(line)
    sign = doc.add_table(rows=len(SIGN), cols=2)
    for r, row in enumerate(SIGN):
        for c, cell in enumerate(row):
            sign.cell(r, c).text = cell
    fixed = datetime.datetime(2024, 11, 1, 9, 0, 0)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.author = "blind10"
    doc.save(str(path))


def main() -> None:
    make_docx(HERE / "blind10_hosting_numbered.docx")


if __name__ == "__main__":
    main()
