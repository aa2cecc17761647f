"""Reading the inputs in a forked child while the model loads gives what reading them here gives."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from moderation import forked_workers
from moderation.errors import ModerationError, error_line
from moderation.read_ahead import ReadAhead

forking = pytest.mark.skipif(not forked_workers.fork_available(), reason="the reading is forked on Linux only")


def _read_in_child() -> tuple[int, list[str]]:
    error_line("warning: one row skipped")
    return os.getpid(), ["some text", "é ✓"]


@forking
def test_the_value_comes_from_another_process_and_its_messages_come_at_the_result(capsys):
    reading = ReadAhead(_read_in_child)
    child, texts = reading.result()
    assert child != os.getpid()
    assert texts == ["some text", "é ✓"]
    assert capsys.readouterr().err == "moderate: warning: one row skipped\n"
    assert reading.result()[1] == texts and capsys.readouterr().err == "", "said once"


def _fail() -> None:
    sys.stderr.write("read half of it\n")
    raise ModerationError("data.csv: not a data file")


@forking
def test_an_error_of_the_reading_is_raised_at_the_result_after_its_messages(capsys):
    reading = ReadAhead(_fail)
    with pytest.raises(ModerationError, match="data.csv: not a data file"):
        reading.result()
    assert capsys.readouterr().err == "read half of it\n"


class _Odd(Exception):
    """An error no pickler can hand over: it holds a lock. (An odd __init__ alone is not enough: once
    Dask's distributed is imported, tblib pickles such exceptions too.)"""

    def __init__(self, first, second):
        super().__init__(f"{first} and {second}")
        self.held = threading.Lock()


def _fail_oddly() -> None:
    raise _Odd("this", "that")


@forking
def test_an_error_that_cannot_travel_is_still_named():
    with pytest.raises(RuntimeError, match="this and that"):
        ReadAhead(_fail_oddly).result()


def _die() -> None:
    os._exit(9)


@forking
def test_a_reading_process_that_dies_is_one_clear_error():
    with pytest.raises(ModerationError, match="reading the input failed"):
        ReadAhead(_die).result()


@forking
def test_close_stops_and_reaps_a_reading_never_asked_for():
    reading = ReadAhead(lambda: __import__("time").sleep(60))
    child = reading._pid
    reading.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


def test_without_fork_the_reading_runs_at_once(monkeypatch):
    monkeypatch.setattr("moderation.read_ahead.fork_available", lambda: False)
    seen = []
    reading = ReadAhead(lambda: seen.append("read") or 7)
    assert seen == ["read"]
    assert reading.result() == 7
    with pytest.raises(ModerationError):
        ReadAhead(_fail)


def test_score_says_what_is_wrong_with_the_data_before_what_is_wrong_with_the_model(monkeypatch, tmp_path):
    from test_hostile_outputs import through_main

    empty = tmp_path / "empty"
    empty.mkdir()
    status, stdout, stderr = through_main(monkeypatch, "score", empty, "--model", tmp_path / "missing.npz")
    assert status == 2 and stdout == ""
    assert len(stderr.splitlines()) == 1 and "empty" in stderr and "missing.npz" not in stderr, stderr
