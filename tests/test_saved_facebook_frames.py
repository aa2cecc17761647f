"""A saved page that mounts Facebook's comments plugin and the plugin frame saved beside it: one thread.

The same join as a Disqus page and its frame (saved_frames), written here in our own words: an article
page whose comment area is the plugin's mount (`div.fb-comments` with `data-href`, or the plugin iframe
on its own) and the plugin frame a "Web page, complete" save wrote into the page's folder (`div._3-8y`
blocks whose time links carry the article's address).
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from moderation.cli import cli

ARTICLE = "https://www.harbour-gazette.test/2025/03/library-hours/"
DIV_MOUNT = (
    '<div class="fb-comments fb_iframe_widget" data-href="{href}" data-numposts="10"><span>'
    '<iframe name="f2c1" title="fb:comments Facebook Social Plugin" src="{src}"></iframe></span></div>'
)
IFRAME_MOUNT = '<iframe title="fb:comments Facebook Social Plugin" src="{src}" width="600"></iframe>'


def article_page(mount: str = DIV_MOUNT, canonical: str | None = ARTICLE, src: str = "library_files/comments.html"):
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Longer library hours – Harbour Gazette</title>{link}
</head><body class="single single-post"><article id="post-77" class="post-77 post type-post status-publish">
<h1 class="entry-title">The library stays open until nine</h1>
<div class="entry-content"><p>From April the reading room closes three hours later.</p></div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">Have your say</h2>
{mount.format(href=ARTICLE, src=src)}</div>
</body></html>"""


def block(comment_id: str, name: str, text: str, address: str, replies: str = "") -> str:
    nested = f'<div class="_44ri">{replies}</div>' if replies else ""
    return (
        f'<div class="_3-8y clearfix"><div class="_3-8m"><a class="UFICommentActorName" href="#">{name}</a>'
        f'<div class="_30o4"><span class="_5mdd"><span>{text}</span></span></div></div>'
        f'<div><a role="button">Like</a> · <a href="{address}?comment_id={comment_id}">'
        f'<abbr data-utime="1741000000">1y</abbr></a></div>{nested}</div>'
    )


def plugin_frame(address: str = ARTICLE, after: str = "") -> str:
    reply = block("12", "Noor", "Students will be glad.", address)
    blocks = block("11", "Tomas", "About time, the old hours suited nobody.", address, reply) + block(
        "13", "Greta", "Will the café stay open too?", address
    )
    return (
        '<html id="facebook"><head><title>Facebook Social Plugin</title></head><body>'
        f'<div class="_4k-6">{blocks}</div>{after}</body></html>'
    )


def save_complete(folder, page: str | None = None, frame: str | None = None):
    (folder / "library_files").mkdir()
    (folder / "library.html").write_text(page or article_page(), encoding="utf-8")
    (folder / "library_files" / "comments.html").write_text(frame or plugin_frame(), encoding="utf-8")
    return folder / "library.html", folder / "library_files" / "comments.html"


def parsed(*paths) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["parse", *map(str, paths), "--format", "json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)["threads"]


def test_a_page_and_its_saved_plugin_frame_read_as_one_complete_thread(tmp_path):
    page, frame = save_complete(tmp_path)
    status, [thread] = parsed(tmp_path)
    assert status == 0
    assert thread["title"] == "The library stays open until nine"
    assert thread["source"]["path"] == str(page)
    assert [(c["id"], c["parent_id"], c["author"]) for c in thread["comments"]] == [
        ("11", None, "Tomas"),
        ("12", "11", "Noor"),
        ("13", None, "Greta"),
    ]
    assert thread["incomplete"] is False and thread["unread"] == []
    assert f"the Facebook comments were read from its frame saved as {frame}" in thread["warnings"]


def test_the_frame_named_first_is_joined_all_the_same(tmp_path):
    page, frame = save_complete(tmp_path)
    _, [thread] = parsed(frame, page)
    assert thread["source"]["path"] == str(page) and len(thread["comments"]) == 3


def test_a_page_without_a_canonical_link_is_matched_on_the_mounts_data_href(tmp_path):
    save_complete(tmp_path, page=article_page(canonical=None))
    _, [thread] = parsed(tmp_path)
    assert thread["url"] == ARTICLE and len(thread["comments"]) == 3 and not thread["incomplete"]


def test_the_plugin_iframe_on_its_own_is_a_mount_that_joins(tmp_path):
    page, frame = save_complete(tmp_path, page=article_page(mount=IFRAME_MOUNT))
    _, [joined] = parsed(tmp_path)
    assert len(joined["comments"]) == 3 and not joined["incomplete"]
    frame.unlink()
    _, [alone] = parsed(page)
    assert any("its frame was saved as 'library_files/comments.html'" in reason for reason in alone["unread"])


def test_a_page_read_alone_takes_the_frame_its_own_save_folder_holds(tmp_path):
    page, frame = save_complete(tmp_path)
    status, [thread] = parsed(page)
    assert status == 0 and len(thread["comments"]) == 3 and not thread["incomplete"]
    assert (
        f"the Facebook comments were read from its frame saved as {frame}"
        " (in the page's own folder; read with it though not named)" in thread["warnings"]
    )


def test_a_page_read_alone_names_the_file_its_frame_was_saved_to(tmp_path):
    page, frame = save_complete(tmp_path)
    frame.unlink()  # the page copied without its folder
    status, [thread] = parsed(page)
    assert thread["incomplete"] and thread["comments"] == []
    assert any(
        "(Facebook comments)" in reason and "its frame was saved as 'library_files/comments.html'" in reason
        for reason in thread["unread"]
    )


def test_a_frame_of_another_article_saved_on_its_own_stays_its_own_thread(tmp_path):
    page, frame = save_complete(
        tmp_path, frame=plugin_frame("https://www.harbour-gazette.test/2025/02/new-ferry-pier/")
    )
    frame.rename(tmp_path / "pier-comments.html")  # "Save frame as": not the file the page names
    _, threads = parsed(tmp_path)
    assert sorted(thread["source"]["format"] for thread in threads) == ["facebook-html", "wordpress-html"]
    page = next(thread for thread in threads if thread["source"]["format"] == "wordpress-html")
    frame = next(thread for thread in threads if thread["source"]["format"] == "facebook-html")
    assert page["incomplete"] and page["comments"] == []
    assert len(frame["comments"]) == 3


def test_a_frame_with_folded_comments_leaves_the_joined_thread_incomplete(tmp_path):
    save_complete(tmp_path, frame=plugin_frame(after='<a role="button">Load 10 more comments</a>'))
    _, [thread] = parsed(tmp_path)
    assert len(thread["comments"]) == 3 and thread["incomplete"]
    assert len(thread["unread"]) == 1 and "Load 10 more comments" in thread["unread"][0]


def test_a_plugin_iframe_still_pointing_at_facebook_says_to_save_the_frame_and_names_the_article():
    remote = f"https://www.facebook.com/v19.0/plugins/comments.php?href={ARTICLE}&numposts=10"
    page = article_page(mount=IFRAME_MOUNT, canonical=None, src=remote)
    result = CliRunner().invoke(cli, ["parse", "-", "--format", "json"], input=page, catch_exceptions=False)
    [thread] = json.loads(result.stdout)["threads"]
    assert thread["url"] == ARTICLE
    assert any("save the Facebook comment frame itself" in reason for reason in thread["unread"])


def test_the_frame_the_pages_own_save_wrote_joins_it_whatever_address_it_names(tmp_path):
    save_complete(tmp_path, frame=plugin_frame("https://old-gazette.test/2025/03/library-hours/"))
    _, [thread] = parsed(tmp_path)
    assert thread["url"] == ARTICLE and len(thread["comments"]) == 3 and not thread["incomplete"]


def test_an_article_address_with_a_query_string_is_joined(tmp_path):
    article = "https://harbour-gazette.test/index.php?p=77"
    page = article_page(canonical=article).replace(ARTICLE, article)
    # the plugin appends its comment id to the article's own query: ?p=77&comment_id=11
    frame = plugin_frame(article).replace(f"{article}?comment_id=", f"{article}&comment_id=")
    (tmp_path / "library.html").write_text(page, encoding="utf-8")
    (tmp_path / "frame-saved-alone.html").write_text(frame, encoding="utf-8")
    _, [thread] = parsed(tmp_path)
    assert thread["url"] == article and len(thread["comments"]) == 3 and not thread["incomplete"]
    _, [frame_alone] = parsed(tmp_path / "frame-saved-alone.html")
    assert frame_alone["url"] == article
