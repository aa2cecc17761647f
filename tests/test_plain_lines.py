"""The text report's own line layout (report/plain_lines.py) writes what rich writes, byte for byte:
for any text, width and indent it lays out, and for whole thread reports on a plain console."""

from __future__ import annotations

import io

import pytest
from conftest import property_examples
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.text import Text
from test_report_golden import CASE_FILES, report_document

from moderation.report import render_text
from moderation.report.plain_lines import padded_lines, text_lines
from moderation.safe_text import printable_strings

# Spaces of several kinds, one-cell letters and quotes (laid out here), and what must go to rich:
# tabs, wide (CJK, emoji) and zero-width characters, a joiner, a line separator.
ONE_CELL = "ab xyz   \u00a0é“”·→—\n"
ALPHABET = ONE_CELL + "\t中😀\u0301\u200d\ufe0f\u2028"
texts = (
    st.text(alphabet=ONE_CELL, max_size=90)
    | st.text(alphabet=ALPHABET, max_size=90)
    | st.lists(st.sampled_from(["word", "a", "longerword", " ", "  ", "\n"]), max_size=30).map("".join)
)
widths = st.integers(1, 12) | st.integers(1, 40)


def rich_print(renderable, width: int) -> str:
    stream = io.StringIO()
    Console(file=stream, width=width, color_system=None, highlight=False, markup=False, emoji=False).print(renderable)
    return stream.getvalue()


@settings(max_examples=property_examples(400), deadline=None)
@example(text="zzzzz abc  d", width=5)  # a break after a word with two spaces: they count
@given(text=texts, width=widths)
def test_text_lines_match_rich(text, width):
    laid_out = text_lines(text, width)
    if laid_out is not None:
        assert laid_out == rich_print(Text(text), width)


@settings(max_examples=property_examples(400), deadline=None)
@given(text=texts, indent=st.integers(0, 12), width=widths)
def test_padded_lines_match_rich(text, indent, width):
    laid_out = padded_lines(text, indent, width)
    if laid_out is not None:
        assert laid_out == rich_print(Padding(Text(text), (0, 0, 0, indent), expand=False), width)


def test_what_is_not_one_cell_wide_is_left_to_rich():
    assert text_lines("a\tb", 20) is None
    assert text_lines("中文", 20) is None
    assert padded_lines("e\u0301", 2, 20) is None
    assert padded_lines("", 2, 20) is None  # nothing to measure: rich's own rules
    assert text_lines("“quoted” · é", 20) == "“quoted” · é\n"


def _threads(include_tree: bool) -> list[dict]:
    return [
        printable_strings(thread)
        for case in CASE_FILES
        for thread in report_document([case], include_tree=include_tree)["threads"]
    ]


@pytest.mark.parametrize("include_tree", [False, True])
@pytest.mark.parametrize("width", [100, 37])
def test_a_thread_on_a_plain_console_is_what_rich_writes(monkeypatch, include_tree, width):
    def printed(plain: bool) -> str:
        monkeypatch.setattr(render_text, "shows_no_styles", lambda console: plain)
        stream = io.StringIO()
        console = render_text.settled(render_text.text_console(stream, width))
        for number, report in enumerate(_threads(include_tree), start=1):
            render_text.print_thread(console, report, number)
        return stream.getvalue()

    own = printed(True)
    assert own == printed(False)
    assert "Flagged comments" in own


def test_wide_text_in_a_thread_falls_back_to_rich(monkeypatch):
    report = _threads(False)[0]
    report["title"] = "中文 title\twith a tab"
    for item in report["flagged"]:
        item["text"] = "😀 " * 80
    outputs = []
    for plain in (True, False):
        monkeypatch.setattr(render_text, "shows_no_styles", lambda console, plain=plain: plain)
        stream = io.StringIO()
        render_text.print_thread(render_text.settled(render_text.text_console(stream, 60)), report)
        outputs.append(stream.getvalue())
    assert outputs[0] == outputs[1]
    assert "中文" in outputs[0]
