"""Body text of a .docx: paragraphs and tables in document order.

Table rows become one line each, cells joined by " | ", so a service-credit
table reads as rows an extractor can match line by line.
"""
from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Word (.doc) and other OLE files
CELL_SEPARATOR = " | "


class DocxProblem(ValueError):
    """Reading failed; the message is the user-facing reason."""


NOT_DOCX = "not a valid .docx (corrupt, or not a Word document)"


def docx_text(data: bytes, max_expanded: int) -> str:
    """The text of the .docx whose bytes are ``data``; DocxProblem if its parts expand to more than
    ``max_expanded`` bytes (a zip bomb: a 1 MB file can hold a gigabyte of XML)."""
    import docx
    from docx.oxml.ns import qn

    check_expanded_size(data, max_expanded)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # zip errors, missing parts, wrong content type: all "not a docx"
        raise DocxProblem(NOT_DOCX) from None
    lines: list[str] = []
    _walk(document.element.body, document, lines, qn)
    return "\n".join(lines)


def check_expanded_size(data: bytes, limit: int) -> None:
    """The sizes the zip's members declare, summed. A header that lies cannot expand further: zipfile (which
    python-docx reads through) stops every member at its declared size and fails its CRC check otherwise, so
    the declared sum bounds what reading can inflate, without inflating everything once more to count it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(m.file_size for m in archive.infolist()) > limit:
                raise DocxProblem(_expands(limit))
    except DocxProblem:
        raise
    except Exception:  # not a zip, a bad CRC, an unsupported compression
        raise DocxProblem(NOT_DOCX) from None


def _expands(limit: int) -> str:
    size = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"
    return f"docx expands to more than {size} (raise it with --max-bytes)"


def _walk(element, parent, lines: list[str], qn) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, parent).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, parent).rows:
                lines.append(CELL_SEPARATOR.join(_row_cells(row)))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            # Content controls (form fields in templates) wrap ordinary paragraphs.
            _walk(child, parent, lines, qn)


def _row_cells(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:
        # A horizontally merged cell is returned once per grid column it spans.
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        # Cell paragraphs (and nested tables) stay on the row's line.
        cells.append(" ".join(p for p in cell.text.split("\n") if p.strip()))
    return cells
