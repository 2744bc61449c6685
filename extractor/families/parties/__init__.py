"""The parties family: its extractor (``extract``) and how its facts are shown (``present``)."""
from __future__ import annotations

from extractor.families.parties import present
from extractor.families.spec import FamilySpec
from extractor.models import Party


def _extract(text: str) -> list:
    from extractor.families.parties.extract import extract_parties

    return extract_parties(text)


def _roles() -> list[str]:
    """The roles the role words of parties.toml map to."""
    from extractor.rules.patterns import load

    return sorted(set(load("parties")["roles"].values()))


FAMILY = FamilySpec(name="parties", model=Party, extract=_extract, present=present, table_rank=4, kind_field="role",
                    vocabulary=_roles, merge_pieces=present.first_per_role, one_per_letter=True)
