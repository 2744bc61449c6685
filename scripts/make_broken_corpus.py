"""Write a folder of small broken, odd and hostile input files (for tests/test_broken.py and benchmarks).

    python3 scripts/make_broken_corpus.py OUT_DIR

Each file is built from a sample letter; nothing is downloaded. ``EXPECTED`` says what slax
should make of each: "ok" (a document with facts) or the words its one-line error must contain, read with
``LIMITS`` (a small --max-bytes, so that the expanding .docx files can stay small and quick to build).
``SPECIAL`` entries are not regular files (a pipe, a socket, a device, a file whose reading fails even as
root); a folder walk skips them, so a batch names them on the command line.
"""
from __future__ import annotations

import io
import os
import random
import socket
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
    "zip_bomb.docx": "docx expands to more than",
    "many_paragraphs.docx": "docx expands to more than",
}
SPECIAL = {
    "fifo.txt": "not a regular file",  # opening it for reading would wait for a writer forever
    "socket.txt": "not a regular file",
    "device.txt": "not a regular file",  # a symlink to /dev/zero: reading never ends
    # A symlink to /proc/self/mem: a regular file whose first read fails (EIO) for any user, root
    # included, as a file on a failing disk does (chmod 000 does not stop root).
    "unreadable.txt": "cannot read file",
}
EXPECTED.update(SPECIAL)
LIMIT_BYTES = 4 * 2**20  # --max-bytes for the corpus: above every ordinary file here, below the .docx expansions
ZIP_BOMB_BYTES = 100 * 2**20  # what zip_bomb.docx expands to (about 100 KB on disk)


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


def expanding_docx(body_parts, compresslevel: int = 6) -> bytes:
    """A .docx whose word/document.xml body is streamed from ``body_parts`` (bytes): gigabytes of XML can
    be written without ever holding them."""
    template = io.BytesIO(docx("承诺书"))
    out = io.BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                           compresslevel=compresslevel) as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item.filename, src.read(item))
                continue
            head, _, tail = src.read(item).decode("utf-8").partition("<w:body>")
            with dst.open("word/document.xml", "w") as fh:
                fh.write((head + "<w:body>").encode("utf-8"))
                for part in body_parts:
                    fh.write(part)
                fh.write(tail.encode("utf-8"))
    return out.getvalue()


def zip_bomb(expanded: int) -> bytes:
    """``expanded`` bytes of the same tiny paragraph, about 1,000 times smaller zipped; parsed, every
    paragraph is an XML element and a Python object (one huge text node would be refused by lxml)."""
    paragraph = b"<w:p><w:r><w:t>A</w:t></w:r></w:p>"
    block = paragraph * (2**20 // len(paragraph))
    return expanding_docx([block] * (expanded // len(block)))


def many_paragraphs(expanded: int) -> bytes:
    """Ordinary paragraphs of the letter, over and over, until the XML is ``expanded`` bytes."""
    paragraphs = [f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>".encode() for line in letter().splitlines()]
    chunk = b"".join(paragraphs)
    return expanding_docx([chunk] * (expanded // len(chunk) + 1))


def make_special(out: Path) -> None:
    for name in SPECIAL:
        (out / name).unlink(missing_ok=True)
    os.mkfifo(out / "fifo.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(out / "socket.txt"))
    (out / "device.txt").symlink_to("/dev/zero")
    (out / "unreadable.txt").symlink_to("/proc/self/mem")


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
    files["zip_bomb.docx"] = zip_bomb(ZIP_BOMB_BYTES)
    files["many_paragraphs.docx"] = many_paragraphs(2 * LIMIT_BYTES)
    for name, data in files.items():
        (out / name).write_bytes(data)
    make_special(out)
    return dict(EXPECTED)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, expect in make(Path(sys.argv[1])).items():
        print(f"{name}: {expect}")
