"""Write one random reply tree as Substack's comment JSON, a saved Substack page, a Substack text copy,
a saved Facebook plugin frame and a Facebook plugin copy, plus the WordPress copy of the same comments
(the anchor), to time `moderate parse` of each against the anchor.

Usage: python benchmarks/substack_facebook_pages.py OUT_DIR [COMMENTS]
"""

from __future__ import annotations

import json
import random
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from disqus_text_pages import random_tree  # noqa: E402
from renderers_text_pages import render_wordpress_page  # noqa: E402


def substack_json(spec) -> str:
    records = [
        {
            "id": 1000 + position,
            "body": comment.text,
            "date": comment.posted_at.isoformat().replace("+00:00", "Z"),
            "ancestor_path": "",
            "post_id": 7,
            "name": comment.author,
            "user_id": position,
            "reactions": {},
            "deleted": False,
            "children": [],
        }
        for position, comment in enumerate(spec)
    ]
    roots = []
    for position, comment in enumerate(spec):
        siblings = roots if comment.parent is None else records[comment.parent]["children"]
        siblings.append(records[position])
    for record in records:
        record["children_count"] = len(record["children"])
    return json.dumps({"comments": roots})


def _children(spec) -> dict:
    children: dict = {}
    for position, comment in enumerate(spec):
        children.setdefault(comment.parent, []).append(position)
    return children


def substack_html(spec) -> str:
    children = _children(spec)
    parts = ["<html><head><title>Bridge</title></head><body><h1>Bridge</h1><div class='comment-list-items'>"]
    stack = [("open", position) for position in reversed(children.get(None, []))]
    while stack:
        action, position = stack.pop()
        if action == "close":
            parts.append("</div></div></div>" if children.get(position) else "</div>")
            continue
        comment = spec[position]
        parts.append(
            f"<div class='comment'><div class='comment-anchor' id='comment-{1000 + position}'></div>"
            "<div class='comment-content'><div class='comment-meta'>"
            f"<span class='commenter-name'>{comment.author}</span>"
            f"<span><a href='/p/b/comment/{1000 + position}'>Nov 3</a></span></div>"
            f"<div class='comment-body'><p><span>{escape(comment.text)}</span></p></div>"
            "<div><button>Reply</button><button>Share</button></div></div>"
        )
        stack.append(("close", position))
        if children.get(position):
            parts.append("<div class='comment-list'><div class='comment-list-items'>")
            stack.extend(("open", child) for child in reversed(children[position]))
    parts.append("</div></body></html>")
    return "".join(parts)


def substack_text(spec) -> str:
    lines = ["Bridge", "", "The council met.", "", "Discussion about this post", ""]
    for comment in spec:
        lines += [comment.author, "Nov 3, 2024", "", comment.text, "", "Like (2)", "Reply", "Share", ""]
    return "\n".join(lines)


def facebook_text(spec) -> str:
    lines = [f"{len(spec)} comments", "Sort by", "Top", "Add a comment...", ""]
    for comment in spec:
        lines += [comment.author, comment.text, "Like · Reply · 2 · 1y", ""]
    return "\n".join(lines)


def facebook_html(spec) -> str:
    parts = ["<html id='facebook'><head><title>Facebook Social Plugin</title></head><body><div class='_4k-6'>"]
    children = _children(spec)
    for root in children.get(None, []):
        replies = [child for child in _descendants(children, root)]
        parts.append(
            _fb_block(
                spec,
                root,
                "_3-8y _5nz1 clearfix",
                "".join(_fb_block(spec, reply, "_3-8y clearfix", "") for reply in replies),
            )
        )
    parts.append("</div></body></html>")
    return "".join(parts)


def _descendants(children, root):
    stack = list(reversed(children.get(root, [])))
    while stack:
        position = stack.pop()
        yield position
        stack.extend(reversed(children.get(position, [])))


def _fb_block(spec, position, kind, replies):
    comment = spec[position]
    nested = f"<div class='_44ri _2pis'>{replies}</div>" if replies else ""
    return (
        f"<div class='{kind}'><div><a class=' UFICommentActorName' href='#'>{comment.author}</a>"
        f"<span class='_5mdd'><span>{escape(comment.text)}</span></span>"
        f"<a href='https://n.example/a?comment_id={1000 + position}'>"
        f"<abbr data-utime='{int(comment.posted_at.timestamp())}'>1y</abbr></a>{nested}</div></div>"
    )


def main() -> None:
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    out.mkdir(parents=True, exist_ok=True)
    spec = random_tree(count, random.Random(13))
    writers = {
        "substack.json": substack_json,
        "substack.html": substack_html,
        "substack.txt": substack_text,
        "facebook.html": facebook_html,
        "facebook.txt": facebook_text,
        "wordpress.txt": render_wordpress_page,
    }
    for name, write in writers.items():
        (out / name).write_text(write(spec), encoding="utf-8")
        print(out / name)


if __name__ == "__main__":
    main()
