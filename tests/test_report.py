"""The HTML report: highlighting (nesting, crossing, escaping), fact links, overview, diff rendering."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.app import playbook as pb
from extractor.app import templating
from extractor.app.cli import main
from extractor.app.redline_html import render_diff_html
from extractor.app.report import Mark, highlight, render_report
from extractor.models import AvailabilityFact, BlankFact, Document, Letter, Party, PenaltyFact, Source, Span, TimingFact

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr", "area", "base", "embed", "param", "track"}


class Dom(HTMLParser):
    """Just enough of a DOM for the assertions: tags in order, ids, links, mark classes, text, balance."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids, self.hrefs, self.srcs, self.marks = [], [], [], [], [], []
        self.text_parts, self._in_text = [], 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        for key, dest in (("href", self.hrefs), ("src", self.srcs)):
            if a.get(key) is not None:
                dest.append(a[key])
        if tag == "mark":
            self.marks.append(a)
        if "text" in (a.get("class") or "").split() or self._in_text:
            self._in_text += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()
        if self._in_text:
            self._in_text -= 1

    def handle_data(self, data):
        if self._in_text:
            self.text_parts.append(data)

    def fact_marks(self) -> list[dict]:
        return [m for m in self.marks if "fact" in (m.get("class") or "").split()]


def marks_for(spans):
    return [Mark(s, t, f"m{i}", "timings", f"v{i}") for i, (s, t) in enumerate(spans)]


def highlighted(text, offset, marks):
    """The letter text as the report's template renders it."""
    return templating.macro("macros.html.j2", "highlighted")(highlight(text, offset, marks))


@pytest.mark.parametrize("text, spans", [
    ("可用性不低于99.9%", [(0, 10)]),
    ("30分钟内响应,4小时内恢复", [(0, 6), (8, 14)]),            # apart
    ("支付当月服务费5%的违约金", [(0, 13), (7, 9)]),               # nested
    ("承诺方:______接收方", [(0, 10), (4, 10)]),                   # nested, same end
    ("abcdefghij", [(0, 6), (3, 9)]),                            # crossing
    ("abcdefghij", [(0, 4), (4, 8)]),                            # adjacent
    ("abcdefghij", [(2, 2), (0, 10)]),                           # zero-length inside another
    ("abcdefghij", [(0, 10), (0, 10)]),                          # identical
    ("<script>alert(1)</script>&amp;", [(0, 8), (8, 16)]),       # escaping
])
def test_highlight_keeps_text_one_mark_per_fact_and_balanced_html(text, spans):
    dom = Dom(f'<div class="text">{highlighted(text, 0, marks_for(spans))}</div>')
    assert dom.errors == [] and dom.stack == []
    assert "".join(dom.text_parts) == text
    assert sorted(m["id"] for m in dom.fact_marks()) == sorted(f"m{i}" for i in range(len(spans)))


def test_highlight_uses_source_offsets_of_the_letter():
    html = highlighted("服务可用性99.9%", 100, [Mark(105, 110, "a", "availability", "≥99.9%")])
    assert html == ('服务可用性<mark class="fact availability" id="a" data-family="availability" data-value="≥99.9%" '
                    'title="≥99.9%">99.9%</mark>')


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab<&_服", min_size=1, max_size=30).flatmap(
    lambda t: st.tuples(st.just(t), st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t)))
                                             .map(sorted), max_size=8))))
def test_highlight_any_spans(case):
    text, spans = case
    dom = Dom(f'<div class="text">{highlighted(text, 0, marks_for(spans))}</div>')
    assert dom.errors == [] and dom.stack == []
    assert "".join(dom.text_parts) == text
    assert len(dom.fact_marks()) == len(spans)


# ---- a hand-built document -------------------------------------------------------------------------------

TEXT = ("前言\n承诺方:__________\n1.可用性不低于99.95%;P1故障15分钟内响应,4小时内恢复。"
        "2.未达标支付当月服务费5%的违约金。<b>注</b>签订日期:____")


def at(sub: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return Span(start=start, end=start + len(sub))


def fact(model, sub, **kw):
    extra = {} if model in (BlankFact, Party) else {"rule": "t"}
    return model(text=sub, span=at(sub), **extra, **kw)


def build_doc(path="letter.txt") -> Document:
    start = TEXT.index("承诺方")
    letter = Letter(
        index=1, title="服务承诺书", span=Span(start=start, end=len(TEXT)),
        parties=[fact(Party, "承诺方:__________", role="promisor", label="承诺方", blank=True)],
        availability=[fact(AvailabilityFact, "可用性不低于99.95%", value=0.9995, comparator=">=", clause="1")],
        timings=[fact(TimingFact, "15分钟内响应", kind="response", tier="P1", minutes=15, comparator="<=", clause="1"),
                 fact(TimingFact, "4小时内恢复", kind="recovery", minutes=240, comparator="<=", clause="1")],
        penalties=[fact(PenaltyFact, "支付当月服务费5%的违约金", kind="liquidated_damages", rate=0.05, base="当月服务费",
                        clause="2")],
        blanks=[fact(BlankFact, "__________", label="承诺方名称", kind="underline"),
                fact(BlankFact, "____", label="签订日期", kind="underline", clause="2")],
    )
    return Document(source=Source(path=path, format="txt", sha256="0" * 64), letters=[letter])


def n_facts(doc: Document) -> int:
    return sum(len(getattr(l, f)) for l in doc.letters for f in ("parties", "availability", "timings", "penalties",
                                                                  "blanks"))


def test_report_highlights_every_fact_and_links_resolve():
    doc = build_doc()
    dom = Dom(render_report([(doc, TEXT)], pb.load()))
    assert dom.errors == [] and dom.stack == []
    marks = dom.fact_marks()
    assert len(marks) == n_facts(doc) == 7
    assert len(set(dom.ids)) == len(dom.ids)
    links = [h for h in dom.hrefs if h.startswith("#")]
    assert {h[1:] for h in links} <= set(dom.ids)
    assert {m["id"] for m in marks} <= {h[1:] for h in links}  # the facts table links to every fact


def test_report_marks_carry_family_and_normalized_value():
    marks = {m["id"]: m for m in Dom(render_report([(build_doc(), TEXT)])).fact_marks()}
    assert marks["fact-0-1-availability-0"]["class"].split()[:2] == ["fact", "availability"]
    assert "99.95%" in marks["fact-0-1-availability-0"]["data-value"]
    assert "15min" in marks["fact-0-1-timings-0"]["title"] and "P1" in marks["fact-0-1-timings-0"]["title"]
    assert marks["fact-0-1-blanks-1"]["class"].split()[:2] == ["fact", "blanks"]


def test_report_is_self_contained_and_escaped():
    html = render_report([(build_doc(), TEXT)], pb.load())
    dom = Dom(html)
    assert not [u for u in dom.hrefs + dom.srcs if not u.startswith("#")]
    assert "http://" not in html and "https://" not in html
    assert "<b>注</b>" not in html and "&lt;b&gt;注&lt;/b&gt;" in html


def test_report_letter_text_is_the_source_slice():
    doc = build_doc()
    span = doc.letters[0].span
    assert "".join(Dom(render_report([(doc, TEXT)])).text_parts) == TEXT[span.start:span.end]


def test_report_shows_playbook_results_linked_to_deciding_facts():
    html = render_report([(build_doc(), TEXT)], pb.load())
    assert 'class="checks"' in html
    assert '<a href="#fact-0-1-availability-0">1</a>' in html


def test_overview_only_for_several_letters():
    one = render_report([(build_doc("a.txt"), TEXT)])
    two = Dom(render_report([(build_doc("a.txt"), TEXT), (build_doc("b.txt"), TEXT)]))
    assert 'id="overview"' not in one
    assert "overview" in two.ids and "letter-1-1" in two.ids and "fact-1-1-blanks-0" in two.ids
    assert len(two.fact_marks()) == 14


def test_report_cli_on_samples_highlights_every_fact(tmp_path):
    from extractor.app.api import extract

    out = tmp_path / "report.html"
    assert main(["report", str(SAMPLES / "letters"), "-o", str(out), "--playbook",
                 str(ROOT / "patterns" / "playbook_default.toml")]) == 0
    dom = Dom(out.read_text(encoding="utf-8"))
    expected = sum(n_facts(extract(p)) for p in sorted((SAMPLES / "letters").glob("*.txt")))
    assert len(dom.fact_marks()) == expected > 0
    assert {h[1:] for h in dom.hrefs if h.startswith("#")} <= set(dom.ids)


# ---- diff -------------------------------------------------------------------------------------------------

DIFF = {
    "a": "v1.txt", "b": "v2.txt",
    "changes": [
        {"family": "availability", "kind": None, "event": None, "old": {"text": "99.9%", "value": 0.999},
         "new": {"text": "99.5%", "value": 0.995}, "direction": "looser", "clause_a": "2.1", "clause_b": "2.1",
         "old_text": "≥99.9%", "new_text": "≥99.5%"},
        {"family": "blanks", "kind": "underline", "event": "<响应时限>", "old": {"text": "____"}, "new": None,
         "direction": "filled", "clause_a": "3", "clause_b": None},
    ],
    "text": [{"clause_a": "2.1", "clause_b": "2.1",
              "ops": [{"op": "equal", "a": "可用性不低于"}, {"op": "replace", "a": "99.9", "b": "99.5"}]}],
}


def test_diff_html_lists_changes_and_redline():
    html = render_diff_html(DIFF)
    dom = Dom(html)
    assert dom.errors == []
    assert html.count('<tr class="looser">') == 1 and html.count('<tr class="filled">') == 1
    assert "<del>99.9</del><ins>99.5</ins>" in html
    assert "&lt;响应时限&gt;" in html and "<响应时限>" not in html


@pytest.mark.parametrize("redline, expected", [
    ("可用性[-99.9-][+99.5+]", '<pre class="text" lang="zh-CN">可用性[-99.9-][+99.5+]</pre>'),
    (None, "No changes"),
])
def test_diff_html_redline_shapes(redline, expected):
    data = {"a": "a", "b": "b", "changes": [] if redline is None else DIFF["changes"], "redline": redline}
    assert expected in render_diff_html(data)


def test_diff_cli_html_format(capsys):
    cases = ROOT / "tests" / "diff_cases"
    if not (cases / "cloud_v1.txt").exists():
        pytest.skip("diff cases not present")
    assert main(["diff", str(cases / "cloud_v1.txt"), str(cases / "cloud_v2.txt"), "--format", "html"]) == 1
    html = capsys.readouterr().out
    dom = Dom(html)
    assert html.startswith("<!DOCTYPE html>") and dom.errors == [] and dom.stack == []
    assert html.count("<tr class=") >= 1


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parent.parent / "samples" / "letters").glob("*.txt")),
                         ids=lambda p: p.name)
def test_table_and_html_overview_show_the_same_headline_response_and_recovery(path):
    from extractor.app.api import extract
    from extractor.app.render import summarize
    from extractor.app.report import headline

    for letter in extract(path).letters:
        table, html = summarize(letter), headline(letter)
        assert (table["response_minutes"], table["recovery_minutes"]) == (html["response"], html["recovery"])


@pytest.mark.parametrize("command", [["report"], ["check", "--format", "json"]], ids=["report", "check"])
def test_output_file_is_replaced_whole_and_no_temp_file_is_left(tmp_path, command):
    out = tmp_path / "out.txt"
    out.write_text("an older result", encoding="utf-8")
    main([command[0], str(SAMPLES / "letters" / "letter_02.txt"), *command[1:], "-o", str(out)])
    assert out.read_text(encoding="utf-8") != "an older result" and sorted(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("command", [["report"], ["check", "--format", "json"]], ids=["report", "check"])
def test_output_that_cannot_be_written_is_a_one_line_error(tmp_path, capsys, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code = main([command[0], str(SAMPLES / "letters" / "letter_02.txt"), *command[1:], "-o",
                 str(blocker / "out.html")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "a-file" in err and "Traceback" not in err
