"""Keyword prefilters are necessary conditions: every match of every rule, cue and veto holds one of its words."""
from pathlib import Path

import pytest
import regex

from extractor.document.normalize import normalize
from extractor.document.read import read
from extractor.rules.prefilter import analyse, words

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "tests" / "letters").glob("*.txt")) + sorted((ROOT / "samples" / "letters").glob("*.txt"))


@pytest.mark.parametrize("pattern, expected, exact", [
    (r"分之|[%‰]", ("%", "‰", "分之"), True),
    (r"(?:最高|最多)为?(?P<rate>\d+%)", ("最多", "最高"), False),  # 最高为 holds 最高: the shorter says the same
    (r"(?<!每)(?:低于|小于)[ ]?\d+%", ("低于", "小于"), False),  # the lookbehind consumes nothing
    (r"a(?=b)b", ("ab",), False),  # a lookahead between two letters: both are consumed, side by side
    (r"x{0,3}y", ("y",), False),
    (r"(?:累计)?(?:不超过|不高于)\d+元", ("不超过", "不高于"), False),  # longer words are rarer than 元
    (r"(?m)^[ ]?第[一二]章总则", ("第一章总则", "第二章总则"), False),
    (r"^甲方$", ("甲方",), False),  # anchors: not exact (a text holding 甲方 need not match)
])
def test_words_of_a_pattern(pattern, expected, exact):
    found = analyse(pattern, regex.compile(pattern).flags)
    assert found.words == expected and found.exact is exact


@pytest.mark.parametrize("pattern", [
    r"(?i:uptime)|可用性",  # case-insensitive words: any case may match
    r"(?i)sla",
    r"^(?!.*违约).+",  # only a lookahead names a word; the match consumes anything
    r"\p{Han}{2,}",
    r"(?P<x>甲方)(?P=x)?|\L<names>",
    r"(?:违约金){e<=1}",  # fuzzy: 违约全 matches too
    r"[^。]+",
    r"(?:甲|乙)?方?",  # may match the empty string
])
def test_patterns_without_a_safe_word_list_are_always_searched(pattern):
    compiled = regex.compile(pattern, names=["甲方"]) if r"\L" in pattern else regex.compile(pattern)
    found = analyse(pattern, compiled.flags)
    assert found.words == () and not found.excluded("nothing here at all")


def test_a_text_without_the_words_is_excluded_and_one_with_them_is_not():
    found = analyse(r"(?:最高|最多)为?(?P<rate>\d+%)", regex.compile("").flags)
    assert found.excluded("违约金为月服务费的5%")
    assert not found.excluded("最多为月服务费的5%") and not found.excluded("最高扣减")


@pytest.mark.parametrize("pattern", [r"(?:最高|最多)为?(?P<rate>\d+%)", r"RPO|恢复点目标|RTO|恢复时间目标|可用率"])
def test_a_long_text_asked_word_by_word_answers_as_the_alternation(pattern):
    """A text longer than LONG_TEXT is asked word by word for a short list (may_match, excluded), a shorter one
    with the alternation: either way, only a text without every word is excluded, wherever the word stands."""
    from extractor.rules.prefilter import LONG_TEXT, may_match

    compiled = regex.compile(pattern)
    found = words(compiled)
    filler = "甲方承诺按约定提供服务。" * (LONG_TEXT // 12 + 1)
    for word in found.words:
        for text in (word + filler, filler + word, filler[:50] + word + filler[50:], word, "服务" + word):
            assert may_match(compiled, text) and not found.excluded(text), (word, len(text))
        split = word[0] + "。" + word[1:]  # a word cut in two holds no word
        for text in (filler + split, split, filler):
            assert not may_match(compiled, text) and found.excluded(text), (word, len(text))


def _every_rule_pattern() -> list[regex.Pattern]:
    """Every pattern the families compile (rules, needs, cues, vetoes, fragments), after warming them all."""
    from extractor.app.batch import _warm
    from extractor.rules import rulecache

    _warm()
    for path in LETTERS[:20]:
        from extractor.pipeline import extract_normalized

        extract_normalized(normalize(read(path).text).text)
    return [p for p in (rulecache._entries or {}).values() if isinstance(p, regex.Pattern)]


PATTERNS = _every_rule_pattern()
FILTERED = [p for p in PATTERNS if words(p).words]
TEXTS = [normalize(read(p).text).text for p in LETTERS]


def test_most_rule_patterns_have_words():
    assert len(PATTERNS) > 200 and len(FILTERED) > 0.8 * len(PATTERNS)


@pytest.mark.parametrize("index", range(len(FILTERED)), ids=lambda i: f"pattern{i}")
def test_every_match_in_the_letters_holds_one_of_its_words(index):
    """The prefilter skips a text that holds none of the words: it must never skip one where the pattern
    matches. Checked on whole letters and on each of their sentences (where families search)."""
    pattern = FILTERED[index]
    known = words(pattern)
    for text in TEXTS:
        for piece in [text, *regex.findall(r"[^。;!?\n]+", text)]:
            for m in pattern.finditer(piece):
                assert any(w in m.group(0) for w in known.words), (pattern.pattern[:80], m.group(0))
                assert all(any(w in m.group(0) for w in part) for part in known.also), (pattern.pattern[:80], m.group(0))
            if known.exact:
                assert (pattern.search(piece) is not None) == (not known.excluded(piece))


def test_every_required_part_of_a_sequence_gives_its_words():
    found = analyse(r"(?<![\d:])(?P<h>\d{1,2})[:点]\d\d[ ]?[-~至](?P<e>\d{1,2})[:点]\d\d", 0)
    assert found.words == (":", "点") and found.also == (("-", "~", "至"),)
    assert found.line_holds("9:00-18:00", 0, 10) and not found.line_holds("9:00,18:00", 0, 10)


def test_branches_keep_their_shortest_words():
    """(签字) holds 签字: a match of either branch consumes one of the shorter words, so the list stays short."""
    nouns = [f"项{chr(0x4E00 + i)}" for i in range(40)]  # 80 words in all: more than a list may hold (MAX_WORDS)
    words_of = analyse("(?:" + "|".join(f"[\\p{{Han}}]{{0,4}}{n}|\\({n}\\)" for n in nouns) + "):", 0)
    assert sorted(words_of.words) == sorted(nouns) and words_of.also == ((":",),)


def _line_rules():
    """Every rule of every family that declares ``within = "line"`` (each family compiles its own fragments in)."""
    from extractor.families.blanks.extract import _rules as blanks
    from extractor.families.parties.extract import _rules as parties
    from extractor.families.timings.extract import _rules as timings
    from extractor.rules.matching import rules

    every = [*timings(), *parties().rules, *blanks().detectors, *rules("penalties"), *rules("availability")]
    return [r for r in every if r.within == "line"]


LINE_RULES = _line_rules()


def test_the_line_rules_are_found():
    assert {r.id for r in LINE_RULES} >= {"definition", "empty_field", "support_hours_range", "support_hours_clock"}


@pytest.mark.parametrize("rule", LINE_RULES, ids=lambda r: r.id)
def test_a_line_rule_finds_by_line_what_it_finds_in_the_whole_text(rule):
    """``within = "line"`` promises that no match and no lookahead reads past a line end: searching only the lines
    that hold the rule's words finds the same matches, with the same groups."""
    from extractor.rules.matching import line_matches

    for text in TEXTS + [ex if isinstance(ex, str) else ex[0] for ex in rule.examples]:
        whole = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in line_matches(rule.pattern, text)] == whole, rule.id


def test_spans_holding_finds_words_crossing_a_span_end_and_overlapping():
    """One scan answers for every span: a word across a span's end (A|B) counts for neither span, and does not
    hide a word that starts inside it and overlaps it (BC)."""
    known = analyse(r"(?:AB|BC|D)x?", 0)
    text, spans = "zxAB。zA", [(0, 3), (3, 5), (5, 8)]  # zxA | B。 | zA: AB lies across the first span's end
    assert known.spans_holding(text, [s for s, _ in spans], [e for _, e in spans]) == set()
    text, spans = "xABCy。D", [(0, 2), (2, 5), (6, 7)]  # xA | BCy | D: AB across, BC and D inside
    holding = known.spans_holding(text, [s for s, _ in spans], [e for _, e in spans])
    assert holding == {i for i, (s, e) in enumerate(spans) if not known.excluded(text[s:e])} == {1, 2}
    assert analyse(r"\p{Han}+", 0).spans_holding(text, [0], [len(text)]) is None  # no words: nothing known


def test_one_word_scan_answers_for_every_list_as_each_list_would():
    """WordScan.spans_holding (one scan for many lists) against each list's own spans_holding, where words of
    different lists hold one another (扣, 扣款, 款项), overlap (AB, BC) or cross a span's end."""
    from extractor.rules.wordscan import WordScan

    lists = [analyse(p, 0) for p in (r"扣款|罚款", r"扣", r"款项|BC", r"(?:AB|D)x?", r"\p{Han}+", r"违约金?")]
    scan = WordScan(lists)
    for text in ["扣款项。ABC", "xAB。CD扣", "违约扣款项罚款", "", "款项扣款。违约金", "A。BC|D"] + TEXTS:
        for spans in ([(m.start(), m.end()) for m in regex.finditer(r"[^。;!?\n]+", text)], [(0, len(text))]):
            starts, ends = [s for s, _ in spans], [e for _, e in spans]
            assert scan.spans_holding(text, starts, ends) == [w.spans_holding(text, starts, ends) for w in lists]


@pytest.mark.parametrize("listed", [("扣", "扣款", "扣款项", "款项", "罚款", "违约金", "违约"), ("a.b", "a*", "(", "\\", "a", "ab"),
                                   ("P",), ("最多", "最高")])
def test_the_word_finder_finds_the_longest_word_where_the_first_starts(listed):
    """word_finder writes the words as a trie: at each position it finds what the flat alternation (longest word
    first) finds, for words that are prefixes of others, special characters, one word; and every rule word list."""
    import re

    from extractor.rules.prefilter import word_finder

    lists = [listed] + [words(p).words for p in PATTERNS if words(p).words]
    texts = ["扣款项罚款违约金", "违约扣违约金款项", "xa.ba*(\\ab", "PPx", "最最高最多"] + TEXTS[:5]
    for ws in lists:
        flat = re.compile("|".join(map(re.escape, sorted(ws, key=lambda w: (-len(w), w))))).search
        trie = word_finder(ws)
        for text in texts:
            for pos in range(0, len(text), 7):
                got, want = trie(text, pos), flat(text, pos)
                assert (got and got.span()) == (want and want.span()), (ws, text[pos:pos + 20])


def test_one_scan_says_which_patterns_may_match_as_each_one_would():
    """WordScan.lists_holding (the patterns of a list whose words a text holds, from one scan) against may_match of
    each pattern, where the words hold one another (扣, 扣款, 款项), overlap (AB, BC) or are unknown (\\p{Han}+),
    for windows of every length of a few letters; scan_of keeps one scan per list."""
    from extractor.rules.prefilter import may_match
    from extractor.rules.wordscan import scan_of

    patterns = tuple(regex.compile(p) for p in (r"扣款|罚款", r"扣", r"款项|BC", r"(?:AB|D)x?", r"\p{Han}+", r"违约金?",
                                                r"(?:最高|最多)为?\d+%", r"承诺|保证"))
    scan = scan_of(patterns)
    assert scan_of(patterns) is scan and scan_of(patterns[:-1]) is not scan
    texts = ["扣款项。ABC", "xAB。CD扣", "违约扣款项罚款", "", "ABCD", "款", "abc"]
    texts += [t[i:i + size] for t in TEXTS[:6] for size in (8, 40, 400) for i in range(0, len(t), 97)]
    for text in texts:
        assert scan.lists_holding(text) == {i for i, p in enumerate(patterns) if may_match(p, text)}, text


@pytest.mark.parametrize("pattern", [r"可用性|可用率|SLA|(?i:uptime|availability)", r"可用(?:性|率)?", r"\d+(?:\.\d+)?%",
                                     r"(?<!不)超过\d+", r"^违约", r"服务$", r"a++b", r"SLA协议|SLA"])
def test_found_in_slice_answers_as_a_search_of_the_slice(pattern):
    """found_in_slice (one overlapped search of the text for a pattern that reads only its match) against
    found_in on the slice itself, for every slice of a few texts; lookarounds and anchors search the slice."""
    from extractor.rules.matching import found_in, found_in_slice

    compiled = regex.compile(pattern)
    for text in ["可用性不低于99.9%,超过5%的按SLA协议赔付", "Uptime 99%; 不超过3次可用率SLA", "违约服务", "aab SLA协"]:
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert found_in_slice(compiled, text, start, end) == found_in(compiled, text[start:end]), (start, end)


def test_a_span_index_says_what_can_match_says_of_each_sentence():
    """SpanIndex.rules_by_span (one keyword scan per letter and pattern) against can_match on the whole letter and
    on each sentence, for every penalties and availability rule and every line rule with ``needs``."""
    from extractor.rules.matching import SpanIndex, can_match, rules

    every = [r for name in ("penalties", "availability") for r in rules(name)] + [r for r in LINE_RULES if r.needs]
    for text in TEXTS + ["违约金为月服务费的5%", "扣除服务费的10%至20%。", ""]:
        spans = [(m.start(), m.end()) for m in regex.finditer(r"[^。;!?\n]+", text)]
        live = [r for r in every if can_match(r, text)]
        assert SpanIndex(text, spans).rules_by_span(every) == [[r for r in live if can_match(r, text[s:e])]
                                                               for s, e in spans]
