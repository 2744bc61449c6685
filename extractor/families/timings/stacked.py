"""Tables flattened to one cell per line, as web pages and PDFs often give them ("区域 / 到场时限 / 华东 / 4个小时"):
which header cell stands above a figure's cell (patterns/timings.toml [table] stacked_cell, stacked_header)."""
from __future__ import annotations

import functools

import regex

from extractor.rules.matching import lines_after, lines_before

_MAX_LINES = 40  # a flattened table is read this many cells around the figure at most
_MAX_COLUMNS = 6
_LABEL_LOOKBACK = 400  # characters above a lone figure searched for its label line


@functools.cache
def _label_value() -> tuple[regex.Pattern, regex.Pattern]:
    from extractor.families.timings.kinds import words

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
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    # kinds.words compiles (and caches) the family's table entries; imported here because kinds imports this module
    from extractor.families.timings.kinds import words

    return words("table", "stacked_cell"), words("table", "stacked_header"), words("table", "stacked_figure")


def _cells(lines: list[str], cell: regex.Pattern) -> list[str]:
    """The cell lines in order until the first line that is no cell (blank lines skipped)."""
    out = []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if not cell.fullmatch(line):
            break
        out.append(line)
    return out


def _has_figure(cell: str) -> bool:
    return bool(_patterns()[2].search(cell))


def stacked_header(text: str, pos: int) -> str | None:
    """The header cell of the column of the figure at ``pos``, when its line is a cell of a table written one cell
    per line. The header ends at the last cell naming a level (响应时间, 到场时限 …) before the first figure; the
    number of columns is the shortest period in which every row holds its figures in the same columns. None when
    the figure's line is no lone cell or no such table stands around it."""
    cell, header_word, _ = _patterns()
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    own = text[line_start:line_end].strip()
    if not cell.fullmatch(own):
        return None
    before = _cells(list(reversed(lines_before(text, line_start, _MAX_LINES))), cell)[::-1]
    block = before + [own] + _cells(lines_after(text, line_end + 1, _MAX_LINES), cell)
    at = len(before)
    first = next((i for i, c in enumerate(block) if _has_figure(c)), len(block))
    named = [i for i in range(first) if header_word.search(block[i])]
    if not named:
        return None
    start = named[-1] + 1  # the first data cell
    figures = [i - start for i, c in enumerate(block) if i >= start and _has_figure(c)]
    for columns in range(2, min(_MAX_COLUMNS, start) + 1):
        holding = {r % columns for r in figures if r < columns}
        rows = (len(block) - start) // columns  # whole rows only
        if holding and all((r % columns in holding) == _has_figure(block[start + r])
                           for r in range(rows * columns)):
            return block[start - columns + (at - start) % columns] if at >= start else None
    return None
