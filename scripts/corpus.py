"""The real-document corpus: check the texts, score slax on dev / holdout, record every run.

The texts are third-party pages and are never committed. `corpus/<batch>/index.jsonl` holds, per document, its URL,
the query that finds it, its sha256 and its split; `corpus/<batch>/gold/<family>.json` the hand-checked gold (short
anchors only), written before any run by someone who had not read the rules. The texts live in a cache folder
outside the work tree: $SLAX_CORPUS_DIR, default ~/.cache/slax-corpus/<id>.txt.

    python3 scripts/corpus.py status                   # which texts are here, which changed, which are missing
    python3 scripts/corpus.py score --split holdout    # P/R/F1 per family (measure only: never tune on holdout)
    python3 scripts/corpus.py score --split dev --details
    python3 scripts/corpus.py score --split all --record "untuned first run, batches a+b"
    python3 scripts/corpus.py letters                  # no document loses a letter its gold names

With no texts (as in CI) every command says so and exits 0. `--record` appends the scores with the commit to
corpus/runs.jsonl, so the trend on unseen text stays visible.
"""
from __future__ import annotations

import argparse
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
    print(f"texts in {cache_dir()}; re-retrieve the missing ones from corpus/*/index.jsonl (url, query)")
    return 0


# The fields each family's gold is scored on: those the annotation guide asked for. Annotators sometimes added
# more (period, tier, event); those are kept in the gold as notes, not scored, so a run measures what the guide
# defined before the first run.
SCORED = {
    "availability": {"value", "comparator", "blank"},
    "timings": {"kind", "minutes", "value", "unit", "blank"},
    "penalties": {"kind", "rate", "amount.value", "blank"},
    "parties": {"role", "name", "blank"},
    "blanks": {"kind"},
}


def _scored(family: str, fact: dict) -> dict:
    return {k: v for k, v in fact.items() if k in ("anchor", "occurrence") or k in SCORED.get(family, ())}


def _gold_dir(batch: str, ids: set[str], tmp: Path) -> Path:
    """A gold folder in `slax eval`'s layout holding only the chosen documents, its source the cache folder."""
    out = tmp / batch
    (out).mkdir(parents=True)
    (out / "source.txt").write_text(str(cache_dir().resolve()), encoding="utf-8")
    for path in (CORPUS / batch / "gold").glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        chosen = {k: [_scored(path.stem, f) for f in v] for k, v in gold.items() if k.split(".txt#")[0] in ids}
        (out / path.name).write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    return out


def _chosen(split: str, batch: str | None = None) -> tuple[list[dict], int]:
    docs = [d for d in index() if (split == "all" or d["split"] == split) and batch in (None, d["batch"])]
    usable = [d for d in docs if text_state(d) == "ok"]
    return usable, len(docs) - len(usable)


def score(args) -> int:
    from extractor.app.evaluate import Score, evaluate

    docs, unusable = _chosen(args.split, args.batch)
    if not docs:
        print(f"no corpus texts in {cache_dir()} ({unusable} missing or changed): nothing to score")
        return 0
    totals: dict[str, Score] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for batch in sorted({d["batch"] for d in docs}):
            ids = {d["id"] for d in docs if d["batch"] == batch}
            for family, s in evaluate(_gold_dir(batch, ids, Path(tmp))).items():
                t = totals.setdefault(family, Score())
                t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
                t.misses.extend(s.misses)
    micro = Score(sum(s.tp for s in totals.values()), sum(s.fp for s in totals.values()),
                  sum(s.fn for s in totals.values()))
    split = args.split + (f" ({args.batch})" if args.batch else "")
    _print(split, len(docs), unusable, totals, micro, args.details)
    if args.record:
        _record(args.record, split, len(docs), totals, micro)
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


# First-pass reasons for an unclaimed figure, by what its words say; a reason written by hand in the known-misses
# file wins. Anything these do not cover stays "untriaged": a figure to look at, possibly a miss.
AUTO_REASONS = (
    ("money", r"支付|付款|合同|总价|报价|价格|收费|费用|元整|万元|损失|索赔|补贴|预算|单价|NT", "a price, payment or "
     "loss, not a service level (no family takes money outside a penalty)"),
    ("duration", r"支付|付款|缴费|缴纳|结算|发票|预付", "the customer's payment duty, not a service level"),
    ("percent", r"满意|合格率|准确率|成功率|及时率|到位率|回访率|覆盖率|水质|电压|增长|同比|占比|比例", "a quality or "
     "business rate other than availability (no family for it)"),
    ("percent", r"100%|×|\*|/", "part of a formula"),
    ("duration", r"服务周期|统计周期|计算周期|自然月|不满一个月|计为|计算为|不计入|不计算在内|或更长时间|定义",
     "a definition of the measurement period or of downtime, not a level"),
    ("percent", r"赔偿总额|赔付总额|上限|封顶|最高不超过", "a cap on credits (kept as the penalty's cap field)"),
    ("percent", r"[A-Za-z]{4,}[^\n]{0,20}$", "an English line of a bilingual page (its Chinese line counts)"),
    ("duration", r"[A-Za-z]{4,} [A-Za-z]{2,}", "an English line of a bilingual page (its Chinese line counts)"),
    ("percent", r"目标|達標|达标率", "an achievement target (share of cases on time), not a level"),
)


def _auto_reason(kind: str, context: str) -> str:
    import re

    for k, words, reason in AUTO_REASONS:
        if k == kind and re.search(words, context):
            return "auto: " + reason
    return "untriaged"


def unclaimed(args) -> int:
    """Every unclaimed figure of the split with a reason: kept by hand in corpus/known_misses_<split>.jsonl (short
    anchors only), else a first-pass reason from its words, else "untriaged"."""
    from extractor.app.explain import explain_file

    docs, _ = _chosen(args.split)
    if not docs:
        print(f"no corpus texts in {cache_dir()}: nothing to list")
        return 0
    path = CORPUS / f"known_misses_{args.split}.jsonl"
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row["reason"].startswith(("auto:", "untriaged")):
                known[(row["id"], row["anchor"])] = row["reason"]
    rows, total = [], 0
    for doc in docs:
        text = (cache_dir() / f"{doc['id']}.txt").read_text(encoding="utf-8")
        for letter in explain_file(cache_dir() / f"{doc['id']}.txt").letters:
            total += len(letter.figures)
            for f in letter.figures:
                if f.fate != "unclaimed":
                    continue
                anchor = text[max(f.span.start - 8, f.span.end - 20, 0):f.span.end].strip()
                context = text[max(0, f.span.start - 30):f.span.end + 10]
                reason = known.get((doc["id"], anchor)) or _auto_reason(f.kind, context)
                rows.append({"id": doc["id"], "kind": f.kind, "anchor": anchor, "reason": reason})
    untriaged = sum(r["reason"] == "untriaged" for r in rows)
    print(f"{args.split}: {total} figures, {len(rows)} unclaimed ({len(rows) / max(total, 1):.1%}); "
          f"{len(rows) - untriaged} with a reason, {untriaged} untriaged ({untriaged / max(total, 1):.1%} of figures)")
    if args.write:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"written: {path.relative_to(ROOT)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status").set_defaults(run=status)
    p = sub.add_parser("score")
    p.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    p.add_argument("--batch", help="score one batch only (e.g. batch_c, for its untuned first run)")
    p.add_argument("--details", action="store_true", help="list every miss and extra fact")
    p.add_argument("--record", metavar="LABEL", help="append the scores to corpus/runs.jsonl")
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
