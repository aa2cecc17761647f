"""XML exports as real tools write them: stray bytes before the declaration, one broken record,
a deleted Disqus article, pingback kinds and link targets. One bad record never costs the export."""

from __future__ import annotations

import pytest
from conftest import SHARED, require_shared
from test_disqus import document as disqus_document
from test_disqus import post, thread
from test_wxr import comment, item
from test_wxr import document as wxr_document

from moderation.parsing import Source, detect_format, parse_bytes, parse_path

REAL = SHARED / "data" / "real-exports"


def all_notes(threads) -> str:
    return "\n".join(note for result in threads for note in result.warnings + result.unread)


@pytest.mark.parametrize("prefix", [b"`", b"\n\n  ", b"\xef\xbb\xbf", b"junk> "])
@pytest.mark.parametrize(
    "format_name, data",
    [
        ("wxr", wxr_document(item(comment("1", comment_content="Hello")))),
        ("disqus", disqus_document(thread("t1") + post("p1", message="Hello"))),
    ],
)
def test_bytes_before_the_declaration_are_skipped_and_the_format_detected(prefix, format_name, data):
    data = prefix + data
    assert detect_format(Source.from_bytes(data)) == format_name
    [result] = parse_bytes(data)
    assert [c.text for c in result.comments] == ["Hello"]
    stray = prefix.strip() and not prefix.startswith(b"\xef\xbb\xbf")
    assert ("stray byte" in all_notes([result])) == bool(stray)


def test_an_unquoted_attribute_loses_only_that_disqus_post_and_names_it():
    broken = post("p2", message="Broken").replace('<thread dsq:id="t1"/>', "<thread dsq:id=t1/>")
    posts = "\n".join([post("p1", message="Before"), broken, post("p3", message="After")])
    threads = parse_bytes(disqus_document(thread("t1") + "\n" + posts), "disqus")
    assert sorted(c.id for t in threads for c in t.comments) == ["p1", "p3"]
    assert "post 'p2' is malformed XML (line 4" in all_notes(threads)


def test_a_broken_wxr_comment_loses_only_itself_and_its_post_is_incomplete():
    comments = "\n".join(
        [
            comment("1", comment_content="Fine"),
            comment("2", comment_content="a&nbsp;b"),
            comment("3", comment_content="Ok"),
        ]
    )
    data = wxr_document(item(comments, "5") + "\n" + item(comment("9", comment_content="Next post"), "6"))
    first, second = parse_bytes(data, "wxr")
    assert [c.id for c in first.comments] == ["1", "3"]
    assert first.incomplete and "comment '2' (line 3)" in first.unread[0]
    assert [c.id for c in second.comments] == ["9"] and not second.incomplete


def test_where_the_parser_gives_up_the_rest_is_said_to_be_unread():
    comments = "\n".join([comment("1", comment_content="Fine"), comment("2", comment_content="a < b")])
    later = "\n".join(item(comment(str(n), comment_content="Later"), str(n)) for n in range(10, 20))
    threads = parse_bytes(wxr_document(item(comments, "5") + "\n" + later), "wxr")
    assert "the parser stopped there, and the 10 lines after line 3 were not read" in all_notes(threads)
    assert threads[-1].incomplete


def test_a_cut_off_wxr_export_keeps_whole_comments_and_marks_the_post_incomplete():
    comments = "\n".join(comment(str(n), comment_content=f"Comment {n}") for n in range(1, 6))
    data = wxr_document(item(comments))
    cut = data[: data.index(b"Comment 4")]
    [result] = parse_bytes(cut, "wxr")
    assert [c.id for c in result.comments] == ["1", "2", "3"]
    assert result.incomplete


def test_garbled_values_keep_the_post_and_say_what_was_unreadable():
    odd = post("p1", created="2019-x05-01T10:00:00Z").replace("<isSpam>false</isSpam>", "<isSpam>123</isSpam>")
    [result] = parse_bytes(disqus_document(thread("t1") + odd), "disqus")
    [kept] = result.comments
    assert kept.posted_at is None and kept.status == "visible"
    notes = all_notes([result])
    assert "post 'p1': <createdAt> '2019-x05-01T10:00:00Z' is not a date" in notes
    assert "post 'p1': <isSpam> '123' is not true/false" in notes


def test_a_deleted_disqus_article_keeps_its_posts_and_says_so():
    gone = thread("t1").replace("</thread>", "<isDeleted>true</isDeleted></thread>")
    [result] = parse_bytes(disqus_document(gone + post("p1") + post("p2", deleted=True)), "disqus")
    assert [c.status for c in result.comments] == ["visible", "deleted"]
    assert "article was deleted" in all_notes([result])


def test_wxr_pingbacks_and_trackbacks_carry_their_kind_and_comments_their_links():
    comments = (
        comment("1", comment_type="pingback", comment_content="[...] quoted [...]")
        + comment("2", comment_type="trackback", comment_content="Seen elsewhere")
        + comment(
            "3",
            comment_content="<![CDATA[Buy <a href='https://pills.example.test/?a=1&amp;b=2'>here</a> or "
            '<a href="https://pills.example.test/2">there</a>]]>',
        )
    )
    [result] = parse_bytes(wxr_document(item(comments)), "wxr")
    kinds = {c.id: (c.kind, c.links) for c in result.comments}
    assert kinds["1"] == ("pingback", ())
    assert kinds["2"] == ("trackback", ())
    assert kinds["3"] == ("comment", ("https://pills.example.test/?a=1&b=2", "https://pills.example.test/2"))


def test_disqus_posts_keep_their_link_targets():
    spam = post("p1", message='Cheap <a href="https://spam.example.test/x" rel="nofollow">deals</a>', spam=True)
    [result] = parse_bytes(disqus_document(thread("t1") + spam), "disqus")
    assert result.comments[0].links == ("https://spam.example.test/x",)


def test_real_disqus_export_with_a_backtick_and_a_malformed_last_post():
    path = require_shared(REAL / "remark42" / "disqus-deleted-post.xml")
    threads = parse_path(path)
    comments = {c.id: c for t in threads for c in t.comments}
    assert comments["299619020"].status == "deleted"
    assert comments["299744309"].author == "mikhail" and comments["299744309"].text.startswith("Microsoft ")
    assert "x299986073" not in comments
    assert "x299986073" in all_notes(threads) and "stray byte" in all_notes(threads)
