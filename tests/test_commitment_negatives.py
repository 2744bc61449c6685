"""Pages that promise nothing yet carry figures: a guide telling what a contract must state, a consumer council's
case report, a blog, a statute database's page, news about a regulation, a tender announcement. Their facts are
``[]`` in every family, blanks included (corpus/CORPUS.md "Negatives"); a letter, a contract or a relayed pledge
in similar words keeps its facts. The markers are ``[context]`` words of patterns/units.toml; their sentence
examples are the ``[context_examples]`` rows there, run here."""
import pytest

from extractor.commitment.filters import commits_nothing_because
from extractor.families.availability.extract import extract_availability
from extractor.families.blanks.extract import extract_blanks
from extractor.families.penalties.extract import extract_penalties
from extractor.families.timings.extract import extract_timings
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import search_window
from extractor.rules.patterns import load

EXTRACTORS = (extract_availability, extract_timings, extract_penalties, extract_blanks)
EXAMPLES = load("units")["context_examples"]
ROWS = [(key, kind, s) for key, rows in EXAMPLES.items() for kind in ("match", "no_match") for s in rows[kind]]


@pytest.mark.parametrize(("key", "kind", "sentence"), ROWS, ids=lambda v: v if len(v) < 12 else v[:12])
def test_each_marker_finds_its_examples_and_not_its_counter_examples(key, kind, sentence):
    found = search_window(lexicon().context[key], sentence)
    assert bool(found) == (kind == "match"), found


def test_every_marker_has_examples_both_ways():
    assert all(rows["match"] and rows["no_match"] for rows in EXAMPLES.values())
    assert set(EXAMPLES) <= set(lexicon().context)


NEGATIVES = [
    # a guide explaining a contract names 甲方/乙方 while it tells what the contract must state
    "一、服务内容\n主机托管合同需明确服务范围:可用性≥99.9%,硬件故障修复时间≤2小时。\n二、责任划分\n合同需界定双方义务:\n"
    "- 甲方责任:提供机柜资源\n- 乙方责任:按时付款\n违约赔偿按损失金额2倍赔偿。\n本文由云主机资讯网发布。",
    # a consumer council's case report quoting a shop's pledge
    "网上找维修 服务承诺未兑现\n消费者或会先在网上搜寻维修公司。本会从一些个案发现问题。\n个案一:通渠后再塞\n"
    "公司网页注明维修后一星期内再次出现问题即免费上门,师傅当日完成工作。\n____年__月__日",
    # a blog's front matter, a question headline, a vendor's credit table quoted
    "date: 2024-03-01\ntitle: SLA 笔记\ntags:\n  - sre\n为什么 SLA 这么重要?\n某云将努力使服务月度可用性至少达到 99.95%。\n"
    "| 可用性低于99.95% | 赔偿10% |",
    # a purchaser's requirements titled as such, with no bidder wording, and a bureau's rules for its contractors
    "XX区XX中心机房运维服务项目需求说明\n一、项目概述\n服务期限1年\n二、服务要求\n故障2小时内响应,XX小时内修复。",
    "XX市信息化运维服务考核办法\n为提高运维服务质量,特制定此考核办法。\n本办法适用于XX局所有系统。\n"
    "运维单位4小时内未修复的,每次扣1分。",
    # an explainer of what leases and SLAs usually hold
    "投影仪租赁期间的维修责任通常由合同约定,一般原则如下:\n自然故障由出租方负责维修。\n维修响应:4小时内上门,"
    "逾期每日赔偿50元。",
    "一个典型 SLA 包含哪些内容\nSLA 是服务提供商与客户之间的约定,通常包括以下几个部分:可用性不低于99.9%,"
    "故障30分钟内响应。",
    # an article comparing what different banks promise
    "自助终端吞卡多久处理?\n不同银行对于处理时间的承诺有所不同。以下是一些常见银行的情况:一般在3个工作日内完成处理。",
    # a statute database's page
    "法规名称:\n号码服务管理办法\n法规类别:\n行政\n条文内容\n第 12 条\n系统全年至少须百分之九十九点九之时间正常运转,"
    "切换时间不得超过十分钟。",
    # a regulation's own text: a definition and its entry into force
    "江城市运维服务管理办法\n第一条 本办法所称运维服务,是指信息系统的日常维护。\n第五条 故障应在2小时内修复。\n"
    "第九条 本办法自发布之日起施行。",
    # a consumer association's advice quoting what shops usually promise
    "维修服务消费提示\n市消协提醒广大消费者:商家通常承诺24小时内上门,实际常有拖延。",
    # news: a regulation issued, and a reporter's "yesterday, X said"
    "通信管理局已制定《宽带接入服务规范》,自9月起实施。认证平均响应时间8秒,记录保存时限至少为5个月。",
    "用户报修1小时内不到可投诉。昨天,江城供电部门表示,城区抢修到达时间已限定在45分钟内。",
    # an outage reported: the provider's SLA quoted
    "江城云宕机5小时引发热搜\n记者从江城云获悉,按其服务等级协议,月度可用性低于99.9%时赔偿10%服务费。截至发稿,服务已恢复。",
    # a blog reading along as 我们
    "什么是SLA?\n本文我们来看看云服务商通常承诺的可用性:一般为99.95%,故障30分钟内响应。",
    # a changelog disclaiming its figures, a translator's note among its words
    "产品更新说明(译者注:本页内容仅供参考,不构成任何承诺)\n新版本平均延迟降至20毫秒,可用性达99.99%。",
    # a tender announcement and a tender's instructions to bidders
    "江城市信息中心关于政务云运维磋商采购公告\n潜在供应商于截止时间前提交响应文件。\n服务单位成交后1个月内完成风险评估。",
    "机房维护服务投标须知\n一、以下各项由本会填写,投标厂商不得填写或涂改。\n二、网址:xxxx://xxx.xxx/xx\n故障2小时内响应。",
    # explainers in the register's classes, in words no single guide marker holds (units.toml register_*)
    "物业保洁外包合同怎样写才稳妥?\n简单来说,合同中要写清楚保洁频次。比如公共区域每日清扫两次,投诉4小时内处理;"
    "很多物业公司忽略了这一点。",
    "机房空调维保的要点\n所谓响应时限,就是报修到工程师到场的时间。一份好的维保合同里,一般情况下会写明2小时内到场,"
    "否则每次扣款500元。",
    "数据库托管选型笔记\n总结一下:大部分托管商的可用性在99.9%左右,例如故障30分钟内响应,建议在签约时核对赔偿条款。",
    # a guide quoting the clause it suggests: the parties named inside the quotation are not its voice
    "配送合同如何约定迟到扣款?\n许多采购方关注这一点。建议使用如下条款:\n“乙方每迟到15分钟,甲方有权扣除当次服务费的10%。",
    # news pages by their byline and one more mark of a report (units.toml news_register_*)
    "本网讯 近日,江城水务集团抢修队在暴雨中连续作业12小时。\n据介绍,当天共修复管道故障6处,停水用户在4小时内恢复供水。",
    "江城日报通讯员 王明\n前日,江城地铁一号线信号故障,列车延误40分钟。来源:江城日报",
    # news quoting one deadline a company missed: a report of what happened, not a rule relayed
    "江城日报通讯员 王明\n前日,市民反映路灯损坏。按合同应在24小时内修复,但三天过去仍未修好。来源:江城日报",
    # outage news: a remedy for those hit and a figure-less pledge relay no service level (news_incident_remedy)
    "江城晚报记者 李娜\n昨日凌晨江城宽带断网3小时。该公司表示,将对当时受影响的用户减免10%月租费,并将加强设备巡检。"
    "按规定,故障超过2小时需赔偿。",
    # a tender page by its roles, documents and rules for bidders, whatever its headings (tender_register_*)
    "江城市人民医院设备维保项目\n项目编号:JC-2025-018\n一、采购人:江城市人民医院\n"
    "二、供应商应在接到报修后2小时内到场,★为实质性要求,不满足作无效投标处理。",
    # a legal explainer: a lawyer's article citing a statute and what courts do (units.toml register_about_law)
    "定金与违约金能否同时适用?\n张伟律师\n《民法典》第五百八十八条规定:“当事人既约定违约金,又约定定金的,"
    "一方违约时,对方可以选择适用违约金或者定金条款。”\n实务中,合同中常约定逾期每日按合同价款的0.5%支付违约金。",
    "物业合同违约金过高怎么办\n司法实践中,法院认为违约金超过损失30%的可认定为过高。"
    "比如约定每逾期一天赔偿服务费10%,业主可请求调减。",
    # a Q&A site's answer (register_about_qa)
    "好的,关于电梯困人救援多久到场,这是一个关乎乘客安全的问题。通常维保单位应在接警后30分钟内到达现场,"
    "建议业主在合同里写明。",
    "宽带报修一般多久上门?\n网友回答:运营商一般会在48小时内上门维修,偏远地区可能更久。\n该回答已被采纳",
    # a guide to writing a pledge letter, with no sample of its own (register_about_howto)
    "售后服务承诺书写作要点\n一份好的承诺书要把时限写清楚,例如“接到报修后2小时内响应”。很多企业只写“及时响应”,"
    "建议改为可衡量的时限。",
    # a tender's after-sales requirements naming its future contract (本合同 is the draft a bidder will sign)
    "售后服务要求\n1. 投标人须保证设备年开机率≥95%,本合同约定的保修期为3年。\n2. 采购人报修后,投标人须在4小时内响应,"
    "详见招标文件。",
    # a purchaser's technical requirements: the buyer speaks as 本次采购, no bidder named
    "监控运维服务外包项目\n一、采购内容:本次采购内容为监控系统运维,预算资金50万元,服务期限二年。\n"
    "二、技术及服务要求\n故障2小时内修复。",
    # a tender that asks bidders for a pledge letter: the 承诺书 it names is nobody's yet (procurement_own)
    "江城职业学院校园网运维项目比选邀请函\n一、采购人:江城职业学院\n二、技术要求:故障2小时内响应,4小时内修复。\n"
    "三、报价时须提供售后服务承诺书(格式自拟),详见比选文件。",
    "机房维保采购公告\n采购单位:江城市档案馆\n投标人应在接到报修后1小时内到场。\n投标时须提交加盖公章的服务承诺函,评分时予以审查。",
    # a notice correcting a tender's requirements (tender_register_amend)
    "关于江城医院HIS运维服务采购项目的更正公告\n原公告的项目编号:JC-2025-031\n更正前内容:系统可用性达到99.9%,"
    "故障60分钟内恢复。\n更正后内容:系统可用性达到99.99%,故障30分钟内恢复,否则扣除合同款的10%。\n其他内容不变,供应商请留意。",
    # a tender's requirement table, its lots and its selection notice (tender_register_doc, tender_register_role)
    "服务需求一览表\n1、标注★号的部分为实质性要求。\n2、本次服务采购最高限价为50万元。\nA分标:专线租用\n端到端时延≤50ms。",
    "空调维保服务遴选项目\n详见招标文件。定点供应商所属人员需持有制冷证书。\n工作日2小时内到达现场,其余时间12小时内到达现场。",
    "21 售后服务:卖方收到买方通知后1小时内响应,12小时内到达现场。\n"
    "22 供应商应于投标截止前在江城市政府采购网注册。",
    # news citing "the rules" in general, or 将 as 把 in a report of a repair: no measure relayed
    "江城晚报记者 李娜\n昨日,市民反映路灯损坏。抢修人员将故障在2小时内排除。据悉,按照规定,故障超过24小时需赔偿。",
]
KEPT = [
    # a real contract with 甲方/乙方 that asks for details ("需明确") in its own clauses
    "运维服务合同\n甲方提交故障申请时需明确故障现象。乙方承诺接到申请后30分钟内响应,可用性不低于99.9%。",
    # a contract template a site prefaces with advice: it names its parties in every clause
    "签订维保合同时应注意以下几点。本文提供一份范本。\n甲方:______\n乙方:______\n一、乙方负责甲方机房的维护。\n"
    "二、乙方接到甲方报修后2小时内到场。\n三、甲方按季度向乙方付款。",
    # a guide's phrase in a letter that promises in the first person
    "服务承诺书\n合同需明确的各项指标,我公司承诺如下:故障2小时内到场,可用性不低于99.9%。",
    # news relaying a pledge made public yesterday
    "本报讯(记者 林晓岚)\n昨天,江城热力公司向社会做出公开承诺:接到报修后2小时内到达现场。",
    # a letter dating its own promise
    "服务承诺\n自9月起,我公司承诺故障4小时内修复,可用性不低于99.9%。",
    # a contract template hosted on a law site still speaks for its parties
    "法规名称:合同示范文本\n条文内容\n甲方:______\n乙方:______\n乙方保证故障2小时内到场。",
    # a bidder's letter answering a tender announcement
    "江城市信息中心关于机房运维磋商采购公告\n潜在供应商须提交响应文件。\n我公司承诺:接到报修后2小时内到达现场。",
    # a contract defines its own terms and cites articles: no regulation's phrases
    "运维服务合同\n第一条 本合同所称故障,是指系统不能正常使用。\n第五条 乙方应在2小时内修复故障。\n"
    "第九条 本合同自双方签字之日起生效。",
    # a government office's pledge that takes effect on a date
    "江城市政务服务中心服务承诺\n一、一般事项3个工作日内办结。\n本承诺自2024年1月1日起施行。",
    # a provider's SLA translated from English: only the translation's wording is disclaimed
    "服务级别协议\n此翻译文本仅供参考。如果本版本与英文版本存在任何歧义,则以英文版本为准。\n"
    "我们针对升级方案确保每月 99.99% 的正常运行时间。",
    # a vendor's own FAQ page, titled as a question, speaking as the seller
    "保固多久?维修费怎么算?\n本文将详列保固年限。我们不只卖机器,更卖安心。\n保固期内接到报修后48小时内上门维修。",
    # a template letter with stand-ins
    "XX公司售后服务承诺书\n我公司承诺XX市内接到报修后2小时内到达现场。\n承诺单位:______",
    # a provider's SLA defines its terms, gives an example and addresses its customer (units.toml commit_voice)
    "云主机服务等级协议\n服务可用性是指实例可正常使用的时间比例,例如一个月30天。本协议中,我们保证月度可用性不低于99.95%,"
    "未达标时您将有资格获得服务费10%的赔偿。",
    # an office's notice that advises its users and speaks as the office
    "宿舍网络报修须知\n怎么报修?\n建议同学们通过网上报修,例如填写报修单。本中心承诺接到报修后3日内上门维修。",
    # news relaying what a company says it will do
    "江城晚报记者 王明\n日前,江城燃气公司表示,将在接到报修后30分钟内到达现场。",
    # news relaying a rule's deadlines (units.toml news_relayed_rule: two different ones)
    "江城日报记者 李娜\n日前,市水务局出台新规:接到报修后,供水企业应在1小时内派人到场,应在24小时内恢复供水。",
    "江城晚报5月3日讯 记者从市供热办获悉,供热单位须于接到投诉后4小时内上门测温;未达标的,必须在2日内整改完毕。",
    # a bidder's pledge letter naming the tender it answers, titled as a 承诺书 (procurement_own)
    "售后服务承诺书\n致:江城市人民医院(采购人)\n项目编号:JC-2025-018\n按招标文件技术要求,故障2小时内到场,★条款全部响应。",
    # a contract amended by the parties: its corrected clause is their promise
    "运维服务合同补充协议\n甲方:江城银行\n乙方:江城科技公司\n原合同第五条更正为:乙方接到报修后1小时内到场。",
    # news relaying the provisions of a named measure it cites, or what an office will do within a limit
    # (units.toml news_relayed_promise)
    "江城日报讯(记者 王明)近日,市发改委出台优化用电营商环境实施方案。\n根据实施方案,居民用户办电时限压缩至3个工作日以内,"
    "高压用户接电时限不超过15个工作日。",
    "(记者 李娜)江城电力公司今天表态。依据该公司营业规则中停电扣减电费规定,高压用户每小时扣减基本电费千分之三。",
    "江城晚报记者 王明\n日前,市建设局回应市民投诉,该局将尽快派员查看,并督促维保厂商于48小时内修复路灯。",
    # a vendor's own support page: its "we" offers the service (units.toml commit_voice, explainer_document)
    "技术支持\n你可能要问:什么是5×8?\n我们提供免费人工服务,工单渠道7×24小时受理故障。",
    # a vendor's help page answering its customers' questions
    "工单系统需要注册吗?\n常见问题\n建议您先阅读文档,例如安装指南。您可以通过工单提交问题,我们提供7×24小时技术支持,"
    "P1问题30分钟内响应。",
]


@pytest.mark.parametrize("text", NEGATIVES)
@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
def test_a_page_that_promises_nothing_has_no_facts(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text", NEGATIVES)
def test_a_document_level_filter_says_why(text):
    # `slax explain` names the filter and its words for every figure it stops
    because = commits_nothing_because(text, lexicon())
    assert because is not None and because[1]


@pytest.mark.parametrize("text", KEPT)
def test_no_document_level_filter_stops_a_letter(text):
    assert commits_nothing_because(text, lexicon()) is None


@pytest.mark.parametrize("text", KEPT)
def test_a_letter_contract_or_relayed_pledge_in_similar_words_keeps_its_facts(text):
    assert any(extract(text) for extract in EXTRACTORS[:3])


def test_a_template_letters_blanks_are_kept():
    assert extract_blanks(next(t for t in KEPT if t.startswith("XX公司"))) != []
