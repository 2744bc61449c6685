"""Tables flattened to one cell per line: which header cell stands above a figure's cell.

Web pages, PDFs and HTML pasted as text give a table one cell per line ("区域 / 到场时限 / 华东 / 4个小时", or
"<th>服务可用性</th>" / "<td>99.9%</td>" with the row markup on lines of its own). Every family asks the same
question of such a figure ("what is this figure's column header?"); each states what a cell, a header word and a
figure look like (its ``Shape``, words kept in patterns/<family>.toml), this module reads the table.

The header ends at the last cell naming the column (a ``Shape.header`` word) before the first figure; the number of
columns is the shortest period in which every row holds its figures in the same columns. Markup around a cell
(``<td …>``, ``<p>``) is not part of it; a line of markup only is passed like a blank line, but ``<tr>`` lines mark
the rows (a cell spanning rows breaks any period: the rows are read as marked) and ``<table>``/``</table>`` end the
block. Numbered lists and prose are no tables: each family's cell regex keeps list items and sentence punctuation
out, and a block needs a header cell naming the column and rows that repeat.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex
from pydantic import BaseModel, ConfigDict, create_model

from extractor.rules.matching import expand, fragments
from extractor.rules.patterns import compile_rule, load
from extractor.rules.schema import validate_tables

MAX_LINES = 40  # a flattened table is read this many lines around the figure at most
MAX_COLUMNS = 6
MAX_LINE = 400  # characters: a longer line is no cell (nor a table's markup line)
# Markup wrapping a cell's text ("<td style=…>", "<p>", "</td>"): never '<' or '>' inside a tag's attributes.
_OPEN = regex.compile(r"(?:<[A-Za-z][^<>\n]*>[ \t]*)+")
_CLOSE = regex.compile(r"(?:[ \t]*</[A-Za-z][A-Za-z0-9]*>)+[ \t]*$")
_MARKUP_ONLY = regex.compile(r"[ \t]*(?:</?[A-Za-z][^<>\n]*>[ \t]*)+")
_ROW = regex.compile(r"<tr[\s>]", regex.IGNORECASE)  # an HTML row opens: the rows of such a table are marked
_TABLE_EDGE = regex.compile(r"</?table[\s>]", regex.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    """What one family's flattened tables look like: a line that is one cell, the words that name a header cell of
    the columns it reads, a cell holding a figure (a data cell, not a header or a row label)."""

    cell: regex.Pattern
    header: regex.Pattern
    figure: regex.Pattern


class ShapeWords(BaseModel):
    """A ``[section]`` of a rule file stating a family's flattened tables: regexes (fragments allowed) and the
    example tables its tests run (``examples``: [text, expected facts]; ``counter_examples``: texts with none)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cell: str
    header: str
    figure: str
    examples: tuple = ()
    counter_examples: tuple = ()


@functools.cache
def shape_of(family: str, section: str) -> Shape:
    """``[section]`` of patterns/<family>.toml as a Shape, validated (a missing or mistyped key fails at load with
    ``<family>.toml:[section] key: reason``) and compiled once."""
    fields: dict = {section: (ShapeWords, ...)}
    model = create_model(f"_{section}", __config__=ConfigDict(extra="ignore"), **fields)
    words = getattr(validate_tables(family, model, load(family)), section)
    frags = fragments(family)

    def compiled(key: str) -> regex.Pattern:
        where = f"{family}.toml:[{section}] {key}"
        return compile_rule(where, expand(getattr(words, key), frags, where))

    return Shape(compiled("cell"), compiled("header"), compiled("figure"))


@dataclass(frozen=True)
class Cell:
    start: int  # offsets of the cell's text (markup and spaces left out) in the document
    end: int
    text: str


@dataclass(frozen=True)
class Column:
    """Where a figure's cell stands: its column's header cell, the whole header row, the cells of its row."""

    header: str
    headers: tuple[str, ...]
    row: tuple[Cell, ...]
    column: int


def cell_of(text: str, start: int, end: int) -> Cell | None:
    """The cell a line ``text[start:end]`` holds, markup and spaces stripped; None for a blank or markup-only line."""
    line = text[start:end]
    if "<" in line:
        if _MARKUP_ONLY.fullmatch(line):
            return None
        opened = _OPEN.match(line.lstrip(" \t"))
        lead = len(line) - len(line.lstrip(" \t")) + (opened.end() if opened else 0)
        closed = _CLOSE.search(line, lead)
        tail = closed.start() if closed else len(line)
    else:
        lead, tail = 0, len(line)
    inner = line[lead:tail]
    stripped = inner.strip()
    if not stripped:
        return None
    at = start + lead + len(inner) - len(inner.lstrip())
    return Cell(at, at + len(stripped), stripped)


def _line_at(text: str, pos: int) -> tuple[int, int] | None:
    """The bounds of the line holding ``pos``; None for a line longer than MAX_LINE (no cell, and a page written on
    one line is not searched end to end for each figure)."""
    lo = max(0, pos - MAX_LINE)
    start = text.rfind("\n", lo, pos) + 1
    end = text.find("\n", pos, pos + MAX_LINE + 1)
    if (start == 0 and lo > 0) or (end < 0 and len(text) > pos + MAX_LINE):
        return None
    end = len(text) if end < 0 else end
    return (start, end) if end - start <= MAX_LINE else None


def _run(text: str, start: int, end: int, cell: regex.Pattern, step: int) -> tuple[list[Cell], list[int]]:
    """The cells from the line after (``step`` 1) or before (-1) ``text[start:end]``, in reading order away from it,
    until the first line that is no cell (blank and markup-only lines passed); and for each, how many HTML rows
    (``<tr>`` lines) lie between it and that line."""
    out: list[Cell] = []
    rows: list[int] = []
    passed = 0
    for _ in range(MAX_LINES):
        if (step > 0 and end >= len(text)) or (step < 0 and start == 0):
            break
        bounds = _line_at(text, end + 1 if step > 0 else start - 1)
        if bounds is None:
            break
        start, end = bounds
        found = cell_of(text, start, end)
        if found is None:
            if _TABLE_EDGE.search(text, start, end):
                break  # the table opens or closes: no cell beyond is its
            passed += bool(_ROW.search(text, start, end))
            continue
        if not cell.fullmatch(found.text):
            break
        out.append(found)
        rows.append(passed)
    return out, rows


def block_at(text: str, pos: int, cell: regex.Pattern) -> tuple[list[Cell], int, list[int]] | None:
    """The run of cell lines around the line holding ``pos``, the index of that line's cell in it, and each cell's
    HTML row relative to it (all 0 without ``<tr>`` markup); None when the line is no cell."""
    bounds = _line_at(text, pos)
    if bounds is None:
        return None
    own = cell_of(text, *bounds)
    if not own or not cell.fullmatch(own.text):
        return None
    start, end = bounds
    before, up = _run(text, start, end, cell, -1)
    after, down = _run(text, start, end, cell, 1)
    return before[::-1] + [own] + after, len(before), [-r for r in up[::-1]] + [0] + down


def stacked_column(text: str, pos: int, shape: Shape) -> Column | None:
    """The column of the figure at ``pos`` when its line is a data cell of a table written one cell per line; None
    when the line is no lone cell, no header cell names a column, or the rows do not repeat."""
    found = block_at(text, pos, shape.cell)
    if found is None:
        return None
    block, at, rows = found
    has_figure = [bool(shape.figure.search(c.text)) for c in block]
    first = next((i for i, f in enumerate(has_figure) if f), len(block))
    named = [i for i in range(first) if shape.header.search(block[i].text)]
    if not named:
        return None
    start = named[-1] + 1  # the first data cell
    if at < start:
        return None
    if rows[0] != rows[-1]:  # an HTML table: its rows are marked, a cell spanning rows breaks any period
        return _marked_column(block, at, rows, start)
    figures = [i - start for i in range(start, len(block)) if has_figure[i]]
    for columns in range(2, min(MAX_COLUMNS, start) + 1):
        holding = {r % columns for r in figures if r < columns}
        count = (len(block) - start) // columns  # whole rows only
        if holding and all((r % columns in holding) == has_figure[start + r] for r in range(count * columns)):
            column = (at - start) % columns
            row_start = at - column
            headers = tuple(c.text for c in block[start - columns:start])
            return Column(headers[column], headers, tuple(block[row_start:row_start + columns]), column)
    return None


def _marked_column(block: list[Cell], at: int, rows: list[int], start: int) -> Column | None:
    """The column in an HTML table whose rows the ``<tr>`` lines mark, when a cell spanning rows (rowspan) breaks
    the period: the header is the row holding the header's last cell; a row shorter than it lacks its leading
    cells, which stand in the row above (a row label spanning rows)."""
    header_row = rows[start - 1]
    headers = tuple(c.text for c, r in zip(block, rows) if r == header_row)
    if rows[start] == header_row or len(headers) < 2:
        return None  # a data cell in the header's own row: no table of marked rows
    carried: list[Cell] = []
    for row in range(rows[start], rows[at] + 1):
        cells = [c for c, r in zip(block, rows) if r == row]
        if len(cells) > len(headers):
            return None
        carried = carried[:len(headers) - len(cells)] + cells
    if len(carried) < len(headers):
        return None
    column = len(headers) - sum(1 for r in rows[at:] if r == rows[at])
    return Column(headers[column], headers, tuple(carried), column)
