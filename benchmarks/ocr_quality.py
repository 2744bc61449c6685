"""How well OCR'd extraction matches the text version: character error rate, fact F1 per family, s/page.

    python3 benchmarks/ocr_quality.py                    # both engines on the OCR letter set (docs/ocr.md)
    python3 benchmarks/ocr_quality.py --engines rapidocr --limit 5

Each letter of OCR_LETTERS (our own tests/letters) is rendered as a damaged, stamped scan
(scripts/make_scans.py), saved as an image-only PDF and extracted through OCR; its facts are compared with the
facts of the .txt. The functions here are also what tests/test_ocr.py asserts with.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = ("availability", "timings", "penalties", "parties", "blanks")
# One-page letters of every family, among them traditional characters, GBK and Big5 files, a credit table,
# filled and unfilled blanks, two letters in one file.
OCR_LETTERS = (
    "at2_hw_warranty_trad.txt", "at_cloud_sla_credits.txt", "at_ops_commitment.txt", "blind12_single_gbk.txt",
    "blind13_atm_maint.txt", "blind13_fssc_itsla.txt", "blind2_bank_outsourcing.txt", "blind2_idc_colo_credits.txt",
    "blind2_video_conf_big5.txt", "blind3_itso_assess.txt", "blind4_dc_colo_power.txt", "blind4_two_letters.txt",
    "blind4_printer_copier.txt", "blind_cdn_sla.txt", "blind_dr_rto.txt", "blind9_logistics_wh.txt",
)
# What a fact is, for comparing two extractions of the same letter: not where it is or how its text reads.
# ocr_confidence and bbox say how sure OCR was and where a fact stands: the fact is the same. A `seal` blank (an
# unstamped 盖章 slot) only a scan can have: the text version cannot say whether a seal is there, so it is not a
# fact to compare.
_NOT_COMPARED = {"span", "text", "clause", "rule", "context", "line", "evidence", "ocr_confidence", "bbox"}
_SCAN_ONLY_KINDS = {"seal"}


def fact_keys(doc) -> dict[str, Counter]:
    """Per family, a multiset of the document's facts as comparable keys."""
    out: dict[str, Counter] = {family: Counter() for family in FAMILIES}
    for letter in doc.letters:
        for family in FAMILIES:
            for fact in getattr(letter, family):
                if getattr(fact, "kind", None) in _SCAN_ONLY_KINDS and family == "blanks":
                    continue
                data = fact.model_dump(mode="json", exclude=_NOT_COMPARED)
                out[family][json.dumps(data, ensure_ascii=False, sort_keys=True)] += 1
    return out


def family_f1(pairs) -> dict[str, float]:
    """Fact F1 per family over (text-version document, OCR'd document) pairs, the text version the truth."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for truth, found in pairs:
        want, got = fact_keys(truth), fact_keys(found)
        for family in FAMILIES:
            hit = sum((want[family] & got[family]).values())
            tp[family] += hit
            fp[family] += sum(got[family].values()) - hit
            fn[family] += sum(want[family].values()) - hit
    return {f: (2 * tp[f] / (2 * tp[f] + fp[f] + fn[f]) if tp[f] + fp[f] + fn[f] else 1.0) for f in FAMILIES}


def cer(truth: str, found: str) -> float:
    """Character error rate, whitespace ignored (OCR does not see where lines were wrapped)."""
    from rapidfuzz.distance import Levenshtein

    a, b = "".join(truth.split()), "".join(found.split())
    return Levenshtein.distance(a, b) / max(1, len(a))


def render_set(folder: Path, names=OCR_LETTERS, dpi: int = 150) -> list[tuple[Path, Path]]:
    """(text letter, image-only PDF scan) for each letter, the scans rendered into ``folder``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scans

    out = []
    for name in names:
        letter = ROOT / "tests" / "letters" / name
        images, _ = make_scans.render(make_scans.letter_text(letter), dpi=dpi, seed=make_scans.seed_of(letter))
        out += [(letter, make_scans.save(images, folder / letter.stem, "pdf", dpi)[0])]
    return out


def measure(engine: str, scans: list[tuple[Path, Path]]) -> dict:
    """CER, fact F1 per family and seconds per page of ``engine`` on ``scans``."""
    os.environ["SLAX_OCR_ENGINE"] = engine
    from extractor.document.read import read
    from extractor.document.read_txt import decode
    from extractor.pipeline import process, process_raw

    pairs, errors, pages, seconds, cpu = [], [], 0, 0.0, 0.0
    for letter, scan in scans:
        start, start_cpu = time.perf_counter(), _cpu()
        raw = read(scan)
        seconds += time.perf_counter() - start
        cpu += _cpu() - start_cpu
        pages += raw.pages or 1
        errors.append(cer(decode(letter.read_bytes())[0], raw.text))
        pairs.append((process(letter), process_raw(raw)))
    return {"engine": engine, "cer": sum(errors) / len(errors), "f1": family_f1(pairs),
            "s_per_page": seconds / pages, "cpu_s_per_page": cpu / pages, "pages": pages}


def _cpu() -> float:
    """CPU seconds of this process and the programs it ran (Tesseract runs as one): on a machine shared with
    other work this, unlike the wall clock, does not depend on their load."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--dpi", type=int, default=150)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ["SLAX_OCR_DPI"] = str(args.dpi)
    names = OCR_LETTERS[:args.limit] if args.limit else OCR_LETTERS
    with tempfile.TemporaryDirectory() as tmp:
        scans = render_set(Path(tmp), names, args.dpi)
        print("| engine | CER | " + " | ".join(f"F1 {f}" for f in FAMILIES) + " | s/page | CPU s/page |")
        print("|---" * (len(FAMILIES) + 4) + "|")
        for engine in args.engines.split(","):
            from extractor.document import ocr

            ocr.available.cache_clear()
            if not ocr.available(engine):
                print(f"| {engine} | not installed |")
                continue
            m = measure(engine, scans)
            print(f"| {engine} | {m['cer']:.3f} | " + " | ".join(f"{m['f1'][f]:.3f}" for f in FAMILIES)
                  + f" | {m['s_per_page']:.2f} | {m['cpu_s_per_page']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
