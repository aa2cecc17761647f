"""Write one random comment tree as large saved pages of the layouts audit round 5 reads (s14audh).

    python benchmarks/layout_pages.py DIR [COMMENTS]

Writes DIR/wordpress.html (html5 wp_list_comments, the anchor), DIR/movabletype.html (each reply list after
its parent's box), DIR/serendipity.html (one flat list indented by padding-left), DIR/dotclear.html (dt/dd,
flat) and DIR/unread.html (the same comments in blocks no reader takes: the page-sign checks' worst case).
Time each with `/usr/bin/time -f '%U %S %M' moderate parse FILE --format json > /dev/null`.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

HEAD = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Harbour plan | Bench Post</title>{generator}"
    "</head><body><main><article><h1 class='entry-title'>Harbour plan</h1><div class='entry-content'><p>The"
    " harbour plan goes to a vote next week.</p></div></article>"
)
FOOT = "</main><footer><p>Bench Post</p></footer></body></html>"
WORDS = [
    "harbour",
    "vote",
    "council",
    "plan",
    "boats",
    "fees",
    "summer",
    "tourists",
    "berth",
    "ferry",
    "quay",
    "fishing",
    "dredging",
    "budget",
]


def tree(count: int, seed: int = 5) -> list[tuple[int, int | None, str, datetime, str]]:
    """(id, parent id, author, time, text): half the comments reply to a recent one."""
    rng = random.Random(seed)
    start = datetime(2024, 5, 1, 8, 0)
    comments = []
    for number in range(1, count + 1):
        parent = rng.choice(comments[-50:])[0] if comments and rng.random() < 0.5 else None
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30))).capitalize() + "."
        comments.append(
            (number, parent, f"Reader {rng.randint(1, count // 4 + 1)}", start + timedelta(minutes=number), text)
        )
    return comments


def children_of(comments) -> dict:
    kids: dict = {}
    for comment in comments:
        kids.setdefault(comment[1], []).append(comment)
    return kids


def nested(kids, render, parent=None, depth=1) -> list[str]:
    out: list[str] = []
    stack = [(comment, depth, False) for comment in reversed(kids.get(parent, []))]
    while stack:  # iterative: a long reply chain must not hit Python's recursion limit
        comment, level, closing = stack.pop()
        if closing:
            out.append(render(comment, level, None))
            continue
        out.append(render(comment, level, True))
        stack.append((comment, level, True))
        stack.extend((child, level + 1, False) for child in reversed(kids.get(comment[0], [])))
    return out


def wordpress(kids) -> str:
    def render(c, depth, opening):
        if opening is None:
            return "</ol></li>" if kids.get(c[0]) else "</li>"
        head = (
            f"<li class='comment depth-{depth}' id='comment-{c[0]}'><article class='comment-body'><footer"
            f" class='comment-meta'><div class='comment-author vcard'><b class='fn'>{c[2]}</b> <span class='says'>"
            f"says:</span></div><div class='comment-metadata'><time datetime='{c[3]:%Y-%m-%dT%H:%M}:00+00:00'>"
            f"{c[3]:%B %d, %Y}</time></div></footer><div class='comment-content'><p>{c[4]}</p></div></article>"
        )
        return head + ("<ol class='children'>" if kids.get(c[0]) else "")

    return "<div id='comments'><ol class='comment-list'>" + "".join(nested(kids, render)) + "</ol></div>"


def movabletype(kids) -> str:
    def render(c, depth, opening):
        if opening is None:
            return "</div>" if kids.get(c[0]) else ""
        box = (
            f"<div id='comment-{c[0]}' class='comment'><div class='comment-header'><span class='vcard author'>{c[2]}"
            f"</span> <abbr class='published' title='{c[3]:%Y-%m-%dT%H:%M}:00Z'>{c[3]:%B %d, %Y}</abbr></div>"
            f"<div class='comment-content'><p>{c[4]}</p></div></div>"
        )
        return box + ("<div class='comment-replies'>" if kids.get(c[0]) else "")

    return "<div id='comments' class='comments'>" + "".join(nested(kids, render)) + "</div>"


def serendipity(kids) -> str:
    def render(c, depth, opening):
        if opening is None:
            return ""
        indent = f" style='padding-left: {(depth - 1) * 20}px'" if depth > 1 else ""
        return (
            f"<div id='serendipity_comment_{c[0]}' class='serendipity_comment'{indent}>"
            f"<div class='serendipity_commentBody'>{c[4]}</div><div class='serendipity_comment_source'>"
            f"<span class='comment_source_author'>{c[2]}</span> on"
            f" <span class='comment_source_date'>{c[3]:%Y-%m-%d %H:%M}</span></div></div>"
        )

    return "<div class='serendipity_comments'>" + "".join(nested(kids, render)) + "</div>"


def dotclear(comments) -> str:
    entries = "".join(
        f"<dt id='c{c[0]}'><a href='#c{c[0]}'>{c[0]}.</a> On {c[3]:%d %B %Y, %H:%M} by <a href='#'>{c[2]}</a></dt>"
        f"<dd><p>{c[4]}</p></dd>"
        for c in comments
    )
    return f"<div id='comments'><dl>{entries}</dl></div>"


def unread(comments) -> str:
    entries = "".join(f"<div class='entry'><p>{c[2]}, {c[3]:%d %B %Y %H:%M}</p><p>{c[4]}</p></div>" for c in comments)
    return f"<div id='comments'>{entries}</div>"


def main() -> None:
    folder = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    folder.mkdir(parents=True, exist_ok=True)
    comments = tree(count)
    kids = children_of(comments)
    pages = {
        "wordpress": (wordpress(kids), "<meta name='generator' content='WordPress 6.4'>"),
        "movabletype": (movabletype(kids), ""),
        "serendipity": (serendipity(kids), ""),
        "dotclear": (dotclear(comments), ""),
        "unread": (unread(comments), ""),
    }
    for name, (section, generator) in pages.items():
        (folder / f"{name}.html").write_text(HEAD.format(generator=generator) + section + FOOT, encoding="utf-8")


if __name__ == "__main__":
    main()
