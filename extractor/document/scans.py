"""Scanned input into RawText: image files, and PDF pages without a text layer, through OCR (ocr.py), with the
seals found on those pages (seals.py).

``--ocr`` (``ReadLimits.ocr``) decides: ``auto`` reads pages with no text layer that show an image when the OCR extra is
installed, ``always`` reads every page by OCR, ``never`` reads none. A PDF with a text layer on every page goes
through here untouched: no page is rendered.
"""
from __future__ import annotations

import re
from pathlib import Path

from extractor.document import ocr, read_pdf
from extractor.document.read import RawText, ReadError

NEEDS_EXTRA = f"OCR needs the optional extra: {ocr.INSTALL}"


# An image XObject's dictionary: a stream's dictionary is never compressed, so a PDF without this holds no image.
_IMAGE_XOBJECT = re.compile(rb"/Subtype\s*/Image\b")


def read_pdf_pages(p: Path, pages: list, source, digest: str, data: bytes = b"") -> RawText:
    """The PDF's text from its ``pages``, pages without a text layer read by OCR (``source``: path or bytes), and
    the seals on its scanned pages and on its text pages that hold an image (``data``: the file's bytes)."""
    mode = ocr.mode()
    todo = [] if mode == "never" else ocr.pages_without_text(source, pages, force=mode == "always")
    scanned: dict[int, ocr.PageScan] = {}
    if todo and not ocr.available():
        if mode == "always":
            raise ReadError(p, f"--ocr always: {NEEDS_EXTRA}")
        todo = []
    if todo:
        resolution = ocr.dpi()
        for k, rgb in zip(todo, ocr.render_pdf_pages(source, todo, resolution)):
            scanned[k] = ocr.scan_page(rgb, resolution)
            pages[k] = ocr.page_lines(scanned[k])
    text, char_pages, boxes = read_pdf.assemble(pages)
    if not text.strip():
        raise ReadError(p, f"{read_pdf.NO_TEXT}; {_why_no_text(mode, scanned)}")
    raw = RawText(str(p), "pdf", text, digest, pages=len(pages), char_pages=char_pages, char_boxes=boxes)
    return with_scans(raw, scanned, _stamp_pages(source, len(pages), scanned, data, mode))


def _stamp_pages(source, count: int, scanned: dict, data: bytes, mode: str) -> dict[int, ocr.PageScan]:
    """The text pages holding an image (a digital letter with a stamp image pasted on), rendered and looked at for
    seal red, not read by OCR. A PDF without any image XObject costs one search of its bytes and nothing else."""
    if mode == "never" or not ocr.available() or not _IMAGE_XOBJECT.search(data):
        return {}
    todo = ocr.pages_with_images(source, [k for k in range(count) if k not in scanned])
    resolution = ocr.dpi()
    return {k: ocr.seal_scan(rgb, resolution) for k, rgb in zip(todo, ocr.render_pdf_pages(source, todo, resolution))}


def _why_no_text(mode: str, scanned: dict) -> str:
    if mode == "never":
        return "OCR is off (--ocr never)"
    if scanned:
        return "OCR found no text"
    return "OCR found no image to read" if ocr.available() else NEEDS_EXTRA


def read_image(p: Path, data: bytes, digest: str, max_pages: int) -> RawText:
    """A .png/.jpg/.tif scan or photo read by OCR (every frame of a multi-page TIFF is a page)."""
    mode = ocr.mode()
    if mode == "never":
        raise ReadError(p, "an image file: reading it needs OCR, which is off (--ocr never)")
    if not ocr.available():
        raise ReadError(p, f"an image file: {NEEDS_EXTRA}")
    try:
        frames = ocr.image_pages(data, max_pages)
    except ocr.OcrProblem as exc:
        raise ReadError(p, str(exc)) from None
    scanned = {k: ocr.scan_page(rgb, resolution) for k, (rgb, resolution) in enumerate(frames)}
    text, char_pages, boxes = read_pdf.assemble([ocr.page_lines(scan) for scan in scanned.values()])
    if not text.strip():
        raise ReadError(p, "OCR found no text in the image")
    raw = RawText(str(p), "image", text, digest, pages=len(frames), char_pages=char_pages, char_boxes=boxes)
    return with_scans(raw, scanned)


def with_scans(raw: RawText, scanned: dict[int, ocr.PageScan], stamped: dict[int, ocr.PageScan] | None = None
               ) -> RawText:
    """``raw`` with what OCR adds: which pages it read, how sure it was, and the seals on those pages and on the
    ``stamped`` text pages (rendered for their images only)."""
    if scanned:
        raw.ocr = {"engine": ocr.engine_name(), "pages": [k + 1 for k in sorted(scanned)],
                   "mean_confidence": ocr.mean_confidence(list(scanned.values()))}
    if scanned or stamped:
        from extractor.document import seals

        raw.seals = seals.page_seals(raw, {**(stamped or {}), **scanned})
    return raw
