"""slax as a spaCy pipeline component: ``nlp.add_pipe("slax_sla")``.

Facts go to ``doc.spans["slax"]`` in reading order, labelled ``family:kind``, each span exactly the fact's
characters: a token that a fact starts or ends inside is split there (so the spans are the same under the ``char``
and ``jieba`` segmenters). The typed facts, letter by letter, are on ``doc._.slax_letters``
(extractor.pipeline.LetterFacts: ``.facts["timings"][0].minutes`` …). In a pipeline segmenting with jieba the
component loads slax's domain dictionary, so 服务可用性 and 违约金 are one token each.
"""
from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("slax_letters"):
    Doc.set_extension("slax_letters", default=None)


class SlaComponent:
    def __init__(self, spans_key: str = "slax"):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from extractor.document.normalize import normalize
        from extractor.families import family as family_of
        from extractor.pipeline import extract_normalized

        norm = normalize(doc.text)
        letters = extract_normalized(norm.text)
        found = [(*norm.source_span(fact.span.start, fact.span.end),
                  f"{name}:{getattr(fact, family_of(name).kind_field, None) or name}")
                 for letter in letters for name, facts in letter.facts.items() for fact in facts]
        found.sort(key=lambda f: (f[0], f[1]))  # in reading order
        _split_at(doc, {cut for start, end, _ in found for cut in (start, end)})
        spans = [doc.char_span(start, end, label=label, alignment_mode="strict") for start, end, label in found]
        doc.spans[self.spans_key] = [span for span in spans if span is not None]
        doc._.slax_letters = letters
        return doc


def _split_at(doc: Doc, cuts: set[int]) -> None:
    """Split every token that one of ``cuts`` (character offsets) falls inside, so each cut is a token boundary."""
    ordered = sorted(cuts)
    with doc.retokenize() as retokenizer:
        for token in doc:
            end = token.idx + len(token.text)
            inner = [c - token.idx for c in ordered[bisect.bisect_right(ordered, token.idx):
                                                     bisect.bisect_left(ordered, end)]]
            if inner:
                bounds = [0, *inner, len(token.text)]
                orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
                retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


@Language.factory("slax_sla", default_config={"spans_key": "slax"})
def make_sla_component(nlp: Language, name: str, spans_key: str) -> SlaComponent:
    if getattr(nlp.tokenizer, "segmenter", None) == "jieba":
        from extractor.document.nlp import load_domain_dictionary

        load_domain_dictionary()
    return SlaComponent(spans_key)
