"""Write a folder of small broken, odd and hostile input files (for tests/test_broken.py and benchmarks).

    python3 scripts/make_broken_corpus.py OUT_DIR

Each file is built from a sample letter; nothing is downloaded. ``EXPECTED`` says what slax
should make of each: "ok" (a document with facts) or the words its one-line error must contain.
"""
from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
LETTER = ROOT / "samples" / "letters" / "letter_01.txt"

EXPECTED = {
    "empty.txt": "empty file",
    "empty.pdf": "empty file",
    "empty.docx": "empty file",
    "truncated.pdf": "truncated",
    "broken_xref.pdf": "ok",  # the xref table is rebuilt from the objects, as every PDF reader does
    "encrypted.pdf": "password",
    "encrypted_empty_user_password.pdf": "ok",  # opens without a password: readers must not refuse it
    "image_only.pdf": "no text layer",
    "not_a_pdf.pdf": "not a valid PDF",
    "old_word.doc": ".doc format is not supported",
    "doc_renamed.docx": ".doc format is not supported",
    "zip_not_word.docx": "not a valid .docx",
    "truncated.docx": "not a valid .docx",
    "html_saved_as.txt": "ok",
    "utf16le_no_bom.txt": "ok",
    "utf16be_no_bom.txt": "ok",
    "mixed_line_ends.txt": "ok",
    "gb18030.txt": "ok",
    "binary.txt": "binary",
    "nul_bytes.txt": "binary",
}


def letter() -> str:
    return LETTER.read_text(encoding="utf-8")


def pdf(text: str, *, owner: str | None = None, user: str | None = None, image_only: bool = False) -> bytes:
    import fpdf
    from fpdf.enums import WrapMode

    doc = fpdf.FPDF(format="A4")
    if owner is not None:
        doc.set_encryption(owner_password=owner, user_password=user or "")
    doc.add_font("cjk", fname=str(FONT), collection_font_number=0)
    doc.set_font("cjk", size=11)
    doc.add_page()
    if image_only:
        from PIL import Image

        doc.image(Image.new("RGB", (400, 300), "white"), x=20, y=20, w=150)
    else:
        for line in text.splitlines():
            doc.multi_cell(0, 6, line or " ", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def docx(text: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def broken_xref(data: bytes) -> bytes:
    # Point every xref entry at offset 0: the table is wrong, the objects are intact.
    head, sep, tail = data.rpartition(b"\nxref\n")
    lines = tail.split(b"\n")
    out = [b"0000000000 00000 n\r" if len(ln) >= 18 and ln[:10].isdigit() and ln[17:18] == b"n" else ln for ln in lines]
    return head + sep + b"\n".join(out)


def make(out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    text = letter()
    rng = random.Random(6)
    good_pdf = pdf(text)
    files = {
        "empty.txt": b"",
        "empty.pdf": b"",
        "empty.docx": b"",
        "truncated.pdf": good_pdf[: len(good_pdf) // 2],
        "broken_xref.pdf": broken_xref(good_pdf),
        "encrypted.pdf": pdf(text, owner="owner-pw", user="secret"),
        "encrypted_empty_user_password.pdf": pdf(text, owner="owner-pw"),
        "image_only.pdf": pdf(text, image_only=True),
        "not_a_pdf.pdf": text.encode("utf-8"),
        "old_word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(2000)),
        "doc_renamed.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(2000)),
        "truncated.docx": docx(text)[:3000],
        "html_saved_as.txt": ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>承诺书</title>"
                              "<style>p{margin:0}</style></head><body>"
                              + "".join(f"<p>{line}</p>\n" for line in text.splitlines())
                              + "</body></html>").encode("utf-8"),
        "utf16le_no_bom.txt": text.encode("utf-16-le"),
        "utf16be_no_bom.txt": text.encode("utf-16-be"),
        "mixed_line_ends.txt": "".join(line + rng.choice(("\r\n", "\r", "\n")) for line in text.splitlines())
        .encode("utf-8"),
        "gb18030.txt": text.encode("gb18030"),
        "binary.txt": bytes(rng.randrange(256) for _ in range(3000)),
        "nul_bytes.txt": b"\x00" * 500 + text.encode("utf-8")[:300],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "这不是Word文档")
        z.writestr("data/table.csv", "a,b\n1,2\n")
    files["zip_not_word.docx"] = buf.getvalue()
    for name, data in files.items():
        (out / name).write_bytes(data)
    return dict(EXPECTED)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, expect in make(Path(sys.argv[1])).items():
        print(f"{name}: {expect}")
