"""Builders for reader test inputs: PDFs and DOCX files written into tmp_path; the CLI as a user runs it."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SLAX = [sys.executable, "-m", "extractor.app.cli"]


def run_slax(*args, **kw) -> subprocess.CompletedProcess:
    """`slax ARGS` in a child process, from the repository root (so this checkout's code runs)."""
    return subprocess.run([*SLAX, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300, **kw)


def cjk_pdf(paragraphs: list[str], *, size: float = 12, image: bool = False, user_password: str | None = None) -> bytes:
    """A4 PDF, one multi_cell per paragraph, wrapped anywhere like Chinese text in Word."""
    fpdf = pytest.importorskip("fpdf")
    from fpdf.enums import WrapMode

    if not CJK_FONT.exists():
        pytest.skip(f"CJK font {CJK_FONT} not installed")
    pdf = fpdf.FPDF(format="A4")
    if user_password:
        pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=0)
    pdf.set_font("cjk", size=size)
    pdf.add_page()
    if image:
        from PIL import Image

        pdf.image(Image.new("RGB", (300, 200), "white"), x=20, y=20, w=120)
    for paragraph in paragraphs:
        pdf.multi_cell(0, size * 0.6, paragraph, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_bytes(blocks: list) -> bytes:
    """A .docx from a list of paragraphs (str) and tables (list of rows of cell strings)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def drops_only_whitespace(longer: str, shorter: str) -> bool:
    """``shorter`` is ``longer`` with some spaces and line ends deleted: the normalizer's layout repairs read
    context (a run's length, neighbouring lines), so a slice normalized alone may keep what the whole text drops."""
    i = 0
    for c in longer:
        if i < len(shorter) and c == shorter[i]:
            i += 1
        elif c not in " \n":
            return False
    return i == len(shorter)
