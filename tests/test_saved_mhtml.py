"""Pages saved as one MHTML file (Chrome's "Webpage, Single File"): read as the page they hold.

Read as text, an MHTML file's quoted-printable HTML hides even the signs of comments, so it passed
as an article with none: an all-clear for a page full of comments.
"""

from __future__ import annotations

import quopri

from click.testing import CliRunner
from conftest import CASES

from moderation.cli import cli
from moderation.parsing import parse_path
from moderation.parsing.saved_mhtml import is_mhtml

PAGE_WITH_COMMENTS = CASES / "wordpress-html" / "html5_children.html"
BOUNDARY = "----MultipartBoundary--s11----"


def mhtml(parts: list[tuple[str, str, bytes]], address: str = "https://blog.example/post/") -> bytes:
    """An MHTML file as browsers write it: MIME headers, then (type, location, body) parts, quoted-printable."""
    lines = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {address}",
        "Subject: a saved page",
        "MIME-Version: 1.0",
        'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="' + BOUNDARY + '"',
        "",
        "",
    ]
    for content_type, location, body in parts:
        lines += [
            f"--{BOUNDARY}",
            f"Content-Type: {content_type}",
            "Content-Transfer-Encoding: quoted-printable",
            f"Content-Location: {location}",
            "",
            quopri.encodestring(body).decode("ascii"),
        ]
    lines.append(f"--{BOUNDARY}--")
    return "\r\n".join(lines).encode("ascii")


def test_the_saved_page_is_read_with_its_comments(tmp_path):
    html = PAGE_WITH_COMMENTS.read_bytes()
    saved = tmp_path / "post.mhtml"
    saved.write_bytes(
        mhtml(
            [
                ("text/css", "https://blog.example/style.css", b"body{}"),
                ("text/html", "https://blog.example/post/", html),
            ]
        )
    )
    [direct] = parse_path(PAGE_WITH_COMMENTS)
    [thread] = parse_path(saved)
    assert thread.source_format == direct.source_format == "wordpress-html"
    assert [(c.author, c.text, c.depth) for c in thread.comments] == [
        (c.author, c.text, c.depth) for c in direct.comments
    ]
    assert thread.comments


def test_mhtml_is_recognised_by_its_headers_not_its_name():
    saved = mhtml([("text/html", "https://blog.example/post/", b"<html></html>")])
    assert is_mhtml(saved)
    assert not is_mhtml(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello")
    assert not is_mhtml(b"<!DOCTYPE html><html><body>MIME-Version: 1.0 multipart/related</body></html>")


def test_an_mhtml_without_a_page_is_one_line_and_status_2(tmp_path):
    saved = tmp_path / "styles-only.mhtml"
    saved.write_bytes(mhtml([("text/css", "https://blog.example/style.css", b"body{}")]))
    result = CliRunner().invoke(cli, ["parse", str(saved)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "no HTML part" in result.output


def test_an_mhtml_inside_a_zip_is_read_as_its_page(tmp_path):
    import zipfile

    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr(
            "saved/post.mhtml", mhtml([("text/html", "https://blog.example/post/", PAGE_WITH_COMMENTS.read_bytes())])
        )
    [thread] = parse_path(archive)
    assert thread.source_format == "wordpress-html"
    assert thread.comments
