"""The rule machinery: rule files, their loader and cache, matching, numerals and the lexicon."""
