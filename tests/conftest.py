from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "sla_commitment_letters_9.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED if SEED.exists() else SHARED_SEED


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")
