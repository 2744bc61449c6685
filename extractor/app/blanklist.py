"""`slax blanks`: every unfilled blank (空白栏) of a file, without running the other extractors.

Only the reader, normalizer, segmenter and blank extractor load, so checking one
file before sending it stays fast.
"""
from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Optional, Union

from pydantic import BaseModel, Field

from extractor.models import Document


class BlankRecord(BaseModel):
    file: str
    letter: int
    title: str = ""
    clause: Optional[str] = None
    label: str = Field(description="what belongs in the blank, e.g. 承诺人签名, 响应时限")
    kind: str
    text: str = Field(description="the blank as written, e.g. __________")
    page: Optional[int] = None
    line: Optional[int] = None
    column: Optional[int] = Field(None, description="1-based character column of the blank in its source line")
    context: str = ""

    def as_line(self) -> str:
        """One finding per line, like ruff or ripgrep: ``path:line:col: [label] context``."""
        where = ":".join(str(x) for x in (self.line, self.column) if x is not None)
        place = f"{self.file}:{where}" if where else self.file
        return f"{place}: [{self.label}] {self.context}"


def blanks_document(path: Union[str, Path]) -> Document:
    """A Document whose letters carry only blanks (other families left empty)."""
    return _blanks_and_text(path)[0]


def blank_records(path: Union[str, Path], ignore: Iterable[str] = ()) -> list[BlankRecord]:
    """The blanks of one file as records, each with its column in the source line."""
    doc, source = _blanks_and_text(path)
    return records(doc, ignore, source)


def _blanks_and_text(path) -> tuple[Document, str]:
    from extractor.document.normalize import normalize
    from extractor.document.read import read
    from extractor.pipeline import build_document, extract_normalized

    raw = read(path)
    norm = normalize(raw.text)
    letters = extract_normalized(norm.text, families=("blanks",))
    return build_document(raw, norm, letters), raw.text


def ignored(label: str, patterns: Iterable[str], kind: str = "") -> bool:
    """--ignore takes a label or a shell pattern (签订日期, *日期), or a blank's kind (seal: an unstamped 盖章 slot)."""
    return any(label == p or fnmatchcase(label, p) or kind == p for p in patterns)


def records(doc: Document, ignore: Iterable[str] = (), source: Optional[str] = None) -> list[BlankRecord]:
    """The blanks of ``doc`` not ignored; with the ``source`` text (which spans point into), their columns too."""
    ignore = tuple(ignore)
    out = []
    for letter in doc.letters:
        for b in letter.blanks:
            if ignored(b.label, ignore, b.kind):
                continue
            column = None if source is None else b.span.start - source.rfind("\n", 0, b.span.start)
            out.append(BlankRecord(file=doc.source.path, letter=letter.index, title=letter.title, clause=b.clause,
                                   label=b.label, kind=b.kind, text=b.text, page=b.span.page, line=b.line,
                                   column=column, context=" ".join(b.context.split())))
    return out
