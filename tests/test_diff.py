"""Direction and alignment rules of extractor.app.diff, on facts built from the models."""
import pytest

from extractor.app.diff import LetterView, align, diff_letters, direction, pair_letters
from extractor.families.timings.present import weekly_hours
from extractor.models import AvailabilityFact, BlankFact, Letter, Money, Party, PenaltyFact, Span, TimingFact

SPAN = Span(start=0, end=1)


def avail(value, **kw):
    return AvailabilityFact(rule="t", text="x", span=SPAN, value=value, comparator=kw.pop("comparator", ">="), **kw)


def timing(kind, minutes=None, **kw):
    return TimingFact(rule="t", text="x", span=SPAN, kind=kind, minutes=minutes, **kw)


def penalty(kind="liquidated_damages", **kw):
    return PenaltyFact(rule="t", text="x", span=SPAN, kind=kind, **kw)


def blank(label):
    return BlankFact(label=label, kind="underline", text="____", span=SPAN)


@pytest.mark.parametrize("family, old, new, expected", [
    # availability: higher protects the recipient
    ("availability", avail(0.995), avail(0.999), "stricter"),
    ("availability", avail(0.9999), avail(0.999), "looser"),
    ("availability", avail(0.999, comparator=">="), avail(0.999, comparator=">"), "changed"),
    ("availability", avail(None, blank=True), avail(0.999), "filled"),
    ("availability", avail(0.999), avail(None, blank=True), "emptied"),
    # timings: shorter is stricter for response, onsite, recovery, report ...
    ("timings", timing("response", 30), timing("response", 15), "stricter"),
    ("timings", timing("onsite", 120), timing("onsite", 240), "looser"),
    ("timings", timing("recovery", 240), timing("recovery", 60), "stricter"),
    ("timings", timing("rpo", 0), timing("rpo", 15), "looser"),
    # ... longer is stricter for notice given to the recipient, retention, validity, claim windows
    ("timings", timing("notice", 7 * 1440), timing("notice", 3 * 1440), "looser"),
    ("timings", timing("notice", 3 * 1440), timing("notice", 30 * 1440), "stricter"),
    ("timings", timing("retention", 180 * 1440), timing("retention", 365 * 1440), "stricter"),
    ("timings", timing("validity", 525600), timing("validity", 3 * 525600), "stricter"),
    # frequency: minutes is the interval, so more frequent (shorter) is stricter
    ("timings", timing("frequency", 43200, unit="month"), timing("frequency", 10080, unit="week"), "stricter"),
    ("timings", timing("frequency", 1440, unit="day"), timing("frequency", 129600, unit="quarter"), "looser"),
    # support hours: more covered hours per week
    ("timings", timing("support_hours", hours="5x8"), timing("support_hours", hours="7x24"), "stricter"),
    ("timings", timing("support_hours", hours="7x24"), timing("support_hours", hours="08:00-18:00"), "looser"),
    ("timings", timing("response", None, blank=True), timing("response", 60, value=1, unit="hour"), "filled"),
    ("timings", timing("response", value=2, unit="business_day"), timing("response", value=1, unit="business_day"),
     "stricter"),
    # penalties: a higher rate, amount or cap costs the promisor more
    ("penalties", penalty(rate=0.05, base="月服务费"), penalty(rate=0.10, base="月服务费"), "stricter"),
    ("penalties", penalty(rate=0.003, base="合同总价"), penalty(rate=0.001, base="合同总价"), "looser"),
    ("penalties", penalty(amount=Money(value=50000)), penalty(amount=Money(value=200000)), "stricter"),
    ("penalties", penalty(rate=0.1, base="月服务费", cap_rate=0.3), penalty(rate=0.1, base="月服务费", cap_rate=0.2),
     "looser"),
    ("penalties", penalty(rate=0.05, base="月服务费"), penalty(rate=0.05, base="年服务费"), "changed"),
    # more days of service credited is more for the customer
    ("penalties", penalty("service_credit", credit_days=3.0), penalty("service_credit", credit_days=7.0), "stricter"),
    ("penalties", penalty("service_credit", credit_days=30.0), penalty("service_credit", credit_days=15.0), "looser"),
    # a cap bounds what the recipient can claim: gaining one is looser, losing one stricter
    ("penalties", penalty(rate=0.05, base="月服务费"), penalty(rate=0.05, base="月服务费", cap_rate=0.2), "looser"),
    ("penalties", penalty(amount=Money(value=1e4), cap="最高不超过10万元"), penalty(amount=Money(value=1e4)),
     "stricter"),
    # parties and blanks
    ("parties", Party(role="promisor", label="承诺方", blank=True, span=SPAN),
     Party(role="promisor", label="承诺方", name="某某公司", span=SPAN), "filled"),
    ("blanks", blank("签订日期"), None, "filled"),
    ("blanks", None, blank("签订日期"), "emptied"),
    ("timings", None, timing("response", 30), "added"),
    ("penalties", penalty(rate=0.1), None, "removed"),
])
def test_direction_from_the_recipients_side(family, old, new, expected):
    assert direction(family, old, new) == expected


@pytest.mark.parametrize("hours, weekly", [("7x24", 168), ("5x8", 40), ("5×8", 40), ("08:00-18:00", 70), (None, None)])
def test_weekly_hours(hours, weekly):
    assert weekly_hours(hours) == weekly


def test_equal_facts_in_another_order_are_not_changes():
    a = [timing("response", 15, tier="P1"), timing("response", 30, tier="P2"), timing("recovery", 120, tier="P1")]
    assert align("timings", a, list(reversed(a))) == []


def test_a_fact_added_in_the_middle_is_only_added():
    a = [timing("response", 15), timing("recovery", 120)]
    b = [timing("response", 15), timing("onsite", 240), timing("recovery", 120)]
    assert align("timings", a, b) == [(None, 1)]


def test_tiers_pair_with_their_own_tier():
    a = [timing("response", 15, tier="P1"), timing("response", 60, tier="P2")]
    b = [timing("response", 30, tier="P2"), timing("response", 5, tier="P1")]
    assert sorted(align("timings", a, b)) == [(0, 1), (1, 0)]


def test_a_tier_present_on_one_side_only_is_added_not_paired():
    a = [timing("response", 15, tier="P1")]
    b = [timing("response", 15, tier="P1"), timing("response", 60, tier="P3")]
    assert align("timings", a, b) == [(None, 1)]


def test_blanks_pair_by_label_and_count():
    a = [blank("签订日期"), blank("承诺人签名"), blank("签订日期")]
    b = [blank("签订日期")]
    assert sorted(align("blanks", a, b)) == [(1, None), (2, None)]


def test_diff_letters_reports_only_changes():
    def letter(*timings):
        return LetterView(Letter(index=1, title="承诺书", span=SPAN, timings=list(timings)))

    changes = diff_letters(letter(timing("response", 30), timing("recovery", 240)),
                           letter(timing("response", 30), timing("recovery", 480)))
    assert [(c.kind, c.direction, c.old_text, c.new_text) for c in changes] == [("recovery", "looser", "4h", "8h")]


@pytest.mark.parametrize("na, nb, letter, pairing, pairs", [
    (1, 1, None, "single", [(1, 1)]),
    (3, 3, None, "index", [(1, 1), (2, 2), (3, 3)]),
    (3, 2, None, "index", [(1, 1), (2, 2)]),
    (3, 2, (3, 1), "selected", [(3, 1)]),
])
def test_pair_letters(na, nb, letter, pairing, pairs):
    got_pairing, got_pairs, notes = pair_letters(na, nb, letter)
    assert (got_pairing, got_pairs) == (pairing, pairs)
    assert bool(notes) == (pairing == "index")


def test_pair_letters_rejects_a_missing_letter():
    with pytest.raises(ValueError, match="B has no letter 4"):
        pair_letters(5, 3, (4, 4))
