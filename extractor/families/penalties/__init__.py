"""The penalties family: its extractor (``extract``) and how its facts are shown (``present``)."""
from __future__ import annotations

from extractor.families.penalties import present
from extractor.families.spec import FamilySpec
from extractor.models import PenaltyFact


def _extract(text: str) -> list:
    from extractor.families.penalties.extract import extract_penalties

    return extract_penalties(text)


FAMILY = FamilySpec(name="penalties", model=PenaltyFact, extract=_extract, present=present, table_rank=2,
                    threshold_field="rate")
