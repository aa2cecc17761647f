"""The aliases report as text a moderator reads: one block per group, one line per piece of evidence."""

from __future__ import annotations

from collections.abc import Iterator

from moderation.plurals import noun_for
from moderation.safe_text import printable


def render_aliases(document: dict) -> Iterator[str]:
    """The lines of the aliases report, each `printable`: names come from strangers."""
    for line in _lines(document):
        yield printable(line)


def _lines(document: dict) -> Iterator[str]:
    for entry in document.get("incomplete", []):
        # First: names found in part of a thread say nothing of the names in the part not read.
        reasons = "; ".join(entry["unread"])
        yield f"INCOMPLETE: thread {entry['thread']} ({entry['source']}) was not read whole: {reasons}"
    if document.get("incomplete"):
        yield ""
    groups = document.get("groups", [])
    if not groups and not document.get("unresolved"):
        yield "No names found to belong together."
        return
    for number, group in enumerate(groups, start=1):
        names = ", ".join(f'"{name}"' for name in group["names"])
        yield f"Group {number}: {names}"
        yield f"  confidence: {group['confidence']} (score {group['score']:.2f})"
        for item in group["evidence"]:
            yield f"  - {item['kind']}{_where(item)}: {item['detail']}"
        yield ""
    for entry in document.get("unresolved", []):
        yield f'Unresolved: "{entry["name"]}" was said to have changed names; no other name found'
        for item in entry["evidence"]:
            yield f"  - {item['kind']}{_where(item)}: {item['detail']}"
        yield ""


def _where(item: dict) -> str:
    """ "[thread 7, comments 1.2, 3]": where a piece of evidence was found, the noun as many as it names."""
    comments = f"{noun_for(len(item['comments']), 'comment')} {', '.join(item['comments'])}"
    if item["thread"] is not None:
        return f" [thread {item['thread']}, {comments}]" if item["comments"] else f" [thread {item['thread']}]"
    return f" [{comments}]" if item["comments"] else ""
