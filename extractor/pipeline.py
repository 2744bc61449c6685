"""read → normalize → segment → extract, then map every span back to the source text."""
from __future__ import annotations

import bisect
import functools
import importlib
from dataclasses import dataclass, field
from typing import Iterable

from extractor.models import Clause, Document, Letter, NonLetter, Sentence, Source, Span
from extractor.document.normalize import Normalized, normalize
from extractor.document.read import RawText, read
from extractor.document.regions import non_letters
from extractor.document.seals import letter_seals
from extractor.document.segment import LetterSegment, split

# family -> (module, function); each function takes one letter's normalized text.
FAMILIES = {
    "parties": ("extractor.families.parties.extract", "extract_parties"),
    "availability": ("extractor.families.availability.extract", "extract_availability"),
    "timings": ("extractor.families.timings.extract", "extract_timings"),
    "penalties": ("extractor.families.penalties.extract", "extract_penalties"),
    "blanks": ("extractor.families.blanks.extract", "extract_blanks"),
}


@functools.cache
def extractor_for(family: str):
    module, name = FAMILIES[family]
    return getattr(importlib.import_module(module), name)


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


def extract_normalized(text: str, families: Iterable[str] = FAMILIES) -> list[LetterFacts]:
    """Facts of ``families`` (all by default) for every letter of a normalized text."""
    families = tuple(families)
    out = []
    for seg in split(text, holds_facts).letters:
        facts: dict[str, list] = {family: [] for family in families}
        warnings: list[str] = []
        for start, end in chunks(text, seg.start, seg.end):
            piece = text[start:end]
            for family in families:
                try:
                    found = extractor_for(family)(piece)
                except TimeoutError:  # one pathological stretch costs its facts of one family, not the file
                    warnings.append(f"letter {seg.index}: {family} skipped for characters {start}-{end} "
                                    "(a pattern ran too long)")
                    continue
                facts[family] += [_shift(f, start) for f in found]
        if seg.end - seg.start > CHUNK and "parties" in facts:  # one party per role: the first piece naming it
            roles: set[str] = set()
            facts["parties"] = [p for p in facts["parties"] if not (p.role in roles or roles.add(p.role))]
        out.append(LetterFacts(seg, facts, warnings))
    return out


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
        self._newlines = [i for i, ch in enumerate(raw.text) if ch == "\n"]

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
                   with_text: bool = False) -> Document:
    mapper = _Mapper(raw, norm)
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
        families = {}
        for family, facts in lf.facts.items():
            mapped = []
            for f in facts:
                span = mapper.span(f.span.start, f.span.end)
                update = {"span": span, "text": mapper.text(span)}
                if family != "parties":
                    update["clause"] = _clause_at(seg.clauses, f.span.start)
                if family == "blanks":
                    update["line"] = mapper.line(span.start)
                mapped.append(f.model_copy(update=update))
            families[family] = mapped
        span = mapper.span(seg.start, seg.end)
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
                    ocr=raw.ocr)
    regions = []
    for region in non_letters(norm.text, [lf.segment for lf in letters]):
        span = mapper.span(region.start, region.end)
        regions.append(NonLetter(kind=region.kind, reason=region.reason, span=span, text=mapper.text(span)))
    return Document(source=source, letters=out_letters, non_letters=regions, warnings=warnings)


def process(path, *, sentences: bool = False, with_text: bool = False) -> Document:
    return process_raw(read(path), sentences=sentences, with_text=with_text)


def process_raw(raw: RawText, *, sentences: bool = False, with_text: bool = False) -> Document:
    """process() for text already read, for callers that also need the source text."""
    norm = normalize(raw.text)
    return build_document(raw, norm, extract_normalized(norm.text), sentences=sentences, with_text=with_text)


def segment_document(path) -> tuple[RawText, Normalized, list[LetterSegment]]:
    raw = read(path)
    norm = normalize(raw.text)
    return raw, norm, split(norm.text, holds_facts).letters
