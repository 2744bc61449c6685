"""`slax extract --ocr auto|always|never`: how scanned pages and image files are read (extractor/document/ocr.py).

The mode travels as SLAX_OCR in the environment, so worker processes of `-j N` read files the same way (a Dask
cluster's workers take it from their own environment)."""
from __future__ import annotations

import os

import typer

from extractor.document.ocr import INSTALL, MODES

HELP = ("How scanned pages and .png/.jpg/.tif files are read: auto = OCR where a PDF page has no text layer "
        "and for images, always = OCR every page, never = no OCR. Needs " + INSTALL + ".")


def set_mode(value: str) -> str:
    value = (value or "auto").lower()
    if value not in MODES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(MODES)}")
    os.environ["SLAX_OCR"] = value
    return value
