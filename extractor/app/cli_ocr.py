"""`slax extract --ocr auto|always|never`: how scanned pages and image files are read (extractor/document/ocr.py).

The mode travels in ``ReadLimits`` with every file, so worker processes of `-j N` and Dask workers read files the
same way."""
from __future__ import annotations

import typer

from extractor.document.ocr import INSTALL, MODES

HELP = ("How scanned pages and .png/.jpg/.tif files are read: auto = OCR where a PDF page has no text layer "
        "and for images, always = OCR every page, never = no OCR. Needs " + INSTALL + ".")


def set_mode(value: str) -> str:
    value = (value or "auto").lower()
    if value not in MODES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(MODES)}")
    from dataclasses import replace

    from extractor.document.read import current_limits, use_limits

    use_limits(replace(current_limits(), ocr=value))
    return value
