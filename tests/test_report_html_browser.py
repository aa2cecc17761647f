"""The HTML report in a real browser: a hostile sample runs no script and its flags are visible.

Headless Chromium loads the page and dumps the DOM after any script would have run. The hostile
comments try to change the title, set a body attribute, and add script, onerror, onload and
javascript: links; none of that may survive as markup, and the text must still be there to read.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from test_report_golden import REPORT_CASES, rendered

from moderation.parsing import parse_path
from moderation.report.render_html import marked, write_html_report

HOSTILE = REPORT_CASES / "hostile_markup.ndjson"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def html_report(paths) -> str:
    return rendered(write_html_report, [thread for path in paths for thread in parse_path(path)], include_tree=True)


class Elements(HTMLParser):
    """Every start tag with its attributes, and its ancestors' tags (to find closed <details>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[tuple[str, dict]]]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes, list(self.stack)))
        if tag not in ("meta", "link", "br", "img", "input", "hr", "line", "rect"):
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        self.text.append(data)


def parsed(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    return parser


def assert_inert(elements: Elements) -> None:
    tags = [tag for tag, _, _ in elements.elements]
    assert "script" not in tags
    assert "img" not in tags
    for tag, attributes, _ in elements.elements:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert not attributes.get("href", "").lower().startswith("javascript:"), (tag, attributes)
        assert "data-pwned" not in attributes


def test_hostile_report_markup_is_inert_before_any_browser():
    page = html_report([HOSTILE])
    elements = parsed(page)
    assert_inert(elements)
    text = "".join(elements.text)
    assert "<script>document.title='pwned'" in text  # shown as text
    assert "javascript:alert(1)" in text
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_reason_words_are_marked_in_the_comment_and_stay_escaped():
    shown = marked('<script>alert("idiot")</script> you IDIOT, did you even read it', ["idiot", "did you", "script"])
    assert "<script>" not in shown and "&lt;<mark>script</mark>&gt;" in shown
    assert shown.count("<mark>") == 5  # script twice, idiot twice (any case), "did you"
    assert "<mark>IDIOT</mark>" in shown and "<mark>did you</mark>" in shown
    assert "<mark>" not in marked("the idiots", ["idiot"]), "whole words only"


def test_the_report_marks_each_flag_s_reasons_in_its_text():
    elements = parsed(html_report([HOSTILE]))
    marks = [(tag, ancestors) for tag, _, ancestors in elements.elements if tag == "mark"]
    assert marks and all(any(a.get("class") == "text" for _, a in ancestors) for _, ancestors in marks)
    assert_inert(elements)


def test_hostile_report_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    page = tmp_path / "report.html"
    page.write_text(html_report([HOSTILE, REPORT_CASES / "heated_thread.ndjson"]), encoding="utf-8")
    profile = tmp_path / "profile"
    profile.mkdir()
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = parsed(result.stdout)
    assert dom.elements, "chromium printed no DOM"
    assert_inert(dom)
    assert "pwned" not in _title(result.stdout)
    body = [attrs for tag, attrs, _ in dom.elements if tag == "body"][0]
    assert "data-pwned" not in body
    flagged = [(attrs, ancestors) for tag, attrs, ancestors in dom.elements if "flagged" in attrs.get("class", "")]
    assert len(flagged) >= 2 * 6  # each flag in the list and in the tree (3 hostile + 4 heated)
    listed = [(attrs, ancestors) for attrs, ancestors in flagged if "flag" in attrs.get("class", "").split()]
    assert len(listed) >= 6
    for attrs, ancestors in listed:  # the tree is folded; the flagged list never is
        closed = [a for tag, a in ancestors if tag == "details" and "open" not in a]
        assert not closed, f"flagged comment {attrs.get('id')} is inside a closed <details>"
    text = "".join(dom.text)
    assert "You idiot, read this: <script>document.title='pwned'" in text
    assert "What a troll." in text


def _title(dom: str) -> str:
    start = dom.find("<title>")
    return dom[start : dom.find("</title>", start)]


def test_page_needs_no_network_and_has_a_chart_and_a_tree():
    page = html_report([REPORT_CASES / "heated_thread.ndjson"])
    assert "<svg" in page and "<rect" in page
    assert page.count("<details") >= 3
    for forbidden in ("<link", "<script", "src=", "@import", "url("):
        assert forbidden not in page


# A measuring page around the report: the report sits in an iframe exactly WIDTH px wide (headless
# Chromium will not make a window narrower than 500 px), and the outer page's script reads the
# report's width. The report itself forbids every script by its CSP; srcdoc keeps it same-origin.
MEASURE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="report" style="border:0;width:{width}px;height:900px" srcdoc="{page}"></iframe>
<script>document.getElementById('report').addEventListener('load', (event) => {{
  const frame = event.target;
  document.body.setAttribute('data-measured',
    frame.contentDocument.documentElement.scrollWidth + 'x' + frame.contentWindow.innerWidth);
}});</script></body></html>"""


@pytest.mark.parametrize("width", [400, 1280])
def test_nothing_scrolls_sideways(tmp_path, width):
    """At a phone's 400 px and a desktop's 1280 px the page is no wider than its window: tables, the
    chart, long URLs and deep reply trees (opened whole here) wrap or shrink."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    page = html_report([HOSTILE, REPORT_CASES / "heated_thread.ndjson", REPORT_CASES / "orphans_and_aliases.json"])
    page = page.replace("<details", "<details open").replace("open open", "open")
    measured = tmp_path / "measured.html"
    measured.write_text(MEASURE.format(width=width, page=html.escape(page, quote=True)), encoding="utf-8")
    profile = tmp_path / "profile"
    profile.mkdir()
    result = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={max(width, 1300)},1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            measured.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'data-measured="(\d+)x(\d+)"', result.stdout)
    assert found, "the measuring script did not run"
    scroll_width, window_width = int(found.group(1)), int(found.group(2))
    assert window_width == width
    assert scroll_width <= window_width, f"the page is {scroll_width} px wide in a {window_width} px window"
