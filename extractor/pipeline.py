"""read → normalize → segment → extract, then map every span back to the source text."""
from __future__ import annotations

import bisect
import contextlib
import functools
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Optional, get_args

from extractor.commitment.filters import commits_nothing_because
from extractor.document.normalize import Normalized, normalize
from extractor.document.ocr_layout import low_confidence, ocr_box
from extractor.document.read import RawText, read
from extractor.document.regions import non_letters
from extractor.document.seals import letter_seals
from extractor.document.segment import LetterSegment, split
from extractor.families import registry
from extractor.families.blanks import seal_slots
from extractor.models import Clause, Document, Letter, NonLetter, OcrInfo, Sentence, Source, Span
from extractor.rules.asides import set_aside
from extractor.rules.figures import Figure, figures
from extractor.rules.lexicon import lexicon
from extractor.rules.schema import Fate, Reason
from extractor.rules.vetoes import VetoHit, tracing

_NEWLINE = re.compile("\n")
FAMILIES = registry.NAMES  # every family's name, in the registry's order (extractor/families/registry.py)


def extractor_for(family: str):
    """The extract function of ``family``: it takes one letter's normalized text."""
    return registry.family(family).extract


# Letters are a few thousand characters; a "letter" longer than this (a whole bid book, a file without
# letter breaks, junk) is read in pieces cut at line or sentence ends, so every regex sees a bounded text
# and its timeout measures a pathological pattern, not the size of the file.
CHUNK = 30_000
_CUTS = ("\n", "。", ";", "!", "?", ",", " ")


@dataclass
class LetterFacts:
    """One letter's facts with spans in normalized-document coordinates."""

    segment: LetterSegment
    facts: dict[str, list]
    warnings: list[str] = field(default_factory=list)
    vetoes: list[VetoHit] = field(default_factory=list)  # the vetoes that fired, when asked to trace them


def extract_normalized(text: str, families: Iterable[str] = FAMILIES, *, trace: bool = False) -> list[LetterFacts]:
    """Facts of ``families`` (all by default) for every letter of a normalized text; with ``trace``, each letter
    also lists the vetoes that fired while its facts were found (for ``slax explain``)."""
    families = tuple(families)
    out = []
    for seg in split(text, holds_facts).letters:
        facts: dict[str, list] = {family: [] for family in families}
        warnings: list[str] = []
        fired: list[VetoHit] = []
        for start, end in chunks(text, seg.start, seg.end):
            tracer: AbstractContextManager[list[VetoHit]] = tracing() if trace else contextlib.nullcontext([])
            with tracer as hits:
                _extract_piece(text[start:end], start, families, facts, warnings, seg.index)
            fired += [h._replace(start=h.start + start, end=h.end + start) for h in hits]
        if seg.end - seg.start > CHUNK:  # read in pieces: what every piece repeats (the parties) is kept once
            facts = {name: registry.family(name).merge_pieces(found) for name, found in facts.items()}
        out.append(LetterFacts(seg, facts, warnings, fired))
    return out


def _extract_piece(piece: str, start: int, families: tuple[str, ...], facts: dict[str, list], warnings: list[str],
                   index: int) -> None:
    for family in families:
        try:
            found = extractor_for(family)(piece)
        except TimeoutError:  # one pathological stretch costs its facts of one family, not the file
            warnings.append(f"letter {index}: {family} skipped for characters {start}-{start + len(piece)} "
                            "(a pattern ran too long)")
            continue
        facts[family] += [_shift(f, start) for f in found] if start else found  # a piece at 0 needs no shift


def holds_facts(text: str) -> bool:
    """Whether any family finds a fact in ``text``: text outside the letter titles that does is a letter too."""
    for start, end in chunks(text, 0, len(text)):
        for family in FAMILIES:
            try:
                if extractor_for(family)(text[start:end]):
                    return True
            except TimeoutError:  # cannot tell: keep the text in a letter rather than lose it
                return True
    return False


def chunks(text: str, start: int, end: int, size: int = CHUNK) -> list[tuple[int, int]]:
    """[start, end) in pieces of at most ``size`` characters, cut after a line end, else a sentence end."""
    out = []
    while end - start > size:
        window = text[start + size // 2:start + size]
        cut = next((i for c in _CUTS if (i := window.rfind(c)) >= 0), len(window) - 1)
        out.append((start, start + size // 2 + cut + 1))
        start = out[-1][1]
    out.append((start, end))
    return out


def _shift(fact, offset: int):
    span = Span(start=fact.span.start + offset, end=fact.span.end + offset)
    return fact.model_copy(update={"span": span})


class _Mapper:
    """Maps normalized-document spans to source spans, pages, lines and clause ids."""

    def __init__(self, raw: RawText, norm: Normalized):
        self.raw, self.norm = raw, norm
        self._newlines = [m.start() for m in _NEWLINE.finditer(raw.text)]  # in C, not a loop over characters

    def span(self, start: int, end: int) -> Span:
        s, e = self.norm.source_span(start, end)
        page = None
        if self.raw.char_pages and s < len(self.raw.char_pages):
            page = self.raw.char_pages[s]
        return Span(start=s, end=e, page=page)

    def line(self, source_start: int) -> int:
        return bisect.bisect_right(self._newlines, source_start - 1) + 1 if source_start else 1

    def text(self, span: Span) -> str:
        return self.raw.text[span.start:span.end]


def _clause_at(clauses, pos: int) -> str | None:
    best = None
    for c in clauses:
        if c.start <= pos < c.end and (best is None or c.depth > best.depth):
            best = c
    return best.id if best else None


def build_document(raw: RawText, norm: Normalized, letters: list[LetterFacts], *, sentences: bool = False,
                   with_text: bool = False, mapper: Optional[_Mapper] = None) -> Document:
    mapper = mapper or _Mapper(raw, norm)
    out_letters, warnings = [], []
    if not letters:
        warnings.append(f"{raw.path}: no letter text found")
    for lf in letters:
        seg = lf.segment
        warnings += [f"{raw.path}: letter {seg.index}: {note}" for note in seg.notes]
        if seg.truncated:
            warnings.append(f"{raw.path}: letter {seg.index} ends mid-sentence (truncated?)")
        warnings += [f"{raw.path}: {w}" for w in lf.warnings]
        clauses = [
            Clause(id=c.id, number=c.number, scheme=c.scheme, heading=c.heading, depth=c.depth, parent=c.parent,
                   span=mapper.span(c.start, c.end))
            for c in seg.clauses
        ]
        # Each family's facts under its Letter field; the fact models differ by family, so the values are Any.
        families: dict[str, Any] = {}
        for name, facts in lf.facts.items():
            fields = registry.family(name).model.model_fields  # a fact with a clause or line field gets it here
            mapped = []
            for f in facts:
                span = mapper.span(f.span.start, f.span.end)
                update = {"span": span, "text": mapper.text(span)}
                if "clause" in fields:
                    update["clause"] = _clause_at(seg.clauses, f.span.start)
                if "line" in fields:
                    update["line"] = mapper.line(span.start)
                if raw.ocr and "ocr_confidence" in fields:  # a figure OCR was unsure of is flagged
                    update["ocr_confidence"] = low_confidence(raw.text, raw.char_boxes, span.start, span.end)
                if raw.ocr:  # where OCR read it on its page
                    update["bbox"] = ocr_box(raw.char_boxes, raw.char_pages, span.start, span.end)
                mapped.append(f.model_copy(update=update))
            families[name] = mapped
        span = mapper.span(seg.start, seg.end)
        if raw.seals and "blanks" in families:  # seal detection ran: a seal slot left unstamped is a blank
            unstamped = seal_slots.seal_blanks(raw, norm.text, seg.start, seg.end, mapper.span,
                                               functools.partial(_clause_at, seg.clauses), mapper.line)
            families["blanks"] = seal_slots.merged(families["blanks"], unstamped)
        letter = Letter(
            index=seg.index, title=seg.title, marker=seg.marker, truncated=seg.truncated,
            span=span, clauses=clauses, **families,
            seals=letter_seals(raw.seals, span.start, span.end, raw.char_pages),  # None unless scanned
        )
        if sentences:
            letter.sentences = [Sentence(text=mapper.text(sp := mapper.span(s, e)), span=sp) for s, e in seg.sentences]
        if with_text:
            letter.text = norm.text[seg.start:seg.end]
        out_letters.append(letter)
    source = Source(path=raw.path, format=raw.format, sha256=raw.sha256, encoding=raw.encoding, pages=raw.pages,
                    ocr=OcrInfo.model_validate(raw.ocr) if raw.ocr else None)
    regions = []
    for region in non_letters(norm.text, [lf.segment for lf in letters]):
        span = mapper.span(region.start, region.end)
        regions.append(NonLetter(kind=region.kind, reason=region.reason, span=span, text=mapper.text(span)))
    return Document(source=source, letters=out_letters, non_letters=regions, warnings=warnings)


@dataclass
class Processed:
    """A document with what the pipeline made on the way to it: the normalized text and each letter's facts
    in normalized coordinates (``letters[i]`` is ``document.letters[i]``), for callers that compare texts."""

    raw: RawText
    norm: Normalized
    letters: list[LetterFacts]
    document: Document
    mapper: _Mapper

    def source_span(self, start: int, end: int) -> Span:
        """The source span (with its page) of normalized characters [start, end)."""
        return self.mapper.span(start, end)


def process(path, *, sentences: bool = False, with_text: bool = False) -> Document:
    return process_raw(read(path), sentences=sentences, with_text=with_text)


def process_raw(raw: RawText, *, sentences: bool = False, with_text: bool = False) -> Document:
    """process() for text already read, for callers that also need the source text."""
    return process_all(raw, sentences=sentences, with_text=with_text).document


def process_all(raw: RawText, *, sentences: bool = False, with_text: bool = False) -> Processed:
    """process_raw(), keeping the normalized text and facts the document was built from."""
    norm = normalize(raw.text)
    letters = extract_normalized(norm.text)
    mapper = _Mapper(raw, norm)
    doc = build_document(raw, norm, letters, sentences=sentences, with_text=with_text, mapper=mapper)
    return Processed(raw, norm, letters, doc, mapper)


# ---- explain: every figure of a letter and its fate (slax explain; extractor/app/explain.py renders it) ----------

FATES: tuple[str, ...] = get_args(Fate)  # a figure's fate, first that holds: fact, vetoed, aside, unclaimed


@dataclass(frozen=True)
class ExplainedFigure:
    """One figure and its fate; spans in normalized-document coordinates, like LetterFacts."""

    figure: Figure
    fate: str
    family: str | None = None
    rule: str | None = None  # the fact's rule id (a party's role), the veto's id, or the aside's
    index: int | None = None  # the fact's place in its family's list of the letter (from 0)
    words: str | None = None  # what triggered the veto or the aside
    reason: Reason | None = None  # an aside: why the figure is no service level


@dataclass
class LetterExplanation:
    letter: LetterFacts
    figures: list[ExplainedFigure]
    vetoes: list[VetoHit]  # every veto fired while extracting the letter, shifted to document coordinates


def explain_normalized(text: str) -> list[LetterExplanation]:
    """The facts of extract_normalized() plus, per letter, every figure with one fate: ``fact`` when a fact of
    any family covers it (the tightest one), else ``vetoed`` when a veto stopped it, else ``aside`` when an
    ``[[aside]]`` block of patterns/figures.toml says why it is no service level, else ``unclaimed``."""
    out = []
    for lf in extract_normalized(text, trace=True):
        fates = []
        for start, end in chunks(text, lf.segment.start, lf.segment.end):
            try:
                found = [f.shifted(start) for f in figures(text[start:end])]
            except TimeoutError:
                lf.warnings.append(f"letter {lf.segment.index}: figures skipped for characters {start}-{end}")
                continue
            # A piece that commits to nothing (news, a guide, a tender's requirements) stops every figure in it.
            because = commits_nothing_because(text[start:end], lexicon()) if found else None
            fates += [_aside(fate, text[start:end], start) if fate.fate == "unclaimed" else fate
                      for fate in (_fate(f, lf.facts, lf.vetoes, because) for f in found)]
        out.append(LetterExplanation(lf, fates, lf.vetoes))
    return out


def _fate(figure: Figure, facts: dict[str, list], hits: list[VetoHit],
          because: tuple[str, str] | None = None) -> ExplainedFigure:
    start, end = figure.span
    covering = [(f.span.end - f.span.start, order, i, family, f)
                for order, (family, found) in enumerate(facts.items()) for i, f in enumerate(found)
                if f.span.start < end and start < f.span.end]
    if covering:
        *_, i, family, fact = min(covering, key=lambda c: c[:3])
        evidence = getattr(fact, "evidence", None)
        learned = next((c for c in (evidence.cues if evidence else ()) if c.startswith("learned.")), None)
        return ExplainedFigure(figure, "fact", family, getattr(fact, "rule", None) or getattr(fact, "role", None), i,
                               words=learned)  # a fact a family's second stage judged says so
    hit = next((h for h in hits if h.start < end and start < h.end), None)
    if hit is not None:
        return ExplainedFigure(figure, "vetoed", hit.family, hit.veto, words=hit.words)
    if because is not None:  # the document-level filters of extractor/commitment/filters.py
        return ExplainedFigure(figure, "vetoed", "commitment", because[0], words=because[1])
    return ExplainedFigure(figure, "unclaimed")


def _aside(unclaimed: ExplainedFigure, piece: str, offset: int) -> ExplainedFigure:
    """An unclaimed figure (of ``piece``, which starts at ``offset``) set aside by the words around it, if any
    [[aside]] block names them: only after the families ran, so a fact never changes."""
    start, end = unclaimed.figure.span
    hit = set_aside(piece, start - offset, end - offset, unclaimed.figure.kind)
    if hit is None:
        return unclaimed
    return ExplainedFigure(unclaimed.figure, "aside", rule=hit.aside, words=hit.words, reason=hit.reason)


def segment_document(path) -> tuple[RawText, Normalized, list[LetterSegment]]:
    raw = read(path)
    norm = normalize(raw.text)
    return raw, norm, split(norm.text, holds_facts).letters
