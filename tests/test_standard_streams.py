"""'-' names standard input (a PATH) or output (-o) wherever a command asks, through one test (is_dash)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_hostile_leftovers import no_model_work
from test_hostile_outputs import through_main

from moderation.cli import cli
from moderation.exit_status import EXIT_BAD_INPUT
from moderation.standard_streams import DASH, is_dash
from moderation.unopenable_inputs import cannot_be_opened

PAGE = "Opening hours\n\nThe reading room now closes at nine on weekdays.\n"


def test_the_dash_and_only_the_dash_is_a_stream():
    assert is_dash(DASH) and is_dash(Path("-"))
    assert not is_dash("./-") and not is_dash("--") and not is_dash("") and not is_dash(None)


def test_standard_input_is_never_an_unopenable_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no file named "-" here: the stat would fail if it were asked
    assert not cannot_be_opened(DASH)
    assert cannot_be_opened("./-")


def test_a_page_read_from_standard_input_is_the_stdin_thread():
    result = CliRunner().invoke(cli, ["parse", "--from", "text", "--format", "json", "-"], input=PAGE)
    assert result.exit_code == 0, result.output
    [thread] = json.loads(result.stdout)["threads"]
    assert thread["id"] == "stdin" and thread["source"]["path"] == "-"


def test_a_file_named_dash_in_a_folder_is_a_file(tmp_path):
    (tmp_path / "-").write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "--from", "text", "--format", "json", str(tmp_path)], input="")
    assert result.exit_code == 0, result.output
    [thread] = json.loads(result.stdout)["threads"]
    assert thread["source"]["path"] == str(tmp_path / "-")


def test_a_file_named_dash_in_the_current_folder_is_never_taken_for_standard_input(tmp_path, monkeypatch):
    (tmp_path / "-").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in ("./-", "."):  # Path("./-") and a folder's child both print as "-"
        result = CliRunner().invoke(cli, ["parse", "--from", "text", "--format", "json", given], input="")
        assert result.exit_code == 0, result.output
        [thread] = json.loads(result.stdout)["threads"]
        assert thread["source"]["path"] == "./-" and thread["id"] == "-", given


@pytest.mark.parametrize("command", ["parse", "report", "score", "aliases"])
def test_standard_input_named_twice_is_one_line_before_anything_is_read(command, tmp_path, monkeypatch):
    no_model_work(monkeypatch, tmp_path)
    status, stdout, stderr = through_main(monkeypatch, command, "-", "-", stdin=PAGE.encode())
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr == "moderate: -: standard input is named more than once; it can be read only once\n"
