"""Repairs of known OCR misreadings (patterns/ocr.toml): each block's examples and counter-examples hold, the
boxes and confidences of the characters stay in step with the text, and a bad block fails at load."""
from __future__ import annotations

import pytest

from extractor.document import ocr_repairs
from extractor.document.ocr_layout import OcrLine
from extractor.rules.patterns import PatternError, load
from extractor.rules.schema import validate_tables


def _placed(text: str, scores=None) -> OcrLine:
    glyphs = [(c, [[10 * k, 0], [10 * k + 10, 0], [10 * k + 10, 20], [10 * k, 20]]) for k, c in enumerate(text)]
    return OcrLine(text, (0, 0, 10 * len(text), 20), 0.9, None, glyphs, scores)


@pytest.mark.parametrize("block", load("ocr")["repair"], ids=lambda b: b["id"])
def test_each_repair_reads_its_examples_and_leaves_its_counter_examples(block):
    for given, want in block["examples"]:
        assert ocr_repairs.repaired(OcrLine(given, (0, 0, 1, 1), 0.9)).text == want
    for text in block.get("counter_examples", ()):
        assert ocr_repairs.repaired(OcrLine(text, (0, 0, 1, 1), 0.9)).text == text


def test_a_repair_keeps_boxes_and_confidence_in_step_with_the_text():
    line = _placed("超过1%0的RT0", [0.99, 0.98, 0.97, 0.6, 0.5, 0.95, 0.9, 0.9, 0.8])
    fixed = ocr_repairs.repaired(line)
    assert fixed.text == "超过1‰的RTO"
    assert [c for c, _ in fixed.glyphs] == list(fixed.text)
    assert fixed.glyphs[3][1] == [[30, 0], [50, 0], [50, 20], [30, 20]]  # ‰ takes the place of % and 0
    assert fixed.glyphs[7][1] == line.glyphs[8][1]  # O where the 0 was
    assert fixed.char_scores == [0.99, 0.98, 0.97, 0.5, 0.95, 0.9, 0.9, 0.8]  # the lower of % and 0


def test_a_line_without_glyphs_is_repaired_as_text():
    assert ocr_repairs.repaired(OcrLine("超过1%o的", (0, 0, 1, 1), 0.9)).text == "超过1‰的"


def test_a_repair_whose_example_does_not_hold_fails_at_load():
    bad = {"repair": [{"id": "zero_as_o", "regex": "0", "replace": "O", "examples": [["RT0", "RT0"]]}]}
    with pytest.raises(PatternError, match=r"ocr.toml:.*zero_as_o.*example 'RT0'"):
        validate_tables("ocr", ocr_repairs.RepairFile, bad)
    loose = {"repair": [{"id": "any_zero", "regex": "0", "replace": "O", "examples": [["RT0", "RTO"]],
                         "counter_examples": ["100%"]}]}
    with pytest.raises(PatternError, match="counter-example '100%' matches"):
        validate_tables("ocr", ocr_repairs.RepairFile, loose)


def _chevron_page(bar: bool):
    np = pytest.importorskip("numpy")
    page = np.full((40, 40, 3), 235, dtype=np.uint8)
    for k in range(8):  # `<` from (10, 18): two strokes to the right, up and down
        page[18 - k:20 - k, 10 + 2 * k:13 + 2 * k] = 20
        page[18 + k:20 + k, 10 + 2 * k:13 + 2 * k] = 20
    if bar:
        page[30:32, 10:27] = 20
    return page.min(axis=2)


@pytest.mark.parametrize("bar, read", [(True, "95%≤可用性"), (False, "95%<可用性")])
def test_a_bar_under_a_chevron_makes_it_an_inclusive_bound(bar, read):
    quad = [[8, 5], [28, 5], [28, 36], [8, 36]]
    line = OcrLine("95%<可用性", (0, 5, 60, 36), 0.9, None,
                   [(c, quad if c == "<" else [[0, 5], [1, 5], [1, 36], [0, 36]]) for c in "95%<可用性"])
    fixed = ocr_repairs.bars_restored(line, _chevron_page(bar))
    assert fixed.text == read and [c for c, _ in fixed.glyphs] == list(read)
