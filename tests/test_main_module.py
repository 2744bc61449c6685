"""``python -m extractor`` is ``slax``: same commands, same exit status (a gate in CI relies on it)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT)


def test_blanks_found_fail_the_gate(tmp_path):
    letter = tmp_path / "l.txt"
    letter.write_text("承诺书\n承诺方:__________\n", encoding="utf-8")
    assert _run("blanks", str(letter)).returncode == 1


def test_a_letter_without_blanks_passes(tmp_path):
    letter = tmp_path / "l.txt"
    letter.write_text("承诺书\n承诺方:江城数据有限公司\n故障响应时间不超过30分钟。\n", encoding="utf-8")
    assert _run("blanks", str(letter)).returncode == 0
