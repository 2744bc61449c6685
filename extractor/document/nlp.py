"""jieba, loaded lazily and once with the domain dictionary: it costs seconds, the rules cost milliseconds."""
from __future__ import annotations

import functools

from extractor.rules.patterns import patterns_dir


@functools.cache
def _jieba():
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - jieba is a hard dependency
        raise ImportError("slax needs jieba for Chinese word segmentation: pip install jieba") from exc
    jieba.setLogLevel(60)
    jieba.load_userdict(str(patterns_dir() / "jieba_userdict.txt"))
    return jieba


def load_domain_dictionary() -> None:
    """Load the domain dictionary into jieba (once): a spaCy ``zh`` pipeline segmenting with jieba then keeps
    服务可用性, 违约金 … whole, as ``cut`` does."""
    _jieba()


def cut(text: str) -> list[str]:
    """Words of ``text`` with the domain dictionary, e.g. 服务可用性 and 违约金 stay whole."""
    return list(_jieba().cut(text))
