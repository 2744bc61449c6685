"""Red seal impressions (公章, 合同专用章) on scanned pages, and which letter each belongs to.

A seal is found from the red mask that OCR removed before reading the page (ocr.red_mask): the red pixels are
closed into blobs, and a blob the size of a seal (1-6 cm across) that fills an ellipse like a ring with a star
and lettering does is one seal. A grey or black-and-white scan shows no red at all: its seals are ``unknown``,
never ``absent``.
"""
from __future__ import annotations

import math

import regex

# A seal is 1-6 cm across (company seals are 4 cm, finance and personal seals smaller).
MIN_CM, MAX_CM = 1.0, 6.0
# Its blob, once its ring, star and lettering are closed together, is near an ellipse's shape.
MIN_FILL, MAX_FILL = 0.55, 1.25
MAX_ASPECT = 2.0
# Where a signature block asks for a seal; `near` names the label up to the seal word.
SEAL_SLOT = regex.compile(r"[^\s::]{0,12}?[((]?(?:盖章|公章|签章|签字或盖章|盖公章|章)[))]?")


def find_on_page(mask, dpi: float) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (pixels: x0, top, x1, bottom) of the seal-shaped red blobs of one page's mask."""
    import cv2
    import numpy as np

    per_cm = dpi / 2.54
    blobs = mask.astype(np.uint8)
    size = max(3, round(per_cm * 0.25)) | 1
    blobs = cv2.morphologyEx(blobs, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    contours, _ = cv2.findContours(blobs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (MIN_CM * per_cm <= max(w, h) <= MAX_CM * per_cm) or max(w, h) > MAX_ASPECT * min(w, h):
            continue
        fill = cv2.contourArea(cv2.convexHull(contour)) / (math.pi / 4 * w * h)
        if MIN_FILL <= fill <= MAX_FILL and mask[y:y + h, x:x + w].mean() > 0.04:
            found.append((x, y, x + w, y + h))
    return sorted(found, key=lambda b: (b[1], b[0]))


def page_seals(raw, scanned: dict) -> dict:
    """The seals of every OCR'd page of ``raw``: {looked, colourless, found: [{page, bbox, near, offset}]}.

    ``bbox`` is in PDF points (like the boxes of characters); ``offset`` is the source-text position of the
    text nearest the seal, which places the seal in a letter."""
    report: dict = {"looked": [], "colourless": [], "found": []}
    for index, scan in sorted(scanned.items()):
        page = index + 1
        report["looked"].append(page)
        if not scan.colour or scan.mask is None:
            report["colourless"].append(page)
            continue
        scale = 72.0 / scan.dpi
        for box in find_on_page(scan.mask, scan.dpi):
            bbox = [round(v * scale, 1) for v in box]
            offset, near = _nearest_text(raw, page, bbox)
            report["found"].append({"page": page, "bbox": bbox, "near": near, "offset": offset})
    return report


def _nearest_text(raw, page: int, bbox: list[float]) -> tuple[int | None, str]:
    """(offset, label) of the text nearest the seal's centre on its page: a seal slot (`承诺方(盖章)`) within
    two seal widths wins over plain text."""
    if not raw.char_pages or raw.char_boxes is None:
        return None, ""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    reach = 2 * max(bbox[2] - bbox[0], bbox[3] - bbox[1])
    best: tuple[float, int] | None = None
    slot: tuple[float, int] | None = None
    for k, (p, box) in enumerate(zip(raw.char_pages, raw.char_boxes)):
        if p != page or box is None or raw.text[k].isspace():
            continue
        d = math.hypot((box[0] + box[2]) / 2 - cx, (box[1] + box[3]) / 2 - cy)
        if best is None or d < best[0]:
            best = (d, k)
        if raw.text[k] == "章" and d <= reach and (slot is None or d < slot[0]):
            slot = (d, k)
    if best is None:
        return None, ""
    k = (slot or best)[1]
    start = raw.text.rfind("\n", 0, k) + 1
    end = raw.text.find("\n", k)
    line = raw.text[start:end if end >= 0 else len(raw.text)]
    label = SEAL_SLOT.search(line) if slot else None
    return k, (label.group(0) if label else line.strip()[:30])


def letter_seals(report: dict | None, start: int, end: int, char_pages: list[int] | None):
    """The seals of the letter at source span [start, end): a list (maybe empty) when its pages were looked at,
    ``"unknown"`` when a page of it lost its colour and no seal was seen, None when no page of it was OCR'd."""
    if not report or not char_pages:
        return None
    pages = set(char_pages[start:end])
    if not pages & set(report["looked"]):
        return None
    found = [{k: v for k, v in s.items() if k != "offset"} for s in report["found"]
             if s["offset"] is not None and start <= s["offset"] < end]
    if not found and pages & set(report["colourless"]):
        return "unknown"
    return found
