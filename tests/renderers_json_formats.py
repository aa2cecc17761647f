"""Turn a tree spec (tests/tree_specs.py) into the JSON-family dumps: Reddit listing, Reddit NDJSON, ConvoKit.

Each renderer writes the dump the way the real service does (Reddit escapes &, < and > in bodies;
Pushshift writes flat lines with prefixed parent ids; ConvoKit names the parent in reply_to).
"""

from __future__ import annotations

import json
import random
import zlib

from tree_specs import SpecComment, children_of

SUBMISSION = "s0sub"


def comment_id(position: int) -> str:
    return f"c{position:x}"


def reddit_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _reddit_data(spec: list[SpecComment], position: int) -> dict:
    comment = spec[position]
    parent = comment.parent
    return {
        "id": comment_id(position),
        "name": "t1_" + comment_id(position),
        "parent_id": "t3_" + SUBMISSION if parent is None else "t1_" + comment_id(parent),
        "link_id": "t3_" + SUBMISSION,
        "author": comment.author,
        "author_fullname": f"t2_{zlib.crc32(comment.author.encode()):x}",
        "body": reddit_escape(comment.text),
        "created_utc": comment.posted_at.timestamp(),
        "subreddit": "eastbrook",
    }


def render_reddit_listing(spec: list[SpecComment], *, title: str = "Council budget thread") -> bytes:
    """The two-Listing array saved from /comments/ID.json, replies nested in data.replies."""
    children = children_of(spec)
    things = [{"kind": "t1", "data": _reddit_data(spec, position)} for position in range(len(spec))]
    # Build bottom-up (positions are pre-order, so every reply comes after its parent).
    for position in reversed(range(len(spec))):
        replies = [things[child] for child in children[position]]
        things[position]["data"]["replies"] = {"kind": "Listing", "data": {"children": replies}} if replies else ""
    roots = [things[p] for p, comment in enumerate(spec) if comment.parent is None]
    submission = {
        "kind": "t3",
        "data": {"id": SUBMISSION, "title": reddit_escape(title), "selftext": "", "num_comments": len(spec)},
    }
    document = [
        {"kind": "Listing", "data": {"children": [submission]}},
        {"kind": "Listing", "data": {"children": roots}},
    ]
    return json.dumps(document, indent=1).encode("utf-8")


def render_reddit_ndjson(spec: list[SpecComment], *, shuffle_seed: int | None = None) -> bytes:
    """Pushshift lines; with a seed the lines come in any order, as a monthly dump may hold them."""
    lines = [
        json.dumps({"id": SUBMISSION, "title": "Council budget thread", "selftext": "", "num_comments": len(spec)})
    ]
    lines += [json.dumps(_reddit_data(spec, position), ensure_ascii=False) for position in range(len(spec))]
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(lines)
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_convokit_jsonl(spec: list[SpecComment], *, conversation: str = "conv-1") -> bytes:
    lines = []
    for position, comment in enumerate(spec):
        lines.append(
            json.dumps(
                {
                    "id": comment_id(position),
                    "speaker": comment.author,
                    "conversation_id": conversation,
                    "reply_to": None if comment.parent is None else comment_id(comment.parent),
                    "timestamp": int(comment.posted_at.timestamp()),
                    "text": comment.text,
                    "meta": {"score": 1},
                    "vectors": [],
                },
                ensure_ascii=False,
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_convokit_array(spec: list[SpecComment], *, conversation: str = "conv-1") -> bytes:
    """The older utterances.json: one array, "user" and "root" for speaker and conversation."""
    items = [
        {
            "id": comment_id(position),
            "user": comment.author,
            "root": conversation,
            "reply_to": None if comment.parent is None else comment_id(comment.parent),
            "timestamp": comment.posted_at.timestamp(),
            "text": comment.text,
            "meta": {},
        }
        for position, comment in enumerate(spec)
    ]
    return json.dumps(items, ensure_ascii=False).encode("utf-8")
