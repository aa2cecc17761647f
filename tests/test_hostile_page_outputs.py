"""The page readers added in session 11 (disqus-html, discourse-html, MHTML alone and inside a zip) meet
hostile comments: every output of parse/score/report/review --queue keeps addresses masked, control,
reordering and invisible characters out, HTML escaped and CSV cells inert; and the readers survive any
comment text, and a cut MHTML file, with a thread or a ParseError.

The pages are our own case files with their comment text and names replaced by hostile ones.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report_golden import KeywordModel
from test_saved_mhtml import mhtml

from moderation.cli import cli
from moderation.datasets.review_queue import write_queue
from moderation.errors import ParseError
from moderation.parsing import parse_bytes
from moderation.report import commands

ADDRESS = "jo.doe@example.org"
IPS = ("203.0.113.7", "2001:db8::1")
NAME_ADDRESS = "bob.smith@example.net"  # a Discourse or Disqus username that is an e-mail address
HOSTILE_TEXT = (
    '=HYPERLINK("http://x.invalid","open") you idiot \x1b]0;title\x07 \u202eevil\u202c in\u200bvisible '
    f"<script>alert(1)</script> write to {ADDRESS} from {IPS[0]} or {IPS[1]}\r+1 @SUM(1)"
)
HOSTILE_NAME = "\x1b[2J=cmd|'/C calc'!A0\u2067"
# What no human-readable output may hold: C0 but tab and newline, DEL, C1, bidi controls, zero-width space.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DISQUS_FRAME = CASES / "disqus-html" / "saved_frame_load_more.html"
DISCOURSE_FRAME = CASES / "discourse-html" / "embed_frame_more_replies.html"


def hostile_disqus(text: str = HOSTILE_TEXT) -> bytes:
    page = DISQUS_FRAME.read_text(encoding="utf-8")
    page = re.sub(r'(<div class="post-message[^>]*>)<p>.*?</p>', lambda m: f"{m[1]}<p>{html.escape(text)}</p>", page)
    page = page.replace(">Glen Farrow</a>", f">{NAME_ADDRESS}</a>").replace(
        ">Nell</a>", f">{html.escape(HOSTILE_NAME)}</a>"
    )
    return page.encode("utf-8")


def hostile_discourse(text: str = HOSTILE_TEXT) -> bytes:
    page = DISCOURSE_FRAME.read_text(encoding="utf-8")
    page = re.sub(r"(</h3>\s*)<p>.*?</p>", lambda m: f"{m[1]}<p>{html.escape(text)}</p>", page, flags=re.DOTALL)
    page = page.replace(">cob</a>", f">{NAME_ADDRESS}</a>").replace(">annick</a>", f">{html.escape(HOSTILE_NAME)}</a>")
    return page.encode("utf-8")


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def saved(page: bytes) -> bytes:
    """The page saved as MHTML, its headers naming an address as a mail client would."""
    return mhtml([("text/html", "https://blog.example/post/", page)]).replace(
        b"From: <Saved by Blink>", f"From: Jo <{ADDRESS}>".encode()
    )


PAGES = {
    "disqus.html": hostile_disqus,
    "discourse.html": hostile_discourse,
    "saved.mhtml": lambda: saved(hostile_disqus()),
    "saved.zip": lambda: zipped("page.mhtml", saved(hostile_discourse())),
}


@pytest.fixture
def keyword_model(monkeypatch):
    monkeypatch.setattr(commands, "_load_model", lambda path: (KeywordModel(), None))


def write_page(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(PAGES[name]())
    return path


def assert_private_and_inert(output: str) -> None:
    assert ADDRESS not in output and NAME_ADDRESS not in output
    assert not any(ip in output for ip in IPS)
    assert not UNSAFE.search(output.replace("\r\n", "\n")), repr(UNSAFE.search(output.replace("\r\n", "\n")))


@pytest.mark.parametrize("output_format", ["text", "markdown", "json", "csv", "html"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_report_format_masks_and_neutralises(keyword_model, tmp_path, name, output_format):
    result = CliRunner().invoke(cli, ["report", str(write_page(tmp_path, name)), "--tree", "--format", output_format])
    assert result.exit_code == 3, result.stderr  # each frame says more comments are on the site
    output = result.stdout
    assert "idiot" in output
    if output_format != "json":
        assert_private_and_inert(output)
    else:  # JSON escapes what it holds; the addresses are masked all the same
        assert ADDRESS not in output and NAME_ADDRESS not in output and IPS[0] not in output
    if output_format == "html":
        assert "<script>alert" not in output
    if output_format == "csv":
        cells = [cell for row in csv.reader(io.StringIO(output)) for cell in row]
        assert not [cell for cell in cells if cell[:1] in FORMULA_STARTS]


@pytest.mark.parametrize("name", list(PAGES))
def test_score_masks_names_and_text(small_model_file, tmp_path, name):
    result = CliRunner().invoke(cli, ["score", str(write_page(tmp_path, name)), "--text", "--model", small_model_file])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all("[e-mail]" in record["text"] for record in records)
    assert "[e-mail]" in {record["author"] for record in records}
    assert_private_and_inert("".join(f"{r['author']} {r['text']}" for r in records))


def test_the_review_queue_keeps_the_text_as_read_behind_its_formula_guard():
    # A queue is the moderator's working file, trained on as it is: its text is the comment exactly as
    # read (issue #14), so only the formula guard changes a cell, and reading it back undoes that.
    stream = io.StringIO()
    row = {"id": "=1", "thread": "t", "source": "s", "author": NAME_ADDRESS, "text": HOSTILE_TEXT, "parent_text": None}
    write_queue([row], ["insult"], stream)
    [header, cells] = list(csv.reader(io.StringIO(stream.getvalue())))
    shown = dict(zip(header, cells, strict=True))
    assert shown["id"] == "'=1" and shown["author"] == NAME_ADDRESS
    assert shown["text"] == "'" + HOSTILE_TEXT  # it starts with '=': guarded, otherwise as read


@pytest.mark.parametrize("name", ["disqus.html", "discourse.html"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_any_comment_text_keeps_every_comment(name, text):
    # (A NUL byte makes the whole page binary data, refused as such: not a comment's concern.)
    page = (hostile_disqus if name == "disqus.html" else hostile_discourse)(text)
    [thread] = parse_bytes(page, None, name=name)
    [reference] = parse_bytes((hostile_disqus if name == "disqus.html" else hostile_discourse)(), None, name=name)
    assert len(thread.comments) == len(reference.comments)
    assert thread.source_format == reference.source_format


@pytest.mark.parametrize(
    "text",
    [
        "I put Drupal.settings in my theme",
        "the file is at /sites/default/files/a.png",
        'content="drupal 10"',
        'a data-drupal-selector="drupal-settings-json" attribute',
        'typeof="sioc:post sioct:comment"',
    ],
)
def test_a_comment_naming_another_platform_does_not_change_how_the_page_is_read(text):
    # Found by the property above: a comment that wrote "Drupal.settings" made a Disqus frame read as a
    # Drupal page, with no comment at all.
    [thread] = parse_bytes(hostile_disqus(text), None, name="disqus.html")
    [reference] = parse_bytes(hostile_disqus(), None, name="disqus.html")
    assert thread.source_format == reference.source_format == "disqus-html"
    assert len(thread.comments) == len(reference.comments)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fraction=st.floats(min_value=0.0, max_value=0.999), inside_zip=st.booleans())
def test_a_cut_mhtml_file_is_refused_in_one_line(fraction, inside_zip):
    whole = saved(hostile_disqus())
    cut = whole[: int(len(whole) * fraction)]
    data = zipped("page.mhtml", cut) if inside_zip else cut
    try:
        threads = parse_bytes(data, None, name="page.zip" if inside_zip else "page.mhtml")
    except ParseError as error:
        assert "\n" not in str(error)
        return
    # Cut inside the MIME headers, it is no longer an MHTML file: read as text, it holds no comment.
    assert sum(len(thread.comments) for thread in threads) == 0


def test_a_cut_mhtml_file_says_what_to_do(tmp_path):
    path = tmp_path / "page.mhtml"
    whole = saved(hostile_disqus())
    path.write_bytes(whole[: len(whole) * 2 // 3])
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2
    assert "cut off" in result.stderr and "save the page again" in result.stderr


@pytest.mark.parametrize("name", list(PAGES))
def test_the_parse_tree_shows_no_reordering_or_invisible_character(tmp_path, name):
    result = CliRunner().invoke(cli, ["parse", str(write_page(tmp_path, name))])
    assert "idiot" in result.stdout and "invisible" in result.stdout  # the zero-width space is gone
    assert not UNSAFE.search(result.stdout)
