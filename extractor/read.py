"""Readers: path in, text plus per-character page/position out. (placeholder: UTF-8 text only)"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

SUPPORTED = (".txt", ".pdf", ".docx")


class ReadError(Exception):
    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


@dataclass
class RawText:
    path: str
    format: Literal["txt", "pdf", "docx"]
    text: str
    sha256: str
    encoding: Optional[str] = None
    pages: Optional[int] = None
    char_pages: Optional[list[int]] = None  # 1-based page of each character (PDF only)
    char_boxes: Optional[list] = field(default=None, repr=False)  # (x0, top, x1, bottom) or None per char


def read(path) -> RawText:
    p = Path(path)
    data = p.read_bytes()
    return RawText(str(p), "txt", data.decode("utf-8-sig"), hashlib.sha256(data).hexdigest(), "utf-8")
