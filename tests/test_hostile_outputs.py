"""Outputs are written whole or not at all, and never over (or inside) what the run reads (issue #18)."""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from click.testing import CliRunner
from test_report_golden import REPORT_CASES, KeywordModel

from moderation.cli import EXIT_INTERRUPTED
from moderation.errors import ModerationError
from moderation.exit_status import EXIT_BAD_INPUT
from moderation.output import atomic_text_output, check_output_path
from moderation.report import commands

HEATED = REPORT_CASES / "heated_thread.ndjson"
PREVIOUS = "the previous report, which an interrupted run must leave as it was\n"


@pytest.fixture(autouse=True)
def keyword_model(monkeypatch):
    monkeypatch.setattr(commands, "_load_model", lambda path: (KeywordModel(), None))


@pytest.fixture
def dump(tmp_path):
    copied = tmp_path / "dumps" / HEATED.name
    copied.parent.mkdir()
    shutil.copy(HEATED, copied)
    return copied


def through_main(monkeypatch, *args, stdin: bytes | None = None):
    """Run `moderate ARGS` through main(), which turns our errors into one line and a status."""
    from moderation.cli import main

    monkeypatch.setattr("sys.argv", ["moderate", *map(str, args)])
    with CliRunner().isolation(input=stdin) as (stdout, stderr, _):
        try:
            main()
            status = 0
        except SystemExit as end:
            status = end.code
        sys.stdout.flush()
        return status, stdout.getvalue().decode(), stderr.getvalue().decode()


def same_file_spellings(dump):
    """The dump itself, by another spelling, by a symlink and by a hard link: each is the same file."""
    symlink = dump.parent.parent / "link.ndjson"
    symlink.symlink_to(dump)
    hardlink = dump.parent.parent / "hard.ndjson"
    os.link(dump, hardlink)
    return [dump, dump.parent / ".." / dump.parent.name / dump.name, symlink, hardlink]


@pytest.mark.parametrize("output_format", commands.FORMATS)
def test_report_refuses_an_output_that_is_one_of_its_inputs(dump, monkeypatch, output_format):
    before = dump.read_bytes()
    for target in same_file_spellings(dump):
        status, stdout, stderr = through_main(monkeypatch, "report", dump, "--format", output_format, "-o", target)
        assert status == EXIT_BAD_INPUT and stdout == ""
        assert stderr.count("\n") == 1 and "also an input" in stderr, stderr
        assert dump.read_bytes() == before  # the dump is not truncated


def test_report_refuses_an_output_inside_a_folder_it_reads(dump, monkeypatch):
    for target in (dump.parent / "report.html", dump.parent / "deeper" / "report.csv"):
        status, _, stderr = through_main(monkeypatch, "report", dump.parent, "-o", target)
        assert status == EXIT_BAD_INPUT and stderr.count("\n") == 1 and "a folder this run reads" in stderr
        assert not target.exists()


def test_report_beside_the_folder_it_reads_is_written(dump, monkeypatch):
    target = dump.parent.parent / "report.md"
    status, _, _ = through_main(monkeypatch, "report", dump.parent, "--format", "markdown", "-o", target)
    assert status == 3  # the heated thread declares more comments than it holds
    assert "CanalStreetMags" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError(28, "No space left on device")])
@pytest.mark.parametrize("output_format", commands.FORMATS)
def test_an_interrupted_report_leaves_the_previous_file_and_no_partial_one(
    dump, monkeypatch, tmp_path, output_format, interruption
):
    real_writer = commands._writer(output_format)

    def failing_writer(head, reports, summary, stream):
        def some_then_fail():
            for number, report in enumerate(reports):
                if number == 1:
                    stream.flush()
                    raise interruption
                yield report

        real_writer(head, some_then_fail(), summary, stream)

    monkeypatch.setattr(commands, "_writer", lambda name: failing_writer)
    other = dump.parent.parent / "third_thread.ndjson"
    other.write_bytes(dump.read_bytes())  # two threads: the failure comes after the first is written
    target = tmp_path / f"report.{output_format}"
    target.write_text(PREVIOUS, encoding="utf-8")
    status, stdout, stderr = through_main(monkeypatch, "report", dump, other, "--format", output_format, "-o", target)
    if interruption is KeyboardInterrupt:
        assert (status, stderr) == (EXIT_INTERRUPTED, "moderate: interrupted\n")
    else:
        assert status == EXIT_BAD_INPUT and stderr.count("\n") == 1 and "No space left" in stderr, stderr
    assert target.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dumps", "report." + output_format, "third_thread.ndjson"]


def test_output_to_a_folder_or_an_unwritable_place_is_one_line(dump, monkeypatch, tmp_path):
    folder = tmp_path / "a-folder.html"
    folder.mkdir()
    missing = tmp_path / "no-such-folder" / "report.html"
    for target in (folder, missing):
        status, _, stderr = through_main(monkeypatch, "report", dump, "-o", target)
        assert status == EXIT_BAD_INPUT and stderr.count("\n") == 1 and f"cannot write {target}" in stderr, stderr


def test_atomic_text_output_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text(PREVIOUS, encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_output(target) as stream:
        stream.write("half a report")
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == PREVIOUS and os.listdir(tmp_path) == ["out.txt"]
    with atomic_text_output(target) as stream:
        stream.write("a whole report\n")
    assert target.read_text(encoding="utf-8") == "a whole report\n" and os.listdir(tmp_path) == ["out.txt"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() would make it, not mkstemp's 0600


def test_check_output_path_takes_dash_and_new_files(tmp_path, dump):
    check_output_path(tmp_path / "new.json", ["-", dump])
    with pytest.raises(ModerationError):
        check_output_path(dump, ["-", dump.parent])
