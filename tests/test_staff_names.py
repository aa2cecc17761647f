"""`moderate report --staff NAME`: a name that matches no author (a typo) is named in one line on stderr,
with the nearest author names; the report and the exit status are unchanged."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_report_golden import REPORT_CASES, KeywordModel

from moderation.cli import cli
from moderation.report import commands
from moderation.report.staff_names import StaffCheck
from moderation.thread import Comment, Thread

HEATED = str(REPORT_CASES / "heated_thread.ndjson")  # authors towpath_tess, four_wheels_frank...


@pytest.fixture(autouse=True)
def keyword_model(monkeypatch):
    monkeypatch.setattr(commands, "_load_model", lambda path: (KeywordModel(), None))


def run(*args):
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "--staff" in line]


def test_a_mistyped_staff_name_is_named_with_the_nearest_authors_and_the_status_is_unchanged():
    plain = run(HEATED)
    typo = run(HEATED, "--staff", "towpath_tes", "--staff", "Four_Wheels_Frank")
    assert warnings_in(typo.stderr) == [
        "moderate: warning: --staff 'towpath_tes' matched no author in the comments read; "
        "nearest author: 'towpath_tess'"
    ]
    assert typo.exit_code == plain.exit_code == 3  # the dump declares more comments than it holds
    assert "four_wheels_frank (site staff)" in typo.stdout  # the name that matched works as before


def test_a_name_close_to_nobody_is_named_without_suggestions():
    result = run(HEATED, "--staff", "Zebedee Quartermaine")
    assert warnings_in(result.stderr) == [
        "moderate: warning: --staff 'Zebedee Quartermaine' matched no author in the comments read"
    ]


def test_staff_names_that_all_match_say_nothing():
    assert warnings_in(run(HEATED, "--staff", " TOWPATH_TESS ").stderr) == []
    assert warnings_in(run(HEATED).stderr) == []


def test_no_warning_when_no_comment_was_read():
    check = StaffCheck(["Editor"])
    assert list(check.watch([])) == [] and check.warnings() == []


def test_the_threads_pass_through_unchanged():
    thread = Thread(id="t", comments=[Comment(id="a", parent_id=None, author="Editor", text="hello")])
    check = StaffCheck(["editor", "Edtor"])
    assert list(check.watch([thread])) == [thread]
    assert check.warnings() == [
        "warning: --staff 'Edtor' matched no author in the comments read; nearest author: 'Editor'"
    ]
