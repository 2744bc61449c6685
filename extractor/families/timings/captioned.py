"""A list of tiers under a caption line that names their level, one tier a line, with no verb beside the figures:
"响应时间\n紧急:2小时内\n一般:24小时内", "**回应时间保证**\n- P2 问题:4 小时内技术人员联络", a flattened table's
column caption over "紧急 / 系统瘫痪 / 2小时内" (patterns/timings.toml [table] caption_*). The list's lines are short
and hold no sentence; the caption is the nearest short line above them that holds no figure and names a level."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import regex

from extractor.families.timings.cuewords import words

T = TypeVar("T")
_REACH = 10  # non-empty lines above a tier searched for its caption: a list longer than that names no caption
_LOOKBACK = 600  # characters above a tier read for those lines: a letter of many short lines stays linear


@functools.cache
def _words() -> tuple[regex.Pattern, ...]:
    return (words("table", "caption_item"), words("table", "caption_tail"), words("table", "caption_decor"),
            words("table", "caption_line"), words("table", "stacked_figure"), words("table", "caption_lead"))


def caption_line(text: str, start: int, end: int, level_of: Callable[[str], T | None]) -> T | None:
    """What ``level_of`` reads in the caption over the tier list the figure at ``start``-``end`` is an item of: the
    nearest short line above with no figure, its decoration removed (a number, a bullet, Markdown bold, a closing
    colon), for which ``level_of`` names a level. None when the figure's line is no list item or no caption stands
    above its list."""
    item, tail, decor, caption, figure, lead = _words()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not item.fullmatch(text[line_start:line_end].strip()) or not tail.fullmatch(text[end:line_end]) \
            or not lead.fullmatch(text[line_start:start]):
        return None
    lo = max(0, line_start - _LOOKBACK)
    above = [line.strip() for line in text[lo:max(line_start - 1, lo)].split("\n") if line.strip()]
    for line in reversed(above[-_REACH:]):
        bare = decor.sub("", line)
        level = level_of(bare) if caption.fullmatch(bare) and not figure.search(bare) else None
        if level is not None:
            return level
        if not item.fullmatch(line):
            return None  # a sentence or a long line: the list starts below it
    return None
