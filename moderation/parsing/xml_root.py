"""The root element of an XML export, which no comment text can stand in for.

WXR, Disqus and Blogger Atom exports are told apart by their root (<rss>, <disqus>, <feed>). Looked
for anywhere in the head, "<disqus" or "<rss" written in a comment (a text copy, a JSON dump, another
export's CDATA) made that file read as the wrong export; the root is the first element after the
prolog, so only the file's own markup can name it.
"""

from __future__ import annotations

import re

# The XML declaration, processing instructions, comments and a doctype may come before the root.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
_START_TAG = re.compile(r"<([A-Za-z_][\w.-]*(?::[\w.-]+)?)(?=[\s/>])[^<>]*>?")
# Stray bytes a copy can leave before the declaration (remark42's Disqus test export starts with a
# backtick; tests/test_xml_exports_as_written.py keeps "junk> "): a few, and no bracket or quote, as a
# JSON dump opens with one, so a JSON line whose first value is a text that writes "<rss" is not an export.
_STRAY_BEFORE_PROLOG = re.compile(r"[\ufeff\s]*[^{}\[\]\"'<]{0,16}")


def root_name(head: str) -> str:
    """The root element's name, lower case ("" when the text does not start as an XML document)."""
    start = _STRAY_BEFORE_PROLOG.match(head).end()
    if not head.startswith("<", start):
        return ""
    tag = _START_TAG.match(head, _PROLOG.match(head, start).end())
    return tag[1].lower() if tag else ""
