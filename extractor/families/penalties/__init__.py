"""The penalties family: its extractor (``extract``) and how its facts are shown (``present``)."""
from __future__ import annotations

from extractor.families.penalties import present
from extractor.families.spec import FamilySpec
from extractor.models import PenaltyFact


def _extract(text: str) -> list:
    from extractor.commitment.sides import as_provider_b
    from extractor.families.penalties.extract import extract_penalties

    # Its rules read 乙方 as the provider: a letter where 甲方 provides is read with the two exchanged.
    return as_provider_b(extract_penalties)(text)


FAMILY = FamilySpec(name="penalties", model=PenaltyFact, extract=_extract, present=present, table_rank=2,
                    threshold_field="rate")
