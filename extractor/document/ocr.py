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
import multiprocessing
import os
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
# Two OCR boxes on one row whose gap is this many character heights apart are two table cells.
CELL_GAP_HEIGHTS = 2.0


class OcrProblem(ValueError):
    """OCR could not run or read nothing; the message is the user-facing reason."""


@dataclass
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    score: float


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
    """A colour scan: some pixels differ clearly between channels (a grey scan stored as RGB does not)."""
    import numpy as np

    small = rgb[::4, ::4].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return bool((spread > 40).mean() > 0.0005)


# ---------------------------------------------------------------- engines

@functools.cache
def _rapidocr():
    from rapidocr_onnxruntime import RapidOCR

    # In a worker of `-j N` each process gets one thread: N processes already fill the cores.
    threads = 1 if multiprocessing.current_process().name != "MainProcess" else -1
    return RapidOCR(use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=threads)


def _run_rapidocr(rgb: np.ndarray) -> list[OcrLine]:
    found, _ = _rapidocr()(rgb, use_cls=False)
    out = []
    for quad, text, score in found or ():
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        out.append(OcrLine(text, (min(xs), min(ys), max(xs), max(ys)), float(score)))
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
    lines = [line for line in run(clean) if line.text.strip() and not _inside_seal(line, mask)]
    return PageScan(lines, (rgb.shape[1], rgb.shape[0]), page_dpi, mask, colour)


def _inside_seal(line: OcrLine, mask: np.ndarray | None) -> bool:
    """A fragment of the seal's own lettering that survived the mask: most of its box is seal red."""
    if mask is None:
        return False
    x0, y0, x1, y1 = (max(0, round(v)) for v in line.box)
    area = mask[y0:y1, x0:x1]
    return area.size > 0 and area.mean() > 0.15


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
            if k:
                gap = line.box[0] - row[k - 1].box[2]
                sep = CELL_SEPARATOR if gap >= CELL_GAP_HEIGHTS * height and "|" not in line.text[:1] else ""
                chars += [(c, None) for c in sep]
            chars += [(c, tuple(v * scale for v in box)) for c, box in _char_boxes(line)]
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


def _char_boxes(line: OcrLine) -> list[tuple[str, tuple]]:
    """Each character with a share of the line's box: a full-width character a whole share, others half."""
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
