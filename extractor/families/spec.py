"""``FamilySpec``: a family made of its parts, the way each ``extractor/families/<name>/__init__.py`` builds its
``FAMILY``. What a family finds is its ``extract``; how its facts are shown, tabulated and compared is its
``present`` module (TABLE_COLUMNS, DIFF_KEYS, signature, has_value, direction, about, short, describe,
headline_text and, when it fills extra columns, row_fields). See registry.Family for what each part means."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Optional, get_args

from pydantic import BaseModel


def _same(facts: list) -> list:
    return facts


@dataclass(frozen=True)
class FamilySpec:
    name: str
    model: type[BaseModel]
    extract: Callable[[str], list]
    present: ModuleType
    table_rank: int
    kind_field: str = "kind"
    threshold_field: Optional[str] = None
    marks_blanks: bool = False
    vocabulary: Optional[Callable[[], list[str]]] = None  # the kinds, when the model's Literal does not list them
    merge_pieces: Callable[[list], list] = _same
    # The family reports an entity per letter, not each mention (parties: one party per role, its first mention):
    # gold anchored on another mention of the same entity still names it (extractor/app/evaluate.py).
    one_per_letter: bool = False

    @property
    def table_columns(self) -> tuple[str, ...]:
        return self.present.TABLE_COLUMNS

    @property
    def diff_keys(self) -> tuple[Callable[[Any], tuple], ...]:
        return self.present.DIFF_KEYS

    def kinds(self) -> list[str]:
        if self.vocabulary is not None:
            return self.vocabulary()
        return list(get_args(self.model.model_fields[self.kind_field].annotation))

    def signature(self, fact) -> tuple:
        return self.present.signature(fact)

    def has_value(self, fact) -> bool:
        return self.present.has_value(fact)

    def direction(self, old, new) -> str:
        return self.present.direction(old, new)

    def about(self, fact) -> tuple[Optional[str], Optional[str]]:
        return self.present.about(fact)

    def short(self, fact) -> str:
        return self.present.short(fact)

    def describe(self, fact) -> str:
        return self.present.describe(fact)

    def headline_text(self, fact) -> str:
        return self.present.headline_text(fact)

    def row_fields(self, fact) -> dict:
        row_fields = getattr(self.present, "row_fields", None)
        return row_fields(fact) if row_fields else {}
