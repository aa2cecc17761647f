"""Saved HTML pages for the page parsers: bytes to an lxml tree, fragments to plain text, shown dates.

lxml.html (libxml2) rather than selectolax: lxml is already a declared dependency, and its
recovering parser keeps every comment before the cut of a truncated page. selectolax (lexbor)
parsed our 48 KB sample page about 2x faster (0.3 ms against 0.55 ms), but parsing is under a tenth
of a whole page parse (4-7 ms), so speed did not decide. Nothing in the page is ever executed or
fetched: scripts and styles are dropped and links are only read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from moderation.errors import ParseError
from moderation.parsing.source import decode_text
from moderation.parsing.xml_root import root_name

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Elements a browser shows as their own block: they separate paragraphs.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
# Elements whose content is never shown as text.
_HIDDEN_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "select",
        "button",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))

_PARAGRAPH = "\x00"  # a marker no decoded page keeps (control characters are removed first)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers actually decode these labels as (WHATWG encoding standard).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}

Skip = Callable[["HtmlElement"], bool]


def read_page(source) -> HtmlElement:
    """The page's document tree; ParseError when the bytes hold no HTML at all."""
    import lxml.html  # imported by the first page read: dumps of other formats never need it

    with source.open() as stream:
        raw = stream.read()
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", decode_page(raw), count=1))
    if not text.strip():
        raise ParseError("empty page")
    parser = lxml.html.HTMLParser(huge_tree=True, remove_pis=True)
    try:
        document = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ParseError(f"not an HTML page: {error}") from None
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        # libxml2 stops at 2048 nested elements and drops the rest: refuse rather than lose comments.
        raise ParseError("the page nests elements too deep for the HTML parser (over 2048 levels)")
    return document


def decode_page(raw: bytes) -> str:
    """Bytes to text: a BOM or valid UTF-8 wins; else the page's own <meta charset>; else our guess."""
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:8192])
    if declared:
        label = declared.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(_CHARSET_ALIASES.get(label, label)).name
        except LookupError:
            codec = None
        # A page declaring a UTF-16 charset in ASCII bytes is lying about itself; browsers ignore that too.
        if codec and not codec.startswith("utf-16") and not codec.startswith("utf-32"):
            return raw.decode(codec, errors="replace")
    return decode_text(raw)


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def has_class(element, name: str) -> bool:
    return name in classes(element)


def html_to_text(element, skip: Skip | None = None) -> str:
    """The text a reader sees in `element`: paragraphs "\\n\\n", <br> "\\n", scripts dropped.

    Entities were decoded once by the parser; nothing here decodes again. `skip` names elements
    (with their content) to leave out, such as a comment's nested replies or its meta line.
    """
    pieces: list[str] = []
    _collect(element, skip, pieces)
    text = "".join(pieces)
    text = re.sub(r"[ \n\x00]*\x00[ \n\x00]*", "\n\n", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r" {2,}", " ", text)
    return text.strip()


def _collect(root, skip: Skip | None, pieces: list[str]) -> None:
    # An explicit stack: hostile pages nest thousands of elements deep.
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else None
        if closing:
            if tag in _BLOCK_TAGS:
                pieces.append(_PARAGRAPH)
            elif tag in _CELL_TAGS:
                pieces.append(" ")
            if node is not root and node.tail:
                pieces.append(_HTML_SPACE.sub(" ", node.tail))
            continue
        tag_name = tag.lower() if tag else None
        if tag_name is None or (node is not root and (tag_name in _HIDDEN_TAGS or (skip is not None and skip(node)))):
            # Comments, hidden elements and skipped ones still leave their tail text.
            if node is not root and node.tail:
                pieces.append(_HTML_SPACE.sub(" ", node.tail))
            continue
        if tag_name in _BLOCK_TAGS:
            pieces.append(_PARAGRAPH)
        elif tag_name == "br":
            pieces.append("\n")
        elif tag_name == "img":
            # WordPress turns emoji into <img class="emoji" alt="😀">: the alt is what the reader wrote.
            alt = node.get("alt")
            if alt and (has_class(node, "emoji") or has_class(node, "wp-smiley")):
                pieces.append(alt)
        if node.text:
            pieces.append(node.text if tag_name == "pre" else _HTML_SPACE.sub(" ", node.text))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


def first_text(elements) -> str | None:
    """The text of the first element that has any."""
    for element in elements:
        text = html_to_text(element)
        if text:
            return text
    return None


def meta_content(document, prop: str) -> str | None:
    """<meta property=og:...> or <meta name=...> content, stripped."""
    for meta in document.xpath("//meta[@property=$p or @name=$p]", p=prop):
        content = (meta.get("content") or "").strip()
        if content:
            return content
    return None


_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|article|section|meta|title|ol|ul|li|dl|h[1-6])\b", re.I
)
# The XML exports carry escaped HTML inside; their root tells them apart (a page's script data
# quoting a comment that wrote "<rss" does not).
_EXPORT_ROOTS = frozenset(("rss", "disqus", "feed"))


def looks_like_html(head: str) -> bool:
    """An HTML page, not XML data (WXR and Disqus exports carry escaped HTML inside)."""
    start = head.lstrip("\ufeff \t\r\n")
    if not start.startswith("<"):
        return False
    root = root_name(start)
    if root in _EXPORT_ROOTS:
        return False
    if start.startswith("<?xml") and root not in ("html", ""):
        return False  # an XML document of another vocabulary (an RSS <channel> cut from its <rss>): no page
    return bool(_HTML_TAG.search(head))


def iso_time(value: str | None, zone: tzinfo) -> datetime | None:
    """A datetime attribute (ISO 8601); one without an offset is read in `zone`."""
    if not value:
        return None
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else localise(stamp, zone)


def shown_time(text: str, zone: tzinfo) -> datetime | None:
    """A date as the page shows it ("March 4, 2021 at 9:50 am"), read in `zone` unless it names one."""
    if not re.search(r"\d{4}", text or ""):
        return None  # "3 hours ago" and bare times carry no date we can trust
    from dateutil import parser as date_parser  # imported on first use: most pages carry machine-readable times

    cleaned = re.sub(r"\s+(?:at|um|à|a las|alle)\s+", " ", text.strip(), flags=re.IGNORECASE)
    try:
        stamp = date_parser.parse(cleaned)
    except (ValueError, OverflowError, TypeError, date_parser.ParserError):
        return None
    return stamp if stamp.tzinfo else localise(stamp, zone)


def localise(stamp: datetime, zone: tzinfo) -> datetime:
    localize = getattr(zone, "localize", None)  # pytz zones need their own method
    return localize(stamp) if localize else stamp.replace(tzinfo=zone)


def split_items(items: list) -> tuple[dict, dict]:
    """For each comment element: the elements that are its own (not inside a nested comment), and its parent.

    One walk over each comment's subtree that stops at nested comments, so the cost stays linear
    even for a reply chain hundreds deep.
    """
    item_set = set(items)
    own_by_item: dict = {}
    parent_by_item: dict = {}
    for item in items:
        own = []
        stack = list(reversed(item))
        while stack:
            element = stack.pop()
            if not isinstance(element.tag, str):
                continue
            if element in item_set:
                parent_by_item.setdefault(element, item)
                continue
            own.append(element)
            stack.extend(reversed(element))
        own_by_item[item] = own
    return own_by_item, parent_by_item
