"""Normalize source text to clean simplified half-width text, keeping an exact offset map.

One pass per character (NFKC, traditional->simplified, dropping invisible controls),
then the rule-driven rewrites and deletions of ``patterns/normalize.toml``. Every
normalized character remembers the source span it came from.
"""
from __future__ import annotations

import functools
import unicodedata
from array import array
from dataclasses import dataclass

import regex

from extractor.document.charsets import CharSet
from extractor.document.flat_markdown import flat_markdown_edits
from extractor.rules.matching import timeout_for
from extractor.rules.patterns import PatternError, compile_rule, load
from extractor.rules.prefilter import may_match

# Timeouts keep one pathological input from stalling a batch; the rules are linear anyway.
REGEX_TIMEOUT = 5.0


@dataclass(frozen=True)
class OffsetMap:
    """``starts[i]``/``ends[i]``: the source span of normalized character ``i``."""

    starts: list[int]
    ends: list[int]
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span [start, end) to the smallest source span that produced it."""
        n = len(self.starts)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span ({start}, {end}) outside normalized text of length {n}")
        if start == end:
            pos = self.starts[start] if start < n else self.source_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: OffsetMap

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_source(start, end)


@dataclass(frozen=True)
class _Rules:
    keep: frozenset[str]
    rewrites: tuple[tuple[str, regex.Pattern, str], ...]
    removals: tuple[tuple[str, regex.Pattern], ...]


@functools.cache
def _rules() -> _Rules:
    data = load("normalize")
    try:
        rewrites = tuple(
            (r["id"], compile_rule(f"normalize.toml:{r['id']}", r["regex"]), r["replace"])
            for r in data.get("rewrite", [])
        )
        removals = tuple(
            (r["id"], compile_rule(f"normalize.toml:{r['id']}", r["regex"])) for r in data.get("remove", [])
        )
    except KeyError as exc:
        raise PatternError(f"normalize.toml: rule without {exc}") from None
    return _Rules(frozenset(data.get("nfkc_keep", "")), rewrites, removals)


@functools.cache
def _layout() -> dict:
    data = load("normalize")
    try:
        spaced, wrap, cells = dict(data["spaced"]), dict(data["wrap"]), dict(data["cell_lines"])
        spaced["regex"] = compile_rule("normalize.toml:spaced", spaced["regex"])
        cells["cell_end"] = compile_rule("normalize.toml:cell_lines.cell_end", cells["cell_end"])
        for key in ("open_end", "sentence_end", "clause_start", "table_row", "evidence"):
            wrap[key] = compile_rule(f"normalize.toml:wrap.{key}", wrap[key])
    except KeyError as exc:
        raise PatternError(f"normalize.toml: layout rules without {exc}") from None
    return {"spaced": spaced, "wrap": wrap, "cell_lines": cells}


def _spaced_edits(text: str) -> list:
    """The spaces inside runs of spaced-out single characters; of a double space, the first goes."""
    rule = _layout()["spaced"]
    edits = []
    for m in rule["regex"].finditer(text, timeout=timeout_for(text, limit=REGEX_TIMEOUT)):
        run = m.group()
        pieces = run.split()
        singles = sum(len(piece) == 1 for piece in pieces)
        if len(regex.findall(r"\p{Han}", run)) < rule["min_han"] or singles < rule["min_single_share"] * len(pieces):
            continue
        for i in range(m.start() + 1, m.end() - 1):
            if text[i] == " " and text[i - 1] != " ":
                edits.append((i, i + 1, ""))
    return edits


def _wrap_width(lengths: list[int], rule: dict) -> int | None:
    """The width the document's lines were wrapped at, when most of its long lines share one: the longest line's,
    else the commonest long width (a page that wraps its body but keeps one paragraph on a line)."""
    long_lines = sum(1 for n in lengths if n >= rule["min_chars"])

    def near(width: int) -> int:
        return sum(1 for n in lengths if width - rule["tolerance"] <= n <= width)

    widths = sorted({n for n in lengths if n >= rule["min_width"]}, reverse=True)
    if not widths:
        return None
    tries = [(widths[0], rule["min_lines"])]
    if len(widths) > 1:  # the commonest of the others (the widest among equals)
        tries.append((max(widths[1:], key=near), rule["common_width_min_lines"]))
    for width, min_lines in tries:
        lines = near(width)
        if lines >= min_lines and lines >= rule["width_share"] * long_lines:
            return width
    return None


def _splits_figure(text: str, newline: int, evidence: regex.Pattern) -> bool:
    lo = max(0, newline - 10)
    window = text[lo : newline + 12]
    return any(m.start() <= newline - lo < m.end() for m in evidence.finditer(window, timeout=REGEX_TIMEOUT))


_BLANK_LINE_GAP = regex.compile(r"(?<=\S)[ \t]*\n[ \t]*\n[ \t]*(?=\S)")
_LINE_GAP = regex.compile(r"(?<=\S)[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=\S)")


def _double_spaced_gaps(text: str) -> list[tuple[int, int]] | None:
    """The blank-line gaps of a page that puts one between every pair of lines (a web copy of a PDF often does),
    or None: there a blank line says nothing, and wrapping is judged on the lines without them."""
    rule = _layout()["wrap"]
    gaps = [m.span() for m in _BLANK_LINE_GAP.finditer(text)]
    if len(gaps) < rule["double_spaced_min_lines"]:
        return None
    line_gaps = sum(1 for _ in _LINE_GAP.finditer(text))
    return gaps if len(gaps) >= rule["double_spaced_share"] * line_gaps else None


def _wrap_edits(text: str) -> list:
    """Line ends that a PDF's wrapping put inside a sentence (see [wrap] in normalize.toml); on a double-spaced
    page, the blank-line gaps are read as the line ends."""
    gaps = _double_spaced_gaps(text)
    if gaps is None:
        return _single_spaced_wrap_edits(text)
    pieces, pos, size = [], 0, 0
    gap_at: dict[int, tuple[int, int]] = {}  # each newline of the single-spaced view -> the gap it stands for
    for start, end in gaps:
        pieces.append(text[pos:start])
        size += start - pos
        gap_at[size] = (start, end)
        pieces.append("\n")
        size += 1
        pos = end
    pieces.append(text[pos:])
    return [(*gap_at[at], "") for at, _, _ in _single_spaced_wrap_edits("".join(pieces)) if at in gap_at]


def _single_spaced_wrap_edits(text: str) -> list:
    rule = _layout()["wrap"]
    lines = text.split("\n")
    if len(lines) < 2:
        return []
    sizes = [len(regex.sub(r"\s", "", line)) for line in lines]
    width = _wrap_width(sizes, rule)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    evident = [_splits_figure(text, starts[i + 1] - 1, rule["evidence"]) for i in range(len(lines) - 1)]

    def structural_end(i: int) -> bool:
        line, nxt = lines[i], lines[i + 1]
        if not line.strip() or not nxt.strip() or rule["clause_start"].match(nxt):
            return True
        return bool(rule["table_row"].search(line) or rule["table_row"].search(nxt))

    structural = [structural_end(i) for i in range(len(lines) - 1)]
    evident = [e and not s for e, s in zip(evident, structural)]
    if width is None and not any(evident):
        return []

    def real_end(i: int) -> bool:
        line = lines[i]
        if structural[i] or evident[i]:
            return structural[i]
        if width is not None:  # a line wider than the width was never wrapped at it
            return not width - rule["tolerance"] <= sizes[i] <= width or bool(rule["sentence_end"].search(line))
        # Without a width, a numbered line without punctuation is a heading (`2.6 纳税证明`).
        heading = rule["clause_start"].match(line) and not regex.search(r"\p{P}", line[8:])
        return heading or sizes[i] < rule["min_chars"] or not rule["open_end"].search(line.rstrip())

    joins = [not real_end(i) for i in range(len(lines) - 1)]
    if width is None:
        # Without a width, a long line runs on only into a sentence that ends within a few lines.
        for i in range(len(joins)):
            if joins[i] and not evident[i]:
                j = i + 1
                while j < len(joins) and j - i < rule["max_chain"] and joins[j]:
                    j += 1
                if not rule["sentence_end"].search(lines[j]):
                    joins[i] = False
    return [(starts[i + 1] - 1, starts[i + 1], "") for i, join in enumerate(joins) if join]


def _cell_line_edits(text: str) -> list:
    """The line ends inside the rows of a '|' table copied one cell per line (see [cell_lines])."""
    rule = _layout()["cell_lines"]
    if "|" not in text:
        return []
    edits: list = []
    run: list[tuple[int, int]] = []  # (offset, cells) of the current run of lines ending in '|'
    pos = 0
    for line in text.split("\n") + [""]:
        if rule["cell_end"].search(line):
            run.append((pos, _cells(line)))
        else:
            if len(run) >= rule["min_lines"]:
                edits.extend(_row_joins(text, run))
            run = []
        pos += len(line) + 1
    return edits


def _cells(line: str) -> int:
    return line.count("|") - (1 if line.lstrip().startswith("|") else 0)


def _row_joins(text: str, run: list[tuple[int, int]]) -> list:
    """Join a run's lines into rows: as wide as its widest line when one holds several cells, else as its header
    (the first lines with no digit); a line that would overrun the row starts the next one."""
    lines = [text[start:].split("\n", 1)[0] for start, _ in run]
    widest = max(cells for _, cells in run)
    width = widest if widest > 1 else next((i for i, line in enumerate(lines) if regex.search(r"\d", line)), 0)
    if width < 2 or not any(regex.search(r"\d", line) for line in lines):
        return []
    edits, filled = [], 0
    for (_, cells), (next_start, next_cells) in zip(run, run[1:]):
        filled += cells
        if filled + next_cells <= width:
            edits.append((next_start - 1, next_start, ""))
        else:
            filled = 0
    return edits


@functools.lru_cache(maxsize=65536)
def _convert_char(ch: str) -> str:
    rules = _rules()
    if ch in rules.keep or ch == "\n":
        return ch
    cat = unicodedata.category(ch)
    if cat == "Cf" or (cat == "Cc" and ch not in "\t\r"):
        return ""  # zero-width, bidi marks, BOM, control characters
    out = unicodedata.normalize("NFKC", ch)
    # Per character, not per phrase: OpenCC's phrase tables would make a slice
    # normalize differently from the whole, breaking the offset map's contract.
    if any(ord(c) > 0x2E7F for c in out):
        out = _opencc().convert(out)
    return out


@functools.cache
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


# Every character converted so far, across texts (bounded, so a file of every code point cannot grow them): most
# characters of a letter are known after the first few letters, and a class regex skips them in C (charsets.py).
# _CHANGED maps those that change (traditional forms, full-width marks) by code point; _TABLE maps every known one,
# the others to themselves, as str.translate reads it: translate raises and clears a KeyError for each character
# its table lacks, which costs more than the lookup. _MULTI holds those that become more or fewer than one character.
_KNOWN = CharSet()
_CHANGED: dict[int, str] = {}
_TABLE: dict[int, str] = {}
_MULTI = CharSet()
_KNOWN_MAX = 65536


def _char_pass(text: str) -> tuple[str, array, array]:
    # Each distinct character is converted once; when all keep their length, str.translate does the rest in C.
    new = _KNOWN.missing_from(text)
    if len(_KNOWN) + len(new) > _KNOWN_MAX:  # past the bound: this text's characters alone
        table = {ord(ch): out for ch in set(text) if (out := _convert_char(ch)) != ch}
        same_length = all(len(p) == 1 for p in table.values())
    else:
        for ch in new:
            out = _convert_char(ch)
            if out != ch:
                _CHANGED[ord(ch)] = out
                if len(out) != 1:
                    _MULTI.add(ch)
            _TABLE[ord(ch)] = out
            _KNOWN.add(ch)
        table, same_length = _CHANGED, not _MULTI.occurs_in(text)
    if same_length:
        translated = text.translate(_TABLE if table is _CHANGED else table)
        # Offsets are machine integers (8 bytes a character, not ~40 in a list of ints): 50 MB files fit.
        return translated, _counting(0, len(text)), _counting(1, len(text) + 1)
    pieces = [table.get(ord(ch), ch) for ch in text]
    starts, ends = array("q"), array("q")
    for i, p in enumerate(pieces):
        starts.extend([i] * len(p))
        ends.extend([i + 1] * len(p))
    return "".join(pieces), starts, ends


_COUNT: array = array("q")
_COUNT_MAX = 1 << 20  # a longer text gets its own offsets; this one is kept (8 MB at most)


def _counting(start: int, stop: int) -> array:
    """array("q", range(start, stop)): sliced from a kept one (a copy in C) rather than built int by int."""
    global _COUNT
    if stop > _COUNT_MAX:
        return array("q", range(start, stop))
    if len(_COUNT) < stop:
        _COUNT = array("q", range(min(max(stop, 2 * len(_COUNT), 4096), _COUNT_MAX)))
    return _COUNT[start:stop]


def _apply_edits(text, starts, ends, edits):
    """Apply sorted, non-overlapping (start, end, replacement) edits; replacements map to the whole match."""
    if not edits:
        return text, starts, ends
    # The offsets are gathered as views of the kept stretches and copied once (a letter's glosses are a hundred
    # edits), not extended stretch by stretch.
    out, new_starts, new_ends = [], [], []
    starts_view, ends_view = memoryview(starts), memoryview(ends)
    pos = 0
    for s, e, rep in edits:
        out.append(text[pos:s])
        new_starts.append(starts_view[pos:s])
        new_ends.append(ends_view[pos:s])
        if rep:
            out.append(rep)
            new_starts.append(array("q", [starts[s]]) * len(rep))
            new_ends.append(array("q", [ends[e - 1]]) * len(rep))
        pos = e
    out.append(text[pos:])
    new_starts.append(starts_view[pos:])
    new_ends.append(ends_view[pos:])
    return "".join(out), _joined(new_starts), _joined(new_ends)


def _joined(pieces: list) -> array:
    joined = array("q")
    joined.frombytes(b"".join(pieces))
    return joined


def normalize(text: str) -> Normalized:
    rules = _rules()
    norm, starts, ends = _char_pass(text)
    timeout = timeout_for(norm, limit=REGEX_TIMEOUT)  # none for a letter-sized text (matching.SHORT_TEXT)
    # A rule whose words are all absent (a sharing site's notice, a Word field code) finds nothing: not searched.
    for _id, pattern, rep in rules.rewrites:
        if may_match(pattern, norm):
            edits = [(m.start(), m.end(), rep) for m in pattern.finditer(norm, timeout=timeout)]
            norm, starts, ends = _apply_edits(norm, starts, ends, edits)
    # In order: glosses go first so that later line rules see clean lines.
    for _id, pattern in rules.removals:
        if may_match(pattern, norm):
            edits = [(m.start(), m.end(), "") for m in pattern.finditer(norm, timeout=timeout)]
            norm, starts, ends = _apply_edits(norm, starts, ends, edits)
    # Spaced runs first: a wrapped line's length counts its characters, not the gaps between them.
    for repair in (_spaced_edits, _wrap_edits, _cell_line_edits, flat_markdown_edits):
        norm, starts, ends = _apply_edits(norm, starts, ends, repair(norm))
    return Normalized(_phrase_pass(norm), OffsetMap(starts, ends, len(text)))


def _phrase_pass(text: str) -> str:
    """OpenCC's phrase tables (答覆 -> 答复, 回覆 -> 回复) where they keep the length, so the map stays 1:1.

    Runs last, on clean text, because glosses and field codes split phrases. A slice that
    cuts such a phrase in two re-normalizes per character: the one place the map is not exact.
    """
    if not any(ord(c) > 0x2E7F for c in text):
        return text
    lines = text.split("\n")
    converted = [_opencc().convert(line) for line in lines]
    return "\n".join(c if len(c) == len(line) else line for c, line in zip(converted, lines))


def normalize_text(text: str) -> str:
    return normalize(text).text
