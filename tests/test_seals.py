"""Seals on text PDFs and unstamped seal slots (issue 15): a digital letter with a stamp image pasted near its
承诺方(盖章) reports the seal; one whose signature block asks for a seal and shows none gets a ``seal`` blank, only
where seal detection ran in colour. Every PDF and image here is generated from our own test letters."""
from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import pytest
from _fixtures import CJK_FONT, run_slax

from extractor.app.blanklist import blank_records
from extractor.document import ocr
from extractor.document.read import ReadLimits, limits_in_force, read
from extractor.families.blanks import seal_slots
from extractor.pipeline import process

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "tests" / "letters" / "blind_cdn_sla.txt"  # one page, ends with 承诺方(盖章):星桥网络科技…
OCR_MISSING = not ocr.available() and (not os.environ.get("CI") or sys.version_info >= (3, 13))
needs_ocr = pytest.mark.skipif(OCR_MISSING, reason="OCR extra not installed: pip install 'slax[ocr]'")


def stamp_png(path: Path, colour=(210, 30, 40)) -> Path:
    """A round company seal (ring, star, lettering) on a transparent background, as a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((10, 10, 390, 390), outline=(*colour, 230), width=18)
    star = [(200 + 70 * math.cos(math.pi / 2 + k * 4 * math.pi / 5), 200 - 70 * math.sin(math.pi / 2 + k * 4 * math.pi / 5))
            for k in range(5)]
    d.polygon(star, fill=(*colour, 230))
    font = ImageFont.truetype(str(CJK_FONT), 40, index=0)
    for k, ch in enumerate("测试科技有限公司"):
        angle = math.pi * (1.1 - 1.2 * k / 7)
        d.text((200 + 140 * math.cos(angle), 200 - 140 * math.sin(angle)), ch, fill=(*colour, 230), font=font,
               anchor="mm")
    img.save(path)
    return path


def letter_pdf(path: Path, image: Path | None = None, *, at: str = "slot", size_mm: float = 38) -> Path:
    """Our letter as a text PDF (fpdf2), with ``image`` drawn over its 承诺方(盖章) line (``at="slot"``) or at the
    top of the page (``at="top"``, a logo)."""
    fpdf = pytest.importorskip("fpdf")
    from fpdf.enums import WrapMode

    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    slot_y = None
    for para in LETTER.read_text(encoding="utf-8").splitlines():
        if "(盖章)" in para:
            slot_y = pdf.get_y()
        pdf.multi_cell(0, 6, para or " ", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    if image is not None:
        y = slot_y + 3 - size_mm / 2 if at == "slot" else 5
        pdf.image(str(image), x=30 if at == "slot" else 150, y=y, w=size_mm)
    path.write_bytes(bytes(pdf.output()))
    return path


def _logo(path: Path, colour) -> Path:
    from PIL import Image

    Image.new("RGB", (300, 100), colour).save(path)
    return path


# ---------------------------------------------------------------- seals on text PDFs

@needs_ocr  # OpenCV and the seal detection come with the OCR extra
def test_a_stamp_image_on_a_text_pdf_is_a_seal_near_its_slot(tmp_path):
    path = letter_pdf(tmp_path / "stamped.pdf", stamp_png(tmp_path / "seal.png"))
    doc = process(path)
    assert doc.source.ocr is None  # its text comes from the text layer: nothing was OCR'd
    (letter,) = doc.letters
    assert len(letter.seals) == 1 and letter.seals[0].page == 1 and "盖章" in letter.seals[0].near
    x0, top, x1, bottom = letter.seals[0].bbox  # 38 mm = 108 pt, drawn at x = 30 mm = 85 pt
    assert abs(x0 - 85) < 6 and abs(x1 - x0 - 108) < 8 and abs(bottom - top - 108) < 8
    assert [b for b in letter.blanks if b.kind == "seal"] == []
    assert [f.value for f in letter.availability] == [f.value for f in process(LETTER).letters[0].availability]


@needs_ocr
def test_a_text_pdf_with_a_colour_logo_and_no_seal_gets_a_seal_blank(tmp_path):
    path = letter_pdf(tmp_path / "logo.pdf", _logo(tmp_path / "logo.png", (20, 60, 200)), at="top")
    (letter,) = process(path).letters
    assert letter.seals == []
    seal = [b for b in letter.blanks if b.kind == "seal"]
    assert [(b.label, b.text, b.span.page) for b in seal] == [("盖章", "(盖章)", 1)]
    raw = read(path)
    assert raw.text[seal[0].span.start - 3:seal[0].span.end] == "承诺方(盖章)"
    assert [r.label for r in blank_records(path) if r.kind == "seal"] == ["盖章"]
    assert [r for r in blank_records(path, ["seal"]) if r.kind == "seal"] == []


@needs_ocr
def test_a_grey_image_leaves_seals_unknown_and_no_seal_blank(tmp_path):
    path = letter_pdf(tmp_path / "grey.pdf", _logo(tmp_path / "grey.png", (128, 128, 128)), at="top")
    (letter,) = process(path).letters
    assert letter.seals == "unknown"
    assert all(b.kind != "seal" for b in letter.blanks)


def test_a_text_pdf_without_images_is_never_rendered(tmp_path, monkeypatch):
    path = letter_pdf(tmp_path / "plain.pdf")
    monkeypatch.setattr(ocr, "available", lambda engine=None: True)
    monkeypatch.setattr(ocr, "render_pdf_pages", lambda *a: pytest.fail("a page was rendered"))
    doc = process(path)
    data = json.loads(doc.model_dump_json())
    assert all("seals" not in letter for letter in data["letters"])
    assert all(b.kind != "seal" for letter in doc.letters for b in letter.blanks)


@needs_ocr
def test_ocr_never_looks_for_no_seal_on_a_text_pdf(tmp_path):
    path = letter_pdf(tmp_path / "logo.pdf", _logo(tmp_path / "logo.png", (20, 60, 200)), at="top")
    with limits_in_force(ReadLimits(ocr="never")):
        (letter,) = process(path).letters
    assert letter.seals is None and all(b.kind != "seal" for b in letter.blanks)


@needs_ocr
def test_slax_blanks_lists_the_unstamped_slot_and_ignore_seal_skips_it(tmp_path):
    path = letter_pdf(tmp_path / "logo.pdf", _logo(tmp_path / "logo.png", (20, 60, 200)), at="top")
    shown = run_slax("blanks", path, "-f", "json")
    assert shown.returncode == 1, shown.stderr
    assert [(r["label"], r["kind"], r["page"]) for r in json.loads(shown.stdout)] == [("盖章", "seal", 1)]
    skipped = run_slax("blanks", path, "--ignore", "seal")
    assert skipped.returncode == 0 and skipped.stdout.strip() == "", skipped.stdout


# ---------------------------------------------------------------- which slot a seal stamps

def test_a_seal_stamps_the_nearest_slot_of_its_page_only():
    slots = [(1, (100, 700, 150, 712)), (1, (350, 700, 400, 712)), (2, (100, 700, 150, 712))]
    seal = {"page": 1, "bbox": [330, 650, 440, 760]}  # over 乙方(盖章), the right-hand slot
    assert seal_slots._stamped(slots, [seal]) == {1}
    assert seal_slots._stamped(slots, [{**seal, "bbox": [700, 100, 780, 180]}]) == set()  # far from every slot
    assert seal_slots._stamped([(1, None)], [seal]) == {0}  # a slot without a box takes its page's seal


@pytest.mark.parametrize(("text", "slots"), [
    ("承诺方(盖章):某公司\n日期:", ["(盖章)"]),
    ("甲方(公章):  乙方(签章):", ["(公章)", "(签章)"]),
    ("投标人名称:某公司(盖章)", ["(盖章)"]),
    ("单位公章:\n", ["单位公章"]),
    ("本承诺书自双方签字盖章之日起生效。", []),
    ("第三章 服务内容", []),
])
def test_seal_slots_are_the_signature_blocks_seal_words(text, slots):
    assert [m.group(0).strip() for m in seal_slots.SLOT.finditer(text)] == slots


# ---------------------------------------------------------------- scans

@needs_ocr
def test_an_unstamped_scan_gets_a_seal_blank_and_a_black_and_white_one_does_not(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scans

    images, drawn = make_scans.render(make_scans.letter_text(LETTER), seed=make_scans.seed_of(LETTER), seal=False)
    assert drawn == []
    colour = make_scans.save(images, tmp_path / "unstamped", "png", 150)[0]
    (letter,) = process(colour).letters
    assert letter.seals == []
    assert [(b.label, b.kind) for b in letter.blanks if b.kind == "seal"] == [("盖章", "seal")]
    grey = make_scans.save(images, tmp_path / "unstamped-bw", "bw", 150)[0]
    assert all(letter.seals == "unknown" and all(b.kind != "seal" for b in letter.blanks)
               for letter in process(grey).letters)


@needs_ocr
def test_a_scan_stamped_on_the_name_after_its_slot_has_no_seal_blank(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scans

    images, drawn = make_scans.render(make_scans.letter_text(LETTER), seed=make_scans.seed_of(LETTER))
    assert len(drawn) == 1  # drawn near the end of `承诺方(盖章):星桥网络科技(北京)有限公司`
    (letter,) = process(make_scans.save(images, tmp_path / "stamped", "jpg", 150)[0]).letters
    assert len(letter.seals) == 1
    assert all(b.kind != "seal" for b in letter.blanks)
