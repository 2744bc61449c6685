"""The timings family's second stage (extractor/families/timings/learned.py): a learned judge of the durations no
cue placed. The rows are our own sentences; the model was trained on the real corpus's dev split only."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from extractor.families.timings import extract as timings_extract
from extractor.families.timings import learned
from extractor.families.timings.extract import extract_timings
from extractor.pipeline import explain_normalized
from extractor.rules.patterns import PatternError, patterns_dir

# Deadlines whose verb no cue knows: the rules find the figure, cannot place it, and the model takes it.
RESCUED = [
    ("客户提交申请后,我司3个工作日内核定费用。", "3个工作日", 3 * 1440),
    ("签约后5日内配齐驻场人员。", "5日", 5 * 1440),
    ("货到后7天内安装调试完毕。", "7天", 7 * 1440),
    ("合同签订后30日内供货。", "30日", 30 * 1440),
    ("验收合格后15日内,组织完成操作培训", "15日", 15 * 1440),
]
# Durations that are no promise: the model is asked about each and declines.
DECLINED = [
    "培训时数不少于6小时。",
    "本项目历时3个月。",
    "该设备连续运行2000小时无故障。",
    "设备使用寿命为8年。",
    "我公司从事运维服务已有15年。",
]


@pytest.fixture
def asked(monkeypatch):
    """The figures the second stage was asked about while a text was extracted."""
    seen: list[str] = []
    real = timings_extract.rescued

    def spy(text, start, end, fields):
        seen.append(text[start:end])
        return real(text, start, end, fields)

    monkeypatch.setattr(timings_extract, "rescued", spy)
    return seen


@pytest.mark.parametrize("text,figure,minutes", RESCUED)
def test_a_deadline_with_an_unknown_verb_is_rescued(text, figure, minutes, asked):
    facts = extract_timings(text)
    assert any(figure in a for a in asked), asked
    rescued = [f for f in facts if learned.LEARNED_CUE in f.evidence.cues]
    assert len(rescued) == 1, facts
    assert figure in rescued[0].text and rescued[0].minutes == minutes
    assert rescued[0].kind == "other"


@pytest.mark.parametrize("text", DECLINED)
def test_a_duration_that_promises_nothing_is_declined(text, asked):
    assert extract_timings(text) == []
    assert asked, "the rules should have left this figure to the model"


def test_a_figure_a_cue_placed_never_reaches_the_model(asked):
    facts = extract_timings("乙方在接到报修后30分钟内响应,4小时内到达现场。")
    assert [f.kind for f in facts] == ["response", "onsite"]
    assert asked == [] and all(learned.LEARNED_CUE not in f.evidence.cues for f in facts)


def test_a_veto_wins_over_the_model():
    """The reference_value veto (patterns/timings.toml) runs on rescued facts too."""
    assert extract_timings("客户提交申请后,我司3个工作日内核定费用,该时间仅为参考值。") == []
    assert extract_timings("客户提交申请后,我司3个工作日内核定费用。") != []


def test_explain_names_the_second_stage():
    text = RESCUED[0][0]
    figures = [f for letter in explain_normalized(text) for f in letter.figures]
    assert [(f.fate, f.family, f.words) for f in figures] == [("fact", "timings", learned.LEARNED_CUE)]


def test_judgement_is_deterministic_and_a_probability():
    text = RESCUED[1][0]
    start = text.index("5日内")
    fields = {"unit": "day", "comparator": "<="}
    first = learned.judge(text, start, start + 3, fields)
    assert first == learned.judge(text, start, start + 3, fields)
    assert 0.0 <= first.probability <= 1.0 and first.kind in learned.timings_model().kinds


def test_features_read_both_sides_of_the_figure():
    settings = learned.timings_model().settings
    text = "乙方承诺接单后20分钟出车。"
    start = text.index("20分钟")
    found = learned.features(text, start, start + 4, {"unit": "minute", "comparator": None}, settings)
    assert "r0:出" in found and "rb:出车" in found and "l0:后" in found and "s:承诺" in found
    assert "unit:minute" in found


def test_the_shipped_model_is_valid():
    data = json.loads((patterns_dir() / learned.MODEL_FILE).read_text(encoding="utf-8"))
    model = learned.load_model(data)
    assert 0.5 <= model.threshold <= 1.0
    assert "other" in model.kinds and model.keep
    # trained with our own rows, and says how much they counted
    assert model.settings["own_weight"] >= 1 and data["about"]["own_candidates"] > 0


# ---- retraining reads our own rows (scripts/timings_rows.py) ------------------------------------------------------
@pytest.fixture(scope="module")
def rows():
    spec = importlib.util.spec_from_file_location(
        "timings_rows", Path(__file__).resolve().parent.parent / "scripts" / "timings_rows.py")
    if "timings_rows" not in sys.modules:  # its dataclasses look their module up there
        sys.modules["timings_rows"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["timings_rows"])
    return sys.modules["timings_rows"]


@pytest.fixture(scope="module")
def own(rows):
    return {(c.row.text, c.row.text[c.start:c.end]): c for c in rows.own_candidates()}


@pytest.mark.parametrize("text, figure, positive, kind", [
    ("合同签订后30日内供货。", "30日内", True, "other"),  # RESCUED
    ("培训时数不少于6小时。", "不少于6小时", False, None),  # DECLINED
    ("设备使用寿命为8年。", "8年", False, None),
    ("响应时间不超过15分钟,培训不少于6小时", "不少于6小时", False, None),  # test_timings.py, every fact listed
    ("提前48小时通知客户,每次中断不超过4小时", "不超过4小时", False, None),
    ("本协议经双方签字后3天生效。", "3天", False, None),  # a [generic_deadline] counter-example
    ("城区2小时内完成安装,郊县4小时内到达现场。", "2小时内", True, "other"),  # the cue-placed 4小时 is no candidate
    # a promise-stage veto fires only on a fact: its example's figure must be taken first
    ("数据一般在15分钟内复制至目标存储桶(该时间仅为参考值)", "15分钟内", True, None),
])
def test_retraining_data_holds_our_rows(own, text, figure, positive, kind):
    candidate = own[(text, figure)]
    assert (candidate.positive, candidate.kind) == (positive, kind)


def test_a_figure_a_cue_placed_is_no_training_row(own):
    assert ("城区2小时内完成安装,郊县4小时内到达现场。", "4小时内") not in own
    assert not [key for key in own if key[0] == "乙方在接到报修后30分钟内响应,4小时内到达现场。"]


def test_a_row_labels_only_the_figures_it_speaks_of(rows):
    text = "响应时间不超过15分钟,培训不少于6小时"
    listed = rows.Row("t", text, (("response", 15.0),), complete=True)
    partial = rows.Row("t", text, (("response", 15.0),), complete=False)
    wanted = rows.Row("t", text, (("other", 360.0),), complete=True)
    assert [c.positive for c in rows.candidates(listed)] == [False]  # every fact listed: 6小时 is none of them
    assert rows.candidates(partial) == []  # a first fact only: says nothing of 6小时
    assert [(c.positive, c.kind) for c in rows.candidates(wanted)] == [(True, "other")]


def test_the_shipped_model_decides_every_own_row_as_the_row_says(own):
    """A retrain that drowns our rows in corpus candidates fails here before any row test does."""
    model = learned.timings_model()
    wrong = []
    for (text, figure), c in own.items():
        judgement = learned.judge(text, c.start, c.end, c.fields, model)
        taken = judgement.probability >= model.threshold
        if taken != c.positive or (taken and c.kind not in (None, judgement.kind)):
            wrong.append((text, figure, c.positive, judgement))
    assert wrong == []


@pytest.mark.parametrize("broken", [{}, {"settings": {}, "keep": {}, "kinds": {"other": {}}, "threshold": 0.8},
                                    {"settings": {"stops": "", "left": 1, "right": 1, "sentence": 1,
                                                  "sentence_words": []}, "keep": {}, "kinds": {}, "threshold": 1},
                                    {"settings": {"stops": "", "left": 1, "right": 1, "sentence": 1,
                                                  "sentence_words": []}, "keep": {}, "kinds": {"soon": {}},
                                     "threshold": 1}])
def test_a_broken_model_fails_at_load_naming_the_file(broken):
    with pytest.raises(PatternError, match="timings.json"):
        learned.load_model(broken, "patterns/learned/timings.json")


def test_a_threshold_above_one_switches_the_model_off(monkeypatch):
    model = learned.timings_model()
    monkeypatch.setattr(learned, "timings_model", lambda: model._replace(threshold=1.1))
    assert learned.rescued(RESCUED[0][0], 9, 14, {"unit": "working_day", "comparator": None}) is None
    assert [f for f in extract_timings(RESCUED[0][0]) if learned.LEARNED_CUE in f.evidence.cues] == []
