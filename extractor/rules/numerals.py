"""Numbers as contracts write them: Arabic, Chinese and capital numerals, rates and money.

>>> parse_number("贰拾")
20.0
>>> parse_number("两")
2.0
>>> parse_number("1,000.50")
1000.5
>>> parse_rate("99.5%")
0.995
>>> parse_rate("千分之二")
0.002
>>> parse_rate("0.5‰")
0.0005
>>> parse_money("¥200,000.00").value
200000.0
>>> parse_money("贰拾万元").value
200000.0
"""
from __future__ import annotations

import functools

import regex

from extractor.models import Money

# Character classes that regexes elsewhere can embed, kept here so every rule agrees.
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億点半"
# A number starts where its run of digits starts: without the lookbehinds a failed match is retried from every
# later digit of the run, which is quadratic on long runs (a line of 1,000 digits or 壹贰叁…).
NUMBER = r"(?:(?<!\d)\d+(?:,\d{3})*(?:\.\d+)?|(?<![" + CN_DIGITS + r"])[" + CN_DIGITS + r"]+)"

_ARABIC = regex.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
_ANY_DIGIT = regex.compile(r"[\d" + CN_DIGITS + r"廿]")
_GLOSS = regex.compile(r"[(（](\d+(?:\.\d+)?)[)）]")  # 两（2）个月
_CAPITALS = str.maketrans({"萬": "万", "億": "亿", "两": "二", "〇": "零"})
_UNITS = "零一二三四五六七八九"
# 零..九十九 as letters write them (一、 clause numbers, 三个工作日): read without importing cn2an, whose
# import costs a tenth of a second at every start. tests/test_speed.py checks the table against cn2an.
SMALL_CN = {
    **{d: float(i) for i, d in enumerate(_UNITS)},
    **{(_UNITS[t] if t > 1 else "") + "十" + (_UNITS[u] if u else ""): float(10 * t + u)
       for t in range(1, 10) for u in range(10)},
    **{"一十" + (_UNITS[u] if u else ""): float(10 + u) for u in range(10)},
}
_LOWER = str.maketrans("壹贰叁肆伍陆柒捌玖拾", "一二三四五六七八九十")  # capitals (贰拾万元) read like 二十万


def _small(s: str) -> float | None:
    """Value of a numeral in SMALL_CN, capitals too, also times 万; None for anything else (cn2an reads it)."""
    s = s.translate(_LOWER)
    if s in SMALL_CN:
        return SMALL_CN[s]
    if s[-1:] == "万" and s[:-1] in SMALL_CN and s != "零万":
        return SMALL_CN[s[:-1]] * 10000
    return None


@functools.lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """Arabic or Chinese numeral to float; None when it is not a number (e.g. a blank)."""
    s = text.strip().replace(" ", "")
    if not s:
        return None
    if _ARABIC.match(s):
        return float(s.replace(",", ""))
    if s == "半":
        return 0.5
    # 两（2）个月: the Arabic gloss in brackets wins when present.
    m = _GLOSS.search(s)
    if m:
        return float(m.group(1))
    s = s.translate(_CAPITALS)
    half = s.endswith("半") and len(s) > 1
    if half:
        s = s[:-1]
    small = _small(s)
    if small is not None:
        return small + 0.5 if half else small
    if not _ANY_DIGIT.search(s):  # a blank (__, ××): no need to import cn2an to learn that
        return None
    try:
        import cn2an

        value = float(cn2an.cn2an(s, "smart"))
    except Exception:  # cn2an raises ValueError subclasses and sometimes others on junk
        return None
    return value + 0.5 if half else value


_RATE = regex.compile(
    r"^(?:(?P<num>" + NUMBER + r")\s*(?P<unit>%|‰|％)|百分之(?P<pct>" + NUMBER + r")|千分之(?P<pml>" + NUMBER + r")"
    r"|万分之(?P<pmy>" + NUMBER + r")"
    # Any other fraction: 十分之一, 五分之一, 3分之1 (a share of a fee: "当月机柜租用费的十分之一").
    r"|(?P<den>[一二两三四五六七八九十]{1,3}|\d{1,3})分之(?P<nom>" + NUMBER + r"))$"
)


def parse_rate(text: str) -> float | None:
    """Percent / per-mille / 百分之X / 千分之X / N分之M to a fraction."""
    m = _RATE.match(text.strip())
    if not m:
        return None
    scale: float | None
    if m.group("num") is not None:
        value = parse_number(m.group("num"))
        scale = 100 if m.group("unit") in "%％" else 1000
    elif m.group("pct") is not None:
        value, scale = parse_number(m.group("pct")), 100
    elif m.group("pml") is not None:
        value, scale = parse_number(m.group("pml")), 1000
    elif m.group("den") is not None:
        value, scale = parse_number(m.group("nom")), parse_number(m.group("den"))
        if not scale:
            return None
    else:
        value, scale = parse_number(m.group("pmy")), 10000
    return None if value is None else round(value / scale, 12)


_MONEY = regex.compile(
    r"^(?:(?P<sym>[¥￥$€])\s*)?(?:人民币|RMB|CNY)?\s*(?P<num>" + NUMBER + r")\s*(?P<scale>万|亿|千)?\s*"
    r"(?P<unit>元|圆|美元|欧元|USD|EUR|块)?(?:整)?$",
    regex.IGNORECASE,
)
_CURRENCY = {"$": "USD", "美元": "USD", "USD": "USD", "€": "EUR", "欧元": "EUR", "EUR": "EUR"}


def parse_money(text: str) -> Money:
    """Money with currency; value None when the figure is blank or unreadable."""
    s = text.strip()
    m = _MONEY.match(s)
    if not m:
        return Money(value=None, text=text)
    value = parse_number(m.group("num"))
    if value is not None and m.group("scale"):
        value *= {"万": 1e4, "亿": 1e8, "千": 1e3}[m.group("scale")]
    currency = _CURRENCY.get(m.group("sym") or "", None) or _CURRENCY.get((m.group("unit") or "").upper(), None)
    currency = currency or _CURRENCY.get(m.group("unit") or "", "CNY")
    return Money(value=value, currency=currency, text=text)
