"""Every ``[[veto]]`` block of every rule file: its examples fire it, its counter-examples do not, and the
schema refuses a malformed block with the file, block id and reason."""
from __future__ import annotations

import re

import pytest
import regex

from extractor.pipeline import FAMILIES, extractor_for
from extractor.rules.patterns import PatternError, load
from extractor.rules.schema import VetoBlock, validate
from extractor.rules.vetoes import Veto, VetoSet, register_hooks, tracing, vetoes

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
    ({"id": "x", "where": "before", "regex": "a", "examples": ["a"], "hook": "Not A Name"}, "[[veto]] x: hook"),
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


def _hooked(hook: str) -> VetoSet:
    block = VetoBlock(id="hooked", where="before", window=4, regex="每$", hook=hook, examples=["每1小时"])
    return VetoSet("hooktest", (Veto("hooktest", block, regex.compile(block.regex)),))


def test_a_hooked_veto_fires_only_when_its_words_match_and_its_hook_holds():
    asked: list[str] = []
    register_hooks("hooktest", {"short": lambda text, start, end: asked.append(text) or end - start <= 3})
    vs = _hooked("short")
    assert vs.first("每1小时", 1, 4) is not None  # words and hook
    assert vs.first("每10小时", 1, 5) is None  # words, but the hook says no
    checked: list[str] = []
    assert vs.first("约1小时", 1, 4, checked=checked) is None and checked == ["hooked"]
    assert asked == ["每1小时", "每10小时"]  # without the words the hook is not asked


def test_a_veto_naming_an_unregistered_hook_fails_with_file_and_block():
    with pytest.raises(PatternError, match=r"hooktest.toml:\[\[veto\]\] hooked: no hook 'missing'"):
        _hooked("missing").first("每1小时", 1, 4)


def test_every_hook_a_rule_file_names_is_registered():
    for family in FAMILIES:
        extractor_for(family)  # importing a family registers its hooks
        for veto in vetoes(family).all:
            if veto.block.hook:
                assert veto._hook() is not None


ASIDE = {"id": "x", "kinds": ["percent"], "where": "before", "regex": "a", "reason": "r",
         "examples": [{"text": "a1%", "expect": "aside"}, {"text": "b1%", "expect": "unclaimed"}]}
REASONS = {"r": {"en": "why", "zh": "为何"}}


@pytest.mark.parametrize("change, message", [
    ({"kinds": ["weight"]}, "[[aside]] x: kinds.0"),
    ({"kinds": []}, "[[aside]] x: kinds"),
    ({"where": "document"}, "[[aside]] x: where"),
    ({"examples": [{"text": "a1%", "expect": "aside"}]}, "[[aside]] x: examples"),
    ({"examples": [{"text": "b1%", "expect": "unclaimed"}, {"text": "c1%", "expect": "fact"}]},
     "needs an example it sets aside and a counter-example"),
    ({"examples": [{"text": "a1%", "expect": "gone"}, {"text": "b1%", "expect": "unclaimed"}]}, "expect"),
    ({"reason": "nope"}, "[[aside]] x: reason 'nope' is not in the [reason] table"),
])
def test_a_bad_aside_block_names_file_block_and_reason(change, message):
    with pytest.raises(PatternError) as err:
        validate("figures", {"aside": [{**ASIDE, **change}], "reason": REASONS})
    assert str(err.value).startswith("figures.toml:") and message in str(err.value)


@pytest.mark.parametrize("data, message", [
    ({"aside": [ASIDE, ASIDE], "reason": REASONS}, "used twice"),
    ({"aside": [ASIDE], "reason": {**REASONS, "other": {"en": "x", "zh": "x"}}}, "[reason] other: no [[aside]]"),
    ({"aside": [ASIDE], "reason": {"r": {"en": "why"}}}, "zh"),
])
def test_aside_reasons_are_known_used_and_in_both_languages(data, message):
    with pytest.raises(PatternError, match=re.escape(message)):
        validate("figures", data)


def test_only_the_figures_file_holds_asides():
    """Asides judge figures, not a family's candidates: a family file with [[aside]] blocks would be ignored."""
    assert all(not load(family).get("aside") for family in FAMILIES)
    assert validate("figures", load("figures")).aside
