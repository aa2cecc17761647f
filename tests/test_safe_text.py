"""Issue #18: no control character or terminal escape from a comment, name or title reaches a
human-readable output, and no CSV cell becomes a formula or splits its row."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_report_golden import KeywordModel

from moderation.cli import cli
from moderation.parsing import parse_bytes
from moderation.render_tree import write_threads_tree
from moderation.report import commands
from moderation.report.render_csv import safe_cell
from moderation.safe_text import printable

# C0 but tab and newline, DEL, C1: none may survive.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESCAPES = [
    "\x1b]0;pwned title\x07",  # window title (OSC 0, BEL)
    "\x1b]52;c;cm0gLXJmIH4=\x1b\\",  # clipboard write (OSC 52, ST)
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # hyperlink (OSC 8)
    "\x1b[2J\x1b[H",  # clear screen, cursor home (CSI)
    "\x9b31m",  # CSI by its C1 byte
    "\x9d0;c1 title\x9c",  # OSC by its C1 byte, ST by its C1 byte
    "line\rhidden",  # a bare CR hides what came before it
    "\x00\x08\x7f\x85",
]


@given(st.text())
def test_no_control_character_survives(text):
    assert not CONTROL.search(printable(text))


# Format characters that reorder or hide text; printable removes them (the zero-width joiners stay).
HIDING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=HIDING)).map(
        lambda t: t + "\n\tend"
    )
)
def test_printable_text_is_unchanged(text):
    assert printable(text) == text


@given(st.text())
def test_no_reordering_or_invisible_character_survives(text):
    assert not set(printable(text)) & set(HIDING)


def test_bidi_overrides_and_zero_width_spaces_go_but_joiners_stay():
    # An override in a name makes "txt.exe" read as "exe.txt"; a zero-width space splits a word unseen.
    assert printable("ann\u202etxt.exe\u202c wrote") == "anntxt.exe wrote"
    assert printable("\u2067isolated\u2069 id\u200biot\ufeff") == "isolated idiot"
    assert printable("family \U0001f468\u200d\U0001f469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "family \U0001f468\u200d\U0001f469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )


@pytest.mark.parametrize("escape", ESCAPES)
def test_escape_sequences_go_whole(escape):
    shown = printable(f"before {escape} after")
    assert not CONTROL.search(shown)
    assert "52;" not in shown and "0;pwned" not in shown and "8;;" not in shown and "[2J" not in shown
    assert shown.startswith("before ") and shown.endswith(" after")


def test_an_unterminated_string_keeps_its_text_visible():
    assert printable("a \x1b]0;title and the rest") == "a 0;title and the rest"


@given(st.text())
def test_csv_cells_read_back_whole_and_never_start_a_formula(text):
    for cell in (text, "=" + text, "\r" + text, "a\rb" + text):
        stream = io.StringIO()
        csv.writer(stream, lineterminator="\n").writerow([safe_cell(cell), "next"])
        rows = list(csv.reader(io.StringIO(stream.getvalue())))
        assert len(rows) == 1 and rows[0][1] == "next", repr(stream.getvalue())
        assert rows[0][0][:1] not in ("=", "+", "-", "@", "\t", "\r", "\n")
        assert "\r" not in rows[0][0]


def test_a_bare_cr_mid_cell_is_quoted():
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerow([safe_cell("x\r=cmd|' /C calc'!A0"), 1])
    assert stream.getvalue().startswith('"x\n=cmd')
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [["x\n=cmd|' /C calc'!A0", "1"]]


HOSTILE = "\n".join(
    json.dumps(line)
    for line in [
        {"kind": "t3", "data": {"id": "s1", "name": "t3_s1", "title": "Title \x1b]0;pwned\x07 here", "author": "op"}},
        {"id": "c1", "parent_id": "t3_s1", "link_id": "t3_s1", "author": "name\x1b[2J", "body": "Hello."},
        {
            "id": "c2",
            "parent_id": "t1_c1",
            "link_id": "t3_s1",
            "author": "evil\x9b31m",
            "body": "You idiot \x1b]52;c;cm0=\x07 gone\r=cmd",
        },
    ]
)


@pytest.fixture
def keyword_model(monkeypatch):
    monkeypatch.setattr(commands, "_load_model", lambda path: (KeywordModel(), None))


@pytest.mark.parametrize("output_format", ["text", "markdown", "csv", "html"])
def test_no_escape_reaches_a_report(keyword_model, output_format):
    result = CliRunner().invoke(cli, ["report", "-", "--tree", "--format", output_format], input=HOSTILE)
    assert result.exit_code == 0, result.stderr
    assert not CONTROL.search(result.stdout.replace("\r\n", "\n"))
    assert "idiot" in result.stdout and "pwned" not in result.stdout.replace("pwned here", "")


def test_no_escape_reaches_the_tree_view_or_aliases():
    threads = parse_bytes(HOSTILE.encode(), "reddit")
    tree = io.StringIO()
    write_threads_tree(threads, tree)
    lines = tree.getvalue().splitlines()
    assert lines and not any(CONTROL.search(line) for line in lines)
    result = CliRunner().invoke(cli, ["aliases", "-"], input=HOSTILE)
    assert not CONTROL.search(result.stdout)
