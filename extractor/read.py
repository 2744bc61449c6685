"""Readers: path in, text plus per-character page/position out.

Every failure a user can cause (wrong type, corrupt, encrypted, scanned, empty)
is a ReadError naming the file and the reason; never a library traceback.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional

from . import read_docx, read_html, read_markdown, read_pdf, read_txt

SUPPORTED = (".txt", ".pdf", ".docx", ".html", ".htm", ".md")
# Markdown in a folder is mostly its README or notes: read when named, or when --glob asks for it.
OPT_IN = (".md",)
ENGINES = ("pdfium", "pdfplumber")
# A letter is a few pages; a bid document a few hundred. Beyond this the input is probably not what was meant.
DEFAULT_MAX_PAGES = 2000
# The largest bid books are tens of MB; a bigger file is a disk image or a log, and would cost gigabytes.
DEFAULT_MAX_BYTES = 50 * 2**20


class ReadError(Exception):
    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


@dataclass
class RawText:
    path: str
    format: Literal["txt", "pdf", "docx", "html", "markdown"]
    text: str
    sha256: str
    encoding: Optional[str] = None
    pages: Optional[int] = None
    char_pages: Optional[list[int]] = None  # 1-based page of each character (PDF only)
    char_boxes: Optional[list] = field(default=None, repr=False)  # (x0, top, x1, bottom) or None per char


def read(path, *, engine: str | None = None, max_pages: int | None = None, max_bytes: int | None = None) -> RawText:
    """Read a .txt, .pdf, .docx, .html or .md file (a .txt that is really a web page or Markdown is read as one).

    ``engine`` picks the PDF engine ("pdfium" or "pdfplumber"; default from the
    SLAX_PDF_ENGINE environment variable, else "pdfium"). ``max_pages`` defaults
    to SLAX_MAX_PAGES or DEFAULT_MAX_PAGES, ``max_bytes`` to SLAX_MAX_BYTES or DEFAULT_MAX_BYTES.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise ReadError(p, "broken symlink" if p.is_symlink() else "no such file")
    if p.is_dir():
        raise ReadError(p, "is a directory")
    if suffix == ".doc":
        raise ReadError(p, "old Word .doc format is not supported; save as .docx")
    if suffix not in SUPPORTED:
        shown = suffix or "(no extension)"
        raise ReadError(p, f"unsupported file type '{shown}' (supported: {', '.join(SUPPORTED)})")
    limit = max_bytes or int(os.environ.get("SLAX_MAX_BYTES") or DEFAULT_MAX_BYTES)
    try:
        size = p.stat().st_size
        if size > limit:
            raise ReadError(p, f"file too large ({_mb(size)} > limit {_mb(limit)}; raise it with --max-bytes)")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(p, f"cannot read file ({exc.strerror or exc})") from None
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise ReadError(p, "empty file")
    if read_html.made_by_slax(data[:2048]):
        raise ReadError(p, "a report written by slax, not a letter")
    if suffix in (".txt", ".html", ".htm", ".md"):
        try:
            text, encoding = read_txt.decode(data)
        except read_txt.NotText as exc:
            raise ReadError(p, str(exc)) from None
        if suffix in (".html", ".htm") or (suffix == ".txt" and read_html.looks_like_html(text)):
            text = read_html.html_text(text)
            if not text.strip():
                raise ReadError(p, "web page has no text")
            return RawText(str(p), "html", text, digest, encoding=encoding)
        if suffix == ".md" or read_markdown.looks_like_markdown(text):
            return RawText(str(p), "markdown", read_markdown.markdown_text(text), digest, encoding=encoding)
        return RawText(str(p), "txt", text, digest, encoding=encoding)
    if suffix == ".docx":
        return _read_docx(p, data, digest)
    return _read_pdf(p, data, digest, engine, max_pages)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def _read_docx(p: Path, data: bytes, digest: str) -> RawText:
    if data.startswith(read_docx.OLE_MAGIC):
        raise ReadError(p, "old Word .doc format is not supported (file is a .doc renamed .docx); save as .docx")
    try:
        text = read_docx.docx_text(str(p))
    except read_docx.DocxProblem as exc:
        raise ReadError(p, str(exc)) from None
    if not text.strip():
        raise ReadError(p, "document has no text")
    return RawText(str(p), "docx", text, digest)


def _read_pdf(p: Path, data: bytes, digest: str, engine: str | None, max_pages: int | None) -> RawText:
    engine = engine or os.environ.get("SLAX_PDF_ENGINE") or "pdfium"
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from {', '.join(ENGINES)})")
    limit = max_pages or int(os.environ.get("SLAX_MAX_PAGES") or DEFAULT_MAX_PAGES)
    try:
        read_pdf.check_bytes(data[:1024], data[-2048:])
        load = read_pdf.pages_pdfium if engine == "pdfium" else read_pdf.pages_pdfplumber
        pages = load(str(p), limit)
    except read_pdf.PdfProblem as exc:
        raise ReadError(p, str(exc)) from None
    text, char_pages, boxes = read_pdf.assemble(pages)
    if not text.strip():
        raise ReadError(p, read_pdf.NO_TEXT)
    return RawText(str(p), "pdf", text, digest, pages=len(pages), char_pages=char_pages, char_boxes=boxes)


def _skipped_name(name: str) -> bool:
    # Hidden files and Word's "~$name.docx" owner files sit next to real documents.
    return name.startswith((".", "~$"))


def iter_files(paths: Iterable, glob: str | None = None, follow_symlinks: bool = False) -> Iterator[Path]:
    """Yield files to read: named files as given, folders searched recursively in sorted order.

    Inside folders only supported extensions are yielded (filtered by ``glob`` on
    the file name when given; .md only when ``glob`` selects it); symlinks leading outside the folder are skipped
    unless ``follow_symlinks``. A folder with nothing to read is a ReadError.
    """
    seen: set[Path] = set()
    for raw_path in paths:
        p = Path(raw_path)
        if not p.exists():
            raise ReadError(p, "no such file")
        if not p.is_dir():
            if p.resolve() not in seen:
                seen.add(p.resolve())
                yield p
            continue
        found = 0
        for f in _walk_dir(p, follow_symlinks):
            if (glob and not fnmatch(f.name, glob)) or (not glob and f.suffix.lower() in OPT_IN):
                continue
            if f.resolve() in seen:
                continue
            seen.add(f.resolve())
            found += 1
            yield f
        if not found:
            what = f"matching '{glob}' " if glob else ""
            raise ReadError(p, f"no .txt/.pdf/.docx/.html files {what}found")


def _slax_report(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return read_html.made_by_slax(fh.read(2048))
    except OSError:
        return False  # read() will say what is wrong with it


def _walk_dir(root: Path, follow_symlinks: bool) -> Iterator[Path]:
    real_root = root.resolve()
    visited: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
        here = Path(dirpath)
        real = here.resolve()
        if real in visited:  # a symlink loop when following links
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames[:] = sorted(d for d in dirnames if not _skipped_name(d))
        for name in sorted(filenames):
            f = here / name
            # Old .doc files are yielded so that a folder run says why they were not read.
            if _skipped_name(name) or f.suffix.lower() not in SUPPORTED + (".doc",):
                continue
            if f.is_symlink() and not follow_symlinks and not f.resolve().is_relative_to(real_root):
                continue
            if f.is_file() and not (f.suffix.lower() in (".html", ".htm") and _slax_report(f)):
                yield f
