"""Render tree specs (tests/tree_specs.py) as WordPress and Blogger pages copied as plain text.

The layouts follow what a browser copy of each page gives: two spaces of indentation per level,
numbered top-level items, WordPress bullets for replies, Blogger numbering restarting per thread.
"""

from __future__ import annotations

from datetime import datetime

from tree_specs import SpecComment, children_of, preorder


def shown_time(moment: datetime, *, upper_meridiem: bool = False) -> str:
    """ "March 4, 2021 at 9:50 am" as WordPress prints it ("AM" on Blogger)."""
    hour = moment.hour % 12 or 12
    meridiem = "am" if moment.hour < 12 else "pm"
    if upper_meridiem:
        meridiem = meridiem.upper()
    return f"{moment:%B} {moment.day}, {moment.year} at {hour}:{moment:%M} {meridiem}"


def _depths(spec: list[SpecComment]) -> list[int]:
    depths: list[int] = []
    for comment in spec:
        depths.append(1 if comment.parent is None else depths[comment.parent] + 1)
    return depths


def _indented_text(text: str, indent: int) -> list[str]:
    return [" " * indent + line if line.strip() else "" for line in text.split("\n")]


def render_wordpress_page(
    spec: list[SpecComment],
    *,
    title: str = "Council votes to close the river bridge",
    header: str | None = None,
    with_dates: bool = True,
    reply_links: bool = True,
    footer: str = "Comments are closed.",
) -> str:
    """A WordPress article with its comments: "  1. NAME says:", "    • NAME says:", dates, "Reply"."""
    depths = _depths(spec)
    lines = [title, "", "The council met on Tuesday night and voted five to two.", ""]
    lines.append(header if header is not None else f"{len(spec)} replies")
    number = 0
    for position in preorder(spec):
        comment, depth = spec[position], depths[position]
        indent = 2 * depth
        if depth == 1:
            number += 1
            lines.append(f"  {number}. {comment.author} says:")
        else:
            lines.append(" " * indent + f"• {comment.author} says:")
        lines.append("")
        if with_dates:
            lines += [" " * (indent + 2) + shown_time(comment.posted_at), ""]
        lines += _indented_text(comment.text, indent + 2)
        lines.append("")
        if reply_links:
            lines += [" " * (indent + 2) + "Reply", ""]
    lines.append(footer)
    return "\n".join(lines) + "\n"


def render_blogger_page(
    spec: list[SpecComment],
    *,
    title: str = "Harbour road closed for repairs until June",
    with_author_lines: bool = True,
    footer: str = "Comments are moderated, refer to policy for more information.",
) -> str:
    """A Blogger article with its comments: "  1. ..." and replies "    1. ..." (two levels only).

    With author lines each item starts with the name and the shown time on the next line, as
    threaded Blogger prints them; without, the comments are anonymous text only.
    """
    children = children_of(spec)
    lines = ["Harbour Town Notes", "", "Thursday, March 4, 2021", "", title, "", "Crews start work on Monday.", "", ""]
    roots = [position for position, comment in enumerate(spec) if comment.parent is None]
    for number, root in enumerate(roots, start=1):
        lines += _blogger_item(spec[root], f"  {number}. ", 4, with_author_lines)
        for reply_number, reply in enumerate(children[root], start=1):
            if children[reply]:
                raise ValueError("Blogger pages nest only two levels: render specs with max_depth=2")
            lines += _blogger_item(spec[reply], f"    {reply_number}. ", 6, with_author_lines)
    lines += ["", footer, "Subscribe to: Post Comments (Atom)"]
    return "\n".join(lines) + "\n"


def _blogger_item(comment: SpecComment, marker: str, text_indent: int, with_author_lines: bool) -> list[str]:
    if with_author_lines:
        head = [
            marker + comment.author,
            " " * text_indent + shown_time(comment.posted_at, upper_meridiem=True),
            "",
        ]
        body = _indented_text(comment.text, text_indent)
    else:
        text_lines = _indented_text(comment.text, text_indent)
        head = [marker + text_lines[0].strip()]
        body = text_lines[1:]
    return head + body + ["", " " * text_indent + "Reply", ""]


def render_blogger_classic_page(
    spec: list[SpecComment], *, title: str = "Harbour road closed for repairs until June"
) -> str:
    """A Blogger article in the classic (unthreaded) layout: "N comments:", "NAME said...", the body
    indented four spaces and the shown time as its last indented line (with Blogger's trailing space)."""
    if any(comment.parent is not None for comment in spec):
        raise ValueError("the classic layout has no replies: render specs with max_depth=1")
    lines = ["Harbour Town Notes", "", "Thursday, March 4, 2021", "", title, "", "Crews start work on Monday.", ""]
    lines += [f"{len(spec)} comments:", ""]
    for comment in spec:
        moment = comment.posted_at
        hour = moment.hour % 12 or 12
        meridiem = "AM" if moment.hour < 12 else "PM"
        lines += [f"{comment.author} said...", ""]
        lines += _indented_text(comment.text, 4)
        lines.append(f"    {moment:%B} {moment.day}, {moment.year} {hour}:{moment:%M} {meridiem} ")
    lines += ["", "Post a Comment", "", "Newer Post Older Post Home"]
    return "\n".join(lines) + "\n"
