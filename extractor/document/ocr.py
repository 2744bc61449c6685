"""OCR of scanned pages: image-only PDF pages and .png/.jpg/.tif files, offline, as the optional extra
``pip install 'slax[ocr]'`` (RapidOCR with the PP-OCRv4 Chinese models inside its wheel; docs/ocr.md says why
this engine and not Tesseract).

A page is turned into ``read_pdf.Line`` objects with a box for every character, in PDF points, so the PDF
reader's ``assemble`` joins soft-wrapped lines, writes table cells as `` | ``, drops running headers and keeps a
page per character exactly as for a text PDF. The red of a seal is masked out before OCR (a stamp over a
clause garbles it); the mask is kept for seal detection (``seals.py``).
"""
from __future__ import annotations

import functools
import io
import os
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from extractor.document.read_pdf import CELL_SEPARATOR, Line, Page

if TYPE_CHECKING:  # numpy is imported when a page is scanned: reading text files does not pay for it
    import numpy as np

MODES = ("auto", "always", "never")
ENGINES = ("rapidocr", "tesseract")
INSTALL = "pip install 'slax[ocr]'"
# Scanned PDF pages are rendered at this resolution: 12 pt text is then ~25 px high, enough for PP-OCR's
# 48 px recognizer input, and a page costs half what it does at 200 dpi (docs/ocr.md).
DEFAULT_DPI = 150
# An image without a resolution of its own is taken to be a scan at this many dots per inch.
IMAGE_DPI = 150


class OcrProblem(ValueError):
    """OCR could not run or read nothing; the message is the user-facing reason."""


@dataclass
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    score: float
    quad: list | None = None  # the four corners (top left, top right, bottom right, bottom left) when known
    glyphs: list | None = None  # (character, its four corners) as the recognizer placed them, when known


@dataclass
class PageScan:
    """One page as OCR saw it: its lines, its size in pixels, its resolution and the seal-red mask."""

    lines: list[OcrLine]
    size: tuple[int, int]
    dpi: float
    mask: np.ndarray | None = field(default=None, repr=False)  # True where seal red was removed
    colour: bool = True  # False: a grey or black-and-white scan, where seal red cannot be seen


def mode() -> str:
    """The --ocr mode in force (SLAX_OCR, set by the CLI option; ``auto`` by default)."""
    value = (os.environ.get("SLAX_OCR") or "auto").lower()
    if value not in MODES:
        raise ValueError(f"unknown OCR mode {value!r} (choose from {', '.join(MODES)})")
    return value


def engine_name() -> str:
    value = (os.environ.get("SLAX_OCR_ENGINE") or "rapidocr").lower()
    if value not in ENGINES:
        raise ValueError(f"unknown OCR engine {value!r} (choose from {', '.join(ENGINES)})")
    return value


@functools.cache
def available(engine: str | None = None) -> bool:
    """Whether the OCR extra (or the named engine) is installed; looked up without importing it (a folder
    walk asks, and importing onnxruntime costs a second)."""
    import importlib.util
    import shutil

    engine = engine or engine_name()
    if engine == "rapidocr":
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None
    return importlib.util.find_spec("pytesseract") is not None and shutil.which("tesseract") is not None


def dpi() -> int:
    return int(os.environ.get("SLAX_OCR_DPI") or DEFAULT_DPI)


# ---------------------------------------------------------------- the seal's red

def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Where a page shows seal red: red clearly above green and blue. Dark ink under the stamp is not red."""
    import numpy as np

    r, g, b = (rgb[..., k].astype(np.int16) for k in range(3))
    return (r > 100) & (r - g > 60) & (r - b > 45)


def without_red(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The page with its seal red turned into paper: a red pixel takes its red channel as grey, which is
    light where only the stamp is and dark where text lies under it."""
    clean = rgb.copy()
    clean[mask] = rgb[mask][:, :1]
    return clean


def is_colour(rgb: np.ndarray) -> bool:
    """A colour scan: its paper has a tint or some pixels differ clearly between channels. A grey or
    black-and-white scan stored as RGB has neither, and a seal's red could not show on it."""
    import numpy as np

    small = rgb[::4, ::4].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return bool(np.median(spread) >= 4 or (spread > 40).mean() > 0.0005)


# ---------------------------------------------------------------- engines

@functools.cache
def _rapidocr():
    from rapidocr_onnxruntime import RapidOCR

    # One thread per process: `-j N` scales with the cores (N processes fill them), where onnxruntime's own
    # threads would fight the workers for them. SLAX_OCR_THREADS gives one file more (0: one per core).
    threads = int(os.environ.get("SLAX_OCR_THREADS") or 1) or -1
    return RapidOCR(use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=threads)


def _run_rapidocr(rgb: np.ndarray) -> list[OcrLine]:
    found, _ = _rapidocr()(rgb, use_cls=False, return_word_box=True)
    out = []
    for quad, text, score, *words in found or ():
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        glyphs = None
        if len(words) >= 2 and "".join(words[1]) == text.replace(" ", ""):
            glyphs = [(c, q) for word, q in zip(words[1], words[0]) for c in word][:len(text)] \
                if all(len(w) == 1 for w in words[1]) else None
        out.append(OcrLine(text.replace(" ", "") if glyphs else text, (min(xs), min(ys), max(xs), max(ys)),
                           float(score), quad, glyphs))
    return out


def _run_tesseract(rgb: np.ndarray) -> list[OcrLine]:
    import pytesseract
    from PIL import Image

    data = pytesseract.image_to_data(Image.fromarray(rgb), lang="chi_sim", config="--psm 6",
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple, list[int]] = {}
    for k, word in enumerate(data["text"]):
        if word.strip():
            lines.setdefault((data["block_num"][k], data["par_num"][k], data["line_num"][k]), []).append(k)
    out = []
    for ks in lines.values():
        x0 = min(data["left"][k] for k in ks)
        top = min(data["top"][k] for k in ks)
        x1 = max(data["left"][k] + data["width"][k] for k in ks)
        bottom = max(data["top"][k] + data["height"][k] for k in ks)
        score = sum(max(float(data["conf"][k]), 0.0) for k in ks) / len(ks) / 100
        out.append(OcrLine("".join(data["text"][k] for k in ks), (x0, top, x1, bottom), score))
    return out


def scan_page(rgb: np.ndarray, page_dpi: float) -> PageScan:
    """OCR one page image (H x W x 3, uint8) with its seal red masked out."""
    colour = is_colour(rgb)
    mask = red_mask(rgb) if colour else None
    clean = without_red(rgb, mask) if mask is not None and mask.any() else rgb
    run = _run_rapidocr if engine_name() == "rapidocr" else _run_tesseract
    lines = [line for line in run(clean) if line.text.strip()]
    lines += underlines(clean, lines)
    lines, mask = deskewed(lines, mask, (rgb.shape[1], rgb.shape[0]))
    if mask is not None and mask.any():
        from extractor.document.seals import find_on_page

        seal_boxes = find_on_page(mask, page_dpi)
        lines = [line for line in lines if not _seal_lettering(line, seal_boxes)]
    return PageScan(lines, (rgb.shape[1], rgb.shape[0]), page_dpi, mask, colour)


def underlines(rgb: np.ndarray, lines: list[OcrLine]) -> list[OcrLine]:
    """The blanks of a form (`签订日期:__________`) as lines of "_": OCR reads no text in a ruled line, and
    without them a blank to fill would vanish from a scan. A rule is a dark horizontal run at least two
    characters long and thinner than a third of one; it takes the height of a text line so that it joins
    the row it ends."""
    import cv2
    import numpy as np

    heights = sorted(l.box[3] - l.box[1] for l in lines if l.quad is not None and len(l.text) >= 4)
    if not heights:
        return []
    em = heights[len(heights) // 4]  # a level line's height; skewed lines are taller
    grey = rgb.min(axis=2)
    dark = (grey < np.median(grey[::4, ::4]) - 70).astype(np.uint8)  # a thin rule is grey once blurred
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(em)), 1))
    runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(runs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < 2 * em or h > em / 3 + w * 0.06:  # 0.06: a rule on a page skewed by up to 3.5°
            continue
        cx, cy = x + w / 2, y + h / 2
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in (l.box for l in lines)):
            continue  # a dash (——) that OCR read as text
        bottom = y + h / 2 + em * 0.15
        box = (float(x), bottom - em, float(x + w), bottom)
        quad = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]]
        out.append(OcrLine("_" * max(3, round(w / (em / 2))), box, 1.0, quad))
    return out


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
        out.append(OcrLine(line.text, tuple(float(v) for v in box), line.score, pts.tolist(), glyphs))
    if mask is not None:
        import cv2

        mask = cv2.warpAffine(mask.astype(np.uint8), matrix, size, flags=cv2.INTER_NEAREST).astype(bool)
    return out, mask


def _seal_lettering(line: OcrLine, seal_boxes: list) -> bool:
    """A fragment of the seal's own lettering that survived the mask (`同`, `武限公司`): a line of one or two
    characters centred in a seal's outline, or a longer one wholly inside it. Text under a seal runs past it."""
    if not line.text.strip("_"):
        return False  # a ruled blank under the seal is the form's, not the seal's
    cx, cy = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
    for x0, y0, x1, y1 in seal_boxes:
        inside = x0 <= line.box[0] and line.box[2] <= x1 and y0 <= line.box[1] and line.box[3] <= y1
        if inside or (len(line.text.strip()) <= 2 and x0 <= cx <= x1 and y0 <= cy <= y1):
            return True
    return False


# ---------------------------------------------------------------- lines in reading order

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
            chars += [(c, tuple(v * scale for v in box) if box else None) for c, box in _char_boxes(line)]
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
    out: list[tuple[str, tuple | None]] = []
    height = line.box[3] - line.box[1]
    for k, (c, box) in enumerate(chars):
        if c in "|｜丨":  # 丨 (a radical) is how the recognizer often reads a table rule
            out = _rstrip(out) + [(ch, None) for ch in CELL_SEPARATOR]
            continue
        gap = box[0] - out[-1][1][2] if out and out[-1][1] is not None else 0.0
        if gap > 0.8 * height:  # a blank left in a line (`年   月   日`): spaces as wide as the gap
            out += [(" ", None)] * round(gap / (height / 2))
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


def _placed(line: OcrLine) -> list[tuple[str, tuple]]:
    out = []
    for c, quad in line.glyphs:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        out.append((c, (min(xs), line.box[1], max(xs), line.box[3])))
    return out


def _shared(line: OcrLine) -> list[tuple[str, tuple]]:
    weights = [1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in line.text]
    total = sum(weights) or 1.0
    x0, top, x1, bottom = line.box
    out, x = [], x0
    for c, w in zip(line.text, weights):
        step = (x1 - x0) * w / total
        out.append((c, (x, top, x + step, bottom)))
        x += step
    return out


def mean_confidence(scans: list[PageScan]) -> float | None:
    """Mean recognition confidence per character over every OCR'd page."""
    pairs = [(len(l.text), l.score) for scan in scans for l in scan.lines]
    chars = sum(n for n, _ in pairs)
    return round(sum(n * s for n, s in pairs) / chars, 4) if chars else None


# ---------------------------------------------------------------- inputs

def image_pages(data: bytes, max_pages: int) -> list[tuple[np.ndarray, float]]:
    """The frames of an image file (a TIFF may hold several pages) as RGB arrays with their resolution."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        frames = []
        for k, frame in enumerate(ImageSequence.Iterator(img)):
            if k >= max_pages:
                raise OcrProblem(f"too many pages (> limit {max_pages})")
            res = frame.info.get("dpi", (IMAGE_DPI,))[0] or IMAGE_DPI
            frames.append((np.asarray(frame.convert("RGB")), float(res)))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, OcrProblem):
            raise
        raise OcrProblem("not a readable image (corrupt or not an image file)") from None
    return frames


def render_pdf_pages(source, indices: list[int], page_dpi: int) -> list[np.ndarray]:
    """Pages ``indices`` of the PDF at ``source`` (a path or its bytes) as RGB arrays at ``page_dpi``."""
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(source)
    try:
        out = []
        for index in indices:
            page = doc[index]
            bitmap = page.render(scale=page_dpi / 72.0)
            out.append(np.asarray(bitmap.to_pil().convert("RGB")))
            page.close()
        return out
    finally:
        doc.close()


def pages_without_text(source, pages: list[Page], force: bool) -> list[int]:
    """Indices of the pages to OCR: every page when ``force``, else those with no text layer that show an
    image (a page with neither is blank, not scanned)."""
    empty = [k for k, page in enumerate(pages) if force or not any(l.text.strip() for l in page.lines)]
    if force or not empty:
        return empty
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(source)
    try:
        return [k for k in empty if any(True for _ in doc[k].get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)))]
    finally:
        doc.close()
