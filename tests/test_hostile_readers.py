"""Every reader, this session's new ones first (remark42, isso, hacker-news, disqus-json, wordpress-json,
movable-type, the definition-list, reply-box and indentation page paths, the Blogger feed), meets input
cut anywhere, saved in another encoding, nested or indented thousands deep, XML entity tricks, and
hostile names and text, forced with --from and detected: a thread or one clear line, never a traceback,
and never a dump that lost comments passing as whole.

The dumps are our own golden cases (tests/cases) cut or re-encoded, or documents built here in our words.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import CASES
from hypothesis import given
from hypothesis import strategies as st
from test_hostile_outputs import through_main
from test_hostile_page_outputs import HOSTILE_NAME, HOSTILE_TEXT, IPS, UNSAFE, assert_private_and_inert
from test_report_golden import KeywordModel

from moderation.errors import ParseError
from moderation.exit_status import EXIT_BAD_INPUT
from moderation.parsing import formats, parse_bytes, parse_path
from moderation.parsing.source import opens_as_page
from moderation.report import commands

FORMATS = list(formats())
CASE_FILES = {
    name: sorted(
        path for path in (CASES / name).iterdir() if not path.name.endswith((".expected.json", ".mhtml", ".zip"))
    )
    for name in FORMATS
    if (CASES / name).is_dir()
}
# Formats whose cut always shows: a whole-document JSON no longer parses, an XML export or a saved page
# never closes its root, a Movable Type entry lacks its closing line (benchmarks/cut_dumps.py). JSON lines
# and text copies cut between two comments look whole and are not held to it.
CUT_ALWAYS_SEEN = {"wxr", "disqus", "blogger-atom", "json", "commento", "isso", "disqus-json", "wordpress-json"}
CUT_ALWAYS_SEEN |= {"substack-json", "hacker-news"} | {name for name in FORMATS if name.endswith("-html")}


def comment_total(threads) -> int:
    return sum(len(thread.comments) for thread in threads)


def read_or_refuse(data: bytes, format_name: str | None, name: str):
    """The threads, or None for a ParseError that says what went wrong in one line."""
    try:
        threads = parse_bytes(data, format_name, name=name)
    except ParseError as error:
        assert str(error) and "\n" not in str(error).strip(), repr(str(error))
        return None
    for thread in threads:
        assert [comment.index for comment in thread.comments] == list(range(len(thread.comments)))
    return threads


def test_every_format_has_a_case_to_cut():
    assert set(CASE_FILES) == set(FORMATS), set(FORMATS) - set(CASE_FILES)


@pytest.mark.hypothesis
@pytest.mark.parametrize("format_name", sorted(CASE_FILES))
@given(data=st.data())
def test_a_dump_cut_anywhere_is_read_refused_or_marked(format_name, data):
    case = data.draw(st.sampled_from(CASE_FILES[format_name]), label="case")
    whole = case.read_bytes()
    cut = whole[: data.draw(st.integers(0, len(whole) - 1), label="cut")]
    full = comment_total(parse_bytes(whole, format_name, name=case.name))
    read_or_refuse(cut, None, case.name)
    threads = read_or_refuse(cut, format_name, case.name)
    if format_name.endswith("-html") and not opens_as_page(cut):
        return  # cut inside <!DOCTYPE html>: a fragment, which the page readers read as it is
    if threads is not None and format_name in CUT_ALWAYS_SEEN and comment_total(threads) < full:
        assert any(thread.incomplete for thread in threads), f"{case.name} cut at {len(cut)} passed as whole"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("format_name", sorted(CASE_FILES))
def test_a_dump_saved_again_in_another_encoding_is_read_whole_or_refused(format_name, encoding):
    case = CASE_FILES[format_name][0]
    whole = comment_total(parse_bytes(case.read_bytes(), format_name, name=case.name))
    data = case.read_text(encoding="utf-8", errors="replace").encode(encoding)
    for forced in (format_name, None):
        threads = read_or_refuse(data, forced, case.name)
        if threads is not None and forced:
            assert comment_total(threads) == whole or any(thread.incomplete for thread in threads)


# Deep and huge: sizes past Python's recursion limit (1,000) and the JSON decoder's, and past where a
# quadratic step would take minutes; no time is asserted, the suite's own time shows a blow-up.
DEPTH = 3000


def reply_chain_wordpress_json(depth: int) -> bytes:
    return json.dumps(
        [
            {
                "id": n + 1,
                "post": 8,
                "parent": n,
                "author_name": f"reader{n % 7}",
                "date_gmt": "2015-06-01T07:00:00",
                "content": {"rendered": f"<p>reply {n}</p>"},
                "status": "approved",
                "type": "comment",
            }
            for n in range(depth)
        ]  # fmt: skip
    ).encode()


def reply_chain_disqus_json(depth: int) -> bytes:
    posts = [
        {"id": str(n + 1), "parent": n or None, "thread": "9", "message": f"<p>reply {n}</p>",
         "createdAt": "2020-01-01T00:00:00", "author": {"name": f"reader{n % 7}"}}
        for n in range(depth)
    ]  # fmt: skip
    return json.dumps({"code": 0, "response": posts}).encode()


def reply_chain_remark42(depth: int) -> bytes:
    lines = [json.dumps({"version": 1, "users": [], "posts": [{"url": "https://quay.example/p/"}]})]
    lines += [
        json.dumps(
            {"id": f"c{n}", "pid": f"c{n - 1}" if n else "", "text": f"<p>reply {n}</p>",
             "time": "2020-01-01T00:00:00Z",
             "user": {"name": f"reader{n % 7}", "id": f"r{n % 7}"}, "locator": {"site": "s", "url": "https://quay.example/p/"}}
        )
        for n in range(depth)
    ]  # fmt: skip
    return "\n".join(lines).encode()


def reply_chain_wxr(depth: int) -> bytes:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n + 1}</wp:comment_id><wp:comment_author>reader{n % 7}</wp:comment_author>"
        f"<wp:comment_content>reply {n}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{n}</wp:comment_parent></wp:comment>\n"
        for n in range(depth)
    )
    return (
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2'
        "</wp:wxr_version><item><title>Post</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>"
        f"{comments}</item></channel></rss>"
    ).encode()


def indented_page(depth: int) -> bytes:
    """A flat list whose every comment is indented one step more than the last (Serendipity's markup)."""
    items = "".join(
        f'<div id="serendipity_comment_{n}" class="serendipity_comment" style="padding-left: {n * 20}px">'
        f'<div class="serendipity_commentBody">Reply number {n}.</div><div class="serendipity_comment_source">'
        f'<a href="#c{n}">#{n}</a> <span class="comment_source_author">reader{n % 7}</span> on '
        f'<span class="comment_source_date">2024-04-02 18:05</span></div></div>'
        for n in range(1, depth + 1)
    )
    return (
        '<!DOCTYPE html><html><head><meta name="generator" content="Serendipity v.2.4"></head><body><main>'
        '<article><h1 class="title">Post</h1></article>'
        f'<div class="serendipity_comments">{items}</div></main></body></html>'
    ).encode()


def nested_definition_lists(depth: int) -> bytes:
    """Dotclear-like comment lists, each nested in the last one's definition."""
    level = (
        "<dl><dt>1. 4 March 2024, 09:12 by Ann{n}</dt><dd>one {n}</dd><dt>2. 4 March 2024, 09:13 by Bo{n}</dt><dd>two"
    )
    lists = "".join(level.format(n=n) for n in range(depth)) + "</dd></dl>" * depth
    return f"<!DOCTYPE html><html><body><h1>Post</h1><div id='comments'>{lists}</div></body></html>".encode()


CHAINS = {
    "wordpress-json": reply_chain_wordpress_json,
    "disqus-json": reply_chain_disqus_json,
    "remark42": reply_chain_remark42,
    "wxr": reply_chain_wxr,
    "wordpress-html": indented_page,
}


# The indented page reads a date per comment (about 1 ms each): thousands deep it is a slow test.
CHAIN_CASES = [
    pytest.param(name, marks=pytest.mark.slow) if name == "wordpress-html" else name for name in sorted(CHAINS)
]


@pytest.mark.parametrize("detected", [False, True], ids=["forced", "detected"])
@pytest.mark.parametrize("format_name", CHAIN_CASES)
def test_a_reply_chain_thousands_deep_is_read_whole(format_name, detected):
    threads = parse_bytes(CHAINS[format_name](DEPTH), None if detected else format_name)
    assert comment_total(threads) == DEPTH
    assert max(thread.max_depth for thread in threads) == DEPTH


@pytest.mark.parametrize("format_name", ["wordpress-html", None])
def test_comment_lists_nested_a_thousand_deep_are_read_or_refused(format_name):
    threads = read_or_refuse(nested_definition_lists(1000), format_name, "lists.html")
    assert threads is None or comment_total(threads) >= 2


def nested_children(depth: int, opening: str) -> bytes:
    return (opening * depth + "]}" * depth).encode()


NESTED = {
    "hacker-news": '{"id": 1, "type": "comment", "author": "reader", "text": "reply", "created_at_i": 1583056800, '
    '"children": [',
    "substack-json": '{"id": 1, "name": "reader", "body": "reply", "date": "2023-01-01T00:00:00Z", "children": [',
}


@pytest.mark.parametrize("format_name", [*sorted(NESTED), None])
def test_children_nested_past_the_decoders_limit_are_one_line(format_name):
    opening = NESTED.get(format_name, NESTED["hacker-news"])
    assert read_or_refuse(nested_children(DEPTH, opening), format_name, "deep.json") is None


@pytest.mark.parametrize("format_name", [name for name in FORMATS if not name.endswith("-text")] + [None])
def test_a_bracket_bomb_is_one_line(format_name):
    read_or_refuse(b"[" * 200_000, format_name, "bomb.json")
    read_or_refuse(b'{"a":' * 100_000, format_name, "bomb.json")


BILLION_LAUGHS = (
    '<!DOCTYPE {root} [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)
EXTERNAL = '<!DOCTYPE {root} [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
BLOGGER_FEED = (
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">'
    "<id>tag:blogger.com,1999:blog-1.post-2.comments</id><title>Comments on Post</title>"
    "<entry><id>tag:blogger.com,1999:blog-1.post-3</id><published>2020-01-01T10:00:00Z</published>"
    "<title>x</title><content type='html'>&{entity};</content><author><name>reader</name></author>"
    "<thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-2'/></entry></feed>"
)
PAGE = (
    "<html><head><title>Post</title></head><body><h1>Post</h1><ol class='commentlist'>"
    "<li class='comment' id='comment-1'><cite class='fn'>reader</cite> says:<p>&{entity};</p></li></ol></body></html>"
)


@pytest.mark.parametrize("trick", ["laughs", "external"])
@pytest.mark.parametrize(
    ("format_name", "document", "root"),
    [
        ("blogger-atom", BLOGGER_FEED, "feed"),
        ("wordpress-html", PAGE, "html"),
        (None, BLOGGER_FEED, "feed"),
        (None, PAGE, "html"),
    ],  # fmt: skip
)
def test_entity_tricks_are_refused_or_left_unexpanded(format_name, document, root, trick):
    prolog = (BILLION_LAUGHS if trick == "laughs" else EXTERNAL).format(root=root)
    entity = "lol9" if trick == "laughs" else "secret"
    data = ('<?xml version="1.0"?>\n' + prolog + document.format(entity=entity)).encode()
    threads = read_or_refuse(data, format_name, "tricks.xml")
    if threads is not None:
        texts = " ".join(
            f"{thread.title} {thread.body} " + " ".join(c.text for c in thread.comments) for thread in threads
        )
        assert "lollol" not in texts
        assert not any(len(comment.text) > 200 for thread in threads for comment in thread.comments)


# Hostile names and text in each new JSON or text reader: addresses masked, controls and bidi out,
# markup escaped, in parse's tree and in the report.
ADDRESS_NAME = "ann.hale@example.com"


def hostile_documents() -> dict[str, bytes]:
    text, name = HOSTILE_TEXT, HOSTILE_NAME
    markup = f"<p>{html.escape(text)}</p>"
    return {
        "isso": json.dumps(
            [
                {
                    "id": "/t/",
                    "title": "Post",
                    "comments": [
                        {
                            "id": 1,
                            "author": name,
                            "email": ADDRESS_NAME,
                            "remote_addr": IPS[0],
                            "created": "2019-06-02 18:05:00",
                            "text": text,
                        },
                        {"id": 2, "parent": 1, "author": ADDRESS_NAME, "created": "2019-06-02 18:06:00", "text": text},
                    ],
                }
            ]
        ),  # fmt: skip
        "wordpress-json": json.dumps(
            [
                {
                    "id": 1,
                    "post": 8,
                    "parent": 0,
                    "author_name": name,
                    "date_gmt": "2015-06-01T07:00:00",
                    "content": {"rendered": markup},
                    "status": "approved",
                    "type": "comment",
                },
                {
                    "id": 2,
                    "post": 8,
                    "parent": 1,
                    "author_name": ADDRESS_NAME,
                    "date_gmt": "2015-06-01T07:01:00",
                    "content": {"rendered": markup},
                    "status": "approved",
                    "type": "comment",
                },
            ]
        ),  # fmt: skip
        "disqus-json": json.dumps(
            {
                "code": 0,
                "response": [
                    {
                        "id": "1",
                        "parent": None,
                        "thread": "9",
                        "message": markup,
                        "createdAt": "2020-01-01T00:00:00",
                        "author": {"name": name},
                    },
                    {
                        "id": "2",
                        "parent": 1,
                        "thread": "9",
                        "message": markup,
                        "createdAt": "2020-01-01T00:01:00",
                        "author": {"name": ADDRESS_NAME},
                    },
                ],
            }
        ),  # fmt: skip
        "remark42": "\n".join(
            [json.dumps({"version": 1, "users": [], "posts": [{"url": "https://quay.example/p/"}]})]
            + [
                json.dumps(
                    {
                        "id": f"c{n}",
                        "pid": "c0" if n else "",
                        "text": markup,
                        "time": "2020-01-01T00:00:00Z",
                        "user": {"name": who, "id": f"r{n}", "ip": IPS[1]},
                        "locator": {"site": "s", "url": "https://quay.example/p/"},
                    }
                )
                for n, who in enumerate((name, ADDRESS_NAME))
            ]
        ),  # fmt: skip
        "hacker-news": json.dumps(
            {
                "id": 1,
                "story_id": 1,
                "type": "story",
                "title": "Post",
                "author": "desk",
                "created_at_i": 1583056800,
                "children": [
                    {
                        "id": 2,
                        "type": "comment",
                        "author": name,
                        "text": markup,
                        "created_at_i": 1583056900,
                        "parent_id": 1,
                        "children": [
                            {
                                "id": 3,
                                "type": "comment",
                                "author": ADDRESS_NAME,
                                "text": markup,
                                "created_at_i": 1583057000,
                                "parent_id": 2,
                                "children": [],
                            }
                        ],
                    }
                ],
            }
        ),  # fmt: skip
        "movable-type": (
            "AUTHOR: Desk\nTITLE: Post\nDATE: 05/30/2015 06:00:00 PM\n-----\nBODY:\n<p>Body.</p>\n-----\n"
            + "".join(
                f"COMMENT:\nAUTHOR: {who}\nEMAIL: {ADDRESS_NAME}\nIP: {IPS[0]}\nDATE: 05/30/2015 07:1{n}:09 PM\n"
                f"{text.replace(chr(13), ' ')}\n-----\n"
                for n, who in enumerate((name.replace(chr(10), " "), ADDRESS_NAME))
            )
            + "--------\n"
        ),
    }


HOSTILE = {name: document.encode() for name, document in hostile_documents().items()}


@pytest.mark.parametrize("detected", [False, True], ids=["forced", "detected"])
@pytest.mark.parametrize("format_name", sorted(HOSTILE))
def test_hostile_names_and_text_are_read_and_printed_inert(format_name, detected, tmp_path, monkeypatch):
    path = tmp_path / "dump.txt"
    path.write_bytes(HOSTILE[format_name])
    threads = parse_path(path, None if detected else format_name)
    assert threads[0].source_format == format_name and comment_total(threads) == 2
    forced = [] if detected else ["--from", format_name]
    status, tree, stderr = through_main(monkeypatch, "parse", *forced, path)
    assert status == 0 and "Traceback" not in stderr
    assert "idiot" in tree and not UNSAFE.search(tree), repr(UNSAFE.search(tree))
    monkeypatch.setattr(commands, "_load_model", lambda model_path: (KeywordModel(), None))
    for output_format in ("text", "html"):
        status, report, stderr = through_main(monkeypatch, "report", *forced, path, "--format", output_format)
        assert status == 0, stderr
        assert "idiot" in report
        assert_private_and_inert(report)
        if output_format == "html":
            assert "<script>alert" not in report


# Forced on what it cannot read, every reader says so in one line with status 2 through the command.
BAD_INPUTS = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "garbage": "\u202e<{[\x1b]0;x\x07 nothing readable ]}>".encode(),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
@pytest.mark.parametrize("format_name", FORMATS)
def test_a_forced_reader_refuses_what_it_cannot_read_in_one_line(format_name, kind, tmp_path, monkeypatch):
    path = tmp_path / "input.dat"
    path.write_bytes(BAD_INPUTS[kind])
    status, stdout, stderr = through_main(monkeypatch, "parse", "--from", format_name, path)
    if status == 0:  # a page reader may read text garbage as a page: then it must say what it read
        assert kind == "garbage" and (format_name.endswith(("-html", "-text")) or format_name == "text"), stdout
        return
    assert status == EXIT_BAD_INPUT, stderr
    assert stderr.count("\n") == 1 and str(path) in stderr and "Traceback" not in stderr, stderr
    assert not UNSAFE.search(stderr), repr(stderr)


def test_a_cut_export_is_never_an_all_clear_through_the_command(tmp_path, monkeypatch):
    """A WXR cut between two posts printed '0 comments' with exit 0 before the end check."""
    whole = reply_chain_wxr(5)
    path = tmp_path / "cut.xml"
    path.write_bytes(whole[: whole.index(b"<wp:comment>")])
    status, tree, stderr = through_main(monkeypatch, "parse", path)
    assert status == 0 and re.search(r"INCOMPLETE|cut short", tree + stderr), tree + stderr


def test_an_algolia_tree_without_its_story_id_keeps_its_replies():
    """Read as the official API's one item, its nested replies were dropped with no word (0 comments)."""
    tree = {"id": 1, "type": "story", "title": "Post", "author": "desk", "created_at_i": 1583056800, "children": [
        {"id": 2, "type": "comment", "author": "reader", "text": "first", "created_at_i": 1583056900, "parent_id": 1,
         "children": [{"id": 3, "type": "comment", "author": "other", "text": "second", "created_at_i": 1583057000,
                       "parent_id": 2, "children": []}]}]}  # fmt: skip
    [thread] = parse_bytes(json.dumps(tree).encode(), "hacker-news")
    assert [comment.text for comment in thread.comments] == ["first", "second"] and thread.max_depth == 2


@pytest.mark.parametrize("format_name", ["movable-type", "wordpress-html", "wordpress-text", "text"])
def test_a_forced_reader_given_binary_data_says_so(format_name):
    with pytest.raises(ParseError, match="binary data"):
        parse_bytes(bytes(range(256)) * 4, format_name)


# A saved page's own frame file (NAME_files/) that is binary, cut short or missing its comments: the page
# stays incomplete, or the frame's cut is said on the joined thread; never a traceback or an all-clear.
FRAME_SPOILERS = {
    "binary": lambda frame: bytes(range(256)) * 8,
    "cut": lambda frame: frame.encode()[: frame.index("<article class='post' id='post-12'>")],
    "empty": lambda frame: b"",
}


@pytest.mark.parametrize("spoiler", sorted(FRAME_SPOILERS))
def test_a_spoilt_frame_in_the_pages_save_folder_leaves_the_page_incomplete(spoiler, tmp_path):
    from test_saved_frame_folder import discourse_frame, discourse_page, parsed

    (tmp_path / "towpath_files").mkdir()
    (tmp_path / "towpath.html").write_text(discourse_page("towpath_files/comments.html"), encoding="utf-8")
    (tmp_path / "towpath_files" / "comments.html").write_bytes(FRAME_SPOILERS[spoiler](discourse_frame()))
    status, [thread], stderr = parsed(tmp_path / "towpath.html")
    assert status == 0 and "Traceback" not in stderr
    assert thread["incomplete"], thread
    if spoiler == "cut":
        assert len(thread["comments"]) == 1
        assert any("cut short" in reason for reason in thread["unread"]), thread["unread"]
