"""Properties of explain_normalized() on generated letters and on every sample and test letter: each figure the
scanner finds is explained exactly once with one fate and a reason that holds (an aside only where nothing
claimed the figure, an unclaimed figure only where no aside applies), every fact's figures are `fact`, and
explaining changes no fact."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.commitment.filters import commits_nothing_because
from extractor.document.normalize import normalize
from extractor.document.read import read
from extractor.pipeline import FATES, chunks, explain_normalized, extract_normalized
from extractor.rules.asides import set_aside
from extractor.rules.figures import figures
from extractor.rules.lexicon import lexicon

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "samples" / "letters").iterdir()) + sorted((ROOT / "tests" / "letters").glob("*.txt"))


def _overlaps(a: tuple[int, int], start: int, end: int) -> bool:
    return a[0] < end and start < a[1]


def check(text: str) -> None:
    """Every property of the explanation of the normalized ``text``."""
    explained = explain_normalized(text)
    assert [e.letter.facts for e in explained] == [lf.facts for lf in extract_normalized(text)]
    for e in explained:
        seg, facts = e.letter.segment, e.letter.facts
        scanned = [f.shifted(start) for start, end in chunks(text, seg.start, seg.end)
                   for f in figures(text[start:end])]
        assert [x.figure for x in e.figures] == scanned  # each figure once, in order
        for x in e.figures:
            assert x.fate in FATES
            covering = [(family, i) for family, found in facts.items() for i, f in enumerate(found)
                        if _overlaps(x.figure.span, f.span.start, f.span.end)]
            stopped = [h for h in e.vetoes if _overlaps(x.figure.span, h.start, h.end)]
            if x.fate == "fact":
                assert (x.family, x.index) in covering
                assert x.rule == (getattr(facts[x.family][x.index], "rule", None)
                                  or getattr(facts[x.family][x.index], "role", None))
            elif x.fate == "vetoed" and x.family == "commitment" \
                    and not any(h.family == "commitment" for h in stopped):  # the whole piece commits to nothing
                start, end = next((a, b) for a, b in chunks(text, seg.start, seg.end) if a <= x.figure.span[0] < b)
                assert not covering and x.index is None
                assert commits_nothing_because(text[start:end], lexicon()) == (x.rule, x.words)
            elif x.fate == "vetoed":
                assert not covering and (x.family, x.rule, x.words) in [(h.family, h.veto, h.words) for h in stopped]
                assert x.index is None
            elif x.fate == "aside":  # only a figure nothing claimed, and its block's words are there
                start, end = next((a, b) for a, b in chunks(text, seg.start, seg.end) if a <= x.figure.span[0] < b)
                hit = set_aside(text[start:end], x.figure.span[0] - start, x.figure.span[1] - start, x.figure.kind)
                assert not covering and not stopped and x.family is None and x.index is None
                assert hit is not None and (hit.aside, hit.words, hit.reason) == (x.rule, x.words, x.reason)
            else:
                assert not covering and not stopped and x.family is x.rule is x.words is None
                start, end = next((a, b) for a, b in chunks(text, seg.start, seg.end) if a <= x.figure.span[0] < b)
                assert set_aside(text[start:end], x.figure.span[0] - start, x.figure.span[1] - start,
                                 x.figure.kind) is None
        for found in facts.values():  # every fact's figure is accounted for as a fact
            for fact in found:
                for x in e.figures:
                    if _overlaps(x.figure.span, fact.span.start, fact.span.end):
                        assert x.fate == "fact"
        for h in e.vetoes:  # hits are in this letter's text, where the veto saw its figure
            assert seg.start <= h.start <= h.end <= seg.end


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_letter_file(path):
    check(normalize(read(path).text).text)


_UNITS = sorted(lexicon().unit_of_word)
_NUMBER = st.one_of(st.integers(1, 999).map(str), st.sampled_from(["0.5", "1.5", "99.9", "99.95", "十五", "两", "三",
                                                                    "二十四", "半", "____", "××", "(  )"]))
FIGURE = st.one_of(
    st.builds(lambda n: n + "%", _NUMBER),
    st.builds(lambda n, u: n + u, _NUMBER, st.sampled_from(_UNITS)),
    st.builds(lambda a, b: f"{a}:00-{b}:30", st.integers(0, 12), st.integers(13, 23)),
    st.builds(lambda n, s: n + s, _NUMBER, st.sampled_from(["元", "万元", "元整"])),
    st.builds(lambda n: f"千分之{n}", st.sampled_from(["一", "二", "五", "0.5"])),
    st.builds(lambda n: n + "倍", st.sampled_from(["2", "两", "三"])),
    st.sampled_from(["____", "__________", "[公司全称]", "【  】", "XX"]),
)
PHRASES = [
    "核心系统可用性不低于{}", "故障响应时间不超过{}", "接到报修后{}内到达现场", "每超时{}扣除服务费的{}",
    "若服务中断超过{}的,甲方有权解除合同", "违约金为{}", "工作日{}提供现场支持", "按日支付{}的滞纳金",
    "承诺方:{}", "每年投入不低于合同总额的{}用于研发", "连续{}未达标的,赔偿{}", "应在{}内恢复服务,否则支付{}",
    "数据保存期限为{}", "如{}内无法修复,乙方应提供备机", "{}", "本承诺自{}起生效",
    "一个服务周期为{}", "可用性=可用时间/总时间×{}", "合同总价为{}", "用户满意度不低于{}",  # [[aside]] words
]


@st.composite
def letters(draw):
    clauses = []
    for i in range(draw(st.integers(1, 8))):
        phrase = draw(st.sampled_from(PHRASES))
        clauses.append(f"{i + 1}." + phrase.format(*(draw(FIGURE) for _ in range(phrase.count("{}")))))
    separator = draw(st.sampled_from(["。\n", ";", "。"]))
    return "服务承诺书\n承诺方:某某公司\n" + separator.join(clauses) + "。"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letters())
def test_generated_letters(text):
    check(normalize(text).text)
