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

# What a person reads follows the environment's language (extractor/app/i18n.py); the suite's messages and tables
# are English whatever the machine's locale. LANGUAGE wins over LC_ALL and LANG for messages only, so the suite and
# the CLI processes it starts keep the machine's encoding. A test about Chinese output sets its own environment.
os.environ["LANGUAGE"] = "en"

# Under CI (CI=true) the system packages .ci/run installs must be there: a test that skips for want of one
# (the skipif/skip calls in tests/_fixtures.py, test_broken.py, test_pdf_*.py, test_browser.py name them in
# their reason) fails instead, so a broken CI image cannot pass by skipping the PDF and browser tests.
# Locally they keep skipping.
CI_REQUIRES = {"CJK font": "fonts-wqy-microhei", "chromium": "chromium"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def missing_requirement(reason: str):
    """The package a skip reason says is missing, when CI must have it; else None."""
    return next((package for word, package in CI_REQUIRES.items() if word in reason), None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and in_ci() and isinstance(report.longrepr, tuple)):
        return
    reason = str(report.longrepr[2])
    package = missing_requirement(reason)
    if package is not None:
        report.outcome = "failed"
        report.longrepr = f"CI=true, but {reason.removeprefix('Skipped: ')}: the CI image must install {package}"


ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "sla_commitment_letters_9.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED if SEED.exists() else SHARED_SEED


@pytest.fixture(scope="session")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")
