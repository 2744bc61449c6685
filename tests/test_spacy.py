"""slax inside anyone's spaCy pipeline: blank zh with the char or the jieba segmenter, no model download."""
import pytest
import spacy

import extractor.app.spacy_component  # noqa: F401  (registers the factory, as the entry point does when installed)
from extractor.document.nlp import cut

TEXT = ("服務可用性不低於99.9%。一級故障15分鐘內響應,4小時內恢復。未達標的,按當月服務費的5%支付違約金。\n"
        "承诺方:__________")


def _pipeline(segmenter: str):
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    pipeline.add_pipe("slax_sla")
    return pipeline


@pytest.fixture(scope="module", params=["char", "jieba"])
def nlp(request):
    return _pipeline(request.param)


def test_component_puts_facts_in_doc_spans(nlp):
    doc = nlp(TEXT)
    labels = sorted(span.label_ for span in doc.spans["slax"])
    assert labels == ["availability:availability", "blanks:underline", "parties:promisor",
                      "penalties:liquidated_damages", "timings:recovery", "timings:response"]
    availability = next(s for s in doc.spans["slax"] if s.label_.startswith("availability"))
    assert availability.text == "可用性不低於99.9%"
    assert doc._.slax_letters[0].facts["availability"][0].value == pytest.approx(0.999)
    assert doc._.slax_letters[0].facts["timings"][0].minutes == pytest.approx(15.0)


def test_spans_are_the_facts_characters_under_either_segmenter():
    """Each span is exactly its fact's source text; tokens a fact starts or ends inside are split there."""
    spans = {}
    for segmenter in ("char", "jieba"):
        doc = _pipeline(segmenter)(TEXT)
        spans[segmenter] = [(s.start_char, s.end_char, s.label_) for s in doc.spans["slax"]]
        letters = doc._.slax_letters
        assert len(doc.spans["slax"]) == sum(len(found) for letter in letters for found in letter.facts.values())
        assert doc.text == TEXT  # splitting tokens never changes the text
    assert spans["char"] == spans["jieba"]


def test_a_jieba_pipeline_keeps_domain_terms_whole():
    words = [t.text for t in _pipeline("jieba").tokenizer("乙方承诺服务可用性不低于99.9%,否则支付违约金")]
    assert "服务可用性" in words and "违约金" in words
    assert "服务可用性" in cut("乙方承诺服务可用性不低于99.9%,否则支付违约金")
