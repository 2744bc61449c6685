"""OCR of scanned pages: image-only PDF pages and .png/.jpg/.tif files, offline, as the optional extra
``pip install 'slax[ocr]'`` (RapidOCR with the PP-OCRv4 Chinese models inside its wheel; docs/ocr.md says why
this engine and not Tesseract).

A page is turned into ``read_pdf.Line`` objects (ocr_layout.py) with a box for every character, in PDF
points, so the PDF reader's ``assemble`` joins soft-wrapped lines, writes table cells as `` | ``, drops
running headers and keeps a page per character exactly as for a text PDF. The red of a seal is masked out
before OCR (a stamp over a clause garbles it); the mask is kept for seal detection (``seals.py``).
"""
from __future__ import annotations

import functools
import io
import os
from typing import TYPE_CHECKING

from extractor.document.ocr_layout import OcrLine, PageScan, deskewed, page_lines, underlines  # noqa: F401
from extractor.document.read_pdf import Page

if TYPE_CHECKING:  # numpy is imported when a page is scanned: reading text files does not pay for it
    import numpy as np

MODES = ("auto", "always", "never")
ENGINES = ("rapidocr", "tesseract")
INSTALL = "pip install 'slax[ocr]'"
# Scanned PDF pages are rendered at this resolution: 12 pt text is then ~25 px high, enough for PP-OCR's
# 48 px recognizer input; the quality figures in docs/ocr.md are measured at it.
DEFAULT_DPI = 150
# RapidOCR's detector enlarges an image whose shorter side is shorter than this (its det limit_side_len).
DET_MIN_SIDE = 736
# An image without a resolution of its own is taken to be a scan at this many dots per inch.
IMAGE_DPI = 150


class OcrProblem(ValueError):
    """OCR could not run or read nothing; the message is the user-facing reason."""


def mode() -> str:
    """The --ocr mode in force: it travels in ``ReadLimits`` (set by the CLI option; ``auto`` by default)."""
    from extractor.document.read import current_limits  # read.py imports this module

    value = current_limits().ocr.lower()
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
    try:
        if engine == "rapidocr":
            return importlib.util.find_spec("rapidocr_onnxruntime") is not None
        return importlib.util.find_spec("pytesseract") is not None and shutil.which("tesseract") is not None
    except (ImportError, ValueError):  # a module blocked or half-installed: not usable
        return False


def dpi() -> int:
    return int(os.environ.get("SLAX_OCR_DPI") or DEFAULT_DPI)


# ---------------------------------------------------------------- the seal's red

def red_mask(rgb: np.ndarray) -> np.ndarray:
    """Where a page shows seal red: red clearly above green and blue. Dark ink under the stamp is not red."""
    import numpy as np

    r, g, b = (rgb[..., k].astype(np.int16) for k in range(3))
    return (r > 100) & (r - g > 60) & (r - b > 45)


def without_red(rgb: np.ndarray) -> np.ndarray:
    """The page with its seal red turned into paper: a reddish pixel takes its red channel as grey, which is
    light where only the stamp is and dark where text lies under it. Reddish, not just seal red: the stamp's
    blurred rim and faint lettering are pink, not red, and read as stray characters (`公司` after the name
    signed under it). Black or grey ink has its three channels alike and is left as it is."""
    import numpy as np

    r, g, b = (rgb[..., k].astype(np.int16) for k in range(3))
    tinted = (r - g > 25) & (r - b > 20)
    clean = rgb.copy()
    clean[tinted] = rgb[tinted][:, :1]
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
    # One line at a time: a batch pads each line to the widest in it, and a letter's lines run from `甲方:` to
    # a full line, so batches of 6 cost a third more CPU than single lines (docs/ocr.md, Speed).
    return RapidOCR(use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=threads, rec_batch_num=1)


def inked_area(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1): the part of the page that holds ink, with a margin. Detection costs in proportion to the
    pixels it looks at, and a letter's page is a fifth margins and often half blank below its signature."""
    import numpy as np

    step = 4
    grey = rgb[::step, ::step].min(axis=2).astype(np.int16)
    dark = grey < np.median(grey) - 60  # the threshold underlines() uses for a rule blurred grey
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    height, width = rgb.shape[:2]
    if not len(rows):
        return 0, 0, width, height
    pad = max(height, width) // 50
    box = [cols[0] * step - pad, rows[0] * step - pad, (cols[-1] + 1) * step + pad, (rows[-1] + 1) * step + pad]
    # RapidOCR's detector enlarges an image whose shorter side is under DET_MIN_SIDE: no gain below it
    for lo, hi, size in ((0, 2, width), (1, 3, height)):
        grow = max(0, min(DET_MIN_SIDE, size) - (box[hi] - box[lo]))
        box[lo] -= grow // 2 + grow % 2
        box[hi] += grow // 2
        shift = max(0, -box[lo]) - max(0, box[hi] - size)
        box[lo], box[hi] = max(0, box[lo] + shift), min(size, box[hi] + shift)
    return int(box[0]), int(box[1]), int(box[2]), int(box[3])


def _run_rapidocr(rgb: np.ndarray) -> list[OcrLine]:
    x0, y0, x1, y1 = inked_area(rgb)
    found, _ = _rapidocr()(rgb[y0:y1, x0:x1], use_cls=False, return_word_box=True)
    found = [_moved(line, x0, y0) for line in found or ()]
    out = []
    for quad, text, score, *words in found:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        glyphs = scores = None
        if len(words) >= 2 and "".join(words[1]) == text.replace(" ", ""):
            glyphs = [(c, q) for word, q in zip(words[1], words[0]) for c in word][:len(text)] \
                if all(len(w) == 1 for w in words[1]) else None
            if glyphs and len(words) >= 3 and len(words[2]) == len(glyphs):  # a confidence per glyph
                scores = [float(v) for v in words[2]]
        out.append(OcrLine(text.replace(" ", "") if glyphs else text, (min(xs), min(ys), max(xs), max(ys)),
                           float(score), quad, glyphs, scores))
    return out


def _moved(found: list, dx: int, dy: int) -> list:
    """A RapidOCR result line (quad, text, score[, glyph quads, glyphs, glyph scores]) read from a crop of the page
    at (dx, dy), in page pixels."""
    def move(quad):
        return [[p[0] + dx, p[1] + dy] for p in quad]

    quad, text, score, *words = found
    if words and words[0]:
        words = [[move(q) for q in words[0]], *words[1:]]
    return [move(quad), text, score, *words]


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
    clean = without_red(rgb) if mask is not None and mask.any() else rgb
    from extractor.document import ocr_ink
    from extractor.document.ocr_repairs import bars_restored, repaired

    rapid = engine_name() == "rapidocr"
    grey = clean.min(axis=2)
    paper = ocr_ink.paper_level(grey)
    lines = []
    for line in (_run_rapidocr if rapid else _run_tesseract)(clean):
        if line.text.strip():
            line = ocr_ink.marks_read(line, grey, paper, _read_crop if rapid else None)
            lines.append(ocr_ink.spaced(repaired(bars_restored(line, grey)), grey, paper))
    lines += underlines(clean, lines)
    printed = [ocr_ink.holds_print(line, grey, paper) for line in lines]  # measured before the page is levelled
    lines, mask = deskewed(lines, mask, (rgb.shape[1], rgb.shape[0]))
    if mask is not None and mask.any():
        from extractor.document.seals import find_on_page

        seal_boxes = find_on_page(mask, page_dpi)
        lines = [line for line, ink in zip(lines, printed) if ink or not _seal_lettering(line, seal_boxes)]
    return PageScan(lines, (rgb.shape[1], rgb.shape[0]), page_dpi, mask, colour)


def _read_crop(rgb: np.ndarray) -> tuple[str, float]:
    """The recognizer alone on a crop holding a few marks (no detection): (text, confidence)."""
    found, _ = _rapidocr()(rgb, use_cls=False, use_det=False, use_rec=True)
    return (str(found[0][0]), float(found[0][1])) if found else ("", 0.0)


def _seal_lettering(line: OcrLine, seal_boxes: list) -> bool:
    """A fragment of the seal's own lettering that survived the mask (`同`, `武限公司`): a line of one or two
    characters centred in a seal's outline, or a longer one wholly inside it, that holds no print (the mask
    leaves the lettering faint; black text under the seal, `乙方（盖章）：`, is as dark as any)."""
    if not line.text.strip("_"):
        return False  # a ruled blank under the seal is the form's, not the seal's
    cx, cy = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
    for x0, y0, x1, y1 in seal_boxes:
        inside = x0 <= line.box[0] and line.box[2] <= x1 and y0 <= line.box[1] and line.box[3] <= y1
        if inside or (len(line.text.strip()) <= 2 and x0 <= cx <= x1 and y0 <= cy <= y1):
            return True
    return False


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
    return pages_with_images(source, empty)


def pages_with_images(source, indices: list[int]) -> list[int]:
    """Those of pages ``indices`` that hold an image object."""
    if not indices:
        return []
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(source)
    try:
        return [k for k in indices if any(True for _ in doc[k].get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)))]
    finally:
        doc.close()


def seal_scan(rgb: np.ndarray, page_dpi: float) -> PageScan:
    """A rendered text page looked at for seal red only (its text comes from its text layer): no lines."""
    colour = is_colour(rgb)
    return PageScan([], (rgb.shape[1], rgb.shape[0]), page_dpi, red_mask(rgb) if colour else None, colour)
