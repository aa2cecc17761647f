"""The WordPress export (WXR) parser: fields, statuses, identities, times, skipped items, streaming."""

from __future__ import annotations

import io
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from renderers_xml_exports import WXR_NAMESPACES, render_wxr
from tree_specs import assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import ParseOptions, Source, detect_format, parse_bytes, wxr

SAMPLE = Path(__file__).resolve().parent.parent / "sample_threads" / "wordpress_export.xml"


def document(items: str, version: str = "1.2") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="{WXR_NAMESPACES[version]}" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        f'xmlns:excerpt="{WXR_NAMESPACES[version]}excerpt/"><channel><title>Site</title>{items}</channel></rss>'
    ).encode()


def item(comments: str = "", post_id: str = "5", post_type: str = "post", extra: str = "") -> str:
    return (
        f"<item><title>Post {post_id}</title><link>https://news.example.test/?p={post_id}</link>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_type>{post_type}</wp:post_type>{extra}{comments}</item>"
    )


def comment(comment_id: str, parent: str = "0", **fields: str) -> str:
    parts = [f"<wp:comment_id>{comment_id}</wp:comment_id>", f"<wp:comment_parent>{parent}</wp:comment_parent>"]
    parts += [f"<wp:{name}>{value}</wp:{name}>" for name, value in fields.items()]
    return "<wp:comment>" + "".join(parts) + "</wp:comment>"


def parse(data: bytes, **options):
    return parse_bytes(data, "wxr", options=ParseOptions(**options))


def by_id(thread):
    return {c.id: c for c in thread.comments}


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_detected_and_read_the_same(version):
    data = document(item(comment("1", comment_content="Top") + comment("2", "1", comment_content="Reply")), version)
    assert detect_format(Source.from_bytes(data)) == "wxr"
    [thread] = parse(data)
    assert [(c.id, c.parent_id, c.depth, c.text) for c in thread.comments] == [
        ("1", None, 1, "Top"),
        ("2", "1", 2, "Reply"),
    ]


def test_excerpt_namespace_is_not_mistaken_for_the_post_body():
    [thread] = parse(
        document(item(extra="<content:encoded>Body</content:encoded><excerpt:encoded>Short</excerpt:encoded>"))
    )
    assert thread.body == "Body"


def test_formats_reference_example_orphan_kept_and_entities_decoded_once():
    data = document(
        item(
            "<wp:comment><wp:comment_id>10</wp:comment_id><wp:comment_author><![CDATA[Ann]]></wp:comment_author>"
            "<wp:comment_content><![CDATA[Tom &amp; Jerry &amp;amp; friends]]></wp:comment_content>"
            "<wp:comment_parent>0</wp:comment_parent></wp:comment>" + comment("12", "11", comment_author="Ann")
        )
    )
    [thread] = parse(data)
    comments = by_id(thread)
    assert comments["10"].text == "Tom & Jerry &amp; friends"
    assert comments["12"].orphan and comments["12"].source_parent_id == "11"
    assert any("'11'" in warning for warning in thread.warnings)


def test_old_files_without_cdata_decode_markup_once():
    data = document(
        item(
            comment(
                "1",
                comment_author="Tom &amp;amp; Co",
                comment_content="&lt;p&gt;It&amp;#039;s &lt;b&gt;fine&lt;/b&gt;&lt;/p&gt;",
            )
        ),
        "1.0",
    )
    [thread] = parse(data)
    assert thread.comments[0].author == "Tom & Co"
    assert thread.comments[0].text == "It's fine"


def test_html_content_becomes_plain_paragraphs():
    content = (
        "<![CDATA[<p>First  line<br />second line</p>\n<p>See <a href='https://example.test'>this</a> &hellip;</p>]]>"
    )
    [thread] = parse(document(item(comment("1", comment_content=content))))
    assert thread.comments[0].text == "First line\nsecond line\n\nSee this …"


def test_raw_comment_keeps_its_line_breaks():
    [thread] = parse(document(item(comment("1", comment_content="<![CDATA[One.\r\n\r\nTwo,\nthree.]]>"))))
    assert thread.comments[0].text == "One.\n\nTwo,\nthree."


@pytest.mark.parametrize(
    ("approved", "status"),
    [("1", "visible"), ("0", "pending"), ("spam", "spam"), ("trash", "deleted"), ("post-trashed", "deleted")],
)
def test_comment_approved_maps_to_status(approved, status):
    [thread] = parse(document(item(comment("1", comment_approved=approved))))
    assert thread.comments[0].status == status


def test_identity_keys_are_hashed_and_shared_by_one_email():
    comments = (
        comment("1", comment_author="Mara", comment_author_email="mara@example.test", comment_author_IP="192.0.2.4")
        + comment(
            "2", comment_author="M. Quill", comment_author_email="Mara@Example.test ", comment_author_IP="192.0.2.9"
        )
        + comment("3", comment_author="Ed", comment_user_id="42", comment_author_email="ed@example.test")
        + comment("4", comment_author="Guest", comment_user_id="0", comment_author_url="https://blog.example.test/")
    )
    [thread] = parse(document(item(comments)))
    c = by_id(thread)
    assert c["1"].author_key == c["2"].author_key and c["1"].author_key.startswith("email:")
    assert set(c["1"].identity_keys) == {"email", "ip"}
    assert c["3"].author_key.startswith("user_id:")
    assert set(c["4"].identity_keys) == {"profile_url"}
    flat = repr([(x.identity_keys, x.author_key) for x in thread.comments])
    assert "example.test" not in flat and "192.0.2" not in flat


def test_times_prefer_gmt_then_local_zone_then_none():
    zone = timezone(timedelta(hours=2))
    comments = (
        comment("1", comment_date="2022-01-02 10:00:00", comment_date_gmt="2022-01-02 08:00:00")
        + comment("2", comment_date="2022-01-02 10:30:00", comment_date_gmt="0000-00-00 00:00:00")
        + comment("3", comment_date="0000-00-00 00:00:00", comment_date_gmt="0000-00-00 00:00:00")
        + comment("4", comment_date="Sun, 02 Jan 2022 11:00:00")
    )
    [thread] = parse(document(item(comments)), default_timezone=zone)
    c = by_id(thread)
    assert c["1"].posted_at == datetime(2022, 1, 2, 8, 0, tzinfo=timezone.utc)
    assert c["2"].posted_at == datetime(2022, 1, 2, 10, 30, tzinfo=zone)
    assert c["3"].posted_at is None
    assert c["4"].posted_at == datetime(2022, 1, 2, 11, 0, tzinfo=zone)


def test_siblings_are_ordered_by_time_not_export_order():
    comments = comment("2", comment_date_gmt="2022-01-02 09:00:00") + comment(
        "1", comment_date_gmt="2022-01-02 08:00:00"
    )
    [thread] = parse(document(item(comments)))
    assert [c.id for c in thread.comments] == ["1", "2"]


def test_editor_notes_are_left_out_with_a_count_and_pingbacks_kept():
    comments = (
        comment("1", comment_type="comment", comment_content="Reader")
        + comment("2", comment_type="note", comment_content="Fix the headline")
        + comment("3", "2", comment_type="note", comment_content="Done")
        + comment("4", comment_type="pingback", comment_author="Other Blog", comment_content="[…] as reported […]")
        + comment("5", comment_type="trackback")
    )
    [thread] = parse(document(item(comments)))
    assert [c.id for c in thread.comments] == ["1", "4", "5"]
    assert any(w.startswith("2 editor notes") for w in thread.warnings)


def test_plumbing_items_are_skipped_but_posts_and_pages_without_comments_kept():
    items = (
        item(post_id="1", post_type="attachment")
        + item(post_id="2", post_type="nav_menu_item")
        + item(post_id="3", post_type="wp_template")
        + item(post_id="4", post_type="page")
        + item(post_id="5", post_type="post")
        + item(comment("9"), post_id="6", post_type="attachment")
    )
    threads = parse(document(items))
    assert [t.id for t in threads] == ["4", "5", "6"]
    assert [len(t.comments) for t in threads] == [0, 0, 1]
    assert threads[0].title == "Post 4" and threads[0].url == "https://news.example.test/?p=4"


def test_missing_fields_get_defaults():
    data = document("<item>" + "<wp:comment></wp:comment>" + comment("", "") + "</item>")
    [thread] = parse(data)
    assert thread.id == "item-1"
    assert len(thread.comments) == 2
    for c in thread.comments:
        assert (c.author, c.text, c.posted_at, c.status, c.parent_id) == ("", "", None, "visible", None)
    assert [c.id for c in thread.comments] == ["~1", "~2"]  # no id of their own: their marked path stands in


def test_duplicate_ids_and_a_parent_cycle_are_repaired_not_lost():
    comments = comment("1") + comment("1") + comment("7", "8") + comment("8", "7")
    [thread] = parse(document(item(comments)))
    assert sorted(c.id for c in thread.comments) == ["1", "1", "7", "8"]
    assert any("duplicate id '1'" in w for w in thread.warnings)
    assert any("cycle" in w for w in thread.warnings)


def test_a_non_rss_root_is_refused():
    with pytest.raises(ParseError, match="not a WordPress export"):
        parse(b'<feed xmlns:wp="http://wordpress.org/export/1.2/"></feed>')


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_posts_are_yielded_while_the_file_is_still_being_read():
    items = "".join(
        item("".join(comment(str(p * 100 + n), comment_content="x" * 200) for n in range(40)), str(p))
        for p in range(60)
    )
    data = document(items)
    stream = CountingStream(data)
    source = Source.from_bytes(data)
    source.open = lambda: stream
    first = next(wxr.parse(source, ParseOptions()))
    assert first.id == "0" and len(first.comments) == 40
    assert stream.bytes_read < len(data) / 4


def test_memory_stays_flat_across_many_posts():
    def peak_for(posts: int) -> int:
        items = "".join(
            item("".join(comment(str(p * 100 + n), comment_content="word " * 30) for n in range(50)), str(p))
            for p in range(posts)
        )
        data = document(items)
        tracemalloc.start()
        for _thread in wxr.parse(Source.from_bytes(data), ParseOptions()):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(20), peak_for(200)
    assert large < small * 2, (small, large)


def test_sample_export_reads_as_two_nested_threads():
    threads = parse(SAMPLE.read_bytes())
    assert len(threads) == 2
    for thread in threads:
        assert 10 <= len(thread.comments) <= 20
        assert thread.max_depth >= 3
        assert thread.title and thread.url and thread.body
    names_by_key: dict[str, set[str]] = {}
    for thread in threads:
        for c in thread.comments:
            names_by_key.setdefault(c.author_key, set()).add(c.author)
    assert any(len(names) == 2 for key, names in names_by_key.items() if key and key.startswith("email:"))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=comment_trees(), version=st.sampled_from(sorted(WXR_NAMESPACES)), data=st.data())
def test_round_trip_any_tree_in_any_export_order(spec, version, data):
    order = data.draw(st.permutations(list(range(len(spec)))))
    [thread] = parse(render_wxr(spec, version=version, order=order))
    assert_same_tree(spec, thread)


def test_a_comment_under_the_post_authors_user_id_is_the_post_authors():
    """WordPress exports the post's author as dc:creator (a login) and each post author's account as a
    channel <wp:author>: a comment under that account's user id is the post author's (staff, never
    ranked as an offender); a registered reader's, or another author's post, is not."""
    authors = (
        "<wp:author><wp:author_id>7</wp:author_id><wp:author_login>ckerr</wp:author_login>"
        "<wp:author_display_name>Cara Kerr</wp:author_display_name></wp:author>"
        "<wp:author><wp:author_id>9</wp:author_id><wp:author_login>jpike</wp:author_login></wp:author>"
    )
    creator = '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">ckerr</dc:creator>'
    comments = (
        comment("1", comment_author="Cara Kerr", comment_user_id="7", comment_content="Thanks, corrected.")
        + comment("2", comment_author="Reader Ray", comment_user_id="31", comment_content="Still wrong.")
        + comment("3", comment_author="Guest", comment_user_id="0", comment_content="Hello.")
    )
    first, second = parse(document(authors + item(comments, post_id="5", extra=creator) + item(comments, post_id="6")))
    assert {c.author: c.role for c in first.comments} == {"Cara Kerr": "post_author", "Reader Ray": None, "Guest": None}
    assert all(c.role is None for c in second.comments)  # no dc:creator: no post author known
