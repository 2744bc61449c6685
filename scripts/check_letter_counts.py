"""Check that no file of the corpus loses (or gains) a letter.

    python3 scripts/check_letter_counts.py            # check tests/letters/ and samples/
    python3 scripts/check_letter_counts.py --update   # rewrite the count list for files without gold

The expected count of a file comes from the hand-checked gold sets (tests/gold/*/: the largest
letter number of its keys ``file.txt#N``, or ``N`` when the set's source.txt names one file),
else from the committed list tests/letter_counts.txt (``path<TAB>count``, paths from the repo
root). A file in neither is an error: a new corpus file needs an expected count. A file whose
text is absent (not on disk, empty, no text layer) is skipped with a note, not failed.
Exit status: 0 all counts match, 1 a count differs or is missing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.document.read import SUPPORTED, ReadError  # noqa: E402
from extractor.pipeline import segment_document  # noqa: E402

CORPUS = ("tests/letters", "samples")
COUNTS = ROOT / "tests" / "letter_counts.txt"
GOLD = ROOT / "tests" / "gold"
FAMILIES = ("parties", "availability", "timings", "penalties", "blanks")
ABSENT = ("no such file", "broken symlink", "empty file", "no text layer")


def gold_counts(gold_root: Path) -> dict[Path, tuple[int, str]]:
    """File -> (letters its gold numbers, gold set) over every gold set under ``gold_root``."""
    out: dict[Path, tuple[int, str]] = {}
    for gold_dir in sorted(p for p in gold_root.iterdir() if (p / "source.txt").exists()):
        source = (gold_dir / (gold_dir / "source.txt").read_text(encoding="utf-8").strip()).resolve()
        for family in FAMILIES:
            path = gold_dir / f"{family}.json"
            for key in json.loads(path.read_text(encoding="utf-8")) if path.exists() else ():
                name, _, index = key.rpartition("#")
                file = source / name if name else source
                out[file] = (max(int(index), out.get(file, (0, ""))[0]), gold_dir.name)
    return out


def listed_counts(path: Path, root: Path) -> dict[Path, int]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else ():
        if line.strip() and not line.startswith("#"):
            name, count = line.rsplit("\t", 1)
            out[(root / name).resolve()] = int(count)
    return out


def corpus_files(root: Path, folders=CORPUS) -> list[Path]:
    return sorted(f.resolve() for folder in folders for f in (root / folder).rglob("*")
                  if f.is_file() and f.suffix.lower() in SUPPORTED and f.name != "README.md")


def letter_count(path: Path) -> int | None:
    """Letters slax finds in ``path``; None when the file's text is absent."""
    try:
        _, norm, letters = segment_document(path)
    except ReadError as exc:
        if any(reason in exc.reason for reason in ABSENT):
            return None
        raise
    return len(letters) if norm.text.strip() else None


def check(files, gold, listed, root: Path, counts: Path = COUNTS) -> tuple[list[str], list[str]]:
    """(problems, notes) for ``files``: a count that differs from gold or the list, or has no expectation."""
    problems, notes = [], []
    for file in files:
        name = _shown(file, root)
        try:
            count = letter_count(file)
        except ReadError as exc:
            problems.append(f"{name}: cannot read ({exc.reason})")
            continue
        if count is None:
            notes.append(f"skip {name}: text absent")
            continue
        if file in gold:
            expected, origin = gold[file][0], f"gold set {gold[file][1]}"
        elif file in listed:
            expected, origin = listed[file], _shown(counts, root)
        else:
            problems.append(f"{name}: {count} letter(s), no expected count (add it to {_shown(counts, root)})")
            continue
        if count != expected:
            problems.append(f"{name}: {count} letter(s), expected {expected} ({origin})")
    return problems, notes


def write_counts(path: Path, files, gold, root: Path) -> None:
    rows = [f"{_shown(f, root)}\t{n}" for f in files if f not in gold and (n := letter_count(f)) is not None]
    header = "# Expected letter count of corpus files without gold (scripts/check_letter_counts.py).\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", default=CORPUS, help="folders under the repo root to check")
    parser.add_argument("--counts", type=Path, default=COUNTS, help="expected counts of files without gold")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of gold sets")
    parser.add_argument("--update", action="store_true", help="rewrite --counts from the current letter counts")
    args = parser.parse_args(argv)
    files = corpus_files(ROOT, args.folders)
    gold = gold_counts(args.gold)
    if args.update:
        write_counts(args.counts, files, gold, ROOT)
    problems, notes = check(files, gold, listed_counts(args.counts, ROOT), ROOT, args.counts)
    for line in notes + problems:
        print(line)
    print(f"{len(files)} file(s): {len(problems)} problem(s), {len(notes)} skipped")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
