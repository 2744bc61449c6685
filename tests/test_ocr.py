"""OCR of scans (extractor/document/ocr.py, scans.py): the reader dispatch, reading order, seal-red masking, the
--ocr modes and the clear error without the extra; on scans we render ourselves, that OCR'd extraction matches
the text version (tests/test_ocr_quality.py measures that on 16 letters).

Tests that run the OCR engine skip only when the extra is not installed and CI is not set: CI installs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _fixtures import cjk_pdf

from extractor.document import ocr, ocr_layout, read_pdf, seals
from extractor.document.read import ReadError, ReadLimits, iter_files, limits_in_force, read
from extractor.pipeline import process

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "tests" / "scans"
LETTERS = ROOT / "tests" / "letters"
# Skipped only where the extra is missing outside CI (CI installs it) or cannot be installed (Python 3.13+).
OCR_MISSING = not ocr.available() and (not os.environ.get("CI") or sys.version_info >= (3, 13))
needs_ocr = pytest.mark.skipif(OCR_MISSING,
                               reason="OCR extra not installed: pip install 'slax[ocr]'")


@pytest.fixture
def no_extra(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda engine=None: False)


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=300)


# ---------------------------------------------------------------- without OCR

def test_scanned_pdf_without_the_extra_says_how_to_install_it(tmp_path, no_extra):
    path = tmp_path / "scan.pdf"
    path.write_bytes(cjk_pdf([], image=True))
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.reason == "no text layer (scanned/image-only PDF); OCR needs the optional extra: " \
                               "pip install 'slax[ocr]'"


def test_image_without_the_extra_is_one_clear_error(tmp_path, no_extra):
    path = tmp_path / "letter.jpg"
    path.write_bytes((SCANS / "at_ops_commitment.jpg").read_bytes())
    with pytest.raises(ReadError) as err:
        read(path)
    assert err.value.reason == "an image file: OCR needs the optional extra: pip install 'slax[ocr]'"


def test_ocr_never_refuses_scans_and_images_in_one_line(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes((SCANS / "at_ops_commitment.pdf").read_bytes())
    done = _cli("extract", "--ocr", "never", str(path), str(SCANS / "at_ops_commitment.jpg"), "-f", "jsonl")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 or done.returncode == 1
    assert f"slax: error: {path}: no text layer (scanned/image-only PDF); OCR is off (--ocr never)" in lines
    assert any(l.endswith("at_ops_commitment.jpg: an image file: reading it needs OCR, which is off (--ocr never)")
               for l in lines)
    assert "Traceback" not in done.stderr


def test_a_bad_ocr_mode_is_a_usage_error():
    done = _cli("extract", "--ocr", "sometimes", str(LETTERS / "at_ops_commitment.txt"))
    assert done.returncode == 2 and "sometimes" in done.stderr and "auto, always, never" in done.stderr


def test_text_inputs_read_as_before(tmp_path):
    """No `ocr` or `seals` key appears for a text file or a PDF with a text layer; no page is rendered."""
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(cjk_pdf(["服务承诺书", "系统可用性不低于99.9%,故障响应时间不超过30分钟。"]))
    for path in (LETTERS / "at_ops_commitment.txt", pdf):
        data = json.loads(process(path).model_dump_json())
        assert "ocr" not in data["source"] and all("seals" not in letter for letter in data["letters"])


def test_folders_read_images_only_with_ocr(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("服务承诺书", encoding="utf-8")
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.setattr(ocr, "available", lambda engine=None: True)
    assert [p.name for p in iter_files([tmp_path])] == ["a.txt", "b.jpg"]
    with limits_in_force(ReadLimits(ocr="never")):
        assert [p.name for p in iter_files([tmp_path])] == ["a.txt"]


# ---------------------------------------------------------------- pieces

def test_seal_red_is_masked_and_ink_under_it_kept():
    page = np.full((60, 60, 3), 230, dtype=np.uint8)
    page[10:20, :, :] = 20  # a line of text
    page[:, 30:40] = (200, 30, 40)  # the seal's red over paper
    page[10:20, 30:40] = (18, 3, 4)  # and over the text: red multiplied onto black stays dark
    mask = ocr.red_mask(page)
    assert mask[30, 35] and not mask[15, 35] and not mask[15, 5] and not mask[40, 5]
    page[40:50, 30:40] = (225, 175, 170)  # the stamp's blurred pink rim: not seal red, still no ink
    page[50:55, 0:10] = (120, 118, 112)  # a grey text stroke on tinted paper
    clean = ocr.without_red(page)
    assert clean[30, 35].tolist() == [200, 200, 200]  # stamp on paper turns into light paper
    assert clean[45, 35].tolist() == [225, 225, 225] and not ocr.red_mask(page)[45, 35]
    assert clean[15, 35].max() < 60  # text under the stamp stays dark
    assert (clean[52, 5] == page[52, 5]).all() and (clean[15, 5] == page[15, 5]).all()  # ink is left alone


def test_ocr_reads_only_the_inked_part_of_a_page():
    page = np.full((1754, 1240, 3), 235, dtype=np.uint8)
    page[200:230, 150:1000] = 30  # one line of text near the top
    x0, y0, x1, y1 = ocr.inked_area(page)
    assert x0 < 150 and x1 > 1000 and y0 < 200 and 230 < y1 < 1000  # the blank lower half is left out
    assert y1 - y0 >= ocr.DET_MIN_SIDE  # never below what the detector would enlarge again
    assert ocr.inked_area(np.full((100, 80, 3), 240, dtype=np.uint8)) == (0, 0, 80, 100)  # a blank page: all


def test_ocr_lines_in_reading_order_with_table_cells():
    lines = [ocr.OcrLine("第二行", (100, 300, 160, 320), 0.9),
             ocr.OcrLine("99%", (400, 102, 430, 121), 0.8),
             ocr.OcrLine("可用性", (100, 100, 160, 120), 0.95),
             ocr.OcrLine("恢复", (100, 200, 140, 220), 0.9), ocr.OcrLine("4小时", (400, 201, 450, 220), 0.9),
             ocr.OcrLine("1.1供电", (100, 400, 240, 420), 0.9,
                         glyphs=[(c, [[x, 400], [x + 10, 400], [x + 10, 420], [x, 420]])
                                 for c, x in zip("1.1供电", (100, 110, 120, 140, 160))])]
    page = ocr.page_lines(ocr.PageScan(lines, (1240, 1754), 150))
    first = page.lines[0].chars[0][1]  # boxes in points: pixels * 72 / dpi
    assert first == pytest.approx((48.0, 48.0, 57.6, 57.6))
    assert page.width == pytest.approx(1240 * 72 / 150)
    text = read_pdf.assemble([page])[0]
    # two rows with wide gaps are table cells, as in a text PDF; the space after a clause number is put back
    assert text.split("\n") == ["可用性 | 99%", "恢复 | 4小时", "第二行", "1.1 供电"]


def test_a_recognized_table_rule_is_a_cell_boundary():
    line = ocr.OcrLine("级别丨说明|时限", (100, 100, 300, 120), 0.9)
    assert "".join(c for c, _ in ocr_layout._char_boxes(line)) == "级别 | 说明 | 时限"


def _ring(size: int, centre, radius: int, width: int) -> np.ndarray:
    y, x = np.mgrid[:size, :size]
    d = np.hypot(x - centre[0], y - centre[1])
    return (d < radius) & (d > radius - width)


@needs_ocr  # OpenCV comes with the extra
def test_seal_shapes_are_found_and_red_lines_are_not():
    mask = _ring(800, (300, 400), 90, 8)  # a 3 cm seal at 150 dpi
    mask[700:706, 50:700] = True  # a red underline
    mask[100:160, 600:606] = True  # a red tick
    found = seals.find_on_page(mask, 150)
    assert len(found) == 1
    x0, y0, x1, y1 = found[0]
    assert abs((x0 + x1) / 2 - 300) < 3 and abs((y0 + y1) / 2 - 400) < 3
    assert seals.find_on_page(np.zeros((800, 800), dtype=bool), 150) == []


def test_letter_seals_are_listed_unknown_or_absent():
    report = {"looked": [1, 2], "colourless": [2], "found": [{"page": 1, "bbox": [1, 2, 3, 4], "near": "x",
                                                              "offset": 5}]}
    pages = [1] * 10 + [2] * 10
    assert seals.letter_seals(report, 0, 10, pages) == [{"page": 1, "bbox": [1, 2, 3, 4], "near": "x"}]
    assert seals.letter_seals(report, 10, 20, pages) == "unknown"
    assert seals.letter_seals({**report, "colourless": []}, 10, 20, pages) == []
    assert seals.letter_seals(None, 0, 10, pages) is None


# ---------------------------------------------------------------- with OCR (the committed scans)

def _facts(doc) -> set:
    return {(f.kind, f.value, f.unit) for letter in doc.letters for f in letter.timings} | \
           {("availability", f.value) for letter in doc.letters for f in letter.availability}


@needs_ocr
@pytest.mark.parametrize("name", ["at_ops_commitment.pdf", "at_ops_commitment.jpg"])
def test_a_stamped_scan_reads_like_its_text(name):
    doc = process(SCANS / name)
    text = process(LETTERS / "at_ops_commitment.txt")
    assert doc.source.ocr.engine == "rapidocr" and doc.source.ocr.pages == [1]
    assert doc.source.ocr.mean_confidence > 0.8
    assert doc.source.format == ("pdf" if name.endswith(".pdf") else "image")
    assert _facts(doc) == _facts(text)
    assert all(f.span.page == 1 for letter in doc.letters for f in letter.timings)
    found = [s for letter in doc.letters for s in letter.seals]
    assert len(found) == 1 and found[0].page == 1 and "承诺" in found[0].near


@needs_ocr
def test_a_black_and_white_scan_reports_seals_unknown():
    doc = process(SCANS / "blind2_sms_platform-bw.pdf")
    assert doc.letters and all(letter.seals == "unknown" for letter in doc.letters)
    assert _facts(doc) == _facts(process(LETTERS / "blind2_sms_platform.txt"))


@needs_ocr
def test_a_mixed_pdf_reads_only_its_scanned_page_by_ocr(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    from _fixtures import CJK_FONT

    scan = tmp_path / "page.jpg"
    scan.write_bytes((SCANS / "at_ops_commitment.jpg").read_bytes())
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "服务承诺书\n系统可用性不低于99.5%。")
    pdf.add_page()
    pdf.image(str(scan), x=0, y=0, w=210, h=297)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(bytes(pdf.output()))
    raw = read(path)
    assert raw.ocr["pages"] == [2] and raw.pages == 2
    assert "99.5%" in raw.text and "不低于99.9%" in raw.text
    assert set(raw.char_pages[:raw.text.index("99.5%")]) == {1}


@needs_ocr
def test_ocr_always_reads_a_text_pdf_by_ocr(tmp_path, monkeypatch):
    path = tmp_path / "letter.pdf"
    path.write_bytes(cjk_pdf(["服务承诺书", "系统可用性不低于99.9%,故障响应时间不超过30分钟。"], size=14))
    with limits_in_force(ReadLimits(ocr="always")):
        raw = read(path)
    assert raw.ocr["pages"] == [1] and "不低于99.9%" in raw.text
