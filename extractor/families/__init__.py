"""The fact families: each extracts one kind of commitment from a letter and says how its facts are shown.

Everything outside ``extractor/families/`` reaches a family through this package's registry."""
from extractor.families.present import BLANK_MARK, COMPARATOR, duration, percent
from extractor.families.registry import BY_NAME, FAMILIES, IN_TABLE_ORDER, NAMES, Family, family

__all__ = ["BY_NAME", "FAMILIES", "IN_TABLE_ORDER", "NAMES", "Family", "family", "BLANK_MARK", "COMPARATOR", "duration",
           "percent"]
