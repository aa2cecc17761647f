"""The wordpress-text parser: WordPress pages copied as plain text ("NAME says:" items)."""

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
from renderers_text_pages import render_wordpress_page
from tree_specs import assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import ParseOptions, parse_bytes, parse_path, wordpress_text
from moderation.parsing.comment_parts import is_button_label
from moderation.parsing.page_text import parse_shown_time
from moderation.parsing.source import Source

SAMPLE = PROJECT / "sample_threads" / "wordpress_page.txt"

PAGE = """\
Council votes to close the river bridge

The council met on Tuesday night.

3 replies
  1. Mara Lind says:

    March 4, 2021 at 9:50 am

    Who pays for the ferry in the meantime?

    Reply

    • Tom B says:

      March 4, 2021 at 10:05 am

      The county, according to the minutes.

      Reply

  2. Ed says:

    Closing it was overdue.

Leave a Reply Cancel reply
Name *
"""


def parse_page(text: str, options: ParseOptions | None = None):
    [thread] = parse_bytes(text.encode("utf-8"), "wordpress-text", name="page.txt", options=options)
    return thread


def tree(thread) -> list[tuple[str, int, str | None]]:
    """(author, depth, parent author) per comment, in pre-order."""
    return [
        (comment.author, comment.depth, thread.parent(comment).author if thread.parent(comment) else None)
        for comment in thread.comments
    ]


def test_reads_items_dates_and_parents():
    thread = parse_page(PAGE)
    assert tree(thread) == [("Mara Lind", 1, None), ("Tom B", 2, "Mara Lind"), ("Ed", 1, None)]
    assert thread.comments[0].posted_at == datetime(2021, 3, 4, 9, 50, tzinfo=timezone.utc)
    assert thread.comments[1].text == "The county, according to the minutes."
    assert thread.comments[2].posted_at is None
    assert thread.declared_comment_count == 3
    assert thread.title == "Council votes to close the river bridge"
    assert thread.body == "The council met on Tuesday night."
    assert thread.warnings == []


def test_reply_links_and_footer_are_not_text():
    thread = parse_page(PAGE)
    assert all("Reply" not in comment.text for comment in thread.comments)
    assert thread.comments[-1].text == "Closing it was overdue."


def test_shown_times_are_read_in_the_default_timezone():
    chicago = ZoneInfo("America/Chicago")
    thread = parse_page(PAGE, ParseOptions(default_timezone=chicago))
    assert thread.comments[0].posted_at == datetime(2021, 3, 4, 9, 50, tzinfo=chicago)
    assert thread.comments[0].posted_at.utcoffset().total_seconds() == -6 * 3600


@pytest.mark.parametrize(
    ("header", "count"),
    [
        ("44 replies", 44),
        ("1 reply", 1),
        ("12 Comments", 12),
        ("12 thoughts on “Council votes to close the river bridge”", 12),
        ("One response to “Council votes to close the river bridge”", 1),
        ("1,204 comments", 1204),
        ("Comments (7)", 7),
    ],
)
def test_declared_count_header_variants(header, count):
    thread = parse_page(PAGE.replace("3 replies", header))
    assert thread.declared_comment_count == count
    assert len(thread.comments) == 3
    assert header not in (thread.body or "")


def test_no_header_leaves_declared_count_unset():
    thread = parse_page(PAGE.replace("3 replies\n", ""))
    assert thread.declared_comment_count is None
    assert len(thread.comments) == 3


def test_sentence_ending_in_says_inside_a_comment_stays_text():
    page = PAGE.replace(
        "    Who pays for the ferry in the meantime?",
        '    Who pays for the ferry in the meantime? My neighbour says:\n\n    "nobody, as usual".',
    )
    thread = parse_page(page)
    assert len(thread.comments) == 3
    wanted = 'Who pays for the ferry in the meantime? My neighbour says:\n\n"nobody, as usual".'
    assert thread.comments[0].text == wanted


def test_bullet_without_indentation_is_guessed_as_reply_with_a_warning():
    flat = "\n".join(line.lstrip() for line in PAGE.splitlines())
    thread = parse_page(flat)
    assert tree(thread) == [("Mara Lind", 1, None), ("Tom B", 2, "Mara Lind"), ("Ed", 1, None)]
    assert any("nesting was guessed" in warning for warning in thread.warnings)


def test_depth_cap_siblings_stay_siblings():
    page = """\
Title

2 replies
  1. Ann says:

    First.

    • Bo says:

      Second.

      • Cy says:

        Third, at the cap.

      • Ann says:

        Printed beside Cy because of the cap.
"""
    thread = parse_page(page)
    assert tree(thread) == [("Ann", 1, None), ("Bo", 2, "Ann"), ("Cy", 3, "Bo"), ("Ann", 3, "Bo")]


def test_indentation_jump_is_clamped_with_a_warning():
    page = (
        "Title\n\n  1. Ann says:\n\n    First.\n\n    • Bo says:\n\n      Second.\n\n"
        "          • Cy says:\n\n            Shown three levels below Bo.\n"
    )
    thread = parse_page(page)
    assert tree(thread) == [("Ann", 1, None), ("Bo", 2, "Ann"), ("Cy", 3, "Bo")]
    assert any("indented deeper" in warning for warning in thread.warnings)


def test_hidden_says_is_read_when_a_date_follows():
    page = PAGE.replace(" says:", "")
    thread = parse_page(page)
    assert [comment.author for comment in thread.comments] == ["Mara Lind", "Tom B"]
    # Ed's item has no date line: without "says:" nothing marks it, so it stays in Tom's text.
    assert "Ed" in thread.comments[1].text


def test_page_without_items_gives_the_article_and_a_warning():
    thread = parse_page("Just an article\n\nNo comments here.\n")
    assert thread.comments == []
    assert thread.title == "Just an article"
    assert thread.warnings


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PAGE, 80),
        ("<html><body>1. Ann says:</body></html>", 0),
        ('{"comments": ["  1. Ann says:"]}', 0),
        ("[1, 2]", 0),
        ("An article\n\nMy doctor says:\nrest more.\n", 0),
    ],
)
def test_sniff(head, expected):
    assert wordpress_text.sniff(Source.from_bytes(head.encode())) == expected


def test_sample_page_parses_as_wordpress_text():
    [thread] = parse_path(SAMPLE)
    assert thread.source_format == "wordpress-text"
    assert 15 <= len(thread.comments) <= 30
    assert thread.max_depth >= 3
    assert thread.declared_comment_count == len(thread.comments)
    assert all(comment.posted_at is not None for comment in thread.comments)
    assert not thread.warnings


# Round trip. Text is built from words so every line can be carried by the format: the first word
# of a line is letters only (a line starting "1." or "•" would be an item marker), no word holds ":"
# (a line ending "says:" is an item header), and lines the format reserves are left out: date lines,
# which WordPress prints above the comment text, and button labels ("Reply", "Permalink", "Like"),
# which a copy shows under it and the reader drops from a comment's end.
_FIRST_WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=10)
_WORD = st.text(st.characters(blacklist_categories=("C", "Z"), blacklist_characters=":"), min_size=1, max_size=10)
_LINE = st.builds(lambda first, rest: " ".join([first, *rest]), _FIRST_WORD, st.lists(_WORD, max_size=6)).filter(
    lambda line: not is_button_label(line) and parse_shown_time(line, timezone.utc) is None
)
TEXT = st.lists(st.lists(_LINE, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=3).map("\n\n".join)


@settings(deadline=None)
@given(
    spec=comment_trees(max_comments=15, max_depth=10, text=TEXT),
    with_dates=st.booleans(),
    reply_links=st.booleans(),
)
def test_round_trip(spec, with_dates, reply_links):
    page = render_wordpress_page(spec, with_dates=with_dates, reply_links=reply_links)
    thread = parse_page(page)
    assert_same_tree(spec, thread, check_time=with_dates)
    assert thread.declared_comment_count == len(spec)


VALID_DUMP = PAGE.encode("utf-8")


@settings(deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_raise_only_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_bytes(data, "wordpress-text")


@settings(deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), edits=st.integers(min_value=1, max_value=40))
def test_mutated_dump_raises_only_parse_error(seed, edits):
    data = mutate(VALID_DUMP, random.Random(seed), edits=edits, tokens=TEXT_TOKENS)
    with contextlib.suppress(ParseError):
        parse_bytes(data, "wordpress-text")


def test_every_comment_is_kept_on_a_long_page():
    spec_page = "Title\n\n" + "".join(f"  {n}. Reader {n} says:\n\n    Comment {n}.\n\n" for n in range(1, 301))
    thread = parse_page(spec_page)
    assert len(thread.comments) == 300
    assert [comment.author for comment in thread.roots()] == [f"Reader {n}" for n in range(1, 301)]


SCHEDULE_ARTICLE = """\
Summer concerts in the park

The full list of evenings:

Brass band
June 4, 2024 at 7:00 pm

Folk trio
June 11, 2024 at 7:30 pm

Bring a chair.
"""


def test_name_and_date_lines_without_reply_buttons_are_an_article_not_comments():
    # Block themes print no "says:", so a name over a date opens an item only on a page whose
    # comments carry buttons ("Reply") and right after one: an event list is not a discussion.
    [thread] = parse_bytes(SCHEDULE_ARTICLE.encode(), name="concerts.txt")
    assert thread.comments == []
    assert thread.source_format == "text"


def test_localised_shown_dates_are_read():
    zone = timezone.utc
    assert parse_shown_time("3 mars 2021 à 10 h 15 min", zone) == datetime(2021, 3, 3, 10, 15, tzinfo=zone)
    assert parse_shown_time("7 de junho de 2023 às 14:20", zone) == datetime(2023, 6, 7, 14, 20, tzinfo=zone)
    assert parse_shown_time("2. April 2023 um 9:14 Uhr", zone) == datetime(2023, 4, 2, 9, 14, tzinfo=zone)
    assert parse_shown_time("March 4, 2024 @ 9:12 am", zone) == datetime(2024, 3, 4, 9, 12, tzinfo=zone)
    assert parse_shown_time("04.03.2024 um 09:12 Uhr", zone) == datetime(2024, 3, 4, 9, 12, tzinfo=zone)
    assert parse_shown_time("The meeting is at 2021 and 10:00 sharp", zone) is None


SLASH_DATED = """A post about the towpath

The towpath by the lock reopens next week.

{first} {says}
04/03/2024 {at} 9:12
The gate was stuck all winter.

{second} {says}
13/03/2024 {at} 10:00
Good news for the dog walkers.
"""


@pytest.mark.parametrize(
    ("says", "at", "month"),
    [("says:", "at", 4), ("sagt:", "um", 3), ("dit :", "à", 3), ("dice:", "a las", 3), ("schreef:", "om", 3)],
)
def test_slash_dates_follow_the_language_of_the_says_word(says, at, month):
    """English copies read "04/03/2024" month first (US style); the other languages write day first."""
    thread = parse_page(SLASH_DATED.format(first="Ines", second="Olek", says=says, at=at))
    first, second = (comment.posted_at for comment in thread.comments)
    assert (first.month, first.day) == ((4, 3) if month == 4 else (3, 4))
    assert (second.month, second.day) == (3, 13)  # unambiguous whatever the language


def test_a_slash_date_is_month_first_unless_told_day_first():
    assert parse_shown_time("04/03/2024 at 9:12", timezone.utc).month == 4
    assert parse_shown_time("04/03/2024 at 9:12", timezone.utc, day_first=True).month == 3
    assert parse_shown_time("04.03.2024 um 9:12", timezone.utc).month == 3  # dotted: day first always


# Audit round 3: byline shapes of other themes, button rows, the moderation note.


@pytest.mark.parametrize(
    ("row", "is_row"),
    [
        ("Like · Reply · Report", True),
        ("Reply | Report", True),
        ("Reply", True),
        ("Like this idea · Reply", False),
        ("I like the reply", False),
    ],
)
def test_a_row_of_buttons_is_told_from_a_sentence(row, is_row):
    from moderation.parsing.comment_parts import is_button_row

    assert is_button_row(row) is is_row


def test_a_one_line_byline_only_counts_when_the_page_has_buttons():
    # "Name on DATE" is a byline on a page with Reply buttons; in an article without them it is a sentence.
    article = (
        "Town Notes\nFair returns\nPosted on May 1, 2024 by Desk\n\n"
        "Mayor Pell on May 3, 2024 at 9:00 am\n\nopened the fair.\n\n"
        "Deputy Ross on May 4, 2024 at 9:00 am\n\nclosed it.\n"
    )
    assert wordpress_text.sniff(Source.from_bytes(article.encode(), name="page.txt")) == 0


def test_the_awaiting_moderation_note_makes_the_comment_pending_and_is_not_its_text():
    page = (
        "Club News\nAGM date set\nPosted on May 1, 2024 by Secretary\n\nThe AGM is in June.\n\n1 Comment\n\n"
        "Lou Penn says:\nMay 2, 2024 at 10:00 am\n\nYour comment is awaiting moderation. This is a preview; "
        "your comment will be visible after it has been approved.\n\nWhich evening?\n\nReply\n"
    )
    (thread,) = parse_bytes(page.encode(), "wordpress-text", name="page.txt")
    (comment,) = thread.comments
    assert comment.status == "pending"
    assert comment.text == "Which evening?"


@pytest.mark.parametrize(
    "pager",
    [
        "← Older Comments",
        "Newer Comments →",
        "‹ Older Comments",
        "Previous comments",
        "« Previous Comments  Next Comments »",
    ],
)
def test_comment_pagination_with_arrows_marks_the_thread_and_is_no_comment_text(pager):
    page = (
        "Town Notes\nFair returns\nPosted on May 1, 2024 by Desk\n\nThe fair is back.\n\n12 Comments\n\n"
        "Lou Penn says:\nMay 2, 2024 at 10:00 am\n\nWhich field this year?\n\nReply\n\n"
        f"{pager}\n\nLeave a Reply\n"
    )
    (thread,) = parse_bytes(page.encode(), "wordpress-text", name="page.txt")
    assert thread.incomplete
    assert [comment.text for comment in thread.comments] == ["Which field this year?"]


@pytest.mark.parametrize("word", ["Admin", "AUTOR", "Post author"])
def test_a_comment_whose_text_is_a_badge_word_keeps_it(word):
    # Found by the round trip: a comment reading only "AUTOR" lost its text, taken for the badge a
    # theme prints between the name and the date (here Ann's copy shows no date); a badge is byline only
    # when a date line follows it.
    page = "2 Comments\n\nAnn says:\n\n" + word + "\n\nReply\n\nBo says:\nMay 2, 2024 at 9:20 am\n\nFine.\n"
    thread = parse_page(page)
    assert [comment.text for comment in thread.comments] == [word, "Fine."]


def test_a_sentence_starting_with_reply_to_stays_text():
    page = (
        "Title\n\n2 Comments\n\nIda Holm\nMay 8, 2024 at 9:00 am\n\nFirst.\n\nReply\n\n"
        "Coach\nMay 8, 2024 at 9:40 am\n\nReply to Ida: yes, from XS up.\n\nReply\n"
    )
    thread = parse_page(page)
    assert tree(thread) == [("Ida Holm", 1, None), ("Coach", 1, None)]
    assert thread.comments[1].text == "Reply to Ida: yes, from XS up."


def test_a_quote_of_a_byline_with_a_day_alone_stays_a_comment():
    # A day without a time repeats whenever someone comments twice a day: no sign of a quote.
    page = (
        "Title\n\n2 thoughts on “Title”\n\nNils says:\nMay 6, 2024\n\nFirst.\n\n"
        "Nils says:\nMay 6, 2024\n\nSecond, later that day.\n\nLeave a Reply\n"
    )
    thread = parse_page(page)
    assert [comment.text for comment in thread.comments] == ["First.", "Second, later that day."]


@pytest.mark.parametrize(
    "line", ["2h", "35m", "3d ago", "1w", "2 dni temu", "för 2 dagar sedan", "wczoraj", "igår", "2y"]
)
def test_short_ages_and_polish_swedish_relative_dates_date_nothing_but_are_bylines(line):
    from moderation.parsing.page_text import is_relative_date

    assert is_relative_date(line)


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("3 marca 2024 o 09:12", datetime(2024, 3, 3, 9, 12, tzinfo=timezone.utc)),
        ("12 maj 2024 kl. 08:14", datetime(2024, 5, 12, 8, 14, tzinfo=timezone.utc)),
    ],
)
def test_polish_and_swedish_shown_dates(shown, expected):
    from moderation.parsing.page_text import parse_shown_time

    assert parse_shown_time(shown, timezone.utc) == expected


LOST_BULLET = """\
Parking fees rise

3 thoughts on “Parking fees rise”

  1. Ann Lowe says:
    May 1, 2024 at 9:00 am

    Another 50p, lovely.

    Reply
    Ed Marsh says:
      May 1, 2024 at 9:30 am

      It was frozen for five years.

      Reply
  2. Flo Grant says:
    May 1, 2024 at 11:00 am

    Still cheaper than the city.
"""


def test_a_reply_whose_bullet_was_lost_is_no_quote_its_date_and_text_stand_deeper():
    thread = parse_page(LOST_BULLET)
    assert [(comment.author, comment.path) for comment in thread.comments] == [
        ("Ann Lowe", "1"),
        ("Ed Marsh", "1.1"),
        ("Flo Grant", "2"),
    ]


def test_a_byline_quoted_level_with_the_text_stays_in_the_comment():
    quoted = LOST_BULLET.replace("      May 1, 2024 at 9:30 am", "    May 1, 2024 at 9:30 am").replace(
        "      It was frozen", "    It was frozen"
    )
    thread = parse_page(quoted)
    assert [comment.author for comment in thread.comments] == ["Ann Lowe", "Flo Grant"]
    assert "Ed Marsh says:\nMay 1, 2024 at 9:30 am" in thread.comments[0].text
