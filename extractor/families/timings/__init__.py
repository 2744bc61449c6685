"""The timings family: its extractor (``extract``) and how its facts are shown (``present``)."""
from __future__ import annotations

from extractor.families.spec import FamilySpec
from extractor.families.timings import present
from extractor.models import TimingFact


def _extract(text: str) -> list:
    from extractor.commitment.sides import as_provider_b
    from extractor.families.timings.extract import extract_timings

    # Its rules read 乙方 as the provider: a letter where 甲方 provides is read with the two exchanged.
    return as_provider_b(extract_timings)(text)


FAMILY = FamilySpec(name="timings", model=TimingFact, extract=_extract, present=present, table_rank=1,
                    threshold_field="minutes")
