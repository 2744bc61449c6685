"""Writes the blind8 letters that are not hand-written UTF-8 text: a Big5 Hong Kong letter, a PDF with a
severity table and a service-credit table, and a .docx template whose slots sit in a Word table.

The PDF creation date and the .docx core properties are pinned so that a rerun gives the same text."""
from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document
from fpdf import FPDF
from fpdf.fonts import FontFace

HERE = Path(__file__).resolve().parent
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
STAMP = datetime.datetime(2024, 11, 1, 9, 0, 0, tzinfo=datetime.timezone.utc)

HK_SCHOOL = """學校資訊科技支援服務 服務水平協議

甲方:九龍灣聖恩書院
乙方:港科資訊系統有限公司

本協議為甲乙雙方所訂立之學校資訊科技支援服務合約的附件,列明乙方就校園網絡、伺服器、電腦室及課室多媒體設備所提供支援服務之服務水平。

服務範圍包括:校園有線及無線網絡之日常管理;伺服器、防火牆及備份系統之監察與維護;電腦室、特別室及各課室電腦與投影設備之故障排除;電子學習平台、學校網頁及內聯網之技術支援;協助甲方處理教育局資訊科技相關之數據申報工作。乙方派駐之技術支援人員須具備相關專業資歷,並由乙方負責其薪酬、強積金及保險。

一、服務時間
乙方於上課日星期一至星期五上午八時至下午五時提供駐校技術支援,其餘時間提供電話支援。學校假期期間,乙方按甲方需要另行安排人員到校。

二、服務水平
1. 校園網絡及伺服器系統可用率每月不低於99.5%。
2. 回應時間:嚴重故障(全校網絡中斷或電子學習平台無法使用)須於30分鐘內回應,4小時內修復;一般故障須於4小時內回應,2個工作天內修復。
3. 乙方每月派員到校進行預防性維護一次,並於維護後向甲方提交維護紀錄。
4. 乙方須為甲方教職員提供電腦操作及網絡安全培訓,每學年不少於兩次。

三、罰則
1. 系統可用率未達協議水平,每低0.5%,甲方可扣減當月服務費港幣貳仟元。
2. 嚴重故障逾時修復,每逾時一小時,乙方須繳付違約金港幣伍佰元,違約金總額以當月服務費百分之三十為上限。
3. 乙方一學年內累計三次未能履行本協議者,甲方得終止本合約,並沒收履約保證金。

四、其他
乙方人員進入校園須遵守學校之保安及兒童保護守則,並須持有有效之性罪行定罪紀錄查核證明。乙方須妥善保管因提供服務而接觸之學生及教職員個人資料,遵守個人資料(私隱)條例之規定。

甲方代表簽署:__________
乙方代表簽署:__________
日期:______年____月____日
"""

IOT_HEAD = [
    "物联网平台服务等级协议",
    "甲方:滨海市水务集团有限公司",
    "乙方:澄湾物联科技有限公司",
    "本协议约定乙方为甲方智慧水务物联网平台提供云端托管及运维服务应达到的服务水平,适用于平台的设备接入、数据采集、告警推送和数据查询等功能。",
    "1. 服务可用性",
    "乙方承诺物联网平台月度服务可用性不低于99.9%,设备接入网关月度服务可用性不低于99.95%。",
    "2. 故障分级与处理时限",
]
SEVERITY = [
    ["级别", "定义", "响应", "到场", "恢复"],
    ["一级", "平台整体不可用或数据丢失", "15分钟", "1小时", "4小时"],
    ["二级", "部分功能不可用,影响批量设备", "30分钟", "4小时", "12小时"],
    ["三级", "单台设备或个别功能异常", "2小时", "按需", "3个工作日"],
]
IOT_MID = [
    "3. 服务赔偿",
    "月度服务可用性未达到承诺的,乙方按下表向甲方提供服务费减免:",
]
CREDITS = [
    ["月度服务可用性", "减免比例(当月平台服务费)"],
    ["99.0% ≤ 可用性 < 99.9%", "10%"],
    ["95.0% ≤ 可用性 < 99.0%", "25%"],
    ["可用性 < 95.0%", "50%"],
]
IOT_TAIL = [
    "4. 其他约定",
    "一级故障未在4小时内恢复的,每超时1小时,乙方按当月平台服务费的2%支付违约金。",
    "乙方应在每月5日前提交上月服务报告;甲方应在每个服务月结束后30日内提出减免申请。",
    "因甲方自有网络故障、终端设备断电或不可抗力造成的不可用,不计入不可用时间。",
    "5. 定义",
    "服务不可用:指甲方通过平台接口或管理控制台无法完成设备数据查询、告警推送等核心操作,且经乙方监控系统确认的情形。",
    "服务费减免以服务费抵扣方式在下一结算周期执行,不以现金形式支付;减免申请须附甲方记录的故障时间及相关截图。",
    "本协议与主合同冲突的,以本协议为准;本协议未约定的事项,按主合同执行。",
    "乙方应建立覆盖平台全部组件的监控体系,对设备在线状态、消息队列积压和接口调用异常进行实时告警,并向甲方开放只读监控视图,便于甲方随时掌握平台运行情况。",
]

TEMPLATE_HEAD = [
    "运维服务水平承诺函(格式)",
    "致:____________(采购人名称)",
    "我方参加贵方组织的本项目采购活动,如我方中标,承诺在服务期内达到下表所列服务水平:",
]
TEMPLATE_TABLE = [
    ["项目", "承诺内容"],
    ["项目名称", "____"],
    ["可用性", "____%"],
    ["响应时间", "____分钟"],
    ["到场时间", "____小时"],
    ["故障恢复时间", "____小时"],
    ["违约金", "每次____元"],
]
TEMPLATE_TAIL = [
    "如未达到上述承诺,我方愿按合同约定承担违约责任。我方承诺所填写内容真实有效,并接受采购人在服务期内的监督检查。",
    "本承诺函与投标文件其他部分具有同等效力,未填写或填写不完整的,视为我方未作出承诺。",
    "填写说明:",
    "一、投标人应根据自身服务能力如实填写上表各项内容,所填写的服务水平不得低于采购需求中规定的最低要求。",
    "二、可用性按自然月统计,计算方法为服务月内正常服务时间占该月总时间的比例,计划内维护时间不计入不可用时间。",
    "三、响应时间指投标人自接到采购人报修之时起至安排技术人员开始处理之时止的时间;到场时间指技术人员到达采购人指定现场的时间;故障恢复时间指自报修起至系统恢复正常使用的时间。",
    "投标人对表中任何一项不作承诺的,应在该栏注明“不承诺”,不得空白,否则评标委员会可按无效响应处理。",
    "四、违约金一栏填写每次未达到承诺时投标人愿意支付的金额,以人民币计。",
    "五、采购人将在合同签订时将本承诺函所填写内容纳入合同条款,并在服务期内据此开展考核;投标人不得在合同谈判阶段降低所承诺的服务水平。",
    "六、本承诺函须由法定代表人或其授权代表签字并加盖投标人公章,授权代表签字的,应附法定代表人授权委托书。",
    "投标人名称(盖章):____________________",
    "法定代表人或授权代表(签字):____________________",
    "项目负责人(签字):____________________",
    "联系电话:____________________",
    "日期:______年____月____日",
]


def make_pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.set_creation_date(STAMP)
    pdf.add_font("cjk", fname=CJK_FONT)
    pdf.add_page()
    pdf.set_font("cjk", size=11)
    plain = FontFace(emphasis=None)

    def lines(items):
        for line in items:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")

    def table(rows, widths):
        with pdf.table(col_widths=widths, headings_style=plain) as t:
            for row in rows:
                r = t.row()
                for cell in row:
                    r.cell(cell)
        pdf.ln(3)

    lines(IOT_HEAD)
    table(SEVERITY, (14, 60, 20, 20, 26))
    lines(IOT_MID)
    table(CREDITS, (60, 60))
    lines(IOT_TAIL)
    pdf.output(str(path))


def make_docx(path: Path) -> None:
    doc = Document()
    for line in TEMPLATE_HEAD:
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(TEMPLATE_TABLE), cols=2)
    for r, row in enumerate(TEMPLATE_TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in TEMPLATE_TAIL:
        doc.add_paragraph(line)
    fixed = datetime.datetime(2024, 11, 1, 9, 0, 0)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.author = "blind8"
    doc.save(str(path))


def main() -> None:
    (HERE / "blind8_hk_school_big5.txt").write_bytes(HK_SCHOOL.encode("big5"))
    make_pdf(HERE / "blind8_iot_severity.pdf")
    make_docx(HERE / "blind8_template_form.docx")


if __name__ == "__main__":
    main()
