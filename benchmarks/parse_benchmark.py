"""Parse speed and peak memory on large generated dumps (NDJSON and WXR).

Usage: python benchmarks/parse_benchmark.py [--comments 1000000] [--formats reddit,wxr] [--keep]

Generates the dumps under benchmarks/data/ (git-ignored; reused when present), then parses each in a
fresh process on one core and prints comments/s and peak resident memory: the parse alone, nothing
written. The whole `moderate parse --format json|tree` command, output included, is timed by
benchmarks/command_benchmark.py --only parse. Results go to docs/benchmarks.md by hand, with the
machine they were measured on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parent / "data"
WORDS = [
    "the",
    "council",
    "vote",
    "was",
    "delayed",
    "again",
    "and",
    "nobody",
    "seems",
    "to",
    "know",
    "why",
    "budget",
    "school",
    "road",
    "tax",
    "you",
    "are",
    "right",
    "about",
    "that",
    "but",
    "the",
    "numbers",
    "say",
    "otherwise",
    "I",
    "read",
    "the",
    "article",
    "twice",
    "thanks",
    "for",
    "the",
    "link",
    "this",
    "is",
    "exactly",
    "what",
    "happened",
    "last",
    "year",
    "in",
    "our",
    "town",
    "mayor",
    "court",
    "ruling",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + "."


def generate_ndjson(path: Path, total: int, threads: int, rng: random.Random, text=sentence) -> None:
    """Pushshift-style comment lines, submissions interleaved as in a monthly dump; `text(rng)` writes each body."""
    per_thread: list[list[str]] = [[] for _ in range(threads)]
    with path.open("w", encoding="utf-8") as out:
        for number in range(total):
            thread = rng.randrange(threads)
            earlier = per_thread[thread]
            comment_id = f"c{number:x}"
            if earlier and rng.random() < 0.7:
                parent = "t1_" + earlier[-1 - min(int(rng.expovariate(0.3)), len(earlier) - 1)]
            else:
                parent = f"t3_s{thread:x}"
            earlier.append(comment_id)
            if len(earlier) > 50:
                del earlier[:25]  # replies go to recent comments; keeps the generator's memory small
            reader = rng.randrange(total // 10 + 1)  # one account per name, as on the site
            record = {
                "id": comment_id,
                "parent_id": parent,
                "link_id": f"t3_s{thread:x}",
                "author": f"reader{reader}",
                "author_fullname": f"t2_{reader:x}",
                "body": text(rng),
                "created_utc": 1_600_000_000 + number * 3,
                "subreddit": "news",
            }
            out.write(json.dumps(record) + "\n")


def generate_wxr(path: Path, total: int, threads: int, rng: random.Random) -> None:
    """A WXR 1.2 export: `threads` posts sharing `total` comments."""
    per_post = total // threads
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Bench</title><wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        comment_id = 0
        for post in range(threads):
            out.write(
                f"<item><title>Post {post}</title><link>https://example.test/p/{post}/</link>"
                f"<content:encoded><![CDATA[<p>{sentence(rng)}</p>]]></content:encoded>"
                f"<wp:post_id>{post + 1}</wp:post_id><wp:post_type>post</wp:post_type>\n"
            )
            first = comment_id + 1
            count = per_post if post < threads - 1 else total - comment_id
            for _ in range(count):
                comment_id += 1
                parent = rng.randrange(first, comment_id) if comment_id > first and rng.random() < 0.7 else 0
                seconds = comment_id * 3
                stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1_600_000_000 + seconds))
                author = f"reader{rng.randrange(total // 10 + 1)}"
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
                    f"<wp:comment_author_email>{author}@example.test</wp:comment_author_email>"
                    f"<wp:comment_author_url></wp:comment_author_url>"
                    f"<wp:comment_author_IP>192.0.2.{rng.randrange(255)}</wp:comment_author_IP>"
                    f"<wp:comment_date>{stamp}</wp:comment_date><wp:comment_date_gmt>{stamp}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[{escape(sentence(rng))}]]></wp:comment_content>"
                    f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>"
                    "</wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


GENERATORS = {"reddit": ("comments.ndjson", generate_ndjson), "wxr": ("export.xml", generate_wxr)}


def measure(path: Path, format_name: str) -> dict:
    """Parse in a child process pinned to one core; report its wall time and peak RSS."""
    code = (
        "import resource, sys, time\n"
        "from moderation.parsing import Source, iter_source_threads\n"
        "from pathlib import Path\n"
        "start = time.perf_counter(); cpu = time.process_time(); comments = threads = 0\n"
        f"for thread in iter_source_threads(Source.from_path(Path({str(path)!r})), {format_name!r}):\n"
        "    threads += 1; comments += len(thread.comments)\n"
        "seconds = time.perf_counter() - start; cpu = time.process_time() - cpu\n"
        "print(comments, threads, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, cpu)\n"
    )
    command = [sys.executable, "-c", code]
    if hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", "0", *command]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    comments, threads, seconds, peak_kib, cpu = (
        int(output[0]),
        int(output[1]),
        float(output[2]),
        int(output[3]),
        float(output[4]),
    )
    return {
        "format": format_name,
        "file": path.name,
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "threads": threads,
        "comments": comments,
        "seconds": round(seconds, 2),
        "comments_per_second": round(comments / seconds),
        "cpu_seconds": round(cpu, 2),
        "comments_per_cpu_second": round(comments / cpu),
        "peak_rss_mb": round(peak_kib / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=1_000)
    parser.add_argument("--formats", default="reddit,wxr", help=f"comma-separated: {', '.join(GENERATORS)}")
    args = parser.parse_args()
    unknown = [name for name in args.formats.split(",") if name not in GENERATORS]
    if unknown:
        parser.error(f"unknown format {', '.join(unknown)}; choose from {', '.join(GENERATORS)}")
    DATA.mkdir(exist_ok=True)
    for format_name in args.formats.split(","):
        file_name, generate = GENERATORS[format_name]
        path = DATA / f"{args.comments}-{file_name}"
        if not path.exists():
            print(f"generating {path} ...", file=sys.stderr)
            generate(path, args.comments, args.threads, random.Random(1))
        print(json.dumps(measure(path, format_name)))


if __name__ == "__main__":
    main()
