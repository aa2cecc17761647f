"""`score` reads through the one input path: bad files are named, one line each, and the rest scored (issue #18)."""

from __future__ import annotations

import builtins
import json

import pytest
from test_hostile_outputs import through_main

from moderation.exit_status import EXIT_BAD_INPUT
from moderation.parsing import source as source_module

TEXTS = ["You are a pathetic clown, what is wrong with you?", "Thanks for the bus timetable."]


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """A good dataset among an empty, a binary, an unreadable and a missing file."""
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)
    unreadable = tmp_path / "locked.xml"
    unreadable.write_text("<rss/>", encoding="utf-8")
    unreadable.chmod(0)
    real_open = builtins.open

    def open_as_a_user(file, *args, **kwargs):  # root reads mode-0 files; a user does not
        if str(file) == str(unreadable):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(source_module, "open", open_as_a_user, raising=False)
    missing = tmp_path / "missing.xml"
    return good, {
        empty: "empty file",
        binary: "binary data",
        unreadable: "cannot read: Permission denied",
        missing: "cannot read: No such file or directory",
    }


def test_score_names_each_bad_file_in_one_line_and_scores_the_rest(small_model_file, inputs, monkeypatch):
    good, bad = inputs
    for order in ([good, *bad], [*bad, good]):
        status, stdout, stderr = through_main(monkeypatch, "score", *order, "--model", small_model_file)
        assert status == EXIT_BAD_INPUT
        assert [json.loads(line)["comment"] for line in stdout.splitlines()] == ["1", "2"]
        lines = stderr.splitlines()
        assert len(lines) == len(bad), stderr
        for path, reason in bad.items():
            assert any(line.startswith(f"moderate: {path}: {reason}") for line in lines), stderr
        assert "internal error" not in stderr and "Usage" not in stderr


def test_score_reads_standard_input(small_model_file, monkeypatch):
    data = "".join(json.dumps({"text": t}) + "\n" for t in TEXTS).encode()
    status, stdout, stderr = through_main(monkeypatch, "score", "-", "--model", small_model_file, stdin=data)
    assert status == 0, stderr
    assert len(stdout.splitlines()) == 2


def test_evaluate_on_a_missing_file_is_one_line(small_model_file, tmp_path, monkeypatch):
    status, _, stderr = through_main(monkeypatch, "evaluate", tmp_path / "missing.csv", "--model", small_model_file)
    assert status == EXIT_BAD_INPUT and stderr.count("\n") == 1 and "No such file" in stderr, stderr
