"""What a run costs at most: peak memory of all its processes together, and the largest text against the
time limit.

    python3 benchmarks/bounds.py          # about two minutes on 2 cores
    python3 benchmarks/bounds.py --quick  # 200 letters, a 0.3 MB zip bomb, 200,000 characters

Every line reads ``name: value unit (target ...)``. Memory is the peak of the summed RSS of the slax
process and every worker it starts, sampled from /proc every 10 ms (Linux), so the figure is what the
machine has to hold, not the largest single process.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
SLAX = [sys.executable, "-m", "extractor.app.cli"]
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(pid: int) -> set[int]:
    found, todo = {pid}, [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                kids = {int(k) for k in task.read_text().split()} - found
            except OSError:
                continue
            found |= kids
            todo += kids
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError):
        return 0


def tree_peak(args: list[str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak MB of all processes' RSS together, most processes seen, stderr) of one CLI run."""
    start = time.perf_counter()
    proc = subprocess.Popen([*SLAX, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    peak, most = 0, 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        peak, most = max(peak, sum(_rss(p) for p in pids)), max(most, len(pids))
        time.sleep(0.01)
    err = proc.stderr.read()
    return time.perf_counter() - start, peak / 2**20, most, err


def line(name: str, value: float, unit: str, note: str) -> None:
    print(f"{name}: {value:.1f} {unit} ({note})", flush=True)


def letters_at_j2(tmp: Path, count: int) -> None:
    from run import make_texts

    make_texts(tmp / "text", count)
    wall, peak, most, _ = tree_peak(["extract", str(tmp / "text"), "-j", "2", "-o", str(tmp / "out.jsonl")])
    line(f"peak RSS, all processes, extract {count} letters -j 2", peak, "MB",
         f"target <= 200 MB; {most} processes; {wall:.1f} s")


def zip_bomb(tmp: Path, expanded_mb: int) -> None:
    import make_broken_corpus as corpus

    bomb = tmp / "bomb.docx"
    bomb.write_bytes(corpus.zip_bomb(expanded_mb * 2**20))
    size = bomb.stat().st_size
    wall, peak, _, err = tree_peak(["extract", str(bomb), "-o", str(tmp / "bomb.json")])
    reason = next((ln for ln in err.splitlines() if ln.startswith("slax: error:")), "no error")
    line(f"peak RSS, extract a {size / 2**20:.1f} MB zip bomb ({expanded_mb} MB of XML)", peak, "MB",
         f"target < 300 MB; {wall:.1f} s; {reason}")


def long_line(tmp: Path, chars: int) -> None:
    """The slowest input the text limit admits: one line of dense letters, at the default timeout's limit."""
    from linearity import INPUTS

    from extractor.document.read import ReadLimits

    limit = ReadLimits().within(60).max_chars
    text = INPUTS["one_long_line_of_letters"](min(chars, limit))
    path = tmp / "long.txt"
    path.write_text(text, encoding="utf-8")
    wall, peak, _, err = tree_peak(["extract", str(path), "-o", str(tmp / "long.json"), "--timeout", "0"])
    line(f"one long line of {len(text):,} characters ({path.stat().st_size / 2**20:.1f} MB)", len(text) / wall,
         "characters/s", f"{wall:.1f} s; the default --timeout 60 admits {limit:,} characters; peak {peak:.0f} MB"
         + ("" if not err.strip() else f"; {err.strip().splitlines()[-1]}"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run, not the reported figures)")
    args = ap.parse_args(argv)
    if not Path("/proc/self/statm").exists():
        sys.exit("bounds.py reads memory from /proc (Linux only)")
    with tempfile.TemporaryDirectory(prefix="slax-bounds-") as tmp:
        print(f"# {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
        letters_at_j2(Path(tmp), 200 if args.quick else 1000)
        zip_bomb(Path(tmp), 100 if args.quick else 350)  # 350 MB of paragraphs zip to about 1 MB
        long_line(Path(tmp), 200_000 if args.quick else 10**9)
    return 0


if __name__ == "__main__":
    sys.exit(main())
