"""Readers: path in, text plus per-character page/position out.

Every failure a user can cause (wrong type, corrupt, encrypted, scanned, empty)
is a ReadError naming the file and the reason; never a library traceback.
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal, Optional

from extractor.document import pdf_pdfium, read_docx, read_html, read_markdown, read_pdf, read_txt

SUPPORTED = (".txt", ".pdf", ".docx", ".html", ".htm", ".md")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # read through OCR (extractor/document/scans.py)
# Markdown in a folder is mostly its README or notes: read when named, or when --glob asks for it.
OPT_IN = (".md",)
ENGINES = ("pdfium", "pdfplumber")
# A letter is a few pages; a bid document a few hundred. Beyond this the input is probably not what was meant.
DEFAULT_MAX_PAGES = 2000
# The largest bid books are tens of MB; a bigger file is a disk image or a log, and would cost gigabytes.
DEFAULT_MAX_BYTES = 50 * 2**20
# The slowest text measured (one long line of dense letters, every clause a fact: benchmarks/bounds.py) goes
# through at 67,000-108,000 characters a second on one core of a busy 2-core VM; a text that could not finish
# in half its time budget at 40,000 characters a second is refused up front instead of read until the timeout.
SLOWEST_CHARS_PER_SECOND = 40_000


@dataclass(frozen=True)
class ReadLimits:
    """What one file may cost. Pickled to worker processes and Dask workers with each task."""

    max_bytes: int = DEFAULT_MAX_BYTES  # the file's size, and what a .docx may expand to
    max_pages: int = DEFAULT_MAX_PAGES
    max_chars: Optional[int] = None  # characters of text; None: no limit
    # Not a limit but how PDFs are read ("pdfium" or "pdfplumber"; None: pdfium): it goes with the limits to
    # every worker. The CLI fills these from its options and the environment; the library reads no variable.
    pdf_engine: Optional[str] = None
    # How scanned pages and images are read (--ocr: auto, always, never); it travels with the limits too.
    ocr: str = "auto"

    def within(self, seconds: Optional[float]) -> ReadLimits:
        """These limits, plus the most text that finishes well inside a per-file budget of ``seconds`` (unless
        a text limit was set already)."""
        if not seconds or self.max_chars is not None:
            return self
        return replace(self, max_chars=int(seconds * SLOWEST_CHARS_PER_SECOND / 2))


_current: contextvars.ContextVar[Optional[ReadLimits]] = contextvars.ContextVar("slax_read_limits", default=None)


@contextlib.contextmanager
def limits_in_force(limits: Optional[ReadLimits]):
    """Every read() inside the block (in this thread or task) uses ``limits``."""
    token = _current.set(limits)
    try:
        yield
    finally:
        _current.reset(token)


def current_limits() -> ReadLimits:
    return _current.get() or ReadLimits()


def use_limits(limits: ReadLimits) -> None:
    """For the CLI edge: ``limits`` hold for the rest of this command (an option's callback sets them)."""
    _current.set(limits)


# A file named as the user gave it but found elsewhere: (name, absolute path or the file's bytes).
_stand_in: contextvars.ContextVar[Optional[tuple[str, str | bytes]]] = contextvars.ContextVar(
    "slax_stand_in", default=None)


@contextlib.contextmanager
def read_from(name: str, source: str | bytes):
    """Inside the block, read(name) opens ``source`` (an absolute path, e.g. resolved on a Dask client) or
    takes ``source`` as the file's bytes (shipped to a worker); messages and results still say ``name``."""
    token = _stand_in.set((str(name), source))
    try:
        yield
    finally:
        _stand_in.reset(token)


def _source_of(path) -> Path | bytes:
    found = _stand_in.get()
    if found and found[0] == str(path):
        return found[1] if isinstance(found[1], bytes) else Path(found[1])
    return Path(path)


class ReadError(Exception):
    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


@dataclass
class RawText:
    path: str
    format: Literal["txt", "pdf", "docx", "html", "markdown", "image"]
    text: str
    sha256: str
    encoding: Optional[str] = None
    pages: Optional[int] = None
    char_pages: Optional[list[int]] = None  # 1-based page of each character (PDF only)
    char_boxes: Optional[list] = field(default=None, repr=False)  # (x0, top, x1, bottom) or None per char
    ocr: Optional[dict] = None  # {engine, pages, mean_confidence} when some pages were read by OCR
    seals: Optional[dict] = None  # {looked, colourless, found} on OCR'd pages (document/seals.py); None: not looked


def read(path, *, engine: str | None = None, max_pages: int | None = None, max_bytes: int | None = None,
         data: bytes | None = None) -> RawText:
    """Read a .txt, .pdf, .docx, .html or .md file (a .txt that is really a web page or Markdown is read as one).

    ``engine`` picks the PDF engine ("pdfium" or "pdfplumber"; default: the ``pdf_engine`` of the limits in
    force, else "pdfium"). Limits come from ``limits_in_force``, else the defaults; ``max_pages`` and
    ``max_bytes`` override them.
    ``data`` is the file's content when it was shipped from elsewhere: ``path`` then only names it.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    limits = current_limits()
    limits = replace(limits, max_bytes=max_bytes or limits.max_bytes, max_pages=max_pages or limits.max_pages)
    source = _source_of(path)
    if data is None and isinstance(source, bytes):
        data = source
    if data is None:
        _check_regular(source, p)
    elif suffix not in SUPPORTED:  # text given as bytes (stdin, the text API) may carry no file name
        suffix = sniff_suffix(data)
    if suffix == ".doc":
        raise ReadError(p, "old Word .doc format is not supported; save as .docx")
    if suffix not in SUPPORTED and suffix not in IMAGE_SUFFIXES:
        shown = suffix or "(no extension)"
        raise ReadError(p, f"unsupported file type '{shown}' (supported: {', '.join(SUPPORTED)})")
    shipped = data is not None
    if not shipped:
        data = _read_bytes(source, p, limits.max_bytes)
    elif len(data) > limits.max_bytes:
        raise ReadError(p, _too_large(len(data), limits.max_bytes))
    raw = _parse(p, suffix, data, engine or limits.pdf_engine, limits, shipped)
    if limits.max_chars and len(raw.text) > limits.max_chars:
        raise ReadError(p, f"text too long to finish inside the time limit ({len(raw.text):,} characters > "
                           f"{limits.max_chars:,}; raise --timeout, or 0 for no limit)")
    return raw


def sniff_suffix(data: bytes) -> str:
    """The file type of content that came without a usable name: a PDF, a .docx (a zip), else text."""
    if data[:5] == b"%PDF-":
        return ".pdf"
    if data[:4] == b"PK\x03\x04":
        return ".docx"
    return ".txt"


def _check_regular(where: Path, p: Path) -> None:
    """A missing file, a folder, a pipe, a socket or a device is an error before anything opens it
    (opening a FIFO waits for a writer; reading /dev/zero never ends). ``p`` names ``where`` in messages."""
    try:
        st = os.stat(where)
    except FileNotFoundError:
        raise ReadError(p, "broken symlink" if os.path.islink(where) else "no such file") from None
    except OSError as exc:
        raise ReadError(p, f"cannot read file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(p, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(p, "not a regular file (a pipe, socket or device)")


def read_file_bytes(path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them (ReadError otherwise)."""
    p = Path(path)
    _check_regular(p, p)
    return _read_bytes(p, p, limit)


def _read_bytes(where: Path, p: Path, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` of them. Opened without blocking and checked again once open, in
    case the path was swapped for a pipe or device after the first look."""
    try:
        fd = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise ReadError(p, "not a regular file (a pipe, socket or device)")
            if st.st_size > limit:
                raise ReadError(p, _too_large(st.st_size, limit))
            # A file that grows while read is cut at limit + 1 bytes, not read forever. Asked for limit + 1 bytes at
            # once, the reader allocates a buffer that large (50 MB: 0.4 ms of a 1 ms letter's reading) before it
            # shrinks it to the file: the size just seen is asked first, the rest only if the file grew.
            data = fh.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise ReadError(p, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise ReadError(p, _too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({_mb(size)} > limit {_mb(limit)}; raise it with --max-bytes)"


def _parse(p: Path, suffix: str, data: bytes, engine: str | None, limits: ReadLimits, shipped: bool) -> RawText:
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
        return _read_docx(p, data, digest, limits.max_bytes)
    if suffix in IMAGE_SUFFIXES:
        from extractor.document.scans import read_image

        return read_image(p, data, digest, limits.max_pages)
    return _read_pdf(p, data, digest, engine, limits.max_pages, shipped)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def _read_docx(p: Path, data: bytes, digest: str, max_expanded: int) -> RawText:
    if data.startswith(read_docx.OLE_MAGIC):
        raise ReadError(p, "old Word .doc format is not supported (file is a .doc renamed .docx); save as .docx")
    try:
        text = read_docx.docx_text(data, max_expanded)
    except read_docx.DocxProblem as exc:
        raise ReadError(p, str(exc)) from None
    if not text.strip():
        raise ReadError(p, "document has no text")
    return RawText(str(p), "docx", text, digest)


def _read_pdf(p: Path, data: bytes, digest: str, engine: str | None, max_pages: int, shipped: bool) -> RawText:
    engine = engine or "pdfium"
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from {', '.join(ENGINES)})")
    try:
        read_pdf.check_bytes(data[:1024], data[-2048:])
        load = pdf_pdfium.pages_pdfium if engine == "pdfium" else read_pdf.pages_pdfplumber
        pages = load(data if shipped else str(_source_of(p)), max_pages)  # from the path: the lazy boxes reopen it
    except read_pdf.PdfProblem as exc:
        raise ReadError(p, str(exc)) from None
    from extractor.document import scans  # OCR of pages without a text layer, when the extra is installed

    return scans.read_pdf_pages(p, pages, data if shipped else str(_source_of(p)), digest, data)


def _check_named(p: Path) -> None:
    try:
        os.lstat(p)
    except (FileNotFoundError, NotADirectoryError):
        raise ReadError(p, "no such file") from None
    except OSError:
        pass  # e.g. no permission to look: read() names the cause


def _resolved(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):  # a symlink loop: read() says so
        return p.absolute()


def is_folder(p: Path) -> bool:
    """Path.is_dir(), except that a path that cannot be looked at (no permission) is not a folder."""
    try:
        return stat.S_ISDIR(os.stat(p).st_mode)
    except (OSError, ValueError):
        return False


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
        if not is_folder(p):  # a file, or what is wrong with it (a pipe, no permission), is read()'s to say
            _check_named(p)
            key = _resolved(p)
            if key not in seen:
                seen.add(key)
                yield p
            continue
        found = 0
        for f in _walk_dir(p, follow_symlinks):
            if (glob and not fnmatch(f.name, glob)) or (not glob and f.suffix.lower() in OPT_IN):
                continue
            key = _resolved(f)  # resolved once: a symlink's target is looked up once per file, not twice
            if key in seen:
                continue
            seen.add(key)
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


def _images_read() -> tuple[str, ...]:
    """Image files a folder run reads: all of them when OCR is installed and not turned off, else none (a
    folder's pictures were never letters before OCR, and an error per picture would be noise)."""
    from extractor.document import ocr

    return IMAGE_SUFFIXES if ocr.mode() != "never" and ocr.available() else ()


def _walk_dir(root: Path, follow_symlinks: bool) -> Iterator[Path]:
    real_root = root.resolve()
    wanted = SUPPORTED + (".doc",) + _images_read()
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
            if _skipped_name(name) or f.suffix.lower() not in wanted:
                continue
            if f.is_symlink() and not follow_symlinks and not f.resolve().is_relative_to(real_root):
                continue
            if f.is_file() and not (f.suffix.lower() in (".html", ".htm") and _slax_report(f)):
                yield f
