"""CPU milliseconds per letter in each stage of the pipeline, for one or more checkouts, in one run.

    python3 benchmarks/stages.py                        # this checkout, 300 generated letters
    python3 benchmarks/stages.py --repo /tmp/base .     # an older checkout beside this one, interleaved
    python3 benchmarks/stages.py --letters 1000 --rounds 3

CPU time (``time.process_time``) rather than wall time: on a shared machine other work slows the wall
clock far more than it slows this process's own CPU count. Each checkout runs in its own interpreter
(``--child``), the checkouts take turns for ``--rounds`` rounds and the best round of each is printed, so
"before" and "after" are measured on the same letters under the same load. The stages are those of
``pipeline.process`` plus the JSON line a worker writes: read, normalize, segment (letters, clauses,
sentences; it also asks the families whether a preamble holds facts), each family's extract, build (spans
mapped back, models built) and serialize.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(folder: Path) -> dict[str, float]:
    """Seconds of CPU per stage over every file of ``folder`` (run inside the checkout being measured)."""
    from extractor import pipeline
    from extractor.app.outputs_json import json_line
    from extractor.document.normalize import normalize
    from extractor.document.read import read
    from extractor.document.segment import split

    paths = sorted(folder.iterdir())
    pipeline.extract_normalized("承诺书\n可用性不低于99.9%。")  # rules compiled (or read from the cache) first
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time

    def timed(stage: str, fn, *args):
        t = clock()
        out = fn(*args)
        spent[stage] += clock() - t
        return out

    originals = {name: pipeline.extractor_for(name) for name in pipeline.FAMILIES}
    where = {"in": None}  # family calls made while segmenting (is the preamble a letter?) count as segmenting

    def family(name: str, fn):
        return lambda text: fn(text) if where["in"] else timed(name, fn, text)

    def segmenting(text, holds_facts):
        t = clock()
        where["in"] = "segment"
        try:
            return split(text, holds_facts)
        finally:
            where["in"] = None
            spent["segment"] += clock() - t

    pipeline.extractor_for = {name: family(name, fn) for name, fn in originals.items()}.__getitem__
    pipeline.split = segmenting
    start = clock()
    for path in paths:
        raw = timed("read", read, path)
        norm = timed("normalize", normalize, raw.text)
        letters = pipeline.extract_normalized(norm.text)
        doc = timed("build", pipeline.build_document, raw, norm, letters)
        timed("serialize", json_line, doc)
    spent["total"] = clock() - start
    spent["letters"] = len(paths)
    return dict(spent)


def measure(repo: Path, folder: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(repo), "SLAX_CACHE_DIR": str(folder.parent / f"rules-{abs(hash(repo))}")}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(folder)], cwd=repo, env=env,
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"stages: {repo}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("repos", nargs="*", type=Path, help="checkouts to measure (default: this one)")
    ap.add_argument("--repo", action="append", type=Path, default=[], help="another checkout, measured first")
    ap.add_argument("--letters", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="generate the letters here (kept; reused when present)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    repos = [r.resolve() for r in args.repo + (args.repos or [ROOT])]
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="slax-stages-"))
    folder = tmp / "text"
    if not folder.is_dir() or len(list(folder.iterdir())) != args.letters:
        sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
        import run as bench

        bench.make_texts(folder, args.letters)
    best: dict[Path, dict[str, float]] = {}
    for _ in range(args.rounds):
        for repo in repos:
            got = measure(repo, folder)
            if repo not in best or got["total"] < best[repo]["total"]:
                best[repo] = got
    print(f"# {args.letters} letters, best of {args.rounds} rounds; CPU ms per letter; load average "
          f"{os.getloadavg()[0]:.2f}")
    stages = [s for s in best[repos[0]] if s not in ("total", "letters")] + ["total"]
    print(f"{'stage':<14}" + "".join(f"{str(r)[-24:]:>26}" for r in repos))
    for stage in stages:
        print(f"{stage:<14}" + "".join(f"{best[r].get(stage, 0) / best[r]['letters'] * 1000:>26.2f}" for r in repos))
    return 0


if __name__ == "__main__":
    sys.exit(main())
