"""Write layout_pages.py's random comment tree as large forum and aggregator pages (forum_posts, s14pages).

    python benchmarks/forum_pages.py DIR [COMMENTS]

Writes DIR/phpbb.html (flat posts, each reply quoting its parent by post number), DIR/xenforo.html (the same,
quotes naming `post: N`), DIR/hackernews.html (rows with their depth in td.ind[indent]), DIR/livejournal.html
(twigs b-tree-twig-N) and DIR/reddit.html (nested shreddit-comment elements). Time each with
`/usr/bin/time -f '%U %S %M' moderate parse FILE --format json > /dev/null`, beside layout_pages.py's pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from layout_pages import children_of, nested, tree

HEAD = "<!DOCTYPE html><html lang='en'{scheme}><head><meta charset='utf-8'><title>Harbour plan</title></head><body>"
FOOT = "</body></html>"


def phpbb(comments) -> str:
    def post(c) -> str:
        quote = (
            f"<blockquote><div><cite><a href='#'>Reader</a> wrote: <a href='#p{c[1]}' data-post-id='{c[1]}'>^</a>"
            "</cite>An earlier point.</div></blockquote>"
            if c[1]
            else ""
        )
        return (
            f"<div id='p{c[0]}' class='post has-profile bg2'><div class='inner'><dl class='postprofile'><dt>"
            f"<a href='#' class='username'>{c[2]}</a></dt></dl><div class='postbody'><div>"
            f"<p class='author'>by <strong>{c[2]}</strong> &raquo; <time datetime='{c[3]:%Y-%m-%dT%H:%M}:00+00:00'>"
            f"{c[3]:%a %b %d, %Y}</time></p><div class='content'>{quote}{c[4]}</div>"
            f"<div id='sig{c[0]}' class='signature'>A signature</div></div></div></div></div>"
        )

    return "<h2 class='topic-title'><a href='#'>Harbour plan</a></h2>" + "".join(post(c) for c in comments)


def xenforo(comments) -> str:
    def post(c) -> str:
        quote = (
            f"<blockquote class='bbCodeBlock bbCodeBlock--quote' data-source='post: {c[1]}'>"
            "<div class='bbCodeBlock-title'>Reader said:</div><div class='bbCodeBlock-content'>An earlier point.</div>"
            "</blockquote>"
            if c[1]
            else ""
        )
        return (
            f"<article class='message message--post' data-author='{c[2]}' data-content='post-{c[0]}'>"
            f"<h4 class='message-name'><a class='username'>{c[2]}</a></h4><header class='message-attribution'>"
            f"<time datetime='{c[3]:%Y-%m-%dT%H:%M}:00+0000'>{c[3]:%b %d, %Y}</time></header>"
            f"<article class='message-body'><div class='bbWrapper'>{quote}{c[4]}</div></article>"
            "<aside class='message-signature'><div class='bbWrapper'>A signature</div></aside></article>"
        )

    return "<h1 class='p-title-value'>Harbour plan</h1>" + "".join(post(c) for c in comments)


def hackernews(kids) -> str:
    def render(c, depth, opening):
        if opening is None:
            return ""
        return (
            f"<tr class='athing comtr' id='{c[0]}'><td><table><tr><td class='ind' indent='{depth - 1}'>"
            f"<img src='s.gif' height='1' width='{(depth - 1) * 40}'></td><td class='default'><div><span"
            f" class='comhead'><a href='#' class='hnuser'>{c[2]}</a> <span class='age'"
            f" title='{c[3]:%Y-%m-%dT%H:%M}:00'><a href='#'>1 hour ago</a></span></span></div><br><div"
            f" class='comment'><div class='commtext c00'>{c[4]}</div><div class='reply'><p><a href='#'>reply</a>"
            "</p></div></div></td></tr></table></td></tr>"
        )

    return "<table class='comment-tree'>" + "".join(nested(kids, render)) + "</table>"


def livejournal(kids) -> str:
    def render(c, depth, opening):
        if opening is None:
            return ""
        return (
            f"<div class='b-tree-twig b-tree-twig-{depth}' style='margin-left:{(depth - 1) * 30}px'>"
            f"<div class='b-leaf comment p-comment' id='t{c[0]}' data-username='{c[2]}' data-full='1'>"
            f"<p class='b-leaf-username'><span class='b-leaf-username-name'>{c[2]}</span></p>"
            f"<p class='b-leaf-meta'><span class='b-leaf-createdtime'>{c[3]:%B %d %Y, %H:%M:%S} UTC</span></p>"
            f"<div class='b-leaf-article'>{c[4]}</div><ul class='b-leaf-actions'><li><a href='#'>Reply</a></li>"
            "</ul></div></div>"
        )

    return "<div class='b-tree b-tree-root'>" + "".join(nested(kids, render)) + "</div>"


def reddit(kids) -> str:
    def render(c, depth, opening):
        if opening is None:
            return "</shreddit-comment>"
        parent = f" parentid='t1_{c[1]}'" if c[1] else ""
        return (
            f"<shreddit-comment author='{c[2]}' thingid='t1_{c[0]}' depth='{depth - 1}'{parent}>"
            f"<div slot='commentMeta'><a href='#'>{c[2]}</a> <faceplate-timeago ts='{c[3]:%Y-%m-%dT%H:%M}:00.000Z'>"
            f"<time>1h ago</time></faceplate-timeago></div><div slot='comment'><p>{c[4]}</p></div>"
            "<shreddit-comment-action-row slot='actionRow'><button>Reply</button></shreddit-comment-action-row>"
        )

    return "<shreddit-comment-tree>" + "".join(nested(kids, render)) + "</shreddit-comment-tree>"


def main() -> None:
    folder = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    folder.mkdir(parents=True, exist_ok=True)
    comments = tree(count)
    kids = children_of(comments)
    pages = {
        "phpbb": phpbb(comments),
        "xenforo": xenforo(comments),
        "hackernews": hackernews(kids),
        "livejournal": livejournal(kids),
        "reddit": reddit(kids),
    }
    for name, section in pages.items():
        scheme = " class='html-schemius html-adaptive'" if name == "livejournal" else ""  # LJ's site scheme
        (folder / f"{name}.html").write_text(HEAD.format(scheme=scheme) + section + FOOT, encoding="utf-8")


if __name__ == "__main__":
    main()
