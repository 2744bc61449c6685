"""Tables flattened to one cell per line, as web pages and PDFs often give them ("区域 / 到场时限 / 华东 / 4个小时"):
which header cell stands above a figure's cell (patterns/timings.toml [table] stacked_cell, stacked_header)."""
from __future__ import annotations

import functools

import regex

from extractor.families.timings.cuewords import words
from extractor.rules.flat_tables import Shape, stacked_column

_LABEL_LOOKBACK = 400  # characters above a lone figure searched for its label line


@functools.cache
def _label_value() -> tuple[regex.Pattern, regex.Pattern]:
    return words("table", "label_value_before"), words("table", "label_value_after")


def label_line_end(text: str, start: int, end: int) -> int | None:
    """Where the line naming a lone figure's level ends: the figure stands alone on its line (a bullet before it, 内
    after it) right under a line with no figure ("告知处理结果\n- 3个工作日内"), a list of pledges flattened one
    cell per line with no header row (timings.toml [table] label_value_*). None otherwise."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lead, tail = _label_value()
    if not lead.fullmatch(text[line_start:start]) or not tail.fullmatch(text[end:line_end]):
        return None
    lo = max(0, line_start - _LABEL_LOOKBACK)  # a bounded look back: a letter of many lone figures stays linear
    above = text[lo:max(line_start - 1, 0)].rstrip("\n \t")
    label = above[above.rfind("\n") + 1:]
    return lo + len(above) if label.strip() and not _has_figure(label) else None


@functools.cache
def _shape() -> Shape:
    return Shape(words("table", "stacked_cell"), words("table", "stacked_header"), words("table", "stacked_figure"))


def _has_figure(cell: str) -> bool:
    return bool(_shape().figure.search(cell))


def stacked_header(text: str, pos: int) -> str | None:
    """The header cell of the column of the figure at ``pos``, when its line is a cell of a table written one cell
    per line (the header's last cell names a level: 响应时间, 到场时限 …; rules/flat_tables.py reads the table). None
    when the figure's line is no lone cell or no such table stands around it."""
    column = stacked_column(text, pos, _shape())
    return column.header if column else None
