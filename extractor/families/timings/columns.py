"""Where a figure's table column or the label line above it names its kind: a '|' row under its header, a table
flattened to one cell per line (stacked.py), a lone figure under the line that names its level, a tier under the
caption of its list (captioned.py)."""
from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import regex

from extractor.families.timings.captioned import caption_line
from extractor.families.timings.stacked import label_line_end, stacked_header
from extractor.rules.matching import lines_before

_DIGIT = regex.compile(r"\d")
_LABEL_ASIDE = regex.compile(r"[ ]?\([^()\n]{1,24}\)$")  # "到场时间(每周5天)": an aside closing a row's label

_CAPTION_REACH = 40  # lines above a row searched for the table's caption
_CAPTION_MAX = 30  # characters of a caption line: a longer line is a paragraph, no caption

if TYPE_CHECKING:
    from extractor.families.timings.cuewords import Cue


def _kinds() -> ModuleType:
    # kinds places figures with these readers and they read its cues: imported when first asked, not at load
    from extractor.families.timings import kinds

    return kinds


def column_cue(text: str, start: int, end: int) -> Cue | None:
    """The cue of the column or label line a figure stands under, if any."""
    return table_cue(text, start) or row_label_cue(text, start) or caption_cue(text, start) \
        or stacked_cue(text, start) or label_line_cue(text, start, end) or list_caption_cue(text, start, end)


def table_cue(text: str, pos: int) -> Cue | None:
    """In a '|' table row, the cue of the header cell of the same column ("响应时限")."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    row = text[line_start:len(text) if line_end < 0 else line_end]
    if "|" not in row:
        return None
    column = text[line_start:pos].count("|")
    cells = len(row.split("|"))
    for header in reversed(lines_before(text, line_start, 12)):
        parts = header.split("|")
        if len(parts) != cells or _DIGIT.search(parts[column]):
            continue  # a row above with a figure in this column is data, no header ("1 | 30分钟现场响应")
        cue = _header_cue(parts[column].strip())
        # The first column of a credit table ("单次障碍历时 | 减免比例") keys each row's credit:
        # "8小时以上不足24小时" is the condition of a penalty tier, not a deadline.
        if cue and column == 0 and any(_kinds().words("table", "credit_column").search(p) for p in parts[1:]):
            return None
        if cue:
            return cue
    return None


def row_label_cue(text: str, pos: int) -> Cue | None:
    """In a '|' row whose header names no level, the cue of the row's first cell: a table turned on its side (plans
    as columns) names its metric per row ("首次响应时间 | 严重性 1:2 小时内 | 严重性 1:30 分钟内"). A figure in the
    label cell itself ("到场时间(每周5天)") is the label's own aside."""
    line_start = text.rfind("\n", 0, pos) + 1
    label_end = text.find("|", line_start, pos)
    if label_end < 0:
        return None
    return _header_cue(_LABEL_ASIDE.sub("", text[line_start:label_end].strip()))


def caption_cue(text: str, pos: int) -> Cue | None:
    """In a '|' row that neither its header nor its label places, the cue of the table's caption: the short line right
    above the table ("服务水平目标:首次响应" over "级别 | 标准支持 | 高级支持")."""
    line_start = text.rfind("\n", 0, pos) + 1
    if "|" not in text[line_start:pos]:
        return None
    above = lines_before(text, line_start, _CAPTION_REACH)[:-1]
    while above and "|" in above[-1]:
        above.pop()
    while above and not above[-1].strip():
        above.pop()
    caption = above[-1].strip() if above else ""  # none when the table's top lies farther up than the lines read
    return _header_cue(caption) if 0 < len(caption) <= _CAPTION_MAX else None


def stacked_cue(text: str, pos: int) -> Cue | None:
    """In a table written one cell per line, the cue of the header cell above the figure's column (stacked.py)."""
    cell = stacked_header(text, pos)
    return _header_cue(cell) if cell else None


def label_line_cue(text: str, start: int, end: int) -> Cue | None:
    """The cue of the line above a figure that stands alone on its line (stacked.label_line_end): read as the words
    after a deadline ("[3个工作日内]告知处理结果"), else as a cue ending it ("燃气恢复供应")."""
    at = label_line_end(text, start, end)
    if at is None:
        return None
    after_hit = _kinds().after_cue(text, text.rfind("\n", 0, at) + 1)
    before_hit = _kinds().before_cue(text, at) if after_hit is None else None
    return after_hit[0] if after_hit else before_hit[0] if before_hit else None


def list_caption_cue(text: str, start: int, end: int) -> Cue | None:
    """The cue of the caption over a list of tiers, one a line, the figure's line is an item of (captioned.py)."""
    return caption_line(text, start, end, _header_cue)


def _header_cue(cell: str) -> Cue | None:
    """A whole header cell ("恢复") is read before the cues a figure's lead-in needs ("恢复时间")."""
    return next((c for c in _kinds().cues("line") if c.pattern.search(cell)), None) \
        or next((c for c in _kinds().cues("before") if c.pattern.search(cell)), None)
