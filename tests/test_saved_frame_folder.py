"""A saved page read alone takes the comment frame its own "Web page, complete" folder holds.

The browser writes NAME.html and NAME_files/, and rewrites the comment frame's iframe to the file it saved
there: that file is part of the page. These tests write such saves in our own words (a Discourse embed
and a Disqus mount) and check that only the page's own folder is read, never a file the page's markup
points elsewhere.
"""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from test_saved_frames import article_page, disqus_frame

from moderation.cli import cli

ARTICLE = "https://www.valley-post.test/2023/09/towpath-reopens/"


def discourse_page(frame_src: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The towpath reopens – Valley Post</title>
<link rel="canonical" href="{ARTICLE}"></head><body class="single single-post">
<article class="post"><h1 class="entry-title">The towpath reopens</h1>
<div class="entry-content"><p>Walkers can use the path along the canal again from Monday.</p></div></article>
<div id="discourse-comments"><iframe src="{frame_src}" id="discourse-embed-frame"></iframe></div>
<script>DiscourseEmbed = {{ discourseUrl: 'https://talk.valley-post.test/', discourseEmbedUrl: '{ARTICLE}' }};</script>
</body></html>"""


def discourse_post(number: int, name: str, when: str, text: str, parent: int | None = None) -> str:
    topic = "https://talk.valley-post.test/t/the-towpath-reopens/81"
    reply = f'<a href="{topic}/{parent}" data-link-to-post="{parent}" class="in-reply-to">{name}</a>' if parent else ""
    return f"""<article class='post' id='post-{number}'>
<a href="{topic}/{number}" title="{when}" class="post-date">Sep '23</a>{reply}
<div class='cooked'><h3 class='username'><a href='https://talk.valley-post.test/u/{name}'>{name}</a></h3>
<p>{text}</p></div></article>"""


def discourse_frame() -> str:
    posts = discourse_post(11, "wren", "September  4, 2023  6:05pm", "About time, it was shut all summer.")
    posts += discourse_post(12, "odile", "September  4, 2023  7:40pm", "The lock gates are new too.", parent=11)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Discourse</title></head><body>
<div class="embed-wrapper"><header class='discourse'><span class='replies'>2 replies</span></header>
{posts}<footer class="clearfix"></footer></div></body></html>"""


def parsed(*paths) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["parse", *map(str, paths), "--format", "json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)["threads"], result.stderr


def test_a_discourse_page_read_alone_takes_its_saved_frame(tmp_path):
    (tmp_path / "towpath_files").mkdir()
    (tmp_path / "towpath.html").write_text(discourse_page("towpath_files/comments.html"), encoding="utf-8")
    (tmp_path / "towpath_files" / "comments.html").write_text(discourse_frame(), encoding="utf-8")
    status, [thread], _ = parsed(tmp_path / "towpath.html")
    assert status == 0 and thread["title"] == "The towpath reopens" and thread["url"] == ARTICLE
    assert [(c["id"], c["parent_id"], c["author"]) for c in thread["comments"]] == [
        ("11", None, "wren"),
        ("12", "11", "odile"),
    ]
    assert not thread["incomplete"]
    assert any("(in the page's own folder; read with it though not named)" in note for note in thread["warnings"])


def test_a_discourse_page_and_its_saved_frame_read_as_a_folder_are_one_thread(tmp_path):
    (tmp_path / "towpath_files").mkdir()
    (tmp_path / "towpath.html").write_text(discourse_page("towpath_files/comments.html"), encoding="utf-8")
    (tmp_path / "towpath_files" / "comments.html").write_text(discourse_frame(), encoding="utf-8")
    _, [thread], _ = parsed(tmp_path)
    assert len(thread["comments"]) == 2 and not thread["incomplete"]
    assert (
        f"the Discourse comments were read from its frame saved as {tmp_path / 'towpath_files' / 'comments.html'}"
        in (thread["warnings"])
    )


def test_a_discourse_frame_saved_on_its_own_stays_its_own_thread(tmp_path):
    (tmp_path / "towpath.html").write_text(
        discourse_page("https://talk.valley-post.test/embed/comments?embed_url=x"), encoding="utf-8"
    )
    (tmp_path / "frame.html").write_text(discourse_frame(), encoding="utf-8")
    _, threads, _ = parsed(tmp_path)
    assert sorted(thread["source"]["format"] for thread in threads) == ["discourse-html", "wordpress-html"]


def test_a_save_folder_named_with_spaces_is_found_through_the_escaped_src(tmp_path):
    folder = tmp_path / "Ferry timetable_files"
    folder.mkdir()
    (tmp_path / "Ferry timetable.html").write_text(
        article_page(frame_src="./Ferry%20timetable_files/embed.html"), encoding="utf-8"
    )
    (folder / "embed.html").write_text(disqus_frame(), encoding="utf-8")
    _, [thread], _ = parsed(tmp_path / "Ferry timetable.html")
    assert len(thread["comments"]) == 3 and not thread["incomplete"]


def test_a_frame_src_outside_the_pages_own_folder_is_never_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "embed.html").write_text(disqus_frame(), encoding="utf-8")
    saves = tmp_path / "saves"
    (saves / "ferry_files").mkdir(parents=True)
    (saves / "other_files").mkdir()
    (saves / "other_files" / "embed.html").write_text(disqus_frame(), encoding="utf-8")
    os.symlink(elsewhere / "embed.html", saves / "ferry_files" / "linked.html")
    for src in (
        "../elsewhere/embed.html",
        "ferry_files/../../elsewhere/embed.html",
        "other_files/embed.html",
        "ferry_files/linked.html",
        str(elsewhere / "embed.html"),
    ):
        (saves / "ferry.html").write_text(article_page(frame_src=src), encoding="utf-8")
        _, [thread], _ = parsed(saves / "ferry.html")
        assert thread["comments"] == [] and thread["incomplete"], src


def test_a_page_from_standard_input_reads_no_folder(tmp_path, monkeypatch):
    (tmp_path / "stdin_files").mkdir()
    (tmp_path / "stdin_files" / "embed.html").write_text(disqus_frame(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    page = article_page(frame_src="stdin_files/embed.html")
    result = CliRunner().invoke(cli, ["parse", "-", "--format", "json"], input=page, catch_exceptions=False)
    [thread] = json.loads(result.stdout)["threads"]
    assert thread["comments"] == [] and thread["incomplete"]


def test_a_frame_file_that_cannot_be_read_leaves_the_page_as_it_was(tmp_path):
    (tmp_path / "ferry_files").mkdir()
    (tmp_path / "ferry.html").write_text(article_page(), encoding="utf-8")
    (tmp_path / "ferry_files" / "embed.html").write_bytes(b"\x00\x01binary\x00" * 50)
    status, [thread], stderr = parsed(tmp_path / "ferry.html")
    assert status == 0 and thread["incomplete"]
    assert stderr.count("\n") == 1 and "thread ferry is incomplete" in stderr  # the page, as read alone
    assert any("its frame was saved as 'ferry_files/embed.html'" in reason for reason in thread["unread"])


def test_a_frame_file_the_page_names_outside_a_save_folder_joins_only_when_named(tmp_path):
    (tmp_path / "towpath.html").write_text(discourse_page("comments.html"), encoding="utf-8")
    (tmp_path / "comments.html").write_text(discourse_frame(), encoding="utf-8")
    _, [alone], _ = parsed(tmp_path / "towpath.html")
    assert alone["comments"] == [] and alone["incomplete"]  # not its own save folder: not read unnamed
    _, [joined], _ = parsed(tmp_path)
    assert len(joined["comments"]) == 2 and not joined["incomplete"]
