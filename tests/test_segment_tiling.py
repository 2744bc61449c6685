"""Property: whatever the layout of a multi-letter file, segmentation drops no text.

Generated files hold 1-4 letters with or without titles, titles with ordinals of several styles or none,
run together on one line or on separate lines, with page footers (第1页共2页) and pinyin glosses (服務(wù))
inside sentences and a preamble that is chrome, a collection title or a letter without title. On the
normalized text, the letters' spans and the non-letter regions tile the text exactly, no region outside the
letters holds a fact any extractor finds, and a letter split in mid-line at a title without ordinal is warned.
"""
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.document.normalize import normalize_text
from extractor.document.segment import split
from extractor.pipeline import FAMILIES, extractor_for, holds_facts

EXAMPLES = int(os.environ.get("SLAX_TILING_EXAMPLES", 250))
CN = "一二三四五六七八九十"
TITLES = ["售后服务承诺书", "服务水平连续性保证承诺书", "运维服务承诺书", "云服务等级协议", "系统运维服务保障承诺函"]
ORDINALS = [None, "（{cn}）", "之{cn}", "第{n}篇", "第（{n}）篇", "({n})"]
SEPARATORS = ["", "\n", "\n\n", "  \n", "\u3000"]
PREAMBLES = ["", "售后服务承诺书（3篇）\n", "附件1：\n", "目录\n", "\n\n下载本文档\n", "服务承诺书汇编",
             "致：采购人\n我公司承诺故障30分钟内响应。\n", "承诺单位（盖章）：__________\n"]
SENTENCES = [
    "致：{org}", "我公司就本项目服务郑重承诺如下：", "一、接到报修后{n}分钟内响应，{h}小时内到达现场。",
    "二、系统可用性不低于99.{n}%。", "三、每超时1小时支付违约金{m}元。", "四、{h}小时内恢复服务运行。",
    "承诺单位（盖章）：__________", "日期：____年__月__日", "日期：2024年{h}月{n}日", "特此承诺。",
    "本承诺书一式两份。", "法定代表人（签字）：", "五、故障排除后{h}个工作日内提交报告",
]
ORGS = ["宁川市数据局", "东湖区信息化服务中心", "__________（采购人）"]
FURNITURE = ["第1页共2页", "第 2 页，共 3 页", "服務(wù)", "連續(xù)性"]

LETTER = st.fixed_dictionaries({
    "title": st.sampled_from(TITLES + [None]),
    "ordinal": st.sampled_from(ORDINALS),
    "sentences": st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
    "numbers": st.tuples(st.integers(1, 59), st.integers(1, 12), st.integers(100, 9999), st.sampled_from(ORGS)),
    "furniture": st.lists(st.tuples(st.sampled_from(FURNITURE), st.integers(0, 400)), max_size=2),
    "separator": st.sampled_from(SEPARATORS),
})


def _letter_text(i: int, spec: dict) -> str:
    n, h, m, org = spec["numbers"]
    body = "".join(s.format(n=n, h=h, m=m, org=org) for s in spec["sentences"])
    for piece, at in spec["furniture"]:  # footers and glosses land anywhere, mid-sentence included
        at %= len(body) + 1
        body = body[:at] + piece + body[at:]
    title = spec["title"] or ""
    if title and spec["ordinal"]:
        title += spec["ordinal"].format(cn=CN[i], n=i + 1)
    return title + spec["separator"] + body + spec["separator"]


def _text(preamble: str, letters: list[dict]) -> str:
    return normalize_text(preamble + "".join(_letter_text(i, spec) for i, spec in enumerate(letters)))


def _assert_tiles(text: str, segmentation) -> None:
    pieces = sorted([(l.start, l.end) for l in segmentation.letters]
                    + [(r.start, r.end) for r in segmentation.regions])
    pos = 0
    for start, end in pieces:
        assert start == pos and end > start, (pos, start, end, text)
        pos = end
    assert pos == len(text)


def _facts_anywhere(text: str):
    for family in FAMILIES:
        yield from extractor_for(family)(text)


TILING = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@TILING
@given(preamble=st.sampled_from(PREAMBLES), letters=st.lists(LETTER, min_size=1, max_size=4))
def test_letters_and_regions_tile_the_text_and_hold_every_fact(preamble, letters):
    text = _text(preamble, letters)
    _assert_tiles(text, split(text))  # cue words alone decide what a preamble is
    segmentation = split(text, holds_facts)  # as the pipeline splits: the extractors decide too
    _assert_tiles(text, segmentation)
    outside = [r for r in segmentation.regions if r.kind != "whitespace"]
    for region in outside:
        assert not holds_facts(text[region.start:region.end]), (region, text)
    for fact in _facts_anywhere(text):  # facts found in the whole text, with all its context, are in letters
        for region in outside:
            assert fact.span.end <= region.start or fact.span.start >= region.end, (fact, region, text)


@TILING
@given(preamble=st.sampled_from(PREAMBLES), letters=st.lists(LETTER, min_size=1, max_size=4))
def test_a_mid_line_split_without_ordinal_is_warned(preamble, letters):
    text = _text(preamble, letters)
    for letter in split(text).letters:
        if letter.index > 1 and letter.marker is None and text[letter.start - 1] != "\n":
            assert any("without ordinal in mid-line" in n for n in letter.notes), (letter, text)
