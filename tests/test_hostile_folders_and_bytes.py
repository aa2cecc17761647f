"""Scanned folders read only what lies inside them; one bad byte does not garble a UTF-8 file (issue #18)."""

from __future__ import annotations

import json
import warnings

import pytest
from test_hostile_inputs import reddit_dump
from test_hostile_outputs import through_main

from moderation.errors import InputWarning
from moderation.parsing import expand_paths, parse_bytes
from moderation.parsing.source import decode_text

ACCENTED = "Isn’t the café’s naïve résumé — «déjà vu» — right, Zoë?"


@pytest.fixture
def tree(tmp_path):
    """A scanned folder holding a dump, a link inside it, and links out of it (file, relative, folder)."""
    scanned = tmp_path / "scanned"
    (scanned / "sub").mkdir(parents=True)
    (scanned / "sub" / "comments.ndjson").write_bytes(reddit_dump(5))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.ndjson").write_bytes(reddit_dump(7))
    (scanned / "inside-link.ndjson").symlink_to(scanned / "sub" / "comments.ndjson")
    (scanned / "absolute-out.ndjson").symlink_to(outside / "private.ndjson")
    (scanned / "sub" / "relative-out.ndjson").symlink_to("../../elsewhere/private.ndjson")
    (scanned / "folder-out").symlink_to(outside, target_is_directory=True)
    return scanned


def test_links_out_of_a_scanned_folder_are_not_followed_and_said_once(tree):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names = sorted(source.name for source in expand_paths([tree]))
    # The link inside is read; the file it points at is that same file, read once (read_once).
    assert names == [str(tree / "inside-link.ndjson")]
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert [line for line in said if "not followed" in line] == [
        f"{tree}: 2 links to files outside the folder not followed ({tree / 'absolute-out.ndjson'} first)"
    ]


@pytest.mark.parametrize("command", ["parse", "score", "aliases"])
def test_every_command_reads_links_inside_only_and_says_so_in_one_line(tree, monkeypatch, command, small_model_file):
    model = ["--model", small_model_file] if command == "score" else []
    status, stdout, stderr = through_main(monkeypatch, command, tree, *model)
    assert "private" not in stdout and "elsewhere" not in stdout
    assert stderr.count("not followed") == 1, stderr


def test_a_file_given_by_its_own_link_is_read(tree):
    """The rule is about scanning folders: a link the user names is a file the user chose."""
    (given,) = list(expand_paths([tree / "absolute-out.ndjson"]))
    assert given.name.endswith("absolute-out.ndjson")


def test_a_folder_named_like_a_file_is_read_as_a_folder_or_refused_when_empty(tmp_path, monkeypatch):
    named = tmp_path / "export.xml"
    named.mkdir()
    status, stdout, stderr = through_main(monkeypatch, "parse", named)
    assert status == 2 and stdout == "" and stderr.count("\n") == 1 and "no comment dump" in stderr
    (named / "comments.ndjson").write_bytes(reddit_dump(3))
    status, stdout, stderr = through_main(monkeypatch, "parse", "--format", "json", named)
    assert status == 0 and sum(len(t["comments"]) for t in json.loads(stdout)["threads"]) == 3


@pytest.mark.parametrize("where", ["start", "middle", "end", "several"])
def test_a_few_bad_bytes_in_utf8_are_replaced_not_read_as_cp1252(where):
    good = ACCENTED.encode() * 20
    bad = {
        "start": b"\xff" + good,
        "middle": good[:101] + b"\xfe\xfe" + good[101:],
        "end": good + b"\x81",
        "several": good.replace(b" the ", b" \x92the ", 3),
    }[where]
    with pytest.warns(InputWarning, match="invalid UTF-8 sequence"):
        text = decode_text(bad, name="dump")
    assert text.count(ACCENTED) >= 17  # every other character as written
    assert "Ã" not in text and "â€" not in text  # no mojibake


def test_cp1252_text_is_still_read_as_cp1252():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode_text(ACCENTED.encode("cp1252"), name="dump") == ACCENTED


def test_a_whole_file_format_keeps_every_accent_of_a_comment_beside_one_bad_byte(monkeypatch, tmp_path):
    comments = [{"id": str(n), "author": "Zoë", "text": f"{ACCENTED} {n}"} for n in range(5)]
    threads = [{"id": "t", "comments": comments}]
    document = json.dumps({"schema": "moderation.threads/1", "threads": threads}, ensure_ascii=False)
    data = document.encode().replace(b"right", b"right\xff", 1)
    with pytest.warns(InputWarning):
        (thread,) = parse_bytes(data, "json")
    assert [c.author for c in thread.comments] == ["Zoë"] * 5
    assert all(ACCENTED in c.text.replace("\ufffd", "") for c in thread.comments)
    dump = tmp_path / "threads.json"
    dump.write_bytes(data)
    status, stdout, stderr = through_main(monkeypatch, "parse", dump)
    assert status == 0 and "Zoë" in stdout
    assert stderr == f"moderate: warning: {dump}: 1 invalid UTF-8 sequence replaced by U+FFFD; the rest read as UTF-8\n"
