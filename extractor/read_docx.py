"""Body text of a .docx: paragraphs and tables in document order.

Table rows become one line each, cells joined by " | ", so a service-credit
table reads as rows an extractor can match line by line.
"""
from __future__ import annotations

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Word (.doc) and other OLE files
CELL_SEPARATOR = " | "


class DocxProblem(ValueError):
    """Reading failed; the message is the user-facing reason."""


def docx_text(path: str) -> str:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(path)
    except Exception:  # zip errors, missing parts, wrong content type: all "not a docx"
        raise DocxProblem("not a valid .docx (corrupt, or not a Word document)") from None
    lines: list[str] = []
    _walk(document.element.body, document, lines, qn)
    return "\n".join(lines)


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
