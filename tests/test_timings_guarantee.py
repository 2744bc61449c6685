"""A window after a job, followed by that job's quality problem or the same fault recurring, is the job's guarantee
(timings.toml cue job_guarantee.after): validity, never the repair's deadline. Validity is never in hours
(veto validity_in_hours), so a guarantee of hours is no fact at all rather than a wrong resolution."""
import pytest

from extractor.document.normalize import normalize_text
from extractor.families.timings.extract import extract_timings


def _kinds(text: str) -> list[str]:
    return [f.kind for f in extract_timings(normalize_text(text))]


@pytest.mark.parametrize("text", [
    "安装完成后30天内,如出现安装质量问题,免费处理",
    "施工完成後三個月內,如有施工質量問題,免費修繕",
    "维修后一个月内,如同一故障再次出现,免费维修",
    "保养完成后15日内,若因保养质量问题导致故障,乙方免费返工",
])
def test_job_guarantee_is_validity(text):
    assert _kinds(text) == ["validity"]


@pytest.mark.parametrize("text", [
    "维修完毕后72小时之内,如因维修服务后产生的质量问题,免费返修",
    "维修完成后72小时内,如因维修质量问题导致故障,免费上门",
])
def test_job_guarantee_in_hours_is_no_resolution(text):
    assert _kinds(text) == []


@pytest.mark.parametrize("text, kind", [
    ("乙方在2小时内到场,如因质量问题造成损失,乙方负责赔偿", "onsite"),
    ("乙方4小时内修复,如因维修延误造成损失按日扣款", "resolution"),
    ("乙方2小时内到场,如遇节假日顺延", "onsite"),
])
def test_a_loss_or_a_holiday_is_no_guarantee(text, kind):
    assert _kinds(text) == [kind]
