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
        "collection": compile_rule("segment.toml:collection", f"{title}\\s{{0,2}}{letters['collection']}"),
        "complete": compile_rule("segment.toml:complete_ending", letters["complete_ending"]),
        "sentence": compile_rule("segment.toml:sentences", data["sentences"]["split"]),
        "schemes": schemes,
        "heading_stop": compile_rule("segment.toml:headings.stop", data["headings"]["stop"]),
        "heading_max": int(data["headings"]["max_length"]),
        "heading_short": int(data["headings"]["short_length"]),
        "definition": compile_rule("segment.toml:headings.definition", data["headings"]["definition"]),
        "heading_terms": sorted(load("headings")["terms"], key=len, reverse=True),
    }
