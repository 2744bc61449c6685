"""The committed samples: letters are faithful slices of the seed, and every format reads back the same letter."""
from __future__ import annotations

import importlib.util

import pytest
from _fixtures import ROOT, SAMPLES

from extractor.document.normalize import normalize
from extractor.document.read import read

LETTERS = range(1, 10)
MULTI_PAGE = (2, 5)
SHARED_SEED = ROOT.parent / "shared" / "seed" / "sla_commitment_letters_9.txt"
TITLE = "服務(wù)水平連續(xù)性保證承諾書"


def _norm(text: str) -> str:
    return normalize(text).text.rstrip()


def _letter(n: int) -> str:
    return (SAMPLES / "letters" / f"letter_{n:02d}.txt").read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "scripts" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared seed not present")
def test_seed_copy_is_byte_identical():
    assert (SAMPLES / "seed" / "sla_commitment_letters_9.txt").read_bytes() == SHARED_SEED.read_bytes()


def test_letters_are_the_seed_body_cut_at_each_title(make_samples):
    seed = (SAMPLES / "seed" / "sla_commitment_letters_9.txt").read_bytes().decode("utf-8")
    letters = [_letter(n) for n in LETTERS]
    assert make_samples.split_letters(seed) == letters
    body_start = seed.index(letters[0])
    assert seed[body_start : seed.index("\n", body_start)] == "".join(letters)


@pytest.mark.parametrize("n", LETTERS)
def test_letter_starts_with_its_title_and_number(n):
    assert _letter(n).startswith(f"{TITLE}第({n})篇")


@pytest.mark.parametrize("n", LETTERS)
def test_txt_letter_reads_as_utf8_exactly(n):
    raw = read(SAMPLES / "letters" / f"letter_{n:02d}.txt")
    assert (raw.format, raw.encoding, raw.text) == ("txt", "utf-8", _letter(n))


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("n", LETTERS)
def test_pdf_sample_reads_as_its_txt_letter(n, engine):
    raw = read(SAMPLES / "pdf" / f"letter_{n:02d}.pdf", engine=engine)
    assert raw.format == "pdf"
    assert _norm(raw.text) == _norm(_letter(n))
    assert len(raw.char_pages) == len(raw.text) == len(raw.char_boxes)


@pytest.mark.parametrize("n", LETTERS)
def test_docx_sample_reads_as_its_txt_letter(n):
    raw = read(SAMPLES / "docx" / f"letter_{n:02d}.docx")
    assert raw.format == "docx"
    assert _norm(raw.text) == _norm(_letter(n))


@pytest.mark.parametrize("n", MULTI_PAGE)
def test_long_letters_span_pages(n):
    raw = read(SAMPLES / "pdf" / f"letter_{n:02d}.pdf")
    assert raw.pages >= 2
    assert set(raw.char_pages) == set(range(1, raw.pages + 1))
    assert raw.char_pages == sorted(raw.char_pages)
    # A wrapped paragraph reads back whole: the letter has no line breaks, nor does the PDF text.
    assert "\n" not in raw.text


def test_clean_removes_glosses_and_mojibake_only(make_samples):
    assert make_samples.clean("原因?qū)е路\ue848?wù)中斷,服務(wù)可用性(SLA)") == "原因导致服务中斷,服務可用性(SLA)"


@pytest.mark.parametrize("n", LETTERS)
def test_html_sample_reads_as_its_txt_letter(n):
    raw = read(SAMPLES / "html" / f"letter_{n:02d}.html")
    assert raw.format == "html" and "首页" not in raw.text and "dataLayer" not in raw.text
    assert _norm(raw.text) == _norm(_letter(n))
