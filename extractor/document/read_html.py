"""HTML (a saved web page, or one saved as .txt) to the text a browser shows.

Public SLAs are mostly web pages. Their text is what the reader gives the pipeline, so spans point
into it, as they point into the text the DOCX reader builds. Block elements end lines; table cells
are joined with ` | ` as the DOCX reader joins Word table cells; scripts, styles and the head are dropped;
menus and side panels (<nav>, <aside>) are dropped as site chrome; items of an <ol> keep the numbers a
browser shows (they are clause numbers); entities are decoded; runs of whitespace collapse as a browser
collapses them (not inside <pre>).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK = frozenset("address article aside blockquote body caption center dd details div dl dt fieldset figcaption "
                  "figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main nav ol p pre section summary "
                  "table tbody tfoot thead title tr ul".split())
HIDDEN = frozenset("script style noscript template head svg object iframe".split())
# Site chrome around the document: menus and side panels (links to related documents would start letters).
CHROME = frozenset(("nav", "aside"))
CELL = frozenset(("td", "th"))
GENERATOR = '<meta name="generator" content="slax">'
_SPACE = re.compile(r"[ \t\r\n\f]+")
# Sniffing a .txt: a document that opens like a web page.
_LOOKS_LIKE_HTML = re.compile(r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                              re.IGNORECASE | re.DOTALL)


def made_by_slax(head: bytes) -> bool:
    """A page `slax report` or `slax diff --format html` wrote: output, not a letter."""
    return GENERATOR.encode() in head


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.match(text[:4096]))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.hidden = 0  # depth inside elements whose text is not shown
        self.pre = 0
        self.cells = 0  # cells opened in the current row
        self.lists: list[list] = []  # [ordered, next number] per open list: <ol> items show their numbers

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN or tag in CHROME:
            self.hidden += 1
        elif tag in ("ol", "ul"):
            self._end_line()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag == "ol", int(start) if start.strip().isdigit() else 1])
        elif tag == "li":
            self._end_line()
            if self.lists and self.lists[-1][0] and not self.hidden:
                self.line.append(f"{self.lists[-1][1]}. ")
                self.lists[-1][1] += 1
        elif tag == "br":
            self._end_line()
        elif tag in CELL:
            if self.cells:
                self.line.append(" | ")
            self.cells += 1
        elif tag in BLOCK:
            self._end_line()
            if tag == "tr":
                self.cells = 0
            self.pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            self._end_line()

    def handle_endtag(self, tag):
        if tag in HIDDEN or tag in CHROME:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("ol", "ul"):
            self._end_line()
            if self.lists:
                self.lists.pop()
        elif tag in BLOCK:
            self._end_line()
            self.pre = max(0, self.pre - (tag == "pre"))

    def handle_data(self, data):
        if self.hidden:
            return
        if self.pre:
            first, *rest = data.split("\n")
            self.line.append(first)
            for part in rest:
                self._end_line(keep_empty=True)
                self.line.append(part)
            return
        self.line.append(_SPACE.sub(" ", data))

    def _end_line(self, keep_empty: bool = False):
        text = "".join(self.line)
        text = text if self.pre else text.strip(" ")
        if text or keep_empty:
            self.lines.append(text)
        self.line = []


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser._end_line()
    return "\n".join(parser.lines) + ("\n" if parser.lines else "")
