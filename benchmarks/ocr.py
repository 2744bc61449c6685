"""OCR speed: seconds per scanned page at 150 and 200 dpi, and how much `-j 2` gains over `-j 1`.

    python3 benchmarks/ocr.py                  # renders 8 of our letters as scanned PDFs first
    python3 benchmarks/ocr.py FOLDER           # a folder of scanned PDFs of your own

Each figure is one `slax extract FOLDER -o out.jsonl` run as a user runs it, so it includes starting the
process and loading the models once per worker; s/page divides the whole run by the pages OCR read. Needs
the OCR extra (pip install 'slax[ocr]'). On a machine shared with other work the figures vary with its load:
the script prints the load average beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def run(folder: Path, out: Path, jobs: int, dpi: int) -> tuple[float, float, int]:
    """(seconds, CPU seconds of the run and its workers, pages read by OCR) of one extract run over ``folder``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SLAX_OCR_DPI": str(dpi), "SLAX_OCR": "auto"}
    start, start_cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "extractor.app.cli", "extract", str(folder), "-o", str(out), "-j",
                    str(jobs), "--timeout", "0"], env=env, check=False, capture_output=True)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - start_cpu
    pages = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        pages += len(((record.get("source") or {}).get("ocr") or {}).get("pages", []))
    return seconds, cpu, pages


def _children_cpu() -> float:
    """CPU seconds used by the programs this one ran and waited for (a run and its -j workers): on a machine
    shared with other work this, unlike the wall clock, hardly depends on their load."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, help="scanned PDFs (default: render our own letters)")
    ap.add_argument("--letters", type=int, default=8, help="letters to render when no folder is given")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            import ocr_quality

            folder = Path(tmp) / "scans"
            folder.mkdir()
            ocr_quality.render_set(folder, ocr_quality.OCR_LETTERS[:args.letters])
        out = Path(tmp) / "out.jsonl"
        times = {}
        for dpi, jobs in ((150, 1), (200, 1), (150, 2)):
            seconds, cpu, pages = run(folder, out, jobs, dpi)
            if not pages:
                print("no page was read by OCR: is the extra installed? pip install 'slax[ocr]'", file=sys.stderr)
                return 1
            times[dpi, jobs] = seconds
            print(f"{dpi} dpi, -j {jobs}: {seconds:.1f} s for {pages} pages = {seconds / pages:.2f} s/page, "
                  f"{cpu / pages:.2f} CPU-s/page (load average {os.getloadavg()[0]:.1f})", flush=True)
        print(f"-j 2 / -j 1 at 150 dpi: {times[150, 1] / times[150, 2]:.2f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
