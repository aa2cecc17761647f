"""The blogger-text parser: Blogger pages copied as plain text (numbered comments and replies)."""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from conftest import PROJECT
from hypothesis import given, settings
from hypothesis import strategies as st
from mutation import TEXT_TOKENS, mutate
from renderers_text_pages import render_blogger_classic_page, render_blogger_page
from tree_specs import assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import ParseOptions, blogger_text, parse_bytes, parse_path
from moderation.parsing.blogger_classic_text import SAID, is_time_line
from moderation.parsing.blogger_unnumbered_text import LINK_LINES
from moderation.parsing.page_text import parse_shown_time
from moderation.parsing.source import Source

SAMPLE = PROJECT / "sample_threads" / "blogger_page.txt"

PAGE = """\
Harbour Town Notes

Thursday, March 4, 2021

Harbour road closed for repairs until June

Crews start work on Monday.


  1. Who decided this in March, the busiest month for the boats?
    The notice went up on Friday.

    1. The harbour board did, it was in last month's minutes.

    2. Nobody reads the minutes.
      Nobody is supposed to.

  2. Three things I want to know:

    2. why the road and the slipway at once,
    and who pays the fishermen for lost days.

    Marta

    1. 9:50 asked the right question.

Comments are moderated, refer to policy for more information.
Post a Comment
"""


def parse_page(text: str, options: ParseOptions | None = None):
    [thread] = parse_bytes(text.encode("utf-8"), "blogger-text", name="page.txt", options=options)
    return thread


def shape(thread) -> list[tuple[str, str | None]]:
    """(path, parent path) per comment in pre-order."""
    return [
        (comment.path, thread.parent(comment).path if thread.parent(comment) else None) for comment in thread.comments
    ]


def test_numbered_items_and_replies():
    thread = parse_page(PAGE)
    assert shape(thread) == [("1", None), ("1.1", "1"), ("1.2", "1"), ("2", None), ("2.1", "2")]
    assert all(comment.author == "Anonymous" for comment in thread.comments)
    assert thread.title == "Harbour road closed for repairs until June"
    assert thread.body == "Crews start work on Monday."


def test_continuation_lines_blank_lines_and_sign_off_stay_in_the_comment():
    thread = parse_page(PAGE)
    assert thread.comments[0].text == (
        "Who decided this in March, the busiest month for the boats?\nThe notice went up on Friday."
    )
    assert thread.comments[2].text == "Nobody reads the minutes.\nNobody is supposed to."
    # "2." inside comment 2 is not the next item number (a reply would be 1.), so it is text;
    # the sign-off after a blank line is kept for the identity module to read.
    assert thread.comments[3].text == (
        "Three things I want to know:\n\n2. why the road and the slipway at once,\n"
        "and who pays the fishermen for lost days.\n\nMarta"
    )


def test_footer_is_not_a_comment():
    thread = parse_page(PAGE)
    assert "moderated" not in thread.comments[-1].text
    assert thread.comments[-1].text == "9:50 asked the right question."


def test_time_pointers_become_mentions():
    thread = parse_page(PAGE)
    assert [(mention.kind, mention.text) for mention in thread.comments[-1].mentions] == [("time", "9:50 asked")]


def test_item_marker_without_blank_line_before_is_text():
    page = PAGE.replace(
        "  2. Three things I want to know:\n\n    2. why", "  2. Three things I want to know:\n    1. why"
    )
    thread = parse_page(page)
    assert shape(thread) == [("1", None), ("1.1", "1"), ("1.2", "1"), ("2", None), ("2.1", "2")]
    assert "1. why the road" in thread.comments[3].text


THREADED = """\
A post

  1. Mara Lind
    March 31, 2021 at 9:50 AM

    Where is the new slipway going?

    Reply Delete

    1. Anonymous
      March 31, 2021 at 10:02 AM

      @9:50 next to the fuel dock.

      Delete

  2. Ed Marsh said...

    Good riddance to the potholes.

    April 1, 2021 at 7:15 PM

  3. This comment has been removed by the author.

Post a Comment
"""


def test_author_lines_and_shown_times():
    chicago = ZoneInfo("America/Chicago")
    thread = parse_page(THREADED, ParseOptions(default_timezone=chicago))
    assert [comment.author for comment in thread.comments] == ["Mara Lind", "Anonymous", "Ed Marsh", "Anonymous"]
    assert thread.comments[0].posted_at == datetime(2021, 3, 31, 9, 50, tzinfo=chicago)
    assert thread.comments[0].text == "Where is the new slipway going?"
    assert thread.comments[1].text == "@9:50 next to the fuel dock."
    assert thread.comments[2].posted_at == datetime(2021, 4, 1, 19, 15, tzinfo=chicago)
    assert thread.comments[2].text == "Good riddance to the potholes."
    assert shape(thread)[1] == ("1.1", "1")


def test_time_mention_resolves_to_the_comment_shown_at_that_time():
    thread = parse_page(THREADED)
    [mention] = [m for m in thread.comments[1].mentions if m.kind == "time"]
    assert mention.target == thread.comments[0].id


def test_removed_comment_is_kept_as_deleted_with_its_notice():
    thread = parse_page(THREADED)
    assert thread.comments[3].status == "deleted"
    assert thread.comments[3].deleted_by == "author"
    # As in blogger-html: the placeholder counts as the text it shows.
    assert thread.comments[3].text == "This comment has been removed by the author."


CLASSIC = """\
Harbour Town Notes

Thursday, March 4, 2021

Harbour road closed for repairs until June

3 comments:

Mara Lind said...

    Where is the new slipway going?
    Then the harbourmaster said...
    nothing at all.
    March 4, 2021 9:50 AM
Anonymous said...

    @Mara next to the fuel dock.
    March 4, 2021 10:05 AM
Ed Marsh said...

    This comment has been removed by a blog administrator.
    March 5, 2021 7:15 PM

Post a Comment
"""


def test_classic_layout_items_times_and_count():
    thread = parse_page(CLASSIC)
    assert thread.title == "Harbour road closed for repairs until June"
    assert thread.declared_comment_count == 3
    assert [(c.author, c.depth) for c in thread.comments] == [("Mara Lind", 1), ("Anonymous", 1), ("Ed Marsh", 1)]
    assert thread.comments[1].posted_at == datetime(2021, 3, 4, 10, 5, tzinfo=timezone.utc)
    assert thread.comments[1].text == "@Mara next to the fuel dock."
    assert (thread.comments[2].status, thread.comments[2].deleted_by) == ("deleted", "moderator")


def test_classic_said_sentence_inside_a_body_stays_text():
    for page in (CLASSIC, "\n".join(line.lstrip() for line in CLASSIC.splitlines())):
        thread = parse_page(page)
        assert len(thread.comments) == 3
        assert "Then the harbourmaster said...\nnothing at all." in thread.comments[0].text


def test_threaded_count_header_and_load_more():
    page = PAGE.replace("\n\n  1. Who decided", "\n\n5 comments:\n\n  1. Who decided", 1).replace(
        "Comments are moderated", "Load more...\nComments are moderated"
    )
    thread = parse_page(page)
    assert len(thread.comments) == 5
    assert thread.declared_comment_count == 5
    assert thread.incomplete and "Load more" in thread.unread[0]
    assert not parse_page(PAGE).incomplete


def test_lost_indentation_falls_back_to_numbering_with_a_warning():
    flat = "\n".join(line.lstrip() for line in PAGE.splitlines())
    thread = parse_page(flat)
    assert shape(thread) == [("1", None), ("1.1", "1"), ("1.2", "1"), ("2", None), ("2.1", "2")]
    assert any("nesting was guessed" in warning for warning in thread.warnings)


def test_page_without_comments_gives_the_article_and_a_warning():
    thread = parse_page("Just an article\n\nNothing numbered here.\n")
    assert thread.comments == []
    assert thread.warnings


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PAGE, 60),
        (THREADED, 60),
        (CLASSIC, 60),
        ("Title\n\nBo said...\n\n    Hi.\n    March 4, 2021 9:50 AM\nAl said...\n\n    Yo.\n    9:55 AM\n", 60),
        ("An article.\n\nThe mayor said...\n\nnothing useful.\n", 0),
        ("Title\n\n  1. Who paid?\n\n  2. We did.\n\nPost a Comment\n", 50),
        ("<html>  1. x\n    1. y</html>", 0),
        ('{"a": "  1. x\\n\\n    1. y"}', 0),
        ("[  1. x]", 0),
        ("An article.\n\n1. One point\n2. Another point\n", 0),
        ("Title\n\n  1. Ann says:\n\n    Hi.\n\n  2. Bo says:\n\n    Hello.\n\nComments are closed.\n", 0),
    ],
)
def test_sniff(head, expected):
    assert blogger_text.sniff(Source.from_bytes(head.encode())) == expected


def test_sample_page_parses_as_blogger_text():
    [thread] = parse_path(SAMPLE)
    assert thread.source_format == "blogger-text"
    assert 15 <= len(thread.comments) <= 30
    assert thread.max_depth == 2
    assert any(mention.kind == "time" and mention.target for c in thread.comments for mention in c.mentions)
    assert not thread.warnings


# Round trip. Text lines are built from words: the first word is letters only, because a line
# starting "1." after a blank line is an item when its number is next, and Blogger's own link lines
# ("Reply", "Delete", "Responder Eliminar": LINK_LINES, in every language read) and date lines are left
# out, since the format cannot tell them from text.
_FIRST_WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=10)
_WORD = st.text(st.characters(blacklist_categories=("C", "Z")), min_size=1, max_size=10)
_LINE = st.builds(lambda first, rest: " ".join([first, *rest]), _FIRST_WORD, st.lists(_WORD, max_size=6)).filter(
    lambda line: (
        line.casefold() not in LINK_LINES
        and parse_shown_time(line, timezone.utc) is None
        and not line.endswith(("said...", "wrote..."))
    )
)
TEXT = st.lists(st.lists(_LINE, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=3).map("\n\n".join)
# An author line "NAME said..." is classic Blogger's label, so names do not end that way.
NAMES = st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ._-'"), min_size=1, max_size=20
).map(str.strip)
NAMES = NAMES.filter(lambda name: bool(name) and not name[0].isdigit() and not name.endswith(("said...", "wrote...")))


@settings(deadline=None)
@given(spec=comment_trees(max_comments=15, max_depth=2, text=TEXT, names=NAMES))
def test_round_trip_with_author_lines(spec):
    thread = parse_page(render_blogger_page(spec))
    assert_same_tree(spec, thread)


@settings(deadline=None)
@given(spec=comment_trees(max_comments=15, max_depth=2, text=TEXT, names=st.just("Anonymous")))
def test_round_trip_anonymous(spec):
    thread = parse_page(render_blogger_page(spec, with_author_lines=False))
    assert_same_tree(spec, thread, check_time=False)


CLASSIC_TEXT = TEXT.filter(
    lambda text: not any(is_time_line(line) or SAID.fullmatch(line) for line in text.split("\n") if line)
)


@settings(deadline=None)
@given(spec=comment_trees(max_comments=15, max_depth=1, text=CLASSIC_TEXT, names=NAMES))
def test_round_trip_classic_layout(spec):
    thread = parse_page(render_blogger_classic_page(spec))
    assert_same_tree(spec, thread)
    assert thread.declared_comment_count == (len(spec) if spec else None)


@settings(deadline=None)
@given(spec=comment_trees(max_comments=10, max_depth=1, text=CLASSIC_TEXT, names=NAMES))
def test_round_trip_classic_layout_without_indentation(spec):
    page = "\n".join(line.lstrip() for line in render_blogger_classic_page(spec).splitlines())
    thread = parse_page(page)
    assert_same_tree(spec, thread)


VALID_DUMP = (PAGE + THREADED + CLASSIC).encode("utf-8")


@settings(deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_raise_only_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_bytes(data, "blogger-text")


@settings(deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), edits=st.integers(min_value=1, max_value=40))
def test_mutated_dump_raises_only_parse_error(seed, edits):
    data = mutate(VALID_DUMP, random.Random(seed), edits=edits, tokens=TEXT_TOKENS)
    with contextlib.suppress(ParseError):
        parse_bytes(data, "blogger-text")


# Unnumbered threaded copies (newer Blogger themes): name over date, "Replies" toggle, closing "Reply".


def test_a_wordpress_copy_with_lone_reply_buttons_is_not_taken_for_blogger():
    # Name over date with "Reply" under each comment is also WordPress's block layout: only Blogger's
    # own lines ("Replies", "Reply Delete", "Add comment", "Load more...") make the copy Blogger's.
    page = (PROJECT / "tests/cases/wordpress-text/block_theme_no_says.txt").read_bytes()
    assert blogger_text.sniff(Source.from_bytes(page, name="page.txt")) == 0


def test_unnumbered_replies_are_told_by_indentation_when_the_toggle_is_missing():
    page = (
        "Canal Diary\nMay 1, 2024\nLock gates\nNew gates fitted.\n\nComments\n\n"
        "Ana Ross\nMay 1, 2024 at 9:00 AM\n\nLovely oak.\n\nReply Delete\n\n"
        "    Ben Hale\n    May 1, 2024 at 10:00 AM\n\n    Agreed.\n\n    Delete\n\n"
        "Cy Dunn\nMay 2, 2024 at 8:00 AM\n\nWhen do boats pass again?\n\nReply Delete\n\nAdd comment\n"
    )
    (thread,) = parse_bytes(page.encode(), "blogger-text", name="page.txt")
    assert [(c.author, c.depth) for c in thread.comments] == [("Ana Ross", 1), ("Ben Hale", 2), ("Cy Dunn", 1)]
    assert [c.text for c in thread.comments] == ["Lovely oak.", "Agreed.", "When do boats pass again?"]


def test_classic_sentence_ending_in_said_does_not_swallow_the_next_comment():
    # A body line shaped like "NAME said..." that quotes nobody whole: the comment's own time ends it.
    page = (
        "Pond Life Journal\n\nFriday, May 3, 2024\n\nNewts\n\nThree newts tonight.\n\n2 comments:\n\n"
        "Ossie Fenn said...\n\nMy grandad said...\nnewts mean clean water.\n\nMay 3, 2024 at 10:20 AM\n\n"
        "Mabel said...\n\nLovely.\n\nMay 3, 2024 at 11:00 AM\n\nPost a Comment\n"
    )
    thread = parse_page(page)
    assert [comment.author for comment in thread.comments] == ["Ossie Fenn", "Mabel"]
    assert thread.comments[0].text == "My grandad said...\nnewts mean clean water."


def test_unnumbered_german_reply_button_without_replies_is_no_toggle():
    # "Antworten" is both button and toggle: alone under a comment it opens no replies.
    page = (
        "Imkerei\n\nMittwoch, 10. April 2024\n\nHonig\n\nDie Ernte ist da.\n\n"
        "Theo Brunner\n10. April 2024 um 18:11\n\nSchön!\n\nAntworten\n\n"
        "Ilse M.\n11. April 2024 um 07:30\n\nGlückwunsch.\n\nAntworten\n\nKommentar hinzufügen\n"
    )
    thread = parse_page(page)
    assert shape(thread) == [("1", None), ("2", None)]
    assert [comment.author for comment in thread.comments] == ["Theo Brunner", "Ilse M."]


def _unnumbered(*blocks: str) -> bytes:
    return ("\n\n".join(blocks) + "\n\nAdd comment\n").encode()


def test_an_unnumbered_copy_opening_among_replies_is_a_partial_selection():
    data = _unnumbered(
        "Ana\nMarch 2, 2024 at 8:10 PM\n\nfirst reply\n\nDelete",
        "Bo\nMarch 2, 2024 at 9:45 PM\n\nsecond reply\n\nDelete\n\nReply",
        "Cy\nMarch 3, 2024 at 7:05 AM\n\na new thread\n\nReply Delete",
    )
    (thread,) = parse_bytes(data)
    assert [c.author for c in thread.comments] == ["Ana", "Bo", "Cy"]
    assert any("part of the page was selected" in reason for reason in thread.unread)


def test_an_unnumbered_copy_opening_at_a_top_comment_is_complete():
    data = _unnumbered(
        "Ana\nMarch 2, 2024 at 8:10 PM\n\na thread\n\nReply Delete",
        "Bo\nMarch 2, 2024 at 9:45 PM\n\nanother\n\nReply",
    )
    (thread,) = parse_bytes(data)
    assert [c.author for c in thread.comments] == ["Ana", "Bo"]
    assert not thread.incomplete
