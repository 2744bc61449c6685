import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Compiled rules are cached between runs (extractor/rules/rulecache.py): the suite and the CLI processes it starts
# share one cache of their own, never the user's.
if "SLAX_CACHE_DIR" not in os.environ:
    os.environ["SLAX_CACHE_DIR"] = tempfile.mkdtemp(prefix="slax-test-rules-")
    atexit.register(shutil.rmtree, os.environ["SLAX_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "sla_commitment_letters_9.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED if SEED.exists() else SHARED_SEED


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")
