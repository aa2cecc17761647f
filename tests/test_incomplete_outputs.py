"""Never a silent all-clear: a thread read only in part says so in every output, and the exit status
says so too (2 unreadable > 3 incomplete > 1 --fail-on found > 0).

Three inputs, all written here: a dump that declares more comments than it holds (our JSON, and a
WXR-free Reddit NDJSON would do as well), a plain-text page whose comments were not in the copy, and
a folder with nothing to read. Scores come from the word-list stand-in of the golden report tests.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from test_report_golden import KeywordModel

from moderation.classify import commands as classify_commands
from moderation.cli import cli
from moderation.exit_status import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INCOMPLETE, EXIT_OK, exit_status
from moderation.report import commands as report_commands

GAP_REASON = "the page says 6 comments; 2 are in this dump"
REPORT_FORMATS = ("text", "markdown", "json", "csv", "html")


class ScoringKeywordModel(KeywordModel):
    """The stand-in, with the thresholds argument `moderate score` passes."""

    def flags(self, scores, thresholds=None):
        thresholds = thresholds or self.thresholds
        return [label for label in self.labels if scores[label] >= thresholds[label]]


@pytest.fixture(autouse=True)
def keyword_model(monkeypatch):
    monkeypatch.setattr(report_commands, "_load_model", lambda path: (ScoringKeywordModel(), None))
    monkeypatch.setattr(classify_commands, "load_model_for_command", lambda path, **_: ScoringKeywordModel())


def threads_json(*threads) -> str:
    return json.dumps({"schema": "moderation.threads/1", "threads": list(threads)})


def quay_thread(declared=None, insult=False) -> dict:
    second = "Only an idiot parks there." if insult else "The bays are empty by nine."
    thread = {
        "id": "quay",
        "title": "Quay Street parking review",
        "comments": [
            {"id": "q1", "parent_id": None, "author": "Perpetua Vale", "text": "Keep the loading bays."},
            {"id": "q2", "parent_id": "q1", "author": "Lorcan Ibbot", "text": second},
        ],
    }
    if declared is not None:
        thread["declared_comment_count"] = declared
    return thread


@pytest.fixture
def gap_dump(tmp_path):
    """Declares 6 comments, holds 2, nothing flagged among them."""
    path = tmp_path / "quay.json"
    path.write_text(threads_json(quay_thread(declared=6)), encoding="utf-8")
    return str(path)


@pytest.fixture
def unread_page(tmp_path):
    """An article copied as text whose comment section was not in the copy, only its header and pager."""
    path = tmp_path / "tidal-pool.txt"
    path.write_text(
        "Tidal pool to reopen after winter repairs\n\n"
        "The council says the pool at Skerry Point reopens in May once the seawall is patched.\n"
        "Swimmers' club chair Ottoline Brask welcomed the date.\n\n"
        "7 Comments\n\n"
        "« Older Comments\n\n"
        "Leave a Reply\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture
def empty_folder(tmp_path):
    folder = tmp_path / "nothing-here"
    (folder / ".cache").mkdir(parents=True)
    (folder / ".cache" / "index").write_text("hidden", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"hidden")
    return str(folder)


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- the rule and the decision, in the library ---------------------------------------------------


@pytest.mark.parametrize(
    ("failed", "incomplete", "found", "status"),
    [
        (0, 0, 0, EXIT_OK),
        (0, 0, 3, EXIT_FOUND),
        (0, 1, 0, EXIT_INCOMPLETE),
        (0, 1, 3, EXIT_INCOMPLETE),
        (1, 1, 3, EXIT_BAD_INPUT),
        (1, 0, 0, EXIT_BAD_INPUT),
    ],
)
def test_exit_status_precedence(failed, incomplete, found, status):
    assert exit_status(failed_files=failed, incomplete_threads=incomplete, labels_found=found) == status


def test_declared_count_above_the_comments_read_marks_the_thread_once(gap_dump):
    from moderation.parsing import parse_path

    [thread] = parse_path(gap_dump)
    assert thread.incomplete and thread.unread == [GAP_REASON]
    assert thread.warnings.count(GAP_REASON) == 1


def test_more_comments_than_declared_is_no_gap(tmp_path):
    from moderation.parsing import parse_bytes

    [thread] = parse_bytes(threads_json(quay_thread(declared=1)).encode())
    assert not thread.incomplete


def test_a_format_reason_is_not_repeated_in_general_words():
    from moderation.parsing import parse_bytes

    record = quay_thread(declared=6) | {"unread": ["4 replies behind a 'load more' stub"]}
    [thread] = parse_bytes(threads_json(record).encode())
    assert thread.unread == ["4 replies behind a 'load more' stub"]


# -- a dump that declares more than it holds -----------------------------------------------------


def test_gap_parse_tree_and_json_mark_it_and_exit_0(gap_dump):
    tree = invoke("parse", gap_dump)
    assert tree.exit_code == 0
    assert "INCOMPLETE" in tree.stdout and GAP_REASON in tree.stdout
    document = json.loads(invoke("parse", "--format", "json", gap_dump).stdout)
    [thread] = document["threads"]
    assert thread["incomplete"] is True and thread["unread"] == [GAP_REASON]


@pytest.mark.parametrize("output_format", REPORT_FORMATS)
def test_gap_report_marks_it_in_every_format_and_exits_3(gap_dump, output_format):
    result = invoke("report", gap_dump, "--format", output_format)
    assert result.exit_code == EXIT_INCOMPLETE
    assert f"thread quay is incomplete: {GAP_REASON}" in result.stderr
    out = result.stdout
    if output_format == "json":
        document = json.loads(out)
        [thread] = document["threads"]
        assert thread["incomplete"] is True and thread["unread"] == [GAP_REASON]
        assert document["summary"]["incomplete_threads"] == 1
        assert document["summary"]["incomplete"][0]["unread"] == [GAP_REASON]
    elif output_format == "csv":
        [row] = list(csv.DictReader(io.StringIO(out)))  # nothing flagged: one row says the thread is partial
        assert (row["thread"], row["incomplete"], row["unread"]) == ("quay", "yes", GAP_REASON)
        assert row["labels"] == "" and "not read whole" in row["text"]
    else:
        assert "INCOMPLETE" in out and GAP_REASON in out
        assert "1 of 1 thread was not read whole" in out  # the run's count, at the top or the end
        assert "Nothing flagged." not in out and "nothing flagged\n" not in out
    if output_format in ("markdown", "html"):
        assert out.index("not read whole") < out.index(
            "Quay Street parking review</h2>" if output_format == "html" else "### [1] Quay"
        )


def test_gap_csv_rows_of_flagged_comments_carry_the_mark(tmp_path):
    path = tmp_path / "quay.json"
    path.write_text(threads_json(quay_thread(declared=6, insult=True)), encoding="utf-8")
    result = invoke("report", str(path), "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["comment_id"], row["labels"], row["incomplete"], row["unread"]) == ("q2", "insult", "yes", GAP_REASON)
    assert result.exit_code == EXIT_INCOMPLETE


def test_gap_outranks_fail_on_and_never_passes(gap_dump, tmp_path):
    assert invoke("report", gap_dump, "--fail-on", "insult").exit_code == EXIT_INCOMPLETE
    flagged = tmp_path / "flagged.json"
    flagged.write_text(threads_json(quay_thread(declared=6, insult=True)), encoding="utf-8")
    result = invoke("report", str(flagged), "--fail-on", "insult")
    assert result.exit_code == EXIT_INCOMPLETE and "moderate: found 1 insult" in result.stderr


def test_gap_after_an_unreadable_file_exits_2(gap_dump, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"\x00\x01 not a dump")
    result = invoke("report", gap_dump, str(broken), "--format", "json")
    assert result.exit_code == EXIT_BAD_INPUT
    assert json.loads(result.stdout)["summary"]["incomplete_threads"] == 1


def test_gap_score_names_the_thread_and_exits_3(gap_dump):
    result = invoke("score", gap_dump)
    assert result.exit_code == EXIT_INCOMPLETE
    assert len(result.stdout.splitlines()) == 2  # the comments that were read are still scored
    assert f"thread quay is incomplete: {GAP_REASON}" in result.stderr


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_gap_aliases_names_the_thread_and_exits_3(gap_dump, output_format):
    result = invoke("aliases", gap_dump, "--format", output_format)
    assert result.exit_code == EXIT_INCOMPLETE
    assert "thread quay is incomplete" in result.stderr
    if output_format == "json":
        assert json.loads(result.stdout)["incomplete"][0]["unread"] == [GAP_REASON]
    else:
        assert result.stdout.startswith(f"INCOMPLETE: thread quay ({gap_dump}) was not read whole: {GAP_REASON}")


def test_complete_threads_exit_0_in_every_command(tmp_path):
    path = tmp_path / "whole.json"
    path.write_text(threads_json(quay_thread()), encoding="utf-8")
    for args in (["parse"], ["report"], ["report", "--format", "csv"], ["score"], ["aliases"]):
        result = invoke(*args, str(path))
        assert result.exit_code == EXIT_OK, args
        assert "INCOMPLETE" not in result.output and "incomplete" not in result.stderr
    rows = list(csv.DictReader(io.StringIO(invoke("report", str(path), "--format", "csv").stdout)))
    assert rows == []  # complete and nothing flagged: the all-clear is earned


# -- a page whose comments were not read ----------------------------------------------------------


def test_unread_page_parse_outputs_mark_it_and_exit_0(unread_page):
    tree = invoke("parse", unread_page)
    assert tree.exit_code == 0
    assert "INCOMPLETE" in tree.stdout
    assert "the page says 7 comments; 0 are in this dump" in tree.stdout
    assert "« Older Comments" in tree.stdout
    [thread] = json.loads(invoke("parse", "--format", "json", unread_page).stdout)["threads"]
    assert thread["source"]["format"] == "text"
    assert thread["incomplete"] is True and thread["declared_comment_count"] == 7
    assert len(thread["unread"]) == 2


@pytest.mark.parametrize("output_format", REPORT_FORMATS)
def test_unread_page_report_marks_it_in_every_format_and_exits_3(unread_page, output_format):
    result = invoke("report", unread_page, "--format", output_format)
    assert result.exit_code == EXIT_INCOMPLETE
    out = result.stdout
    if output_format == "json":
        document = json.loads(out)
        assert document["threads"][0]["incomplete"] is True
        assert document["summary"]["incomplete_threads"] == 1
    elif output_format == "csv":
        [row] = list(csv.DictReader(io.StringIO(out)))
        assert row["incomplete"] == "yes" and "the page says 7 comments; 0 are in this dump" in row["unread"]
    else:
        assert "INCOMPLETE" in out and "the page says 7 comments; 0 are in this dump" in out


def test_unread_page_score_and_aliases_exit_3(unread_page):
    for command in ("score", "aliases"):
        result = invoke(command, unread_page)
        assert result.exit_code == EXIT_INCOMPLETE, command
        assert "tidal-pool.txt: thread tidal-pool is incomplete" in result.stderr


# -- a folder with nothing to read ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["parse"],
        ["parse", "--format", "json"],
        *(["report", "--format", output_format] for output_format in REPORT_FORMATS),
        ["score"],
        ["aliases"],
        ["aliases", "--format", "json"],
        ["evaluate"],
        ["train", "-o", "model.joblib"],
    ],
    ids=lambda args: " ".join(args),
)
def test_empty_folder_is_one_line_and_exit_2(empty_folder, args, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = through_main(monkeypatch, *args, empty_folder)
    assert status == EXIT_BAD_INPUT
    assert stdout == ""  # no empty report that reads as an all-clear
    assert stderr == f"moderate: {empty_folder}: no comment dump in this folder (hidden files are skipped)\n"


def test_empty_folder_beside_a_good_file_still_fails_before_any_output(empty_folder, gap_dump, monkeypatch):
    status, stdout, stderr = through_main(monkeypatch, "report", gap_dump, empty_folder)
    assert status == EXIT_BAD_INPUT and stdout == "" and stderr.count("\n") == 1


def through_main(monkeypatch, *args):
    """Run `moderate ARGS` through main(), which turns our errors into one line and a status."""
    from moderation.cli import main

    monkeypatch.setattr("sys.argv", ["moderate", *args])
    with CliRunner().isolation() as (stdout, stderr, _):
        try:
            main()
            status = 0
        except SystemExit as end:
            status = end.code
        return status, stdout.getvalue().decode(), stderr.getvalue().decode()
