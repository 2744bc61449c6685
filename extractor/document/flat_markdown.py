"""Markdown tables flattened onto one line, as web pages and chat exports give them ("| 产品 | 月度可用性 | |---|---|
| 消息队列 | 99.95% |"): the line is broken back into its rows (patterns/normalize.toml [flat_markdown]), so every
family reads the '|' table as it reads any other. The separator row tells the width: the header row before it holds
as many cells, and the rest of the line splits into rows of that width; a line that does not split evenly is left
as it is."""
from __future__ import annotations

import functools

import regex

from extractor.rules.patterns import compile_rule, load


@functools.cache
def _separator() -> regex.Pattern:
    return compile_rule("normalize.toml:flat_markdown.separator", load("normalize")["flat_markdown"]["separator"])


def flat_markdown_edits(text: str) -> list[tuple[int, int, str]]:
    """Line breaks between the rows of each flattened markdown table: (start, end, "\\n") edits, sorted."""
    if "|" not in text or "--" not in text:  # the cheap test: no table separator in the text at all
        return []
    edits: list[tuple[int, int, str]] = []
    for m in _separator().finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if edits and start < edits[-1][0]:
            continue  # a second separator on a line already split
        edits += _row_breaks(text, start, end, m.start(), m.group().count("|") - 1)
    return edits


def _row_breaks(text: str, start: int, end: int, separator: int, width: int) -> list[tuple[int, int, str]]:
    """The breaks of one line holding a flattened table ``width`` cells wide whose separator row starts at
    ``separator``: after every ``width + 1`` pipes, where the next row opens."""
    pipes = [i for i in range(start, end) if text[i] == "|"]
    per_row = width + 1
    if text[start:pipes[0]].strip() or len(pipes) % per_row or len(pipes) < 3 * per_row \
            or pipes[per_row] != separator:
        return []  # words before the table, an uneven row, a table of one row, or a header of another width
    edits = []
    for row in range(1, len(pipes) // per_row):
        close, opened = pipes[row * per_row - 1], pipes[row * per_row]
        gap = text[close + 1:opened]
        if gap.strip():
            return []  # words between two rows: no flattened table
        edits.append((close + 1, close + 2, "\n") if gap else (opened, opened, "\n"))
    return edits
