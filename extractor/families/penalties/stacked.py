"""Credit tables flattened to one cell per line (patterns/penalties.toml [stacked]; the table is read by
extractor/rules/flat_tables.py, as timings and availability read theirs):

    月度服务可用性          <- header: the key column, then the credit column
    赔偿比例
    低于99.95%但不低于99%   <- a row: its band ...
    10%                     <- ... and its credit: one service_credit fact

A cell under a header naming a credit is one tier: its kind and base come from that header, its band from the row's
other cell when availability is named (in the header or above), else that cell is its trigger (中断时长 / 补偿时间 /
低于60分钟 / 1天)."""
from __future__ import annotations

from extractor.families.penalties.data import cue
from extractor.families.penalties.figures import Cand, figures
from extractor.families.penalties.tables import _band, _base_from, _first_credit, _found_bands, _pays, _tier_kind, \
    names_credit
from extractor.rules.flat_tables import Cell, Column, shape_of, stacked_column

_MAX_CELL = 120  # a line longer than this (markup included) is no lone cell: skipped before reading any table
_AVAILABILITY_ABOVE = 600  # characters above the table where availability may be named (the cue's window)


def stacked_cands(text: str, start: int, end: int, si: int) -> list[Cand]:
    """The tier whose credit is the lone cell ``text[start:end]`` of a credit table written one cell per line."""
    line = text[start:end]
    if len(line) > _MAX_CELL or not any(ch.isdigit() for ch in line):
        return []
    column = stacked_column(text, start, shape_of("penalties", "stacked"))
    if column is None or not names_credit(column.header):
        return []
    own = column.row[column.column]
    found = _first_credit(own.text, column.header)
    if found is None:
        return []
    credit_cue, credit = found
    fields, _, rate_span = figures(credit)
    if not _pays(fields):
        return []  # 0% / 0元: the tier that earns nothing
    _base_from(fields, column.header)
    kind, kind_ids = _tier_kind(column.header)
    at = own.start
    span = (at + rate_span[0], at + rate_span[1]) if rate_span else None
    keys = [c for j, c in enumerate(column.row) if j != column.column and not names_credit(column.headers[j])]
    band = _row_band(text, column, keys)
    ids = ["credit_word", credit_cue.id, *kind_ids]
    if band is not None:
        band_id, m, checked = band
        return [Cand(at, at + credit.end(), band_id, kind, si, True, {**fields, "band": _band(m)}, span,
                     [band_id, "availability", *ids], checked)]
    trigger = keys[0].text if keys else None
    return [Cand(at, at + credit.end(), "credit_table_stacked", kind, si, True, {**fields, "trigger": trigger}, span,
                 ids)]


def _row_band(text: str, column: Column, keys: list[Cell]) -> tuple | None:
    """The band in the row's key cells, where availability is named in the header row or above the table."""
    availability = cue("availability").pattern
    first = keys[0].start if keys else column.row[0].start
    if not (availability.search(" ".join(column.headers))
            or availability.search(text, max(0, first - _AVAILABILITY_ABOVE), first)):
        return None
    for key in keys:
        bands = _found_bands(text, key.start, key.text, True)
        if bands:
            return bands[0]
    return None
