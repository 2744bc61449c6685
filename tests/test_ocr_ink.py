"""What the page's ink adds to the recognizer's text (extractor/document/ocr_ink.py, ocr_layout.underlines): a drawn
underline becomes a blank slot, and a table's rule, the underline of filled text and a character's stroke do
not; a blank left inside a line (`年   月   日`) keeps its spaces; crosses the recognizer skipped (`中国××银行`)
are put back; the seal's faint lettering is told from black text under the seal.

The pieces run on synthetic pages (no recognizer); the last test reads a drawn page with the real one."""
from __future__ import annotations

import dataclasses
import os
import re
import sys

import numpy as np
import pytest

from extractor.document import ocr, ocr_ink, ocr_layout
from extractor.document.ocr_layout import OcrLine

OCR_MISSING = not ocr.available() and (not os.environ.get("CI") or sys.version_info >= (3, 13))
pytestmark = pytest.mark.skipif(OCR_MISSING, reason="OCR extra not installed: pip install 'slax[ocr]'")

PAPER, INK = 245, 25
H = 36  # a text line's box height in pixels (12 pt at 150 dpi)


def _blank_page(width=1200, height=400) -> np.ndarray:
    return np.full((height, width), PAPER, dtype=np.uint8)


def _glyph_line(grey, text: str, xs: list[int], top: int = 100, ink: bool = True) -> OcrLine:
    """A line as the recognizer gives it: a glyph box per character (25 px cells from each x), and each
    character's ink drawn as a block inside its cell (an underscore as a stroke on the baseline)."""
    glyphs = []
    for c, x in zip(text, xs):
        glyphs.append((c, [[x, top], [x + 25, top], [x + 25, top + H], [x, top + H]]))
        if ink and c == "_":
            grey[top + 28:top + 30, x:x + 25] = INK
        elif ink:
            grey[top + 7:top + 29, x + 2:x + 23] = INK
    quad = [[xs[0], top], [xs[-1] + 25, top], [xs[-1] + 25, top + H], [xs[0], top + H]]
    return OcrLine(text, (xs[0], top, xs[-1] + 25, top + H), 0.95, quad, glyphs, [0.95] * len(text))


def _text_of(line: OcrLine) -> str:
    return "".join(c for c, _ in ocr_layout._char_boxes(line))


# ---------------------------------------------------------------- underlines on a row

def _rule(grey, x0, x1, y, thickness=2):
    grey[y:y + thickness, x0:x1] = INK


@pytest.mark.parametrize("box_over_rule", [False, True])
def test_a_drawn_underline_beside_a_label_is_a_blank_slot(box_over_rule):
    grey = _blank_page()
    label = _glyph_line(grey, "签订日期：", [100, 125, 150, 175, 200])
    _rule(grey, 230, 400, 128)  # on the label's baseline, after its colon
    if box_over_rule:  # the detector's box reaches over the rule; the recognizer read nothing there
        label = dataclasses.replace(label, box=(100, 100, 410, 100 + H))
    found = ocr_layout.underlines(np.dstack([grey] * 3), [label])
    assert len(found) == 1 and set(found[0].text) == {"_"} and found[0].box[0] == 230
    row = ocr_layout.page_lines(ocr.PageScan([label, *found], (1200, 400), 150)).lines
    assert len(row) == 1 and row[0].text.startswith("签订日期：___")


def test_a_date_slot_with_drawn_underlines_is_found_between_its_characters():
    grey = _blank_page()
    before = _glyph_line(grey, "本合同签约于", [100, 125, 150, 175, 200, 225])
    after = _glyph_line(grey, "年生效", [370, 395, 420])
    _rule(grey, 255, 365, 128)  # 于____年: text on either side
    found = ocr_layout.underlines(np.dstack([grey] * 3), [before, after])
    assert len(found) == 1 and 255 <= found[0].box[0] and found[0].box[2] <= 370
    row = ocr_layout.page_lines(ocr.PageScan([before, after, *found], (1200, 400), 150)).lines
    assert len(row) == 1 and re.fullmatch("本合同签约于_{3,}年生效", row[0].text.replace(" ", ""))


@pytest.mark.parametrize("case", ["table rule", "under filled text", "stroke of a character", "dash read as text"])
def test_rules_that_are_not_blanks_stay_out(case):
    grey = _blank_page()
    lines = [_glyph_line(grey, "服务级别", [100, 125, 150, 175], top=60),
             _glyph_line(grey, "恢复时限", [100, 125, 150, 175], top=160)]
    if case == "table rule":  # across the table between two rows, nothing beside it on its own row
        _rule(grey, 80, 1000, 128)
    elif case == "under filled text":  # 签订日期：2024年3月1日 with the date underlined: filled, not a blank
        lines.append(_glyph_line(grey, "签订日期：2024年", [100, 125, 150, 175, 200, 225, 240, 255, 270, 285],
                                 top=250))
        _rule(grey, 225, 310, 250 + 31)
    elif case == "stroke of a character":  # 一 beside text: shorter than a line's height
        _rule(grey, 210, 232, 160 + 18, thickness=3)
    else:  # —— that the recognizer read as part of its line
        lines.append(_glyph_line(grey, "工作日——全天", [100, 125, 150, 175, 200, 225, 250], top=250, ink=False))
        _rule(grey, 178, 225, 250 + 18, thickness=3)
    assert ocr_layout.underlines(np.dstack([grey] * 3), lines) == []


# ---------------------------------------------------------------- marks between glyphs, spaces

def test_an_underline_the_recognizer_skipped_inside_a_line_is_put_back():
    grey = _blank_page()
    line = _glyph_line(grey, "于年", [100, 230])
    _rule(grey, 130, 225, 128)
    read = ocr_ink.marks_read(line, grey, PAPER, reader=None)
    assert read.text.startswith("于_") and read.text.endswith("_年") and len(read.glyphs) == len(read.text)
    assert all(read.glyphs[0][1][1][0] <= quad[0][0] and quad[1][0] <= 230 for _, quad in read.glyphs[1:-1])


def test_crosses_the_recognizer_skipped_are_put_back_one_a_mark():
    grey = _blank_page()
    line = _glyph_line(grey, "中国银行", [100, 125, 190, 215])
    for x in (155, 170):  # two small crosses between 国 and 银
        for d in range(10):
            grey[112 + d, x + d] = grey[112 + d, x + 9 - d] = INK
    asked = []

    def reader(crop):
        asked.append(crop.shape)
        return "X", 0.56  # read alone, two crosses come out as one letter

    assert ocr_ink.marks_read(line, grey, PAPER, reader).text == "中国××银行"
    assert len(asked) == 1 and asked[0][2] == 3
    # what the recognizer reads alone as a character is a guess (簽 outside its dictionary read 策): left out
    assert ocr_ink.marks_read(line, grey, PAPER, lambda crop: ("策", 0.93)).text == "中国银行"
    blank = _blank_page()
    assert ocr_ink.marks_read(_glyph_line(blank, "中国银行", [100, 125, 190, 215]), blank, PAPER, reader).text \
        == "中国银行"  # a gap of paper holds nothing to read


def test_a_blank_left_in_a_line_keeps_its_spaces():
    grey = _blank_page()
    line = _glyph_line(grey, "民國年月日", [100, 125, 172, 219, 266])  # 國   年   月   日: ~22 px of paper each
    spaced = ocr_ink.spaced(line, grey, PAPER)
    assert _text_of(spaced).split() == ["民國", "年", "月", "日"]
    assert _text_of(line) == "民國年月日"  # the recognizer's own boxes touch: no space without the ink


def test_characters_and_punctuation_of_one_run_get_no_spaces():
    grey = _blank_page()
    tight = _glyph_line(grey, "甲方某某公司", [100, 125, 150, 175, 200, 225])
    assert ocr_ink.spaced(tight, grey, PAPER) is tight
    comma = _blank_page()
    line = _glyph_line(comma, "司，乙", [100, 125, 150])
    comma[100:136, 127:150] = PAPER
    comma[125:131, 128:134] = INK  # a full-width comma: its ink in the lower left of its cell
    assert _text_of(ocr_ink.spaced(line, comma, PAPER)) == "司，乙"


# ---------------------------------------------------------------- the seal's lettering and text under the seal

def test_text_under_a_seal_holds_print_and_the_seals_faint_lettering_does_not():
    grey = _blank_page()
    text = _glyph_line(grey, "乙方（盖章）：", [300, 325, 350, 375, 400, 425, 450])
    lettering = OcrLine("有限公司", (300, 200, 400, 236), 0.6)
    grey[205:230, 300:400] = 190  # the stamp's lettering after the mask: its red channel, light grey
    seal = [(280, 80, 520, 320)]
    assert ocr._seal_lettering(text, seal) and ocr._seal_lettering(lettering, seal)  # both lie inside the seal
    assert ocr_ink.holds_print(text, grey, PAPER) and not ocr_ink.holds_print(lettering, grey, PAPER)


# ---------------------------------------------------------------- a drawn page through the recognizer

def test_a_drawn_form_reads_with_its_blanks_and_without_false_ones(tmp_path):
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    from extractor.document.read import read
    from extractor.pipeline import process_raw

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 25, index=0)
    img = Image.new("RGB", (1240, 420), (250, 249, 245))
    draw = ImageDraw.Draw(img)

    def text(x, y, s):
        draw.text((x, y), s, font=font, fill=(20, 20, 20))
        return x + font.getlength(s)

    x = text(100, 60, "签订日期：")
    draw.line([(x + 4, 88), (x + 180, 88)], fill=(20, 20, 20), width=2)  # a ruled blank to fill
    x = text(100, 105, "签订日期：")
    x2 = text(x, 105, "2024年3月1日")
    draw.line([(x, 133), (x2, 133)], fill=(20, 20, 20), width=2)  # a filled one, underlined
    draw.line([(90, 172), (900, 172)], fill=(20, 20, 20), width=2)  # a table's rule
    text(100, 195, "服务级别        恢复时限")
    text(100, 240, "中华民国   年   月   日")
    img.filter(ImageFilter.GaussianBlur(0.6)).save(tmp_path / "form.png", dpi=(150, 150))
    raw = read(tmp_path / "form.png")
    rows = raw.text.split("\n")
    assert rows[0].replace(" ", "").startswith("签订日期：___") and "_" not in "".join(rows[1:]), rows
    assert rows[1].replace(" ", "") == "签订日期：2024年3月1日", rows
    assert any(r.startswith("中华民国") and r.split()[1:] == ["年", "月", "日"] for r in rows), rows
    blanks = [(b.kind, b.label) for letter in process_raw(raw).letters for b in letter.blanks]
    assert len(blanks) == 2 and blanks[0][1] == "签订日期" and blanks[1][0] == "date", blanks
