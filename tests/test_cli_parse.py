"""`moderate parse`: output shapes, and bad input as one line on stderr with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from moderation.cli import cli

PAGE = "A quiet article\n\nNothing to see in the comments today.\n"
OWN_JSON = {
    "schema": "moderation.threads/1",
    "threads": [
        {
            "id": "t1",
            "title": "Budget vote",
            "comments": [
                {
                    "id": "a",
                    "parent_id": None,
                    "author": "Mara",
                    "text": "Isn't step 2 wrong?",
                    "posted_at": "2021-03-04T09:50:00+01:00",
                },
                {"id": "b", "parent_id": "a", "author": "Admin", "text": "Fixed, @Mara."},
                {"id": "c", "parent_id": "zz", "author": "Ed", "text": "Replying to a ghost."},
            ],
        }
    ],
}


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


def moderate(*args, stdin: bytes | None = None):
    """The installed entry point in a subprocess: what a user's shell sees."""
    return subprocess.run(
        [sys.executable, "-c", "from moderation.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
    )


@pytest.fixture
def own_json(tmp_path):
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(OWN_JSON), encoding="utf-8")
    return path


def test_json_output_has_the_documented_shape(own_json):
    result = run(["parse", "--format", "json", str(own_json)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schema"] == "moderation.threads/1"
    thread = document["threads"][0]
    assert set(thread) >= {"id", "title", "url", "source", "declared_comment_count", "warnings", "comments"}
    assert thread["source"] == {"path": str(own_json), "format": "json"}
    fields = {
        "id",
        "parent_id",
        "author",
        "author_key",
        "posted_at",
        "text",
        "depth",
        "path",
        "status",
        "orphan",
        "mentions",
    }
    for comment in thread["comments"]:
        assert set(comment) >= fields
    assert [(c["id"], c["parent_id"], c["path"]) for c in thread["comments"]] == [
        ("a", None, "1"),
        ("b", "a", "1.1"),
        ("c", None, "2"),
    ]
    assert thread["comments"][2]["orphan"] is True
    assert thread["comments"][1]["mentions"] == []  # our own JSON is read as written
    assert any("'zz'" in warning for warning in thread["warnings"])


def test_tree_output_is_indented_by_depth(own_json):
    result = run(["parse", str(own_json)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    mara = next(line for line in lines if "Mara" in line and "1 " in line)
    admin = next(line for line in lines if "Admin" in line)
    assert len(admin) - len(admin.lstrip()) > len(mara) - len(mara.lstrip())
    assert "orphan of zz" in result.output


def test_stdin_is_read_with_dash(own_json):
    result = moderate("parse", "--format", "json", "-", stdin=own_json.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["threads"][0]["source"]["path"] == "-"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b'{"some": "other json"}', "not a recognised comment dump"),
        (b"<html><body><p>hi</p>", None),  # an HTML page with no comments is a thread, not an error
    ],
)
def test_bad_input_gives_one_line_and_status_2(tmp_path, content, message):
    bad = tmp_path / "bad.dat"
    bad.write_bytes(content)
    result = moderate("parse", str(bad))
    if message is None:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert str(bad) in lines[0] and message in lines[0]
    assert b"Traceback" not in result.stderr


def test_other_files_are_still_parsed_after_a_bad_one(tmp_path):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden").write_text("ignored", encoding="utf-8")
    result = moderate("parse", "--format", "json", str(tmp_path))
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert [t["title"] for t in document["threads"]] == ["A quiet article"]
    assert "a_empty.txt" in result.stderr.decode()


def test_missing_file_and_unknown_format_are_one_line_errors(tmp_path):
    missing = moderate("parse", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2
    assert len(missing.stderr.decode().strip().splitlines()) == 1
    unknown = moderate("parse", "--from", "nonsense", str(tmp_path))
    assert unknown.returncode == 2
    assert b"Traceback" not in unknown.stderr


def test_forced_format_that_does_not_fit_names_it(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = moderate("parse", "--from", "json", str(page))
    assert result.returncode == 2
    assert "read as json" in result.stderr.decode()


def test_page_without_comments_gives_a_thread_with_none(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    document = json.loads(run(["parse", "--format", "json", str(page)]).output)
    assert document["threads"][0]["comments"] == []
    assert document["threads"][0]["title"] == "A quiet article"
