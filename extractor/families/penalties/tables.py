"""Service-credit tiers: an availability band next to a credit, in prose, in a ``|`` table row, in columns set apart
by spaces or in a table written one cell per line, and credit tables keyed by something else (an outage's length,
an incident count)."""
from __future__ import annotations

import bisect
import functools
from typing import NamedTuple, cast

import regex

from extractor.families.penalties.data import Cue, cue, cues, fragment, kind_cue, tables, veto_set
from extractor.families.penalties.figures import Cand, figures, group, header_base
from extractor.models import Band, PenaltyKind
from extractor.rules.flat_tables import Cell, Column, cell_of, shape_of, stacked_column
from extractor.rules.matching import found_in_slice, keep_disjoint, search_window, timeout_for
from extractor.rules.numerals import parse_rate
from extractor.rules.prefilter import may_match

_CLAUSE_BREAK = regex.compile(r"[,:;|]")
_SEPARATOR = regex.compile(r"^[ |:\-]+$")
_COLUMN_GAP = regex.compile(r"\S(?:\t|[ \u3000]{2,})\S")  # columns set apart by a tab or a run of spaces
_MAX_CELL = 120  # a line longer than this (markup included) is no lone cell: skipped before reading any table
_AVAILABILITY_ABOVE = 600  # characters above the table where availability may be named (the cue's window)
_TABLE_REACH = 4000  # a credit header this far above a cell may head its column (flat_tables reads 40 lines at most)
_DIGIT = regex.compile(r"\d")
_TIER_KINDS: tuple[PenaltyKind, ...] = ("liquidated_damages", "fine", "deduction", "service_credit")


def names_credit(words: str) -> bool:
    """The words name a credit: a credit word, or a credit paid in service time (延长服务期, 补偿天数)."""
    return bool(cue("credit_word").pattern.search(words) or cue("time_credit").pattern.search(words))


def _pays(fields: dict) -> bool:
    """Whether a credit pays something: a rate, an amount or days of service above zero (0% / 0元 earns nothing)."""
    return bool(fields.get("rate") or (fields.get("amount") and fields["amount"].value) or fields.get("credit_days"))


def _base_from(fields: dict, label: str) -> None:
    """A credit with no base of its own takes the one its header or label names (扣款比例(季度运维费)); days of
    service have none."""
    if not fields.get("base") and fields.get("credit_days") is None:
        fields["base"] = header_base(label)


def _tier_kind(wording: str) -> tuple[PenaltyKind, list[str]]:
    """A tier's kind from its credit wording: service_credit unless it names damages, a fine or a deduction."""
    found = kind_cue(wording)
    if found and found.gives in _TIER_KINDS:
        return cast(PenaltyKind, found.gives), [found.id]  # the cue's gives, checked just above
    return "service_credit", []


def _first_credit(text: str, wording: str = "") -> tuple[Cue, regex.Match] | None:
    """The credit of a tier and the cue that found it: the first [[cue]] giving tier_credit that matches; where
    the credit's wording pays in service time (``wording``: 服务补偿天数), a bare duration too."""
    timed = cues("tier_credit_time") if cue("time_credit").pattern.search(wording) else ()
    for c in cues("tier_credit") + timed:
        if m := search_window(c.pattern, text):
            return c, m
    return None


def _band(m: regex.Match) -> Band:
    lo, hi = group(m, "lo"), group(m, "hi")
    lo_op, hi_op = group(m, "lo_op"), group(m, "hi_op")
    inclusive = tables().inclusive
    return Band(
        low=parse_rate(lo) if lo else None,
        high=parse_rate(hi) if hi else None,
        low_inclusive=lo_op in inclusive if lo_op else True,
        high_inclusive=hi_op in inclusive if hi_op else False,
    )


def _found_bands(text: str, start: int, sentence: str, is_row: bool) -> list[tuple[str, regex.Match, list[str]]]:
    """The sentence's bands, overlaps resolved (earlier band cues first), each judged by the band vetoes (those
    that did not fire are its third item)."""
    found = []
    for prio, band in enumerate(reversed(cues("band", "band_row"))):
        if (band.gives == "band_row" and not is_row) or not may_match(band.pattern, sentence):
            continue
        found += [(prio, m.start(), m.end(), (band.id, m))
                  for m in band.pattern.finditer(sentence, timeout=timeout_for(sentence))]
    when = ("band", "row") if is_row else ("band",)
    out = []
    for bid, m in keep_disjoint(found):
        checked: list[str] = []
        if not veto_set().first(text, start + m.start(), start + m.end(), rule=bid, when=when, checked=checked):
            out.append((bid, m, checked))
    return out


def band_cands(text: str, start: int, end: int, si: int) -> list[Cand]:
    """One fact per band with a credit after it (up to the next band, 80 characters at most)."""
    sentence = text[start:end]
    header = text[max(0, start - 600):start]
    availability = cue("availability").pattern
    above = start - len(header)
    if not (found_in_slice(availability, text, start, end) or found_in_slice(availability, text, above, start)):
        return []
    is_row = "|" in sentence or _spaced_row(sentence, header)
    bands = _found_bands(text, start, sentence, is_row)
    # A table row inherits the credit's wording (kind, base) from the nearest header line above it.
    head = next((ln for ln in reversed(header.split("\n")[-8:]) if names_credit(ln)), "") if is_row else ""
    out = []
    for i, (bid, m, checked) in enumerate(bands):
        stop = bands[i + 1][1].start() if i + 1 < len(bands) else len(sentence)
        region = sentence[m.end():min(stop, m.end() + 80)]
        # A tier of a list written "band: rate" takes the list's credit wording, as a table row takes its header's.
        listed = not is_row and region.lstrip().startswith(":")
        tier = _tier(region, head or (_list_head(sentence, header, bands) if listed else ""), is_row)
        if tier is None:
            continue
        at = start + m.end()  # the tier's offsets are in the region after the band
        span = (at + tier.rate_span[0], at + tier.rate_span[1]) if tier.rate_span else None
        out.append(Cand(start + m.start(), at + tier.end, bid, tier.kind, si, True, {**tier.fields, "band": _band(m)},
                        span, [bid, "availability", *tier.cues], checked))
    return out


def _spaced_row(sentence: str, header: str) -> bool:
    """A row of a table whose columns are set apart by tabs or runs of spaces ("低于99%\t30%"): the sentence is a
    whole line split into columns, under a header line split the same way that names a credit ("月度服务可用性\t
    赔偿比例"). Prose with a wide space is no row: its header line would have to name a credit in columns too."""
    if not _COLUMN_GAP.search(sentence) or not header.endswith("\n"):
        return False
    head = next((ln for ln in reversed(header.split("\n")[-8:]) if names_credit(ln)), "")
    return bool(_COLUMN_GAP.search(head.strip()))


def _list_head(sentence: str, header: str, bands: list) -> str:
    """The words that open a list of tiers ("赔偿标准如下:", a heading line among the last of ``header``, the
    text before the sentence) when they name a credit: what a bare "band: 15%" tier is paid as."""
    lead = sentence[:bands[0][1].start()]
    lines = [lead] + list(reversed(header[-200:].split("\n")[-3:]))
    return next((ln for ln in lines if cue("credit_word").pattern.search(ln)), "")


class _Tier(NamedTuple):
    fields: dict
    kind: PenaltyKind
    end: int  # where the credit ends in the region
    rate_span: tuple[int, int] | None
    cues: list[str]


def _tier(region: str, head: str, is_row: bool) -> _Tier | None:
    """The credit in the region after a band, or None without a credit or for the tier that earns nothing."""
    # Prose needs a credit word; a table cell may hold just "月度服务费用的10%".
    credited = "credit_word" if cue("credit_word").pattern.search(region) else \
        "fee_share" if is_row and cue("fee_share").pattern.search(region) else None
    if not credited and not head:
        return None
    found = _first_credit(region, head or region)
    if found is None:
        return None
    credit_cue, credit = found
    fields, _, rate_span = figures(credit)
    if fields.get("rate") == 0 or fields.get("credit_days") == 0 or (
            fields.get("amount") and fields["amount"].value == 0):
        return None
    if head:
        _base_from(fields, head)
    # In prose the words right after the credit may name what it is paid as (…的5%向甲方支付违约金): read them too.
    named = None if is_row else cue("tier_named").pattern.match(region[credit.end():])
    end = credit.end() + (named.end() if named else 0)
    kind, kind_ids = _tier_kind(region[:end] if credited else head)
    return _Tier(fields, kind, end, rate_span, [credited or "credit_word", credit_cue.id, *kind_ids])


def metric(clause: str) -> str | None:
    """Which metric (``avail`` or ``kpi``) the last metric word of ``clause`` names."""
    last = None
    for found in fragment("BAND_METRIC").finditer(clause, timeout=timeout_for(clause)):
        last = found
    return last.lastgroup if last else None


def kpi_clause(text: str, start: int, end: int = 0) -> bool:
    """维修及时率低于98%的: the band's own clause names a KPI, not availability."""
    sentence_start = max(text.rfind(c, 0, start) for c in "。;!?\n") + 1
    return metric(_CLAUSE_BREAK.split(text[sentence_start:start][-24:])[-1]) == "kpi"


def kpi_row(text: str, pos: int, end: int = 0) -> bool:
    """订单准确率 | ≥99.9% | 错发每单扣款20元: a row's metric is in its cells before ``pos`` or, failing
    that, in the header's cells above them; a KPI's threshold is the row's trigger, not a tier."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos][-120:]
    if "|" not in before:
        return False  # a figure in the first cell: its own clause tells (kpi_clause)
    found = metric(before)
    if found is None:
        head = table_head(text, line_start)
        found = metric("|".join(head.split("|")[:before.count("|") + 1])) if head else None
    return found == "kpi"


def table_head(text: str, line_start: int) -> str | None:
    """The first line of the `|` table holding the row that starts at ``line_start``."""
    head, pos = None, line_start - 1
    for _ in range(30):
        if pos <= 0:
            break
        start = text.rfind("\n", 0, pos) + 1
        if "|" not in text[start:pos]:
            break
        head, pos = text[start:pos], start - 1
    return head


def row_cands(text: str, start: int, end: int, si: int) -> list[Cand]:
    """A credit table keyed by something else than availability (`中断时长 | 减免比例`, rows
    `10分钟以上不足1小时 | 当月托管费的5%`): the table's first line names the credit in a column;
    a row's cell in that column is one fact, and the row's first cell (its key) is the trigger."""
    if (start and text[start - 1] != "\n") or text[end:end + 1] not in ("", "\n"):
        return []  # a row cut at ; or 。 would not line up with the header's columns
    head = table_head(text, start)
    if head is None:
        return []
    head_cells, row = head.split("|"), text[start:end]
    col = next((j for j, cell in enumerate(head_cells) if names_credit(cell)), None)
    cells = row.split("|")
    if col is None or col >= len(cells) or len(cells) != len(head_cells):
        return []
    cell_start = start + sum(len(c) + 1 for c in cells[:col])
    found = _first_credit(cells[col], head_cells[col])
    if found is None:
        return []
    credit_cue, credit = found
    fields, _, rate_span = figures(credit)
    if not (_pays(fields) or fields.get("blank")):
        return []  # 0% / 0元: the tier that earns nothing
    _base_from(fields, head_cells[col])
    key = next((c.strip() for c in cells[:col] if c.strip()), None)
    first = start + len(row) - len(row.lstrip(" |"))
    span = (cell_start + rate_span[0], cell_start + rate_span[1]) if rate_span else None
    kind, kind_ids = _tier_kind(head_cells[col])
    return [Cand(first, cell_start + credit.end(), "credit_table_row", kind, si, True, {**fields, "trigger": key},
                 span, ["credit_word", credit_cue.id, *kind_ids])]


def _line_above(text: str, start: int) -> tuple[int, int]:
    """The bounds of the line above the one at ``start``, passing over a markdown separator (|---|---|)."""
    end = start - 1
    begin = text.rfind("\n", 0, end) + 1
    if begin and _SEPARATOR.match(text[begin:end]):
        end = begin - 1
        begin = text.rfind("\n", 0, end) + 1
    return begin, end


def column_cands(text: str, start: int, end: int, si: int) -> list[Cand]:
    """A tier table written sideways: a row of bands (`月度可用性 | <99.95% | <99%`) and under it a row whose first
    cell names the credit (`赔偿比例 | 10% | 25%`); each column is one tier, its band above its credit."""
    if not start or text[start - 1] != "\n" or text[end:end + 1] not in ("", "\n"):
        return []
    above_start, above_end = _line_above(text, start)
    cells, above_cells = text[start:end].split("|"), text[above_start:above_end].split("|")
    label = next((j for j, c in enumerate(cells) if c.strip()), 0)  # a markdown row opens with an empty cell
    if len(cells) != len(above_cells) or len(cells) - label < 3 or not names_credit(cells[label]) \
            or not cue("availability").pattern.search(above_cells[label]):
        return []
    bands = _found_bands(text, above_start, text[above_start:above_end], True)
    out, at, above_at = [], start, above_start
    for j, cell in enumerate(cells):
        band = next((b for b in bands if above_at <= above_start + b[1].start() < above_at + len(above_cells[j])),
                    None)
        if j > label and band:
            out += _column_tier(cell, at, cells[label], band, si)
        at, above_at = at + len(cell) + 1, above_at + len(above_cells[j]) + 1
    return out


def _column_tier(cell: str, at: int, label: str, band: tuple, si: int) -> list[Cand]:
    """The tier of one column: the credit in ``cell`` (at offset ``at``) under ``band``, worded by the row's
    ``label`` (its kind, its base); none for a cell that pays nothing."""
    found = _first_credit(cell, label)
    if found is None:
        return []
    credit_cue, credit = found
    fields, _, rate_span = figures(credit)
    if not _pays(fields):
        return []
    _base_from(fields, label)
    band_id, m, checked = band
    kind, kind_ids = _tier_kind(label)
    span = (at + rate_span[0], at + rate_span[1]) if rate_span else None
    lead = len(cell) - len(cell.lstrip())
    return [Cand(at + lead, at + credit.end(), band_id, kind, si, True, {**fields, "band": _band(m)}, span,
                 [band_id, "availability", "credit_word", credit_cue.id, *kind_ids], checked)]


@functools.lru_cache(maxsize=4)
def _credit_header_ends(text: str) -> tuple[int, ...]:
    """Where the lines end that may head a credit column of a table written one cell per line: lone cells naming a
    credit. Found once per letter, so a letter with no such line asks no table of its short lines."""
    cell, ends = shape_of("penalties", "stacked").cell, []
    for pattern in (cue("credit_word").pattern, cue("time_credit").pattern):
        for m in pattern.finditer(text, timeout=timeout_for(text)):
            # Bounded look-ups: a page written on one line is not searched end to end for each credit word.
            lo, hi = max(0, m.start() - _MAX_CELL), min(len(text), m.end() + _MAX_CELL)
            start, end = text.rfind("\n", lo, m.start()) + 1, text.find("\n", m.end(), hi)
            end = hi if end < 0 and hi == len(text) else end
            found = cell_of(text, start, end) if (start or not lo) and end >= 0 else None
            if found is not None and cell.fullmatch(found.text):
                ends.append(found.end)
    return tuple(sorted(set(ends)))


def _credit_header_above(text: str, pos: int) -> bool:
    ends = _credit_header_ends(text)
    i = bisect.bisect_left(ends, pos)
    return i > 0 and pos - ends[i - 1] <= _TABLE_REACH


def stacked_cands(text: str, start: int, end: int, si: int) -> list[Cand]:
    """The tier whose credit is the lone cell ``text[start:end]`` of a credit table written one cell per line
    (penalties.toml [stacked]; rules/flat_tables.py reads the table):
    "月度服务可用性 / 赔偿比例 / 低于99.95%但不低于99% / 10%". Its kind and base come from the credit's header, its
    band from the row's other cell where availability is named (in the header or above), else that cell is its
    trigger ("中断时长 / 补偿时间 / 低于60分钟 / 1天")."""
    if (start and text[start - 1] != "\n") or text[end:end + 1] not in ("", "\n") or end - start > _MAX_CELL \
            or not _DIGIT.search(text, start, end) or not _credit_header_above(text, start):
        return []  # the cheap tests first: a lone cell is a whole short line holding a digit, under a credit header
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
