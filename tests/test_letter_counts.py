"""scripts/check_letter_counts.py: no corpus file loses a letter (against gold, else tests/letter_counts.txt)."""
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_letter_counts.py"
TWO_ON_ONE_LINE = ROOT / "tests" / "letters" / "seg_aftersales_two_one_line.txt"


def _script():
    spec = importlib.util.spec_from_file_location("check_letter_counts", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_corpus_file_has_its_expected_letter_count():
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 problem(s), 0 skipped")


def test_gold_gives_the_count_of_multi_letter_files():
    gold = _script().gold_counts(ROOT / "tests" / "gold")
    assert gold[(ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt").resolve()] == (9, "seed")
    assert gold[(ROOT / "tests" / "letters" / "blind_multi.txt").resolve()][0] == 2


def test_a_lost_letter_is_reported(tmp_path):
    script = _script()
    counts = tmp_path / "counts.txt"
    counts.write_text(f"{TWO_ON_ONE_LINE.relative_to(ROOT).as_posix()}\t3\n", encoding="utf-8")
    problems, notes = script.check([TWO_ON_ONE_LINE], {}, script.listed_counts(counts, ROOT), ROOT, counts)
    assert problems == [f"tests/letters/{TWO_ON_ONE_LINE.name}: 2 letter(s), expected 3 ({counts})"] and notes == []


def test_a_file_without_expected_count_is_a_problem(tmp_path):
    script = _script()
    problems, _ = script.check([TWO_ON_ONE_LINE], {}, {}, ROOT, tmp_path / "counts.txt")
    assert problems and "no expected count" in problems[0]


def test_documents_whose_text_is_absent_are_skipped(tmp_path):
    script = _script()
    empty, blank, missing = tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "gone.txt"
    empty.write_bytes(b"")
    blank.write_text(" \n\n", encoding="utf-8")
    listed = {empty: 1, blank: 1, missing: 1}
    problems, notes = script.check([empty, blank, missing], {}, listed, tmp_path)
    assert problems == [] and notes == ["skip empty.txt: text absent", "skip blank.txt: text absent",
                                        "skip gone.txt: text absent"]


def test_update_writes_counts_of_files_without_gold(tmp_path):
    script = _script()
    counts = tmp_path / "counts.txt"
    script.write_counts(counts, [TWO_ON_ONE_LINE], {}, ROOT)
    assert counts.read_text(encoding="utf-8").splitlines()[1:] == [f"tests/letters/{TWO_ON_ONE_LINE.name}\t2"]
