"""Safe, flat-memory streaming of XML exports (WXR, Disqus, Blogger Atom), and the per-record steps they share.

Parser: lxml's iterparse in recovering mode, with entity substitution, DTD loading and network
access off. A real export is sometimes broken in one place (an unquoted attribute, a cut-off tail):
the recovering parser reads past it, and `XmlRecords` tells the format module which records the
errors fall in, so that only those records are left out, each named in a warning.

Safety: everything before the root element (where a DTD, and so every entity or external reference,
must live) is first read by defusedxml's parser, which refuses entity declarations (billion laughs),
external entities and external DTDs with a ParseError naming the reason. An undeclared entity in the
body is then only an error in its record; nothing is ever expanded or fetched.

Whitespace or a few stray bytes before the XML declaration (one real Disqus export starts with a
backtick) are skipped, and said so.

Memory: the format module handles each record as its end tag is read and then calls `release`,
which clears it and drops it and its earlier siblings from the tree.
"""

from __future__ import annotations

import codecs
import html
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from xml.etree.ElementTree import ParseError as XmlSyntaxError
from xml.etree.ElementTree import TreeBuilder

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree
from lxml.etree import _Element as Element

from moderation.assemble import RawComment, assemble_thread
from moderation.author_keys import identity_keys, primary_key
from moderation.errors import ParseError
from moderation.plurals import counted, noun_for
from moderation.thread import Thread


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


STRAY_PREFIX_LIMIT = 1024
"""Bytes skipped before the first '<' at most: a stray character, a blank line or a BOM-less space run.
More than this is not a prefix but another kind of file, and is left to the parser to refuse."""

VETTING_CHUNK_SIZE = 64 * 1024

EARLY_STOP_SLACK_LINES = 3
"""Lines after the last record or error that may hold only closing tags (</channel>, </rss>, a newline)
before we say the parser stopped early."""

TAIL_BYTES = 4096
"""The end of the file kept to see whether the root element is closed there: room for the closing tag
after any whitespace, comments or processing instructions (and the NUL bytes of UTF-16/32)."""
# After the root's closing tag: whitespace, comments, processing instructions, and stray closing tags of
# elements cut away before it (a WXR cut to its <channel> still ends "</channel></rss>").
_AFTER_ROOT = re.compile(r"(?:\s|<!--.*?-->|<\?.*?\?>|</[A-Za-z_][\w.:-]*\s*>)*", re.DOTALL)


def closes_root(tail: bytes, name: str) -> bool:
    """Whether the file's last bytes close the root element `name` (any prefix): an export cut off in a
    download or copy ends without it, and the recovering parser would close it silently."""
    text = tail.replace(b"\x00", b"").decode("latin-1")
    qualified = rf"(?:[A-Za-z_][\w.-]*:)?{re.escape(name)}"
    ends = list(re.finditer(rf"</{qualified}\s*>|<{qualified}\b[^<>]*/>", text))  # or an empty root: <disqus/>
    return bool(ends) and _AFTER_ROOT.fullmatch(text, ends[-1].end()) is not None


def stray_prefix_length(head: bytes) -> int:
    """How many bytes come before the first '<' (0 for UTF-16/32 text, whose '<' is not one byte)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:3] == b"\xef\xbb\xbf" or b"\0" in head[:4]:
        return 0
    position = head.find(b"<", 0, STRAY_PREFIX_LIMIT)
    return max(position, 0)


class XmlRecords:
    """The records of one XML export (elements with the given tags), each yielded once its end tag is read.

    After handling a record the caller asks `errors_in(record)` for the XML errors the recovering
    parser met inside it (then leaves it out and says so) and calls `release(record)`. Errors that
    fall in no record, and the skipped prefix, collect in `notes`, for the caller to put on a thread.
    """

    def __init__(self, source, tags: tuple[str, ...], root_names: tuple[str, ...], kind: str) -> None:
        self.source = source
        self.tags = tags
        self.root_names = root_names
        self.kind = kind
        self.notes: list[str] = []
        self.records = 0
        self._pending: list[tuple[int, str]] = []
        self._errors_seen = 0
        self._parser = None
        self._root_checked = False
        self._last_line = 0
        # Set once read: why the export is cut short (its root never closed), else None.
        self.cut_short: str | None = None

    def __iter__(self) -> Iterator[Element]:
        prefix = stray_prefix_length(self.source.head)
        if self.source.head[:prefix].strip():  # leading whitespace is common and harmless; other bytes are news
            self.notes.append(f"{counted(prefix, 'stray byte')} before the XML declaration skipped")
        with self.source.open() as stream:
            _read(stream, prefix)
            if declares_utf8(self.source.head[prefix:]):
                stream = Cp1252Fallback(stream)
            replay = _Replay(_vet_prolog(stream), stream)
            self._parser = etree.iterparse(
                replay,
                events=("end",),
                tag=self.tags,
                recover=True,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                remove_comments=True,
                remove_pis=True,
            )
            try:
                for _event, element in self._parser:
                    if not self._root_checked:
                        self._check_root(element.getroottree().getroot())
                    self.records += 1
                    self._last_line = element.sourceline or self._last_line
                    yield element
                root = self._parser.root
                while replay.read(VETTING_CHUNK_SIZE):  # to the end, whatever the parser left: its last bytes
                    pass
            except etree.XMLSyntaxError as error:
                raise ParseError(f"unreadable XML: {error}") from None
            except (OSError, etree.LxmlError) as error:
                raise ParseError(f"cannot read: {error}") from None
        if root is None:
            raise ParseError("no XML element found")
        if isinstance(stream, Cp1252Fallback) and stream.repaired:
            self.notes.append(
                f"{counted(stream.repaired, 'byte')} that {noun_for(stream.repaired, 'is', 'are')} not UTF-8, "
                f"though the file says it is, {noun_for(stream.repaired, 'was', 'were')} read as Windows-1252"
            )
        self._check_root(root)
        name = local_name(root.tag)
        if not closes_root(replay.tail, name):
            self.cut_short = f"the file ends before </{name}> closes it: what followed the cut is not read"
        self._collect()
        for line, message in self._pending:
            self.notes.append(f"malformed XML at line {line} ({message})")
        self._pending = []
        self._note_early_stop(replay.lines)

    def _note_early_stop(self, lines: int) -> None:
        """libxml2 gives up on some errors (a bare '<' in text) and reads nothing further: say how much was lost.

        Seen only through line numbers, so a one-line file that stops early goes unnoticed here.
        """
        log = [error for error in self._parser.error_log if error.domain_name != "NAMESPACE"]
        if not log:
            return
        last_error = log[-1]
        reached = max(self._last_line, max(error.line for error in log))
        if lines - reached > EARLY_STOP_SLACK_LINES:
            self.notes.append(
                f"malformed XML at line {last_error.line} ({last_error.message.strip()}): the parser stopped "
                f"there, and the {counted(lines - reached, 'line')} after line {reached} "
                f"{noun_for(lines - reached, 'was', 'were')} not read"
            )

    def _check_root(self, root: Element) -> None:
        self._root_checked = True
        name = local_name(root.tag)
        if name not in self.root_names:
            raise ParseError(f"not {self.kind}: the root element is <{name}>, not <{self.root_names[0]}>")

    def _collect(self) -> None:
        log = self._parser.error_log if self._parser is not None else ()
        if len(log) > self._errors_seen:
            fresh = list(log)[self._errors_seen :]
            self._errors_seen += len(fresh)
            # An undeclared prefix ("app:draft" with no xmlns:app, as in some Blogger exports) leaves the
            # element whole, named "app:draft": not a broken record.
            self._pending.extend(
                (error.line, error.message.strip()) for error in fresh if error.domain_name != "NAMESPACE"
            )

    def errors_in(self, record: Element) -> list[str]:
        """XML errors inside the record; those no record claims become notes at the end.

        lxml gives elements a start line only, so a record spans from its start line to the line its
        next sibling starts on (exclusive), or to its own last line when that sibling is not read yet.
        Several records on one line cannot be told apart: the error goes to the last of them.
        """
        self._collect()
        if not self._pending:
            return []
        first = record.sourceline or 0
        following = record.getnext()
        if following is not None and following.sourceline:
            end = following.sourceline  # exclusive
        else:
            end = max((element.sourceline or first) for element in record.iter()) + 1
        mine = [f"line {line}: {message}" for line, message in self._pending if first <= line < end]
        if mine:  # unclaimed earlier errors stay: a record recovery left open may still end and claim them
            self._pending = [(line, message) for line, message in self._pending if not first <= line < end]
        return mine

    @staticmethod
    def release(record: Element, *, earlier_siblings: bool = True) -> None:
        """Free a handled record and (unless the caller still needs them) every earlier sibling, so
        only the open spine stays in memory."""
        record.clear()
        parent = record.getparent()
        if parent is None:
            return
        if earlier_siblings:
            while record.getprevious() is not None:
                del parent[0]
        parent.remove(record)

    def first_error(self) -> str | None:
        """The first XML error noted outside any record (for a file that yields nothing else)."""
        first = next((note for note in self.notes if note.startswith("malformed XML")), None)
        return first or (f"malformed XML: {self.cut_short}" if self.cut_short else None)


_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = (b"utf-8", b"utf8")


def declares_utf8(head: bytes) -> bool:
    """True when the XML is UTF-8 by its declaration, or by default (no encoding named, no UTF-16/32 BOM)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in head[:4]:
        return False
    match = _XML_DECLARATION.match(head[3:] if head[:3] == b"\xef\xbb\xbf" else head)
    return match is None or match.group(1).lower() in _UTF8_NAMES


_fallback_counts = threading.local()


def _cp1252_for_bad_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: each byte UTF-8 cannot read, read as Windows-1252 (Latin-1 where it has no character)."""
    bad = error.object[error.start : error.end]
    _fallback_counts.value = getattr(_fallback_counts, "value", 0) + len(bad)
    return "".join(_CP1252_BYTES[byte] for byte in bad), error.end


_CP1252_BYTES = [bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(256)]
_FALLBACK_ERRORS = "moderation-cp1252-fallback"
codecs.register_error(_FALLBACK_ERRORS, _cp1252_for_bad_utf8)


class Cp1252Fallback:
    """A byte stream said to be UTF-8, handed on as valid UTF-8: bytes that are not UTF-8 are read as
    Windows-1252 and counted in `repaired`.

    Exports from old MySQL tables often mix Latin-1 text into a UTF-8 file; libxml2 would stop at the
    first such byte and lose the rest of the file. ASCII chunks (most of an export) pass untouched.
    """

    def __init__(self, stream) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors=_FALLBACK_ERRORS)
        self.repaired = 0

    def read(self, size: int = -1) -> bytes:
        chunk = _read(self._stream, size)
        if chunk.isascii() and not self._decoder.getstate()[0]:
            return chunk
        _fallback_counts.value = 0
        text = self._decoder.decode(chunk, final=not chunk)
        self.repaired += _fallback_counts.value
        return text.encode("utf-8")


def _read(stream, size: int) -> bytes:
    try:
        return stream.read(size)
    except OSError as error:
        raise ParseError(f"cannot read: {error}") from None


class _Replay:
    """The bytes the vetting read, then the rest of the stream: the input is read once (stdin too)."""

    def __init__(self, consumed: list[bytes], stream) -> None:
        self._consumed = b"".join(consumed)
        self._offset = 0
        self._stream = stream

        self.lines = 1  # lines handed to the parser so far
        self.tail = b""  # the last TAIL_BYTES read

    def read(self, size: int = -1) -> bytes:
        if self._offset < len(self._consumed):
            end = len(self._consumed) if size is None or size < 0 else self._offset + size
            chunk = self._consumed[self._offset : end]
            self._offset += len(chunk)
        else:
            chunk = _read(self._stream, size)
        self.lines += chunk.count(b"\n")
        if chunk:
            self.tail = (self.tail + chunk[-TAIL_BYTES:])[-TAIL_BYTES:]
        return chunk


def _vet_prolog(stream) -> list[bytes]:
    """Read up to the root element's start tag with defusedxml: refuses entities, external DTDs, bad prologs.

    Returns the chunks it read, for the real parser to read again.
    """
    builder = TreeBuilder()
    holder = builder.start("stream", {})
    vetting = _VettingParser(builder)
    consumed: list[bytes] = []
    while not len(holder):
        chunk = _read(stream, VETTING_CHUNK_SIZE)
        consumed.append(chunk)
        if not chunk:
            try:
                vetting.close()
            except Exception as error:
                raise _parse_error(error) from None
            raise ParseError("no XML element found")
        try:
            vetting.feed(chunk)
        except Exception as error:
            if len(holder):  # the body's trouble is the recovering parser's, record by record
                break
            raise _parse_error(error) from None
    return consumed


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
        if "encoding" in reason.lower() or "labelled" in reason.lower():  # not cut: saved again in another encoding
            return ParseError(
                f"its bytes are not in the encoding its XML declaration names ({reason}): saved again by an "
                'editor as "Unicode" (UTF-16) or ANSI? Export it again, or save it as UTF-8'
            )
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


def child_elements(element: Element) -> Iterator[Element]:
    """An element's element children: no entity references or other node kinds a recovered tree may hold."""
    return element.iterchildren(etree.Element)


def local_name(tag: str) -> str:
    """'{namespace}name' -> 'name'; 'prefix:name' (a prefix the file never declared) -> 'name'."""
    if tag[:1] == "{":
        return tag.rpartition("}")[2]
    return tag.rpartition(":")[2]


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


_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def markup_links(markup: str | None) -> tuple[str, ...]:
    """Where the links in comment HTML point (href targets, entities decoded, first occurrence order).

    Where a spam comment's links lead matters to a moderator; the common linkless comment costs one
    substring test.
    """
    if not markup or "href" not in markup.lower():
        return ()
    links: dict[str, None] = {}
    for match in _HREF.finditer(markup):
        target = html.unescape(match.group(1) or match.group(2) or match.group(3) or "").strip()
        if target:
            links[target] = None
    return tuple(links)


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


def unnamed_ref(number: int) -> str:
    """The ref of an export's `number`th comment that has no id: XML text cannot hold NUL, so no own id starts so."""
    return f"\0unnamed-{number}"


def assemble_held(
    thread: Thread, held: Iterable, kind: str, filed_under: Mapping[str, tuple[str, str | None]] | None = None
) -> Thread:
    """The thread of the comments an export held until its end (Disqus posts, Blogger Atom comments: each
    with ref, parent_ref, author, text, links, posted_at, status, keys and warnings), siblings in time
    order; each comment's unreadable values become thread warnings naming it ("post 'ID': ...").

    `filed_under` maps every comment ref of the export to the thread (id, title) the export files it under: a reply
    whose parent is filed under another thread is kept here as an orphan, and the warning names that
    thread (the parent is in the export, so "not in the dump" would send a moderator looking for a
    comment that is there)."""
    held = list(held)
    elsewhere = _parents_elsewhere(thread.id, held, filed_under) if filed_under else {}
    raw_comments = []
    for comment in held:
        thread.warnings.extend(f"{kind} {comment.ref!r}: {warning}" for warning in comment.warnings)
        other_thread = elsewhere.get(comment.ref)
        if other_thread is not None:
            thread.warnings.append(
                f"{kind} {comment.ref!r} replies to {kind} {comment.parent_ref!r}, which this export files under"
                f" thread {other_thread}; kept at top level here as an orphan"
            )
        keys = dict(comment.keys)
        raw_comments.append(
            RawComment(
                ref=comment.ref,
                parent_ref=comment.parent_ref,
                author=comment.author,
                text=comment.text,
                own_id=not comment.ref.startswith("\0"),
                author_key=primary_key(keys),
                identity_keys=keys,
                posted_at=comment.posted_at,
                status=comment.status,
                links=comment.links,
                orphan=other_thread is not None,
            )
        )
    return assemble_thread(thread, raw_comments, sibling_order="time")


def _parents_elsewhere(thread_id: str, held: list, filed_under: Mapping[str, tuple[str, str | None]]) -> dict[str, str]:
    """Comment ref -> the other thread its parent is filed under ("'ID' ('Title')"), for replies whose
    parent is not in this thread."""
    here = {comment.ref for comment in held}
    elsewhere = {}
    for comment in held:
        parent = comment.parent_ref
        if parent is not None and parent not in here:
            other_id, other_title = filed_under.get(parent, (thread_id, None))
            if other_id != thread_id:
                elsewhere[comment.ref] = f"{other_id!r} ({other_title!r})" if other_title else repr(other_id)
    return elsewhere


def export_threads(threads: list, records: XmlRecords, notes: list[str], records_named: str) -> list:
    """An export's threads once every record is read: an export that gave no thread is a ParseError
    (broken, or holding no `records_named`: it printed nothing and passed); otherwise what concerns the
    whole export (stray bytes, broken records whose thread is unknown, skipped drafts) is said once,
    on the first thread."""
    if not threads and records.first_error():
        raise ParseError(f"truncated or {records.first_error()}")
    if not threads:
        raise ParseError(f"{records.kind} holding no {records_named}" + "".join(f"; {note}" for note in notes))
    threads[0].warnings.extend(f"in this export: {note}" for note in records.notes + notes)
    if records.cut_short:  # any thread may have lost records that came after the cut
        for thread in threads:
            thread.mark_unread(f"the export is cut short ({records.cut_short})")
    return threads
