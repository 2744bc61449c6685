"""CharSet answers as a plain set would, whether its characters are in its compiled class or still pending."""
from __future__ import annotations

import random

from extractor.document.charsets import CharSet


def test_answers_like_a_set_while_it_grows():
    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 400)] + list("abc]^-\\[\n.*")
    chars, reference = CharSet(), set()
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert chars.missing_from(text) == set(text) - reference
        assert chars.occurs_in(text) == bool(set(text) & reference)
        for ch in rng.sample(alphabet, 3):  # some compiled, some pending: the class is compiled again now and then
            chars.add(ch)
            reference.add(ch)
        assert len(chars) == len(reference)


def test_an_empty_set_misses_every_character():
    chars = CharSet()
    assert chars.missing_from("服务\n^]") == set("服务\n^]")
    assert not chars.occurs_in("服务")
