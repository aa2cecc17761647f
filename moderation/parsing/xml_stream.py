"""Safe, flat-memory streaming of XML exports (WXR, Disqus), and the per-comment steps they share.

Safety: everything before the root element (where a DTD, and so every entity or external reference,
must live) is read by defusedxml's parser, which refuses entity declarations (billion laughs),
external entities and, here, external DTDs with a ParseError naming the reason. A document with no
DOCTYPE at all then cannot declare an entity, so its body is streamed by the C-accelerated parser:
defusedxml's pure-Python iterparse alone reads ~65,000 WXR comments/s on our machine before any work
is done, under the 50,000 comments/s we need end to end. A document that does carry a (harmless)
DOCTYPE is read by defusedxml's parser to the end.

Memory: the document is fed in chunks into a tree whose root we hold; after each chunk the caller
takes the children that are complete (every child but the last of an element still open), and
deletes them, so only the open spine and one chunk's worth of elements are ever alive.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, TreeBuilder, XMLParser
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from moderation.author_keys import identity_keys
from moderation.errors import ParseError

CHUNK_SIZE = 64 * 1024


class _VettingParser(DefusedXMLParser):
    """defusedxml's parser, also refusing a DOCTYPE that names an external DTD, and noting any DOCTYPE."""

    def __init__(self, target: TreeBuilder) -> None:
        super().__init__(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.saw_doctype = False
        self.parser.StartDoctypeDeclHandler = self._start_doctype

    def _start_doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        self.saw_doctype = True
        if system_id or public_id:
            raise DTDForbidden(name, system_id, public_id)


def stream_document(source) -> Iterator[tuple[Element, bool]]:
    """Yield (root element, finished) after each chunk; `finished` is True once, after the last.

    Raises ParseError for hostile, truncated or malformed XML. Children the caller deletes from the
    tree between yields are gone for good, which is what keeps memory flat.
    """
    with source.open() as stream:
        builder = TreeBuilder()
        # A holder element opened before parsing: the root becomes its child, so we can reach the
        # tree while it grows (TreeBuilder only hands the root back at the very end).
        holder = builder.start("stream", {})
        vetting = _VettingParser(builder)
        parser = vetting
        head: list[bytes] = []
        while not len(holder):
            chunk = _read(stream)
            if not chunk:
                break
            head.append(chunk)
            _feed(vetting, chunk)
        if len(holder) and not vetting.saw_doctype:
            builder = TreeBuilder()
            holder = builder.start("stream", {})
            parser = XMLParser(target=builder)
            for chunk in head:
                _feed(parser, chunk)
        head.clear()
        while len(holder):
            yield holder[0], False
            chunk = _read(stream)
            if not chunk:
                break
            _feed(parser, chunk)
        _close(parser)
        if not len(holder):
            raise ParseError("no XML element found")
        yield holder[0], True


def complete_children(element: Element, element_finished: bool) -> list[Element]:
    """Children that are fully parsed: all once `element` is, else all but the last (maybe still open)."""
    children = list(element)
    return children if element_finished else children[:-1]


def _read(stream) -> bytes:
    try:
        return stream.read(CHUNK_SIZE)
    except OSError as error:
        raise ParseError(f"cannot read: {error}") from None


def _feed(parser, chunk: bytes) -> None:
    try:
        parser.feed(chunk)
    except Exception as error:  # every failure inside the XML parser becomes one ParseError
        raise _parse_error(error) from None


def _close(parser) -> None:
    try:
        parser.close()
    except Exception as error:
        raise _parse_error(error) from None


def _parse_error(error: Exception) -> ParseError:
    if isinstance(error, EntitiesForbidden):
        if error.sysid or error.pubid:
            return ParseError(
                f"refused XML: external entity {error.name!r} ({error.sysid or error.pubid}) is never fetched"
            )
        return ParseError(
            f"refused XML: it declares entity {error.name!r}; entity expansion (billion laughs) is refused"
        )
    if isinstance(error, ExternalReferenceForbidden):
        return ParseError(f"refused XML: external reference {error.sysid!r} is never fetched")
    if isinstance(error, DTDForbidden):
        return ParseError(f"refused XML: external DTD {error.sysid or error.pubid!r} is never fetched")
    if isinstance(error, XmlSyntaxError):
        line, column = getattr(error, "position", None) or ("?", "?")
        reason = str(error).split(": line ")[0]
        return ParseError(f"truncated or malformed XML at line {line}, column {column}: {reason}")
    return ParseError(f"unreadable XML: {error}")


class LocalNames(dict):
    """'{namespace}name' -> 'name', remembered: the same few tags repeat millions of times."""

    def __missing__(self, tag: str) -> str:
        name = self[tag] = local_name(tag)
        return name


class IdentityKeyCache:
    """identity_keys() with each distinct value hashed once per file: readers post many times, and
    sharing one key string between their comments also keeps a whole-file Disqus read small."""

    _LIMIT = 200_000
    _BARE_URLS = ("http://", "https://")  # what old WordPress stored for "no website"

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], str | None] = {}

    def keys(self, **values: str | None) -> dict[str, str]:
        keys = {}
        for kind, value in values.items():
            if not value or value.strip() in self._BARE_URLS:
                continue
            cache_key = (kind, value)
            key = self._keys.get(cache_key, "")
            if key == "":
                key = identity_keys(**{kind: value}).get(kind)
                if len(self._keys) > self._LIMIT:
                    self._keys.clear()
                self._keys[cache_key] = key
            if key is not None:
                keys[kind] = key
        return keys


def local_name(tag: str) -> str:
    """'{namespace}name' -> 'name'."""
    return tag.rpartition("}")[2] if tag[:1] == "{" else tag


def element_text(element: Element | None) -> str | None:
    """All the text inside an element; usually just `.text` (CDATA), joined when markup was left unescaped."""
    if element is None:
        return None
    if len(element):
        return "".join(element.itertext())
    return element.text


def plain_value(value: str | None) -> str:
    """A one-line field (name, title): entities decoded once, surrounding space gone."""
    if not value:
        return ""
    if "&" in value:
        value = html.unescape(value)
    return value.strip()


_DROPPED = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|blockquote|li|ul|ol|dl|dt|dd|h[1-6]|pre|table|tr|hr|section|article|figure|figcaption)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_SPACE_RUN = re.compile(r"[ \t\f\v]+")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")


def markup_to_text(markup: str | None) -> str:
    """Comment HTML (as stored by WordPress or Disqus) to plain text, entities decoded exactly once.

    Text without tags keeps its spacing and line breaks as typed (WordPress stores comments raw and
    adds <p>/<br> only on display). With tags: <br> is a line break, block tags separate paragraphs
    by a blank line, other tags go, runs of spaces fold. The fast path matters: this runs per comment.
    """
    if not markup:
        return ""
    if "\r" in markup:
        markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    if "<" not in markup:
        return (html.unescape(markup) if "&" in markup else markup).strip()
    text = _DROPPED.sub("", markup)
    text = _LINE_BREAK.sub("\n", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _ANY_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = _SPACE_RUN.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()
