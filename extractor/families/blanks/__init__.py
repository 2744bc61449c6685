"""The blanks family: its extractor (``extract``) and how its facts are shown (``present``)."""
from __future__ import annotations

from extractor.families.blanks import present
from extractor.families.spec import FamilySpec
from extractor.models import BlankFact


def _extract(text: str) -> list:
    from extractor.families.blanks.extract import extract_blanks

    return extract_blanks(text)


# Its facts are the unfilled blanks themselves: one gone in a later version was filled, a new one emptied.
FAMILY = FamilySpec(name="blanks", model=BlankFact, extract=_extract, present=present, table_rank=3,
                    marks_blanks=True)
