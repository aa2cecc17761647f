"""`moderate report` through click: formats, -o, thresholds, --fail-on and exit statuses.

The model is the word-list stand-in from the golden tests, swapped in for the default model.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from test_report_golden import REPORT_CASES, KeywordModel

from moderation.cli import cli
from moderation.report import commands
from moderation.report.render_markdown import md

HEATED = str(REPORT_CASES / "heated_thread.ndjson")
HOSTILE = str(REPORT_CASES / "hostile_markup.ndjson")


@pytest.fixture(autouse=True)
def keyword_model(monkeypatch):
    monkeypatch.setattr(commands, "_load_model", lambda path: (KeywordModel(), None))


def run(*args):
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def test_text_report_shows_flags_targets_and_dynamics():
    result = run(HEATED)
    assert result.exit_code == 3, result.output  # the dump declares 14 comments and holds 12
    out = result.output
    assert "the page says 14 comments; 12 are in this dump" in out
    assert "1.1.1.1" in out and "aimed at towpath_tess (replying to 1.1.1)" in out
    assert "four_wheels_frank → towpath_tess" in out  # in the opening's ranked flags
    assert "bargepole at 2.1, 2.2" in out
    assert "CanalStreetMags" in out
    assert "192.168.4.20" not in out and "planning.desk@" not in out


def test_every_format_writes_to_output_file(tmp_path):
    for output_format in commands.FORMATS:
        target = tmp_path / f"report.{output_format}"
        result = run(HEATED, HOSTILE, "--format", output_format, "-o", str(target))
        assert result.exit_code == 3, result.output  # both dumps declare more comments than they hold
        assert result.stdout == ""
        content = target.read_text(encoding="utf-8")
        assert ("four\\_wheels\\_frank" if output_format == "markdown" else "four_wheels_frank") in content
        assert "192.168.4.20" not in content and "reader@example.org" not in content


def test_json_has_schema_summary_and_tree():
    document = json.loads(run(HEATED, HOSTILE, "--format", "json").stdout)
    assert document["schema"] == "moderation.report/1"
    assert document["summary"]["threads"] == 2
    assert all("tree" in thread for thread in document["threads"])
    assert document["model"]["thresholds"] == {"insult": 0.5, "username_change": 0.5}


def test_csv_has_one_row_per_flagged_comment_and_defuses_formulas():
    rows = list(csv.DictReader(io.StringIO(run(HEATED, HOSTILE, "--format", "csv").stdout)))
    assert len(rows) == 4 + 3
    authors = {row["author"] for row in rows}
    assert "'=cmd|' /C calc'!A0" in authors
    assert all(not row["author"].startswith("=") for row in rows)


def test_markdown_escapes_comment_markup():
    out = run(HOSTILE, "--format", "markdown").output
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert "\\*\\*bold\\*\\*" in out
    assert "[click me](javascript" not in out
    assert md("a|b") == "a\\|b"


def test_threshold_changes_what_is_flagged():
    strict = json.loads(run(HEATED, "--format", "json", "--threshold", "insult=0.95").stdout)
    assert strict["threads"][0]["flag_counts"]["insult"] == 0
    assert strict["model"]["thresholds"]["insult"] == 0.95


def complete_dump(tmp_path):
    """A thread read whole (no declared count): --fail-on alone decides its status."""
    comments = [
        {"id": "a", "parent_id": None, "author": "Tamsin", "text": "The ferry ran late again."},
        {"id": "b", "parent_id": "a", "author": "Rook", "text": "Only an idiot takes the 7:40."},
    ]
    path = tmp_path / "whole.json"
    path.write_text(json.dumps({"schema": "moderation.threads/1", "threads": [{"id": "f1", "comments": comments}]}))
    return str(path)


def test_fail_on_exits_1_when_found_and_0_when_not(tmp_path):
    found = run(complete_dump(tmp_path), "--fail-on", "insult,username_change")
    assert found.exit_code == 1
    assert found.stderr.strip().splitlines()[-1] == "moderate: found 1 insult"
    clean = run(complete_dump(tmp_path), "--fail-on", "insult", "--threshold", "insult=1")
    assert clean.exit_code == 0


def test_an_incomplete_thread_outranks_fail_on():
    found = run(HEATED, "--fail-on", "insult,username_change")
    assert found.exit_code == 3
    assert "moderate: found 3 insult, 1 username_change" in found.stderr
    clean = run(HEATED, "--fail-on", "insult", "--threshold", "insult=1")
    assert clean.exit_code == 3  # nothing flagged in what was read does not pass what was not read


@pytest.mark.parametrize(
    "args",
    [
        ["--threshold", "insult"],
        ["--threshold", "insult=2"],
        ["--threshold", "rudeness=0.5"],
        ["--fail-on", "rudeness"],
        ["--format", "pdf"],
        ["--from", "nonsense"],
    ],
)
def test_bad_usage_exits_2(args):
    result = CliRunner().invoke(cli, ["report", HEATED, *args])
    assert result.exit_code == 2


def test_unreadable_file_is_named_and_exits_2(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"\x00\x01\x02 not a dump")
    result = run(HEATED, str(broken))
    assert result.exit_code == 2
    assert "broken.xml" in result.stderr
    assert "four_wheels_frank" in result.output  # the readable file is still reported


def test_main_turns_a_bad_model_file_into_one_line(tmp_path, monkeypatch):
    import subprocess
    import sys
    from pathlib import Path

    bad = tmp_path / "bad.joblib"
    bad.write_bytes(b"not a model")
    moderate = Path(sys.executable).parent / "moderate"
    result = subprocess.run([str(moderate), "report", HEATED, "--model", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.joblib" in result.stderr
