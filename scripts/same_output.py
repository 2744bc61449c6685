"""Prove that a refactor left extraction unchanged: the JSON of every input, before and after.

    python3 scripts/same_output.py                 # against the pre-redesign commit (BASE)
    python3 scripts/same_output.py --base HEAD~3   # against any commit
    python3 scripts/same_output.py --keep /tmp/x   # keep both outputs for a closer look

Inputs: ``samples/`` (txt, pdf, docx, html), every letter under ``tests/letters/``, the benchmark corpus
(``benchmarks/run.py`` generators, seeded, so both sides read the same files) and, when they are on this
machine, the real-corpus texts (``$SLAX_CORPUS_DIR``, never committed). Both versions run as a user runs
them (``extract FOLDER -o out.jsonl``); the base from a ``git worktree`` of its commit. Fields the redesign
adds (``evidence``) are removed before comparing; anything else that differs is printed, and the exit
status is 1.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "650c550"  # main before the rule-engine redesign (issue 11)
NEW_FIELDS = {"evidence"}
CORPUS = Path(os.environ.get("SLAX_CORPUS_DIR") or Path.home() / ".cache" / "slax-corpus")


def gather(folder: Path) -> int:
    """Copy every input into one flat folder (names keep their origin), and generate the benchmark corpus."""
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    import run as bench  # noqa: E402  (the benchmark generators, seeded)

    sources = [p for p in sorted((ROOT / "samples").rglob("*")) if p.is_file() and p.suffix != ".md"]
    sources += [p for p in sorted((ROOT / "tests" / "letters").rglob("*.*")) if p.suffix != ".py"]
    if CORPUS.is_dir():
        sources += sorted(CORPUS.glob("*.txt"))
    for path in sources:
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path("corpus") / path.name
        shutil.copyfile(path, folder / "__".join(rel.parts))
    generated = folder / "_bench"
    generated.mkdir()
    bench.make_texts(generated, 60)
    bench.make_docx(generated, 6)
    if bench.FONT.exists():
        bench.make_pdfs(generated, 6)
    for path in generated.iterdir():
        path.rename(folder / f"bench__{path.name}")
    generated.rmdir()
    return len(list(folder.iterdir()))


def run(checkout: Path, inputs: Path, out: Path) -> dict[str, dict]:
    module = "extractor.app.cli" if (checkout / "extractor" / "app" / "cli.py").exists() else "extractor.cli"
    env = {**os.environ, "PYTHONPATH": str(checkout), "SLAX_CACHE": "0"}
    done = subprocess.run([sys.executable, "-m", module, "extract", str(inputs), "-o", str(out), "-j", "2"],
                          cwd=checkout, env=env, check=False, capture_output=True, text=True)
    if not out.exists():
        sys.exit(f"same_output: {checkout}: extract wrote nothing:\n{done.stderr[-2000:]}")
    records = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[Path(record["source"]["path"]).name] = strip(record)
    return records


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in NEW_FIELDS}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def first_difference(a, b, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} != {json.dumps(b, ensure_ascii=False)[:200]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default=BASE)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="slax-same-"))
    tmp.mkdir(parents=True, exist_ok=True)
    base_tree = tmp / "base"
    inputs = tmp / "inputs"
    try:
        if not base_tree.exists():
            subprocess.run(["git", "worktree", "add", "--detach", str(base_tree), args.base], cwd=ROOT, check=True,
                           capture_output=True)
        shutil.rmtree(inputs, ignore_errors=True)
        inputs.mkdir()
        count = gather(inputs)
        before = run(base_tree, inputs, tmp / "before.jsonl")
        after = run(ROOT, inputs, tmp / "after.jsonl")
    finally:
        if not args.keep:
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, capture_output=True)
            shutil.rmtree(tmp, ignore_errors=True)
    differ = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    for name in differ:
        print(f"differs: {name}: {first_difference(before.get(name), after.get(name))}")
    facts = sum(len(letter.get(f, [])) for r in after.values() for letter in r.get("letters", [])
                for f in ("availability", "timings", "penalties", "parties", "blanks"))
    print(f"{count} inputs, {len(after)} records, {facts} facts: "
          f"{'identical' if not differ else f'{len(differ)} differ'} to {args.base} (apart from {sorted(NEW_FIELDS)})")
    return 1 if differ or not after else 0


if __name__ == "__main__":
    sys.exit(main())
