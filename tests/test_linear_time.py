"""No step goes super-linear: 4x the input costs about 4x the time (benchmarks/linearity.py measures 16x).
Letters too long for one pass are read in pieces, and a runaway pattern costs a warning, not the file."""
import sys
from pathlib import Path

import pytest

from extractor import pipeline
from extractor.document.normalize import normalize
from extractor.document.read import RawText
from extractor.pipeline import build_document, chunks, extract_normalized

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
# The benchmark's own inputs and timer, so the test and the printed curve measure the same thing.
from linearity import INPUTS as PATHOLOGICAL  # noqa: E402
from linearity import run_text as _run  # noqa: E402


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_four_times_the_input_costs_about_four_times_the_time(name):
    make = PATHOLOGICAL[name]
    _run(make(2000))  # warm the rule caches
    small = min(_run(make(20_000)) for _ in range(3))
    large = min(_run(make(80_000)) for _ in range(2))
    # Loose on purpose (quadratic would be 16x); 10 ms floor against timer noise on tiny inputs.
    assert large <= 8 * max(small, 0.01), f"{name}: 20 KB {small:.3f}s, 80 KB {large:.3f}s"


def test_chunks_cut_after_line_ends_and_cover_the_letter():
    text = "\n".join(f"第{i}条 响应时间不超过{i}分钟。" for i in range(5000))
    pieces = chunks(text, 7, len(text), size=1000)
    assert pieces[0][0] == 7 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(e - s <= 1000 for s, e in pieces)
    assert all(text[e - 1] == "\n" for _, e in pieces[:-1])


def test_a_line_without_breaks_is_cut_hard():
    assert chunks("x" * 2500, 0, 2500, size=1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_a_letter_longer_than_a_chunk_keeps_the_facts_of_every_piece_and_one_party_per_role(monkeypatch):
    body = "".join(f"{i}.故障响应时间不超过{i + 1}分钟。\n" for i in range(400))
    text = "服务承诺书\n承诺方:江城数据科技有限公司\n" + body + "承诺方:____\n"
    whole = extract_normalized(normalize(text).text)
    monkeypatch.setattr(pipeline, "CHUNK", 2000)
    pieces = extract_normalized(normalize(text).text)
    minutes = lambda lf: sorted(t.minutes for t in lf[0].facts["timings"])  # noqa: E731
    assert minutes(pieces) == minutes(whole) == [float(i + 1) for i in range(400)]
    assert [(p.role, p.name) for p in pieces[0].facts["parties"]] == [
        (p.role, p.name) for p in whole[0].facts["parties"]] == [("promisor", "江城数据科技有限公司")]


def test_a_runaway_pattern_costs_one_family_and_a_warning(monkeypatch):
    def runaway(text):
        raise TimeoutError("regex timed out")

    real = pipeline.extractor_for
    monkeypatch.setattr(pipeline, "extractor_for", lambda family: runaway if family == "penalties" else real(family))
    text = "服务承诺书\n一、可用性不低于99.9%。\n二、违约金为月服务费的5%。\n"
    norm = normalize(text)
    doc = build_document(RawText(path="t.txt", format="txt", text=text, sha256="0" * 64), norm,
                         extract_normalized(norm.text))
    assert doc.letters[0].availability and not doc.letters[0].penalties
    assert any("penalties skipped" in w for w in doc.warnings)
