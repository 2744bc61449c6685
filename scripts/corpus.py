"""The real-document corpus: check the texts, score slax on dev / holdout, record every run.

The texts are third-party pages and are never committed. `corpus/<batch>/index.jsonl` holds, per document, its URL,
the query that finds it, its sha256 and its split; `corpus/<batch>/gold/<family>.json` the hand-checked gold (short
anchors only), written before any run by someone who had not read the rules. The texts live in a cache folder
outside the work tree: $SLAX_CORPUS_DIR, default ~/.cache/slax-corpus/<id>.txt.

    python3 scripts/corpus.py status                   # which texts are here, which changed, which are missing
    python3 scripts/corpus.py score --split holdout    # P/R/F1 per family (measure only: never tune on holdout)
    python3 scripts/corpus.py score --split dev --details
    python3 scripts/corpus.py score --split holdout --by-category   # micro and family F1 per document category
    python3 scripts/corpus.py score --split all --record "untuned first run, batches a+b"
    python3 scripts/corpus.py letters                  # no document loses a letter its gold names
    python3 scripts/corpus.py unclaimed --write        # dev figures nothing claimed, with reasons (known_misses)

With no texts (as in CI) every command says so and exits 0. `--record` appends the scores with the commit to
corpus/runs.jsonl, so the trend on unseen text stays visible.
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RUNS = CORPUS / "runs.jsonl"
sys.path.insert(0, str(ROOT))


def cache_dir() -> Path:
    return Path(os.environ.get("SLAX_CORPUS_DIR") or Path.home() / ".cache" / "slax-corpus")


def index() -> list[dict]:
    docs = []
    for path in sorted(CORPUS.glob("*/index.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                docs.append({**json.loads(line), "batch": path.parent.name})
    return docs


def text_state(doc: dict) -> str:
    path = cache_dir() / f"{doc['id']}.txt"
    if not path.exists():
        return "missing"
    return "ok" if hashlib.sha256(path.read_bytes()).hexdigest() == doc["sha256"] else "changed"


def status(_args) -> int:
    docs = index()
    states = {d["id"]: text_state(d) for d in docs}
    for state in ("ok", "changed", "missing"):
        ids = [i for i, s in states.items() if s == state]
        print(f"{state}: {len(ids)}" + (f" ({', '.join(ids[:20])}{' …' if len(ids) > 20 else ''})"
                                        if state != "ok" and ids else ""))
    print(f"texts in {cache_dir()}; re-retrieve the missing ones with scripts/corpus_fetch.py (corpus/RETRIEVE.md)")
    return 0


# The fields each family's gold is scored on: those the annotation guide asked for. Annotators sometimes added
# more (period, tier, event); those are kept in the gold as notes, not scored, so a run measures what the guide
# defined before the first run.
SCORED = {
    "availability": {"value", "comparator", "blank"},
    "timings": {"kind", "minutes", "value", "unit", "blank"},
    "penalties": {"kind", "rate", "amount.value", "credit_days", "blank"},
    "parties": {"role", "name", "blank"},
    "blanks": {"kind"},
}


def _scored(family: str, fact: dict, ignored: frozenset[str] = frozenset()) -> dict:
    """The gold fact with only its anchor and the fields scored (``ignored``: "family.field" left out)."""
    return {k: v for k, v in fact.items()
            if k in ("anchor", "occurrence") or k in SCORED.get(family, ()) and f"{family}.{k}" not in ignored}


def _gold_dir(batch: str, ids: set[str], tmp: Path, ignored: frozenset[str] = frozenset()) -> Path:
    """A gold folder in `slax eval`'s layout holding only the chosen documents, its source the cache folder."""
    out = tmp / batch
    (out).mkdir(parents=True)
    (out / "source.txt").write_text(str(cache_dir().resolve()), encoding="utf-8")
    for path in (CORPUS / batch / "gold").glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        chosen = {k: [_scored(path.stem, f, ignored) for f in v] for k, v in gold.items()
                  if k.split(".txt#")[0] in ids}
        (out / path.name).write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    return out


def _chosen(split: str, batch: str | None = None, category: str | None = None) -> tuple[list[dict], int]:
    """The documents to score. A text indexed twice (`duplicate_of`: the same page found by two batches) is
    scored once, under its first id."""
    batches = set(batch.split(",")) if batch else None  # several, comma-separated: e.g. the newest batches
    docs = [d for d in index() if (split == "all" or d["split"] == split)
            and (batches is None or d["batch"] in batches)
            and category in (None, d["category"]) and not d.get("duplicate_of")]
    usable = [d for d in docs if text_state(d) == "ok"]
    return usable, len(docs) - len(usable)


def score(args) -> int:
    docs, unusable = _chosen(args.split, args.batch, args.category)
    if not docs:
        print(f"no corpus texts in {cache_dir()} ({unusable} missing or changed): nothing to score")
        return 0
    if args.by_category:
        return _by_category(args.split, docs, frozenset(args.ignore))
    totals, micro = _totals(docs, frozenset(args.ignore))
    split = args.split + "".join(f" ({x})" for x in (args.batch, args.category) if x) \
        + (f", ignoring {', '.join(sorted(args.ignore))}" if args.ignore else "")
    _print(split, len(docs), unusable, totals, micro, args.details)
    if args.record:
        _record(args.record, split, len(docs), totals, micro)
    return 0


def _totals(docs: list[dict], ignored: frozenset[str]):
    """Per-family scores summed over ``docs`` (each batch's gold scored by ``slax eval``'s evaluate), and micro."""
    from extractor.app.evaluate import Score, evaluate

    totals: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for batch in sorted({d["batch"] for d in docs}):
            ids = {d["id"] for d in docs if d["batch"] == batch}
            for family, s in evaluate(_gold_dir(batch, ids, Path(tmp), ignored)).items():
                t = totals.setdefault(family, Score())
                t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
                t.misses.extend(s.misses)
    micro = Score(sum(s.tp for s in totals.values()), sum(s.fp for s in totals.values()),
                  sum(s.fn for s in totals.values()))
    return totals, micro


def _by_category(split: str, docs: list[dict], ignored: frozenset[str]) -> int:
    """One line per document category: micro P/R/F1 and each family's F1 (where a category's gold has facts).
    An aggregate, so the holdout may be read this way without its facts being seen."""
    rows = []
    for category in sorted({d["category"] for d in docs}):
        chosen = [d for d in docs if d["category"] == category]
        totals, micro = _totals(chosen, ignored)
        rows.append((category, len(chosen), micro, totals))
    families = list(rows[0][3]) if rows else []
    print(f"split {split}: {len(docs)} documents, by category (family columns: F1, '-' where no fact either way)")
    print(f"{'category':<22}{'docs':>5}{'P':>7}{'R':>7}{'F1':>7}{'fp':>5}{'fn':>5}"
          + "".join(f"{f[:5]:>8}" for f in families))
    for category, n, micro, totals in rows:
        cells = "".join(f"{totals[f].f1:>8.3f}" if totals[f].tp + totals[f].fp + totals[f].fn else f"{'-':>8}"
                        for f in families)
        print(f"{category:<22}{n:>5}{micro.precision:>7.3f}{micro.recall:>7.3f}{micro.f1:>7.3f}{micro.fp:>5}"
              f"{micro.fn:>5}{cells}")
    return 0


def _figures(s) -> dict:
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "tp": s.tp, "fp": s.fp, "fn": s.fn}


def _print(split, n, unusable, totals, micro, details) -> None:
    print(f"split {split}: {n} documents" + (f" ({unusable} without text, not scored)" if unusable else ""))
    print(f"{'family':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for family, s in [*totals.items(), ("micro", micro)]:
        print(f"{family:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>5}{s.fn:>5}")
    if details:
        for s in totals.values():
            for miss in s.misses:
                print(miss)


def _record(label, split, n, totals, micro) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "extractor", "patterns"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip())
    entry = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit,
             "rules_changed_since_commit": dirty, "label": label, "split": split, "documents": n,
             "micro": _figures(micro), "families": {f: _figures(s) for f, s in totals.items()}}
    with open(RUNS, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"recorded in {RUNS.relative_to(ROOT)}")


def letters(_args) -> int:
    """Every document yields at least as many letters as its gold names (a lost letter loses its facts)."""
    from extractor.app.api import extract

    docs, unusable = _chosen("all")
    if not docs:
        print(f"no corpus texts in {cache_dir()}: nothing to check")
        return 0
    lost = []
    for doc in docs:
        keys = json.loads((CORPUS / doc["batch"] / "gold" / "timings.json").read_text(encoding="utf-8"))
        wanted = max(int(k.rsplit("#", 1)[1]) for k in keys if k.startswith(doc["id"] + ".txt#"))
        got = len(extract(cache_dir() / f"{doc['id']}.txt").letters)
        if got < wanted:
            lost.append(f"{doc['id']}: {got} letter(s), gold names {wanted}")
    print("\n".join(lost) or f"{len(docs)} documents: no letter lost")
    return 1 if lost else 0


# Reasons kept by hand in the known-misses file win over what the engine says; rows the script writes itself start
# with one of these and are rewritten on every run.
GENERATED = ("aside ", "gold: ", "untriaged", "auto:")
FIGURE_FAMILIES = ("availability", "timings", "penalties", "blanks", "parties")


def _gold_spans(doc: dict, text: str, letters) -> dict[int, list[tuple[str, int, int]]]:
    """Per letter number, the (family, start, end) of every gold fact's anchor in the normalized ``text``."""
    from extractor.app.evaluate import _anchor_span
    from extractor.document.normalize import normalize_text

    out: dict[int, list[tuple[str, int, int]]] = {}
    for family in FIGURE_FAMILIES:
        gold = _gold_file(doc["batch"], family)
        for number, expl in enumerate(letters, 1):
            seg = expl.letter.segment
            for fact in gold.get(f"{doc['id']}.txt#{number}", []):
                span = _anchor_span(text, seg.start, seg.end, normalize_text(fact["anchor"]), fact.get("occurrence", 0))
                if span is not None:
                    out.setdefault(number, []).append((family, *span))
    return out


@functools.cache
def _gold_file(batch: str, family: str) -> dict:
    """A batch's gold of one family, read once per run (every document of the batch asks for it)."""
    return json.loads((CORPUS / batch / "gold" / f"{family}.json").read_text(encoding="utf-8"))


def _known_reasons(path: Path) -> dict[tuple[str, str], str]:
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row["reason"].startswith(GENERATED):
                known[(row["id"], row["anchor"])] = row["reason"]
    return known


def unclaimed(args) -> int:
    """Every dev figure nothing claimed, with a reason: `aside ID: reason` when an [[aside]] block of
    patterns/figures.toml set it aside (the engine's fate, as `slax explain` shows it), else one kept by hand in
    corpus/known_misses_<split>.jsonl (short anchors only), else `gold: <family> fact missed` when a gold fact's
    anchor covers it (a miss for the recall work), else "untriaged". A figure the gold names as a fact must never
    be set aside: the script counts those and exits 1 if there is one."""
    from extractor.document.normalize import normalize
    from extractor.document.read import read
    from extractor.pipeline import explain_normalized

    docs, _ = _chosen(args.split)
    if not docs:
        print(f"no corpus texts in {cache_dir()}: nothing to list")
        return 0
    path = CORPUS / f"known_misses_{args.split}.jsonl"
    known = _known_reasons(path)
    rows, total, wrongly_aside = [], 0, []
    for doc in docs:
        raw = read(cache_dir() / f"{doc['id']}.txt")
        norm = normalize(raw.text)
        letters = explain_normalized(norm.text)
        gold = _gold_spans(doc, norm.text, letters)
        for number, expl in enumerate(letters, 1):
            total += len(expl.figures)
            for f in (f for f in expl.figures if f.fate in ("aside", "unclaimed")):
                start, end = norm.source_span(*f.figure.span)
                anchor = raw.text[max(start - 8, end - 20, 0):end].strip()
                named = [family for family, a, b in gold.get(number, []) if a < f.figure.span[1] and
                         f.figure.span[0] < b]
                if f.fate == "aside":
                    reason = f"aside {f.rule}: {f.reason.en}"
                    if named and (doc["id"], anchor) in known:  # a gold fact the aside hides, reason given by hand
                        reason = known[doc["id"], anchor]
                    elif named:
                        wrongly_aside.append(f"{doc['id']}: {anchor!r} set aside by {f.rule}, gold: {named[0]}")
                else:
                    reason = known.get((doc["id"], anchor)) or (
                        f"gold: {named[0]} fact missed" if named else "untriaged")
                rows.append({"id": doc["id"], "kind": f.figure.kind,
                             "anchor": anchor, "reason": reason})
    _print_unclaimed(args.split, total, rows, wrongly_aside)
    if args.write:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"written: {path.relative_to(ROOT)}")
    return 1 if wrongly_aside else 0


def _print_unclaimed(split: str, total: int, rows: list[dict], wrongly_aside: list[str]) -> None:
    def count(prefix: str) -> int:
        return sum(r["reason"].startswith(prefix) for r in rows)

    aside, missed, untriaged = count("aside "), count("gold: "), count("untriaged")
    left = len(rows) - aside
    share = max(total, 1)
    print(f"{split}: {total} figures, {aside} set aside ({aside / share:.1%}), {left} unclaimed ({left / share:.1%}): "
          f"{missed} gold facts missed, {left - missed - untriaged} with a reason by hand, {untriaged} untriaged "
          f"({untriaged / share:.1%} of figures)")
    print(f"gold facts set aside: {len(wrongly_aside)}")
    for line in wrongly_aside:
        print("  " + line)


def _scored_field(value: str) -> str:
    family, _, field = value.partition(".")
    if field not in SCORED.get(family, ()):
        raise argparse.ArgumentTypeError(f"{value!r} is no scored field (family.field, one of "
                                         + ", ".join(f"{f}.{k}" for f in SCORED for k in sorted(SCORED[f])) + ")")
    return value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status").set_defaults(run=status)
    p = sub.add_parser("score")
    p.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    p.add_argument("--batch", help="score one batch only (e.g. batch_c, for its untuned first run), or several, "
                                   "comma-separated (batch_ac,batch_ad)")
    p.add_argument("--category", help="score one document category only (e.g. cloud_sla)")
    p.add_argument("--by-category", action="store_true", help="one line per category (micro and family F1)")
    p.add_argument("--details", action="store_true", help="list every miss and extra fact")
    p.add_argument("--record", metavar="LABEL", help="append the scores to corpus/runs.jsonl")
    p.add_argument("--ignore", metavar="FAMILY.FIELD", action="append", default=[], type=_scored_field,
                   help="leave a scored field out (e.g. timings.kind: was the figure found, whatever its kind); "
                        "a diagnostic, never the headline figure")
    p.set_defaults(run=score)
    sub.add_parser("letters").set_defaults(run=letters)
    p = sub.add_parser("unclaimed", help="list the unclaimed figures with their reasons (slax explain)")
    p.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    p.add_argument("--write", action="store_true", help="write corpus/known_misses_<split>.jsonl")
    p.set_defaults(run=unclaimed)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
