"""How far two annotators agree: a second, independent gold scored against the corpus gold, beside slax.

The corpus gold was written once, by one helper per batch. Where two people reading the same page under the same
guide (corpus/README.md) disagree, no extractor can be scored higher than their agreement: that agreement is the
ceiling of the corpus's own figures. The second gold lives in corpus/second_gold/<family>.json (same format,
short anchors only), written blind to the first gold and to the rules.

    python3 scripts/agreement.py                       # per family: second annotator vs gold, slax vs gold
    python3 scripts/agreement.py --details             # every disagreement
    python3 scripts/agreement.py --record "LABEL"      # append both tables to corpus/agreement.jsonl

A fact of the second gold agrees with one of the first when their anchors overlap in the normalized text and every
field the guide asks for (scripts/corpus.py SCORED) is equal, exactly as slax's facts are scored.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS, ROOT, SCORED, _gold_dir, _scored, _scored_field, cache_dir, index, text_state  # noqa: E402

SECOND = CORPUS / "second_gold"
LOG = CORPUS / "agreement.jsonl"


def _load(folder: Path, family: str) -> dict[str, list[dict]]:
    path = folder / f"{family}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _first_gold(docs: list[dict], family: str, ignored: frozenset[str]) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    for batch in sorted({d["batch"] for d in docs}):
        ids = {d["id"] for d in docs if d["batch"] == batch}
        for key, facts in _load(CORPUS / batch / "gold", family).items():
            if key.split(".txt#")[0] in ids:
                gold[key] = [_scored(family, f, ignored) for f in facts]
    return gold


def _span(text: str, fact: dict) -> tuple[int, int] | None:
    from extractor.app.evaluate import _anchor_span
    from extractor.document.normalize import normalize_text

    return _anchor_span(text, 0, len(text), normalize_text(fact["anchor"]), fact.get("occurrence", 0))


def _agree(first: dict, second: dict) -> bool:
    from extractor.app.evaluate import _equal

    asserted = {k: v for k, v in first.items() if k not in ("anchor", "occurrence", "note")}
    return all(_equal(v, second.get(k)) for k, v in asserted.items())


def _compare(text: str, first: list[dict], second: list[dict], counts: dict, notes: list[str], where: str) -> None:
    """Greedy one-to-one matching, as evaluate._score_letter does for slax's facts."""
    spans = [_span(text, f) for f in second]
    used = [False] * len(second)
    for fact in first:
        span = _span(text, fact)
        hit = next((i for i, (s, other) in enumerate(zip(spans, second)) if not used[i] and s and span
                    and s[0] < span[1] and span[0] < s[1] and _agree(fact, other)), None)
        if hit is None:
            counts["fn"] += 1
            notes.append(f"{where}: only the first gold: {fact}")
        else:
            used[hit] = True
            counts["tp"] += 1
    for i, other in enumerate(second):
        if not used[i]:
            counts["fp"] += 1
            notes.append(f"{where}: only the second gold: {other}")


def _f1(c: dict) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            **c}


def annotators(docs: list[dict], second: Path, ignored: frozenset[str]) -> tuple[dict[str, dict], list[str]]:
    from extractor.document.normalize import normalize
    from extractor.document.read import read

    texts = {d["id"]: normalize(read(cache_dir() / f"{d['id']}.txt").text).text for d in docs}
    table, notes = {}, []
    for family in SCORED:
        counts = {"tp": 0, "fp": 0, "fn": 0}
        first, other = _first_gold(docs, family, ignored), _load(second, family)
        for key in sorted(other):
            doc_id = key.split(".txt#")[0]
            theirs = [_scored(family, f, ignored) for f in other[key]]
            _compare(texts[doc_id], first.get(key, []), theirs, counts, notes, f"{family} {key}")
        table[family] = _f1(counts)
    return table, notes


def slax(docs: list[dict], ignored: frozenset[str]) -> dict[str, dict]:
    from extractor.app.evaluate import evaluate

    table: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for batch in sorted({d["batch"] for d in docs}):
            ids = {d["id"] for d in docs if d["batch"] == batch}
            for family, s in evaluate(_gold_dir(batch, ids, Path(tmp), ignored)).items():
                c = table.setdefault(family, {"tp": 0, "fp": 0, "fn": 0})
                c["tp"], c["fp"], c["fn"] = c["tp"] + s.tp, c["fp"] + s.fp, c["fn"] + s.fn
    return {f: _f1(c) for f, c in table.items()}


def _micro(table: dict[str, dict]) -> dict:
    return _f1({k: sum(row[k] for row in table.values()) for k in ("tp", "fp", "fn")})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("second", nargs="?", type=Path, default=SECOND, help="the second gold folder")
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument("--record", metavar="LABEL", help=f"append the tables to {LOG.relative_to(ROOT)}")
    parser.add_argument("--ignore", metavar="FAMILY.FIELD", action="append", default=[], type=_scored_field,
                        help="leave a scored field out for both (e.g. timings.kind)")
    args = parser.parse_args(argv)
    ignored = frozenset(args.ignore)
    ids = {k.split(".txt#")[0] for f in SCORED for k in _load(args.second, f)}
    docs = [d for d in index() if d["id"] in ids and text_state(d) == "ok"]
    if not docs:
        print(f"no second gold in {args.second} or no corpus texts in {cache_dir()}: nothing to compare")
        return 0
    if any(d["split"] != "dev" for d in docs):
        print("the second gold names holdout documents: agreement is measured on dev documents only")
        return 2
    people, notes = annotators(docs, args.second, ignored)
    machine = slax(docs, ignored)
    people["micro"], machine["micro"] = _micro(people), _micro(machine)
    print(f"{len(docs)} dev documents; F1 against the first gold (P / R / F1)"
          + (f", ignoring {', '.join(sorted(ignored))}" if ignored else ""))
    print(f"{'family':<14}{'second annotator':>24}{'slax':>24}")
    for family in people:
        a, b = people[family], machine.get(family, _f1({"tp": 0, "fp": 0, "fn": 0}))
        print(f"{family:<14}{a['precision']:>8.3f}{a['recall']:>8.3f}{a['f1']:>8.3f}"
              f"{b['precision']:>8.3f}{b['recall']:>8.3f}{b['f1']:>8.3f}")
    if args.details:
        print("\n".join(notes))
    if args.record:
        entry = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "label": args.record,
                 "documents": sorted(ids), "ignored": sorted(ignored), "second_annotator": people, "slax": machine}
        with open(LOG, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        print(f"recorded in {LOG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
