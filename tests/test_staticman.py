"""Staticman's data files: one JSON or YAML file per comment, a folder per page, written by us in our own words."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from moderation.cli import cli
from moderation.parsing import detect_format, expand_paths, iter_source_threads, parse_bytes, parse_path
from moderation.parsing.source import Source

YAML_TOP = """_id: 5e0a
name: Ann Pryce
email: 0c1d2e
message: |-
  The ferry was late again.
  Third time this week.
date: 1600000000
"""
YAML_REPLY = """_id: 6f1b
_parent: 5e0a
name: 'Bryn: the second'
message: "Quoted words, with a colon: here"
date: 2020-09-13T12:30:00Z
"""
JSON_REPLY = {"_id": "7a2c", "replying_to_uid": "6f1b", "name": "Cai", "comment": "Not on Sundays."}
JSON_REPLY["date"] = 1600000400000


def _folder(tmp_path):
    folder = tmp_path / "_data" / "comments" / "ferry-times"
    folder.mkdir(parents=True)
    (folder / "entry1600000000.yml").write_text(YAML_TOP, encoding="utf-8")
    (folder / "entry1600000200.yml").write_text(YAML_REPLY, encoding="utf-8")
    (folder / "entry1600000400.json").write_text(json.dumps(JSON_REPLY), encoding="utf-8")
    return folder


def test_a_folder_of_comment_files_is_one_thread_named_after_it(tmp_path):
    _folder(tmp_path)
    (source,) = expand_paths([str(tmp_path)])  # the folder's three files are one source
    (thread,) = iter_source_threads(source)
    assert thread.id == "ferry-times" and thread.warnings == []
    assert [(c.id, c.parent_id, c.author, c.depth) for c in thread.comments] == [
        ("5e0a", None, "Ann Pryce", 1),
        ("6f1b", "5e0a", "Bryn: the second", 2),
        ("7a2c", "6f1b", "Cai", 3),
    ]
    assert thread.comments[0].text == "The ferry was late again.\nThird time this week."
    assert [c.posted_at for c in thread.comments] == [
        datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc),
        datetime(2020, 9, 13, 12, 30, tzinfo=timezone.utc),
        datetime(2020, 9, 13, 12, 33, 20, tzinfo=timezone.utc),  # milliseconds
    ]
    assert all(c.status == "visible" for c in thread.comments)  # only merged comments are in the folder


def test_one_file_named_alone_is_its_comment_and_its_parent_is_said_missing(tmp_path):
    folder = _folder(tmp_path)
    (thread,) = parse_path(folder / "entry1600000200.yml")
    assert (thread.source_format, thread.id, len(thread.comments)) == ("staticman", "ferry-times", 1)
    assert thread.comments[0].orphan


def test_a_file_that_is_no_comment_in_the_folder_is_named_and_left_out(tmp_path):
    folder = _folder(tmp_path)
    (folder / "entry1600000600.yml").write_text("_id: 8b3d\nname: Dai\nmessage: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    (thread,) = document["threads"]
    assert len(thread["comments"]) == 3
    assert thread["warnings"] == [
        "1 file of the folder is no readable Staticman comment (entry1600000600.yml first); left out"
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"title: Quay news\nbaseurl: /quay\nnavigation:\n  - label: Home\n",  # a site's own data file
        b'{"_id": "1", "title": "Pier", "slug": "pier"}',  # an id but no name and text
    ],
)
def test_data_files_that_are_no_comments_are_not_staticman(data):
    assert detect_format_or_none(data) != "staticman"


def detect_format_or_none(data: bytes) -> str | None:
    from moderation.errors import ParseError

    try:
        return detect_format(Source.from_bytes(data, name="data"))
    except ParseError:
        return None


def test_a_single_comment_read_from_standard_input():
    (thread,) = parse_bytes(YAML_TOP.encode())
    assert (thread.source_format, [c.author for c in thread.comments]) == ("staticman", ["Ann Pryce"])
