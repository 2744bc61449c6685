"""The timings family's second stage: a linear model that judges the durations no cue placed.

The rules propose; for a duration they could not give a kind (no cue next to it, no column, no carried subject),
a logistic model trained on the real-document dev corpus says whether it is a promised time limit, and a softmax
over the same features names its kind (``scripts/train_timings.py`` retrains both; the model card is
``docs/second_stage.md``). It runs after the rules' vetoes and before the promise vetoes, so an explicit
exception always wins over the model, and a figure any rule placed is never touched.

The model is data: ``patterns/learned/timings.json`` holds the feature settings, the weights and the threshold.
Features are characters and character pairs beside the figure, commitment words in its sentence, its unit and
its comparator: no tokenizer, so a prediction costs microseconds and is the same on every machine.
"""
from __future__ import annotations

import functools
import itertools
import json
import math
from pathlib import Path
from typing import NamedTuple, cast, get_args

from extractor.models import TimingKind
from extractor.rules.matching import after, before
from extractor.rules.patterns import PatternError, patterns_dir

MODEL_FILE = Path("learned") / "timings.json"
LEARNED_CUE = "learned.timings"  # the cue a rescued fact's evidence names
_SETTINGS = ("stops", "left", "right", "sentence", "sentence_words")  # what features() reads


class Judgement(NamedTuple):
    kind: str
    probability: float  # that the figure is a promised time limit


class Model(NamedTuple):
    settings: dict
    keep: dict[str, float]  # feature -> weight of "a promised time limit"
    kinds: dict[str, dict[str, float]]  # kind -> feature -> weight
    threshold: float


def features(text: str, start: int, end: int, fields: dict, settings: dict) -> list[str]:
    """The figure text[start:end]'s features: what lies right after it (the verb of a deadline), right before
    it (its subject), the commitment words of its sentence, its unit and comparator."""
    stops = settings["stops"]
    right = after(text, end, settings["right"], stops)
    left = before(text, start, settings["left"], stops)
    sentence = before(text, start, settings["sentence"], stops) + after(text, end, settings["sentence"], stops)
    found = ["bias", f"r0:{right[:1]}", f"r01:{right[:2]}", f"l0:{left[-1:]}", f"l01:{left[-2:]}",
             f"unit:{fields.get('unit')}", f"cmp:{fields.get('comparator')}"]
    found += [f"r:{c}" for c in right] + [f"rb:{right[i:i + 2]}" for i in range(len(right) - 1)]
    found += [f"l:{c}" for c in left] + [f"lb:{left[i:i + 2]}" for i in range(len(left) - 1)]
    found += [f"s:{word}" for word in settings["sentence_words"] if word in sentence]
    return found


def _score(weights: dict[str, float], found: list[str]) -> float:
    return sum(map(weights.get, found, itertools.repeat(0.0)))  # weights.get(f, 0.0) in order, the loop in C


def judge(text: str, start: int, end: int, fields: dict, model: Model | None = None) -> Judgement:
    """Whether the figure text[start:end] is a promised time limit (its probability) and of which kind."""
    model = model or timings_model()
    found = features(text, start, end, fields, model.settings)
    probability = 1.0 / (1.0 + math.exp(-_score(model.keep, found)))
    kind = max(model.kinds, key=lambda k: (_score(model.kinds[k], found), k))
    return Judgement(kind, probability)


def rescued(text: str, start: int, end: int, fields: dict) -> TimingKind | None:
    """The kind of a duration no cue placed, when the model holds it a promised time limit; else None."""
    model = timings_model()
    if model.threshold > 1.0:  # a model switched off by its threshold
        return None
    judgement = judge(text, start, end, fields, model)
    return cast(TimingKind, judgement.kind) if judgement.probability >= model.threshold else None


def load_model(data: dict, source: str = str(MODEL_FILE)) -> Model:
    """A model from its JSON; a PatternError names the file and what is wrong."""
    try:
        settings, keep, kinds, threshold = data["settings"], data["keep"], data["kinds"], float(data["threshold"])
        missing = [key for key in _SETTINGS if key not in settings]  # every setting the features read
    except (KeyError, TypeError, ValueError) as e:
        raise PatternError(f"{source}: not a timings model ({e!r})") from None
    if missing:
        raise PatternError(f"{source}: not a timings model (settings lack {', '.join(missing)})")
    if not kinds:
        raise PatternError(f"{source}: the model names no kind")
    unknown = sorted(set(kinds) - set(get_args(TimingKind)))
    if unknown:
        raise PatternError(f"{source}: kinds {', '.join(unknown)} are no timing kinds")
    return Model(settings, keep, kinds, threshold)


@functools.cache
def timings_model() -> Model:
    path = patterns_dir() / MODEL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise PatternError(f"{path}: cannot read the timings model ({e})") from None
    return load_model(data, str(path))
