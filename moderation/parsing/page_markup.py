"""A page head's markup without its text, for the page sniffers' class names and URLs.

Page formats are told apart by class names, ids, generator tags and asset URLs. Looked for in the
whole head, a comment that wrote "forum-fil", 'id="post-list"' or 'content="WordPress' made a page
read as another platform's (and parsed to no comment). Text between tags cannot hold a bare "<", so
keeping only the tags and the scripts leaves every mark the page's own markup carries and none a
comment wrote. Scripts that hold data (JSON, JSON-LD) are left out: they can quote the comments.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TAG_OR_SCRIPT = re.compile(r"<script\b([^<>]*)>(.*?)</script\s*>|<[^<>]*>", re.DOTALL | re.IGNORECASE)
_DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']?[\w/+.-]*json""", re.IGNORECASE)


@lru_cache(maxsize=2)  # every page sniffer asks for the same head in turn
def page_markup(head: str) -> str:
    """The head's tags and code scripts, lower case, text between tags left out."""
    parts = []
    for found in _TAG_OR_SCRIPT.finditer(head):
        attributes = found[1]
        data_script = attributes is not None and _DATA_SCRIPT.search(attributes) is not None
        parts.append(f"<script{attributes}>" if data_script else found[0])
    return "\n".join(parts).lower()
