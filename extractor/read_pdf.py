"""PDF text with a page and a box for every character.

Two engines behind one shape: pypdfium2 (default, fast) and pdfplumber. Each
turns a page into lines of (char, box); ``assemble`` then joins the lines of
all pages. A line that runs to the right text edge and is followed by a line
starting at the left edge is a soft wrap: Chinese puts no space between words,
so it is joined with nothing, and a paragraph wrapped over many lines (and
pages) reads back as one line. Other line ends become "\\n".
"""
from __future__ import annotations

from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, top, x1, bottom; top-down like pdfplumber


class PdfProblem(ValueError):
    """Reading failed; the message is the user-facing reason."""


NOT_PDF = "not a valid PDF (corrupt or not a PDF file)"
ENCRYPTED = "encrypted PDF (password required)"
NO_TEXT = "no text layer (scanned/image-only PDF); OCR is not supported"
# A right-edge gap under this many ems still counts as "ran to the margin": CJK
# wrapping leaves up to one character's width free, punctuation boxes are narrow.
WRAP_GAP_EMS = 2.0
# A continuation line starts at the left edge; a paragraph indent is >= 1 em.
INDENT_EMS = 0.8


@dataclass
class Line:
    chars: list[tuple[str, Box | None]]

    @property
    def boxes(self) -> list[Box]:
        return [b for c, b in self.chars if b is not None and not c.isspace()]


@dataclass
class Page:
    width: float
    lines: list[Line]


def check_bytes(head: bytes, tail: bytes) -> None:
    if b"%PDF-" not in head:
        raise PdfProblem(NOT_PDF)
    # Truncated downloads are the common corruption; both engines would
    # silently "repair" them and return part of the text.
    if b"%%EOF" not in tail:
        raise PdfProblem("not a valid PDF (truncated: no %%EOF end marker)")


def pages_pdfium(path: str, max_pages: int) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise PdfProblem(ENCRYPTED if "password" in str(exc).lower() else NOT_PDF) from None
    try:
        _check_count(len(doc), max_pages)
        pages = []
        for index in range(len(doc)):
            try:
                page = doc[index]
                width, height = page.get_size()
                tp = page.get_textpage()
            except pdfium.PdfiumError:
                raise PdfProblem(f"not a valid PDF (page {index + 1} is damaged)") from None
            pages.append(Page(width, _pdfium_lines(tp, raw, height)))
            tp.close()
            page.close()
        return pages
    finally:
        doc.close()


def _pdfium_lines(tp, raw, height: float) -> list[Line]:
    lines, current = [], []
    n = tp.count_chars()
    i = 0
    while i < n:
        code = raw.FPDFText_GetUnicode(tp, i)
        generated = raw.FPDFText_IsGenerated(tp, i) == 1
        box = None if generated else _pdfium_box(tp, i, height)
        i += 1
        if 0xD800 <= code < 0xDC00 and i < n:  # non-BMP characters come as surrogate pairs
            low = raw.FPDFText_GetUnicode(tp, i)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            i += 1
        if code in (0x0D, 0x0A):
            if current:
                lines.append(Line(current))
                current = []
            continue
        # 0x02 marks a word hyphenated at a line end; the join below rejoins the word.
        if code in (0, 0x02, 0xFFFE, 0xFFFF) or 0xD800 <= code < 0xE000:
            continue
        current.append((chr(code), box))
    if current:
        lines.append(Line(current))
    return [line for line in lines if line.chars]


def _pdfium_box(tp, i: int, height: float) -> Box:
    left, bottom, right, top = tp.get_charbox(i)
    return (left, height - top, right, height - bottom)


def pages_pdfplumber(path: str, max_pages: int) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps every pdfminer error in its own type
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(exc).lower():
            raise PdfProblem(ENCRYPTED) from None
        raise PdfProblem(NOT_PDF) from None
    with pdf:
        try:
            _check_count(len(pdf.pages), max_pages)
            pages = []
            for page in pdf.pages:
                lines = []
                for found in page.extract_text_lines(return_chars=True, strip=False, keep_blank_chars=True):
                    lines.append(Line([(c["text"], (c["x0"], c["top"], c["x1"], c["bottom"])) for c in found["chars"]]))
                pages.append(Page(float(page.width), lines))
                page.close()
            return pages
        except PdfProblem:
            raise
        except Exception:
            raise PdfProblem(NOT_PDF) from None


def _check_count(n: int, max_pages: int) -> None:
    if n == 0:
        raise PdfProblem("PDF has no pages")
    if n > max_pages:
        raise PdfProblem(f"too many pages ({n} > limit {max_pages})")


def assemble(pages: list[Page]) -> tuple[str, list[int], list[Box | None]]:
    """Join lines and pages into (text, 1-based page per char, box per char)."""
    text: list[str] = []
    char_pages: list[int] = []
    boxes: list[Box | None] = []
    previous: tuple[Line, float, float] | None = None  # line, right edge, em
    previous_page = 1
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.lines if line.boxes or "".join(c for c, _ in line.chars).strip()]
        edges = [b for line in lines for b in line.boxes]
        left = min((b[0] for b in edges), default=0.0)
        # Assume symmetric margins when no line reaches the right edge (a page of short lines).
        right = max(max((b[2] for b in edges), default=0.0), page.width - left)
        for line in lines:
            em = _em(line)
            if previous is not None:
                soft = _ends_at_margin(*previous) and _starts_at_margin(line, left, em)
                if not soft:
                    text.append("\n")
                    char_pages.append(previous_page)  # a line's end belongs to that line
                    boxes.append(None)
            for ch, box in line.chars:
                text.append(ch)
                char_pages.append(number)
                boxes.append(box)
            previous, previous_page = (line, right, em), number
    return "".join(text), char_pages, boxes


def _em(line: Line) -> float:
    # Tallest glyph, not the median: tight boxes of "_" or "、" are a fraction of an em.
    heights = [b[3] - b[1] for b in line.boxes if b[3] > b[1]]
    return max(max(heights), 1.0) if heights else 10.0


def _ends_at_margin(line: Line, right: float, em: float) -> bool:
    boxes = line.boxes
    if not boxes:
        return False
    return right - max(b[2] for b in boxes) < WRAP_GAP_EMS * em


def _starts_at_margin(line: Line, left: float, em: float) -> bool:
    boxes = line.boxes
    return bool(boxes) and min(b[0] for b in boxes) - left < INDENT_EMS * em
