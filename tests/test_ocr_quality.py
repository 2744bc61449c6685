"""OCR'd extraction against the text version, and seal detection, on 16 of our letters rendered at test time as
damaged, stamped scans (scripts/make_scans.py) plus 4 rendered without a seal.

Issue 15 asks for fact F1 of the scans within 0.05 of the text version per family (the text version is the
truth here, so its own F1 is 1.0): F1_FLOORS holds what is reached today. Seals: precision and recall >= 0.95."""
from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import pytest

from extractor.document import ocr
from extractor.document.read import read
from extractor.pipeline import process, process_raw

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "scripts")]
import make_scans  # noqa: E402
import ocr_quality  # noqa: E402

# Skipped only where the extra is missing outside CI (CI installs it) or cannot be installed (Python 3.13+).
OCR_MISSING = not ocr.available() and (not os.environ.get("CI") or sys.version_info >= (3, 13))
pytestmark = pytest.mark.skipif(OCR_MISSING,
                                reason="OCR extra not installed: pip install 'slax[ocr]'")
UNSTAMPED = ("blind_idc_colo.txt", "blind2_sms_platform.txt", "blind4_k8s_sla.txt", "blind2_multi.txt")
DPI = 150


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """(text letter, its document, the scan's document, seals drawn) for every rendered letter; two processes
    at a time, as `slax extract -j 2` would run them."""
    from concurrent.futures import ProcessPoolExecutor

    folder = tmp_path_factory.mktemp("scans")
    names = ocr_quality.OCR_LETTERS + UNSTAMPED
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(_scan_and_extract, names, [folder] * len(names)))


def _scan_and_extract(name: str, folder: Path):
    letter = ROOT / "tests" / "letters" / name
    images, drawn = make_scans.render(make_scans.letter_text(letter), dpi=DPI, seed=make_scans.seed_of(letter),
                                      seal=name not in UNSTAMPED)
    scan = make_scans.save(images, folder / letter.stem, "pdf", DPI)[0]
    return letter, process(letter), process_raw(read(scan)), drawn


# Fact F1 of the scans per family, the text version being the truth. The issue's goal is 0.95 for every family;
# these floors are what OCR reaches today less a fact or two (docs/ocr.md: traditional characters the
# simplified-Chinese model cannot read, a comma lost at a line end), so that a change for the worse fails.
# Measured 2026-12-07: 0.944, 0.985, 0.956, 0.968, 1.000 (blanks 0.870 before the page's ink was read: ocr_ink.py);
# then availability 1.000 once a level's gloss kept its period to itself (availability.toml glossed_level).
F1_FLOORS = {"availability": 0.95, "timings": 0.95, "penalties": 0.9, "parties": 0.95, "blanks": 0.95}
ISSUE_GOAL = 0.95


def test_ocr_facts_stay_close_to_the_text_version_per_family(scanned):
    stamped = [(text, doc) for letter, text, doc, _ in scanned if letter.name in ocr_quality.OCR_LETTERS]
    assert len(stamped) >= 15
    f1 = ocr_quality.family_f1(stamped)
    assert all(f1[family] >= F1_FLOORS[family] for family in ocr_quality.FAMILIES), f1
    # the family with the most facts, and blanks (date gaps, skipped crosses, slots under the seal), reach the goal
    assert f1["timings"] >= ISSUE_GOAL and f1["blanks"] >= ISSUE_GOAL, f1
    assert all(doc.source.ocr is not None and doc.source.ocr.pages for _, doc in stamped)


def test_seals_are_found_and_none_where_none_was_drawn(scanned):
    tp = fp = fn = 0
    for _, _, doc, drawn in scanned:
        found = [s for letter in doc.letters for s in (letter.seals or [])]
        assert all(letter.seals != "unknown" for letter in doc.letters)
        truth = [(s["page"], [v * 72 / DPI for v in s["bbox"]]) for s in drawn]
        hit = set()
        for seal in found:
            match = next((k for k, (page, box) in enumerate(truth) if page == seal.page and k not in hit
                          and _centre_distance(seal.bbox, box) < (box[2] - box[0]) / 2), None)
            if match is None:
                fp += 1
            else:
                hit.add(match)
                tp += 1
        fn += len(truth) - len(hit)
    assert tp + fn >= 16
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, (tp, fp, fn)


def _centre_distance(a, b) -> float:
    return math.hypot((a[0] + a[2] - b[0] - b[2]) / 2, (a[1] + a[3] - b[1] - b[3]) / 2)


def test_a_phone_photo_of_a_stamped_letter_reads_its_facts_and_seal(tmp_path):
    """A page photographed at a slant (corners moved by up to 4%, lit unevenly: make_scans.photographed) is read
    as it is, with no perspective correction: the letter's facts and its seal are still found."""
    letter = ROOT / "tests" / "letters" / "at_ops_commitment.txt"
    images, drawn = make_scans.render(make_scans.letter_text(letter), dpi=DPI, seed=make_scans.seed_of(letter))
    [photo] = make_scans.save(images, tmp_path / letter.stem, "photo", DPI)
    assert photo.name == "at_ops_commitment-photo.jpg" and drawn
    doc = process_raw(read(photo))
    f1 = ocr_quality.family_f1([(process(letter), doc)])
    assert f1["availability"] >= 0.9 and f1["timings"] >= 0.9 and f1["penalties"] >= 0.9, f1
    assert [len(letter.seals or []) for letter in doc.letters] == [1]
