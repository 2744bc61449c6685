"""A penalty candidate and its figures: rate, base, money, range, a credit in service time."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractor.families.penalties.data import cues, fragment, tables
from extractor.models import Money, MoneyRange, PenaltyKind
from extractor.rules.lexicon import lexicon
from extractor.rules.matching import timeout_for
from extractor.rules.numerals import parse_money, parse_number, parse_rate

_NOTE = regex.compile(r"\(([^()]{2,20})\)")
_SLASH = regex.compile(r"^\d{1,2}/\d{1,3}$")
_CNY_MARK = regex.compile(r"人民币|RMB|CNY|[¥$]")  # a currency a high end may name itself


@dataclass
class Cand:
    start: int
    end: int
    rule: str
    kind: PenaltyKind
    sent: int
    figured: bool
    fields: dict = field(default_factory=dict)
    rate_span: tuple[int, int] | None = None  # the rate's (else the sum's) span: one inside a cap is no fact
    cues: list[str] = field(default_factory=list)  # the [[cue]] blocks that placed it (its evidence)
    checked: list[str] = field(default_factory=list)  # the [[veto]] blocks it passed


def group(m: regex.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def cut_base(base: str) -> tuple[str | None, int]:
    """The base as written without its lead-in (支付, 按, 甲方...), and where it was cut."""
    cut = 0
    for m in fragment("BASE_CUT").finditer(base, timeout=timeout_for(base)):
        cut = m.end()
    rest = base[cut:].lstrip("的")
    return (rest or None), cut


def lead_start(base: str) -> int:
    """Offset in ``base`` where the span starts: at the last run of lead-in words (扣除乙方, 向甲方支付)."""
    start, end = 0, -1
    for m in fragment("BASE_CUT").finditer(base, timeout=timeout_for(base)):
        start, end = (start if m.start() == end else m.start()), m.end()
    return start


def header_base(head: str) -> str | None:
    """The base a credit table's header names for every row: in brackets first (Service Credit(当月服务费),
    赔偿比例(月度服务费)), else anywhere in it (按当月服务费的比例赔偿:)."""
    b = cues("tier_credit")[0].pattern.search(head)
    # A base that fills a bracket to its end: (占当月费用) is 当月费用, not 当月费 (月费 is a base too).
    for note in _NOTE.finditer(head):
        b = b or fragment("BASE", "(?P<base>{})$").search(note.group(1).strip())
    b = b or fragment("BASE", "(?P<base>{})").search(head)
    return cut_base(b.group("base"))[0] if b else None


def money(text: str) -> Money:
    """parse_money, after a currency word it does not know (新台币伍仟元整 -> TWD 5000)."""
    body = text.strip()
    for word, code in tables().currency:
        if body.startswith(word):
            parsed = parse_money(body[len(word):])
            return Money(value=parsed.value, currency=code, text=text)
    return parse_money(text)


def _one_currency(low: Money, high: Money, high_text: str) -> tuple[Money, Money]:
    """A range names its currency once, before its low end (新台币一千元至五千元): the high end without a currency of
    its own is in the low end's."""
    named = _CNY_MARK.search(high_text) or any(word in high_text for word, _ in tables().currency)
    if low.currency != high.currency and not named:
        high = high.model_copy(update={"currency": low.currency})
    return low, high


def rate_of(text: str) -> float | None:
    """parse_rate, tenths (三成 -> 0.3), a price charged at tenths (八折 -> 0.8, 八五折/8.5折 -> 0.85) and a fraction
    with a slash (1/30)."""
    body = text.strip()
    if _SLASH.match(body):
        num, den = (float(x) for x in body.split("/"))
        return round(num / den, 12) if den else None
    if body.endswith("成"):
        tenths = parse_number(body[:-1].strip())
        return None if tenths is None else round(tenths / 10, 12)
    if body.endswith("折"):
        tenths = _discount_tenths(body[:-1].strip())
        return None if tenths is None else round(tenths / 10, 12)
    return parse_rate(body)


def _discount_tenths(digits: str) -> float | None:
    """The tenths a 折 charges: 八 -> 8, 8.5 -> 8.5; two digits read as tenths and hundredths (八五, 85 -> 8.5)."""
    if len(digits) == 2 and "." not in digits:
        first, second = parse_number(digits[0]), parse_number(digits[1])
        return None if first is None or second is None else first + second / 10
    return parse_number(digits)


def days(duration: str) -> float | None:
    """A duration credited as service time in days (3天 -> 3, 48小时 -> 2, 1个月 -> 30, 1年 -> 365); None for a
    blank or a unit units.toml does not know."""
    figure = fragment("NUMBER").search(duration)
    if figure is None:
        return None
    value, word = parse_number(figure.group(0)), duration[figure.end():].strip()
    lex = lexicon()
    # A bare 月 after a figure is a date in a deadline, but a length after 延长服务期 (延长服务期1月).
    unit = lex.unit_of_word.get(word) or lex.unit_of_word.get("个" + word)
    if value is None or unit is None:
        return None
    return round(value * lex.unit_minutes[unit] / 1440, 6)


def figures(m: regex.Match) -> tuple[dict, bool, tuple[int, int] | None]:
    """rate/base/amount/range/blank from a match's named groups, whether it has a figure, and the figure's span."""
    out: dict = {}
    rate_text, base = group(m, "rate"), group(m, "base")
    if base:
        out["base"] = cut_base(base)[0]
    rate_span = None
    if rate_text:
        multiple = rate_text.endswith("倍")
        # 双倍/加倍 is a multiple of two; parse_number reads no such word.
        factor = {"双": "2", "加": "2"}.get(rate_text[:-1], rate_text[:-1])
        out["rate"] = parse_number(factor) if multiple else rate_of(rate_text)
        out["blank"] = out["rate"] is None
        rate_span = m.span("rate")
    times = group(m, "times")  # a formula's bare last factor (赔付金额=…×故障时间×100): a multiple
    if times and not rate_text:
        out["rate"], out["blank"], rate_span = parse_number(times), False, m.span("times")
    amount = group(m, "amount")
    if amount:
        sum_ = money(amount)
        out["amount"], out["blank"] = sum_, sum_.value is None
        rate_span = rate_span or m.span("amount")  # a sum inside a cap (最高赔偿5万元) is no penalty either
    lo, hi = group(m, "lo"), group(m, "hi")
    if lo and hi:
        low, high = _one_currency(money(lo), money(hi), hi)
        out["range"] = MoneyRange(low=low, high=high)
        out["blank"] = low.value is None or high.value is None
    duration = group(m, "dur")  # a credit paid in service time: its length in days
    if duration:
        out["credit_days"] = days(duration)
        out["blank"] = not fragment("NUMBER").search(duration)
    return out, bool(rate_text or times or amount or (lo and hi) or duration), rate_span
