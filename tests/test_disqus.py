"""The Disqus export parser: out-of-order posts, placeholders, identities, odd threads."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from renderers_xml_exports import render_disqus
from tree_specs import assert_same_tree, comment_trees

from moderation.errors import ParseError
from moderation.parsing import Source, detect_format, parse_bytes

SAMPLE = Path(__file__).resolve().parent.parent / "sample_threads" / "disqus_export.xml"


def document(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        f'xmlns:dsq="http://disqus.com/disqus-internals">{body}</disqus>'
    ).encode()


def thread(dsq_id: str, link: str = "https://news.example.test/a", title: str = "A story") -> str:
    return f'<thread dsq:id="{dsq_id}"><id>ident-{dsq_id}</id><link>{link}</link><title>{title}</title></thread>'


def post(
    dsq_id: str,
    thread_id: str = "t1",
    parent: str | None = None,
    *,
    message: str = "Hi",
    created: str = "2019-05-01T10:00:00Z",
    deleted: bool = False,
    spam: bool = False,
    author: str = "<name>Bo</name>",
    ip: str = "",
) -> str:
    parent_element = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><id/><message><![CDATA[{message}]]></message><createdAt>{created}</createdAt>'
        f"<isDeleted>{str(deleted).lower()}</isDeleted><isSpam>{str(spam).lower()}</isSpam>"
        f"<author>{author}</author>{f'<ipAddress>{ip}</ipAddress>' if ip else ''}"
        f'<thread dsq:id="{thread_id}"/>{parent_element}</post>'
    )


def parse(data: bytes):
    return parse_bytes(data, "disqus")


def test_detected_by_its_namespace_and_root():
    assert detect_format(Source.from_bytes(document(thread("t1")))) == "disqus"


def test_formats_reference_example_child_before_parent_and_deleted_placeholder():
    data = document(
        thread("t1")
        + post(
            "p2",
            parent="p1",
            message="<p>Agreed</p>",
            created="2019-05-01T10:05:00Z",
            author="<name>Bo</name><isAnonymous>true</isAnonymous>",
        )
        + post("p1", message="", deleted=True, author="<name>Cy</name><username>cy</username>")
    )
    [result] = parse(data)
    assert [(c.id, c.parent_id, c.depth, c.status) for c in result.comments] == [
        ("p1", None, 1, "deleted"),
        ("p2", "p1", 2, "visible"),
    ]
    assert result.comments[1].text == "Agreed"
    assert result.comments[1].posted_at == datetime(2019, 5, 1, 10, 5, tzinfo=timezone.utc)
    assert result.id == "t1" and result.title == "A story" and result.url == "https://news.example.test/a"


def test_posts_before_their_thread_element_still_join_it():
    [result] = parse(document(post("p1") + thread("t1")))
    assert result.id == "t1" and result.title == "A story" and [c.id for c in result.comments] == ["p1"]


def test_spam_and_deleted_are_kept_as_placeholders_with_their_replies():
    data = document(
        thread("t1")
        + post("p1", spam=True, message="BUY NOW")
        + post("p2", parent="p1", created="2019-05-01T10:01:00Z")
        + post("p3", deleted=True, spam=True)
    )
    [result] = parse(data)
    statuses = {c.id: c.status for c in result.comments}
    assert statuses == {"p1": "spam", "p2": "visible", "p3": "spam"}
    assert result.comments[1].parent_id == "p1"


def test_message_html_becomes_plain_text():
    [result] = parse(document(thread("t1") + post("p1", message="<p>One &amp; two<br>three</p><p>Four &lt;3</p>")))
    assert result.comments[0].text == "One & two\nthree\n\nFour <3"


def test_identity_keys_from_email_username_and_ip_never_raw():
    data = document(
        thread("t1")
        + post(
            "p1",
            author="<name>Dana</name><email>dana@example.test</email><username>dana_k</username>",
            ip="198.51.100.7",
        )
        + post("p2", author="<name>D.K.</name><email>dana@example.test</email><username>dana_k</username>")
        + post("p3", author="<name>Guest</name><email>guest@example.test</email><isAnonymous>true</isAnonymous>")
    )
    [result] = parse(data)
    c = {x.id: x for x in result.comments}
    assert set(c["p1"].identity_keys) == {"user_id", "email", "ip"}
    assert c["p1"].author_key == c["p2"].author_key and c["p1"].author_key.startswith("user_id:")
    assert c["p3"].author_key.startswith("email:")
    flat = repr([(x.identity_keys, x.author_key) for x in result.comments])
    assert "example.test" not in flat and "dana_k" not in flat and "198.51" not in flat


def test_posts_naming_a_missing_thread_are_kept_with_a_warning():
    [first, missing] = parse(document(thread("t1") + post("p1") + post("p2", thread_id="t9")))
    assert missing.id == "t9" and [c.id for c in missing.comments] == ["p2"]
    assert "not in the export" in missing.warnings[0]


def test_a_reply_whose_parent_is_filed_under_another_thread_says_which_thread():
    # Disqus files a post under its own thread even when its parent sits in another one (threads merged
    # or moved by hand): the reply stays where the export files it, as an orphan, and the warning names
    # the thread that holds the parent instead of calling the parent missing.
    threads = parse(
        document(
            thread("t1", "https://news.example.test/a", "Bridge plans")
            + thread("t2", "https://news.example.test/b", "Bridge plans, updated")
            + post("p1", "t1", message="The first span opens in May.")
            + post("p2", "t2", "p1", message="May is too optimistic.")
            + post("p3", "t2", "p2", message="We will see.")
            + post("p4", "t2", "gone", message="Reply to nothing we have.")
        )
    )
    by_id = {each.id: each for each in threads}
    moved = next(c for c in by_id["t2"].comments if c.id == "p2")
    assert moved.orphan and moved.parent_id is None and moved.source_parent_id == "p1"
    assert [c.id for c in by_id["t1"].comments] == ["p1"]
    assert next(c for c in by_id["t2"].comments if c.id == "p3").parent_id == "p2"
    warnings = by_id["t2"].warnings
    assert (
        "post 'p2' replies to post 'p1', which this export files under thread 't1' ('Bridge plans');"
        " kept at top level here as an orphan"
    ) in warnings
    assert not any("'p1', which is not in the dump" in warning for warning in warnings)
    assert any("'gone', which is not in the dump" in warning for warning in warnings)


def test_empty_duplicate_threads_are_dropped_but_a_lone_empty_thread_kept():
    data = document(
        thread("t1")
        + thread("t2")  # same link as t1, no posts: a Disqus duplicate
        + thread("t3", link="https://news.example.test/quiet")
        + thread("t4", link="https://news.example.test/quiet")
        + post("p1", thread_id="t2")
    )
    threads = parse(data)
    assert [(t.id, len(t.comments)) for t in threads] == [("t2", 1), ("t3", 0)]


def test_missing_fields_get_defaults():
    data = document(thread("t1") + '<post><thread dsq:id="t1"/></post>' + '<post dsq:id="p5"></post>')
    threads = parse(data)
    assert [len(t.comments) for t in threads] == [1, 1]
    assert threads[0].comments[0].id == "~1"  # no id: its marked path stands in
    lone = threads[1].comments[0]
    assert (lone.id, lone.author, lone.text, lone.posted_at, lone.status) == ("p5", "", "", None, "visible")
    assert "1 post names no thread" in threads[1].warnings[0]


def test_duplicate_ids_and_a_parent_cycle_are_repaired_not_lost():
    data = document(thread("t1") + post("a", parent="b") + post("b", parent="a") + post("c") + post("c"))
    [result] = parse(data)
    assert sorted(c.id for c in result.comments) == ["a", "b", "c", "c"]
    assert any("cycle" in w for w in result.warnings)
    assert any("duplicate id 'c'" in w for w in result.warnings)


def test_a_non_disqus_root_is_refused():
    with pytest.raises(ParseError, match="not a Disqus export"):
        parse(b'<rss xmlns:dsq="http://disqus.com/disqus-internals"/>')


def test_sample_export_reads_as_two_threads_with_placeholders():
    threads = parse(SAMPLE.read_bytes())
    assert len(threads) == 2
    for result in threads:
        assert 10 <= len(result.comments) <= 20
        assert result.max_depth >= 3 and not any(c.orphan for c in result.comments)
    statuses = {c.status for t in threads for c in t.comments}
    assert {"deleted", "spam", "visible"} <= statuses
    deleted = [c for t in threads for c in t.comments if c.status == "deleted"]
    assert any(c.child_indexes for c in deleted), "a deleted post keeps its replies"
    names_by_key: dict[str, set[str]] = {}
    for result in threads:
        for c in result.comments:
            names_by_key.setdefault(c.author_key, set()).add(c.author)
    assert any(len(names) == 2 for key, names in names_by_key.items() if key and key.startswith("user_id:"))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=comment_trees(), thread_first=st.booleans(), data=st.data())
def test_round_trip_any_tree_in_any_post_order(spec, thread_first, data):
    order = data.draw(st.permutations(list(range(len(spec)))))
    [result] = parse(render_disqus(spec, order=order, thread_first=thread_first))
    assert_same_tree(spec, result, exact_text=False)
