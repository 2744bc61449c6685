"""A 1,000-file folder with 10 broken files: results, error records, peak memory, and an interrupted run.

    python3 benchmarks/batch_resilience.py            # 1,000 files, -j 2
    python3 benchmarks/batch_resilience.py --files 300 --jobs 2

Prints: the uninterrupted run (results, error records, wall time, peak RSS of slax and its workers),
then a run stopped with SIGTERM part way and finished with --resume, and whether its final output is
byte-identical to the uninterrupted one.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
SLAX = [sys.executable, "-m", "extractor.app.cli", "extract"]
# Peak RSS of the whole process tree: GNU time reports the largest single process, so sample /proc instead.
BROKEN = ("empty.txt", "truncated.pdf", "encrypted.pdf", "image_only.pdf", "not_a_pdf.pdf", "old_word.doc",
          "zip_not_word.docx", "truncated.docx", "binary.txt", "nul_bytes.txt")


def make_folder(root: Path, files: int) -> None:
    import make_broken_corpus as corpus

    from extractor.document import read_txt

    letters = sorted((ROOT / "samples" / "letters").glob("*.txt")) + sorted((ROOT / "tests" / "letters").glob("*.txt"))
    broken = root / "_broken"
    corpus.make(broken)
    for i in range(files - len(BROKEN)):
        text, encoding = read_txt.decode(letters[i % len(letters)].read_bytes())
        # A marker in the file's own encoding makes every file's content (and sha256) its own.
        (root / f"f{i:04d}.txt").write_bytes((text + f"\n{i}\n").encode(encoding))
    for i, name in enumerate(BROKEN):
        os.replace(broken / name, root / f"broken{i:02d}_{name}")
    for leftover in broken.iterdir():
        leftover.unlink()
    broken.rmdir()


def _tree_rss(pid: int) -> int:
    """Sum of RSS (kB) of pid and its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            pass
    return total


def run(args: list[str], stop_after: int | None = None, out: Path | None = None) -> tuple[int, float, float]:
    """Run slax; return (exit code, seconds, peak MB of the process tree). With stop_after, SIGTERM once the
    temp output holds that many lines."""
    start = time.perf_counter()
    proc = subprocess.Popen(SLAX + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        if stop_after and out is not None:
            tmps = glob.glob(str(out.parent / f".{out.name}.*.tmp"))
            if tmps and _lines(Path(tmps[0])) >= stop_after:
                proc.send_signal(signal.SIGTERM)
                stop_after = None
        time.sleep(0.05)
    return proc.returncode, time.perf_counter() - start, peak / 1024


def _lines(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(1 for _ in fh)
    except OSError:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder, full, part = Path(tmp) / "in", Path(tmp) / "full.jsonl", Path(tmp) / "part.jsonl"
        folder.mkdir()
        make_folder(folder, args.files)
        code, wall, peak = run([str(folder), "-o", str(full), "-j", str(args.jobs)])
        records = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
        errors = sum(1 for r in records if "error" in r)
        print(f"uninterrupted: {len(records) - errors} results, {errors} error records, exit {code}, "
              f"{wall:.1f}s, peak {peak:.0f} MB (slax + workers)")
        code, wall, _ = run([str(folder), "-o", str(part), "-j", str(args.jobs)], stop_after=args.files // 3, out=part)
        kept = _lines(part)
        print(f"SIGTERM part way: exit {code} after {wall:.1f}s, {kept} finished results kept in the output")
        code, wall, _ = run([str(folder), "-o", str(part), "-j", str(args.jobs), "--resume"])
        same = part.read_bytes() == full.read_bytes()
        print(f"--resume: exit {code}, {wall:.1f}s, final output identical to the uninterrupted run: {same}")
    return 0 if same and errors == len(BROKEN) and len(records) == args.files else 1


if __name__ == "__main__":
    sys.exit(main())
