from pathlib import Path

import pytest

from extractor.document.clauses import sentences
from extractor.document.normalize import normalize_text
from extractor.document.segment import segment, split
from extractor.pipeline import holds_facts
from extractor.rules.patterns import load

OUTLINES = Path(__file__).parent / "outlines"
LETTERS = Path(__file__).parent / "letters"


@pytest.fixture(scope="module")
def seed_letters(seed_text):
    text = normalize_text(seed_text)
    return text, segment(text)


def test_seed_has_nine_letters_with_titles(seed_letters):
    _, letters = seed_letters
    assert [l.index for l in letters] == list(range(1, 10))
    assert {l.title for l in letters} == {"服务水平连续性保证承诺书"}
    assert [l.marker for l in letters] == [f"第({i})篇" for i in range(1, 10)]


def test_only_the_last_seed_letter_is_truncated(seed_letters):
    _, letters = seed_letters
    assert [l.index for l in letters if l.truncated] == [9]


def test_letters_start_at_their_title_and_do_not_overlap(seed_letters):
    text, letters = seed_letters
    for a, b in zip(letters, letters[1:]):
        assert a.end <= b.start
    for l in letters:
        assert text[l.start:].startswith("服务水平连续性保证承诺书第(")


def _read_outline(n):
    rows = []
    for line in (OUTLINES / f"seed_letter_{n}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cid, heading = line.strip().split("\t")
        rows.append((cid, heading, (len(line) - len(line.lstrip(" "))) // 2 + 1))
    return rows


@pytest.mark.parametrize("n", [2, 5, 9])
def test_seed_clause_outline_matches_hand_checked(seed_letters, n):
    _, letters = seed_letters
    got = [(c.id, c.heading, c.depth) for c in letters[n - 1].clauses]
    assert got == _read_outline(n)


def _ids(text):
    letters = segment(text)
    assert len(letters) == 1
    return [c.id for c in letters[0].clauses]


@pytest.mark.parametrize(
    "text, ids",
    [
        ("一、总则二、服务内容(一)响应(二)恢复三、附则", ["一", "二", "二.(一)", "二.(二)", "三"]),
        ("1.总则1.1制定宗旨为保证服务。1.2适用范围本承诺书适用于全部服务。2.附则", ["1", "1.1", "1.2", "2"]),
        ("1.核心承诺1.1可用性1.1.1核心系统可用性不低于99.5%。1.1.2非核心系统不低于99%。2.附则",
         ["1", "1.1", "1.1.1", "1.1.2", "2"]),
        ("第一条 服务内容1.1 响应。1.2 恢复。第二条 违约责任", ["第一条", "第一条.1.1", "第一条.1.2", "第二条"]),
        ("(1)可用性;(2)响应时间;(3)恢复", ["(1)", "(2)", "(3)"]),
        ("故障分级:①一级故障;②二级故障;③三级故障", ["①", "②", "③"]),
        ("1、服务内容\n2、服务标准\n3、违约责任", ["1", "2", "3"]),
        ("1. 总则\n2. 标准\n  (1) 可用性\n  (2) 响应\n3. 附则", ["1", "2", "2.(1)", "2.(2)", "3"]),
    ],
)
def test_numbering_schemes_nest(text, ids):
    assert _ids(text) == ids


@pytest.mark.parametrize(
    "text",
    [
        "1.服务可用性不低于99.5%,违约金按0.5‰计。2.附则",
        "1.在第5个工作日前完成整改,费用按2.1倍计算。2.附则",
        "1.详见第3.2条约定,版本V2.1生效。2.附则",
        "1.响应时间8:00-20:00,数据保留1.5年。2.附则",
        "1.于2024.1.1前完成。2.附则",
    ],
)
def test_numbers_inside_sentences_are_not_clauses(text):
    assert _ids(text) == ["1", "2"]


def test_cn_list_is_not_a_severity_range():
    assert _ids("一、故障分级对一、二级故障须30分钟内响应。二、附则") == ["一", "二"]


@pytest.mark.parametrize(
    "text, count, titles",
    [
        ("售后服务承诺书(一)\n一、响应及时。\n售后服务承诺书(二)\n一、到场及时。", 2, ["售后服务承诺书", "售后服务承诺书"]),
        ("运维服务承诺书\n一、7×24小时响应。", 1, ["运维服务承诺书"]),
        ("服务承诺书第1篇一、响应。服务承诺书第2篇一、恢复。服务承诺书第3篇一、赔偿。", 3, ["服务承诺书"] * 3),
        ("云服务等级协议\n1.服务可用性\n\n云服务等级协议\n1.服务可用性", 2, ["云服务等级协议"] * 2),
        ("网络安全运维服务承诺书\n一、响应。\n数据备份与恢复服务承诺书\n一、备份。", 2,
         ["网络安全运维服务承诺书", "数据备份与恢复服务承诺书"]),
        ("服务承诺书第1篇一、响应。\n运维服务承诺书第2篇一、恢复。售后服务承诺书第3篇一、赔偿。", 3,
         ["服务承诺书", "运维服务承诺书", "售后服务承诺书"]),
    ],
)
def test_letters_in_other_files(text, count, titles):
    letters = segment(text)
    assert len(letters) == count
    assert [l.title for l in letters] == titles


def test_sentences_split_on_terminators_and_lines():
    text = "响应时间15分钟;恢复时间4小时。是否满足?\n附则"
    got = [text[s:e] for s, e in sentences(text, 0, len(text))]
    assert got == ["响应时间15分钟;", "恢复时间4小时。", "是否满足?", "附则"]


def test_empty_text_has_no_letters():
    assert segment("   \n") == []


def _title_examples():
    from extractor.rules.patterns import load

    return [(e["text"], e["title"]) for e in load("segment")["letters"]["title_examples"]]


@pytest.mark.parametrize("text, title", _title_examples())
def test_title_words_cut_what_the_letter_before_left(text, title):
    from extractor.document.segment import _title_core

    assert _title_core(text) == title


def test_letters_scraped_onto_one_line_keep_their_own_endings():
    one_line = ("服务承诺书汇编(3篇)运维服务连续性承诺书第(1)篇一、乙方承诺可用性不低于99.9%。承诺单位:东湖区信息化服务中心"
                "服务质量保证承诺书第(2)篇一、故障15分钟内响应。日期:2024年6月18日"
                "售后服务承诺书第(3)篇一、2小时内到场。承诺人(盖章):星桥云网科技有限公司")
    letters = segment(one_line)
    assert [(lt.title, lt.truncated) for lt in letters] == [
        ("运维服务连续性承诺书", False), ("服务质量保证承诺书", False), ("售后服务承诺书", False)]
    assert one_line[letters[0].start:letters[0].end].endswith("东湖区信息化服务中心")
    assert one_line[letters[1].start:letters[1].end].endswith("2024年6月18日")


@pytest.mark.parametrize("text", [
    "服务水平连续性保证承诺书第(6)篇为保证工作顺利开展……第一条 第2篇",
    "第1篇服务承诺书第2篇运维承诺书 第 3 篇",
    "售后服务承诺书第(2)篇 违约金第三条 第二篇\n\n  运维服务承诺函\n第(4)篇",
    "内容分发网络(CDN)服务等级协议  第 10 篇" + "第一条" * 200 + "服务协议第5篇",
    "第一条 第二条 没有篇目",
    "",
])
def test_letter_markers_are_those_the_marker_regex_finds(text):
    """_markers starts each search near the next 第…篇 (a match's title is bounded): the same matches as a
    finditer of the whole text, with their titles."""
    from extractor.document.segment import _markers
    from extractor.document.segment_rules import _rules

    rules = _rules()
    assert rules["marker_reach"] is not None
    whole = [(m.span(), m.groupdict()) for m in rules["marker"].finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _markers(text, rules)] == whole


@pytest.mark.parametrize("name", ["counter", "restart"])
def test_title_scans_skipped_without_their_core_find_what_the_full_regex_finds(name):
    """A letter without a title word followed by a counter (or by a letter opening) is not scanned with the full
    regex: _held_matches gives the same matches as its finditer, on the test letters and on texts that hold them."""
    from extractor.document.read import read
    from extractor.document.segment import _held_matches
    from extractor.document.segment_rules import _rules

    rules = _rules()
    assert rules[name + "_core"] is not None
    texts = [normalize_text(read(p).text) for p in sorted(LETTERS.glob("*.txt"))]
    texts += ["售后服务承诺书(二)\n我公司承诺", "运维服务承诺书之二 致:采购人", "2024年5月20日售后服务承诺书致:甲方",
              "服务协议 \t尊敬的客户", "承诺书", ""]
    for text in texts:
        for pos in (0, 5):
            whole = [(m.span(), m.groupdict()) for m in rules[name].finditer(text, pos)]
            assert [(m.span(), m.groupdict()) for m in _held_matches(rules, name, text, pos)] == whole


@pytest.mark.parametrize("prefix, one", [("(?:[\\p{Han}]|\\([A-Z]{1,10}\\)){0,24}?", True), ("a|b", False),
                                         ("[|]x", True), ("a)|(?:", False), ("(?:a", False)])
def test_a_title_prefix_with_a_top_level_branch_gets_no_core(prefix, one):
    from extractor.document.segment_rules import _one_branch

    assert _one_branch(prefix) is one


def _letters_examples(key: str) -> list[str]:
    return load("segment")["letters"][key]


@pytest.mark.parametrize("text", _letters_examples("header_examples"))
def test_a_title_heading_no_fact_or_a_cover_page_joins_the_next_letter(text):
    text = normalize_text(text)
    [letter] = split(text, holds_facts).letters
    assert letter.title == text.split("\n")[-2]  # the title over the last line: the joined letter's own
    assert text[letter.start:letter.end] == text.strip()  # nothing left outside the letter


@pytest.mark.parametrize("text", _letters_examples("not_header_examples"))
def test_letters_with_commitments_of_their_own_stay_apart(text):
    assert len(split(normalize_text(text), holds_facts).letters) == 2


@pytest.mark.parametrize("text", _letters_examples("preamble_header_examples"))
def test_a_header_of_fields_above_the_first_title_joins_the_first_letter(text):
    text = normalize_text(text)
    [letter] = split(text, holds_facts).letters
    assert text[letter.start:letter.end] == text.strip()  # the header's slots stay inside the letter


@pytest.mark.parametrize("text", _letters_examples("not_preamble_header_examples"))
def test_a_preamble_holding_a_level_or_a_sentence_stays_a_letter(text):
    assert len(split(normalize_text(text), holds_facts).letters) == 2


@pytest.mark.parametrize("text", _letters_examples("signed_examples"))
def test_a_preamble_after_a_signature_block_opens_a_new_letter(text):
    text = normalize_text(text)
    first, second = split(text, holds_facts).letters
    opening = next(line for line in text.split("\n") if line.startswith(("为", "根据")))
    assert second.start == text.index(opening) and first.end <= second.start
    assert second.notes and "signature block" in second.notes[0]  # a doubtful split is reported
    assert text[first.start:first.end].rstrip().endswith(("日", ":", "20日"))  # the block stays with the first


@pytest.mark.parametrize("text", _letters_examples("not_signed_examples"))
def test_a_cover_page_an_annex_or_a_short_note_after_the_signature_opens_no_letter(text):
    assert len(split(normalize_text(text), holds_facts).letters) == 1


@pytest.mark.parametrize("first, second", _letters_examples("examples_counter_at_line_end"))
def test_titles_numbered_at_their_line_end_start_letters(first, second):
    text = normalize_text(f"质量保证书15篇\n{first}\n一、乙方承诺故障2小时内响应。\n{second}\n一、乙方承诺4小时内到场。")
    letters = split(text, holds_facts).letters
    assert [text[l.start:l.end].split("\n")[0] for l in letters] == [first, second]


@pytest.mark.parametrize("text", _letters_examples("not_counter_examples"))
def test_a_year_or_a_count_after_a_title_is_no_counter(text):
    assert len(split(normalize_text(text), holds_facts).letters) == 1
