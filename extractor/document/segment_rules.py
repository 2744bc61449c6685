"""The compiled rules of ``patterns/segment.toml`` and ``patterns/headings.toml``: letter titles and markers,
clause numbering schemes, headings and sentence ends."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extractor.rules.patterns import compile_rule, load
from extractor.rules.prefilter import max_width

TIMEOUT = 5.0


@dataclass(frozen=True)
class _Scheme:
    name: str
    kind: str
    pattern: regex.Pattern


@functools.cache
def _rules():
    data = load("segment")
    letters = data["letters"]
    schemes = tuple(
        _Scheme(c["scheme"], c["kind"], compile_rule(f"segment.toml:{c['scheme']}", c["regex"])) for c in data["clause"]
    )
    title = letters["title"]
    return {
        "marker": compile_rule("segment.toml:marker", f"(?P<title>{title})?\\s{{0,3}}(?:{letters['marker']})"),
        # The marker alone (第…篇), and how far before it a marker match can start: its title and spaces.
        "marker_core": compile_rule("segment.toml:marker", letters["marker"]),
        "marker_reach": max_width(f"(?P<title>{title})?\\s{{0,3}}"),
        "counter": compile_rule(
            "segment.toml:counter",
            f"(?:(?<=^|[\\n。!?;])|(?<=_{{2}}|\\]|:))\\s*(?P<title>{title})\\s{{0,2}}{letters['counter']}"
        ),
        "title_line": compile_rule("segment.toml:title", f"(?m)^[ \\t]*(?P<title>{title})[ \\t]*$"),
        "title_core": compile_rule("segment.toml:title_words", f"{letters['title_words']}*{letters['title_end']}$"),
        "named_title": compile_rule("segment.toml:title_words", f"{letters['title_words']}+{letters['title_end']}$"),
        "title_at_start": compile_rule("segment.toml:title", f"\\s*(?P<title>{title})"),
        "title_at_line": compile_rule("segment.toml:title", f"(?m)^[ \\t]*(?P<title>{title})"),
        "restart": compile_rule("segment.toml:letter_opening",
                                f"(?P<title>{title})(?=[ \\t]{{0,3}}(?:{letters['letter_opening']}))"),
        **_title_end_cores(letters),
        "collection": compile_rule("segment.toml:collection", f"{title}\\s{{0,2}}{letters['collection']}"),
        "complete": compile_rule("segment.toml:complete_ending", letters["complete_ending"]),
        "header_max": int(letters["header_max_chars"]),
        "cover_max": int(letters["cover_max_chars"]),
        "cover_sentence": compile_rule("segment.toml:cover_sentence", letters["cover_sentence"]),
        "cover_field": compile_rule("segment.toml:cover_field", letters["cover_field"]),
        "header_level": compile_rule("segment.toml:header_level", letters["header_level"]),
        "chrome_max": int(letters["chrome_max_chars"]),
        "names_title": compile_rule("segment.toml:title_end", letters["title_end"]),
        "signed_line": compile_rule("segment.toml:signed_line", letters["signed_line"]),
        "signed_sealed": compile_rule("segment.toml:signed_sealed", letters["signed_sealed"]),
        "signed_opening": compile_rule("segment.toml:signed_opening", letters["signed_opening"]),
        "signed_first_clause": compile_rule("segment.toml:signed_first_clause", letters["signed_first_clause"]),
        "signed_min_lines": int(letters["signed_min_lines"]),
        "signed_min_chars": int(letters["signed_min_chars"]),
        "signed_max_line": int(letters["signed_max_line"]),
        "opening": compile_rule("segment.toml:letter_opening", f"(?m)^\\s*(?:{letters['letter_opening']})"),
        "sentence": compile_rule("segment.toml:sentences", data["sentences"]["split"]),
        "schemes": schemes,
        "heading_stop": compile_rule("segment.toml:headings.stop", data["headings"]["stop"]),
        "heading_max": int(data["headings"]["max_length"]),
        "heading_short": int(data["headings"]["short_length"]),
        "definition": compile_rule("segment.toml:headings.definition", data["headings"]["definition"]),
        "heading_terms": sorted(load("headings")["terms"], key=len, reverse=True),
    }


def _title_end_cores(letters: dict) -> dict:
    """What every ``counter`` and ``restart`` match holds, starting at its title's title word: a title word and the
    counter after it, a title word and a letter opening after it. A letter without them (most) is not searched
    with the full regexes, which try a title at every position. Only when ``title`` is its words then
    ``title_end`` (so that a title's match ends in a title word); else None: the full regexes always run."""
    title, end = letters["title"], letters["title_end"]
    if not (title.startswith("(?:") and title.endswith(end + ")") and _one_branch(title[3:-len(end) - 1])):
        return {"counter_core": None, "restart_core": None}
    return {
        "counter_core": compile_rule("segment.toml:counter", f"{end}\\s{{0,2}}{letters['counter']}"),
        "restart_core": compile_rule("segment.toml:letter_opening",
                                     f"{end}(?=[ \\t]{{0,3}}(?:{letters['letter_opening']}))"),
    }


def _one_branch(pattern: str) -> bool:
    """Whether ``pattern`` has no ``|`` outside brackets: followed by more regex, all of it is one sequence."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
            if depth < 0:  # closes the group around it: what follows is not inside it
                return False
        elif ch == "|" and depth == 0:
            return False
    return depth == 0 and not in_class

