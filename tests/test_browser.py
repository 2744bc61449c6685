"""Open generated reports in headless Chromium: facts highlighted in the rendered DOM, links resolve,
the sort script runs, and the page asks nothing of the network.

.ci/run installs Debian's chromium; without it these tests skip.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from test_report import TEXT, Dom, build_doc, n_facts

from extractor.app import i18n
from extractor.app import playbook as pb
from extractor.app.report import render_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--no-pings", "--host-resolver-rules=MAP * ~NOTFOUND",
]
# Requests the browser makes for itself (component updates, account list) whatever page it opens; the page's
# own requests would show up beside them in the same log.
BROWSER_OWN = re.compile(r"^https?://(?:[\w-]+\.)*(?:google\.com|googleapis\.com)/")
REQUEST = re.compile(r"NotifyBeforeURLRequest: (\S+)")


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=1", *args,
           page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, errors="replace")


def page_requests(log: str) -> list[str]:
    return [u for u in REQUEST.findall(log) if not BROWSER_OWN.match(u)]


def console_errors(log: str) -> list[str]:
    return [ln for ln in log.splitlines() if ":CONSOLE" in ln and ("Uncaught" in ln or "Error" in ln)]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    from extractor.app.api import extract
    from extractor.app.cli import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(ROOT / "samples" / "letters"), str(ROOT / "samples" / "pdf" / "letter_02.pdf"),
                 "-o", str(out), "--playbook", str(ROOT / "patterns" / "playbook_default.toml")]) == 0
    files = [*sorted((ROOT / "samples" / "letters").glob("*.txt")), ROOT / "samples" / "pdf" / "letter_02.pdf"]
    return out, sum(n_facts(extract(p)) for p in files)


def test_rendered_sample_report_highlights_every_fact(sample_report, tmp_path):
    page, facts = sample_report
    run = chromium(tmp_path, page, "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    dom = Dom(run.stdout)
    marks = dom.fact_marks()
    assert len(marks) == facts > 0
    assert sum("blanks" in m["class"].split() for m in marks) > 0
    assert all(m.get("data-value") for m in marks)


def test_rendered_links_all_have_targets(sample_report, tmp_path):
    dom = Dom(chromium(tmp_path, sample_report[0], "--dump-dom").stdout)
    targets = [h[1:] for h in dom.hrefs if h.startswith("#")]
    assert targets and not set(targets) - set(dom.ids)


def test_report_requests_nothing_from_the_network(sample_report, tmp_path):
    page = sample_report[0]
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    run = chromium(tmp_path, page, "--dump-dom")
    assert page_requests(run.stderr) == []
    assert console_errors(run.stderr) == []


def test_network_check_would_catch_a_remote_asset(tmp_path):
    # Proves the log check above can fail: a page with one remote image shows up as a page request.
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><img src="http://fonts.example.invalid/x.png"><script>nope()</script>')
    run = chromium(tmp_path, page, "--dump-dom")
    assert page_requests(run.stderr) == ["http://fonts.example.invalid/x.png"]
    assert console_errors(run.stderr)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_sorts_on_click(tmp_path, lang):
    docs = []
    for i, value in enumerate((0.999, 0.995, 0.9995)):
        doc = build_doc(f"letter_{i}.txt")
        letter = doc.letters[0]
        letter.availability = [letter.availability[0].model_copy(update={"value": value})]
        docs.append((doc, TEXT))
    html = render_report(docs, pb.load(), lang=lang)
    # Click the availability header twice (ascending, then descending) and record the order after each.
    probe = """<script>
var t = document.querySelector("table.overview"), hs = Array.from(t.tHead.rows[0].cells);
var k = hs.findIndex(function (h) { return h.textContent.indexOf(HEADER) === 0; });
function order() { return Array.from(t.tBodies[0].rows).map(function (r) { return r.cells[0].textContent; }).join(","); }
hs[k].click(); var up = order(); hs[k].click();
document.title = up + "|" + order();
</script></body>""".replace("HEADER", json.dumps(i18n.t("report.column_availability", lang)))
    page = tmp_path / "sort.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    run = chromium(tmp_path, page, "--dump-dom")
    title = re.search(r"<title>(.*?)</title>", run.stdout).group(1)
    assert title == "letter_1.txt,letter_0.txt,letter_2.txt|letter_2.txt,letter_0.txt,letter_1.txt"
    assert console_errors(run.stderr) == []


def test_screenshot_renders(tmp_path):
    page = tmp_path / "one.html"
    doc = build_doc()
    page.write_text(render_report([(doc, TEXT)], pb.load()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    run = chromium(tmp_path, page, "--window-size=1200,900", f"--screenshot={shot}")
    assert run.returncode == 0
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


# variant of tests/diff_cases/redline_base.txt -> the clause events the rendered diff page shows
REDLINE_PAGES = [
    ("redline_exclusion.txt", ["added|8|8. 因不可抗力导致的服务中断不视为违约。"]),
    ("redline_removed.txt", ["removed|5|5. 乙方驻场人员须遵守甲方的安全管理制度。"]),
    ("redline_moved.txt", ["moved|5→7|7. 乙方驻场人员须遵守甲方的安全管理制度。"]),
    ("redline_reworded.txt", ["changed|5|乙方驻场人员须遵守甲方的安全管理制度和保密规定。"]),
    ("redline_renumbered.txt", []),
]


@pytest.mark.parametrize("variant, shown", REDLINE_PAGES)
def test_diff_page_shows_each_clause_event_once(tmp_path, variant, shown):
    from extractor.app.api import diff
    from extractor.app.redline_html import render_diff_html

    cases = ROOT / "tests" / "diff_cases"
    html = render_diff_html(diff(cases / "redline_base.txt", cases / variant).model_dump(mode="json"))
    # Each event as "event|clause label|visible text"; inserted and deleted text must have a background.
    probe = """<script>
var shown = Array.from(document.querySelectorAll(".clause-event")).map(function (d) {
  var label = d.querySelector("h3").innerText.match(/clause (\\S+)/)[1];
  return d.dataset.event + "|" + label + "|" + d.querySelector(".text").innerText; });
var plain = Array.from(document.querySelectorAll(".clause-event ins, .clause-event del")).filter(function (m) {
  return getComputedStyle(m).backgroundColor === "rgba(0, 0, 0, 0)"; }).length;
document.title = JSON.stringify({shown: shown, plain: plain});
</script></body>"""
    page = tmp_path / "diff.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    run = chromium(tmp_path, page, "--dump-dom")
    title = re.search(r"<title>(.*?)</title>", run.stdout, re.S).group(1)
    assert json.loads(unescape(title)) == {"shown": shown, "plain": 0}
    assert console_errors(run.stderr) == []
