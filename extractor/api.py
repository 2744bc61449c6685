"""The Python API; the CLI is a thin layer over these functions."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Union

from .models import Document, ErrorRecord
from .read import ReadError

PathLike = Union[str, Path]


def extract(path: PathLike, *, sentences: bool = False) -> Document:
    """Extract one file. Raises ReadError with a one-line reason for unreadable input."""
    from .pipeline import process

    return process(path, sentences=sentences)


def safe_extract(path: PathLike, *, sentences: bool = False) -> Union[Document, ErrorRecord]:
    """Like extract(), but any failure becomes an ErrorRecord so a batch never stops."""
    try:
        return extract(path, sentences=sentences)
    except ReadError as exc:
        return ErrorRecord(path=str(path), error=exc.reason)
    except Exception as exc:  # a bug must cost one file, not the run
        return ErrorRecord(path=str(path), error=f"internal error: {type(exc).__name__}: {exc}")


def iter_paths(paths: Iterable[PathLike], glob: str | None = None) -> Iterator[Union[Path, ErrorRecord]]:
    from .read import iter_files

    for p in paths:
        try:
            yield from (Path(f) for f in iter_files([p], glob=glob))
        except ReadError as exc:
            yield ErrorRecord(path=exc.path, error=exc.reason)


def iter_results(paths: Iterable[PathLike], glob: str | None = None, *, sentences: bool = False
                 ) -> Iterator[Union[Document, ErrorRecord]]:
    for item in iter_paths(paths, glob):
        yield item if isinstance(item, ErrorRecord) else safe_extract(item, sentences=sentences)


def json_schema() -> dict:
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/slax/slax/schema/document.json"
    return schema
