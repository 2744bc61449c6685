"""The geometry of an OCR'd page: its lines levelled (deskew), the ruled blanks of a form found, and the
lines turned into ``read_pdf.Line`` objects in reading order with a box per character, in PDF points."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import regex

from extractor.document.read_pdf import CELL_SEPARATOR, Line, Page

if TYPE_CHECKING:
    import numpy as np


@dataclass
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    score: float
    quad: list | None = None  # the four corners (top left, top right, bottom right, bottom left) when known
    glyphs: list | None = None  # (character, its four corners) as the recognizer placed them, when known
    char_scores: list[float] | None = None  # the recognizer's confidence in each glyph, when known
    spaces: list[int] | None = None  # spaces the page shows after each glyph (ocr_ink.spaced), when measured


class ScoredBox(tuple):
    """A character's box (x0, top, x1, bottom) that also carries the recognizer's confidence in the character: it
    travels through ``read_pdf.assemble`` like any box and tells how sure OCR was of a figure
    (``figure_confidence``)."""

    score: float

    def __new__(cls, box, score: float):
        self = super().__new__(cls, box)
        self.score = score
        return self

    def __getnewargs__(self):  # pickled with its score (a -j worker)
        return tuple(self), self.score


@dataclass
class PageScan:
    """One page as OCR saw it: its lines, its size in pixels, its resolution and the seal-red mask."""

    lines: list[OcrLine]
    size: tuple[int, int]
    dpi: float
    mask: np.ndarray | None = field(default=None, repr=False)  # True where seal red was removed
    colour: bool = True  # False: a grey or black-and-white scan, where seal red cannot be seen


def underlines(rgb: np.ndarray, lines: list[OcrLine]) -> list[OcrLine]:
    """The blanks of a form (`签订日期:__________`) as lines of "_": OCR reads no text in a ruled line, and
    without them a blank to fill would vanish from a scan. A rule is a dark horizontal run at least a line's
    height long and thinner than a third of one, beside text on its row (``_fills_a_row``); it takes the height
    of a text line so that it joins the row it ends."""
    import cv2
    import numpy as np

    heights = sorted(l.box[3] - l.box[1] for l in lines if l.quad is not None and len(l.text) >= 4)
    if not heights:
        return []
    em = heights[len(heights) // 4]  # a level line's height; skewed lines are taller
    grey = rgb.min(axis=2)
    dark = (grey < np.median(grey[::4, ::4]) - 70).astype(np.uint8)  # a thin rule is grey once blurred
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(em * 0.8)), 1))
    runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(runs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < em or h > em / 3 + w * 0.06:  # 0.06: a rule on a page skewed by up to 3.5°
            continue
        if not _fills_a_row((x, y + h / 2, x + w), lines, em):
            continue
        bottom = y + h / 2 + em * 0.15
        box = (float(x), bottom - em, float(x + w), bottom)
        quad = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]]
        out.append(OcrLine("_" * max(3, round(w / (em / 2))), box, 1.0, quad))
    return out


def _fills_a_row(rule: tuple[float, float, float], lines: list[OcrLine], em: float) -> bool:
    """Whether a rule (x0, y, x1) is a blank to fill: not read as part of a line (a dash `——`), not under text (a
    filled blank's or an emphasis's underline: text over at least half of it, its bottom within half a line
    above), and beside text on its row (a label before it or `年` after it, within four line heights): a rule
    with no text on its row is a table's rule or a border."""
    x0, y, x1 = rule
    beside = False
    for line in lines:
        (left, right), top, bottom = _read_extent(line), line.box[1], line.box[3]
        if left <= (x0 + x1) / 2 <= right and top <= y <= bottom and _read_over(line, (x0 + x1) / 2):
            return False
        overlap = min(x1, right) - max(x0, left)
        if overlap >= (x1 - x0) / 2 and bottom - em / 4 <= y <= bottom + em / 2:
            return False
        # beside: the boxes of a skewed page's lines are taller and wider than their ink, and may touch the rule
        if top <= y <= bottom + em / 3 and -4 * em <= overlap <= em / 2 and line.text.strip("_ "):
            beside = True
    return beside


def _read_extent(line: OcrLine) -> tuple[float, float]:
    """(left, right) of what the recognizer read in ``line``: its glyphs, else its box."""
    if not line.glyphs:
        return line.box[0], line.box[2]
    xs = [p[0] for _, quad in line.glyphs for p in quad]
    return min(xs), max(xs)


def _read_over(line: OcrLine, x: float) -> bool:
    """Whether the recognizer read a character at ``x`` in ``line`` (a dash `——` it read as `一一`); without
    glyph boxes, anywhere in its box. A line's box may reach over a rule after its last character."""
    if not line.glyphs:
        return True
    return any(min(p[0] for p in quad) <= x <= max(p[0] for p in quad) for _, quad in line.glyphs)


def skew(lines: list[OcrLine]) -> float:
    """The page's skew in radians: the median slope of the top edges of lines at least 8 heights long (a scan
    fed in at 1-3° turns every line's box into a band two lines tall, and rows would merge)."""
    import math

    slopes = sorted(math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) for q in (l.quad for l in lines)
                    if q is not None and q[1][0] - q[0][0] > 8 * max(1.0, q[3][1] - q[0][1]))
    return slopes[len(slopes) // 2] if slopes else 0.0


def deskewed(lines: list[OcrLine], mask, size: tuple[int, int]):
    """Lines (and the seal mask) turned about the page centre so that text runs level; boxes from the turned
    corners. Pages level within 0.1° are left as they are."""
    import math

    angle = skew(lines)
    if abs(angle) < math.radians(0.1):
        return lines, mask
    import numpy as np

    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = size[0] / 2, size[1] / 2
    matrix = np.array([[cos, sin, cx - cos * cx - sin * cy], [-sin, cos, cy + sin * cx - cos * cy]])
    out = []
    for line in lines:
        if line.quad is None:
            out.append(line)
            continue
        pts = np.asarray(line.quad, dtype=float) @ matrix[:, :2].T + matrix[:, 2]
        box = (pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
        glyphs = [(c, (np.asarray(q, dtype=float) @ matrix[:, :2].T + matrix[:, 2]).tolist())
                  for c, q in line.glyphs] if line.glyphs else None
        out.append(replace(line, box=tuple(float(v) for v in box), quad=pts.tolist(), glyphs=glyphs))
    if mask is not None:
        import cv2

        mask = cv2.warpAffine(mask.astype(np.uint8), matrix, size, flags=cv2.INTER_NEAREST).astype(bool)
    return out, mask


def page_lines(scan: PageScan) -> Page:
    """The OCR lines of a page as PDF lines (points, top-down), rows in reading order and the boxes of one
    row joined left to right, a wide gap written as a table cell boundary."""
    scale = 72.0 / scan.dpi
    lines = []
    for row in _rows(scan.lines):
        chars: list[tuple[str, tuple | None]] = []
        height = max(line.box[3] - line.box[1] for line in row)
        for k, line in enumerate(row):
            if k:  # spaces as wide as the gap: assemble() makes cells of wide runs, as in a text PDF
                gap = line.box[0] - row[k - 1].box[2]
                chars += [(" ", None)] * (min(8, round(gap / (height / 2))) if gap >= height / 2 else 0)
            chars += [(c, ScoredBox((v * scale for v in box), box.score) if box else None)
                      for c, box in _char_boxes(line)]
        lines.append(Line(chars))
    return Page(scan.size[0] * scale, lines)


def _rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Lines grouped into rows (vertical centres within half a line height), top to bottom, left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda l: (l.box[1] + l.box[3]) / 2):
        centre, height = (line.box[1] + line.box[3]) / 2, line.box[3] - line.box[1]
        if rows:
            last = rows[-1]
            last_centre = sum((l.box[1] + l.box[3]) / 2 for l in last) / len(last)
            if abs(centre - last_centre) < height / 2:
                last.append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda l: l.box[0]) for row in rows]


def _char_boxes(line: OcrLine) -> list[tuple[str, tuple | None]]:
    """Each character with its box: where the recognizer placed it, else a share of the line's box (a
    full-width character a whole share, others half). OCR reads no spaces: the one after a clause number
    (`1.1 供电`) is put back where the gap shows it, and a table rule `|` is written as a cell boundary."""
    chars = _placed(line) if line.glyphs else _shared(line)
    measured = line.spaces if line.spaces and len(line.spaces) == len(chars) else None
    out: list[tuple[str, tuple | None]] = []
    height = line.box[3] - line.box[1]
    for k, (c, box) in enumerate(chars):
        if c in "|｜丨":  # 丨 (a radical) is how the recognizer often reads a table rule
            out = _rstrip(out) + [(ch, None) for ch in CELL_SEPARATOR]
            continue
        gap = box[0] - out[-1][1][2] if out and out[-1][1] is not None else 0.0
        wide = round(gap / (height / 2)) if gap > 0.8 * height else 0
        blank = max(wide, measured[k - 1] if measured and k else 0)
        if blank and out and out[-1][0] != " ":  # a blank left in a line (`年   月   日`): as wide as the gap
            out += [(" ", None)] * blank
        elif gap > 0.2 * height and _CLAUSE_NUMBER.match("".join(ch for ch, _ in out)):
            out.append((" ", None))
        if not (c.isspace() and out and out[-1][0] == " "):
            out.append((c, box))
    return out


_CLAUSE_NUMBER = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|第[一二三四五六七八九十百零\d]{1,5}[条章节款])$")


def _rstrip(chars: list) -> list:
    while chars and chars[-1][0].isspace():
        chars = chars[:-1]
    return chars


def _placed(line: OcrLine) -> list[tuple[str, ScoredBox]]:
    out = []
    scores = line.char_scores or [line.score] * len(line.glyphs)
    for (c, quad), score in zip(line.glyphs, scores):
        xs = [p[0] for p in quad]  # the line's top and bottom: a glyph's own box is as tall as its ink
        out.append((c, ScoredBox((min(xs), line.box[1], max(xs), line.box[3]), score)))
    return out


def _shared(line: OcrLine) -> list[tuple[str, ScoredBox]]:
    weights = [1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in line.text]
    total = sum(weights) or 1.0
    x0, top, x1, bottom = line.box
    out, x = [], x0
    for c, w in zip(line.text, weights):
        step = (x1 - x0) * w / total
        out.append((c, ScoredBox((x, top, x + step, bottom), line.score)))
        x += step
    return out


# The characters of a figure: digits, decimal points, Chinese numerals (a % sign ends many a short line, where the
# recognizer is often unsure of it whatever the scan).
_FIGURE_CHAR = regex.compile(r"[\d.．０-９〇零一二三四五六七八九十百千万两半]")


def figure_confidence(text: str, boxes, start: int, end: int) -> float | None:
    """The recognizer's lowest confidence in a figure character of ``text[start:end]`` (a fact's source span), None
    when none of them was read by OCR (a text layer, a text file)."""
    if boxes is None:
        return None
    scores = [box.score for k in range(start, min(end, len(boxes)))
              if _FIGURE_CHAR.match(text[k]) and isinstance(box := boxes[k], ScoredBox)]
    return min(scores) if scores else None


# A figure read with less confidence than this is flagged (``ocr_confidence`` on its fact, `?` in tables): clean
# scans read digits at 0.97-1.0, a blurred or stamped-over one drops to 0.5-0.8 (docs/ocr.md).
LOW_CONFIDENCE = 0.9


def low_confidence(text: str, boxes, start: int, end: int) -> float | None:
    """``figure_confidence`` rounded, when it is below LOW_CONFIDENCE; else None (nothing to flag)."""
    score = figure_confidence(text, boxes, start, end)
    return round(score, 2) if score is not None and score < LOW_CONFIDENCE else None


def ocr_box(boxes, pages, start: int, end: int) -> list[float] | None:
    """The box around the characters of ``[start, end)`` that OCR read, on the page of the first of them: x0, top,
    x1, bottom in PDF points from the page's top left, as a seal's bbox. None when OCR read none of them."""
    if boxes is None:
        return None
    read = [k for k in range(start, min(end, len(boxes))) if isinstance(boxes[k], ScoredBox)]
    if not read:
        return None
    page = pages[read[0]] if pages else None
    held = [boxes[k] for k in read if not pages or pages[k] == page]
    return [round(min(b[0] for b in held), 1), round(min(b[1] for b in held), 1),
            round(max(b[2] for b in held), 1), round(max(b[3] for b in held), 1)]
