"""The family registry: one list the pipeline and the app both go through, in the orders the outputs use."""
import re
from pathlib import Path

import pytest

from extractor.app import api
from extractor.app.outputs import FACT_COLUMNS
from extractor.families import FAMILIES, IN_TABLE_ORDER, NAMES, family
from extractor.models import Letter, Party, Span
from extractor.pipeline import process

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "extractor" / "app"
SEED = ROOT / "samples" / "seed" / "sla_commitment_letters_9.txt"


def test_registry_order_is_the_order_of_the_letter_fields():
    fields = [name for name in Letter.model_fields if name in NAMES]
    assert list(NAMES) == fields == ["parties", "availability", "timings", "penalties", "blanks"]


def test_flat_outputs_keep_parties_last():
    assert [f.name for f in IN_TABLE_ORDER] == ["availability", "timings", "penalties", "blanks", "parties"]


@pytest.mark.parametrize("fam", FAMILIES, ids=NAMES)
def test_each_family_names_fields_its_model_has(fam):
    assert Letter.model_fields[fam.name].annotation == list[fam.model]
    assert fam.kind_field in fam.model.model_fields
    assert fam.threshold_field is None or fam.threshold_field in fam.model.model_fields
    assert set(fam.table_columns) <= set(FACT_COLUMNS)
    assert fam.kinds() and all(isinstance(k, str) for k in fam.kinds())
    assert family(fam.name) is fam


def test_only_blanks_marks_blanks():
    assert [f.name for f in FAMILIES if f.marks_blanks] == ["blanks"]


@pytest.fixture(scope="module")
def seed_letters():
    return process(SEED).letters


@pytest.mark.parametrize("fam", FAMILIES, ids=NAMES)
def test_every_fact_is_shown_short_and_described(fam, seed_letters):
    facts = [f for letter in seed_letters for f in getattr(letter, fam.name)]
    assert facts, f"the seed has {fam.name} facts"
    for fact in facts:
        assert fam.short(fact).strip() and fam.describe(fact).strip()
        assert fam.signature(fact) == fam.signature(fact.model_copy())
        assert all(isinstance(key(fact), tuple) for key in fam.diff_keys)


def test_a_long_letter_keeps_the_first_party_of_each_role():
    span = Span(start=0, end=1)
    parties = [Party(role="promisor", label="承诺方", name=name, span=span) for name in ("甲公司", "乙公司")]
    parties.append(Party(role="recipient", label="接收方", name="丙公司", span=span))
    kept = family("parties").merge_pieces(parties)
    assert [(p.role, p.name) for p in kept] == [("promisor", "甲公司"), ("recipient", "丙公司")]
    assert family("timings").merge_pieces(parties) == parties


def test_the_app_branches_on_no_family_name_and_imports_families_through_the_registry():
    for path in APP.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"family\s*[!=]=", text), path.name
        assert not re.search(r"extractor\.families\.\w+", text), path.name


def test_diff_reads_each_file_once(monkeypatch):
    from extractor import pipeline

    real, calls = pipeline.extract_normalized, []
    monkeypatch.setattr(pipeline, "extract_normalized", lambda text, *a, **kw: calls.append(1) or real(text, *a, **kw))
    letters = ROOT / "samples" / "letters"
    result = api.diff(letters / "letter_01.txt", letters / "letter_02.txt")
    assert len(calls) == 2 and result.changes


def test_results_in_order_keeps_order_and_skips_what_is_done(tmp_path):
    letters = ROOT / "samples" / "letters"
    items = list(api.iter_paths([letters / "letter_01.txt", tmp_path / "missing.txt", letters / "letter_02.txt"]))
    done = {str(letters / "letter_02.txt"): "cafe"}
    out = list(api.results_in_order(items, done=lambda p: done.get(str(p))))
    assert [item for item, _ in out] == items
    first, missing, second = (result for _, result in out)
    assert first.source.path == str(letters / "letter_01.txt") and first.letters
    assert missing is items[1] and missing.error == "no such file"
    assert second == api.Skipped(str(letters / "letter_02.txt"), "cafe")
