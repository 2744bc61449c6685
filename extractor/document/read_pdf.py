"""PDF text with a page and a box for every character.

Two engines behind one shape: pypdfium2 (default, fast) and pdfplumber. Each
turns a page into lines of (char, box); ``assemble`` then joins the lines of
all pages. A line that runs to the right text edge and is followed by a line
starting at the left edge is a soft wrap: Chinese puts no space between words,
so it is joined with nothing, and a paragraph wrapped over many lines (and
pages) reads back as one line. Other line ends become "\\n". Running headers and
footers are dropped, and the cells of table rows are joined with " | " as the
DOCX reader joins Word table cells.

pypdfium2 pages are read in bulk: the text in one call, a box only for the glyphs
that decide a line's edges and em; every other box is read when first asked for.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

Box = tuple[float, float, float, float]  # x0, top, x1, bottom; top-down like pdfplumber


class PdfProblem(ValueError):
    """Reading failed; the message is the user-facing reason."""


NOT_PDF = "not a valid PDF (corrupt or not a PDF file)"
ENCRYPTED = "encrypted PDF (password required)"
NO_TEXT = "no text layer (scanned/image-only PDF)"  # and why OCR did not read it: scans.py
# A right-edge gap under this many ems still counts as "ran to the margin": CJK
# wrapping leaves up to one character's width free, punctuation boxes are narrow.
WRAP_GAP_EMS = 2.0
# A continuation line starts at the left edge; a paragraph indent is >= 1 em.
INDENT_EMS = 0.8
# Over a page break the margins say less (a full last line is common): a page that ends a sentence, or
# one that opens with a clause number or heading, starts a new line. In a page, a numbered item that
# ends a sentence near the margin is followed by the next item, not by its own wrap (`1.4 …×100%。` /
# `第2条 服务承诺`), and so is any sentence end by a short numbered line (a heading: `第1条 定义`); a
# run-on paragraph wrapping at `…工作。` / `二、实施过程1.必须…` (a full line) stays one line.
_SENTENCE_END = regex.compile(r"[。!?;:!?;:]\s*$")
# Cells of a table row come out of a PDF as text with one space between them; a space run this many ems wide
# (a word space is a quarter of one) in two or more adjacent lines is a cell boundary, written like the DOCX
# reader writes Word table cells, so that a credit table reads the same from a PDF as from Word.
CELL_GAP_EMS = 2.0
CELL_SEPARATOR = " | "
_SPACE_RUN = regex.compile(r"(?<=\S)[ \t\u3000]+(?=\S)")
_MID_SENTENCE = regex.compile(r"[,\uff0c\u3001]\s*$")
_CLAUSE_START = regex.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇两\d]{1,5}[条章节款部篇]|\d{1,2}(?:\.\d{1,2})+(?=[\s\p{Han}])"
    r"|\d{1,2}[、.](?=[\s\p{Han}])|[一二三四五六七八九十]{1,3}[、.]|[\((](?:\d{1,2}|[一二三四五六七八九十]{1,3})[\))]"
    r"|[①-⑳]|附件|附表|附录)"
)


@dataclass
class Line:
    chars: list[tuple[str, Box | None]]

    @property
    def boxes(self) -> list[Box]:
        return [b for c, b in self.chars if b is not None and not c.isspace()]

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)

    def geometry(self) -> tuple[float, float, float] | None:
        """(left, right, em) of the line's ink, None for a line without any."""
        boxes = self.boxes
        if not boxes:
            return None
        return min(b[0] for b in boxes), max(b[2] for b in boxes), _em(boxes)

    def char_boxes(self) -> list:
        return [b for _, b in self.chars]

    def cell_gaps(self) -> tuple[tuple[int, int], ...]:
        """Wide space runs, and wide gaps between two glyphs with no space char at all (pdfplumber)."""
        geom = self.geometry()
        if geom is None:
            return ()
        out, last = [], None  # last: (index, box) of the previous glyph with ink
        for k, (c, box) in enumerate(self.chars):
            if c.isspace() or box is None:
                continue
            if last is not None and box[0] - last[1][2] >= CELL_GAP_EMS * geom[2]:
                out.append((last[0] + 1, k))
            last = (k, box)
        return tuple(out)

    def with_cells(self, gaps) -> Line:
        chars, pos = [], 0
        for start, end in gaps:
            chars += self.chars[pos:start] + [(c, None) for c in CELL_SEPARATOR]
            pos = end
        return Line(chars + self.chars[pos:])


@dataclass
class Page:
    width: float
    lines: list
    source: str | None = None  # the file, when lines hold references to boxes read later


def check_bytes(head: bytes, tail: bytes) -> None:
    if b"%PDF-" not in head:
        raise PdfProblem(NOT_PDF)
    # Truncated downloads are the common corruption; both engines would
    # silently "repair" them and return part of the text.
    if b"%%EOF" not in tail:
        raise PdfProblem("not a valid PDF (truncated: no %%EOF end marker)")


def pages_pdfplumber(path: str | bytes, max_pages: int) -> list[Page]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(path) if isinstance(path, bytes) else path)
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


def assemble(pages: list[Page]) -> tuple[str, list[int], list]:
    """Join lines and pages into (text, 1-based page per char, box per char).

    Lines read in bulk give (page index, char index) references instead of boxes; see LazyBoxes."""
    text: list[str] = []
    char_pages: list[int] = []
    boxes: list = []
    refs: list = []  # boxes of bulk-read lines, read on demand
    previous: tuple | None = None  # geometry of the previous line, right edge
    previous_page, previous_text, previous_item = 1, "", False
    running = running_lines(pages)
    for number, page in enumerate(pages, start=1):
        kept = [line for i, line in enumerate(page.lines) if (number - 1, i) not in running]
        lines = [(line, line.geometry()) for line in _table_cells(kept)]
        lines = [(line, g) for line, g in lines if g is not None or line.text.strip()]
        edges = [g for _, g in lines if g is not None]
        left = min((g[0] for g in edges), default=0.0)
        # Assume symmetric margins when no line reaches the right edge (a page of short lines).
        right = max(max((g[1] for g in edges), default=0.0), page.width - left)
        for line, geom in lines:
            soft = False
            if previous is not None:
                soft = _ends_at_margin(*previous) and _starts_at_margin(geom, left)
                if soft:
                    ends, opens = _SENTENCE_END.search(previous_text), _CLAUSE_START.match(line.text)
                    heading = not _ends_at_margin(geom, right)
                    soft = not ((ends or opens) if number != previous_page
                                else (ends and opens and (previous_item or heading)))
                elif number != previous_page and geom is not None:
                    # A page that stops mid-sentence (`…到达现场,` + page break) goes on on the next page,
                    # wherever its last line ended.
                    soft = bool(_MID_SENTENCE.search(previous_text)) and not _CLAUSE_START.match(line.text)
                if not soft:
                    text.append("\n")
                    char_pages.append(previous_page)  # a line's end belongs to that line
                    boxes.append(None)
            chars = line.text
            text.append(chars)
            char_pages.extend([number] * len(chars))
            if isinstance(getattr(line, "indices", None), tuple | list | range):  # a pypdfium2 line: boxes read later
                refs.append((len(boxes), line.page_index, line.indices))
            boxes.extend(line.char_boxes())
            previous_item = not soft and bool(_CLAUSE_START.match(chars))
            previous, previous_page, previous_text = (geom, right), number, chars
    source = next((page.source for page in pages if page.source), None)
    if not source:
        return "".join(text), char_pages, boxes
    from extractor.document.pdf_pdfium import LazyBoxes  # the engine module imports this one

    return "".join(text), char_pages, LazyBoxes(source, boxes, refs)


_DIGITS = regex.compile(r"\d+")
RUNNING_MAX_CHARS = 60  # a running header or footer is a short line; body text is never dropped


def running_lines(pages: list[Page]) -> set[tuple[int, int]]:
    """(page index, line index) of running headers and footers: the first or the last line of most pages (at
    least two, each with body lines besides) when it is short and reads the same on each, page numbers aside
    (`XX项目 · 投标文件`, `第 3 页`). They are page furniture: kept, they land inside sentences that run over a
    page break."""
    if len(pages) < 2:
        return set()
    texts = [[(i, line.text.strip()) for i, line in enumerate(page.lines) if line.text.strip()] for page in pages]
    # A line that also stands inside a page is body text that happens to open or close pages (a form's rows).
    inside = {_DIGITS.sub("#", t) for lines in texts for _, t in lines[1:-1]}
    found: set[tuple[int, int]] = set()
    for edge in (0, -1):
        where: dict[str, list[tuple[int, int]]] = {}
        for n, lines in enumerate(texts):
            if len(lines) >= 3 and len(lines[edge][1]) <= RUNNING_MAX_CHARS:
                key = _DIGITS.sub("#", lines[edge][1])
                if key not in inside:
                    where.setdefault(key, []).append((n, lines[edge][0]))
        for spots in where.values():
            if len({n for n, _ in spots}) >= max(2, -(-len(pages) * 3 // 5)):
                found.update(spots)
    return found


def _gaps(text: str, box_at, em: float) -> tuple[tuple[int, int], ...]:
    """(start, end) of the space runs in ``text`` whose ink-to-ink width is at least CELL_GAP_EMS ems."""
    out = []
    for m in _SPACE_RUN.finditer(text):
        before, after = box_at(m.start() - 1), box_at(m.end())
        if before is not None and after is not None and after[0] - before[2] >= CELL_GAP_EMS * em:
            out.append((m.start(), m.end()))
    return tuple(out)


def _table_cells(lines: list) -> list:
    """Lines with cell gaps, next to another such line, with their gaps written as CELL_SEPARATOR."""
    gaps = [line.cell_gaps() for line in lines]
    out = []
    for k, line in enumerate(lines):
        row = gaps[k] and ((k > 0 and gaps[k - 1]) or (k + 1 < len(lines) and gaps[k + 1]))
        out.append(line.with_cells(gaps[k]) if row else line)
    return out


def _em(boxes: list[Box]) -> float:
    # Tallest glyph, not the median: tight boxes of "_" or "、" are a fraction of an em.
    heights = [b[3] - b[1] for b in boxes if b[3] > b[1]]
    return max(max(heights), 1.0) if heights else 10.0


def _ends_at_margin(geom, right: float) -> bool:
    return geom is not None and right - geom[1] < WRAP_GAP_EMS * geom[2]


def _starts_at_margin(geom, left: float) -> bool:
    return geom is not None and geom[0] - left < INDENT_EMS * geom[2]
