"""Under CI=true a PDF or browser test that would skip for want of the CJK font or chromium fails (conftest.py);
without CI it skips, and other skips stay skips either way."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CASES = '''
import pytest

@pytest.mark.skipif(True, reason="chromium not installed (.ci/run installs it)")
def test_browser():
    pass

def test_font():
    pytest.skip("CJK font /nowhere/wqy-microhei.ttc not installed")

def test_other():
    pytest.skip("diff cases not present")
'''


def run_cases(tmp_path: Path, ci: str) -> str:
    shutil.copyfile(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_cases.py").write_text(CASES, encoding="utf-8")
    env = {**os.environ, "CI": ci}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return proc.stdout


def test_missing_font_or_chromium_fails_under_ci(tmp_path):
    out = run_cases(tmp_path, "true")
    assert "ERROR test_cases.py::test_browser - CI=true, but chromium not installed" in out
    assert "FAILED test_cases.py::test_font - CI=true, but CJK font" in out
    assert "must install fonts-wqy-microhei" in out
    assert "SKIPPED [1] test_cases.py:" in out and "diff cases not present" in out


def test_they_skip_without_ci(tmp_path):
    out = run_cases(tmp_path, "")
    assert "3 skipped" in out and "FAILED" not in out and "ERROR" not in out
