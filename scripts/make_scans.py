"""Render our own test letters as scans: image-only PDFs and PNG/JPEG files with realistic damage.

    python3 scripts/make_scans.py OUT_DIR [LETTER.txt ...]   # default: tests/letters/*.txt
    python3 scripts/make_scans.py OUT_DIR --limit 20 --formats pdf,png,jpg,bw,photo

Only letters this project wrote (tests/letters/) are rendered, never third-party text. Each page is an A4
page at --dpi with: the letter wrapped in a CJK font, a red seal drawn over the signature block (the line with
盖章/公章/签章, else the last lines), a grey background, slight blur, 1-3° skew, noise and JPEG artefacts.
The ``bw`` format is the same scan with its colour removed (a black-and-white scanner). Beside each scan a
``NAME.seals.json`` records where the seals were drawn (page, bbox in pixels of the saved image, before the
skew): the truth for the seal-detection test. Seeded: the same input gives the same files.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = Path(os.environ.get("SLAX_CJK_FONT") or "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SEAL_WORDS = ("盖章", "公章", "签章", "(章)", "（章）")
A4_MM = (210, 297)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size, index=0)


def wrap(text: str, font, width: float) -> list[str]:
    """The letter's lines wrapped at ``width`` pixels, as a word processor would (CJK breaks anywhere)."""
    out = []
    for para in text.splitlines():
        line = ""
        for ch in para:
            if line and font.getlength(line + ch) > width:
                out.append(line)
                line = ch
            else:
                line += ch
        out.append(line)
    return out


def layout(text: str, dpi: int) -> tuple[list[list[tuple[str, int]]], int, tuple[int, int]]:
    """Pages of (line, y) for ``text`` at ``dpi``, the font size in pixels and the page size."""
    size = (round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi))
    px = round(12 / 72 * dpi)  # 12 pt
    margin = round(20 / 25.4 * dpi)
    font = _font(px)
    lines = wrap(text.strip("\n"), font, size[0] - 2 * margin)
    step = round(px * 1.7)
    pages, y = [[]], margin
    for line in lines:
        if y + step > size[1] - margin:
            pages.append([])
            y = margin
        pages[-1].append((line, y))
        y += step
    return pages, px, size


def seal_target(pages) -> tuple[int, int]:
    """(page index, line index) of the signature block's seal slot: the last line naming a seal, else the
    last line that names the promisor or a date, else the last line."""
    flat = [(p, i, line) for p, page in enumerate(pages) for i, (line, _) in enumerate(page)]
    for words in (SEAL_WORDS, ("承诺", "单位", "公司", "日期", "投标人")):
        hits = [(p, i) for p, i, line in flat if line.strip() and any(w in line for w in words)]
        if hits and hits[-1][0] == len(pages) - 1:
            return hits[-1]
    last = [(p, i) for p, i, line in flat if line.strip()]
    return last[-1]


def draw_seal(img: Image.Image, centre: tuple[int, int], radius: int, rng: random.Random, oval: bool) -> tuple:
    """A red company seal (ring, star, curved name) multiplied onto ``img``: the ink under it stays dark."""
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    rx, ry = (radius * 1.3, radius * 0.9) if oval else (radius, radius)
    width = max(3, radius // 14)
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=width)
    star = [(cx + radius * 0.3 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
             cy - radius * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    d.polygon(star, fill=255)
    font = _font(max(8, radius // 4))
    name = "测试科技有限公司合同专用章"
    for k, ch in enumerate(name):
        angle = math.pi * (1.15 - 1.3 * k / (len(name) - 1))
        x, y = cx + rx * 0.72 * math.cos(angle), cy - ry * 0.72 * math.sin(angle)
        d.text((x, y), ch, fill=255, font=font, anchor="mm")
    strength = np.asarray(layer, dtype=np.float32) / 255.0 * rng.uniform(0.75, 0.95)
    strength = strength * (0.8 + 0.2 * np.random.default_rng(rng.randrange(2**32)).random(strength.shape))
    ink = np.array([205, 25, 35], dtype=np.float32) / 255.0
    arr = np.asarray(img, dtype=np.float32)
    arr = arr * (1 - strength[..., None] * (1 - ink))  # multiply blend
    img.paste(Image.fromarray(arr.clip(0, 255).astype(np.uint8)))
    return (round(cx - rx - width), round(cy - ry - width), round(cx + rx + width), round(cy + ry + width))


def damage(img: Image.Image, rng: random.Random) -> Image.Image:
    """Off-white paper, scan blur, 1-3° skew, sensor noise."""
    arr = np.asarray(img, dtype=np.float32)
    grey = rng.uniform(215, 240)
    tint = np.array([1.0, rng.uniform(0.96, 0.99), rng.uniform(0.88, 0.95)], dtype=np.float32)  # paper, not grey
    arr = arr * (grey / 255.0) * tint
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 6, arr.shape[:2])
    arr = (arr + noise[..., None]).clip(0, 255)
    out = Image.fromarray(arr.astype(np.uint8)).filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
    angle = rng.uniform(1, 3) * rng.choice((-1, 1))
    return out.rotate(angle, resample=Image.BICUBIC, fillcolor=tuple(round(grey * t) for t in tint))


def render(text: str, *, dpi: int = 150, seed: int = 0, seal: bool = True) -> tuple[list[Image.Image], list[dict]]:
    """The scanned pages of ``text`` and the seals drawn on them ({page, bbox} in page pixels)."""
    rng = random.Random(seed)
    pages, px, size = layout(text, dpi)
    margin = round(20 / 25.4 * dpi)
    target = seal_target(pages) if seal else None
    images, seals = [], []
    for n, page in enumerate(pages):
        img = Image.new("RGB", size, "white")
        d = ImageDraw.Draw(img)
        font = _font(px)
        for line, y in page:
            d.text((margin, y), line, fill=(20, 20, 20), font=font)
        if target and target[0] == n:
            line, y = page[target[1]]
            x_end = margin + font.getlength(line)
            cx = min(max(x_end - px * 2, margin + px * 5), size[0] - margin - px * 4)
            radius = round(px * rng.uniform(2.6, 3.2))
            bbox = draw_seal(img, (round(cx), y + px // 2), radius, rng, oval=rng.random() < 0.3)
            seals.append({"page": n + 1, "bbox": list(bbox)})
        images.append(damage(img, rng))
    return images, seals


def photographed(img: Image.Image, rng: random.Random) -> Image.Image:
    """The page as a phone photo of it: seen slightly from one side (each corner moved by up to 4% of the page,
    so the lines converge), lit unevenly from one edge, then JPEG."""
    w, h = img.size
    corners = [(0, 0), (0, h), (w, h), (w, 0)]  # PIL's QUAD order: upper left, lower left, lower right, upper right
    moved = [(x + rng.uniform(-0.04, 0.04) * w, y + rng.uniform(-0.03, 0.03) * h) for x, y in corners]
    grey = tuple(int(c) for c in np.asarray(img)[2, 2])  # the paper's colour at a corner fills what the view leaves
    out = img.transform((w, h), Image.Transform.QUAD, data=[c for xy in moved for c in xy],
                        resample=Image.BICUBIC, fillcolor=grey)
    light = np.linspace(rng.uniform(0.82, 0.9), 1.0, w, dtype=np.float32)[None, :, None]  # darker at one edge
    arr = (np.asarray(out, dtype=np.float32) * (light if rng.random() < 0.5 else light[:, ::-1])).clip(0, 255)
    return Image.fromarray(arr.astype(np.uint8))


def save(images: list[Image.Image], path: Path, fmt: str, dpi: int) -> list[Path]:
    """Save as an image-only PDF, one PNG/JPEG per page (``name.png``, ``name-p2.png``, ...), or one phone photo
    per page (``photo``: a JPEG seen at a slant and lit unevenly)."""
    if fmt == "photo":
        rng = random.Random(zlib.crc32(path.name.encode("utf-8")))
        images = [photographed(im, rng) for im in images]
        path, fmt = path.with_name(path.stem + "-photo"), "jpg"
    if fmt == "bw":
        images = [im.convert("L") for im in images]
        fmt = "pdf"
    if fmt == "pdf":
        target = path.with_suffix(".pdf")
        images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=60)
        return [target]
    out = []
    for n, im in enumerate(images, start=1):
        target = path.with_name(path.stem + (f"-p{n}" if n > 1 else "") + "." + fmt)
        if fmt == "jpg":
            im.save(target, "JPEG", quality=55, dpi=(dpi, dpi))
        else:
            im.convert("P", palette=Image.ADAPTIVE, colors=64).save(target, "PNG", optimize=True, dpi=(dpi, dpi))
        out.append(target)
    return out


def seed_of(path: Path) -> int:
    """Each letter's damage and seal placement come from its name: the same file whatever else is rendered."""
    return zlib.crc32(path.name.encode("utf-8"))


def letter_text(path: Path) -> str:
    """The letter's text in whatever encoding it was saved (some test letters are GBK or Big5)."""
    sys.path.insert(0, str(ROOT))
    from extractor.document.read_txt import decode

    return decode(path.read_bytes())[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("letters", nargs="*", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="render at most this many letters")
    ap.add_argument("--formats", default="pdf", help="comma-separated: pdf, png, jpg, bw, photo")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--no-seal", action="store_true")
    args = ap.parse_args(argv)
    letters = args.letters or sorted((ROOT / "tests" / "letters").glob("*.txt"))
    if args.limit:
        letters = letters[:args.limit]
    args.out.mkdir(parents=True, exist_ok=True)
    for letter in letters:
        images, seals = render(letter_text(letter), dpi=args.dpi, seed=seed_of(letter), seal=not args.no_seal)
        for fmt in args.formats.split(","):
            name = letter.stem + ("-bw" if fmt == "bw" else "")
            for saved in save(images, args.out / name, fmt, args.dpi):
                truth = {"seals": seals, "colour": fmt != "bw", "dpi": args.dpi, "letter": letter.name}
                saved.with_name(saved.name + ".seals.json").write_text(json.dumps(truth, ensure_ascii=False))
    print(f"{len(letters)} letters rendered to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
