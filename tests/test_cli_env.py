"""The environment's read options (SLAX_MAX_BYTES, SLAX_MAX_PAGES, SLAX_PDF_ENGINE) are read by the CLI alone
and travel from there as a ReadLimits; a bad value is one line and exit 2."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from extractor.app.cli_common import read_options_from_env
from extractor.document.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, ReadLimits

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "samples" / "letters"


def slax(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.app.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=300)


def test_options_from_the_environment():
    assert read_options_from_env({}) == ReadLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES)
    env = {"SLAX_MAX_BYTES": "1000", "SLAX_MAX_PAGES": "3", "SLAX_PDF_ENGINE": "pdfplumber"}
    assert read_options_from_env(env) == ReadLimits(max_bytes=1000, max_pages=3, pdf_engine="pdfplumber")


@pytest.mark.parametrize("env", [{"SLAX_MAX_BYTES": "50M"}, {"SLAX_MAX_PAGES": "0"}, {"SLAX_PDF_ENGINE": "nonesuch"}])
def test_a_bad_value_exits_2(env):
    with pytest.raises(typer.Exit) as exc:
        read_options_from_env(env)
    assert exc.value.exit_code == 2


def test_a_command_without_its_own_limits_reads_them_from_the_environment():
    run = slax("diff", LETTERS / "letter_01.txt", LETTERS / "letter_02.txt", SLAX_MAX_BYTES="100")
    assert run.returncode == 2
    assert run.stderr.strip() == (f"slax: error: {LETTERS / 'letter_01.txt'}: file too large (2806 bytes > limit "
                                  "100 bytes; raise it with --max-bytes)")


def test_an_unknown_pdf_engine_is_one_line_before_any_file_is_read():
    run = slax("extract", LETTERS / "letter_01.txt", SLAX_PDF_ENGINE="nonesuch")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == "slax: error: SLAX_PDF_ENGINE='nonesuch': unknown PDF engine (choose from pdfium, pdfplumber)\n"
