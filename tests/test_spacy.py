"""slax inside anyone's spaCy pipeline: blank zh + jieba, no model download."""
import pytest

spacy = pytest.importorskip("spacy")

from extractor.document.nlp import cut  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    import extractor.app.spacy_component  # noqa: F401  (registers the factory, as the entry point does when installed)

    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    pipeline.add_pipe("slax_sla")
    return pipeline


def test_component_puts_facts_in_doc_spans(nlp):
    doc = nlp("服務可用性不低於99.9%。一級故障15分鐘內響應,4小時內恢復。未達標的,按當月服務費的5%支付違約金。")
    labels = sorted(span.label_ for span in doc.spans["slax"])
    assert labels == ["availability:availability", "penalties:liquidated_damages", "timings:recovery", "timings:response"]
    availability = next(s for s in doc.spans["slax"] if s.label_.startswith("availability"))
    assert "99.9%" in availability.text
    assert doc._.slax_letters[0].facts["availability"][0].value == pytest.approx(0.999)


def test_domain_dictionary_keeps_terms_whole():
    words = cut("乙方承诺服务可用性不低于99.9%,否则支付违约金")
    assert "服务可用性" in words and "违约金" in words
