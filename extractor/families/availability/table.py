"""Availability levels in '|' tables whose header names the metric (rules: patterns/availability.toml [table]).

Cloud SLAs list one level per product or edition, the metric only in the header:

    产品版本 | 服务可用性 | |
    单可用区 | 多可用区 | |
    包年包月版—标准版 | 不低于99.95% | / |

Each figure cell under a header cell naming the metric is a level. A credit table (its header names a credit:
赔偿比例, 代金券) keeps its percentages for penalties.
"""
from __future__ import annotations

import regex

from extractor.families.availability.data import FAMILY, pattern
from extractor.models import AvailabilityFact, Evidence, Span
from extractor.rules.flat_tables import cell_of, shape_of, stacked_column
from extractor.rules.lexicon import Lexicon
from extractor.rules.matching import longest_word
from extractor.rules.numerals import parse_rate
from extractor.rules.vetoes import register_hook, vetoes

HEADER_LINES = 8  # lines above a row searched for its header in a table of space-separated columns
# A '|' table is bounded by its own lines (a line without '|' ends it), so its header is searched much further
# up: a cloud SLA lists a dozen editions under one header.
PIPED_HEADER_LINES = 60
_SPACED = regex.compile(r"\S+")
_MAX_CELL = 120  # a longer line (markup included) is no lone cell of a flattened table


def _cells(line: str, piped: bool) -> list[tuple[int, str]]:
    """(offset, text) of each cell: between '|' in a '|' table, else between runs of spaces."""
    if piped:
        out, pos = [], 0
        for cell in line.split("|"):
            out.append((pos, cell))
            pos += len(cell) + 1
        return out
    return [(m.start(), m.group(0)) for m in _SPACED.finditer(line)]


def table_levels(text: str, lex: Lexicon) -> list[AvailabilityFact]:
    """Every figure cell of a table ('|' cells, or columns set apart by spaces) whose column header names
    availability."""
    cell_rx = pattern("table", "cell")
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out = []
    for i, line in enumerate(lines):
        piped = "|" in line
        cells = _cells(line, piped)
        if len(cells) < 2:
            continue
        for column, (offset, cell) in enumerate(cells):
            m = cell_rx.match(cell)
            header = m and _header(_header_rows(lines, i, piped), len(cells), column)
            fact = header and _level(text, starts[i] + offset, m, header, lex)
            if fact:
                out.append(fact)
    return out


def stacked_levels(text: str, lex: Lexicon) -> list[AvailabilityFact]:
    """Every lone level of a table written one cell per line ([stacked]; the table is read by rules/flat_tables.py)
    whose column header names availability: "产品 / 月度服务可用性 / 云服务器 / 不低于99.95%"."""
    cell_rx, metric, shape = pattern("table", "cell"), pattern("table", "header"), shape_of(FAMILY, "stacked")
    out, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line_start, start = start, end + 1
        if end - line_start > _MAX_CELL or not ("%" in text[line_start:end] or "‰" in text[line_start:end]):
            continue
        cell = cell_of(text, line_start, end)
        if cell is None:
            continue
        m = cell_rx.match(cell.text)
        column = m and stacked_column(text, cell.start, shape)
        if not column or not metric.search(column.header):
            continue
        fact = _level(text, cell.start, m, column.header, lex)
        if fact is not None:
            out.append(fact)
    return out


def _level(text: str, pos: int, m: regex.Match, header: str, lex: Lexicon) -> AvailabilityFact | None:
    """The level a figure cell ``m`` (matched at ``pos``) under ``header`` states, unless a `table` veto stops it."""
    value = parse_rate(m.group("rate").replace(" ", ""))
    start = pos + (m.start("cmp") if m.group("cmp") else m.start("rate"))
    end = pos + m.end("rate") + len(m.group("tail") or "")
    checked: list[str] = []
    if value is None or not 0.5 <= value <= 1.0 \
            or vetoes(FAMILY).first(text, start, end, when=("table",), checked=checked):
        return None
    return AvailabilityFact(
        rule="availability_table", text=text[start:end], span=Span(start=start, end=end),
        blank=False, evidence=Evidence(vetoes=checked), value=value,
        comparator=lex.comparator(m.group("cmp")) or "=",
        period=longest_word(lex.period_of, header), metric="availability")


def _header_rows(lines: list[str], row: int, piped: bool) -> list[list[str]]:
    """The cells of the header rows above ``row``, nearest first: lines of the same table that hold no figure."""
    cell_rx = pattern("table", "cell")
    headers = []
    limit = PIPED_HEADER_LINES if piped else HEADER_LINES
    for line in reversed(lines[max(0, row - limit):row]):
        if ("|" in line) != piped or not line.strip():
            break
        cells = [c for _, c in _cells(line, piped)]
        if any(cell_rx.match(c) for c in cells):
            continue  # another data row of the same table
        headers.append(cells)
    return headers


def _header(headers: list[list[str]], width: int, column: int) -> str | None:
    """The header cell naming this column's metric, or None (no header, or another metric)."""
    metric = pattern("table", "header")
    for cells in headers:  # nearest first; a sub-header row (单可用区 | 多可用区) names no metric and is passed
        if len(cells) != width:
            continue
        named = next((c.strip() for c in reversed(cells[:column + 1]) if c.strip()), "")
        if metric.search(named):
            return named
    return None


def credit_header(text: str, start: int, end: int) -> bool:
    """Whether the header rows of the table holding ``text[start:end]`` name a credit (a credit table): the credit
    words are the regex of the veto that names this hook."""
    credit = vetoes(FAMILY).by_id["credit_table"].pattern
    row = text.count("\n", 0, start)
    lines = text.split("\n")
    headers = _header_rows(lines, row, "|" in lines[row])
    if any(credit.search(c) for cells in headers for c in cells):
        return True
    column = stacked_column(text, start, shape_of(FAMILY, "stacked"))  # a table written one cell per line
    return column is not None and any(credit.search(c) for c in column.headers)


def statistic_header(text: str, start: int, end: int) -> bool:
    """Whether the header of the column holding ``text[start:end]`` names a level measured, not promised (实际可用性,
    去年可用率): the words are the regex of the veto that names this hook."""
    statistic = vetoes(FAMILY).by_id["statistic_column"].pattern
    column = stacked_column(text, start, shape_of(FAMILY, "stacked"))
    if column is not None:
        return bool(statistic.search(column.header))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    piped = "|" in line
    cells = _cells(line, piped)
    at = max((j for j, (offset, _) in enumerate(cells) if offset <= start - line_start), default=0)
    lines = text.split("\n")
    header = _header(_header_rows(lines, text.count("\n", 0, start), piped), len(cells), at)
    return bool(header and statistic.search(header))


register_hook(FAMILY, "credit_header", credit_header)
register_hook(FAMILY, "statistic_header", statistic_header)
