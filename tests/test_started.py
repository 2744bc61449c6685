"""A rule with a fast ``start`` (extractor/rules/started.py) finds what a plain finditer finds, in the same order."""
from pathlib import Path

import pytest
import regex

from extractor.document.normalize import normalize
from extractor.document.read import read
from extractor.families.parties.extract import _rules as party_rules
from extractor.families.timings.extract import _rules as timing_rules
from extractor.rules.matching import Rule, matches, rules
from extractor.rules.started import started_matches

ROOT = Path(__file__).resolve().parent.parent
LETTERS = sorted((ROOT / "tests" / "letters").glob("*.txt")) + sorted((ROOT / "samples" / "letters").glob("*.txt"))
_SENTENCE = regex.compile(r"[^。;!?\n]+")


def _started_rules() -> list[Rule]:
    every = [*rules("penalties"), *rules("availability"), *timing_rules(), *party_rules().rules]
    return [r for r in every if r.start is not None]


def _found(found) -> list:
    return [(m.span(), m.groupdict()) for m in found]


def _texts_of(rule: Rule) -> list[str]:
    """The rule's own example rows and counter-examples, then every test and sample letter and its sentences."""
    own = [row if isinstance(row, str) else row[0] if isinstance(row, list) else row["text"]
           for row in (*rule.examples, *rule.fields.get("counter_examples", ()))]
    letters = [normalize(read(p).text).text for p in LETTERS]
    return own + letters + [m.group() for text in letters for m in _SENTENCE.finditer(text)]


def test_some_rules_have_a_fast_start():
    assert {"base_rate_noun", "base_verb_rate"} <= {r.id for r in _started_rules()}


@pytest.mark.parametrize("rule", _started_rules(), ids=lambda r: r.id)
def test_a_rule_with_a_start_finds_what_its_regex_finds(rule):
    texts = _texts_of(rule)
    assert any(_found(rule.pattern.finditer(t)) for t in texts)  # the comparison is about real matches
    for text in texts:
        assert _found(matches(rule, text, checked=True)) == _found(rule.pattern.finditer(text)), text


def test_a_match_is_found_from_its_lead_before_the_start():
    # Up to three free letters, then the fixed part 费的\d+%: the match begins at the lead, not at 费.
    pattern, start = regex.compile(r"[a-z]{0,3}?费的\d+%"), regex.compile(r"费的\d+%")
    text = "xxabc费的5%,ab费的10%;费的2%"
    assert _found(started_matches(pattern, start, 3, text)) == _found(pattern.finditer(text))
    assert [m.group() for m in started_matches(pattern, start, 3, text)] == ["abc费的5%", "ab费的10%", "费的2%"]


def test_a_start_that_breaks_the_contract_loses_matches():
    # The lead takes up to three letters: told it takes one, the search starts too late and cuts the match.
    pattern, start = regex.compile(r"[a-z]{0,3}费"), regex.compile(r"费")
    assert [m.group() for m in started_matches(pattern, start, 1, "abc费")] == ["c费"]
    assert [m.group() for m in started_matches(pattern, start, 3, "abc费")] == ["abc费"]


def test_a_start_of_words_begins_at_the_longest_word_holding_a_shorter_one():
    # 供方 lies inside 服务提供方: the match begins at 服务, where the first word of the start begins.
    pattern, start = regex.compile(r"(?<!其)(?:服务提供方|供方):\w+"), regex.compile(r"服务提供方|供方")
    text = "其供方:甲 服务提供方:乙"
    assert [m.group() for m in started_matches(pattern, start, 0, text)] == ["服务提供方:乙"]
    assert _found(started_matches(pattern, start, 0, text)) == _found(pattern.finditer(text))
