"""Exports that hold nothing to read, and data that is no export we read: one clear refusal each,
never an empty result that passes as "no comments" (audit round 5 of export files)."""

from __future__ import annotations

import json

import pytest

from moderation.errors import ParseError
from moderation.parsing import parse_bytes

EMPTY_EXPORTS = [
    (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        b"<channel><title>t</title><wp:wxr_version>1.2</wp:wxr_version></channel></rss>",
        "a WordPress export holding no post, page or comment",
    ),
    (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        b"<item><title>logo</title><wp:post_id>4</wp:post_id><wp:post_type>attachment</wp:post_type></item>"
        b"</channel></rss>",
        "a WordPress export holding no post, page or comment",
    ),
    (
        b'<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"/>',
        "a Disqus export holding no thread or post",
    ),
    (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xmlns:blogger="http://schemas.google.com/blogger/2018"><id>tag:blogger.com,1999:blog-9</id></feed>',
        "a Blogger Atom export holding no post or comment",
    ),
]


@pytest.mark.parametrize("data, message", EMPTY_EXPORTS, ids=["wxr", "wxr-media-only", "disqus", "blogger"])
def test_an_export_holding_nothing_is_refused_in_one_line(data, message):
    with pytest.raises(ParseError, match=message):
        parse_bytes(data)


def test_a_wordpress_export_cut_to_its_channel_is_read_and_said():
    # The wp: prefix undeclared and a stray </rss> after the channel, as such a cut leaves it.
    fragment = (
        b'<?xml version="1.0" encoding="UTF-8" ?>\n<channel><item><title>A post</title><wp:post_id>4</wp:post_id>'
        b"<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>words</wp:comment_content>"
        b"<wp:comment_approved>trash</wp:comment_approved></wp:comment>"
        b"<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_parent>1</wp:comment_parent>"
        b"<wp:comment_content>more words</wp:comment_content></wp:comment>"
        b"</item></channel>\n</rss>\n"
    )
    (thread,) = parse_bytes(fragment)
    assert (thread.source_format, thread.id, thread.title) == ("wxr", "4", "A post")
    assert [(c.id, c.parent_id, c.status) for c in thread.comments] == [("1", None, "deleted"), ("2", "1", "visible")]
    assert thread.warnings == ["a WordPress export cut to its <channel> (no <rss> around it): read as one"]
    assert not thread.incomplete


def test_an_rss_channel_of_no_export_is_no_saved_page():
    fragment = b'<?xml version="1.0" encoding="UTF-8" ?>\n<channel><item><title>A post</title></item></channel>'
    with pytest.raises(ParseError, match=r"an XML document with root <channel>, not an export this reads"):
        parse_bytes(fragment)


def test_an_xhtml_page_with_an_xml_declaration_is_still_a_page():
    page = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b"<html><head><title>Quay news</title></head><body><p>x</p></body></html>"
    )
    (thread,) = parse_bytes(page)
    assert thread.source_format == "wordpress-html"


def test_a_json_item_with_a_title_but_no_reddit_field_is_not_a_reddit_thread():
    item = {"slug": "pier", "title": "A post", "replies": [{"id": 2, "text": "a reply"}]}
    with pytest.raises(ParseError, match="not a recognised comment dump"):
        parse_bytes(json.dumps(item).encode())


def test_a_reddit_submission_without_comments_is_still_one():
    submission = {"id": "p1", "title": "Pier closed", "subreddit": "quay", "num_comments": 2}
    (thread,) = parse_bytes((json.dumps(submission) + "\n").encode())
    assert (thread.source_format, thread.id, thread.declared_comment_count) == ("reddit", "p1", 2)
    assert thread.incomplete


def test_a_yaml_data_file_is_no_text_page():
    site_data = b"title: Quay news\nbaseurl: /quay\nnavigation:\n  - label: Home\n    url: /\nfooter: |\n  Two lines\n"
    with pytest.raises(ParseError, match="not a recognised comment dump"):
        parse_bytes(site_data)


def test_a_page_opening_with_label_lines_is_still_a_page():
    page = b"Posted: 4 May 2024\nAuthor: Desk\nThe harbour wall will be rebuilt this summer, the council said.\n"
    (thread,) = parse_bytes(page)
    assert thread.source_format == "text"


# Reddit's data-request comments.csv, in its column order, with comments we wrote.
DATA_REQUEST_CSV = (
    "id,permalink,date,ip,subreddit,gildings,link,parent,body,media\n"
    "q1,https://www.reddit.com/r/quay/comments/p1/pier/q1/,2023-05-02 08:14:00 UTC,,quay,0,"
    'https://www.reddit.com/r/quay/comments/p1/pier/,,"The pier closes at dusk now.",\n'
    "q2,https://www.reddit.com/r/quay/comments/p1/pier/q2/,2023-05-02 09:01:00 UTC,,quay,0,"
    'https://www.reddit.com/r/quay/comments/p1/pier/,t1_q0,"Not on Sundays, it does not.",\n'
)


@pytest.mark.parametrize("command", ["parse", "report", "aliases"])
def test_reddits_data_request_csv_is_named_where_dumps_are_read(tmp_path, command):
    from click.testing import CliRunner

    from moderation.cli import cli

    path = tmp_path / "comments.csv"
    path.write_text(DATA_REQUEST_CSV, encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Reddit's data-request comments.csv: one account's own comments" in result.output
    assert "--text-column body" in result.output


def test_another_csv_table_keeps_the_general_line(tmp_path):
    from click.testing import CliRunner

    from moderation.cli import cli

    path = tmp_path / "table.csv"
    path.write_text("id,body,date\n1,The pier closes at dusk now.,2023-05-02\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2 and "a CSV table, not a comment dump" in result.output
