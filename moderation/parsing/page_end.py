"""A saved page cut short: a download or copy that stopped part-way ends before its </html>.

The recovering HTML parser closes every open element at the end, so such a page reads as a whole page
that simply shows fewer comments (or none): an all-clear it is not. Browsers, SingleFile and wget all
write the closing </html>; only a page that opens as a whole document (<!DOCTYPE html> or <html>) is
held to it, so a fragment of markup is read as it is.
"""

from __future__ import annotations

import re

from moderation.parsing.source import opens_as_page, read_whole

# The end of the file searched for </html>: room for what savers append after it (a SingleFile
# or "saved from" comment, trailing whitespace), and the NUL bytes of a UTF-16 page.
PAGE_TAIL_BYTES = 16 * 1024
_CLOSING_HTML = re.compile(rb"</html\s*>", re.IGNORECASE)

CUT_SHORT = (
    "the saved page ends before </html>: it was cut short (a download or copy stopped part-way), "
    "and comments after the cut are not read"
)


def page_cut_short(source) -> bool:
    """Whether the source is a whole HTML document whose closing </html> is missing."""
    if not opens_as_page(source.head):
        return False
    if source.data is not None and source.member is None and source.compression is None:
        tail = source.data[-PAGE_TAIL_BYTES:]
    else:
        with source.open() as stream:
            tail = read_whole(stream)[-PAGE_TAIL_BYTES:]
    return _CLOSING_HTML.search(tail.replace(b"\x00", b"")) is None
