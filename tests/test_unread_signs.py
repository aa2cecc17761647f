"""Pages read as plain text: signs that comments existed which the copy did not hold.

Every page here is written for the test; the team's bare seed articles must show no sign.
"""

from __future__ import annotations

import pytest
from conftest import property_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.parsing import parse_bytes, parse_path
from moderation.parsing.unread_signs import MIN_REPEATED_BLOCKS, find_unread_signs

ARTICLE = [
    "Ferry fares rise by a fifth from April",
    "",
    "The operator says fuel costs doubled since 2021.",
    "Commuter group spokesman Anselm Okafor called the rise a shock.",
]


def signs(*extra: str):
    return find_unread_signs([*ARTICLE, "", *extra])


@pytest.mark.parametrize(
    ("header", "count"),
    [
        ("12 Comments", 12),
        ("1 Comment", 1),
        ("One response to “Ferry fares rise”", 1),
        ("14 thoughts on “Ferry fares rise by a fifth”", 14),
        ("91 Ergänzungen", 91),
        ("5 Kommentare", 5),
        ("23 comentarios", 23),
        ("8 commentaires", 8),
        ("There are 13 comments", 13),
        ("Comments (4)", 4),
        ("1,204 replies", 1204),
        ("No comments", 0),
    ],
)
def test_a_count_header_is_read_in_many_languages(header, count):
    assert signs(header).declared_count == count


@pytest.mark.parametrize(
    "pager",
    [
        "« Older Comments",
        "Newer Comments »",
        "Load more comments",
        "Show 12 more replies",
        "View all 48 comments",
        "Comment page 1 of 3",
        "Ältere Kommentare",
        "Cargar más comentarios",
    ],
)
def test_comment_pagination_is_a_reason(pager):
    found = signs(pager)
    assert found.reasons == [f'the page links to more comments ("{pager}"); they are not in this dump']


def test_a_bare_page_count_counts_only_inside_a_comment_section():
    assert signs("Page 1 of 2").reasons == []  # an article split over pages
    assert len(signs("Comments", "Page 1 of 2").reasons) == 1


def test_repeated_name_says_blocks_are_a_reason_and_one_alone_is_a_quote():
    one = signs("The harbour master says:", "“We cannot absorb the cost.”")
    assert one.reasons == []
    many = signs(*("Wilhelmina Dorn says:", "March 3, 2024 at 9:12 am", "Outrageous.", "") * MIN_REPEATED_BLOCKS)
    assert many.reasons == [
        f'the page shows {MIN_REPEATED_BLOCKS} comment-like blocks ("NAME says:") that were not read as comments'
    ]


def test_reply_links_under_name_and_date_lines_are_a_reason():
    block = ("Caspian Reyes", "4 days ago", "Fares were frozen for years.", "Reply", "")
    assert len(signs(*block, *block).reasons) == 1
    assert signs("Reply", "", "Reply").reasons == []  # no date line above: a share bar, not comments


def test_an_ordinary_article_shows_no_sign():
    found = signs("Leave a Reply", "Your email address will not be published.", "Leave a comment")
    assert found.declared_count is None and found.reasons == []


def test_plain_page_with_signs_is_marked_unread_with_the_count_first():
    page = "\n".join([*ARTICLE, "", "3 Comments", "Load more comments", ""]).encode()
    [thread] = parse_bytes(page, name="ferry.txt")
    assert thread.source_format == "text" and thread.comments == []
    assert thread.declared_comment_count == 3
    assert thread.unread == [
        "the page says 3 comments; 0 are in this dump",
        'the page links to more comments ("Load more comments"); they are not in this dump',
    ]


def test_plain_page_without_signs_is_an_honest_article():
    [thread] = parse_bytes("\n".join(ARTICLE).encode(), name="ferry.txt")
    assert not thread.incomplete and thread.declared_comment_count is None


def test_plain_page_saying_no_comments_is_complete():
    [thread] = parse_bytes("\n".join([*ARTICLE, "", "0 Comments"]).encode(), name="ferry.txt")
    assert not thread.incomplete and thread.declared_comment_count == 0


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_bare_seed_articles_show_no_sign(seeds, prefix):
    [path] = sorted(seeds.glob(f"{prefix}_*.txt"))
    [thread] = parse_path(path)
    assert thread.source_format == "text"
    assert not thread.incomplete, thread.unread


@settings(max_examples=property_examples(200), deadline=None)
@given(st.lists(st.text(max_size=150), max_size=40))
def test_any_lines_give_a_count_or_none_and_reasons(lines):
    found = find_unread_signs([line.strip() for line in lines])
    assert found.declared_count is None or found.declared_count >= 0
    assert all(isinstance(reason, str) and reason for reason in found.reasons)


@pytest.mark.parametrize(
    ("header", "count"), [("4 komentarze do “Nowy most”", 4), ("3 svar på ”Färjan”", 3), ("12 kommentarer", 12)]
)
def test_polish_and_swedish_count_headers(header, count):
    assert signs(header).declared_count == count


def test_forum_post_bylines_are_a_reason_and_one_alone_is_not():
    byline = "by greta_h » Sun Mar 03, 2024 9:12 am"
    assert not signs(byline, "Yes, families have time on Sundays.").reasons
    found = signs(byline, "Yes.", "", "by oldtom » Sun Mar 03, 2024 10:40 am", "No.")
    assert found.reasons == ['the page shows 2 comment-like blocks ("by NAME » DATE") that were not read as comments']


@pytest.mark.parametrize(
    ("line", "is_pager"),
    [
        ("« Previous 1 2 3 Next »", True),
        ("‹ 1 … 4 5 ›", True),
        ("1 2 Next", True),
        ("1 2 3", False),  # numbers alone could be anything
        ("Next »", False),
        ("Chapter 1 2", False),
    ],
)
def test_numbered_comment_pagers(line, is_pager):
    from moderation.parsing.unread_signs import is_page_link

    assert is_page_link(line) is is_pager
