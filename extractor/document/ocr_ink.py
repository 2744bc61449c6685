"""What the page's ink says that the recognizer's text does not: a blank left inside a line (`年   月   日`,
whose spaces OCR never reads), marks between two characters it skipped (`中国××银行` read `中国银行`, an
underline `于____年` read `于年`), and whether a line holds print at all (the seal's faint lettering that
survives the red mask holds none; black text under the seal does).

Each check looks at the page's darkest channel (``grey``, seal red already turned into paper) inside the boxes
the recognizer gave, before the page is levelled (the glyphs' corners are still where the pixels are).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace as replaced
from typing import TYPE_CHECKING

from extractor.document.ocr_layout import OcrLine

if TYPE_CHECKING:
    import numpy as np

# A pixel this much darker than the paper is ink: the threshold underlines() and inked_area() use for print
# blurred grey by a scan.
INK_BELOW_PAPER = 70
# A line whose box is less than this share ink is no print: the seal's lettering left pink by the mask (0-0.3 %
# of its box on the rendered letters), where a line of text under the seal is 15-30 %.
MIN_INK_SHARE = 0.02
# A blank between two letters or figures wider than this share of the line's height is a gap left in the
# line: two spaces or more (`年  月`: 0.45-0.55 of it, `國   年` 0.6-0.75); characters of one word stand 0.02-0.18
# apart, a single space (`ISO 9001`) 0.2-0.3.
BLANK_GAP = 0.38
# Beside punctuation the gap must be wider: a full-width comma's or colon's ink fills half its cell (0.4-0.45
# to the next character; `日期：    年` 0.85-1.15).
BLANK_GAP_PUNCTUATION = 0.7
# Between two glyphs the recognizer placed this far apart (a share of the line's height), ink is marks it skipped.
SKIPPED_GAP = 0.4


def paper_level(grey: np.ndarray) -> float:
    """The page's paper grey: most of a page is paper."""
    import numpy as np

    return float(np.median(grey[::4, ::4]))


def _ink(grey: np.ndarray, paper: float, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """Where ``grey[y0:y1, x0:x1]`` (clipped to the page) is ink."""
    height, width = grey.shape
    x0, x1 = max(0, int(x0)), min(width, int(round(x1)))
    y0, y1 = max(0, int(y0)), min(height, int(round(y1)))
    return grey[y0:max(y0, y1), x0:max(x0, x1)] < paper - INK_BELOW_PAPER


def holds_print(line: OcrLine, grey: np.ndarray, paper: float) -> bool:
    """Whether ``line``'s box holds ink as dark as print (``grey``: the page with the seal red masked)."""
    ink = _ink(grey, paper, *line.box)
    return bool(ink.size) and float(ink.mean()) >= MIN_INK_SHARE


def _span(quad) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _is_word_char(c: str) -> bool:
    # an underline's ink fills its cell as a letter's does; 丨 is a table rule as the recognizer reads it
    return (unicodedata.category(c)[0] in "LN" or c == "_") and c != "丨"


# ---------------------------------------------------------------- blanks left inside a line

def spaced(line: OcrLine, grey: np.ndarray, paper: float) -> OcrLine:
    """``line`` with ``spaces``: for each glyph, how many spaces the blank after it is worth, measured on the ink
    between its centre and the next glyph's (the recognizer's glyph boxes are wider than the ink and close up a
    gap like `國   年`). A line without glyphs is left as it is."""
    if not line.glyphs or len(line.glyphs) < 2:
        return line
    height = line.box[3] - line.box[1]
    spaces = []
    for (a, qa), (b, qb) in zip(line.glyphs, line.glyphs[1:]):
        ax0, ay0, ax1, ay1 = _span(qa)
        bx0, by0, bx1, by1 = _span(qb)
        top, bottom = min(ay0, by0), max(ay1, by1)
        # the rows of the line, not the descenders of the line above; down to the baseline, where `_` lies
        ink = _ink(grey, paper, (ax0 + ax1) / 2, top + (bottom - top) * 0.15, (bx0 + bx1) / 2, bottom)
        gap = _widest_blank(ink.any(axis=0)) if ink.size else 0
        least = BLANK_GAP if _is_word_char(a) and _is_word_char(b) else BLANK_GAP_PUNCTUATION
        spaces.append(max(1, round(gap / (height / 4))) if gap >= least * height else 0)
    spaces.append(0)
    return replaced(line, spaces=spaces) if any(spaces) else line


def _widest_blank(columns) -> int:
    """The longest run of False in a sequence of booleans (columns without ink)."""
    best = run = 0
    for inked in columns:
        run = 0 if inked else run + 1
        best = max(best, run)
    return best


# ---------------------------------------------------------------- marks the recognizer skipped

def marks_read(line: OcrLine, grey: np.ndarray, paper: float, reader: Callable | None) -> OcrLine:
    """``line`` with the marks the recognizer skipped between two of its glyphs put back: a thin stroke on the
    baseline as `_` (an underline to fill, `于____年`), and crosses as `×`, one a mark (`中国××银行` read
    `中国银行`): ``reader`` (the recognizer run on that crop alone) reads them `x`, `X` or `XX`."""
    if not line.glyphs or len(line.glyphs) < 2:
        return line
    height = line.box[3] - line.box[1]
    glyphs, scores = list(line.glyphs), list(line.char_scores or [line.score] * len(line.glyphs))
    for k in range(len(line.glyphs) - 1, 0, -1):  # from the right: inserting keeps the indices on the left
        left, right = _span(line.glyphs[k - 1][1]), _span(line.glyphs[k][1])
        if right[0] - left[2] < SKIPPED_GAP * height:
            continue
        found = _skipped(grey, paper, left, right, reader)
        if found:
            text, score, (x0, top, x1, bottom) = found
            step = (x1 - x0) / len(text)
            glyphs[k:k] = [(c, [[x0 + j * step, top], [x0 + (j + 1) * step, top], [x0 + (j + 1) * step, bottom],
                                [x0 + j * step, bottom]]) for j, c in enumerate(text)]
            scores[k:k] = [score] * len(text)
    if len(glyphs) == len(line.glyphs):
        return line
    return replaced(line, text="".join(c for c, _ in glyphs), glyphs=glyphs,
                    char_scores=scores if line.char_scores is not None else None)


def _skipped(grey, paper, left, right, reader) -> tuple[str, float, tuple] | None:
    """(text, confidence, box) of the marks between the glyph boxes ``left`` and ``right``, None if there are none
    or they cannot be read."""
    import cv2
    import numpy as np

    # the gap in whole pixels, inside the page
    x0, x1 = max(0, int(left[2]) + 1), min(grey.shape[1], int(right[0]))
    top, bottom = max(0, int(min(left[1], right[1]))), min(grey.shape[0], int(max(left[3], right[3])))
    height = bottom - top
    if x1 <= x0 or height <= 0:
        return None
    ink = grey[top:bottom, x0:x1] < paper - INK_BELOW_PAPER
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8))
    marks = [s for s in stats[1:] if max(s[2], s[3]) >= 0.15 * height]  # not specks of noise
    if not marks:
        return None
    mx0, my0 = min(s[0] for s in marks), min(s[1] for s in marks)
    mx1, my1 = max(s[0] + s[2] for s in marks), max(s[1] + s[3] for s in marks)
    box = (float(x0 + mx0), float(top), float(x0 + mx1), float(bottom))
    if my1 - my0 <= 0.2 * height and mx1 - mx0 >= 0.5 * height and my0 >= 0.5 * height:
        return "_" * max(2, round((mx1 - mx0) / (height / 4))), 1.0, box  # an underline to fill
    if reader is None:
        return None
    pad = round(height / 2)
    crop = np.full((height, mx1 - mx0 + 2 * pad), int(paper), dtype=np.uint8)
    crop[:, pad:pad + mx1 - mx0] = grey[top:bottom, x0 + mx0:x0 + mx1]
    text, score = reader(np.dstack([crop] * 3))
    text = text.strip()
    if text and set(text) <= set("xX×"):
        return "×" * len(marks), score, box  # one cross a mark: read alone, two crosses are often read as one
    # Anything else read alone is a guess at a character the recognizer could not read in its line (a traditional
    # one outside its dictionary, `簽` read `策`): left out, as before.
    return None
