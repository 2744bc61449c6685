"""The Python API; the CLI is a thin layer over these functions.

    >>> from extractor import api
    >>> doc = api.extract("letter.pdf")            # models.Document
    >>> doc = api.extract_text(text)               # the same from a str (e-mail, database, OCR)
    >>> result = api.diff("v1.docx", "v2.docx")     # diff.DiffResult: .changes is a list of diff.Change
    >>> missing = api.blanks("template.txt")        # list of blanklist.BlankRecord

Unreadable input raises read.ReadError (``.path``, ``.reason``); safe_extract and
iter_results turn it into an ErrorRecord so a batch never stops.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, TypeVar, Union

from extractor.app import stop
from extractor.document.read import ReadError
from extractor.models import Document, Encoded, ErrorRecord

if TYPE_CHECKING:
    from extractor.app.batch import RunOptions
    from extractor.app.blanklist import BlankRecord
    from extractor.app.diff import DiffResult

PathLike = Union[str, Path]
T = TypeVar("T")

__all__ = ["extract", "extract_text", "extract_bytes", "safe_extract", "iter_paths", "iter_results", "results_in_order",
           "Skipped", "diff", "blanks", "json_schema", "diff_json_schema", "ReadError"]


def extract(path: PathLike, *, sentences: bool = False) -> Document:
    """Extract one file. Raises ReadError with a one-line reason for unreadable input."""
    from extractor.pipeline import process

    return process(path, sentences=sentences)


def extract_bytes(data: bytes, *, name: str = "-", sentences: bool = False) -> Document:
    """Extract a file given as its bytes (stdin, a database blob, an e-mail attachment). ``name`` is used in
    messages and as ``source.path``; its suffix picks the reader, else the content does (PDF, .docx, text in
    any Chinese encoding)."""
    from extractor.document.read import read_from

    with read_from(name, bytes(data)):
        return extract(name, sentences=sentences)


def extract_text(text: str, *, name: str = "<text>", sentences: bool = False) -> Document:
    """Extract letters given as text (from e-mail, a database, OCR) without a temp file.

        >>> doc = api.extract_text("承诺书\n可用性不低于99.9%。")
        >>> doc.letters[0].availability[0].value
        0.999
    """
    return extract_bytes(text.encode("utf-8"), name=name, sentences=sentences)


def safe_extract(path: PathLike, *, sentences: bool = False) -> Union[Document, ErrorRecord]:
    """Like extract(), but any failure becomes an ErrorRecord so a batch never stops."""
    return safe_call(path, lambda p: extract(p, sentences=sentences))


def safe_call(path: PathLike, work: Callable[[PathLike], T]) -> Union[T, ErrorRecord]:
    """``work(path)``, or the ErrorRecord of ``path`` when it fails."""
    try:
        return work(path)
    except ReadError as exc:
        return ErrorRecord(path=str(path), error=exc.reason)
    except MemoryError:  # over the worker's memory cap (batch.run's max_memory): this file, not the run
        return ErrorRecord(path=str(path), error="out of memory reading this file (over the memory cap; "
                                                 "raise it with --max-memory)")
    except Exception as exc:  # a bug must cost one file, not the run
        stop.reraise(exc)  # a library made its own error of Ctrl-C/SIGTERM: the run stops, the file is not failed
        return ErrorRecord(path=str(path), error=f"internal error: {type(exc).__name__}: {exc}")


def iter_paths(paths: Iterable[PathLike], glob: str | None = None, *, follow_symlinks: bool = False
               ) -> Iterator[Union[Path, ErrorRecord]]:
    """Files to process, folders searched recursively; a missing path or empty folder is an ErrorRecord.
    Symlinks leading out of a folder are skipped unless ``follow_symlinks``."""
    from extractor.document.read import iter_files

    for p in paths:
        try:
            yield from (Path(f) for f in iter_files([p], glob=glob, follow_symlinks=follow_symlinks))
        except ReadError as exc:
            yield ErrorRecord(path=exc.path, error=exc.reason)


def iter_results(paths: Iterable[PathLike], glob: str | None = None, *, sentences: bool = False, jobs: int = 1
                 ) -> Iterator[Union[Document, ErrorRecord]]:
    """One result per file in input order; with jobs > 1 files are read in worker processes."""
    from extractor.app.batch import RunOptions

    for _, result in results_in_order(list(iter_paths(paths, glob)), RunOptions(jobs=jobs), sentences=sentences):
        yield result


@dataclass(frozen=True)
class Skipped:
    """A file not read again: ``done`` said its result (this sha256 of its content) is already at hand."""

    path: str
    sha256: str


def results_in_order(items: list[Union[Path, ErrorRecord]], options: Optional[RunOptions] = None, *,
                     sentences: bool = False, work: Optional[Callable] = None,
                     done: Optional[Callable[[Path], Optional[str]]] = None
                     ) -> Iterator[tuple[Union[Path, ErrorRecord], Union[Document, ErrorRecord, Encoded, Skipped]]]:
    """(item, result) for each of ``items`` (what iter_paths() yields) in their order, the files run as
    ``options`` says. An ErrorRecord item is its own result; a file for which ``done`` gives a sha256 is
    Skipped, not read; ``work`` (see batch.run) turns each document into what the caller writes."""
    from extractor.app.batch import RunOptions

    shas = [None if isinstance(item, ErrorRecord) or done is None else done(item) for item in items]
    todo = [item for item, sha in zip(items, shas) if not isinstance(item, ErrorRecord) and not sha]
    results = (options or RunOptions()).run(todo, sentences=sentences, work=work)
    for item, sha in zip(items, shas):
        if isinstance(item, ErrorRecord):
            yield item, item
        else:
            yield item, Skipped(str(item), sha) if sha else next(results)


def diff(a: PathLike, b: PathLike, *, letter: Union[int, tuple[int, int], None] = None,
         text: bool = False, word_diffs: bool = True) -> DiffResult:
    """Compare two files fact by fact (see extractor.app.diff) and clause by clause (extractor.app.redline).
    `letter` picks letter N of both files, or (N, M) letter N of A against letter M of B; without it letters
    are paired by index. `text=True` adds a redline of the changes outside the extracted facts.
    `word_diffs=False` leaves out the word diff of changed clauses (for a summary: it saves loading jieba)."""
    from extractor.app.diff import DiffResult, diff_letters, pair_letters
    from extractor.app.redline import clause_events, redline_letters

    views_a, views_b = _letter_views(a), _letter_views(b)
    if isinstance(letter, int):
        letter = (letter, letter)
    pairing, pairs, notes = pair_letters(len(views_a), len(views_b), letter)
    result = DiffResult(a=str(a), b=str(b), pairing=pairing, pairs=pairs, notes=notes,
                        text=[] if text else None)
    for ia, ib in pairs:
        va, vb = views_a[ia - 1], views_b[ib - 1]
        result.changes.extend(diff_letters(va, vb))
        events = clause_events(va, vb, word_diffs=word_diffs or text)
        result.clauses.extend(events)
        if text:
            result.text.extend(redline_letters(events))
    return result


def _letter_views(path: PathLike) -> list:
    from extractor.app.diff import LetterView
    from extractor.document.read import read
    from extractor.pipeline import process_all

    done = process_all(read(path))
    views = []
    for letter, lf in zip(done.document.letters, done.letters):
        off = lf.segment.start
        spans = {fam: [(f.span.start - off, f.span.end - off) for f in found] for fam, found in lf.facts.items()}
        clauses = [(c.id, c.start - off, c.end - off) for c in lf.segment.clauses]
        views.append(LetterView(letter, done.norm.text[off:lf.segment.end], spans, clauses,
                                lambda s, e, off=off: done.source_span(s + off, e + off)))
    return views


def blanks(path: PathLike, *, ignore: Iterable[str] = ()) -> list[BlankRecord]:
    """Every unfilled blank of a file, or of every file under a folder (ReadError on the first bad file).
    `ignore` drops labels (exact or shell pattern, e.g. "签订日期", "*日期")."""
    from extractor.app.blanklist import blanks_document, records

    out = []
    for item in iter_paths([path]):
        if isinstance(item, ErrorRecord):
            raise ReadError(item.path, item.error)
        out.extend(records(blanks_document(item), ignore))
    return out


def json_schema() -> dict:
    return _published(Document.model_json_schema(), "document")


def diff_json_schema() -> dict:
    """JSON Schema of `slax diff --format json` output (schema/diff.schema.json)."""
    from extractor.app.diff import DiffResult

    return _published(DiffResult.model_json_schema(), "diff")


def _published(schema: dict, name: str) -> dict:
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://github.com/slax/slax/schema/{name}.json"
    return schema
