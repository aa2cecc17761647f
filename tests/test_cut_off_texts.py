"""Comments the page showed cut short: the button's words leave the text, a warning counts them."""

from moderation.parsing import parse_bytes
from moderation.parsing.cut_off_texts import trim_cut_offs
from moderation.thread import Comment, Thread


def _trimmed(*texts: str) -> tuple[list[str], list[str]]:
    comments = [Comment(id=str(n), parent_id=None, author="a", text=text) for n, text in enumerate(texts)]
    thread = Thread(id="t")
    trim_cut_offs(comments, thread)
    return [comment.text for comment in comments], thread.warnings


def test_a_button_line_or_an_ellipsis_button_leaves_the_text():
    texts, warnings = _trimmed("it went on and on\nRead more", "so the county said it was… See more", "Lire la suite")
    assert texts == ["it went on and on", "so the county said it was…", "Lire la suite"]
    assert warnings == [
        "2 comments were cut short by the page ('Read more'): the rest of their text is not in this dump"
    ]


def test_the_words_inside_a_sentence_or_without_an_ellipsis_stay():
    texts, warnings = _trimmed("I want to read more about this", "there is more", "see more at the library, more")
    assert texts == ["I want to read more about this", "there is more", "see more at the library, more"]
    assert warnings == []


def test_a_translated_button_in_a_copy_is_dropped():
    data = (
        "Avatar\nAna • 2 years ago\nder Bus kam wieder nicht und\nWeiterlesen\n△ ▽ • Reply • Share ›\n"
        "Avatar\nBo → Ana • 2 years ago\nbei mir auch\n△ ▽ • Reply • Share ›\n"
    ).encode()
    (thread,) = parse_bytes(data)
    assert [c.text for c in thread.comments] == ["der Bus kam wieder nicht und", "bei mir auch"]
    assert any("cut short" in warning for warning in thread.warnings)
