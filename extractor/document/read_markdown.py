"""Markdown (an SLA page from a docs site or a repository, `.md` or saved as `.txt`) to the text it renders.

Heading marks, emphasis and link targets are markup, not words: `## 2. 服务可用性` reads `2. 服务可用性`,
`**不低于99.95%**` reads `不低于99.95%`, `[控制台](https://…)` reads `控制台` (not a `[…]` blank). Table rows
read as cells joined by ` | `, like Word tables; the `|---|---|` rule line goes. Code stays as written.
Work is line by line with regexes kept in patterns/markdown.toml.
"""
from __future__ import annotations

import functools

from extractor.rules.patterns import compile_rule, load


@functools.cache
def _rules() -> dict:
    data = load("markdown")
    return {
        "sniff": [compile_rule("markdown.toml:sniff", p) for p in data["sniff"]["patterns"]],
        "min_signs": int(data["sniff"]["min_signs"]),
        "drop_line": compile_rule("markdown.toml:drop_line", data["line"]["drop"]),
        "prefix": compile_rule("markdown.toml:prefix", data["line"]["prefix"]),
        "inline": [(compile_rule("markdown.toml:inline", r["regex"]), r["replace"]) for r in data["inline"]],
        "table_row": compile_rule("markdown.toml:table_row", data["table"]["row"]),
        "fence": compile_rule("markdown.toml:fence", data["line"]["fence"]),
    }


def looks_like_markdown(text: str) -> bool:
    """At least ``min_signs`` kinds of Markdown markup in the first part of the text."""
    rules = _rules()
    head = text[:20000]
    return sum(bool(p.search(head)) for p in rules["sniff"]) >= rules["min_signs"]


def markdown_text(markup: str) -> str:
    rules = _rules()
    out, in_code = [], False
    for line in markup.splitlines():
        if rules["fence"].match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append(line)
            continue
        if rules["drop_line"].match(line):
            continue
        line = rules["prefix"].sub("", line, count=1)
        row = rules["table_row"].match(line)
        if row:
            line = " | ".join(cell.strip() for cell in row.group("cells").split("|"))
        for pattern, replace in rules["inline"]:
            line = pattern.sub(replace, line)
        out.append(line.rstrip())
    return "\n".join(out) + ("\n" if out else "")
