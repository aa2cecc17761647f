"""The team's seed pages (../shared/seeds): copied WordPress and Blogger pages and bare articles.

Read in place, never copied into the project; every test skips with the reason when they are absent.
The pages' words are not quoted here either: a comment is found by a digest of its opening, and names
and endings are compared as digests (sha256, first 12 hex digits), so the tests pin the exact text
without holding it.
"""

from __future__ import annotations

import hashlib

import pytest

from moderation.parsing import parse_path

# Digests of names that appear on the pages.
BMAZ, DAVE_K, EAF, EARL, NEVER_LIE = "e55714800809", "7525f2685728", "5ca0ffae465e", "7a4de936431b", "d1021e6e1901"
ANONYMOUS = "e7a8aa2df7e5"
OPENING = 40  # a comment is found by the digest of its first 40 characters


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def seed_thread(seeds, prefix: str):
    [path] = sorted(seeds.glob(f"{prefix}_*.txt"))
    [thread] = parse_path(path)
    return thread


def by_opening(thread, opening_digest: str):
    [comment] = [comment for comment in thread.comments if digest(comment.text[:OPENING]) == opening_digest]
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
    assert digest(wordpress_seed.title) == "af8688ec04f9"
    assert len(wordpress_seed.roots()) == 8
    assert wordpress_seed.incomplete  # 44 declared, 33 in the copy
    assert [warning for warning in wordpress_seed.warnings if warning not in wordpress_seed.unread] == []
    assert not any(comment.orphan for comment in wordpress_seed.comments)


def test_seed_001_authors(wordpress_seed):
    authors = {digest(comment.author) for comment in wordpress_seed.comments}
    assert {DAVE_K, BMAZ, NEVER_LIE, EAF, "9ec5916cbe06", "827d1a223580"} <= authors
    assert [digest(comment.author) for comment in wordpress_seed.roots()] == [
        DAVE_K, "20943f504824", EARL, "5073df2d9216", "7c80dd2c7285", "20943f504824", EARL, NEVER_LIE,
    ]  # fmt: skip


def test_seed_001_moderator_note_stays_in_the_comment_it_ends(wordpress_seed):
    comment = by_opening(wordpress_seed, "fb81096be874")
    assert digest(comment.author) == BMAZ
    assert digest(comment.text[-11:]) == "3efdafbb46ec"
    note = comment.text.index("\n\n[")  # the bracketed note, after a blank line, inside the same comment
    assert digest(comment.text[note : note + 30]) == "88335a01b48c"


def test_seed_001_depths_and_parents(wordpress_seed):
    thread = wordpress_seed
    first_reply = by_opening(thread, "04fc4e7a4bb0")
    answer = by_opening(thread, "783c2e00d7c7")
    note = by_opening(thread, "fb81096be874")
    apology = by_opening(thread, "80f57798027e")
    third = by_opening(thread, "4b7845f0eb3f")
    parent = thread.parent
    assert (digest(first_reply.author), first_reply.depth, digest(parent(first_reply).author)) == (BMAZ, 2, DAVE_K)
    assert parent(first_reply).depth == 1
    assert (answer.depth, parent(answer).index) == (3, first_reply.index)
    # Both sit at eight spaces under the first reply: siblings at depth 4 below the answer.
    assert (note.depth, parent(note).index) == (4, answer.index)
    assert (digest(apology.author), apology.depth, parent(apology).index) == (DAVE_K, 4, answer.index)
    assert (digest(third.author), third.depth, parent(third).index) == (EAF, 3, first_reply.index)
    last_branch = by_opening(thread, "cbabe73fa34e")
    assert [digest(ancestor.author) for ancestor in thread.ancestors(last_branch)] == [EARL, NEVER_LIE]
    assert thread.max_depth == 4


def test_seed_001_footer_and_article_are_not_comments(wordpress_seed):
    assert "Comments are closed" not in wordpress_seed.comments[-1].text
    assert digest(wordpress_seed.comments[-1].text[-30:]) == "0a0ffc3e8149"
    assert "44 replies" not in (wordpress_seed.body or "")
    assert digest(wordpress_seed.body[:30]) == "cabb8bc95b93"


def test_seed_004_is_a_blogger_page_with_29_comments(blogger_seed):
    assert blogger_seed.source_format == "blogger-text"
    assert len(blogger_seed.comments) == 29
    assert len(blogger_seed.roots()) == 13
    assert blogger_seed.max_depth == 2
    assert blogger_seed.warnings == []
    assert all(digest(comment.author) == ANONYMOUS for comment in blogger_seed.comments)
    replies_per_thread = [len(blogger_seed.children(root)) for root in blogger_seed.roots()]
    assert replies_per_thread == [5, 3, 0, 4, 0, 0, 3, 0, 1, 0, 0, 0, 0]


def test_seed_004_time_pointer_is_a_mention(blogger_seed):
    asked = by_opening(blogger_seed, "4b78c7d34aad")
    assert asked.depth == 2
    assert [(mention.kind, digest(mention.text)) for mention in asked.mentions] == [("time", "e438a8417cc1")]


def test_seed_004_sign_off_and_footer(blogger_seed):
    signed = by_opening(blogger_seed, "e2f064e2723c")
    assert digest(signed.text[-14:]) == "500a95d116db"  # the name signed after a blank line stays in the text
    last = blogger_seed.comments[-1]
    assert digest(last.text[-30:]) == "ba740a77fb04"
    assert "Comments are moderated" not in last.text


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_articles_without_comments_fall_to_plain_text(seeds, prefix):
    thread = seed_thread(seeds, prefix)
    assert thread.source_format == "text"
    assert thread.comments == []
    assert thread.title
