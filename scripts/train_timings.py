"""Train the timings family's second stage (extractor/families/timings/learned.py) on the corpus's dev split.

    python3 scripts/train_timings.py cv            # 5-fold cross-validation on dev, by document: weight, threshold
    python3 scripts/train_timings.py train         # fit on all dev and our rows, write patterns/learned/timings.json

Every duration the rules reach (the candidates ``place()`` sees) is an example: positive when a dev gold timing
fact's anchor covers the figure, with the gold's kind. The model is then asked only about the candidates the
rules could not place. Our own example rows (scripts/timings_rows.py: the rule file's examples and
counter-examples, the timings tests' tables) are examples too, each counted ``OWN_WEIGHT`` times, so a retrain on
more documents keeps the sentences we wrote. Only dev documents are read: the holdout is measured with
`scripts/corpus.py`, never trained or tuned on. Fitting is L-BFGS on an L2-regularised log loss (scipy), so a run
gives the same weights every time.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

try:  # training only: extraction reads the model file in pure Python
    import numpy as np
    from scipy import optimize, sparse
except ImportError as e:
    sys.exit(f"slax: error: scripts/train_timings.py: training needs numpy and scipy ({e})")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import timings_rows  # noqa: E402  (scripts/timings_rows.py: our own example rows)

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
# How many times an own row's candidate counts against one corpus candidate: chosen by 5-fold cross-validation on
# the dev documents (OWN_WEIGHTS tried; 0 is the corpus alone); the model's settings record it.
OWN_WEIGHT = 10.0
OWN_WEIGHTS = (0.0, 1.0, 3.0, 10.0)
OWN = "(own rows)"  # the document of every own-row example: never in a cross-validation fold
MIN_COUNT = 2
PRUNE = 0.01  # weights smaller than this change no decision; dropping them keeps the model file small
SHIPPED_BATCHES = {"batch_a", "batch_b", "batch_c", "batch_d", "batch_e", "batch_f"}  # the shipped model's data
RESCUED_KINDS_EXCLUDE = {"support_hours", "frequency"}  # their facts have another shape than a duration's


@dataclass
class Example:
    doc: str
    found: list[str]
    placed: bool
    positive: bool  # a gold deadline of a duration's shape covers the figure, with the figure's minutes
    kind: str | None  # the gold's kind, for a positive
    covered: bool  # a fact the rules made covers the figure: the model is not asked about it
    asked: bool = True  # no cue placed it and no veto stopped it: the model is asked about it
    own: bool = False  # from our own rows (timings_rows.py), not from a corpus document


def _gold(doc: dict) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    facts = json.loads((corpus.CORPUS / doc["batch"] / "gold" / "timings.json").read_text(encoding="utf-8"))
    for key, found in facts.items():
        if key.startswith(doc["id"] + ".txt#"):
            out[int(key.rsplit("#", 1)[1])] = found
    return out


def _candidates(text: str) -> tuple[list[tuple[int, int, dict, bool]], set[tuple[int, int]], list]:
    """Every duration ``place()`` judged while the pipeline extracted ``text``: figure start, end (document
    coordinates), fields, and whether a cue placed it; the spans the second stage was asked about (no cue placed
    them, no veto stopped them); and the letters the rules alone made."""
    seen: list[tuple[int, int, dict, bool]] = []
    asked: set[tuple[int, int]] = set()
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

    def watched_rescued(_text, start, end, _fields):  # the rules alone: what the model is trained to add to
        asked.add((start + offset[0], end + offset[0]))
        return None

    real_rescued = timings_extract.rescued
    timings_extract.place, pipeline._extract_piece = watched_place, watched_piece
    timings_extract.rescued = watched_rescued
    try:
        letters = pipeline.extract_normalized(text, ("timings",))
    finally:
        timings_extract.place, pipeline._extract_piece = real_place, real_piece
        timings_extract.rescued = real_rescued
    return seen, asked, letters


def examples(split: str = "dev") -> list[Example]:
    docs, _ = corpus._chosen(split)
    out = []
    for doc in docs:
        text = normalize(read(corpus.cache_dir() / f"{doc['id']}.txt").text).text
        seen, asked, letters = _candidates(text)
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
            out.append(Example(doc["id"], found, placed, positive, hit.get("kind") if positive else None, covered,
                               (start, end) in asked))
    return out


def own_examples() -> list[Example]:
    """Our own rows' figures the rules leave to the model, labelled by what each row expects (timings_rows.py)."""
    return [Example(OWN, learned.features(c.row.text, c.start, c.end, c.fields, SETTINGS), False, c.positive,
                    c.kind, False, True, True) for c in timings_rows.own_candidates()]


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


def _fit_binary(x: sparse.csr_matrix, y: np.ndarray, weight: np.ndarray) -> np.ndarray:
    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        eps = 1e-12
        value = -np.sum(weight * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))) + L2 / 2 * w @ w
        return value, x.T @ (weight * (p - y)) + L2 * w
    return optimize.minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def _fit_softmax(x: sparse.csr_matrix, labels: list[str], kinds: list[str], weight: np.ndarray) -> np.ndarray:
    y = np.zeros((x.shape[0], len(kinds)))
    for i, label in enumerate(labels):
        y[i, kinds.index(label)] = 1

    def loss(flat):
        w = flat.reshape(x.shape[1], len(kinds))
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        value = -np.sum(weight[:, None] * y * np.log(p + 1e-12)) + L2 / 2 * np.sum(w * w)
        return value, (x.T @ (weight[:, None] * (p - y)) + L2 * w).ravel()
    return optimize.minimize(loss, np.zeros(x.shape[1] * len(kinds)), jac=True, method="L-BFGS-B").x.reshape(
        x.shape[1], len(kinds))


def fit(train: list[Example], threshold: float, own_weight: float = OWN_WEIGHT) -> learned.Model:
    """The model fitted on ``train``, each own-row example counted ``own_weight`` times (0: left out)."""
    train = [e for e in train if not e.own or own_weight > 0]
    counts = Counter(f for e in train for f in set(e.found))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    # A cue-placed candidate is nearly always a fact: its own feature keeps that base rate apart from the words,
    # and it is never set when the model is asked (only about unplaced candidates).
    vocab["placed"] = len(vocab)
    x = _matrix([e.found + ["placed"] * e.placed for e in train], vocab)
    weight = np.array([own_weight if e.own else 1.0 for e in train])
    w = _fit_binary(x, np.array([1.0 if e.positive else 0.0 for e in train]), weight)
    # A positive own row that names no kind ("texts that keep the fact") teaches only whether, not which.
    typed = [i for i, e in enumerate(train) if e.positive and e.kind and e.kind not in RESCUED_KINDS_EXCLUDE]
    kinds = sorted({train[i].kind for i in typed})
    wk = _fit_softmax(x[typed], [train[i].kind for i in typed], kinds, weight[typed])
    names = sorted(vocab, key=vocab.get)
    keep = {f: round(float(w[vocab[f]]), 3) for f in names if abs(w[vocab[f]]) >= PRUNE}
    by_kind = {k: {f: round(float(wk[vocab[f], j]), 3) for f in names if abs(wk[vocab[f], j]) >= PRUNE}
               for j, k in enumerate(kinds)}
    return learned.Model({**SETTINGS, "own_weight": own_weight}, keep, by_kind, threshold)


THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def _tally(model: learned.Model, e: Example, gain: dict) -> None:
    """Count what ``model`` does with an asked candidate at each threshold: a right or a wrong rescue."""
    probability = 1 / (1 + np.exp(-learned._score(model.keep, e.found)))
    kind = max(model.kinds, key=lambda c: (learned._score(model.kinds[c], e.found), c))
    for t in THRESHOLDS:
        if probability >= t:
            right = e.positive and e.kind in (kind, None)  # an own row that names no kind: any kind
            gain[t]["right" if right else "wrong"] += 1
            gain[t]["wrong_kind"] += e.positive and not right


def _table(label: str, gains: dict[str, dict]) -> None:
    for t in THRESHOLDS:
        cells = " | ".join(f"{g[t]['right']} / {g[t]['wrong']} ({g[t]['wrong_kind']})" for g in gains.values())
        print(f"| {label} | {t} | {cells} |")


def cross_validate(data: list[Example], own: list[Example], compare: learned.Model, folds: int = 5) -> None:
    """Rescued right / wrong (of the wrong: right figure, other kind) on the dev candidates the model is asked
    about, for a model file (``--compare``: the shipped one) and for a fit with each own-row weight: "CV" folds by document (own rows always
    train); "a-f" is fitted on the shipped model's batches and judged on the later ones, as the shipped model is.
    The own rows' column is what the fit on all dev does with them (in-sample but for weight 0)."""
    docs = sorted({e.doc for e in data})
    batch = {d["id"]: d["batch"] for d in corpus._chosen("dev")[0]}
    asked = [e for e in data if e.asked and not e.covered]
    new = [e for e in asked if batch[e.doc] not in SHIPPED_BATCHES]
    print(f"{len(data)} dev candidates, {sum(e.positive for e in data)} positive; {len(asked)} asked, "
          f"{sum(e.positive for e in asked)} of them positive ({len(new)} and {sum(e.positive for e in new)} in "
          f"batches the shipped model never saw); {len(own)} own-row candidates, {sum(e.positive for e in own)} "
          "positive")
    print("| model | threshold | all dev: right / wrong (other kind) | batches g-j | own rows |")
    _table("compared (--compare)", _gains(compare, asked, new, own))
    old = [e for e in data if batch[e.doc] in SHIPPED_BATCHES]
    for own_weight in OWN_WEIGHTS:
        gains = _gains(fit(old + own, 0.5, own_weight), [], new, [])
        _table(f"fit on a-f, own weight {own_weight:g}", gains)
    for own_weight in OWN_WEIGHTS:
        gains = _gains(fit(data + own, 0.5, own_weight), [], [], own)
        for k in range(folds):
            held = set(docs[k::folds])
            model = fit([e for e in data if e.doc not in held] + own, 0.5, own_weight)
            fold = [e for e in asked if e.doc in held]
            _gains(model, fold, [e for e in fold if batch[e.doc] not in SHIPPED_BATCHES], [], gains)
        _table(f"CV, own weight {own_weight:g}", gains)


def _gains(model: learned.Model, everything: list[Example], new: list[Example], own: list[Example],
           into: dict | None = None) -> dict:
    gains = into or {name: {t: Counter() for t in THRESHOLDS} for name in ("all", "new", "own")}
    for name, rows in (("all", everything), ("new", new), ("own", own)):
        for e in rows:
            _tally(model, e, gains[name])
    return gains


def write(model: learned.Model, data: list[Example], own: list[Example]) -> None:
    MODEL.parent.mkdir(exist_ok=True)
    card = {"trained_on": "corpus dev split and our own rows (scripts/timings_rows.py)", "candidates": len(data),
            "positive": sum(e.positive for e in data), "documents": len({e.doc for e in data}),
            "own_candidates": len(own), "own_positive": sum(e.positive for e in own)}
    MODEL.write_text(json.dumps({"about": card, "settings": model.settings, "threshold": model.threshold,
                                 "keep": model.keep, "kinds": model.kinds}, ensure_ascii=False, indent=0,
                                sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(corpus.ROOT)}: {len(model.keep)} features, {len(model.kinds)} kinds")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("cv", "train"))
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--own-weight", type=float, default=OWN_WEIGHT,
                        help=f"how many times an own row counts (default {OWN_WEIGHT:g}; 0: the corpus alone)")
    parser.add_argument("--compare", type=Path, default=MODEL,
                        help="cv: the model file to compare with (default the shipped one)")
    args = parser.parse_args(argv)
    data = examples("dev")
    if not data:
        print("no corpus texts: nothing to train on")
        return 0
    own = own_examples()
    if args.command == "cv":
        compare = learned.load_model(json.loads(args.compare.read_text(encoding="utf-8")), str(args.compare))
        cross_validate(data, own, compare)
    else:
        write(fit(data + own, args.threshold, args.own_weight), data, own)
    return 0


if __name__ == "__main__":
    sys.exit(main())
