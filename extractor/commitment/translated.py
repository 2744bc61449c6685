"""A bilingual document's English lines: the commitment it states twice counts once, in Chinese."""
from __future__ import annotations


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line of ``text`` that holds ``pos`` (its line break excluded)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _latin(line: str) -> bool:
    han = sum(1 for c in line if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in line if c.isascii() and c.isalpha())
    return latin > 0 and han * 10 < latin


def drop_translated(text: str, facts: list, key) -> list:
    """A bilingual document states each commitment twice, an English line followed by its Chinese translation
    ("Technical support is available 24/7" / "技术支持…提供7×24小时服务"): the Chinese line's fact counts, the
    English one with the same ``key`` on the line right before it is dropped."""
    by_line: dict[int, set] = {}
    for f in facts:
        by_line.setdefault(line_bounds(text, f.span.start)[0], set()).add(key(f))
    out = []
    for f in facts:
        lo, hi = line_bounds(text, f.span.start)
        nxt = hi + 1
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        # The cheap test first: a whole scraped letter is often one line, and _latin reads all of it.
        if nxt < len(text) and key(f) in by_line.get(nxt, ()) and _latin(text[lo:hi]) \
                and not _latin(text[nxt:line_bounds(text, nxt)[1]]):
            continue
        out.append(f)
    return out
