"""The team's seed pages (../shared/seeds): copied WordPress and Blogger pages and bare articles.

Read in place, never copied into the project; every test skips with the reason when they are absent.
"""

from __future__ import annotations

import pytest

from moderation.parsing import parse_path


def seed_thread(seeds, prefix: str):
    [path] = sorted(seeds.glob(f"{prefix}_*.txt"))
    [thread] = parse_path(path)
    return thread


def by_start(thread, start: str):
    [comment] = [comment for comment in thread.comments if comment.text.startswith(start)]
    return comment


@pytest.fixture
def wordpress_seed(seeds):
    return seed_thread(seeds, "001")


@pytest.fixture
def blogger_seed(seeds):
    return seed_thread(seeds, "004")


def test_seed_001_is_a_wordpress_page_with_33_comments(wordpress_seed):
    assert wordpress_seed.source_format == "wordpress-text"
    assert len(wordpress_seed.comments) == 33
    assert wordpress_seed.declared_comment_count == 44
    assert wordpress_seed.title == "Salvador Cienfuegos Zepeda: Billy Barr Goes Soft on Crime"
    assert len(wordpress_seed.roots()) == 8
    assert wordpress_seed.incomplete  # 44 declared, 33 in the copy
    assert [warning for warning in wordpress_seed.warnings if warning not in wordpress_seed.unread] == []
    assert not any(comment.orphan for comment in wordpress_seed.comments)


def test_seed_001_authors(wordpress_seed):
    authors = {comment.author for comment in wordpress_seed.comments}
    assert {"Dave K", "bmaz", "I Never Lie and am Always Right", "e.a.f.", "Manuel Gonzalez", "Rapier"} <= authors
    assert [comment.author for comment in wordpress_seed.roots()] == [
        "Dave K", "rosalind", "earlofhuntingdon", "Jim195", "Peterr", "rosalind", "earlofhuntingdon",
        "I Never Lie and am Always Right",
    ]  # fmt: skip


def test_seed_001_moderator_note_stays_in_bmaz_comment(wordpress_seed):
    comment = by_start(wordpress_seed, "Oh, you do, do you?")
    assert comment.author == "bmaz"
    assert comment.text.endswith("or be gone]")
    assert "\n\n[By the way, this is the third name you have used here." in comment.text


def test_seed_001_depths_and_parents(wordpress_seed):
    thread = wordpress_seed
    first_reply = by_start(thread, "Yeah? But what if")
    dave_answer = by_start(thread, "I think criminally charging")
    oh_you_do = by_start(thread, "Oh, you do, do you?")
    sorry = by_start(thread, "Sorry about the username issue.")
    eaf = by_start(thread, "The Americans could try")
    assert (first_reply.author, first_reply.depth, thread.parent(first_reply).author) == ("bmaz", 2, "Dave K")
    assert thread.parent(first_reply).depth == 1
    assert (dave_answer.depth, thread.parent(dave_answer).index) == (3, first_reply.index)
    # Both sit at eight spaces under bmaz's reply: siblings at depth 4 below Dave K's answer.
    assert (oh_you_do.depth, thread.parent(oh_you_do).index) == (4, dave_answer.index)
    assert (sorry.author, sorry.depth, thread.parent(sorry).index) == ("Dave K", 4, dave_answer.index)
    assert (eaf.author, eaf.depth, thread.parent(eaf).index) == ("e.a.f.", 3, first_reply.index)
    rapier = by_start(thread, "Luckily Tom Cotton")
    assert [ancestor.author for ancestor in thread.ancestors(rapier)] == [
        "earlofhuntingdon",
        "I Never Lie and am Always Right",
    ]
    assert thread.max_depth == 4


def test_seed_001_footer_and_article_are_not_comments(wordpress_seed):
    assert "Comments are closed" not in wordpress_seed.comments[-1].text
    assert wordpress_seed.comments[-1].text.endswith("won’t elect an ugly president.")
    assert "44 replies" not in (wordpress_seed.body or "")
    assert wordpress_seed.body.startswith("Bill Barr just let a key cog")


def test_seed_004_is_a_blogger_page_with_29_comments(blogger_seed):
    assert blogger_seed.source_format == "blogger-text"
    assert len(blogger_seed.comments) == 29
    assert len(blogger_seed.roots()) == 13
    assert blogger_seed.max_depth == 2
    assert blogger_seed.warnings == []
    assert all(comment.author == "Anonymous" for comment in blogger_seed.comments)
    replies_per_thread = [len(blogger_seed.children(root)) for root in blogger_seed.roots()]
    assert replies_per_thread == [5, 3, 0, 4, 0, 0, 3, 0, 1, 0, 0, 0, 0]


def test_seed_004_time_pointer_is_a_mention(blogger_seed):
    asked = by_start(blogger_seed, "1:42 asked")
    assert asked.depth == 2
    assert any(mention.kind == "time" and mention.text == "1:42 asked" for mention in asked.mentions)


def test_seed_004_sign_off_and_footer(blogger_seed):
    signed = by_start(blogger_seed, "Mexican government is really showing")
    assert signed.text.endswith("\n\nLuna Apagtha")
    last = blogger_seed.comments[-1]
    assert last.text.endswith("embarrassing for both sides of the border.")
    assert "Comments are moderated" not in last.text


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_articles_without_comments_fall_to_plain_text(seeds, prefix):
    thread = seed_thread(seeds, prefix)
    assert thread.source_format == "text"
    assert thread.comments == []
    assert thread.title
