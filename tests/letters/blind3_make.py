"""Writes the blind3 .docx and .pdf letters next to this file (python-docx, fpdf2 with a CJK font).

Run: python3 tests/letters/blind3_make.py. The outputs are committed; rerun only to rebuild them.
"""
from pathlib import Path

from docx import Document
from fpdf import FPDF
from fpdf.enums import WrapMode

HERE = Path(__file__).resolve().parent
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

SAAS_HEAD = [
    "协同办公SaaS平台服务水平协议",
    "甲方:南湖新区管理委员会办公室",
    "乙方:云枢软件科技(苏州)有限公司",
    "一、服务可用性",
    "乙方保证平台服务可用性每月不低于99.9%。服务不可用时间是指连续5分钟以上无法登录或核心功能无法使用的时间,"
    "计划内维护不计入。计划内维护应安排在每周日00:00-06:00进行,并提前24小时通过平台公告通知甲方。",
    "二、故障分级及处理时限",
    "乙方按下表对故障分级,并在规定时限内处理:",
]
SAAS_TABLE = [
    ["级别", "定义", "响应时间", "解决时间"],
    ["P1", "平台整体不可用或数据丢失", "15分钟", "4小时"],
    ["P2", "核心功能不可用,有临时替代方案", "30分钟", "8小时"],
    ["P3", "非核心功能异常", "2小时", "3个工作日"],
    ["P4", "咨询及优化建议", "1个工作日", "下一版本"],
]
SAAS_TAIL = [
    "三、服务补偿",
    "当月服务可用性低于99.9%的,乙方按以下标准向甲方提供服务时长补偿:可用性低于99.9%但不低于99.5%的,"
    "补偿5天服务时长;低于99.5%的,补偿15天服务时长。",
    "P1故障未在4小时内解决的,每超时1小时,乙方按当月服务费的2%向甲方赔偿,累计不超过当月服务费的30%。",
    "四、数据保护",
    "甲方数据每日全量备份一次,备份数据保留30天;RPO不超过1小时,RTO不超过4小时。",
    "(签章页略)",
]

LINE_LETTER = [
    "互联网专线接入服务质量承诺函",
    "致:东海港集团有限公司",
    "为保障贵司互联网专线(带宽1000Mbps,电路编号:DH-ZX-0093)稳定运行,我公司承诺如下:",
    "1. 专线月可用率不低于99.95%;端口丢包率不高于0.1%,网内时延不超过30ms。",
    "2. 我公司网管中心7×24小时监控线路状态,线路中断时主动在15分钟内告知贵司联系人。",
    "3. 障碍受理后1小时内响应,市区4小时内修复,郊县6小时内修复;光缆中断8小时内抢通。",
    "4. 因我公司原因造成专线中断的,按中断时长给予补偿:单次中断超过4小时的,免收当月月租费的20%;"
    "当月累计中断超过12小时的,免收当月月租费的50%。",
    "5. 割接或升级需中断业务的,提前5个工作日书面通知贵司,并安排在凌晨0:00-6:00进行。",
    "特此承诺。",
]
LINE_SIGNATURE = [
    "承诺方(盖章):中信联网络通信有限公司东海分公司",
    "客户经理:陈立  电话:138 0592 6671",
    "2024年8月15日",
]

STORAGE_SLA = [
    "对象存储服务等级协议",
    "发布日期:2024年9月1日",
    "本协议适用于澄海云科技有限公司(以下简称\"澄海云\")向用户提供的对象存储服务。",
    "第1条 定义",
    "1.1 服务周期:一个自然月。",
    "1.2 失败请求:服务端返回5XX状态码的请求。",
    "1.3 每5分钟错误率=每5分钟失败请求数÷每5分钟有效请求总数×100%。",
    "1.4 服务可用性=(1-服务周期内各5分钟错误率之和÷服务周期内5分钟总个数)×100%。",
    "第2条 服务承诺",
    "2.1 数据持久性:标准存储类型的数据持久性设计值为99.9999999999%(12个9)。",
    "2.2 服务可用性:标准存储类型的服务可用性不低于99.95%;低频存储类型的服务可用性不低于99.9%;"
    "归档存储类型取回数据的服务可用性不低于99.5%。",
    "2.3 跨地域复制:源存储桶写入的数据一般在15分钟内复制至目标存储桶(受对象大小和网络带宽影响,该时间仅为参考值)。",
    "第3条 赔偿方案",
    "3.1 当月服务可用性未达到第2.2条承诺的,澄海云以代金券形式赔偿,赔偿金额按下列标准计算:",
    "(1)服务可用性低于承诺值但不低于99%的,赔偿月度服务费用的10%;",
    "(2)服务可用性低于99%但不低于95%的,赔偿月度服务费用的25%;",
    "(3)服务可用性低于95%的,赔偿月度服务费用的50%。",
    "3.2 赔偿总额不超过用户当月支付的月度服务费用。代金券不可折现、不可转让。",
    "3.3 示例:某用户标准存储月度服务费用为800元,当月服务可用性为99.2%,则可获得80元代金券。",
    "第4条 赔偿申请",
    "4.1 用户应在每个服务周期结束后两个月内提交赔偿申请,逾期不予受理。",
    "4.2 澄海云收到申请后15个工作日内完成核实,并以书面形式答复用户。",
    "第5条 技术支持",
    "5.1 澄海云提供7×24小时在线工单服务。用户提交的工单,一般问题2小时内首次响应;存储服务整体不可用时,"
    "30分钟内启动应急预案。",
    "5.2 澄海云变更本协议的,将提前30日在官网公告。",
    "第6条 数据删除",
    "用户账户欠费停服后,澄海云保留用户数据15天;15天后仍未续费的,数据将被永久删除且无法恢复。",
]

CAMPUS_LETTER = [
    "智慧校园平台运维服务承诺书",
    "承诺人:广林智联科技有限公司",
    "接收人:临江职业技术学院",
    "为保障智慧校园平台(含一卡通、统一身份认证、教务系统接口)稳定运行,承诺人在服务期内作出如下承诺:",
    "(一)平台在教学期间的系统可用率≥99.8%,寒暑假期间≥99.5%。",
    "(二)工作时间(周一至周五8:00-18:00)驻场受理报障,非工作时间提供电话值班。接报后20分钟内远程介入,"
    "1小时内到达现场;影响全校的故障须在2小时内恢复主要功能,其余故障不超过1个工作日解决。",
    "(三)每月开展一次系统健康检查,检查后3个工作日内提交检查报告。",
    "(四)服务不达标的处理:",
    "1.可用率未达承诺的,每降低0.1%,按年度服务费的千分之五扣除服务费;",
    "2.同一故障30日内重复发生3次以上的,接收人有权没收履约保证金;",
    "3.承诺人泄露师生个人信息的,除赔偿全部损失外,另行支付违约金贰拾万元。",
    "(五)本承诺书一式两份,自签署之日起生效,有效期三年。",
    "承诺人(签章):广林智联科技有限公司",
    "授权代表(签字):",
    "签署日期:2024年8月28日",
]


def make_docx_table(path: Path) -> None:
    doc = Document()
    doc.add_heading(SAAS_HEAD[0], level=1)
    for line in SAAS_HEAD[1:]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(SAAS_TABLE), cols=len(SAAS_TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(SAAS_TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in SAAS_TAIL:
        doc.add_paragraph(line)
    doc.save(path)


def make_docx_letter(path: Path) -> None:
    doc = Document()
    doc.add_heading(LINE_LETTER[0], level=1)
    for line in LINE_LETTER[1:]:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    for line in LINE_SIGNATURE:
        doc.add_paragraph(line).alignment = 2  # right-aligned, as signature blocks usually are
    doc.save(path)


def make_pdf(path: Path, lines: list[str], size: int) -> None:
    pdf = FPDF()
    pdf.add_font("cjk", fname=CJK_FONT, collection_font_number=0)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("cjk", size=size + 4)
    pdf.multi_cell(0, 12, lines[0], align="C", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=size)
    for line in lines[1:]:
        pdf.multi_cell(0, size * 0.75, line, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))


if __name__ == "__main__":
    make_docx_table(HERE / "blind3_saas_severity.docx")
    make_docx_letter(HERE / "blind3_line_commit.docx")
    make_pdf(HERE / "blind3_storage_sla.pdf", STORAGE_SLA, 14)
    make_pdf(HERE / "blind3_campus_ops.pdf", CAMPUS_LETTER, 11)
