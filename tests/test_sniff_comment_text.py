"""No comment text changes how a dump is recognised.

A comment may write anything: another platform's class names, its URLs, its export's namespace, the
JSON keys of another dump, "NAME says:". For one case file of every format in tests/cases, any text
together with every format's sniffing markers, written into one comment as that format escapes text,
leaves the detected format and the comment count as they were for the clean file.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache

import pytest
from conftest import CASES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from moderation.parsing import blogger_atom, blogger_html, parse_bytes
from moderation.serialize import SCHEMA

# What the sniffers in moderation/parsing look for, gathered from them (constants where they have one).
MARKERS = (
    *blogger_atom._SNIFF_MARKERS,
    *blogger_html._STRUCTURE_MARKERS,
    "<feed xmlns='http://www.w3.org/2005/Atom'>", "<disqus xmlns='http://disqus.com'>", "disqus.com",
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">', "wordpress.org/export/", "<wp:comment>",
    f'{{"schema": "{SCHEMA}", "threads": []}}', SCHEMA,
    '{"version": 1, "comments": [{"commentHex": "a", "parentHex": "root", "commenterHex": "b"}]}',
    '{"id": "u1", "reply-to": null, "reply_to": null, "conversation_id": "u1", "root": "u1"}',
    '[{"kind": "Listing", "data": {"children": []}}]', '{"json": {"data": {"things": []}}}',
    '{"body": "x", "author": "y", "name": "t1_abc123", "parent_id": "t3_abc123", "link_id": "t3_abc123"}',
    '<div id="post-list"><div class="post-message">', "post-list", "post-message",
    '<header class="discourse">', "cooked",
    '<div class="forum-fil">', 'content="SPIP 4"', "spip.php?page=forum",
    'content="Drupal 10"', "drupal-settings-json", "Drupal.settings", "/sites/default/files/a.png",
    'typeof="sioc:Post sioct:Comment"', "comment__content", "indented", "comment-wrapper",
    'content="WordPress 6.4"', '<li id="comment-12" class="comment">', "comment-list", "commentlist",
    "comment-body", "/wp-content/uploads/", "/wp-includes/", "comment-thread", "blogger.com", "blogspot.com",
    "<!DOCTYPE html><html><head><title>t</title></head><body><div><p>x</p></div></body></html>",
    "Jo says:", "3 Comments", "Reply", "Jo said...", "Posted by Jo at 10:01 AM", "Anonymous said...",
    "Load more comments", "Sort by Best", "Just a moment...",
    '{"version": 1, "users": [], "posts": []}', '{"id": "a", "pid": "", "user": {}, "locator": {"url": "u"}}',
    '[{"id": "/p/", "title": "t", "comments": [{"created": "2020-01-01 00:00:00", "text": "x", "remote_addr": ""}]}]',
    '{"id": 1, "story_id": 1, "children": [], "created_at_i": 1}', '{"id": 1, "type": "comment", "by": "x", "time": 1}',
    '{"code": 0, "response": [{"message": "m", "thread": "1"}]}', '{"response": {"thread": {}, "posts": []}}',
    '[{"id": 1, "post": 2, "author_name": "a", "content": {"rendered": "x"}}]', '{"data": [{"body": "x"}]}',
    "TITLE: x", "COMMENT:", "BODY:", "-----", "--------", "_id: a", "name: b", "message: c",
)  # fmt: skip

# One case file per format; text copies are read line by line, so their comment stays on one line.
CASE_FILES = {
    "blogger-atom": "blogger-atom/takeout_feed.atom",
    "blogger-html": "blogger-html/classic_flat.html",
    "blogger-text": "blogger-text/classic_said.txt",
    "commento": "commento/two_pages_states.json",
    "convokit": "convokit/two_conversations.jsonl",
    "discourse-html": "discourse-html/embed_frame_more_replies.html",
    "disqus-html": "disqus-html/saved_frame_load_more.html",
    "disqus-text": "disqus-text/newer_style_indented.txt",
    "disqus": "disqus/child_before_parent_deleted.xml",
    "drupal-html": "drupal-html/indented_replies.html",
    "json": "json/tree_with_orphan.json",
    "reddit": "reddit/deleted_removed.ndjson",
    "spip-html": "spip-html/forum_nested.html",
    "text": "text/article_with_quotes.txt",
    "wordpress-html": "wordpress-html/classic_comment_by.html",
    "wordpress-text": "wordpress-text/by_name_on_date.txt",
    "wxr": "wxr/duplicates_and_cycle.xml",
    "remark42": "remark42/backup_two_pages.jsonl",
    "isso": "isso/generic_two_threads.json",
    "hacker-news": "hacker-news/firebase_items.ndjson",
    "disqus-json": "disqus-json/api_posts_page.json",
    "wordpress-json": "wordpress-json/rest_comments_edit_context.json",
    "movable-type": "movable-type/typepad_entries_pings.txt",
}
_WORDS = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}")


def _inside_markup(raw: str, position: int) -> bool:
    """Whether a position is inside a tag or a script, where no comment text stands."""
    opened = raw.rfind("<", 0, position)
    if opened > raw.rfind(">", 0, position):
        return True
    return raw.lower().rfind("<script", 0, position) > raw.lower().rfind("</script", 0, position)


def _inside_cdata(raw: str, position: int) -> bool:
    return raw.rfind("<![CDATA[", 0, position) > raw.rfind("]]>", 0, position)


@cache
def _case(kind: str) -> tuple[str, str, int, str, int]:
    """(file text, file name, where a comment's words end, the format read, the comments read)."""
    path = CASES / CASE_FILES[kind]
    raw = path.read_text(encoding="utf-8")
    source_format, count = _format_and_count(raw, path.name)
    comments = [
        comment.text or ""
        for thread in parse_bytes(raw.encode("utf-8"), None, name=path.name)
        for comment in thread.comments
    ]
    for text in comments or [raw]:  # a plain article has no comment: the words go into its text
        for words in _WORDS.findall(text):
            for found in re.finditer(re.escape(words), raw):
                if path.suffix == ".html" and _inside_markup(raw, found.start()):
                    continue
                return raw, path.name, found.end(), source_format, count
    raise AssertionError(f"no comment's words found in {path}")


def _escaped(kind: str, raw: str, position: int, text: str) -> str:
    """The text as the format writes it in a comment at that position."""
    suffix = CASE_FILES[kind].rsplit(".", 1)[1]
    if suffix == "txt":
        return " ".join(text.split())  # a text copy's comment on one line
    if suffix in ("json", "jsonl", "ndjson"):
        return json.dumps(text, ensure_ascii=False)[1:-1]
    if suffix in ("xml", "atom") and _inside_cdata(raw, position):
        return text.replace("]]>", "]]]]><![CDATA[>")
    return html.escape(text, quote=False)


def _format_and_count(dump: str, name: str) -> tuple[str, int]:
    threads = parse_bytes(dump.encode("utf-8"), None, name=name)
    [source_format] = {thread.source_format for thread in threads}
    return source_format, sum(len(thread.comments) for thread in threads)


def _read(kind: str, text: str) -> tuple[str, int]:
    raw, name, position, _, _ = _case(kind)
    return _format_and_count(raw[:position] + " " + _escaped(kind, raw, position, text) + raw[position:], name)


def _quoted_in_page_data(kind: str, text: str) -> tuple[str, int]:
    """The page with the text also quoted in its head's JSON-LD, as SEO plugins list a post's comments."""
    raw, name, position, _, _ = _case(kind)
    data = json.dumps({"@type": "Comment", "text": text}, ensure_ascii=False).replace("</", "<\\/")
    head = raw.lower().find("<head>") + len("<head>")
    dump = raw[:position] + " " + _escaped(kind, raw, position, text) + raw[position:]
    return _format_and_count(f'{dump[:head]}<script type="application/ld+json">{data}</script>{dump[head:]}', name)


# XML cannot hold most control characters, and a NUL makes any file binary data: neither is comment text.
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"))


@pytest.mark.parametrize("kind", sorted(CASE_FILES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.one_of(_TEXT, st.sampled_from(MARKERS)), max_size=12), markers=st.permutations(MARKERS))
@example(text=[], markers=list(MARKERS))
def test_comment_text_does_not_change_the_format_or_the_count(kind, text, markers):
    _, _, _, source_format, count = _case(kind)
    assert _read(kind, " ".join([*text, *markers])) == (source_format, count)


HTML_KINDS = sorted(kind for kind, path in CASE_FILES.items() if path.endswith(".html"))


@pytest.mark.parametrize("kind", HTML_KINDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.one_of(_TEXT, st.sampled_from(MARKERS)), max_size=12), markers=st.permutations(MARKERS))
@example(text=[], markers=list(MARKERS))
def test_comment_text_quoted_in_the_page_data_does_not_change_the_format(kind, text, markers):
    _, _, _, source_format, count = _case(kind)
    assert _quoted_in_page_data(kind, " ".join([*text, *markers])) == (source_format, count)


@pytest.mark.parametrize("kind", sorted(CASE_FILES))
def test_no_marker_alone_changes_the_format(kind):
    _, _, _, source_format, count = _case(kind)
    fooled = {marker: _read(kind, marker) for marker in MARKERS}
    assert {marker: read for marker, read in fooled.items() if read != (source_format, count)} == {}


@pytest.mark.parametrize(
    "root", ["<rss xmlns:wp='http://wordpress.org/export/1.2/'>", "<disqus xmlns='http://disqus.com'>"]
)
def test_a_json_line_whose_first_key_is_the_text_is_no_xml_root(root):
    # The XML root is looked for after a few stray characters at most: a line that opens with its text
    # is a JSON dump however the text starts.
    path = CASES / CASE_FILES["reddit"]
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = {"body": f"{root} {records[0].get('body', '')}", **{k: v for k, v in records[0].items() if k != "body"}}
    dump = "\n".join(json.dumps(record, ensure_ascii=False) for record in [first, *records[1:]])
    assert _format_and_count(dump, path.name) == _format_and_count(path.read_text(encoding="utf-8"), path.name)
