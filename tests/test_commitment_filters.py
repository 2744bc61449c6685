"""A guide or blog explaining what SLAs usually say commits to nothing, in every family (units.toml guide).

Written for issue 12: real explainer pages quote example credit tiers and uptimes of unnamed vendors."""
import json

import pytest

from extractor.families.availability.extract import extract_availability
from extractor.families.penalties.extract import extract_penalties
from extractor.families.timings.extract import extract_timings

EXTRACTORS = (extract_availability, extract_timings, extract_penalties)

GUIDES = [
    "什么是SLA?很多合同里写的是服务信用抵扣。比如某云厂商规定:\n当月可用性低于99.9%但高于99%:返还5%服务费\n"
    "可用性不低于99.9%,故障4小时内恢复。",
    "SLA补偿怎么算?一般来说,服务商承诺可用性不低于99.95%,故障响应时间不超过15分钟,未达标按月服务费的10%赔偿。",
    "本文介绍运维合同的常见条款。通常约定:30分钟内响应,2小时内到达现场,违约金为合同总额的5%。",
    "不少人打完热线就干等。其实很多人误以为热线直接办事:普通事项7个工作日内必须办结,最长不超过15个工作日。",
    "云主机售后服务深入解析\n据统计,许多用户忽视售后。好的服务商会承诺30分钟内响应,2小时内解决,可用性99.9%。",
    # consumer guides: how to agree a level, what the law says, how to claim
    "物业空调维保响应时间怎么约定?下面探讨几种做法:一级故障通常建议30分钟内到场,二级故障4小时内修复。",
    "一、法规依据\n按规定城镇宽带故障应在48小时内修复。\n二、实际平均时长\n城区报修后通常承诺24小时内响应,超时可维权。",
    "燃气报修多久上门?建议用户先拨打热线。用户应知悉:企业一般承诺2小时内上门,逾期可向12315维权。",
    "如何科学界定故障响应标准?政务平台往往要求30分钟内响应,头部厂商则承诺可用性不低于99.95%。",
    "行业规范与协议约束\n如何设定修复时限:电商企业往往要求支付故障15分钟内响应,4小时内修复。",
    # a primer on SLAs: a typical level, the provider and "its customers" in general
    "SLA定义了提供商与其客户之间的责任。典型的SLA会保证99.9%的可用性,故障4小时内恢复,否则赔偿10%服务费。",
    "服务等级协议至关重要。典型的云服务会承诺可用性不低于99.95%,30分钟内响应。",
    # advice on what a contract should say, and a platform's SLA explained by its key terms
    "维保合同关键条款分析\n许多业主只看价格。合同中应当明确处理时限,例如故障2小时内到场,一般故障24小时内解决。",
    "云平台SLA核心内容解析\n主流云平台的SLA通常将可用性定义为可正常使用的比例,例如某平台约定月度可用性不低于99.9%。",
    # a content site's page: its chrome marks it (a reader's contribution, a take-down notice, a view count)
    "设备停机多久算长?\n时间:01-17 人气:26\n单次停机不超过24小时为正常维护,维修人员需在4小时内到场。\n"
    "注意:本站部分文字内容由网友投稿,如侵权请联系删除。",
]
TENDERS = [  # a tender's requirements: the bidder has promised nothing yet
    "关于机房维护保养招标补充说明\n本次招标服务内容基本要求:\n1.每周至少进行一次巡检。\n2.接到报修后2小时内到达现场。",
    "设备维保招标公告\n招标内容及要求:故障响应时间不超过30分钟,可用性不低于99.9%。",
    "(二)免费保修期外售后服务要求\n1.投标人必须8小时内响应,24小时内维修到位。",
    "3.技术要求\n供应商须保证系统可用性不低于99.9%,故障2小时内恢复,超时按每小时200元扣款。",
    # the tender names the buyer 甲方 when it describes the future contract: still nobody has promised
    "空调维保招标公告\n招标内容及要求:维保单位接到甲方的故障通知后,应在2小时内到达现场。",
    # a clarification sent to every bidder: still the buyer's demands
    "耗材采购项目澄清文件\n各供应商:\n中标单位必须在接到通知后3天之内供货,如供货滞后,采购人可以扣除相应的款项。",
]
NEWS = [  # a dateline at the head of a paragraph, or a photo credit: a report
    "云服务宕机引发索赔\n8 月 6 日消息,某云服务商承诺用户服务可用性不低于99.9%,故障4小时内恢复。",
    "10月3日电,某运营商表示,宽带故障24小时内修复,超时按日赔偿。",
    "平台当机引发罚款(资料照,某航空提供)\n主管部门表示,厂商承诺故障4小时内恢复,可用性不低于99.9%,将依约罚款。",
    "(翻摄自网络)\n运营商称,宽带故障24小时内修复,可用性不低于99.5%。",
]
RELAYED = [  # a news article relaying a pledge or a standard made public: the pledge's items are facts
    "本报讯(记者 林晓岚)\n昨天,江城热力公司向社会做出公开承诺:接到报修后2小时内到达现场。",
    "本报讯 江城供电公司出台并实施《重要用户抢修服务办法》。该办法要求,抢修人员30分钟内到达现场。",
    "责任编辑:周敏\n江城燃气集团做出十项服务承诺,其中故障4小时内修复。",
    "本报讯 按下列标准向用户退还热费:室温低于16℃的,退还热费的20%。",
    "出入境服务承诺\n一、签证申请15个工作日办结;\n二、证件补办2个工作日办结。\n(责任编辑:城市网)",
]
NEWS_NO_PLEDGE = [  # a report of a dispute, a statement or a plan: still no facts
    "本报讯(记者 林晓岚)某云服务商发布声明称,故障4小时内已修复,可用性不低于99.9%。",
    "本报讯 全市燃气保障方案正式出台,抢险队能5分钟到达抢险现场。",
    "本报讯 服务承诺成空话?\n某云服务商发布声明称,故障4小时内已修复。",
]
NOT_NEWS = [  # a date that opens a clause of a letter is no dateline
    "我公司承诺:\n8月6日起,故障4小时内恢复,可用性不低于99.9%。",
]
OWN = [  # a letter of its own may explain terms and still commit
    "售后服务要求\n我公司承诺:接到报修后2小时内到达现场,24小时内修复。",
    "关于服务响应时间怎么约定的问题,经探讨,乙方承诺30分钟内响应。",
    "为符合行业规范,我公司承诺:故障30分钟内响应,头部厂商的标准同样适用。",
    "我公司郑重承诺:什么是可用性?即服务可正常使用的时间比例。本公司保证月度可用性不低于99.9%。",
    "乙方承诺:一般故障30分钟内响应;很多合同未写明的,本合同约定违约金为月服务费的5%。",
    "我公司深知系统稳定至关重要。典型的故障我们承诺30分钟内响应,可用性不低于99.9%。",
    "我公司承诺:设备照片(图片来源:现场拍摄)存档,故障2小时内到达现场,可用性不低于99.9%。",
    "服务承诺书\n合同中应当明确的各项指标,我公司承诺如下:故障2小时内到场,可用性不低于99.9%。",
    # a template letter in the third person, on a document-sharing page
    "产品功能保证承诺函\n本文档由用户提供并上传。遵循行业规范:承诺方承诺故障2小时内到达现场。",
    "服务承诺函\n什么是本项目的服务标准?一般来说,承诺人保证接到报修后4小时内到达现场。",
    "售后服务承诺\n本文介绍行业规范。就运维工作作出如下专项承诺:故障2小时内到场。",
    # a template letter on a content site speaks in its own voice
    "售后服务承诺书\n我公司承诺:接到报修后2小时内到达现场。\n本站部分文字内容由网友投稿,如侵权请联系删除。",
]


@pytest.mark.parametrize("text", GUIDES)
@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
def test_a_guide_commits_nothing(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text", TENDERS)
@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
def test_a_tenders_requirements_commit_nothing(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text", NEWS)
@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
def test_a_news_dateline_reports(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text", RELAYED)
def test_a_news_article_relaying_a_public_pledge_keeps_its_items(text):
    assert any(extract(text) for extract in EXTRACTORS)


@pytest.mark.parametrize("text", NEWS_NO_PLEDGE)
@pytest.mark.parametrize("extract", EXTRACTORS, ids=lambda f: f.__name__)
def test_a_news_article_with_no_public_pledge_still_reports(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text", NOT_NEWS)
def test_a_date_in_a_letter_is_no_dateline(text):
    assert extract_timings(text) != [] and extract_availability(text) != []


def test_a_contract_naming_both_parties_with_a_requirements_chapter_commits():
    text = "设备维保招标公告\n招标内容及要求:乙方接到甲方通知后2小时内到达现场。"
    assert extract_timings(text) != []


def test_a_bidders_reply_to_a_tender_still_commits():
    text = "关于机房维护保养招标补充说明\n本次招标服务内容基本要求如下,我公司承诺:接到报修后2小时内到达现场。"
    assert extract_timings(text) != []


@pytest.mark.parametrize("text", OWN)
def test_a_letter_with_its_own_commitment_keeps_its_facts(text):
    assert any(extract(text) for extract in EXTRACTORS)


def test_a_document_sharing_pages_chrome_is_no_guide_marker():
    text = "本文档由用户提供并上传,收益归属内容提供方。什么是服务可用性?服务商保证月度可用性不低于99.9%。"
    assert extract_availability(text) != []
    assert extract_availability(text.replace("本文档", "本文")) == []  # 本文 + 什么是: a guide


def test_one_guide_marker_is_not_enough():
    assert extract_availability("一般来说,乙方保证可用性不低于99.9%。") != []


def test_a_guide_naming_the_document_kinds_it_explains_is_still_a_guide():
    text = ("SLA就是服务商给客户的一个服务质量保证书。很多合同里写的是服务信用抵扣,比如某云厂商规定:"
            "可用性低于99.9%:返还5%服务费。")
    assert extract_penalties(text) == [] and extract_availability(text) == []


def test_the_scorer_compares_gold_strings_as_normalized_text():
    from extractor.app.evaluate import _equal

    assert _equal("華為云", "华为云") and _equal("乙方", "乙方")
    assert not _equal("華為云", "阿里云") and not _equal("云", None)


def test_the_scorer_finds_an_anchor_whose_layout_spaces_the_normalizer_dropped():
    from extractor.app.evaluate import _anchor_span

    text = "编号: 地址: 邮政编码:"
    assert _anchor_span(text, 0, len(text), "编号: 地 址", 0) == (0, 6)
    assert _anchor_span(text, 0, len(text), "传 真", 0) is None


def test_the_scorer_finds_an_anchor_copied_with_the_markdown_emphasis_its_reader_drops():
    from extractor.app.evaluate import _anchor_span

    text = "供电能力达 99.99% ,即中断不超过 4.4 分钟;甲方:******"
    assert _anchor_span(text, 0, len(text), "能力达 **99.99%**", 0) == (2, 12)
    assert _anchor_span(text, 0, len(text), "不超过 __4.4__ 分钟", 0) is not None
    assert _anchor_span(text, 0, len(text), "甲方:******", 0) is not None  # a star mask is no emphasis
    assert _anchor_span(text, 0, len(text), "能力达 **99.9%**", 0) is None


def test_the_scorer_finds_an_anchor_copied_with_the_table_bars_the_markdown_reader_drops():
    from extractor.app.evaluate import _anchor_span

    text = "低于 99% 但高于 95%\n不可用次数*10\n低于 95%\n不可用次数*50"
    assert _anchor_span(text, 0, len(text), "不可用次数*10  |", 0) == (text.index("不可用次数*10"), text.index("*10") + 3)
    assert _anchor_span(text, 0, len(text), "| 95% | 不可用次数*50 |", 0) is not None
    assert _anchor_span(text, 0, len(text), "不可用次数*100 |", 0) is None


def _scored(tmp_path, family: str, gold: list) -> tuple[int, int, int]:
    from extractor.app.evaluate import evaluate

    (tmp_path / "letter.txt").write_text("服务等级协议\n青岚云将按照本协议提供服务。\n如果青岚云未达到可用性承诺,"
                                         "客户可申请赔偿。\n可用性不低于99.9%。\n", encoding="utf-8")
    (tmp_path / "source.txt").write_text(".", encoding="utf-8")
    (tmp_path / f"{family}.json").write_text(json.dumps({"letter.txt#1": gold}, ensure_ascii=False), encoding="utf-8")
    s = evaluate(tmp_path, [family])[family]
    return s.tp, s.fp, s.fn


def test_a_party_is_scored_as_the_letters_entity_whichever_mention_the_gold_anchors(tmp_path):
    # slax reports one party per role (its first mention); the gold anchored the second one
    assert _scored(tmp_path, "parties", [{"anchor": "青岚云未达到", "role": "provider", "name": "青岚云"}]) == (1, 0, 0)
    assert _scored(tmp_path, "parties", [{"anchor": "青岚云未达到", "role": "provider", "name": "白鹭云"}]) == (0, 1, 1)


def test_other_families_are_still_scored_at_the_gold_anchor(tmp_path):
    assert _scored(tmp_path, "availability", [{"anchor": "服务等级协议", "value": 0.999}]) == (0, 1, 1)


QUOTED = [  # an example word opens a quotation: what such texts say, bounded or not
    "SLA看似只是一串百分比,例如“可用性不低于99.9%”,背后却是责任。",
    "合同里常见的条款,比如“故障响应时间不超过30分钟”,要写清楚起算点。",
    "我们建议写明指标,如:“月度可用性≥99.95%”。",
]
QUOTED_OWN = [  # a quotation that is the writer's own promise, or an example word with no quotation
    "乙方承诺:“月度可用性不低于99.9%”。",
    "我公司承诺系统可用性不低于99.9%,例如核心业务系统。",
    "例如核心系统,乙方保证故障响应时间不超过30分钟。",
]


@pytest.mark.parametrize("text", QUOTED)
@pytest.mark.parametrize("extract", (extract_availability, extract_timings), ids=lambda f: f.__name__)
def test_a_quoted_example_is_no_promise(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize("text", QUOTED_OWN)
def test_a_quoted_promise_or_an_unquoted_example_still_commits(text):
    assert extract_availability(text) or extract_timings(text)



def test_anchors_that_normalize_alike_mean_successive_occurrences():
    """乙方： and 乙方: are two places in the source; normalized, both read 乙方: and the second means the next one.
    The same anchor written twice is two facts at one place; an explicit occurrence is kept."""
    from extractor.app.evaluate import _occurrence, normalize_text
    met: dict = {}
    golds = [{"anchor": "乙方："}, {"anchor": "乙方:"}, {"anchor": "乙方："}, {"anchor": "乙 方：", "occurrence": 3},
             {"anchor": "5﹪"}, {"anchor": "5%"}]
    assert [_occurrence(g, normalize_text(g["anchor"]), met) for g in golds] == [0, 1, 0, 3, 0, 1]
