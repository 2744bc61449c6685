import regex
import pytest
from hypothesis import given, settings, strategies as st

from extractor.normalize import normalize, normalize_text
from extractor.patterns import load


def _rule_examples():
    data = load("normalize")
    for kind in ("rewrite", "remove"):
        for rule in data.get(kind, []):
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
    assert normalize_text(source[s:e]) == norm.text[start:end]


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
