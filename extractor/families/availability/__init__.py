"""The availability family: its extractor (``extract``) and how its facts are shown (``present``)."""
from __future__ import annotations

from extractor.families.availability import present
from extractor.families.spec import FamilySpec
from extractor.models import AvailabilityFact


def _extract(text: str) -> list:
    from extractor.families.availability.extract import extract_availability

    return extract_availability(text)


def _metrics() -> list[str]:
    """The model's default metric and every metric a rule of availability.toml gives."""
    from extractor.rules.patterns import load

    metrics = [r["metric"] for r in load("availability").get("rule", []) if "metric" in r]
    return list(dict.fromkeys([AvailabilityFact.model_fields["metric"].default, *metrics]))


FAMILY = FamilySpec(name="availability", model=AvailabilityFact, extract=_extract, present=present, table_rank=0,
                    kind_field="metric", threshold_field="value", vocabulary=_metrics)
