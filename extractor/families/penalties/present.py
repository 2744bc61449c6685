"""How penalty facts are shown, compared and aligned in a diff."""
from __future__ import annotations

from typing import Optional

from extractor.families.present import BLANK_MARK, compare, percent
from extractor.rules.comparable import basis_text

TABLE_COLUMNS = ("kind", "trigger", "rate", "base", "amount", "currency", "credit_days", "per", "cap", "band_low",
                 "band_high", "blank", "text", "page", "rule")
# Short Chinese names for table cells; JSON, CSV and SQL keep the English kinds.
PENALTY_ZH = {"liquidated_damages": "违约金", "service_credit": "服务赔偿", "compensation": "赔偿", "fine": "罚款",
              "deduction": "扣款", "termination": "解约", "other": "其他"}


def _band(f) -> tuple:
    return (f.band.low, f.band.high) if f.band else ()


def _money(m) -> Optional[float]:
    return m.value if m is not None else None


def _days(days: float) -> str:
    """7 days of service, 0.5 days."""
    return f"{days:g} days of service"


DIFF_KEYS = (lambda f: (f.kind, f.base, f.per, _band(f), f.trigger), lambda f: (f.kind, f.base, _band(f)),
             lambda f: (f.kind,))


def signature(f) -> tuple:
    return (f.kind, f.rate, f.base, _money(f.amount),
            (_money(f.range.low), _money(f.range.high)) if f.range else None,
            f.cap, f.cap_rate, f.per, _band(f), f.blank, f.credit_days)


def has_value(f) -> bool:
    return f.rate is not None or f.amount is not None or f.range is not None or f.credit_days is not None


def direction(old, new) -> str:
    if old.base != new.base or old.kind != new.kind:
        return "changed"
    # More of any figure is more for the customer (days of service credited too); a higher cap, less bounded.
    for get in (lambda p: p.rate, lambda p: _money(p.amount),
                lambda p: _money(p.range.high) if p.range else None, lambda p: p.credit_days, lambda p: p.cap_rate):
        o, n = get(old), get(new)
        if o is not None and n is not None and o != n:
            return compare(o, n, higher_is_stricter=True)
    had_cap, has_cap = _capped(old), _capped(new)
    if had_cap != has_cap:  # a cap bounds what the recipient can claim
        return "looser" if has_cap else "stricter"
    return "changed"


def _capped(penalty) -> bool:
    return bool(penalty.cap) or penalty.cap_rate is not None


def about(f) -> tuple:
    return f.kind, f.base


def headline_text(p) -> str:
    """违约金 5% 月服务费, 违约金 10,000 CNY, 赔偿 30 CNY /小时: what a table's one cell says of a penalty. The unit
    it is counted per stays with the figure: 30 CNY alone would read as a one-off sum."""
    text = _figure_text(p)
    return f"{text} {p.per}" if p.per and p.rate is None and p.amount is not None else text  # a rate's basis has it


def _figure_text(p) -> str:
    kind = PENALTY_ZH.get(p.kind, p.kind)
    if p.rate is not None:
        return f"{kind} {percent(p.rate)} {basis_text(p)}".strip()
    if p.amount is not None and p.amount.value is not None:
        return f"{kind} {p.amount.value:,.0f} {p.amount.currency}"
    if p.credit_days is not None:
        return f"{kind} {p.credit_days:g}天"
    return kind + (f" {BLANK_MARK}" if p.blank else "")


def short(f) -> str:
    """5% 月服务费 每超时1小时, cap 10%; 500 CNY, 每逾期一天."""
    kind = PENALTY_ZH.get(f.kind, f.kind)
    parts = [_figure_text(f).removeprefix(kind).strip() or kind]
    if f.per and f.rate is None:  # a rate's basis (basis_text) already says what it is counted per
        parts.append(f.per)
    if f.cap_rate is not None:
        parts.append(f"cap {percent(f.cap_rate)}")
    elif f.cap:
        parts.append(f"cap {f.cap}")
    return ", ".join(parts)


def describe(f) -> str:
    """liquidated_damages 5% of 月服务费 每超时1小时."""
    parts = [f.kind]
    if f.rate is not None:
        parts.append(percent(f.rate) + (f" of {f.base}" if f.base else ""))
    if f.amount and f.amount.value is not None:
        parts.append(f"{f.amount.value:,.0f} {f.amount.currency}")
    if f.credit_days is not None:
        parts.append(_days(f.credit_days))
    if f.per:
        parts.append(f.per)
    return " ".join(parts) + (f" {BLANK_MARK}" if f.blank else "")


def row_fields(f) -> dict:
    """The flat-table columns a penalty fills beyond its own fields: amount and currency (of the amount, else
    of the range), value (the rate, else the amount), the days of a credit in service time and the band."""
    row = {"credit_days": f.credit_days}
    amount = f.amount or (f.range.high or f.range.low if f.range else None)
    if amount is not None:
        row["amount"], row["currency"] = amount.value, amount.currency
    row["value"] = f.rate if f.rate is not None else row.get("amount")
    if f.band is not None:
        row["band_low"], row["band_high"] = f.band.low, f.band.high
    return row
