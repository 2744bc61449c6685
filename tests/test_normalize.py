import pytest
import regex
from _fixtures import drops_only_whitespace
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.document.normalize import normalize, normalize_text
from extractor.rules.patterns import load


def _rule_examples():
    data = load("normalize")
    rules = [r for kind in ("rewrite", "remove") for r in data.get(kind, [])] + [data["spaced"], data["wrap"], data["cell_lines"], data["flat_markdown"]]
    for rule in rules:
        for given_text, expected in rule.get("examples", []):
            yield pytest.param(given_text, expected, id=f"{rule['id']}:{given_text[:12]}")


@pytest.mark.parametrize("text, expected", list(_rule_examples()))
def test_rule_examples(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("服務可用性不低於９９．９５％", "服务可用性不低于99.95%"),
        ("響應時間：１５分鐘（一級故障）", "响应时间:15分钟(一级故障)"),
        ("违约金\u200b为5%", "违约金为5%"),
        ("\ufeff承诺书", "承诺书"),
        ("①响应②恢复", "①响应②恢复"),
        ("不低于\u3000\u3000%", "不低于  %"),
        ("＿＿＿年＿＿月＿＿日", "___年__月__日"),
        ("甲方\r\n乙方", "甲方\n乙方"),
        ("5個工作日內予以答覆", "5个工作日内予以答复"),
        ("2小時內回覆處(chǔ)理", "2小时内回复处理"),
    ],
)
def test_character_pass(text, expected):
    assert normalize_text(text) == expected


# A PDF copy wraps every line of a paragraph at one width (20 characters here).
_PARAGRAPH = "乙方承诺系统月度可用性不低于99.9%,故障发生后乙方应在15分钟内响应并于4小时内恢复服务,超出时限的按合同约定承担违约责任并向甲方书面说明原因。"
_WRAPPED = "第一条 服务承诺\n" + "\n".join(_PARAGRAPH[i : i + 20] for i in range(0, len(_PARAGRAPH), 20)) + "\n二、其他\n本承诺书自签字之日起生效。"


# A web copy of such a PDF puts a blank line after every line, and may keep one paragraph on a single long line.
_INTRO = "甲乙双方本着互惠互利的原则,经友好协商,就乙方向甲方提供机房动力环境设备维护服务的事宜达成如下承诺,双方共同遵守执行。"
_BODY = _PARAGRAPH + "乙方每季度对机房设备进行一次全面巡检,并在巡检完成后5个工作日内向甲方提交书面巡检报告,报告须列明发现的问题与整改建议。"
_DOUBLE_SPACED = "\n\n".join(
    [_INTRO, "第一条 服务承诺"] + [_BODY[i : i + 20] for i in range(0, len(_BODY), 20)] + ["二、其他", "本承诺书一式两份。"])
_PARAGRAPHS = "\n\n".join(["一、服务内容", "乙方负责机房空调与配电设备的日常巡检", "二、服务时间",
                            "乙方提供7×24小时电话支持", "三、响应时间", "乙方在接到报修后30分钟内响应",
                            "四、到场时间", "乙方在2小时内到达现场", "五、其他", "本承诺书一式两份"])


def test_a_double_spaced_page_is_unwrapped_at_its_common_width():
    assert normalize_text(_DOUBLE_SPACED) == "\n\n".join(
        [_INTRO, "第一条 服务承诺", _BODY, "二、其他", "本承诺书一式两份。"])


def test_a_double_spaced_page_of_short_lines_keeps_its_lines():
    assert normalize_text(_PARAGRAPHS) == _PARAGRAPHS


@pytest.mark.parametrize(
    "text, expected",
    [
        ("生 产 中 心 核 心 系 统 年 度 可 用 性 不 低 于 9 9 . 9 9 %", "生产中心核心系统年度可用性不低于99.99%"),
        ("乙 方 应 在 1 5 分 钟 内 响 应", "乙方应在15分钟内响应"),
        ("第 二 条  定 义", "第二条 定义"),
        ("网络可用性不低于\n99.9%。", "网络可用性不低于99.9%。"),
        ("乙方值班人员5分\n钟内响应。", "乙方值班人员5分钟内响应。"),
        ("恢复时间不超过4小\n时。", "恢复时间不超过4小时。"),
        ("核心系统电力可用\n性不低于99.99%。", "核心系统电力可用性不低于99.99%。"),
        ("3.3 网络故障时乙方响应时间不超过\n30分钟,恢复时间不超过4小\n时。\n4.3 乙方累计三次违约的,甲方有权解除本\n协议。",
         "3.3 网络故障时乙方响应时间不超过30分钟,恢复时间不超过4小时。\n4.3 乙方累计三次违约的,甲方有权解除本协议。"),
        (_WRAPPED, "第一条 服务承诺\n" + _PARAGRAPH + "\n二、其他\n本承诺书自签字之日起生效。"),
        ("2.6 社会保障及纳税证明\n我方提供了连续六个月缴纳社会保障资金的证明。\n响应时间不超过\n30分钟。",
         "2.6 社会保障及纳税证明\n我方提供了连续六个月缴纳社会保障资金的证明。\n响应时间不超过30分钟。"),
    ],
)
def test_pdf_paste_damage_is_repaired(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "99.0% ≤ 可用性 < 99.9%",
        "详见第 3 页",
        "RTO ≤ 30 min",
        "Service Level Agreement",
        "A | B | C | D",
        "__ 年 __ 月 __ 日",
        "月度可用性不低于    %",
        "年  月  日",
        "一、恢复目标\n1. 同城灾备:RTO≤30min。",
        "甲方:青禾网络科技有限公司\n乙方:远屿数据中心运营有限公司",
        "服务可用性不低于99.9%\n故障响应时间不超过15分钟\n故障恢复时间不超过4小时",
        "| 可用性 | 不低于\n99.9% |",
        "第一条 服务承诺\n" + _PARAGRAPH[:20] + "\n" + _PARAGRAPH[20:40] + "\n二、其他",
        "本承诺书一式两份,甲乙双方各执一份,具有同等法律效力\n承诺方(盖章):某某科技有限公司",
    ],
)
def test_normal_layout_is_kept(text):
    assert normalize_text(text) == text


def test_seed_is_clean(seed_text):
    text = normalize_text(seed_text)
    assert not regex.search(r"\p{Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", text)
    for junk in ("PAGE", "NUMPAGES", "下载本文档", "温馨提示", "最新文档", "提交评论", "版权说明", "本站"):
        assert junk not in text
    assert "导致服务中断" in text


def _check_map(source: str, start: int, end: int):
    norm = normalize(source)
    start, end = sorted((start % (len(norm.text) + 1), end % (len(norm.text) + 1)))
    s, e = norm.source_span(start, end)
    assert 0 <= s <= e <= len(source)
    again = normalize_text(source[s:e])
    # The layout repairs read context (a run's length, neighbouring lines): a slice
    # may keep a space or line end the whole text dropped, and nothing else differs.
    assert again == norm.text[start:end] or drops_only_whitespace(again, norm.text[start:end])


ALPHABET = st.sampled_from(list("服務可用性不低於99.5%％（）：，。；第1页共2页承诺书_＿ \n\t一二、.(1)①ABCabc\u200b\ufeff"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=80), st.integers(0, 200), st.integers(0, 200))
def test_offset_map_is_exact_on_random_text(text, a, b):
    _check_map(text, a, b)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 30000), st.integers(1, 300))
def test_offset_map_is_exact_on_the_seed(seed_text, start, length):
    norm = normalize(seed_text)
    start = start % len(norm.text)
    end = min(len(norm.text), start + length)
    s, e = norm.source_span(start, end)
    # A slice that cuts through a rewritten run maps to the whole run; skip those spans.
    if any(norm.offsets.ends[i] - norm.offsets.starts[i] > 1 for i in (start, end - 1)):
        return
    assert normalize_text(seed_text[s:e]) == norm.text[start:end]


def test_empty_span_maps_to_a_position():
    norm = normalize("服務(wù)好")
    assert norm.source_span(0, 0) == (0, 0)
    assert norm.source_span(len(norm.text), len(norm.text)) == (len("服務(wù)好"), len("服務(wù)好"))


def _char_pass_reference(text):
    """The character pass written out character by character: each character's conversion and, for every
    output character, the source character it came from."""
    from extractor.document.normalize import _convert_char

    out, starts, ends = [], [], []
    for i, ch in enumerate(text):
        piece = _convert_char(ch)
        out.append(piece)
        starts += [i] * len(piece)
        ends += [i + 1] * len(piece)
    return "".join(out), starts, ends


@pytest.mark.parametrize("texts", [
    ["服務水平承諾書", "服務時間:7×24小時", "可用性≥99.9%"],  # the second text meets characters the first converted
    ["服務\u200b水平", "服務水平", "ﬁ服務", "服務水平"],  # a deleted and a widened character, then neither
    ["ＡＢＣ１２３", "ＡＢＣ\ufeff１２３", "ＡＢＣ１２３"],
])
def test_character_pass_is_the_same_whatever_the_texts_before(texts):
    """Characters are converted once per process and kept: a text's pass must not depend on what came before."""
    from extractor.document.normalize import _char_pass

    for text in texts + texts[::-1]:
        got = _char_pass(text)
        assert (got[0], list(got[1]), list(got[2])) == _char_pass_reference(text)
