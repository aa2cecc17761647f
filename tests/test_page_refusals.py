"""Files that are not a comment page are refused in one line with status 2, never read as "0 comments"."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from moderation.cli import cli
from moderation.errors import ParseError
from moderation.parsing import parse_bytes

BOT_CHECK = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<h1>paper.example</h1><h2>Checking if the site connection is secure</h2>"
    "<p>paper.example needs to review the security of your connection before proceeding.</p></body></html>"
)
ARTICLE_QUOTING_IT = (
    "<!DOCTYPE html><html><head><title>Why some pages say: Just a moment...</title></head><body>"
    "<article><h1>Why some pages say: Just a moment...</h1>"
    + "<p>Firewalls put a check in front of a site; the visitor waits while it decides.</p>" * 30
    + "</article></body></html>"
)


def parse_command(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return CliRunner().invoke(cli, ["parse", str(path)])


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("check.html", BOT_CHECK.encode(), "bot-check page"),
        ("blank.html", b"<html><head></head><body>\n</body></html>", "no text"),
        (
            "shell.html",
            b"<html><head><title>Big story</title></head><body><div id='root'></div></body></html>",
            "no text",
        ),
        ("page.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        ("page.webarchive", b"bplist00\xd1\x01\x02_\x10\x0fWebMainResource", "Safari web archive"),
    ],
)
def test_not_a_page_is_one_line_and_status_2(tmp_path, name, data, said):
    result = parse_command(tmp_path, name, data)
    assert result.exit_code == 2
    assert said in result.output
    assert result.output.strip().count("\n") == 0


def test_an_article_that_quotes_a_bot_check_is_still_read():
    [thread] = parse_bytes(ARTICLE_QUOTING_IT.encode(), name="article.html")
    assert thread.body and "Firewalls" in thread.body


def test_the_bot_check_is_a_parse_error_for_library_users():
    with pytest.raises(ParseError, match="bot-check"):
        parse_bytes(BOT_CHECK.encode(), name="check.html")
