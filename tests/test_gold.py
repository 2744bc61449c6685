"""Every family reaches F1 >= 0.95 on every hand-checked gold set, scored by `slax eval`'s own scorer."""
from pathlib import Path

import pytest

from extractor.app.evaluate import evaluate
from extractor.pipeline import FAMILIES

GOLD = Path(__file__).parent / "gold"
SETS = sorted(p.name for p in GOLD.iterdir() if (p / "source.txt").exists())


@pytest.fixture(scope="module", params=SETS)
def scores(request):
    return request.param, evaluate(GOLD / request.param)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_gold_f1(scores, family):
    name, by_family = scores
    score = by_family[family]
    assert score.tp + score.fn > 0 or name == "seed", f"{name} has no {family} gold"
    assert score.f1 >= 0.95, f"{name}/{family}: F1 {score.f1:.3f}\n" + "\n".join(score.misses[:20])
