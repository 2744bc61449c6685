"""Writes the blind7 letters that are not plain UTF-8 text: a GBK web page and a multi-page PDF.

Run: python3 tests/letters/blind7_make.py. The outputs are committed; rerun only to rebuild them.
The PDF creation date is pinned so that a rerun gives the same bytes. The PDF carries a running header and a
`第 N 页 共 M 页` footer on every page, and one sentence is broken by a forced page break (marker PAGE_BREAK) so
that the reader's page joining and header/footer handling are exercised.
"""
import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode

HERE = Path(__file__).resolve().parent
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
PAGE_BREAK = "<<PAGE_BREAK>>"

CLB_GBK = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="gbk">
<title>负载均衡服务等级协议 - 澄岭云帮助中心</title>
<style>body{font-family:"Microsoft YaHei"} .tbl td{padding:4px 10px}</style>
<script>var tip="服务可用性不低于99%";function toggleMenu(){if(window.innerWidth<768){return false;}}</script>
</head>
<body>
<div id="header"><a href="/">澄岭云</a>&nbsp;|&nbsp;<a href="/products">产品与服务</a>&nbsp;|&nbsp;<a href="/help">帮助中心</a>&nbsp;|&nbsp;<a href="/register">免费注册</a></div>
<div id="sidebar"><ul><li><a href="/help/clb/intro">产品简介</a></li><li><a href="/help/clb/billing">计费说明</a></li><li><a href="/help/clb/faq">常见问题</a></li></ul></div>
<div id="main">
<h1>负载均衡服务等级协议</h1>
<p class="date">发布日期：2024年9月2日</p>
<p>本协议适用于澄岭云网络科技有限公司(以下简称&ldquo;澄岭云&rdquo;)向客户提供的负载均衡服务(以下简称&ldquo;本服务&rdquo;)。</p>
<h2>第一条&nbsp;服务可用性</h2>
<p>1.1&nbsp;服务周期为一个自然月。服务可用性=(1-服务周期内不可用分钟数&divide;服务周期总分钟数)&times;100%。某一分钟内实例的全部健康检查与转发请求均失败的，该分钟计为不可用。</p>
<p>1.2&nbsp;澄岭云承诺：标准型负载均衡实例的月度服务可用性不低于99.95%，性能保障型实例不低于99.99%。</p>
<p>1.3&nbsp;跨可用区部署的实例，在单个可用区发生故障时，澄岭云将在30秒内将流量切换至备可用区。</p>
<h2>第二条&nbsp;赔偿标准</h2>
<p>标准型实例的月度服务可用性未达到承诺的，澄岭云以代金券形式赔偿，标准如下：</p>
<table class="tbl">
<tr><th>档位</th><th>月度服务可用性</th><th>代金券赔偿比例(月度服务费)</th></tr>
<tr><td>一档</td><td>[99.00%,&nbsp;99.95%)</td><td>10%</td></tr>
<tr><td>二档</td><td>[95.00%,&nbsp;99.00%)</td><td>25%</td></tr>
<tr><td>三档</td><td>[0,&nbsp;95.00%)</td><td>100%</td></tr>
</table>
<p>同一实例单月赔偿总额不超过该实例当月的月度服务费&#65288;不含已使用代金券抵扣的部分&#65289;。</p>
<h2>第三条&nbsp;赔偿申请</h2>
<p>客户应于每个服务周期结束后的&nbsp;60&nbsp;个自然日内，通过工单提交赔偿申请；超过期限的，视为放弃。</p>
<h2>第四条&nbsp;免责条款</h2>
<p>下列情形造成的不可用时间不计入不可用分钟数：</p>
<ol>
<li>澄岭云提前&nbsp;3&nbsp;个自然日公告的计划维护，且单次维护时长&le;2小时；</li>
<li>客户后端服务器故障、安全组或访问控制策略配置错误；</li>
<li>客户实例因欠费被停止服务期间；</li>
<li>不可抗力。</li>
</ol>
</div>
<div id="footer">
<p><a href="/about">关于澄岭云</a>&nbsp;&middot;&nbsp;<a href="/terms">服务条款</a>&nbsp;&middot;&nbsp;<a href="/privacy">隐私政策</a></p>
<p>服务热线：400-690-1188&nbsp;&nbsp;&copy;&nbsp;2024&nbsp;澄岭云网络科技有限公司&nbsp;粤ICP备17xxxxxx号</p>
</div>
<script type="text/javascript">document.write('<div class="ad">限时优惠：新用户首月5折</div>');</script>
</body>
</html>
"""

HEADER = "临江高新区智慧园区综合运维服务项目 · 投标文件"

PARK = [
    "智慧园区综合运维服务承诺书",
    "致：临江高新技术产业开发区管理委员会",
    "苏源智慧城市运营服务有限公司(以下简称“服务商”)参加临江高新区智慧园区综合运维服务项目的投标，"
    "若我公司中标，将严格按照招标文件要求和本承诺书提供运维服务，现就服务内容、服务指标和违约责任郑重承诺如下：",
    "一、服务范围",
    "本项目运维对象包括园区视频监控系统(前端摄像机1,860路、存储服务器24台)、出入口道闸及人脸识别门禁系统(出入口42个)、"
    "智能照明与能耗监测系统、园区运营管理平台(含综合态势、事件处置、访客管理等子系统)以及监控中心机房的供配电、空调和网络设备。"
    "服务商负责上述系统的日常监控、巡检保养、故障处置、配置变更、数据备份、安全防护和运行分析，并配合管理委员会完成重大活动保障。",
    "二、服务组织",
    "服务商在园区设立运维服务站，配备驻场项目经理1名、系统工程师2名、网络工程师1名、现场维修人员6名，另由公司总部技术中心提供二线支持。"
    "驻场人员实行统一着装、持证上岗，人员变动须事先报管理委员会同意。运维服务站配置维修工具、检测仪器和应急车辆，常用备件在服务站存放。",
    "三、服务时间",
    "服务商监控中心提供7×24小时值守服务；现场维修人员服务时间为每天7:30-21:00，其余时段安排专人值班，遇紧急情况随叫随到。",
    "四、服务指标",
    "1. 园区运营管理平台可用性不低于99.9%。",
    "2. 视频监控点位在线率不低于98%。",
    "3. 故障按影响范围分为三级，处理时限如下：",
    "一级故障(运营管理平台整体中断或园区出入口全部失效)：接报后10分钟内响应，30分钟内到达现场，" + PAGE_BREAK + "2小时内恢复；",
    "二级故障(单个子系统中断或10路以上视频同时离线)：接报后15分钟内响应，1小时内到达现场，4小时内恢复；",
    "三级故障(单个点位或单台设备故障)：接报后30分钟内响应，1个工作日内修复。",
    "4. 服务商每日对园区主要出入口、监控中心进行两次巡查，每月对全部前端设备进行一次巡检，并做好巡检记录。",
    "5. 服务商于每月3日前向管理委员会提交上月运维服务报告，内容包括设备运行情况、故障统计分析、巡检结果和改进建议。",
    "6. 监控录像保存期限不少于30天，重要事件录像按管理委员会要求另行备份。",
    "五、安全与保密",
    "服务商严格遵守国家网络安全和数据安全相关法律法规，对运维过程中接触的园区企业信息、人员通行记录和视频资料严格保密，"
    "不得擅自复制、传播或用于本项目以外的用途。运维账号实行专人专用，操作全程留痕，离岗人员账号当日注销。",
    "六、违约责任",
    "1. 服务商未按承诺时限到达现场的，每次扣除当月运维服务费的0.5%。",
    "2. 平台可用性每低于承诺值0.1个百分点，扣除当月运维服务费的1%。",
    "3. 因服务商原因导致园区安防事件并造成损失的，服务商承担全部赔偿责任。",
    "4. 年度累计扣款超过年度运维服务费10%的，管理委员会有权终止合同。",
    "七、应急保障",
    "服务商编制园区视频监控、出入口、供配电和网络中断等专项应急预案，报管理委员会备案，并结合园区实际每年修订完善。"
    "遇台风、暴雨等极端天气及园区重大活动，服务商提前落实人员、车辆和备件，安排技术骨干在监控中心和重点出入口现场值守，"
    "活动结束后形成保障总结。突发事件处置过程中，服务商服从管理委员会统一指挥，及时报告处置进展。",
    "八、培训与资料移交",
    "服务商负责对管理委员会相关工作人员进行系统操作和日常管理培训，培训内容包括运营管理平台使用、视频调阅与检索、"
    "访客登记与门禁授权、常见问题处理等，培训课件和操作手册以电子版和纸质版形式提供。服务期满或合同终止时，服务商向管理委员会"
    "完整移交设备台账、网络拓扑、系统配置、账号口令、巡检记录和故障处理记录等全部运维资料，并配合后续服务单位完成交接，"
    "交接期间不得中断服务。",
    "九、持续改进",
    "服务商每季度对运维服务情况进行一次自我评估，分析故障原因和服务短板，提出设备更新、系统优化和流程改进建议，"
    "经管理委员会同意后组织实施。服务商欢迎管理委员会及园区企业对运维服务提出意见和建议，并将其作为改进服务的重要依据。",
    "十、其他",
    "本承诺书作为投标文件的组成部分，与合同具有同等法律效力，自合同签订之日起生效，至服务期满之日终止。",
    "服务商(盖章)：苏源智慧城市运营服务有限公司",
    "法定代表人(签字)：沈立平",
    "日期：2025年3月18日",
]


class _Paged(FPDF):
    def header(self):
        self.set_font("wqy", size=9)
        self.cell(0, 8, HEADER, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self):
        self.set_y(-15)
        self.set_font("wqy", size=9)
        self.cell(0, 8, f"第 {self.page_no()} 页 共 {{nb}} 页", align="C")


def make_pdf(path: Path, lines: list[str], size: int) -> None:
    pdf = _Paged()
    pdf.set_creation_date(STAMP)
    pdf.add_font("wqy", fname=CJK_FONT, collection_font_number=0)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("wqy", size=size + 5)
    pdf.multi_cell(0, 12, lines[0], align="C", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("wqy", size=size)
    for line in lines[1:]:
        for i, part in enumerate(line.split(PAGE_BREAK)):
            if i:
                pdf.add_page()
            pdf.multi_cell(0, size * 0.6, part, wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)
    pdf.output(str(path))


def main() -> None:
    (HERE / "blind7_clb_sla_gbk.html").write_bytes(CLB_GBK.encode("gbk"))
    make_pdf(HERE / "blind7_park_ops.pdf", PARK, 14)


if __name__ == "__main__":
    main()
