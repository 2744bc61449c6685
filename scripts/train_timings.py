"""Train the timings family's second stage (extractor/families/timings/learned.py) on the corpus's dev split.

    python3 scripts/train_timings.py cv            # 5-fold cross-validation on dev, by document: the threshold
    python3 scripts/train_timings.py train         # fit on all dev, write patterns/learned/timings.json

Every duration the rules reach (the candidates ``place()`` sees) is an example: positive when a dev gold timing
fact's anchor covers the figure, with the gold's kind. The model is then asked only about the candidates the
rules could not place. Only dev documents are read: the holdout is measured with `scripts/corpus.py`, never
trained or tuned on. Fitting is L-BFGS on an L2-regularised log loss (scipy), so a run gives the same weights
every time.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (scripts/corpus.py: the index, the texts and the gold)
from extractor import pipeline  # noqa: E402
from extractor.app.evaluate import _anchor_span  # noqa: E402
from extractor.document.normalize import normalize, normalize_text  # noqa: E402
from extractor.document.read import read  # noqa: E402
from extractor.families.timings import extract as timings_extract  # noqa: E402
from extractor.families.timings import learned  # noqa: E402

MODEL = corpus.ROOT / "patterns" / learned.MODEL_FILE
SETTINGS = {
    "stops": "。;!?\n",
    "left": 10,
    "right": 10,
    "sentence": 50,
    # Words that make a sentence a promise or a limit; the model weighs them, a rule would have to trust them.
    "sentence_words": ["承诺", "保证", "确保", "应", "须", "必须", "不超过", "不得超过", "以内", "之内", "内",
                       "完成", "负责", "免费", "提供", "及时", "期间", "有效期", "质保", "保修", "每", "前", "后",
                       "起", "自", "满", "如", "若", "超过", "延迟", "约", "一般", "通常", "可", "为"],
}
L2 = 3.0  # chosen by 5-fold cross-validation on dev (0.3, 1 and 3 tried): fewest wrong rescues
MIN_COUNT = 2
PRUNE = 0.01  # weights smaller than this change no decision; dropping them keeps the model file small
RESCUED_KINDS_EXCLUDE = {"support_hours", "frequency"}  # their facts have another shape than a duration's


@dataclass
class Example:
    doc: str
    found: list[str]
    placed: bool
    positive: bool  # a gold deadline of a duration's shape covers the figure, with the figure's minutes
    kind: str | None  # the gold's kind, for a positive
    covered: bool  # a fact the rules made covers the figure: the model is not asked about it


def _gold(doc: dict) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    facts = json.loads((corpus.CORPUS / doc["batch"] / "gold" / "timings.json").read_text(encoding="utf-8"))
    for key, found in facts.items():
        if key.startswith(doc["id"] + ".txt#"):
            out[int(key.rsplit("#", 1)[1])] = found
    return out


def _candidates(text: str) -> tuple[list[tuple[int, int, dict, bool]], list]:
    """Every duration ``place()`` judged while the pipeline extracted ``text``: figure start, end (document
    coordinates), fields, and whether a cue placed it."""
    seen: list[tuple[int, int, dict, bool]] = []
    offset = [0]
    real_place, real_piece = timings_extract.place, pipeline._extract_piece

    def watched_place(piece, m, g, fields, pattern, depth=0):
        placed = real_place(piece, m, g, fields, pattern, depth)
        if depth == 0:
            seen.append((m.start() + offset[0], m.end() + offset[0], dict(fields), placed.kind is not None))
        return placed

    def watched_piece(piece, start, *args):
        offset[0] = start
        return real_piece(piece, start, *args)

    real_rescued = timings_extract.rescued  # the rules alone: what the model is trained to add to
    timings_extract.place, pipeline._extract_piece = watched_place, watched_piece
    timings_extract.rescued = lambda *_: None
    try:
        letters = pipeline.extract_normalized(text, ("timings",))
    finally:
        timings_extract.place, pipeline._extract_piece = real_place, real_piece
        timings_extract.rescued = real_rescued
    return seen, letters


def examples(split: str = "dev") -> list[Example]:
    docs, _ = corpus._chosen(split)
    out = []
    for doc in docs:
        text = normalize(read(corpus.cache_dir() / f"{doc['id']}.txt").text).text
        seen, letters = _candidates(text)
        gold = _gold(doc)
        anchored = []
        for letter in letters:
            seg = letter.segment
            for g in gold.get(seg.index, []):
                span = _anchor_span(text, seg.start, seg.end, normalize_text(g["anchor"]), g.get("occurrence", 0))
                if span is not None:
                    anchored.append((span, g))
        facts = [f.span for letter in letters for f in letter.facts["timings"]]
        for start, end, fields, placed in seen:
            hit = next((g for (a, b), g in anchored if a < end and start < b), None)
            positive = hit is not None and hit.get("kind") not in RESCUED_KINDS_EXCLUDE and _agrees(hit, fields)
            found = learned.features(text, start, end, fields, SETTINGS)
            covered = any(s.start < end and start < s.end for s in facts)
            out.append(Example(doc["id"], found, placed, positive, hit.get("kind") if positive else None, covered))
    return out


def _agrees(gold: dict, fields: dict) -> bool:
    """The candidate's minutes are the gold's (a gold that states none, such as a blank, agrees with none)."""
    if gold.get("minutes") is None:
        return fields.get("minutes") is None
    return fields.get("minutes") is not None and abs(gold["minutes"] - fields["minutes"]) < 1e-6


def _matrix(rows: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    data, indices, indptr = [], [], [0]
    for found in rows:
        cols = sorted({vocab[f] for f in found if f in vocab})
        indices += cols
        data += [1.0] * len(cols)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _fit_binary(x: sparse.csr_matrix, y: np.ndarray) -> np.ndarray:
    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        eps = 1e-12
        value = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + L2 / 2 * w @ w
        return value, x.T @ (p - y) + L2 * w
    return optimize.minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def _fit_softmax(x: sparse.csr_matrix, labels: list[str], kinds: list[str]) -> np.ndarray:
    y = np.zeros((x.shape[0], len(kinds)))
    for i, label in enumerate(labels):
        y[i, kinds.index(label)] = 1

    def loss(flat):
        w = flat.reshape(x.shape[1], len(kinds))
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        value = -np.sum(y * np.log(p + 1e-12)) + L2 / 2 * np.sum(w * w)
        return value, (x.T @ (p - y) + L2 * w).ravel()
    return optimize.minimize(loss, np.zeros(x.shape[1] * len(kinds)), jac=True, method="L-BFGS-B").x.reshape(
        x.shape[1], len(kinds))


def fit(train: list[Example], threshold: float) -> learned.Model:
    counts = Counter(f for e in train for f in set(e.found))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    # A cue-placed candidate is nearly always a fact: its own feature keeps that base rate apart from the words,
    # and it is never set when the model is asked (only about unplaced candidates).
    vocab["placed"] = len(vocab)
    x = _matrix([e.found + ["placed"] * e.placed for e in train], vocab)
    w = _fit_binary(x, np.array([1.0 if e.positive else 0.0 for e in train]))
    typed = [i for i, e in enumerate(train) if e.positive and e.kind not in RESCUED_KINDS_EXCLUDE]
    kinds = sorted({train[i].kind for i in typed})
    wk = _fit_softmax(x[typed], [train[i].kind for i in typed], kinds)
    names = sorted(vocab, key=vocab.get)
    keep = {f: round(float(w[vocab[f]]), 3) for f in names if abs(w[vocab[f]]) >= PRUNE}
    by_kind = {k: {f: round(float(wk[vocab[f], j]), 3) for f in names if abs(wk[vocab[f], j]) >= PRUNE}
               for j, k in enumerate(kinds)}
    return learned.Model(dict(SETTINGS), keep, by_kind, threshold)


def cross_validate(data: list[Example], folds: int = 5) -> None:
    docs = sorted({e.doc for e in data})
    thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    gain = {t: Counter() for t in thresholds}
    for k in range(folds):
        held = set(docs[k::folds])
        model = fit([e for e in data if e.doc not in held], 0.5)
        for e in data:
            if e.doc not in held or e.placed or e.covered:
                continue
            probability = 1 / (1 + np.exp(-learned._score(model.keep, e.found)))
            kind = max(model.kinds, key=lambda c: (learned._score(model.kinds[c], e.found), c))
            for t in thresholds:
                if probability >= t:
                    right = e.positive and e.kind == kind
                    gain[t]["tp" if right else "fp"] += 1
                    gain[t]["right_figure_wrong_kind"] += e.positive and not right
    unplaced = [e for e in data if not e.placed and not e.covered]
    print(f"{len(data)} candidates, {sum(e.positive for e in data)} positive; {len(unplaced)} unplaced, "
          f"{sum(e.positive for e in unplaced)} of them positive")
    for t in thresholds:
        print(f"threshold {t}: rescued right {gain[t]['tp']}, wrong {gain[t]['fp']} "
              f"(of which the right figure with another kind or value {gain[t]['right_figure_wrong_kind']})")


def write(model: learned.Model, data: list[Example]) -> None:
    MODEL.parent.mkdir(exist_ok=True)
    card = {"trained_on": "corpus dev split", "candidates": len(data),
            "positive": sum(e.positive for e in data), "documents": len({e.doc for e in data})}
    MODEL.write_text(json.dumps({"about": card, "settings": model.settings, "threshold": model.threshold,
                                 "keep": model.keep, "kinds": model.kinds}, ensure_ascii=False, indent=0,
                                sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(corpus.ROOT)}: {len(model.keep)} features, {len(model.kinds)} kinds")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("cv", "train"))
    parser.add_argument("--threshold", type=float, default=0.7)
    args = parser.parse_args(argv)
    data = examples("dev")
    if not data:
        print("no corpus texts: nothing to train on")
        return 0
    if args.command == "cv":
        cross_validate(data)
    else:
        write(fit(data, args.threshold), data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
