"""Decode a plain-text file whose encoding nobody told us.

Order of evidence: a BOM; strict UTF-8; the NUL-byte rhythm of BOM-less
UTF-16; then GB18030 against Big5, scored by common characters
(``patterns/encodings.toml``) because each often decodes the other's bytes.
"""
from __future__ import annotations

import collections
import functools
import unicodedata

from extractor.document.charsets import CharSet
from extractor.rules.patterns import load

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
# Tried in order when both legacy candidates score equally; cp950 is Big5 plus
# Microsoft's extensions, used only when strict Big5 fails.
_LEGACY = ("gb18030", "big5", "cp950")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file marker
_MAX_CONTROL_RATIO = 0.05


class NotText(ValueError):
    """The bytes are not text in any encoding we detect; the message is the reason."""


@functools.cache
def common_chars() -> frozenset[str]:
    data = load("encodings")["common"]
    chars = "".join(v for k, v in data.items() if isinstance(v, str) and k != "id")
    return frozenset(c for c in chars if not c.isspace())


def score(text: str) -> int:
    common = common_chars()
    return sum(1 for c in text if c in common)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # ASCII characters in UTF-16 put a NUL on one side only; CJK-only text has
    # few NULs, so demand a clear majority and a minimum share of NULs.
    if even + odd < max(2, len(data) // 50):
        return None
    if odd > 9 * even:
        return _strict(data, "utf-16-le")
    if even > 9 * odd:
        return _strict(data, "utf-16-be")
    return None


# Characters known to be ordinary text, across files: a class regex skips them in C (bounded; charsets.py).
_PLAIN = CharSet()
_PLAIN_MAX = 65536


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    # The distinct characters not known to be plain first: most texts have no control character to count.
    odd = []
    for c in _PLAIN.missing_from(text):
        if c not in _TEXT_CONTROLS and unicodedata.category(c) in ("Cc", "Cs", "Co"):
            odd.append(c)
        elif len(_PLAIN) < _PLAIN_MAX:
            _PLAIN.add(c)
    if len(odd) > 64:  # many kinds (binary data): one counting pass instead of one per kind
        counts = collections.Counter(text)
        bad = sum(counts[c] for c in odd)
    else:
        bad = sum(text.count(c) for c in odd)
    bad += text.count("\ufffd")
    return bad / len(text) > _MAX_CONTROL_RATIO


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises NotText with the reason."""
    if not data:
        raise NotText("empty file")
    text, name = _detect(data)
    if text is None:
        if b"\x00" in data or _looks_binary(data.decode("latin-1")):
            raise NotText("does not look like text (binary data)")
        raise NotText("unknown text encoding (tried utf-8, utf-16, utf-32, gb18030, big5)")
    if _looks_binary(text):
        raise NotText("does not look like text (binary data)")
    return text, name


def _detect(data: bytes) -> tuple[str | None, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is not None:
                return text, name
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16"
    if b"\x00" in data:
        return None, ""
    candidates = []
    for rank, codec in enumerate(_LEGACY):
        if codec == "cp950" and any(c == "big5" for _, _, c, _ in candidates):
            continue
        decoded = _strict(data, codec)
        if decoded is not None:
            candidates.append((-score(decoded), rank, codec, decoded))
    if not candidates:
        return None, ""
    _, _, codec, decoded = min(candidates)
    return decoded, codec
