"""A list item that writes its verb before its figure ("严重故障:响应15分钟,恢复2小时", "排除故障8小时"): the words
that would name the kind after a deadline stand between the item's start and its figure (timings.toml [lead_verb])."""
from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import regex

from extractor.families.timings.cuewords import words
from extractor.rules.matching import before

if TYPE_CHECKING:
    from extractor.families.timings.kinds import Found

_ITEM = "。;!?\n,:"  # what ends the item before: a clause, a list separator or a label's colon
_LEAD = 12  # characters of an item's lead: a verb, its manner and its object


def _kinds() -> ModuleType:
    # kinds asks this module and this module reads kinds' after-cues: imported when first asked, not at load
    from extractor.families.timings import kinds

    return kinds


def lead_verb_kind(text: str, m: regex.Match) -> Found | None:
    """The kind of the after-cue that fills an item's lead up to its figure, with at most a short object between
    ("恢复业务2小时"); none for a delay ("恢复2小时后再检测"), a condition's threshold ("如不满一个月") or an item
    that opens the sentence."""
    lead = before(text, m.start(), _LEAD, _ITEM)
    item_start = m.start() - len(lead)
    if not lead.strip() or item_start < 1 or text[item_start - 1] not in ",;:":
        return None
    if words("lead_verb", "delay").match(text, m.end()) or words("lead_verb", "condition").search(lead):
        return None
    hit = _kinds().after_cue(text, item_start)
    if hit is None or hit[2] > m.start() or not words("lead_verb", "object", "^(?:{})?[ ]?$").match(
            text[hit[2]:m.start()]):
        return None
    return hit[0].gives, (hit[0].id, "lead_verb")
