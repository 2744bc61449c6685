"""slax benchmarks: throughput, PDF reading cost, cold start, memory, linearity.

    python3 benchmarks/run.py            # everything (about four minutes on 2 cores)
    python3 benchmarks/run.py --quick    # smaller corpora, for a smoke run

Corpora are generated from ``samples/`` in a temp dir each run (nothing is
downloaded): letters with varied figures, units and names; PDFs of 1-5 pages
(fpdf2, WenQuanYi Micro Hei); DOCX. The CLI runs as a subprocess exactly as a
user runs it (``python -m extractor.app.cli`` is the ``slax`` entry point). Every
line reads ``name: value unit (ratio ...)``; a ratio compares with a baseline
measured in the same run on the same machine. ``benchmarks/stages.py`` splits the CPU time of a letter
by pipeline stage and compares checkouts interleaved in one run.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SLAX = [sys.executable, "-m", "extractor.app.cli"]
ENV = dict(os.environ)
CWD = {"cwd": str(ROOT)}  # `python -m` imports from the working directory first


def use_checkout(repo: Path) -> None:
    """Measure the slax in ``repo`` (e.g. an older commit, for before/after figures); corpora still come
    from this checkout's samples."""
    ENV["PYTHONPATH"] = str(repo) + os.pathsep + os.environ.get("PYTHONPATH", "")
    CWD["cwd"] = str(repo)
    if not (repo / "extractor" / "app" / "cli.py").exists():  # a checkout from before the package layout
        SLAX[-1] = "extractor.cli"
    sys.path.insert(0, str(repo))

# Varied so that 1,000 letters are not 1,000 copies: other figures, units, names and numerals.
UNITS = ("小时", "分钟", "個工作日", "天", "小時", "分鐘")
COMPANIES = ("江城数据科技有限公司", "北方云网络股份有限公司", "海川信息技术有限公司", "星河运维服务有限公司",
             "東方雲計算有限公司", "青松软件(北京)有限公司")
CAPITALS = ("壹", "贰", "叁", "伍", "拾")


def _samples() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "letters").glob("*.txt"))]


def vary(text: str, rng: random.Random) -> str:
    """The same letter with other figures, units and names."""
    def number(m: re.Match) -> str:
        digits = m.group(0)
        if "." in digits:  # rates such as 99.95 stay rates
            head, tail = digits.split(".")
            return f"{rng.choice(('99', '98', '97', '95'))}.{''.join(rng.choice('0123456789') for _ in tail)}"
        return str(rng.randint(1, 10 ** len(digits) - 1))

    text = re.sub(r"\d+(?:\.\d+)?", number, text)
    text = re.sub(r"小時|小时|分鐘|分钟", lambda m: rng.choice(UNITS), text)
    text = text.replace("__________", rng.choice(("__________", rng.choice(COMPANIES), "【公司全称】")), 1)
    if rng.random() < 0.3:
        text += f"\n违约金为人民币{rng.choice(CAPITALS)}萬元整。承诺方:{rng.choice(COMPANIES)}\n"
    return text


def make_texts(folder: Path, count: int, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng, base = random.Random(seed), _samples()
    out = []
    for i in range(count):
        p = folder / f"letter_{i:05d}.txt"
        p.write_text(vary(base[i % len(base)], rng), encoding="utf-8")
        out.append(p)
    return out


def _clean(text: str) -> str:
    from extractor.document.normalize import normalize

    return normalize(text).text  # glosses and mojibake out: what a clean PDF/DOCX copy reads


def _write_pdf(args) -> None:
    from fpdf import FPDF
    from fpdf.enums import WrapMode

    letters, out = args
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(FONT), collection_font_number=0)
    pdf.set_font("cjk", size=12)
    pdf.set_auto_page_break(True, margin=20)
    for text in letters:  # one letter per page; long letters run over
        pdf.add_page()
        for paragraph in text.split("\n"):
            pdf.multi_cell(0, 7, paragraph, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))


def make_pdfs(folder: Path, count: int, seed: int = 11) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng, base = random.Random(seed), [_clean(t) for t in _samples()]
    jobs = [([vary(rng.choice(base), rng) for _ in range(rng.randint(1, 5))], folder / f"doc_{i:04d}.pdf")
            for i in range(count)]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_pdf, jobs, chunksize=8))
    return [out for _, out in jobs]


def make_docx(folder: Path, count: int, seed: int = 13) -> list[Path]:
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    rng, base = random.Random(seed), [_clean(t) for t in _samples()]
    out = []
    for i in range(count):
        document = docx.Document()
        for paragraph in vary(rng.choice(base), rng).split("\n"):
            document.add_paragraph(paragraph)
        p = folder / f"doc_{i:04d}.docx"
        document.save(str(p))
        out.append(p)
    return out


# ------------------------------------------------------------------ measuring

def run_cli(args: list[str], check_codes=(0, 1)) -> float:
    t = time.perf_counter()
    proc = subprocess.run(SLAX + args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **CWD)
    wall = time.perf_counter() - t
    if proc.returncode not in check_codes:
        raise SystemExit(f"slax {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return wall


def peak_rss_mb(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB of the largest process, CPU seconds of the run and its workers) of one CLI
    run, measured in a fresh child."""
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
             "r=resource.getrusage(resource.RUSAGE_CHILDREN);"
             "print(time.perf_counter()-t, r.ru_maxrss, r.ru_utime+r.ru_stime)")
    out = subprocess.run([sys.executable, "-c", probe, *SLAX, *args], env=ENV, capture_output=True, text=True,
                         check=True, **CWD).stdout.split()
    return float(out[0]), int(out[1]) / 1024, float(out[2])


def extract_rate(folder: Path, out: Path, jobs: int, repeats: int = 1) -> tuple[float, float, float]:
    """(best wall time, peak RSS, least CPU time) over ``repeats`` runs: the best run is the one other jobs
    disturbed least. CPU time (this run's processes only) is what a busy machine changes least."""
    runs = [peak_rss_mb(["extract", str(folder), "--format", "jsonl", "-o", str(out), "-j", str(jobs)])
            for _ in range(repeats)]
    return min(w for w, _, _ in runs), max(r for _, r, _ in runs), min(c for _, _, c in runs)


def raw_pdfium(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for p in paths:
        doc = pdfium.PdfDocument(str(p))
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
            pages += 1
        doc.close()
    return pages


def slax_pdf(paths: list[Path]) -> int:
    from extractor.document.read import read

    return sum(read(p).pages for p in paths)


def best_of(fn, paths, repeats: int) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(repeats):
        t = time.perf_counter()
        pages = fn(paths)
        best = min(best, time.perf_counter() - t)
    return best, pages


def median_wall(cmd: list[str], n: int = 5) -> float:
    walls = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **CWD)
        walls.append(time.perf_counter() - t)
    return statistics.median(walls)


def line(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"{name}: {value:.{1 if value >= 10 else 2 if value >= 1 else 3}f} {unit}" + (f" ({note})" if note else ""),
          flush=True)


SECTIONS = ("throughput", "pdf", "cold", "linearity")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller corpora (a smoke run, not the reported figures)")
    ap.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    ap.add_argument("--repo", type=Path, default=ROOT, help="the slax checkout to measure (default: this one)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {','.join(SECTIONS)}")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    n_text, n_pdf, n_docx, unit = (200, 40, 10, 50) if args.quick else (1000, 200, 50, 250)
    use_checkout(args.repo.resolve())
    tmp = Path(tempfile.mkdtemp(prefix="slax-bench-")) if args.keep is None else args.keep
    tmp.mkdir(parents=True, exist_ok=True)
    for old in tmp.glob("rules-*"):  # rule caches of an earlier --keep run
        shutil.rmtree(old, ignore_errors=True)
    empty_rule_cache(tmp)  # never the user's own cache: each section starts from a known state
    try:
        t = time.perf_counter()
        texts = make_texts(tmp / "text", n_text)
        pdfs = sorted((tmp / "pdf").glob("*.pdf"))  # --keep reuses PDFs: fpdf2 takes most of the set-up time
        pdfs = pdfs if len(pdfs) == n_pdf else make_pdfs(tmp / "pdf", n_pdf)
        if len(list((tmp / "docx").glob("*.docx"))) != n_docx:
            make_docx(tmp / "docx", n_docx)
        print(f"# corpora: {n_text} txt, {n_pdf} pdf, {n_docx} docx in {tmp} "
              f"({time.perf_counter() - t:.1f} s to build); slax from {args.repo}", flush=True)
        # Other work on the machine shows in every figure, the -j 2 ratio most: report the load.
        print(f"# {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the runs", flush=True)

        if "throughput" in only:
            throughput(tmp, n_text, n_docx)
        if "pdf" in only:
            pdf_cost(pdfs)
        if "cold" in only:
            cold_start(texts)
        if "linearity" in only:
            linearity(tmp, unit)
        print(f"# load average {os.getloadavg()[0]:.2f} after the runs", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def empty_rule_cache(tmp: Path) -> None:
    """Point slax's compiled-rule cache at a new empty folder: the next run compiles every rule, as a first
    run after installing does; later runs read the compiled rules back."""
    folder = Path(tempfile.mkdtemp(prefix="rules-", dir=tmp))
    ENV["SLAX_CACHE_DIR"] = str(folder)


def throughput(tmp: Path, n_text: int, n_docx: int) -> None:
    """1. letters/second of the real CLI with -j 1 and -j 2 (best of 3, interleaved), and 4. peak memory."""
    for jobs in (1, 2):
        empty_rule_cache(tmp)
        wall, _, _ = extract_rate(tmp / "text", tmp / f"out{jobs}.jsonl", jobs)
        line(f"extract txt -j {jobs}, first run", n_text / wall, "letters/s", f"{wall:.2f} s; empty rule cache")
    runs: dict[int, list] = {1: [], 2: []}
    for _ in range(3):
        for jobs in runs:
            runs[jobs].append(extract_rate(tmp / "text", tmp / f"out{jobs}.jsonl", jobs))
    (wall1, rss1, cpu1), (wall2, rss2, cpu2) = ((min(w for w, _, _ in r), max(m for _, m, _ in r),
                                                 min(c for _, _, c in r)) for r in runs.values())
    same = (tmp / "out1.jsonl").read_bytes() == (tmp / "out2.jsonl").read_bytes()
    line("extract txt -j 1", n_text / wall1, "letters/s", f"best of 3: {wall1:.2f} s for {n_text}")
    line("extract txt -j 2", n_text / wall2, "letters/s", f"{wall1 / wall2:.2f}x -j 1; output "
         f"{'identical' if same else 'DIFFERS'}")
    # What other work on the machine changes least: the CPU the run's own processes spent (start-up included).
    line("extract txt -j 1, CPU", cpu1 / n_text * 1000, "ms/letter", f"{n_text / cpu1:.0f} letters per CPU second")
    line("extract txt -j 2, CPU", cpu2 / n_text * 1000, "ms/letter", f"parent and workers; {cpu2 / cpu1:.2f}x -j 1")
    wall_d, _, _ = extract_rate(tmp / "docx", tmp / "outd.jsonl", 1)
    line("extract docx -j 1", n_docx / wall_d, "files/s", f"{wall_d:.2f} s for {n_docx}")
    line("peak RSS extract -j 1", rss1, "MB", f"{n_text} letters")
    line("peak RSS extract -j 2", rss2, "MB", "largest process")


def pdf_cost(pdfs: list[Path]) -> None:
    """2. PDF reading against raw pypdfium2 text of the same pages, same run."""
    best_of(raw_pdfium, pdfs[:5], 1), best_of(slax_pdf, pdfs[:5], 1)  # warm imports and caches
    raw_s, pages = best_of(raw_pdfium, pdfs, 3)
    ours_s, _ = best_of(slax_pdf, pdfs, 3)
    line("pdf raw pypdfium2", raw_s / pages * 1000, "ms/page", f"{pages} pages")
    line("pdf slax read", ours_s / pages * 1000, "ms/page", f"{ours_s / raw_s:.2f}x raw pypdfium2")


def cold_start(texts: list[Path]) -> None:
    """3. Cold start of one-shot commands, against a bare interpreter."""
    a, b = texts[0], texts[1]
    bare = median_wall([sys.executable, "-c", "pass"])
    line("cold python -c pass", bare, "s", "median of 5")
    for name, cmd in (("cold slax diff", ["diff", str(a), str(b)]), ("cold slax blanks", ["blanks", str(a)])):
        wall = median_wall(SLAX + cmd)
        line(name, wall, "s", f"median of 5; {wall - bare:.3f} s over python -c pass")
        walls = []
        for _ in range(5):
            empty_rule_cache(a.parent.parent)
            walls.append(median_wall(SLAX + cmd, n=1))
        line(f"{name}, empty rule cache", statistics.median(walls), "s", "median of 5; as the first run after "
             "installing")


def linearity(tmp: Path, unit: int) -> None:
    """5. 1x, 4x, 16x the input, in one process (-j 1) so that pool start-up does not blur the ratio."""
    base_wall = None
    for factor in (1, 4, 16):
        folder = tmp / f"lin{factor}"
        make_texts(folder, unit * factor, seed=factor)
        wall = run_cli(["extract", str(folder), "--format", "jsonl", "-o", str(tmp / f"lin{factor}.jsonl"),
                        "-j", "1"])
        base_wall = base_wall or wall
        line(f"extract {factor}x ({unit * factor} letters, -j 1)", wall, "s", f"{wall / base_wall:.2f}x the time of 1x")
        shutil.rmtree(folder)

if __name__ == "__main__":
    sys.exit(main())
