"""Compiled rules are read back from a cache between runs; a bad or foreign cache only costs speed."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.rules import rulecache
from extractor.rules.patterns import patterns_dir

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "samples" / "letters"
# Warm every family, then say whether this process compiled anything (True) or read it all back (False).
PROBE = "import extractor.app.batch as b, extractor.rules.rulecache as r; b._warm(); print(r._dirty)"


def run(code_or_args, cache, **env):
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else ["-m", "extractor.app.cli", *code_or_args]
    environ = {**os.environ, "SLAX_CACHE_DIR": str(cache), **env}
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, env=environ,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("rules-*.pickle"))


def test_second_run_reads_the_compiled_rules_instead_of_compiling(tmp_path):
    assert run(PROBE, tmp_path).split() == ["True"]
    assert len(cache_files(tmp_path)) == 1
    assert run(PROBE, tmp_path).split() == ["False"]


def test_facts_are_the_same_with_an_empty_a_full_and_no_cache(tmp_path):
    args = ["extract", str(LETTERS), "--format", "jsonl"]
    cold = run(args, tmp_path)
    warm = run(args, tmp_path)
    off = run(args, tmp_path / "unused", SLAX_CACHE="0")
    assert cold == warm == off and cold.count("\n") == len(list(LETTERS.glob("*.txt")))
    assert not (tmp_path / "unused").exists()


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05\x95"])
def test_a_corrupt_cache_is_ignored_and_rewritten(tmp_path, damage):
    run(PROBE, tmp_path)
    (path,) = cache_files(tmp_path)
    path.write_bytes(damage)
    assert run(PROBE, tmp_path).split() == ["True"]
    assert run(PROBE, tmp_path).split() == ["False"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_could_write_is_not_loaded(tmp_path):
    run(PROBE, tmp_path)
    (path,) = cache_files(tmp_path)
    path.chmod(0o666)
    assert run(PROBE, tmp_path).split() == ["True"]


def test_editing_a_pattern_file_names_a_new_cache(tmp_path):
    rules = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), rules)
    before = rulecache.cache_name(rules)
    with (rules / "timings.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment is enough\n")
    assert rulecache.cache_name(rules) != before and rulecache.cache_name(rules).startswith("rules-")


def test_old_caches_are_pruned(tmp_path):
    for i in range(rulecache.KEEP + 3):
        stale = tmp_path / f"rules-{i:016d}.pickle"
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    run(PROBE, tmp_path)
    assert len(cache_files(tmp_path)) == rulecache.KEEP
    assert (tmp_path / rulecache.cache_name(patterns_dir())).exists()


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    out = run(["extract", str(LETTERS / "letter_01.txt"), "--format", "jsonl"], blocked / "cache")
    assert '"availability"' in out


def test_every_rule_compiles_to_the_same_pattern_in_every_process(tmp_path):
    # Patterns built from sets once differed by hash seed, so a cache written by one run missed in the next.
    dump = ("import hashlib, extractor.app.batch as b, extractor.rules.rulecache as r; b._warm(); "
            "print(len(r._entries), hashlib.sha256(repr(sorted(r._entries)).encode()).hexdigest())")
    seen = {run(dump, tmp_path / "off", SLAX_CACHE="0", PYTHONHASHSEED=str(seed)) for seed in (1, 2, 3)}
    assert len(seen) == 1 and int(seen.pop().split()[0]) > 200


def test_no_home_directory_means_no_cache(monkeypatch):
    def no_home():
        raise RuntimeError("Could not determine home directory.")

    for name in ("SLAX_CACHE_DIR", "XDG_CACHE_HOME", "SLAX_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert rulecache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert rulecache.cache_dir() == Path("/somewhere/slax")


def test_a_warm_run_reads_the_rule_files_parsed_from_the_cache(tmp_path):
    """A second run parses no TOML: the rule files come back from the cache, equal to a fresh parse."""
    probe = ("import tomllib, extractor.app.batch as b; calls = []; real = tomllib.load\n"
             "tomllib.load = lambda fh: calls.append(fh.name) or real(fh)\n"
             "b._warm(); from extractor.rules.patterns import load, patterns_dir\n"
             "print(len(calls), load('timings') == real(open(patterns_dir() / 'timings.toml', 'rb')))")
    cold, warm = run(probe, tmp_path).split(), run(probe, tmp_path).split()
    assert int(cold[0]) >= 5 and warm == ["0", "True"]


def test_a_caller_that_changes_a_parsed_rule_file_changes_neither_the_cache_nor_the_next_run(tmp_path):
    code = ("from extractor.rules import rulecache\nfrom extractor.rules.patterns import _parse, patterns_dir\n"
            "path = patterns_dir() / 'units.toml'\n"
            "rulecache.parsed(path, _parse)['unit'] = 'changed'\n"
            "print(rulecache.parsed(path, _parse)['unit'] != 'changed')")
    assert run(code, tmp_path).split() == ["True"]
    assert run(code, tmp_path).split() == ["True"]
