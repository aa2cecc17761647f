"""Write one random reply tree as the plain-text copies the text readers take, to time `moderate parse` on each.

Forms: a WordPress "says:" copy (the anchor other text benchmarks use), a block-theme copy (name over date,
"Reply", no markers), a wpDiscuz copy with "Reply to  NAME" and no indentation (readers named "Reader N%50",
so a reply's parent author wrote many comments: the named-parent search's worst ordinary case), a numbered
Blogger copy with bylines (two levels) and a mobile copy ("Name · 2h" bylines).
Usage: python benchmarks/text_copy_pages.py OUT_DIR [COMMENTS]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from disqus_text_pages import random_tree  # noqa: E402
from renderers_text_pages import render_blogger_page, render_wordpress_page, shown_time  # noqa: E402
from tree_specs import SpecComment  # noqa: E402

HEAD = ["Council votes to close the river bridge", "", "March 4, 2021", "", "The council met on Tuesday.", ""]
SHARED_NAMES = 50  # wpDiscuz copy: this many distinct names, so "Reply to" names an author of many comments


def render_block_copy(spec: list[SpecComment]) -> str:
    lines = [*HEAD, f"{len(spec)} Comments", ""]
    for comment in spec:
        lines += [comment.author, shown_time(comment.posted_at), "", comment.text, "", "Reply", ""]
    return "\n".join([*lines, "Leave a Reply"]) + "\n"


def render_wpdiscuz_copy(spec: list[SpecComment]) -> str:
    lines = [*HEAD, "Subscribe", "Notify of", f"{len(spec)} Comments", "Inline Feedbacks", "View all comments"]
    for comment in spec:
        lines += [comment.author, "Guest"]
        if comment.parent is not None:
            lines.append(f"Reply to  {spec[comment.parent].author}")
        lines += [f"{comment.posted_at:%B} {comment.posted_at.day}, {comment.posted_at.year} 9:05 am", "", comment.text]
        lines += ["", "0", "Reply"]
    return "\n".join(lines) + "\n"


def render_mobile_copy(spec: list[SpecComment]) -> str:
    lines = [*HEAD, f"{len(spec)} Comments", ""]
    depths: list[int] = []
    for comment in spec:
        depths.append(1 if comment.parent is None else depths[comment.parent] + 1)
        pad = "  " * (depths[-1] - 1)
        lines += [f"{pad}{comment.author} · 2h", pad + comment.text, pad + "Reply", ""]
    return "\n".join(lines) + "\n"


def two_levels(spec: list[SpecComment]) -> list[SpecComment]:
    """The same comments with every reply under its thread's top comment (Blogger nests two levels)."""
    tops: list[int] = []
    flat = []
    for comment in spec:
        top = comment.parent if comment.parent is None else tops[comment.parent]
        tops.append(len(tops) if top is None else top)
        flat.append(SpecComment(top, comment.author, comment.text, comment.posted_at))
    return flat


def main() -> None:
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    out.mkdir(parents=True, exist_ok=True)
    spec = random_tree(count, random.Random(7))
    shared = [SpecComment(c.parent, f"Reader {n % SHARED_NAMES}", c.text, c.posted_at) for n, c in enumerate(spec)]
    (out / f"wordpress-copy-{count}.txt").write_text(render_wordpress_page(spec), encoding="utf-8")
    (out / f"block-copy-{count}.txt").write_text(render_block_copy(spec), encoding="utf-8")
    (out / f"wpdiscuz-copy-{count}.txt").write_text(render_wpdiscuz_copy(shared), encoding="utf-8")
    (out / f"mobile-copy-{count}.txt").write_text(render_mobile_copy(spec), encoding="utf-8")
    (out / f"blogger-copy-{count}.txt").write_text(render_blogger_page(two_levels(spec)), encoding="utf-8")


if __name__ == "__main__":
    main()
