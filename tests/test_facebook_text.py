"""The Facebook plugin text-copy reader: comments keyed on the 'Like · Reply · 2y' line."""

from __future__ import annotations

from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.errors import ParseError
from moderation.parsing import detect_format, facebook_text, parse_bytes
from moderation.parsing.source import Source

CASE = CASES / "facebook-text" / "plugin_copy_folded.txt"


def copy(*blocks: str, after: str = "") -> bytes:
    return ("3 comments\nSort by\nTop\nAdd a comment...\n\n" + "\n".join(blocks) + after).encode()


def test_detected_as_facebook_text():
    data = copy("Ana\nhello\nLike · Reply · 2y\n", "Bo\nhi\nLike · Reply · 4 · 5h\n")
    assert detect_format(Source.from_bytes(data)) == "facebook-text"


def test_one_action_line_or_prose_mentioning_like_and_reply_is_not_facebook():
    assert facebook_text.sniff(Source.from_bytes(copy("Ana\nhello\nLike · Reply · 2y\n"))) == 0
    prose = b"I like your reply.\nLike and reply below.\nLike \xc2\xb7 Reply\nLike \xc2\xb7 Reply\n"
    assert facebook_text.sniff(Source.from_bytes(prose)) == 0


def test_badges_and_profile_lines_stay_out_of_the_text_and_author_is_post_author():
    data = copy(
        "Ana\nTop fan\nfirst words\n\nsecond paragraph\nLike · Reply · 3 · 1y\n",
        "The Courier\nAuthor\nour answer\nLike · Reply · 1y\n",
        "Cy\nWorks at Harbour Freight Co\nmy view\nLike · Reply · 1w · Edited\n",
    )
    (thread,) = parse_bytes(data)
    assert [(c.author, c.text, c.role) for c in thread.comments] == [
        ("Ana", "first words\n\nsecond paragraph", None),
        ("The Courier", "our answer", "post_author"),
        ("Cy", "my view", None),
    ]
    assert thread.declared_comment_count == 3 and not thread.incomplete
    assert all(c.posted_at is None for c in thread.comments)


def test_a_comment_that_starts_like_a_profile_line_keeps_its_words():
    (thread,) = parse_bytes(
        copy("Ana\nLives in fear of the bus timetable\nLike · Reply · 2y\n", "Bo\nx\nLike · Reply · 2y\n")
    )
    assert thread.comments[0].text == "Lives in fear of the bus timetable"


def test_folded_parts_mark_the_thread_incomplete():
    (thread,) = parse_bytes(CASE.read_bytes())
    assert thread.incomplete and "View 2 more replies" in thread.unread[0]
    assert len(thread.comments) == 4 and "Like · Reply" not in " ".join(c.text for c in thread.comments)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len(CASE.read_bytes())))
def test_a_truncated_copy_keeps_fewer_comments_or_is_refused(cut):
    try:
        threads = parse_bytes(CASE.read_bytes()[:cut], "facebook-text")
    except ParseError as error:
        assert str(error)
        return
    assert sum(len(t.comments) for t in threads) <= 4


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.sampled_from(["Like · Reply · 2y", "Author", "Top fan", "View 2 more replies", "", "x", "3 comments"])
        | st.text(max_size=12),
        max_size=40,
    )
)
def test_any_arrangement_of_the_frame_lines_gives_a_thread(lines):
    try:
        threads = parse_bytes("\n".join(lines).encode(), "facebook-text")
    except ParseError:
        return
    for thread in threads:
        assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))


def test_a_one_word_comment_that_is_a_chrome_word_stays_a_comment():
    page = (
        "Skate park\n\n2 comments\nSort by Top\nAdd a comment...\n\n"
        "Ann Bo\nTop\nLike · Reply · 2y\n\nCy Dee\nAgreed\nLike · Reply · 1y\n"
    )
    [thread] = parse_bytes(page.encode(), "facebook-text", name="copy.txt")
    assert [(comment.author, comment.text) for comment in thread.comments] == [("Ann Bo", "Top"), ("Cy Dee", "Agreed")]
    assert thread.title == "Skate park"


def test_translated_plugin_rows_chrome_badges_and_folded_lines_are_read():
    data = (
        "2 commentaires\nTrier par\nLes plus pertinents\nAjouter un commentaire…\n\n"
        "Ana\nun mot\nJ’aime · Répondre · 1 sem\n\n"
        "La Gazette\nAuteur\nnotre réponse\nJ’aime · Répondre · 5 j\n\n"
        "Voir 2 autres réponses\n"
    ).encode()
    assert detect_format(Source.from_bytes(data)) == "facebook-text"
    (thread,) = parse_bytes(data)
    assert [(c.author, c.text, c.role) for c in thread.comments] == [
        ("Ana", "un mot", None),
        ("La Gazette", "notre réponse", "post_author"),
    ]
    assert thread.declared_comment_count == 2
    assert thread.incomplete


def test_a_dutch_count_of_comments_is_no_folded_branch():
    data = "2 reacties\n\nAna\nhallo\nVind ik leuk · Beantwoorden · 2 d\n\nBo\nhoi\nVind ik leuk · Beantwoorden · 1 d\n"
    (thread,) = parse_bytes(data.encode())
    assert [c.author for c in thread.comments] == ["Ana", "Bo"]
    assert thread.declared_comment_count == 2 and not thread.incomplete
