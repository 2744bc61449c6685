"""Regenerate samples/ from the seed file: text letters, then PDF, DOCX and HTML versions.

    python3 scripts/make_samples.py [--seed PATH]

The text letters are raw UTF-8 slices of the seed (all its messiness kept). The
PDF/DOCX/HTML versions carry the same letter with the converter's pinyin glosses and
mojibake repaired (by the normalizer's own rules), as a clean document would
look; the traditional characters stay. Needs fpdf2, python-docx and a CJK font
(fonts-wqy-microhei, or SLAX_CJK_FONT=/path/to/font.ttf|ttc).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import UTC
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from extractor.rules.patterns import load  # noqa: E402

SAMPLES = ROOT / "samples"
SEED_CANDIDATES = (ROOT.parent / "shared/seed/sla_commitment_letters_9.txt", SAMPLES / "seed/sla_commitment_letters_9.txt")
# Each letter opens with this title followed by 第(N)篇; the first occurrence of the
# title is the collection's heading "(9篇)" and does not match.
LETTER_START = regex.compile(r"服務\(wù\)水平連續\(xù\)性保證承諾書(?=第\(\d{1,2}\)篇)")
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
# Letters that come out as PDFs in a larger type, so that more of them span pages.
FONT_SIZE = 14
FIXED_DATE = (2024, 1, 1)  # reproducible output: the same bytes on every run


def split_letters(seed: str) -> list[str]:
    starts = [m.start() for m in LETTER_START.finditer(seed)]
    if not starts:
        raise SystemExit("make_samples: no letter titles found in the seed")
    letters = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else seed.index("\n", start)
        letters.append(seed[start:end])
    return letters


def clean(text: str) -> str:
    """Apply the normalizer's gloss and mojibake rules only: what a clean copy of the letter reads."""
    rules = load("normalize")
    for rule in rules["rewrite"]:
        if rule["id"].startswith("mojibake"):
            text = regex.sub(rule["regex"], rule["replace"], text)
    for rule in rules["remove"]:
        if rule["id"] == "pinyin_gloss":
            text = regex.sub(rule["regex"], "", text)
    return text


def find_font() -> str:
    for candidate in (os.environ.get("SLAX_CJK_FONT"), *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    raise SystemExit(
        "make_samples: no CJK font found; install fonts-wqy-microhei "
        "(apt-get install fonts-wqy-microhei) or set SLAX_CJK_FONT=/path/to/font.ttc"
    )


def write_pdf(text: str, out: Path, font: str) -> None:
    from datetime import datetime

    from fpdf import FPDF
    from fpdf.enums import WrapMode

    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(*FIXED_DATE, tzinfo=UTC))
    options = {"collection_font_number": 0} if font.endswith(".ttc") else {}
    pdf.add_font("cjk", fname=font, **options)
    pdf.set_font("cjk", size=FONT_SIZE)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for paragraph in text.split("\n"):
        # CHAR wrapping breaks anywhere, like Word does in Chinese text, and never drops a space.
        pdf.multi_cell(0, FONT_SIZE * 0.6, paragraph, align="L", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))


def write_docx(text: str, out: Path) -> None:
    import datetime

    import docx

    document = docx.Document()
    document.core_properties.created = datetime.datetime(*FIXED_DATE)
    document.core_properties.modified = datetime.datetime(*FIXED_DATE)
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    document.save(str(out))
    _fix_zip_times(out)


def write_html(text: str, out: Path, title: str) -> None:
    """The letter as a web page would carry it: a menu and a footer around one <p> per line."""
    from html import escape

    body = "".join(f"<p>{escape(line)}</p>\n" for line in text.split("\n"))
    out.write_text(f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
                   '<style>p { margin: 0 0 .5em }</style></head>\n<body><nav><a href="/">首页</a><a href="/docs">'
                   f"文档中心</a></nav>\n<main>\n{body}</main>\n<script>window.dataLayer = [];</script>"
                   "</body></html>\n", encoding="utf-8")


def _fix_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed entry times: python-docx stamps the current time."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(*FIXED_DATE, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, help="the seed file (default: ../shared/seed or samples/seed)")
    args = parser.parse_args(argv)
    seed_path = args.seed or next((p for p in SEED_CANDIDATES if p.is_file()), None)
    if seed_path is None:
        raise SystemExit("make_samples: seed file not found; pass --seed PATH")
    font = find_font()
    for sub in ("seed", "letters", "pdf", "docx", "html"):
        (SAMPLES / sub).mkdir(parents=True, exist_ok=True)
    seed_copy = SAMPLES / "seed" / "sla_commitment_letters_9.txt"
    if seed_path.resolve() != seed_copy.resolve():
        shutil.copyfile(seed_path, seed_copy)
    seed = seed_path.read_bytes().decode("utf-8")
    for n, letter in enumerate(split_letters(seed), start=1):
        stem = f"letter_{n:02d}"
        (SAMPLES / "letters" / f"{stem}.txt").write_bytes(letter.encode("utf-8"))
        cleaned = clean(letter)
        write_pdf(cleaned, SAMPLES / "pdf" / f"{stem}.pdf", font)
        write_docx(cleaned, SAMPLES / "docx" / f"{stem}.docx")
        write_html(cleaned, SAMPLES / "html" / f"{stem}.html", cleaned.split("\n", 1)[0][:40])
        print(f"{stem}: {len(letter)} chars")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
