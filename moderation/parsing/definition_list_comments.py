"""Comments printed as a definition list: each byline a `<dt>`, the text in the `<dd>` after it.

Dotclear's themes print a post's comments this way ("1. Le 4 mars 2024, 09:12 par NAME" over the text),
as do other small engines; no element wraps a comment whole, so the generic detector finds no block.
The list is taken only inside the page's comment area and when every `<dt>` is followed by its `<dd>`.
The list is flat: such engines do not thread.
"""

from __future__ import annotations

import re

from moderation.assemble import RawComment
from moderation.parsing.comment_parts import clean_author, date_pieces, is_button_label, links_in
from moderation.parsing.generic_comments import GENERIC_WARNING, MIN_BLOCKS, GenericComments
from moderation.parsing.html_text import html_to_text
from moderation.parsing.page_regions import is_elsewhere
from moderation.parsing.shown_dates import DateReader

_AREA = re.compile(r"comment|kommentar|commentaire|comentario|reactie", re.IGNORECASE)
# "… par NAME", "… by NAME", "… von NAME": the name a byline ends with when it is not a link.
_SIGNED = re.compile(r"\s(?:par|by|von|por|door)\s+(?P<name>\S[^,]*)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\W*\d+\W*$")  # the comment's number ("1.", "#2"), a link to itself
_LEADING_NUMBER = re.compile(r"^\W*\d+[.)]?\s+")


def read_definition_list_comments(document, dates: DateReader) -> GenericComments | None:
    for entries in _comment_lists(document):
        items, raw_comments = [], []
        for position, (term, definition) in enumerate(entries):
            byline = _LEADING_NUMBER.sub("", " ".join(html_to_text(term).split()))
            author = _author(term, byline)
            unsigned = _SIGNED.sub("", byline)  # the date stands before "par NAME"
            posted_at = next(filter(None, (dates.read(piece) for piece in date_pieces(unsigned))), None)
            if not author or posted_at is None:
                break
            term_id = (term.get("id") or "").strip()
            raw_comments.append(
                RawComment(
                    ref=term_id or f"generic-{position + 1}",
                    parent_ref=None,
                    author=author,
                    text=html_to_text(definition),
                    own_id=bool(term_id),
                    posted_at=posted_at,
                    links=links_in(definition),
                )
            )
            items += [term, definition]
        else:
            return GenericComments(items=items, raw_comments=raw_comments, warning=GENERIC_WARNING)
    return None


def _comment_lists(document):
    """Each `<dl>` in a comment area whose terms each have their definition right after them.

    The shape is checked first and each ancestor's verdict is kept: a page of lists nested
    thousands deep costs one walk up the tree in all, not one per list (it took 8 CPU s at 1,000)."""
    in_area = _AreaVerdicts()
    for dl in document.iter("dl"):
        children = [child for child in dl if isinstance(child.tag, str)]
        terms = [child for child in children if child.tag == "dt"]
        if len(terms) < MIN_BLOCKS or len(children) != 2 * len(terms):
            continue
        pairs = list(zip(children[::2], children[1::2], strict=True))
        if all(term.tag == "dt" and definition.tag == "dd" for term, definition in pairs) and in_area(dl):
            yield pairs


class _AreaVerdicts:
    """Whether an element sits in a comment area and in no widget, sidebar or teaser (see
    page_regions), each ancestor's verdict remembered for the lists below it."""

    def __init__(self) -> None:
        self._known: dict = {}  # element -> (inside a comment area, inside chrome)

    def __call__(self, element) -> bool:
        area, elsewhere = self._verdict(element)
        return area and not elsewhere

    def _verdict(self, element) -> tuple[bool, bool]:
        path = []
        node, above = element, (False, False)
        while node is not None:
            if node in self._known:
                above = self._known[node]
                break
            path.append(node)
            node = node.getparent()
        for node in reversed(path):
            area = above[0] or bool(_AREA.search(f"{node.get('id') or ''} {node.get('class') or ''}"))
            above = (area, above[1] or is_elsewhere(node))
            self._known[node] = above
        return above


def _author(term, byline: str) -> str | None:
    """The byline's last link that is not the comment's number, else the words after "par"/"by"."""
    for link in reversed(term.findall(".//a")):
        text = " ".join(link.text_content().split())
        if text and not _NUMBER.match(text) and not is_button_label(text):
            return clean_author(text)[0]
    signed = _SIGNED.search(byline)
    return clean_author(signed.group("name"))[0] if signed else None
