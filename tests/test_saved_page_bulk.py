"""Pages saved whole (SingleFile, "Webpage, Complete") carry megabytes of inline styles, scripts and
images in <head>: the format is still told from the page's own markup, not from its first 64 KiB."""

from __future__ import annotations

import base64

import pytest
from conftest import CASES

from moderation.parsing import parse_bytes, parse_path
from moderation.parsing.source import HEAD_SIZE

CASES_TO_PAD = [
    CASES / "blogger-html" / "threaded_deleted_replies.html",
    CASES / "disqus-html" / "saved_frame_load_more.html",
    CASES / "discourse-html" / "embed_frame_more_replies.html",
]


def padded(page: bytes) -> bytes:
    """The page as SingleFile saves it: a banner comment, then styles, a script and a data: image in <head>."""
    style = "".join(f".c{n}{{margin:{n % 7}px}}\n" for n in range(8000))
    image = base64.b64encode(bytes(range(256)) * 200).decode()
    bulk = (
        f"<style>{style}</style><script>var state = {{}};</script>"
        f'<link rel="icon" href="data:image/png;base64,{image}">'
    ).encode()
    head = page.index(b"<head")
    head = page.index(b">", head) + 1
    return b"<!--\n Page saved with SingleFile\n-->\n" + page[:head] + bulk + page[head:]


@pytest.mark.parametrize("case", CASES_TO_PAD, ids=lambda path: path.parent.name)
def test_a_page_with_inline_bulk_is_read_as_its_own_format(case):
    page = padded(case.read_bytes())
    assert page.index(b"</head>") > HEAD_SIZE  # the first 64 KiB are all bulk
    [direct] = parse_path(case)
    [thread] = parse_bytes(page, name=case.name)
    assert thread.source_format == direct.source_format
    assert [(c.author, c.text, c.depth) for c in thread.comments] == [
        (c.author, c.text, c.depth) for c in direct.comments
    ]


def test_a_never_closed_script_keeps_the_rest_of_the_page_as_it_is():
    from moderation.parsing.source import Source

    page = b"<!DOCTYPE html><html><head><style>" + b"p{}" * 30000 + b"</style><script>" + b"x" * 70000
    head = Source.from_bytes(page + b"<div class='marker'></div>").head_text
    assert "p{}" not in head  # the closed style is left out
    assert head.startswith("<!DOCTYPE html><html><head> <script>xxx")  # the unclosed script stays, cut at 64 KiB
