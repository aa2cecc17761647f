"""The Substack text-copy reader: comments keyed on the Reply/Share row, badges, deletions, folds."""

from __future__ import annotations

from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import detect_format, parse_bytes, substack_text
from moderation.parsing.source import Source

CASE = CASES / "substack-text" / "post_copy_folded.txt"


def block(name: str, date: str, text: str, like: str = "Like") -> str:
    return f"{name}\n{date}\n\n{text}\n\n{like}\nReply\nShare\n\n"


def copy(*blocks: str, after: str = "") -> bytes:
    return ("A post title\n\nSome article text.\n\nDiscussion about this post\n\n" + "".join(blocks) + after).encode()


def test_detected_as_substack_text():
    data = copy(block("Ana", "Nov 3", "first"), block("Bo", "2h", "second"))
    assert detect_format(Source.from_bytes(data)) == "substack-text"


def test_a_single_reply_share_row_or_a_wordpress_copy_is_not_substack():
    assert substack_text.sniff(Source.from_bytes(copy(block("Ana", "Nov 3", "only one")))) == 0
    wordpress = (
        b"Mara says:\nMarch 4, 2021 at 9:50 am\nHello.\nReply\n\nJo says:\nMarch 5, 2021 at 1:00 pm\nHi.\nReply\n"
    )
    assert substack_text.sniff(Source.from_bytes(wordpress)) == 0


def test_each_row_ends_one_comment_and_nesting_is_said_to_be_unknown():
    data = copy(block("Ana", "Nov 3, 2024", "first\n\nsecond paragraph", "Like (3)"), block("Bo", "2h", "reply"))
    (thread,) = parse_bytes(data)
    assert [(c.author, c.text) for c in thread.comments] == [("Ana", "first\n\nsecond paragraph"), ("Bo", "reply")]
    assert thread.comments[0].posted_at.year == 2024 and thread.comments[1].posted_at is None
    assert thread.title == "A post title" and "nesting unknown" in thread.warnings[0]
    assert not thread.incomplete


def test_author_badge_and_edited_mark_stay_out_of_name_and_text():
    (thread,) = parse_bytes(
        copy(block("Pier Notes\nAuthor", "Nov 3\nEdited", "from the writer"), block("Bo", "1d", "x"))
    )
    first = thread.comments[0]
    assert (first.author, first.role, first.text) == ("Pier Notes", "post_author", "from the writer")


def test_golden_copy_keeps_the_deleted_comment_and_is_incomplete():
    (thread,) = parse_bytes(CASE.read_bytes())
    assert [c.status for c in thread.comments].count("deleted") == 1
    assert thread.incomplete and "2 more replies" in thread.unread[0]
    assert all("Reply" not in c.text and "Share" not in c.text for c in thread.comments)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(CASE.read_bytes())))
def test_a_truncated_copy_keeps_fewer_comments_or_is_refused(cut):
    try:
        threads = parse_bytes(CASE.read_bytes()[:cut], "substack-text")
    except ParseError as error:
        assert str(error)
        return
    assert sum(len(t.comments) for t in threads) <= 5


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.sampled_from(["Reply", "Share", "Like", "Nov 3", "2h", "Author", "Comment deleted", "", "x"])
        | st.text(max_size=12),
        max_size=40,
    )
)
def test_any_arrangement_of_the_widget_lines_gives_a_thread(lines):
    try:
        threads = parse_bytes("\n".join(lines).encode(), "substack-text")
    except ParseError:
        return
    for thread in threads:
        assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))
        assert all(isinstance(c.author, str) for c in thread.comments)


def test_vote_counts_under_the_buttons_are_no_name_but_a_number_over_a_date_is():
    data = (
        b"Mira\nMar 3\nfirst words\nReply\nShare\n5\n1\n\n"
        b"Theo\nMar 4\nsecond words\nReply\nShare\n2\n\n"
        b"42\nMar 5\na numbered commenter\nReply\nShare\n"
    )
    (thread,) = parse_bytes(data)
    assert [(c.author, c.text) for c in thread.comments] == [
        ("Mira", "first words"),
        ("Theo", "second words"),
        ("42", "a numbered commenter"),
    ]
