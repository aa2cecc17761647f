"""Write N saved pages, each mounting Disqus, with the frame its "Web page, complete" save wrote beside it.

Usage (from the project root):
    .venv/bin/python benchmarks/saved_frame_pairs.py OUT_DIR [--pages 200] [--comments 20]

OUT_DIR/page-K.html mounts Disqus (an iframe naming page-K_files/embed.html); OUT_DIR/page-K_files/embed.html
is that frame with the article's permalinks. Every word is generated here. `moderate parse OUT_DIR` then joins
each pair (saved_frames): the cost of the join, against the same pages' parse, is what this measures.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "ferry",
    "harbour",
    "timetable",
    "council",
    "bridge",
    "library",
    "market",
    "school",
    "road",
    "river",
    "winter",
    "summer",
]


def page(number: int) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {number}</title>
<link rel="canonical" href="https://news.example.test/{number}/story/"></head>
<body class="single single-post"><article class="post"><h1 class="entry-title">Story {number}</h1>
<div class="entry-content"><p>{" ".join(WORDS)}.</p></div></article>
<div id="comments"><div id="disqus_thread"><iframe src="page-{number}_files/embed.html"></iframe></div></div>
</body></html>"""


def frame(number: int, comments: int, chooser: random.Random) -> str:
    posts = []
    for index in range(comments):
        text = " ".join(chooser.choice(WORDS) for _ in range(12))
        posts.append(
            f'<li class="post" id="post-{number}{index}"><div class="post-content"><div class="post-body">'
            f'<header><span class="post-byline"><span class="author">Reader {index % 7}</span></span>'
            f'<span class="post-meta"><a href="https://news.example.test/{number}/story/#comment-{number}{index}"'
            f' class="time-ago" title="Monday, June 3, 2024 7:{index % 60:02d} AM">a year ago</a></span></header>'
            f'<div class="post-message"><p>{text}</p></div></div></div></li>'
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Disqus Comments</title></head><body>'
        f'<div id="conversation"><ul id="post-list" class="post-list">{"".join(posts)}</ul></div></body></html>'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--comments", type=int, default=20)
    args = parser.parse_args()
    chooser = random.Random(14)
    for number in range(args.pages):
        (args.out / f"page-{number}_files").mkdir(parents=True, exist_ok=True)
        (args.out / f"page-{number}.html").write_text(page(number), encoding="utf-8")
        (args.out / f"page-{number}_files" / "embed.html").write_text(
            frame(number, args.comments, chooser), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
