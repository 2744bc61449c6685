"""Repairs of known OCR misreadings (``patterns/ocr.toml``), applied to each line OCR reads and to nothing else:
text from a text layer, a text file or a DOCX never passes here, so its extraction cannot change.

A repair rewrites a span of a line's text; when the recognizer placed each character (``OcrLine.glyphs``), the
characters written take the boxes of those they replace (one for one, or the replaced boxes' extent shared out
evenly) and the lowest confidence among them, so spans, pages and ``ocr_confidence`` stay right.
"""
from __future__ import annotations

import functools
from dataclasses import replace as replaced

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from extractor.document.ocr_layout import OcrLine
from extractor.rules.patterns import compile_rule, load
from extractor.rules.schema import validate_tables


class RepairBlock(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    regex: str = Field(min_length=1)
    replace: str
    examples: tuple[tuple[str, str], ...] = Field(min_length=1, description="[as OCR read it, repaired]")
    counter_examples: tuple[str, ...] = Field(default=(), description="OCR text the repair must leave alone")


class RepairFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    repair: tuple[RepairBlock, ...] = ()

    @model_validator(mode="after")
    def _examples_hold(self) -> RepairFile:
        for block in self.repair:
            pattern = compile_rule(f"ocr.toml:{block.id}", block.regex)
            for given, want in block.examples:
                if pattern.sub(block.replace, given) != want:
                    raise ValueError(f"[[repair]] {block.id}: example {given!r} gives "
                                     f"{pattern.sub(block.replace, given)!r}, not {want!r}")
            for text in block.counter_examples:
                if pattern.search(text):
                    raise ValueError(f"[[repair]] {block.id}: counter-example {text!r} matches")
        return self


@functools.cache
def repairs() -> tuple[tuple[str, regex.Pattern, str], ...]:
    data = validate_tables("ocr", RepairFile, load("ocr"))
    return tuple((b.id, compile_rule(f"ocr.toml:{b.id}", b.regex), b.replace) for b in data.repair)


def repaired(line: OcrLine) -> OcrLine:
    """``line`` with every repair of patterns/ocr.toml applied, its glyph boxes and scores kept in step."""
    for _id, pattern, replacement in repairs():
        edits = [(m.start(), m.end()) for m in pattern.finditer(line.text)]
        if edits:
            line = _edited(line, edits, replacement)
    return line


def _edited(line: OcrLine, edits: list[tuple[int, int]], replacement: str) -> OcrLine:
    """``line`` with each span of ``edits`` (start, end; empty: an insertion) written as ``replacement``."""
    placed = line.glyphs is not None and len(line.glyphs) == len(line.text)
    scored = placed and line.char_scores is not None and len(line.char_scores) == len(line.text)
    text, glyphs, scores, pos = [], [], [], 0
    for start, end in [*edits, (len(line.text), len(line.text) + 1)]:
        text.append(line.text[pos:start])
        glyphs += line.glyphs[pos:start] if placed else []
        scores += line.char_scores[pos:start] if scored else []
        if end > len(line.text):
            break
        # what is replaced; for an insertion, the character before it lends its box and confidence
        near = slice(start, end) if end > start else slice(max(0, start - 1), max(1, start))
        text.append(replacement)
        glyphs += _shared_out(replacement, line.glyphs[near]) if placed else []
        scores += [min(line.char_scores[near])] * len(replacement) if scored else []
        pos = end
    return replaced(line, text="".join(text), glyphs=glyphs if placed else None,
                    char_scores=scores if scored else None if placed else line.char_scores)


def _shared_out(chars: str, old: list) -> list:
    """(character, quad) for each of ``chars``, in the place of the glyphs ``old``: one for one when as many,
    else the extent of ``old`` cut into equal widths."""
    if len(chars) == len(old):
        return [(c, quad) for c, (_, quad) in zip(chars, old)]
    xs = [p[0] for _, quad in old for p in quad]
    ys = [p[1] for _, quad in old for p in quad]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    step = (x1 - x0) / len(chars)
    return [(c, [[x0 + k * step, top], [x0 + (k + 1) * step, top], [x0 + (k + 1) * step, bottom],
                 [x0 + k * step, bottom]]) for k, c in enumerate(chars)]


# ---------------------------------------------------------------- a bar under < and >

# The recognizer often reads ≤ and ≥ as < and > (a credit band's inclusive bound lost): the page shows which.
WITH_BAR = {"<": "≤", ">": "≥"}


def bars_restored(line: OcrLine, grey) -> OcrLine:
    """``line`` with each `<` or `>` that has a bar under it on the page (``grey``: the page's darkest channel)
    written `≤` or `≥`. Needs the glyph's box: a line without glyphs is left as it is."""
    if not line.glyphs or not any(c in WITH_BAR for c, _ in line.glyphs):
        return line
    glyphs = [(WITH_BAR[c], quad) if c in WITH_BAR and _bar_under(grey, quad) else (c, quad) for c, quad in line.glyphs]
    text = "".join(c for c, _ in glyphs)
    return line if text == line.text else replaced(line, text=text, glyphs=glyphs)


def _bar_under(grey, quad) -> bool:
    """Whether the glyph in ``quad`` is a chevron with a separate horizontal bar below it: a band of dark rows,
    one row or more of paper, then a band at most a third as tall whose dark run spans most of the chevron."""
    import numpy as np

    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, x1 = max(0, int(min(xs))), int(max(xs))
    y0, y1 = max(0, int(min(ys))), int(max(ys))
    box = grey[y0:y1 + 1, x0:x1 + 1]
    if box.size == 0 or box.shape[1] < 4:
        return False
    dark = box < min(int(np.median(box)), 235) - 70
    rows = dark.sum(axis=1) > 0
    bands, start = [], None
    for k, on in enumerate([*rows, False]):
        if on and start is None:
            start = k
        elif not on and start is not None:
            bands.append((start, k))
            start = None
    if len(bands) < 2:
        return False
    (c0, c1), (b0, b1) = bands[-2], bands[-1]
    chevron_cols = np.flatnonzero(dark[c0:c1].any(axis=0))
    bar_cols = np.flatnonzero(dark[b0:b1].any(axis=0))
    chevron_width = chevron_cols[-1] - chevron_cols[0] + 1
    bar_width = bar_cols[-1] - bar_cols[0] + 1
    return ((b1 - b0) * 3 <= c1 - c0 and (b0 - c1) * 2 <= c1 - c0 and bar_width >= 0.6 * chevron_width
            and dark[b0:b1].sum() >= 0.5 * bar_width)
