"""A figure whose act is written before it, not next to it: a list item that puts its verb first ("严重故障:响应15分钟,
恢复2小时", "排除故障8小时"; timings.toml [lead_verb]), a bound capping the act the clause before promises promptly
("应即时响应,最迟不超过十分钟"; [prompt_act]). The words that name a kind after a deadline name it here."""
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
_CLAUSE = "。;!?\n,"
_PROMPT_CLAUSE = 24  # characters of the clause before a bound searched for its prompt act


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
    if hit is None or hit[2] > m.start() or words("lead_verb", "noun").match(text, hit[2]) or \
            not words("lead_verb", "object", "^(?:{})?[ ]?$").match(text[hit[2]:m.start()]):
        return None
    return hit[0].gives, (hit[0].id, "lead_verb")


def prompt_act_kind(text: str, m: regex.Match) -> Found | None:
    """A bound that only caps the act promised promptly in the clause before ("应即时响应,最迟不超过十分钟",
    "尽快修复,最长不得超过24小时"): the kind of the after-cue right after the prompt word (timings.toml
    [prompt_act])."""
    lead = before(text, m.start(), _LEAD, _CLAUSE)
    comma = m.start() - len(lead) - 1
    if comma < 0 or text[comma] != "," or not words("prompt_act", "bound", "^[ ]?(?:{})[ ]?$").search(lead):
        return None
    prompts = list(words("prompt_act", "prompt").finditer(before(text, comma, _PROMPT_CLAUSE, _CLAUSE)))
    if not prompts:
        return None
    hit = _kinds().after_cue(text, comma - _distance(text, comma) + prompts[-1].end())
    if hit is None or hit[2] > comma:
        return None
    return hit[0].gives, (hit[0].id, "prompt_act")


def _distance(text: str, comma: int) -> int:
    """How far back the clause before the comma starts."""
    return len(before(text, comma, _PROMPT_CLAUSE, _CLAUSE))
