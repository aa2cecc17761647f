"""A saved page that mounts Disqus and the comment frame saved beside it: one thread when read together.

The page and frame are written here, in our own words, in the markup the two kinds of file have: an
article page whose comment area is Disqus's mount (its iframe pointing at the frame a "Web page,
complete" save wrote), and Disqus's frame (`ul#post-list` of `li.post`, permalinks to the article).
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from moderation.cli import cli
from moderation.parsing.saved_frames import join_saved_frames, same_page_address
from moderation.thread import Thread

ARTICLE = "https://www.lakeside-courier.test/2024/06/ferry-timetable/"


def article_page(header: str = "3 comments", canonical: str = ARTICLE, frame_src: str = "ferry_files/embed.html"):
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>New ferry timetable from July – Lakeside Courier</title>
<link rel="canonical" href="{canonical}">
<link rel="stylesheet" href="https://www.lakeside-courier.test/wp-content/themes/courier/style.css">
</head><body class="single single-post"><article id="post-41" class="post-41 post type-post status-publish">
<h1 class="entry-title">New ferry timetable from July</h1>
<div class="entry-content"><p>The first crossing moves to six in the morning on weekdays.</p></div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">{header}</h2>
<div id="disqus_thread"><iframe src="{frame_src}" title="Disqus"></iframe></div></div>
</body></html>"""


def frame_post(post_id: str, author: str, when: str, text: str, replies: str = "", address: str = ARTICLE) -> str:
    children = f'<ul class="children">{replies}</ul>' if replies else ""
    return f"""<li class="post" id="post-{post_id}"><div class="post-content"><div class="post-body">
<header><span class="post-byline"><span class="author">{author}</span></span>
<span class="post-meta"><a href="{address}#comment-{post_id}" class="time-ago" title="{when}">a year ago</a>
</span></header>
<div class="post-message" data-role="message"><p>{text}</p></div></div></div>{children}</li>"""


def disqus_frame(address: str = ARTICLE) -> str:
    posts = frame_post(
        "501",
        "Ines",
        "Monday, June 3, 2024 7:15 AM",
        "Six is too early for the school run.",
        replies=frame_post("502", "Pavel", "Monday, June 3, 2024 8:02 AM", "The bus connects.", address=address),
        address=address,
    ) + frame_post("503", "Ines", "Tuesday, June 4, 2024 6:40 PM", "Fair point about the bus.", address=address)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Disqus Comments</title></head><body>
<div id="main-nav"><span class="comment-count">3 comments</span></div>
<div id="conversation"><ul id="post-list" class="post-list">{posts}</ul></div></body></html>"""


def save_complete(folder, page: str | None = None, frame: str | None = None):
    """What a browser's "Web page, complete" writes: the page and a folder holding its frame."""
    (folder / "ferry_files").mkdir()
    (folder / "ferry.html").write_text(page or article_page(), encoding="utf-8")
    (folder / "ferry_files" / "embed.html").write_text(frame or disqus_frame(), encoding="utf-8")
    return folder / "ferry.html", folder / "ferry_files" / "embed.html"


def parsed(*paths) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["parse", *map(str, paths), "--format", "json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)["threads"]


def test_a_page_and_its_saved_frame_read_as_one_complete_thread(tmp_path):
    page, frame = save_complete(tmp_path)
    status, threads = parsed(tmp_path)
    assert status == 0
    [thread] = threads
    assert thread["title"] == "New ferry timetable from July"
    assert thread["source"]["path"] == str(page)
    assert [(c["id"], c["parent_id"], c["author"]) for c in thread["comments"]] == [
        ("501", None, "Ines"),
        ("502", "501", "Pavel"),
        ("503", None, "Ines"),
    ]
    assert thread["incomplete"] is False and thread["unread"] == []
    assert f"the Disqus comments were read from its frame saved as {frame}" in thread["warnings"]
    assert not any("loaded by script" in warning for warning in thread["warnings"])


def test_the_frame_named_before_the_page_is_joined_all_the_same(tmp_path):
    page, frame = save_complete(tmp_path)
    status, [thread] = parsed(frame, page)
    assert thread["source"]["path"] == str(page) and len(thread["comments"]) == 3


def test_a_page_counting_more_than_the_frame_holds_stays_incomplete_by_the_gap(tmp_path):
    save_complete(tmp_path, page=article_page(header="5 comments"))
    _, [thread] = parsed(tmp_path)
    assert len(thread["comments"]) == 3
    assert thread["unread"] == ["the page says 5 comments; 3 are in this dump"]


def test_a_frame_of_another_article_saved_on_its_own_is_not_joined(tmp_path):
    page, frame = save_complete(tmp_path, frame=disqus_frame("https://www.lakeside-courier.test/2024/05/bridge-tolls/"))
    frame.rename(tmp_path / "bridge-comments.html")  # "Save frame as": not the file the page names
    _, threads = parsed(tmp_path)
    assert len(threads) == 2
    page = next(thread for thread in threads if thread["source"]["format"] == "wordpress-html")
    assert page["incomplete"] and page["comments"] == []


def test_a_page_read_alone_names_the_file_its_frame_was_saved_to(tmp_path):
    page, frame = save_complete(tmp_path)
    frame.unlink()  # the page copied without its folder
    _, [thread] = parsed(page)
    assert thread["incomplete"]
    assert any("its frame was saved as 'ferry_files/embed.html'" in reason for reason in thread["unread"])


def test_a_page_whose_frame_still_points_at_disqus_says_to_save_the_frame():
    reasons_page = article_page(frame_src="https://disqus.com/embed/comments/?base=default&f=courier")
    runner = CliRunner()
    result = runner.invoke(cli, ["parse", "-", "--format", "json"], input=reasons_page, catch_exceptions=False)
    [thread] = json.loads(result.stdout)["threads"]
    assert any("'Save frame as'" in reason and "with this page" in reason for reason in thread["unread"])


def test_threads_that_wait_for_nothing_pass_through_in_order():
    plain = [Thread(id=str(number), url=ARTICLE) for number in range(3)]
    assert list(join_saved_frames(iter(plain))) == plain


def test_addresses_match_across_scheme_www_trailing_slash_and_fragment():
    assert same_page_address("http://lakeside-courier.test/2024/06/ferry-timetable#comment-9") == same_page_address(
        ARTICLE
    )
    assert same_page_address("https://example.test/?p=41") != same_page_address("https://example.test/?p=42")
    assert same_page_address("story.html") is None and same_page_address(None) is None


def test_a_frame_with_relative_permalinks_takes_the_address_from_its_thread_data(tmp_path):
    data = json.dumps({"code": 0, "response": {"thread": {"link": ARTICLE, "clean_title": "New ferry timetable"}}})
    frame = disqus_frame(address="").replace(
        "</body>", f'<script type="text/json" id="disqus-threadData">{data}</script></body>'
    )
    save_complete(tmp_path, frame=frame)
    _, [thread] = parsed(tmp_path)
    assert len(thread["comments"]) == 3 and not thread["incomplete"]


def test_a_frame_read_alone_takes_the_article_title_from_its_thread_data(tmp_path):
    data = json.dumps({"response": {"thread": {"link": ARTICLE, "title": "New  ferry\ntimetable"}}})
    (tmp_path / "frame.html").write_text(
        disqus_frame().replace("</body>", f'<script type="text/json" id="disqus-threadData">{data}</script></body>')
    )
    _, [thread] = parsed(tmp_path / "frame.html")
    assert thread["title"] == "New ferry timetable" and thread["url"] == ARTICLE


def test_thread_data_that_is_not_disqus_json_is_ignored(tmp_path):
    (tmp_path / "frame.html").write_text(
        disqus_frame().replace(
            "</body>", '<script type="text/json" id="disqus-threadData">{"response": [1</script></body>'
        )
    )
    status, [thread] = parsed(tmp_path / "frame.html")
    assert status == 0 and thread["url"] == ARTICLE and len(thread["comments"]) == 3


def test_the_page_reader_says_which_service_the_page_waits_on(tmp_path):
    from moderation.parsing import parse_path

    page, _ = save_complete(tmp_path)
    [thread] = parse_path(page)
    assert thread.missing_frame.service == "Disqus"
    assert thread.missing_frame.saved_as == "ferry_files/embed.html"
    assert thread.missing_frame.reason in thread.unread
    commento = article_page().replace('<div id="disqus_thread">', '<div id="commento">')
    (tmp_path / "commento.html").write_text(commento, encoding="utf-8")
    [other] = parse_path(tmp_path / "commento.html")
    assert other.incomplete and other.missing_frame is None  # Commento's frame is none we read


def test_the_join_asks_the_page_for_its_missing_frame_not_the_reasons_words():
    from moderation.thread import Comment, MissingFrame

    reason = "comments live elsewhere"  # any wording: the join reads the field
    page = Thread(id="page", url=ARTICLE, source_format="wordpress-html")
    page.mark_unread(reason)
    page.missing_frame = MissingFrame("Disqus", reason)
    frame = Thread(id="frame", url=ARTICLE, source_format="disqus-html", source_path="embed.html")
    frame.comments = [Comment(id="1", parent_id=None, author="Ines", text="Too early.", index=0)]
    [joined] = join_saved_frames(iter([page, frame]))
    assert joined is page and len(joined.comments) == 1
    assert joined.unread == [] and reason not in joined.warnings and joined.missing_frame is None
    unmarked = Thread(id="page", url=ARTICLE, source_format="wordpress-html")
    unmarked.mark_unread(reason)
    assert len(list(join_saved_frames(iter([unmarked, frame])))) == 2
