"""Example texts in patterns/*.toml are sentences the rules are tested on. A single-quoted TOML string keeps ``\\n``
as two characters, so a table or a second line written that way is one line, and its test tests something else
(a header row that is no header): every example that means a line end must be a double-quoted string."""
import tomllib
from pathlib import Path

import pytest

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"
EXAMPLE_KEYS = {"examples", "counter_examples", "match", "no_match", "holiday_examples", "holiday_counter_examples"}


def _example_strings(node, under_example=False):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _example_strings(value, under_example or key in EXAMPLE_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from _example_strings(value, under_example)
    elif isinstance(node, str) and under_example:
        yield node


@pytest.mark.parametrize("path", sorted(PATTERNS.glob("*.toml")), ids=lambda p: p.name)
def test_no_example_holds_a_literal_backslash_n(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [s for s in _example_strings(data) if "\\n" in s] == []


def test_the_check_sees_a_literal_backslash_n():
    data = tomllib.loads("[[rule]]\nexamples = ['表头\\n表身', \"第一行\\n第二行\"]\n")
    assert [s for s in _example_strings(data) if "\\n" in s] == ["表头\\n表身"]
