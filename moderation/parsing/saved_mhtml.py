"""A page saved by a browser as one MHTML file (Chrome/Edge "Webpage, Single File", .mhtml/.mht).

MHTML is a MIME message (RFC 2557): headers, then the page and its images, styles and frames as
parts, the HTML usually quoted-printable. Read as text it is neither a page nor a dump, and its
encoded lines hide even the signs of comments, so it would pass as an article with none. The main
page (the part at the snapshot's address, else the first HTML part) is unpacked with the standard
library's MIME parser and read like any saved page; frames saved beside it (a comment iframe) are not.
A file that ends before its closing boundary was cut off (a download or copy stopped part-way): what is
left of the page would read as a whole thread with fewer comments, so it is refused, as a cut XML dump is.
"""

from __future__ import annotations

import contextlib
import re

from moderation.errors import ParseError
from moderation.parsing.source import Source, read_whole

# An MHTML file opens with MIME headers; the multipart type and its boundary come within the first lines.
_HEAD_BYTES = 4096
_MIME_START = re.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){0,20}?MIME-Version:", re.IGNORECASE)
_MULTIPART_RELATED = re.compile(rb"Content-Type:\s*multipart/related", re.IGNORECASE)


def is_mhtml(head: bytes) -> bool:
    """Whether these first bytes open an MHTML file (MIME headers with a multipart/related body)."""
    start = head[:_HEAD_BYTES].lstrip()
    return bool(_MIME_START.match(start)) and bool(_MULTIPART_RELATED.search(start))


def main_page(source: Source) -> Source:
    """The saved page inside an MHTML source, as a Source of the same name; ParseError if it holds none."""
    import email.errors
    import email.parser  # imported on first use: every run imports this module, few read an MHTML page
    import email.policy

    with source.open() as stream:
        raw = read_whole(stream)
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw)
    if any(isinstance(defect, email.errors.CloseBoundaryNotFoundDefect) for defect in message.defects):
        raise ParseError("a saved MHTML page cut off before its end (no closing boundary): save the page again")
    address = (message.get("Snapshot-Content-Location") or "").strip()
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not pages:
        raise ParseError("a saved MHTML page with no HTML part in it")
    main = next((part for part in pages if (part.get("Content-Location") or "").strip() == address), pages[0])
    html = main.get_payload(decode=True) or b""
    charset = main.get_content_charset()
    if charset and not re.search(rb"<meta[^>]+charset", html[:_HEAD_BYTES], re.IGNORECASE):
        # The part's header names its encoding; the page may not repeat it in a <meta>.
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            html = html.decode(charset).encode("utf-8")
    if not html.strip():
        raise ParseError("a saved MHTML page whose HTML part is empty")
    return Source.from_bytes(html, name=source.name)
