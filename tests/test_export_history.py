"""The site's own moderation history as each export says it, and as `train --labels removed` and the
review queue read it: statuses kept exactly as the file gives them, words kept or a notice in their place."""

from __future__ import annotations

import json

import pytest

from moderation.datasets import load_examples
from moderation.datasets.moderation_history import HISTORY_LABEL, removal_label
from moderation.parsing import parse_path
from moderation.review.items import load_items
from moderation.review.queue import reviewable


def _reddit_comment(ident: str, body: str, **fields) -> dict:
    data = {
        "id": ident, "name": f"t1_{ident}", "parent_id": "t3_pier9", "link_id": "t3_pier9",
        "author": f"user_{ident}", "author_fullname": f"t2_{ident}", "body": body, "created_utc": 1700000000,
    }  # fmt: skip
    data.update(fields)
    return data


# A moderator's own listing keeps the words of what was removed and says so; everyone else's shows "[removed]".
MODERATOR_COMMENTS = [
    _reddit_comment("k1", "The pier should have been fixed years ago."),
    _reddit_comment("k2", "You are a clown and so is your councillor.", removed=True, banned_by="harbour_mod"),
    _reddit_comment("k3", "Discount boat tours, message me now", spam=True, removed=False),
    _reddit_comment("k4", "[removed]"),
    _reddit_comment("k5", "[deleted]", author="[deleted]"),
]
EXPECTED = {
    "k1": ("visible", None, 0),
    "k2": ("deleted", "moderator", 1),
    "k3": ("spam", None, 1),
    "k4": ("deleted", "moderator", None),
    "k5": ("deleted", "author", None),
}


def _statuses(path) -> dict:
    (thread,) = parse_path(path)
    return {c.id: (c.status, c.deleted_by, removal_label(c)) for c in thread.comments}


def test_a_reddit_moderators_listing_keeps_the_removed_words_as_a_removal(tmp_path):
    path = tmp_path / "pier.json"
    post = {"kind": "t3", "data": {"id": "pier9", "name": "t3_pier9", "title": "Pier closed", "num_comments": 5}}
    comments = [{"kind": "t1", "data": data} for data in MODERATOR_COMMENTS]
    listing = [{"kind": "Listing", "data": {"children": [post]}}, {"kind": "Listing", "data": {"children": comments}}]
    path.write_text(json.dumps(listing), encoding="utf-8")
    assert _statuses(path) == EXPECTED


def test_reddit_lines_read_removed_the_same_way(tmp_path):
    # NDJSON comments go through the fast line reader, not the listing's: both must say the same.
    path = tmp_path / "pier.ndjson"
    path.write_text("".join(json.dumps(data) + "\n" for data in MODERATOR_COMMENTS), encoding="utf-8")
    assert _statuses(path) == EXPECTED


def test_removed_words_are_the_removed_label_and_join_the_review_queue(tmp_path):
    path = tmp_path / "pier.ndjson"
    path.write_text("".join(json.dumps(data) + "\n" for data in MODERATOR_COMMENTS), encoding="utf-8")
    labels = {e.comment: e.labels.get(HISTORY_LABEL) for e in load_examples(path)}
    assert labels == {ident: label for ident, (_, _, label) in EXPECTED.items()}
    items = {item.comment: item for item in load_items([path])}
    assert {ident: item.history for ident, item in items.items()} == labels
    # The removed words can be judged; a notice in their place cannot.
    assert reviewable(items["k2"]) and not reviewable(items["k4"]) and not reviewable(items["k5"])


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Quayside Notes</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Harbour wall repairs</title><link>https://quayside.example/wall/</link>
<wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type>
"""
WXR_COMMENT = """<wp:comment><wp:comment_id>{ident}</wp:comment_id><wp:comment_author>Writer {ident}</wp:comment_author>
<wp:comment_date_gmt>2024-03-0{ident} 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Words of comment {ident} about the wall.]]></wp:comment_content>
<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent></wp:comment>
"""


@pytest.mark.parametrize(
    ("approved", "status", "label"),
    [("1", "visible", 0), ("0", "pending", None), ("spam", "spam", 1), ("trash", "deleted", 1),
     ("post-trashed", "deleted", 1)],
)  # fmt: skip
def test_every_wxr_approval_value_is_kept_and_labelled(tmp_path, approved, status, label):
    path = tmp_path / "export.xml"
    path.write_text(WXR_HEAD + WXR_COMMENT.format(ident=1, approved=approved) + "</item></channel></rss>\n")
    assert _statuses(path) == {"1": (status, None, label)}


@pytest.mark.parametrize(
    "notice",
    [
        "This comment has been removed by a blog administrator.",
        "Este comentario ha sido eliminado por un administrador del blog.",
    ],
)
def test_a_removal_notice_in_any_of_bloggers_languages_is_no_removed_words(notice):
    from moderation.thread import Comment

    comment = Comment(id="b1", parent_id=None, author="", text=notice, status="deleted", deleted_by="moderator")
    assert removal_label(comment) is None
