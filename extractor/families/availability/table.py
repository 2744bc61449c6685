"""Availability levels in '|' tables whose header names the metric (rules: patterns/availability.toml [table]).

Cloud SLAs list one level per product or edition, the metric only in the header:

    产品版本 | 服务可用性 | |
    单可用区 | 多可用区 | |
    包年包月版—标准版 | 不低于99.95% | / |

Each figure cell under a header cell naming the metric is a level. A credit table (its header names a credit:
赔偿比例, 代金券) keeps its percentages for penalties.
"""
from __future__ import annotations

import functools

import regex

from extractor.rules.lexicon import Lexicon
from extractor.rules.matching import expand, fragments, longest_word
from extractor.models import AvailabilityFact, Span
from extractor.rules.numerals import parse_rate
from extractor.rules.patterns import compile_rule, load

HEADER_LINES = 8  # lines above a row searched for its header


@functools.cache
def _rules() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    data, where = load("availability")["table"], "availability.toml:table"
    frags = fragments("availability")
    return (compile_rule(where + ".cell", expand(data["cell"], frags, where)),
            compile_rule(where + ".header", expand(data["header"], frags, where)),
            compile_rule(where + ".credit", data["credit"]))


_SPACED = regex.compile(r"\S+")


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
    cell_rx, _, _ = _rules()
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
            header = m and _header(lines, i, column, piped)
            if header:
                value = parse_rate(m.group("rate").replace(" ", ""))
                if value is not None and 0.5 <= value <= 1.0:
                    pos = starts[i] + offset
                    start = pos + (m.start("cmp") if m.group("cmp") else m.start("rate"))
                    end = pos + m.end("rate") + len(m.group("tail") or "")
                    out.append(AvailabilityFact(
                        rule="availability_table", text=text[start:end], span=Span(start=start, end=end),
                        blank=False, value=value, comparator=lex.comparator(m.group("cmp")) or "=",
                        period=longest_word(lex.period_of, header), metric="availability"))
    return out


def _header(lines: list[str], row: int, column: int, piped: bool) -> str | None:
    """The header cell naming this column's metric, or None (no header, another metric, or a credit table)."""
    cell_rx, metric, credit = _rules()
    width = len(_cells(lines[row], piped))
    headers = []
    for line in reversed(lines[max(0, row - HEADER_LINES):row]):
        if ("|" in line) != piped or not line.strip():
            break
        cells = [c for _, c in _cells(line, piped)]
        if any(cell_rx.match(c) for c in cells):
            continue  # another data row of the same table
        headers.append(cells)
    if any(credit.search(c) for cells in headers for c in cells):
        return None
    for cells in headers:  # nearest first; a sub-header row (单可用区 | 多可用区) names no metric and is passed
        if len(cells) != width:
            continue
        named = next((c.strip() for c in reversed(cells[:column + 1]) if c.strip()), "")
        if metric.search(named):
            return named
    return None
