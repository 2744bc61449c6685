"""The json and jsonl writers; jsonl can --resume (one record per path, re-read on demand)."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Optional, Union

from extractor.app.outputs_file import Result, TextWriter
from extractor.models import Document, Encoded, ErrorRecord


def _error_obj(rec: ErrorRecord) -> dict:
    return {"error": rec.model_dump()}


def json_block(doc: Document) -> str:
    return doc.model_dump_json(indent=2)


def json_line(doc: Document) -> str:
    return doc.model_dump_json() + "\n"


def _text(result: Union[Document, Encoded], encode: Callable[[Document], str]) -> str:
    return result.text if isinstance(result, Encoded) else encode(result)


class JsonWriter(TextWriter):
    """One document as a JSON object; several as a JSON array (errors as {"error": ...})."""

    encode = staticmethod(json_block)

    def __init__(self, out: Optional[Path], single: bool):
        super().__init__(out)
        self.single, self.count = single, 0

    def write(self, result: Result) -> None:
        if self.single:
            if not isinstance(result, ErrorRecord):
                self.fh.write(_text(result, json_block) + "\n")
            return
        self.fh.write("[\n" if self.count == 0 else ",\n")
        self.count += 1
        if isinstance(result, ErrorRecord):
            self.fh.write(json.dumps(_error_obj(result), ensure_ascii=False, indent=2))
        else:
            self.fh.write(_text(result, json_block))

    def _finish(self) -> None:
        if not self.single:
            self.fh.write("[]\n" if self.count == 0 else "\n]\n")


class JsonlWriter(TextWriter):
    """One line per file: the Document, or {"error": {"path", "error"}}.

    With --resume OUT holds one record per path: a file whose content is unchanged is copied over, an edited file's
    record is replaced by its new result, and the record of a file that no longer exists is dropped (kept with
    --keep-missing). Records of files that exist but are not in this run stay."""

    resumable = True
    encode = staticmethod(json_line)

    def __init__(self, out: Optional[Path], resume: bool = False, keep_missing: bool = False):
        # path -> (sha256 or None, offset, length) of its last line; lines are re-read on demand, never all held.
        self.old: dict[str, tuple[Optional[str], int, int]] = {}
        self.by_sha: dict[str, str] = {}
        self.handled: set[str] = set()
        self.keep_missing = keep_missing
        self.source = out if resume and out is not None and out.exists() else None
        if self.source is not None:
            self.old = _index_jsonl(self.source)
            self.by_sha = {sha: path for path, (sha, _, _) in self.old.items() if sha}
        super().__init__(out)

    def done(self, path: str, sha256: str) -> bool:
        return sha256 in self.by_sha

    def skip(self, path: str, sha256: str) -> None:
        # Through the model, not json.dumps: floats then print as in a fresh run (8.3e-05 vs 0.000083),
        # so a resumed run writes the same bytes as an uninterrupted one.
        doc = Document.model_validate_json(self._old_line(self.by_sha[sha256]))
        doc.source.path = path  # the same content may have moved
        self._handle(path, replaced=False)
        self.fh.write(json_line(doc))

    def write(self, result: Result) -> None:
        self._handle(_result_path(result), replaced=True)
        if isinstance(result, ErrorRecord):
            self.fh.write(json.dumps(_error_obj(result), ensure_ascii=False) + "\n")
        else:
            self.fh.write(_text(result, json_line))

    def _handle(self, path: str, replaced: bool) -> None:
        if replaced and path in self.old and path not in self.handled:
            self.replaced += 1
        self.handled.add(path)

    def _finish(self) -> None:
        for path in self.old:
            if path in self.handled:
                continue
            if self.keep_missing or os.path.lexists(path):
                self.fh.write(self._old_line(path))
            else:
                self.dropped += 1

    def _old_line(self, path: str) -> str:
        _, offset, length = self.old[path]
        with open(self.source, "rb") as fh:
            fh.seek(offset)
            line = fh.read(length).decode("utf-8")
        return line if line.endswith("\n") else line + "\n"


def _result_path(result: Result) -> str:
    return result.path if isinstance(result, (ErrorRecord, Encoded)) else result.source.path


def _index_jsonl(path: Path) -> dict[str, tuple[Optional[str], int, int]]:
    """path -> (sha256, offset, length) of the last record for that path; a later line replaces an earlier one."""
    index: dict[str, tuple[Optional[str], int, int]] = {}
    offset = 0
    with open(path, "rb") as fh:
        for line in fh:
            key = _record_key(line)
            if key is not None:
                index.pop(key[0], None)  # keep file order: the path's place is its last record
                index[key[0]] = (key[1], offset, len(line))
            offset += len(line)
    return index


def _record_key(line: bytes) -> Optional[tuple[str, Optional[str]]]:
    """(path, sha256) of a JSONL record; an error record has no sha256 (it is retried); a damaged line is None."""
    try:
        record = json.loads(line)
        if "error" in record and "source" not in record:
            return record["error"]["path"], None
        return record["source"]["path"], record["source"]["sha256"]
    except (ValueError, KeyError, TypeError):
        return None
