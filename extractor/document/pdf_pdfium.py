"""The pypdfium2 engine of the PDF reader: pages read in bulk, the text in one call, a box only for the glyphs that
decide a line's edges and em; every other box is read when first asked for (``LazyBoxes``)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from extractor.document.read_pdf import (
    _SPACE_RUN,
    CELL_SEPARATOR,
    ENCRYPTED,
    NOT_PDF,
    Box,
    Line,
    Page,
    PdfProblem,
    _check_count,
    _em,
    _gaps,
)


@dataclass
class PdfiumLine:
    """A line read in bulk: its text, pdfium's index of each character, and geometry from a few glyphs.

    Boxes of every character cost a library call each, several times the cost of the text, so
    only the boxes the wrap-joining needs are read here; the rest load on demand (LazyBoxes)."""
    text: str
    indices: range | list[int]
    page_index: int
    geom: tuple[float, float, float] | None
    gaps: tuple[tuple[int, int], ...] = ()  # space runs wider than CELL_GAP_EMS: table cell boundaries

    def geometry(self) -> tuple[float, float, float] | None:
        return self.geom

    def cell_gaps(self) -> tuple[tuple[int, int], ...]:
        return self.gaps

    def with_cells(self, gaps) -> PdfiumLine:
        text, indices, pos = [], [], 0
        for start, end in gaps:
            text += [self.text[pos:start], CELL_SEPARATOR]
            indices += [*self.indices[pos:start], *[-1] * len(CELL_SEPARATOR)]  # -1: no glyph, no box
            pos = end
        text.append(self.text[pos:])
        indices += list(self.indices[pos:])
        return PdfiumLine("".join(text), indices, self.page_index, self.geom)

    def char_boxes(self) -> list:
        return [None] * len(self.indices)  # read later: LazyBoxes


def pages_pdfium(path: str | bytes, max_pages: int) -> list[Page]:
    """Pages of the PDF at ``path``, or of the PDF whose bytes ``path`` is (a file shipped to a worker)."""
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
            pages.append(Page(width, _pdfium_bulk_lines(tp, raw, height, index), path))
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


_LINE_BREAK = regex.compile(r"[\r\n]+")
_DROPPED = regex.compile(r"[\x00\x02\ufffe\uffff\ud800-\udfff]")  # see _pdfium_lines
# The em is the tallest glyph; Han characters, capitals and digits are the tall ones ("_" and "、" are not).
_TALL = regex.compile(r"[\p{Han}A-Z0-9]")
_TALL_LAST = regex.compile(r"(?r)[\p{Han}A-Z0-9]")


def _pdfium_bulk_lines(tp, raw, height: float, page_index: int) -> list:
    """The page's text in one call, split at pdfium's line ends; boxes only for the sampled glyphs."""
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    if len(text) != n or _DROPPED.search(text):
        # Surrogate pairs, hyphen markers or a text/char-count mismatch: the exact per-character path.
        return _pdfium_lines(tp, raw, height)
    lines = []
    pos = 0
    for m in [*_LINE_BREAK.finditer(text), None]:
        end = m.start() if m else n
        if end > pos:
            lines.append(_bulk_line(tp, raw, height, page_index, text, pos, end))
        pos = m.end() if m else n
    return lines


def _bulk_line(tp, raw, height: float, page_index: int, text: str, start: int, end: int) -> PdfiumLine:
    chunk = text[start:end]
    first, last = len(chunk) - len(chunk.lstrip()), len(chunk.rstrip()) - 1
    boxes = []
    if first <= last:
        # Edges from the first and last ink, the em from a few tall glyphs: the first two and the last.
        tall = [m.start() for _, m in zip(range(2), _TALL.finditer(chunk))]
        last_tall = _TALL_LAST.search(chunk)
        tall += [last_tall.start()] if last_tall else []
        boxes = [_pdfium_box(tp, start + k, height) for k in sorted({first, last, *tall})
                 if raw.FPDFText_IsGenerated(tp, start + k) != 1]
    geom = (min(b[0] for b in boxes), max(b[2] for b in boxes), _em(boxes)) if boxes else None
    gaps = ()
    if geom is not None and _SPACE_RUN.search(chunk):
        def box_at(k: int):
            return None if raw.FPDFText_IsGenerated(tp, start + k) == 1 else _pdfium_box(tp, start + k, height)

        gaps = _gaps(chunk, box_at, geom[2])
    return PdfiumLine(chunk, range(start, end), page_index, geom, gaps)


class LazyBoxes(Sequence):
    """The box of every character, read from the PDF when first asked for (only tools that draw need them).

    ``boxes`` holds the boxes known already (None elsewhere); ``refs`` lists (text offset, page index,
    pdfium char indices) runs whose boxes are read on first access."""

    def __init__(self, path: str | bytes, boxes: list, refs: list):
        self._path, self._boxes, self._refs = path, boxes, refs

    def _load(self) -> list:
        if self._refs:
            import pypdfium2 as pdfium
            import pypdfium2.raw as raw

            doc = pdfium.PdfDocument(self._path)
            try:
                for offset, page_index, indices in self._refs:
                    page = doc[page_index]
                    tp, height = page.get_textpage(), page.get_size()[1]
                    self._boxes[offset:offset + len(indices)] = [
                        None if i < 0 or raw.FPDFText_IsGenerated(tp, i) == 1 else _pdfium_box(tp, i, height)
                        for i in indices]
                    tp.close()
                    page.close()
            finally:
                doc.close()
            self._refs = []
        return self._boxes

    def __len__(self) -> int:
        return len(self._boxes)

    def __getitem__(self, i):
        return self._load()[i]
