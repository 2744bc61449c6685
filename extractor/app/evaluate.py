"""Score extraction against hand-checked gold (format: docs/conventions.md)."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from extractor.document.normalize import normalize, normalize_text
from extractor.document.read import read
from extractor.families import NAMES
from extractor.families import family as family_spec
from extractor.pipeline import LetterFacts, extract_normalized


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _field(fact, dotted: str):
    value = fact.model_dump()
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _equal(expected, actual) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        # Gold copies names as the source writes them (華為云); facts are read from the normalized text (华为云).
        return normalize_text(expected) == actual or expected == actual
    if isinstance(expected, float) or isinstance(actual, float):
        if expected is None or actual is None or isinstance(expected, bool) or isinstance(actual, bool):
            return expected == actual
        return math.isclose(float(expected), float(actual), rel_tol=1e-9, abs_tol=1e-12)
    return expected == actual


def _anchor_span(text: str, start: int, end: int, anchor: str, occurrence: int) -> tuple[int, int] | None:
    pos = start - 1
    for _ in range(occurrence + 1):
        pos = text.find(anchor, pos + 1, end)
        if pos < 0:
            return _spaced_anchor_span(text, start, end, anchor, occurrence)
    return pos, pos + len(anchor)


# Markdown emphasis (**99.99%**, __承诺__) that the reader of a Markdown file renders away: a pair of two
# marks, not a longer run (a star mask ****** stays).
_EMPHASIS = re.compile(r"(?<![*_])(?:\*\*|__)(?![*_])")


def _spaced_anchor_span(text: str, start: int, end: int, anchor: str, occurrence: int) -> tuple[int, int] | None:
    """An anchor copied from the source may keep layout spaces the normalizer drops ("地 址:" is 地址: in the
    text), or the Markdown emphasis or table bars its reader drops: match its characters with any spacing between
    them."""
    found = _spaced(text, start, end, anchor)
    if len(found) <= occurrence and _EMPHASIS.search(anchor):
        found = _spaced(text, start, end, _EMPHASIS.sub("", anchor))
    if len(found) <= occurrence and "|" in anchor:  # a table row's cell bars, which the Markdown reader renders away
        found = _spaced(text, start, end, anchor.replace("|", " "))
    return found[occurrence].span() if len(found) > occurrence else None


def _spaced(text: str, start: int, end: int, anchor: str) -> list[re.Match]:
    chars = [c for c in anchor if not c.isspace()]
    if not chars:
        return []
    pattern = re.compile(r"\s*".join(re.escape(c) for c in chars))
    return list(pattern.finditer(text, start, end))


class _Corpus:
    """Normalizes and extracts each source file once."""

    def __init__(self):
        self._cache: dict[str, tuple[str, list[LetterFacts]]] = {}

    def get(self, path: Path) -> tuple[str, list[LetterFacts]]:
        key = str(path)
        if key not in self._cache:
            text = normalize(read(path).text).text
            self._cache[key] = (text, extract_normalized(text))
        return self._cache[key]


def _resolve(gold_dir: Path, key: str) -> tuple[Path, int]:
    source = (gold_dir / (gold_dir / "source.txt").read_text(encoding="utf-8").strip()).resolve()
    if "#" in key:
        name, index = key.rsplit("#", 1)
        return source / name, int(index)
    return source, int(key)


def evaluate(gold_dir, families=None) -> dict[str, Score]:
    gold_dir = Path(gold_dir)
    corpus = _Corpus()
    scores: dict[str, Score] = {}
    for family in families or NAMES:
        path = gold_dir / f"{family}.json"
        if not path.exists():
            continue
        score = scores.setdefault(family, Score())
        for key, expected in json.loads(path.read_text(encoding="utf-8")).items():
            _score_letter(score, corpus, gold_dir, family, key, expected)
    return scores


def _score_letter(score: Score, corpus: _Corpus, gold_dir: Path, family: str, key: str, expected: list) -> None:
    file, index = _resolve(gold_dir, key)
    text, letters = corpus.get(file)
    if index > len(letters):
        score.fn += len(expected)
        score.misses.append(f"{family} {key}: letter {index} not found ({len(letters)} letters)")
        return
    letter = letters[index - 1]
    preds = list(letter.facts[family])
    used = [False] * len(preds)
    met: dict[str, list[str]] = {}  # normalized anchor -> the different raw anchors given without an occurrence
    for gold in expected:
        # Anchors are written normalized; normalizing again keeps them in step when the normalizer learns more.
        anchor_text = normalize_text(gold["anchor"])
        anchor = _anchor_span(text, letter.segment.start, letter.segment.end, anchor_text,
                              _occurrence(gold, anchor_text, met))
        if anchor is None:
            score.fn += 1
            score.misses.append(f"{family} {key}: anchor {gold['anchor']!r} not in letter text")
            continue
        asserted = {k: v for k, v in gold.items() if k not in ("anchor", "occurrence", "note")}
        hit = _matching(preds, used, asserted, anchor)
        if hit is None and family_spec(family).one_per_letter:  # the same entity, met at another mention
            hit = _matching(preds, used, asserted, None)
        if hit is None:
            score.fn += 1
            near = [
                {k: _field(p, k) for k in asserted}
                for p in preds if p.span.start < anchor[1] and anchor[0] < p.span.end
            ]
            score.misses.append(f"{family} {key}: missed {gold} (overlapping predictions: {near})")
        else:
            used[hit] = True
            score.tp += 1
    for i, pred in enumerate(preds):
        if not used[i]:
            score.fp += 1
            score.misses.append(f"{family} {key}: extra {text[pred.span.start:pred.span.end]!r} {_summary(pred)}")


def _occurrence(gold: dict, anchor_text: str, met: dict[str, list[str]]) -> int:
    """Which occurrence of its anchor a gold fact means. Without an explicit one: the first, unless anchors that
    differ as written became one text when normalized (<p>乙方:</p> and 乙 方：</span> both read 乙方:): each
    different one then means the next occurrence, in the order the gold lists them. The same anchor twice is two
    facts at one place, and keeps its occurrence."""
    if "occurrence" in gold:
        return gold["occurrence"]
    raws = met.setdefault(anchor_text, [])  # the anchor as normalized
    if gold["anchor"] not in raws:
        raws.append(gold["anchor"])
    return raws.index(gold["anchor"])


def _matching(preds: list, used: list[bool], asserted: dict, anchor: tuple[int, int] | None) -> int | None:
    """The first unused prediction whose fields are the gold's, overlapping ``anchor`` (None: anywhere)."""
    for i, pred in enumerate(preds):
        if used[i] or anchor is not None and not (pred.span.start < anchor[1] and anchor[0] < pred.span.end):
            continue
        if all(_equal(v, _field(pred, k)) for k, v in asserted.items()):
            return i
    return None


def _summary(fact) -> dict:
    data = fact.model_dump(exclude={"span", "text", "clause", "rule", "context", "line"}, exclude_none=True)
    return {k: v for k, v in data.items() if v not in (False, "", [])}
