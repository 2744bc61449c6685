"""The checks a ``[[veto]]`` of ``patterns/penalties.toml`` names by ``hook`` where its regex cannot judge alone:
each runs only after the veto's regex matched, and the veto fires only if it agrees. Their words are fragments
of the rule file."""
from __future__ import annotations

import regex

from extractor.families.penalties.context import caps, sentence_at
from extractor.families.penalties.data import NAME, fragment
from extractor.families.penalties.tables import band_cands, kpi_clause, kpi_row, stacked_cands
from extractor.rules.vetoes import register_hook

_ASIDE = regex.compile(r"\([^()\n]{0,30}\)")
# A list item on its own line, right after the one before: -, •, ·, 1. / 1、/ (1) / ①.
_ITEMS = regex.compile(r"\G\n[ \t]*(?:[-•·*]|\d{1,2}[.、)]|\(\d{1,2}\)|[①-⑩])[^\n]{0,120}")


def line_without_failure(text: str, start: int, end: int) -> bool:
    """No failure word on the fact's line: its sentence with the ;-separated neighbours (未达到承诺的,…扣除运维费用;
    累计3次以上的,甲方有权单方解除合同 speaks of a failure in its first part only). A line that ends in a colon
    (以下情况可申请退款:) names its misses in the list items below it, which count as its line."""
    lo = max(text.rfind(c, 0, start) for c in "。!?\n") + 1
    hi = min((i for i in (text.find(c, end) for c in "。!?\n") if i >= 0), default=len(text))
    return not fragment("FAILURE").search(text[lo:hi] + _list_below(text, hi))


def _list_below(text: str, hi: int) -> str:
    """The list items right below a line ending in a colon (those within 600 characters, each opened by a list
    mark and following the one before)."""
    if not text[:hi].rstrip(" ").endswith(":"):
        return ""
    return "".join(m.group(0) for m in _ITEMS.finditer(text[hi:hi + 600]))


def worked_example(text: str, start: int, end: int) -> bool:
    """例如:某机柜月托管费为6000元,单次中断2小时,则减免900元: an example word in the sentence's first clause or
    followed by 则; 如某…为<figure>,…则 (a concrete case). Asides in brackets do not count."""
    before = _ASIDE.sub("", text[sentence_at(text, start)[0]:start])
    m = fragment("ILLUSTRATION").search(before)
    if m and ("," not in before[:m.start()] or "则" in before[m.end():]):
        return True
    m = fragment("ILLUSTRATION_IF").search(before)
    return bool(m and "则" in before[m.end():])


def inside_cap(text: str, start: int, end: int) -> bool:
    """The figure lies inside a cap of its sentence (最高赔偿5万元, 最高减免至当月月租费的50%)."""
    s, e = sentence_at(text, start)
    return any(s + cap[0] <= start and end <= s + cap[1] for cap in caps(text[s:e]))


def cap_right_after(text: str, start: int, end: int) -> bool:
    """违约金总额不超过…: a bare penalty noun with a cap starting at most 3 characters after it."""
    s, e = sentence_at(text, start)
    return bool(fragment("CAP_SUBJECT", "(?:{})$").search(text[start:end])) and any(
        0 <= s + cap[0] - end <= 3 for cap in caps(text[s:e]))


def tier_with_credit_follows(text: str, start: int, end: int) -> bool:
    """A tier that pays something follows within 600 characters: a band and its credit. A table cut off after
    its first band (a page's excerpt, a table left as an image) gives no tier, and the remedy stated before it
    stays the fact."""
    pos, stop = end, min(len(text), end + 600)
    while pos < stop:
        s, e = sentence_at(text, pos)
        if band_cands(text, s, min(e, stop), 0) or stacked_cands(text, s, min(e, stop), 0):
            return True
        pos = e + 1
    return False


for _fn in (line_without_failure, worked_example, inside_cap, cap_right_after, kpi_clause, kpi_row,
            tier_with_credit_follows):
    register_hook(NAME, _fn.__name__, _fn)
