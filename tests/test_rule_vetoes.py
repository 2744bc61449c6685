"""Every ``[[veto]]`` block of every rule file: its examples fire it, its counter-examples do not, and the
schema refuses a malformed block with the file, block id and reason."""
from __future__ import annotations

import pytest

from extractor.pipeline import FAMILIES, extractor_for
from extractor.rules.patterns import PatternError, load
from extractor.rules.schema import validate
from extractor.rules.vetoes import tracing, vetoes

CASES = [(family, veto.id, text, fires) for family in FAMILIES for veto in vetoes(family).all
         for texts, fires in ((veto.block.examples, True), (veto.block.counter_examples, False)) for text in texts]


@pytest.mark.parametrize("family, veto_id, text, fires", CASES, ids=[f"{c[0]}:{c[1]}:{c[3]}" for c in CASES])
def test_veto_examples(family, veto_id, text, fires):
    with tracing() as hits:
        facts = extractor_for(family)(text)
    stopped = [h for h in hits if h.veto == veto_id]
    assert bool(stopped) is fires, (veto_id, text, hits)
    for hit in stopped:  # a vetoed figure yields no fact
        assert not any(f.span.start <= hit.start < f.span.end for f in facts), (hit, facts)


def test_every_family_file_follows_the_schema():
    for family in FAMILIES:
        validate(family, load(family))


@pytest.mark.parametrize("block, message", [
    ({"id": "x", "where": "nearby", "regex": "a", "examples": ["a"]}, "[[veto]] x: where"),
    ({"id": "x", "where": "before", "regex": "a"}, "[[veto]] x: examples"),
    ({"id": "x", "where": "before", "regex": "a", "examples": ["a"], "widow": 3}, "[[veto]] x: widow"),
    ({"id": "Bad Id", "where": "before", "regex": "a", "examples": ["a"]}, "[[veto]] Bad Id: id"),
])
def test_a_bad_veto_block_names_file_block_and_reason(block, message):
    with pytest.raises(PatternError) as err:
        validate("timings", {"veto": [block]})
    assert str(err.value).startswith("timings.toml:") and message in str(err.value)


def test_two_vetoes_with_one_id_are_refused():
    block = {"id": "same", "where": "before", "regex": "a", "examples": ["a"]}
    with pytest.raises(PatternError, match="used twice"):
        validate("timings", {"veto": [block, block]})


def test_a_veto_reports_the_words_that_triggered_it():
    text = "每超时1小时扣除服务费的1%"
    with tracing() as hits:
        extractor_for("timings")(text)
    hit = next(h for h in hits if h.veto == "trigger_before")
    assert hit.words == "每超时" and text[hit.start:hit.end] == "1小时"


def test_without_a_trace_nothing_is_recorded():
    text = "每超时1小时扣除服务费的1%"
    extractor_for("timings")(text)
    with tracing() as hits:
        pass
    assert hits == []
