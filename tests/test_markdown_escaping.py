"""The Markdown report escapes what Markdown needs where it needs it: the report's own numbers, times
and paths read as typed ("0.90", "1.1"), while comment text, names and titles stay inert."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_report_golden import REPORT_CASES, rendered

from moderation.parsing import parse_path
from moderation.report.render_markdown import md, md_own, write_markdown_report

HEATED = REPORT_CASES / "heated_thread.ndjson"
HOSTILE = REPORT_CASES / "hostile_markup.ndjson"


def report(*paths, **settings) -> str:
    return rendered(write_markdown_report, [thread for path in paths for thread in parse_path(path)], **settings)


def test_scores_thresholds_paths_and_times_are_not_escaped():
    text = report(HEATED, include_tree=True)
    assert "**insult 0.90**" in text  # the keyword model scores a flag 0.9
    assert "insult ≥ 0.50, username_change ≥ 0.50" in text
    assert re.search(r"\*\*1\.1(\.1)*\*\*", text)  # a flagged comment's path, as the tree shows it
    assert re.search(r"· \d{4}-\d\d-\d\d \d\d:\d\d", text)  # a comment's time
    own_lines = [line for line in text.splitlines() if "“" not in line]  # lines without comment text
    assert own_lines and not any(re.search(r"\d\\[.-]\d", line) for line in own_lines)


def test_hostile_comment_text_names_and_titles_stay_inert():
    text = report(HOSTILE, include_tree=True)
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    assert "](" not in text  # no link can form from a comment's [text](url)
    assert "\\*\\*bold\\*\\*" in text


def test_own_values_escape_only_what_is_markup_mid_line():
    assert md_own("insult 0.91, username_change 0.33") == "insult 0.91, username_change 0.33"
    assert md_own("2022-10-12 22:02 UTC-05:00 #3 (1.2)") == "2022-10-12 22:02 UTC-05:00 #3 (1.2)"
    assert md_own("*x* _y_ [a](b) a|b ~~s~~ `c` <i> &") == (
        r"\*x\* \_y\_ \[a\](b) a\|b \~\~s\~\~ \`c\` &lt;i&gt; &amp;"
    )
    assert md("0.91 - a_b") == r"0\.91 \- a\_b"  # untrusted text keeps the full escaping


PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab1 _\n" + PUNCTUATION, max_size=40))
def test_escaped_text_renders_as_exactly_its_characters_mid_line(text):
    """Rendered by a CommonMark parser (with GFM tables and strikethrough) inside a list item, as the
    report writes them: both escapers give back the text itself, and no element beside the item's."""
    markdown_it = pytest.importorskip("markdown_it")  # rich's Markdown parser
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    flat = " ".join(text.split())
    for escape in (md, md_own):
        shown = parser.render(f"- x {escape(text)} y\n")
        assert shown.startswith("<ul>\n<li>x ") and shown.endswith(" y</li>\n</ul>\n"), shown
        inner = shown.removeprefix("<ul>\n<li>x ").removesuffix(" y</li>\n</ul>\n")
        assert "<" not in inner and html.unescape(inner) == flat
