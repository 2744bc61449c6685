"""jieba and spaCy, loaded lazily and once: they cost seconds, the rules cost milliseconds."""
from __future__ import annotations

import functools

from extractor.rules.patterns import patterns_dir


@functools.cache
def jieba_tokenizer():
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - jieba is a hard dependency
        raise ImportError("slax needs jieba for Chinese word segmentation: pip install jieba") from exc
    jieba.setLogLevel(60)
    jieba.load_userdict(str(patterns_dir() / "jieba_userdict.txt"))
    return jieba


def cut(text: str) -> list[str]:
    """Words of ``text`` with the domain dictionary, e.g. 服务可用性 and 违约金 stay whole."""
    return list(jieba_tokenizer().cut(text))


@functools.cache
def blank_zh():
    """spaCy's blank Chinese pipeline with the jieba segmenter; no model download."""
    import spacy

    jieba_tokenizer()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
