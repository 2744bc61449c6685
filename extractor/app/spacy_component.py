"""slax as a spaCy pipeline component: ``nlp.add_pipe("slax_sla")``.

Facts go to ``doc.spans["slax"]`` labelled ``family:kind``; the typed models are on
``doc._.slax_letters``. Spans are aligned to tokens with ``alignment_mode="expand"``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("slax_letters"):
    Doc.set_extension("slax_letters", default=None)


class SlaComponent:
    def __init__(self, spans_key: str = "slax"):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from extractor.document.normalize import normalize
        from extractor.pipeline import extract_normalized

        norm = normalize(doc.text)
        letters = extract_normalized(norm.text)
        spans = []
        for letter in letters:
            for family, facts in letter.facts.items():
                for fact in facts:
                    start, end = norm.source_span(fact.span.start, fact.span.end)
                    span = doc.char_span(start, end, label=f"{family}:{getattr(fact, 'kind', family)}",
                                         alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.slax_letters = letters
        return doc


@Language.factory("slax_sla", default_config={"spans_key": "slax"})
def make_sla_component(nlp: Language, name: str, spans_key: str) -> SlaComponent:
    return SlaComponent(spans_key)
