"""The Markdown report escapes what Markdown needs where it needs it: the report's own numbers, times
and paths read as typed ("0.90", "1.1"), while comment text, names and titles stay inert."""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_report_golden import REPORT_CASES, rendered

from moderation.parsing import parse_path
from moderation.report.render_markdown import AT_SPLIT, md, md_own, write_markdown_report

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


@settings(max_examples=property_examples(300), deadline=None)
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
        inner = shown.removeprefix("<ul>\n<li>x ").removesuffix(" y</li>\n</ul>\n").replace(AT_SPLIT, "")
        assert "<" not in inner and html.unescape(inner) == flat


# GitHub's renderer (cmark-gfm) in its safe mode, which shows raw HTML as this comment.
_OMITTED = re.compile(r"<!-- raw HTML omitted -->|<!-- -->")
NOT_MARKUP = [
    "see https://evil.example/login?next=1 now",
    "or http://10.0.0.1:8080/x and ftp://files.example/a",
    "plain www.example.org/path, mailto:someone@host.example",
    "e-mail-like a@b.c and x_y@host.c0m",
    "ping @octocat about it",
    "it costs $5 or $x$ in maths, $$y$$ too",
]


def github_item(markdown: str) -> str:
    cmarkgfm = pytest.importorskip("cmarkgfm")  # GitHub's own Markdown renderer (test extra)
    shown = cmarkgfm.github_flavored_markdown_to_html(f"- x {markdown} y\n")
    assert shown.startswith("<ul>\n<li>x ") and shown.endswith(" y</li>\n</ul>\n"), shown
    return shown.removeprefix("<ul>\n<li>x ").removesuffix(" y</li>\n</ul>\n")


@pytest.mark.parametrize("text", NOT_MARKUP)
def test_github_finds_no_link_or_maths_in_comment_text(text):
    """Bare URLs, "www.", e-mail-like text and @names stay text on GitHub; "$" is escaped so its maths
    (rendered from "$...$" in the page) finds no delimiter; the reader sees exactly the characters."""
    inner = github_item(md(text))
    assert "<a " not in inner and "<" not in _OMITTED.sub("", inner)
    assert html.unescape(_OMITTED.sub("", inner)) == text
    assert md("$x$") == r"\$x\$" and md_own("$x$") == r"\$x\$"


@settings(deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["http://", "https://", "www.", "mailto:", "@", ".", ":", "/", "a", "b1", "w", " ", "_", "$"]),
        max_size=14,
    ).map("".join)
)
def test_no_text_becomes_a_link_on_github(text):
    flat = " ".join(text.split())
    inner = github_item(md(text))
    assert "<a " not in inner and html.unescape(_OMITTED.sub("", inner)) == flat


def test_a_whole_report_shows_github_no_link_and_no_address(tmp_path):
    """A flagged comment, its author and its thread's title full of links, addresses and maths: on GitHub
    the report has no link at all, and addresses stay masked."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    comment = "you idiot, see https://evil.example/x, www.evil.example, mail jo.doe@example.org from 203.0.113.7; $x$"
    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "t",
                "title": "Read https://bait.example or ask admin@bait.example",
                "url": "https://blog.example/post",
                "comments": [{"id": "c1", "parent_id": None, "author": "spam@bait.example", "text": comment}],
            }
        ],
    }
    path = tmp_path / "links.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    text = report(path, include_tree=True)
    shown = cmarkgfm.github_flavored_markdown_to_html(text)
    assert "idiot" in shown and "<a " not in shown and "<math" not in shown
    for private in ("jo.doe@example.org", "203.0.113.7", "admin@bait.example", "spam@bait.example"):
        assert private not in text and private not in shown
    assert "[e-mail]" in shown and "[ip]" in shown and "$x$" in shown
