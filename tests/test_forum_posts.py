"""Forum topics and aggregator items saved as pages (forum_posts): their posts are the discussion.

Before, a phpBB topic said "no comment section", a XenForo thread was "0 comments" and Hacker News,
LiveJournal and new Reddit pages were blocks "not read". The golden cases (tests/cases/wordpress-html/forum_*)
hold whole pages; these tests name the behaviour each layout needs. All pages are written for these tests.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from conftest import CASES

from moderation.parsing import ParseOptions, parse_bytes, parse_path

PAGES = CASES / "wordpress-html"


def read(name: str, **options):
    [thread] = parse_path(PAGES / name, options=ParseOptions(**options) if options else None)
    return thread


def by_id(thread):
    return {comment.id: comment for comment in thread.comments}


def test_phpbb_posts_are_the_discussion_signatures_out_quotes_kept_and_answered():
    thread = read("forum_phpbb_topic.html")
    comments = by_id(thread)
    assert [c.author for c in thread.comments] == ["ferrywatcher", "quaysidekate", "old_tom"]
    assert not thread.incomplete and not any("no comment section" in w for w in thread.warnings)
    assert "Rowing since" not in comments["p501"].text  # the signature under the post
    assert "Tom, Lower Quay" not in comments["p503"].text
    reply = comments["p502"]
    assert reply.parent_id == "p501"  # the quote names post 501
    assert reply.text.startswith("> ferrywatcher wrote:\n")
    assert "> Anyone know how long the detour will last?" in reply.text
    assert "↑" not in reply.text and "8:15 am" not in reply.text  # the quote's jump arrow and date
    assert comments["p503"].parent_id is None
    assert thread.title == "Bridge closure on Mill Road"


def test_phpbb_30_date_from_the_byline_parent_by_quoted_name_and_more_pages_unread():
    thread = read("forum_phpbb30_paged.html", default_timezone=ZoneInfo("Europe/London"))
    first, second = thread.comments
    assert first.posted_at.isoformat() == "2013-04-02T18:45:00+01:00"  # "» Tue Apr 02, 2013 6:45 pm", page zone
    assert second.parent_id == first.id  # "lamplighter wrote:" with no post number
    assert thread.incomplete and any("more pages" in reason for reason in thread.unread)
    assert thread.title == "Night buses cut from May"


def test_xenforo_quote_source_is_the_parent_and_its_expand_link_is_no_text():
    thread = read("forum_xenforo_thread.html")
    comments = by_id(thread)
    assert list(comments) == ["post-9001", "post-9002", "post-9003"]
    assert comments["post-9002"].parent_id == "post-9001"
    assert "Click to expand" not in comments["post-9002"].text
    assert comments["post-9002"].text.startswith("> harbourmaster_jo said:")
    assert "Skipper" not in comments["post-9001"].text  # aside.message-signature
    assert "Reply" not in comments["post-9001"].text
    assert comments["post-9001"].posted_at.isoformat() == "2024-07-01T14:05:00+01:00"
    assert any("more pages" in reason for reason in thread.unread)  # a "Next" page link


def test_xenforo_thread_on_one_page_is_complete():
    page = (PAGES / "forum_xenforo_thread.html").read_text(encoding="utf-8")
    page = page.replace("pageNav-jump pageNav-jump--next", "pageNav-jump")
    [thread] = parse_bytes(page.encode(), name="one-page.html")
    assert len(thread.comments) == 3 and not thread.incomplete


def test_hacker_news_depth_deleted_and_utc_times_whatever_the_zone():
    thread = read("forum_hacker_news_item.html", default_timezone=ZoneInfo("America/New_York"))
    comments = by_id(thread)
    assert [(c.id, c.parent_id, c.depth) for c in thread.comments] == [
        ("4101", None, 1),
        ("4102", "4101", 2),
        ("4103", "4102", 3),
        ("4104", None, 1),
    ]
    assert comments["4101"].posted_at.isoformat() == "2024-03-10T09:40:00+00:00"
    assert comments["4103"].status == "deleted" and comments["4103"].text == ""
    assert "reply" not in comments["4101"].text
    assert comments["4102"].text.startswith("> Searchable PDFs\n\n")
    assert thread.declared_comment_count == 4 and not thread.incomplete


def test_hacker_news_comment_page_roots_the_tree_at_its_comment_and_says_more_is_unread():
    thread = read("forum_hacker_news_comment_page.html")
    assert [(c.id, c.parent_id) for c in thread.comments] == [("7200", None), ("7201", "7200"), ("7202", "7201")]
    flagged = thread.comments[-1]
    assert flagged.status == "deleted" and flagged.deleted_by == "moderator"
    assert thread.incomplete and any("more pages" in reason for reason in thread.unread)
    assert thread.title == "Why the ferry timetable keeps changing"


def test_hacker_news_older_pages_draw_depth_with_a_spacer_image_only():
    page = (PAGES / "forum_hacker_news_item.html").read_text(encoding="utf-8")
    for level in range(3):
        page = page.replace(f' indent="{level}"', "")
    [thread] = parse_bytes(page.encode(), name="older.html")
    assert [c.depth for c in thread.comments] == [1, 2, 3, 1]


def test_livejournal_twigs_give_the_tree_and_collapsed_comments_mark_it_unread():
    thread = read("forum_livejournal_entry.html")
    assert [(c.id, c.parent_id) for c in thread.comments] == [
        ("t81", None),
        ("t82", "t81"),
        ("t83", "t82"),
        ("t84", None),
    ]
    assert thread.comments[0].posted_at.isoformat() == "2023-11-14T14:00:00+00:00"
    assert "Reply" not in thread.comments[0].text and "[journal owner]" not in thread.comments[1].text
    assert thread.incomplete and any("collapsed" in reason for reason in thread.unread)
    assert thread.body.startswith("They changed the winter timetable")


def test_new_reddit_parents_deleted_comments_and_more_replies():
    thread = read("forum_new_reddit.html")
    comments = by_id(thread)
    assert comments["t1_k002"].parent_id == "t1_k001"
    assert comments["t1_k003"].status == "deleted" and comments["t1_k003"].author == "[deleted]"
    assert (
        comments["t1_k002"].text == "> The east end still floods\n\nThat is the drain, not the wall. Different budget."
    )
    assert "Reply" not in comments["t1_k001"].text
    assert thread.declared_comment_count == 5 and thread.incomplete  # 2 more replies behind a button


def test_new_reddit_reply_without_parentid_takes_the_comment_it_sits_in():
    page = (PAGES / "forum_new_reddit.html").read_text(encoding="utf-8").replace(' parentid="t1_k001"', "")
    [thread] = parse_bytes(page.encode(), name="nested.html")
    assert by_id(thread)["t1_k002"].parent_id == "t1_k001"


def test_a_quote_of_a_later_post_is_no_reply_to_it():
    page = (
        (PAGES / "forum_phpbb_topic.html")
        .read_text(encoding="utf-8")
        .replace('data-post-id="501"', 'data-post-id="503"')
    )
    [thread] = parse_bytes(page.encode(), name="later.html")
    assert by_id(thread)["p502"].parent_id is None


def test_a_blog_page_with_post_divs_is_no_forum():
    page = (
        b"<html><head><title>News</title></head><body><div class='post' id='p1'><h2>Harbour vote</h2>"
        b"<p>The vote is on Monday.</p></div><div class='post' id='p2'><h2>Ferry</h2><p>New times.</p></div>"
        b"</body></html>"
    )
    [thread] = parse_bytes(page, name="blog.html")
    assert thread.comments == []


def test_livejournal_older_time_shape_is_read_in_utc():
    page = (PAGES / "forum_livejournal_entry.html").read_text(encoding="utf-8")
    page = page.replace("November 14 2023, 15:20:00 UTC", "2023-11-14 03:20 pm (UTC)")
    [thread] = parse_bytes(page.encode(), name="older-lj.html", options=ParseOptions(ZoneInfo("Asia/Tokyo")))
    assert thread.comments[1].posted_at.isoformat() == "2023-11-14T15:20:00+00:00"


def test_a_phpbb_topic_in_a_style_no_reader_knows_is_unread_never_no_comment_section():
    page = (
        b"<html><head><title>Night buses</title></head><body id='phpbb' class='section-viewtopic ltr'><table"
        b" class='tablebg'><tr class='row1'><td><b class='postauthor'>lamplighter</b></td><td><div"
        b" class='postbody'>The last bus now leaves at ten.</div></td></tr><tr class='row2'><td><b"
        b" class='postauthor'>Mossgrove</b></td><td><div class='postbody'>Ask the hospital.</div></td></tr>"
        b"</table></body></html>"
    )
    [thread] = parse_bytes(page, name="subsilver.html")
    assert thread.incomplete and any("phpBB topic" in reason for reason in thread.unread)
    assert not any("no comment section" in warning for warning in thread.warnings)
