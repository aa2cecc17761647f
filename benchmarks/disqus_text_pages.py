"""Write one random reply tree twice, as a Disqus copy (disqus-text) and a WordPress copy (wordpress-text).

Times `moderate parse` of the Disqus copy against the WordPress copy of the same comments (the anchor).
Usage: python benchmarks/disqus_text_pages.py OUT_DIR [COMMENTS]
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from renderers_text_pages import render_wordpress_page  # noqa: E402
from tree_specs import SpecComment  # noqa: E402

WORDS = [
    "the",
    "bridge",
    "was",
    "closed",
    "again",
    "today",
    "nobody",
    "knew",
    "why",
    "council",
    "voted",
    "late",
    "and",
    "it",
    "rained",
    "on",
    "the",
    "market",
]
REPLY_SHARE = 0.5  # about half the comments are replies, as on the labelled threads' busiest pages


def random_tree(count: int, rng: random.Random) -> list[SpecComment]:
    spec: list[SpecComment] = []
    chain: list[int] = []
    start = datetime(2021, 3, 4, 9, 0, tzinfo=timezone.utc)
    for position in range(count):
        parent = rng.choice(chain) if chain and rng.random() < REPLY_SHARE else None
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + "."
        spec.append(SpecComment(parent, f"Reader {position}", text, start + timedelta(minutes=position)))
        chain = (chain[: chain.index(parent) + 1] if parent is not None else []) + [position]
    return spec


def render_disqus_copy(spec: list[SpecComment]) -> str:
    lines = ["Council votes to close the river bridge", "", "The council met on Tuesday.", ""]
    lines += [f"{len(spec)} Comments", "Login", "Sort by Best", "Avatar", "Join the discussion…", ""]
    for comment in spec:
        parent = f" → {spec[comment.parent].author}" if comment.parent is not None else ""
        lines += ["Avatar", f"{comment.author}{parent} • 3 years ago", comment.text, "2 △ ▽ • Reply • Share ›"]
    return "\n".join(lines) + "\n"


def main() -> None:
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    out.mkdir(parents=True, exist_ok=True)
    spec = random_tree(count, random.Random(7))
    (out / f"disqus-copy-{count}.txt").write_text(render_disqus_copy(spec), encoding="utf-8")
    (out / f"wordpress-copy-{count}.txt").write_text(render_wordpress_page(spec), encoding="utf-8")


if __name__ == "__main__":
    main()
