"""The bad-input sweep's leftovers: inputs that all fail cost no model, a closed pipe ends quietly,
an empty option value is a usage line, an older built-in model is named, an output extension the
reports do not know is refused, and `parse` names an incomplete thread on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_CORPUS_DIR
from test_hostile_commands import BINARY, many_comment_dump
from test_hostile_outputs import through_main

from moderation.classify.default_model import CACHE_ENV, CORPUS_ENV
from moderation.cli import EXIT_PIPE_CLOSED
from moderation.exit_status import EXIT_BAD_INPUT

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
MODERATE = str(Path(sys.executable).parent / "moderate")


def no_model_work(
    monkeypatch,
    tmp_path,
    refused_call: str = "moderation.classify.commands.load_model_for_command",
    what: str = "a model was loaded or built",
) -> Path:
    """An empty cache (returned), and `refused_call` (by default any load or build of a model) an
    AssertionError (an 'internal error' line)."""
    cache = tmp_path / "empty-cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv(CACHE_ENV, str(cache))
    monkeypatch.setenv(CORPUS_ENV, str(FIXTURE_CORPUS_DIR))

    def refused(*args, **kwargs):
        raise AssertionError(f"{what} for inputs that all failed")

    monkeypatch.setattr(refused_call, refused)
    return cache


@pytest.mark.parametrize("command", ["score", "report"])
def test_inputs_that_cannot_be_opened_fail_before_any_model(command, tmp_path, monkeypatch):
    no_model_work(monkeypatch, tmp_path)
    missing, gone = tmp_path / "missing.xml", tmp_path / "gone" / "dump.ndjson"
    status, stdout, stderr = through_main(monkeypatch, command, missing, gone)
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 2 and str(missing) in stderr and str(gone) in stderr, stderr


def test_a_report_of_refused_inputs_loads_no_model(tmp_path, monkeypatch):
    no_model_work(monkeypatch, tmp_path)
    binary = tmp_path / "photo.gif"
    binary.write_bytes(BINARY)
    status, stdout, stderr = through_main(monkeypatch, "report", binary, tmp_path / "missing.xml", "--format", "json")
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 2 and "photo.gif" in stderr and "missing.xml" in stderr, stderr


def test_score_of_refused_inputs_builds_no_model(tmp_path, monkeypatch):
    """A refused file is known only once read (beside the model's load): the build never starts."""
    cache = no_model_work(
        monkeypatch, tmp_path, "moderation.classify.training.train_model", "the default model was built"
    )
    binary = tmp_path / "photo.gif"
    binary.write_bytes(BINARY)
    status, stdout, stderr = through_main(monkeypatch, "score", binary, tmp_path / "missing.xml")
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 2 and "photo.gif" in stderr and "missing.xml" in stderr, stderr
    assert list(cache.iterdir()) == []


def test_one_readable_input_among_failures_is_still_scored(tmp_path, monkeypatch, small_model_file):
    dump = many_comment_dump(tmp_path / "dump.ndjson", threads=1, replies=3)
    status, stdout, stderr = through_main(
        monkeypatch, "score", tmp_path / "missing.xml", dump, "--model", small_model_file
    )
    assert status == EXIT_BAD_INPUT and stdout.count("\n") == 3
    assert stderr.count("\n") == 1 and "missing.xml" in stderr


@pytest.mark.slow  # five whole processes, each importing the model stack: about 8 CPU s
@pytest.mark.parametrize(
    "command", [["parse"], ["score"], ["report"], ["report", "--format", "json"], ["report", "--format", "csv"]]
)
def test_a_closed_pipe_ends_every_command_quietly(command, tmp_path, small_model_file):
    dump = many_comment_dump(tmp_path / "dump.ndjson", threads=60, replies=50)
    model = [] if command == ["parse"] else ["--model", str(small_model_file)]
    process = subprocess.Popen(
        [MODERATE, command[0], str(dump), *command[1:], *model], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.readline()  # a reader that wants one line, then goes (`| head -1`)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait() == EXIT_PIPE_CLOSED and stderr == ""


def cut_reddit_dump(path: Path) -> Path:
    """A Reddit NDJSON thread that declares five comments and holds two: incomplete."""
    lines = [
        {"id": "s1", "title": "Bus lanes", "num_comments": 5},
        {"id": "c1", "parent_id": "t3_s1", "link_id": "t3_s1", "author": "ana", "body": "Good idea.", "created_utc": 1},
        {"id": "c2", "parent_id": "t1_c1", "link_id": "t3_s1", "author": "bo", "body": "Agreed.", "created_utc": 2},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("output_format", ["tree", "json"])
def test_parse_names_an_incomplete_thread_on_stderr_and_still_exits_0(output_format, tmp_path, monkeypatch):
    dump = cut_reddit_dump(tmp_path / "cut.ndjson")
    status, stdout, stderr = through_main(monkeypatch, "parse", dump, "--format", output_format)
    assert status == 0 and "Agreed." in stdout
    assert stderr.count("\n") == 1, stderr
    assert f"{dump}: thread s1 is incomplete: " in stderr and "5" in stderr


@pytest.mark.parametrize("name", ["r.pdf", "r.docx", "r.xlsx", "report.jsonl"])
def test_a_report_file_named_for_a_format_no_report_has_is_one_usage_line(name, tmp_path, monkeypatch):
    no_model_work(monkeypatch, tmp_path)
    status, stdout, stderr = through_main(monkeypatch, "report", SAMPLES / "comments.ndjson", "-o", tmp_path / name)
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 1 and name in stderr and "--format" in stderr, stderr
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.txt", "Moderation report"), ("report", "Moderation report"), ("r.markdown", "# Moderation report")],
)
def test_text_and_markdown_names_still_pick_their_format(name, start, tmp_path, monkeypatch, small_model_file):
    target = tmp_path / name
    status, _, stderr = through_main(
        monkeypatch, "report", SAMPLES / "comments.ndjson", "-o", target, "--model", small_model_file
    )
    assert status == 0, stderr
    assert target.read_text(encoding="utf-8").startswith(start)


def test_a_format_given_writes_any_file_name(tmp_path, monkeypatch, small_model_file):
    target = tmp_path / "r.pdf"
    status, _, stderr = through_main(
        monkeypatch,
        "report",
        SAMPLES / "comments.ndjson",
        "-o",
        target,
        "--format",
        "json",
        "--model",
        small_model_file,
    )
    assert status == 0, stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "moderation.report/1"


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("report", ["--staff", ""]),
        ("report", ["--staff", "  "]),
        ("report", ["--fail-on", ""]),
        ("report", ["--fail-on", " , "]),
        ("report", ["-o", ""]),
        ("report", ["--model", ""]),
        ("report", ["--timezone", ""]),
        ("report", ["--threshold", ""]),
        ("parse", ["--timezone", ""]),
        ("aliases", ["--timezone", ""]),
        ("score", ["--model", ""]),
        ("score", ["--text-column", ""]),
        ("review", ["--labels", "", "--queue", "5", "-o", "queue.csv"]),
        ("review", ["--labels", ",", "--queue", "5", "-o", "queue.csv"]),
    ],
)
def test_an_option_given_an_empty_value_is_one_usage_line(command, option, tmp_path, monkeypatch):
    no_model_work(monkeypatch, tmp_path)
    status, stdout, stderr = through_main(monkeypatch, command, SAMPLES / "comments.ndjson", *option)
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 1 and f"'{option[0]}" in stderr and f"moderate {command} --help" in stderr, stderr


@pytest.mark.parametrize("command", ["parse", "report", "score", "aliases"])
def test_an_empty_path_is_refused_not_read_as_this_folder(command, tmp_path, monkeypatch):
    no_model_work(monkeypatch, tmp_path)
    monkeypatch.chdir(SAMPLES)
    status, stdout, stderr = through_main(monkeypatch, command, "")
    assert status == EXIT_BAD_INPUT and stdout == ""
    assert stderr.count("\n") == 1 and "an empty path" in stderr, stderr


def model_copy_with_recipe(small_model_file: Path, folder: Path, recipe: str) -> Path:
    """The small model under another name, its manifest saying it is the built-in model of `recipe`."""
    import shutil

    from moderation.classify.model import card_path, manifest_path

    target = folder / "kept.joblib"
    shutil.copyfile(small_model_file, target)
    shutil.copyfile(card_path(small_model_file), card_path(target))
    manifest = json.loads(manifest_path(small_model_file).read_text(encoding="utf-8"))
    manifest["default_model"] = {"recipe": recipe, "corpus": []}
    manifest_path(target).write_text(json.dumps(manifest), encoding="utf-8")
    return target


@pytest.mark.parametrize("command", ["score", "report"])
def test_an_older_built_in_model_is_used_with_one_warning_naming_its_recipe(
    command, tmp_path, monkeypatch, small_model_file
):
    from moderation.classify.default_model import RECIPE

    older = f"default-{int(RECIPE.rpartition('-')[2]) - 3}"
    model = model_copy_with_recipe(small_model_file, tmp_path, older)
    status, stdout, stderr = through_main(monkeypatch, command, SAMPLES / "comments.ndjson", "--model", model)
    assert status in (0, 3) and stdout
    assert stderr.count("warning:") == 1 and older in stderr and RECIPE in stderr, stderr


@pytest.mark.parametrize("recipe", ["current", "site-2"])
def test_the_current_recipe_or_a_site_model_loads_without_a_word(recipe, tmp_path, monkeypatch, small_model_file):
    from moderation.classify.default_model import RECIPE

    model = model_copy_with_recipe(small_model_file, tmp_path, RECIPE if recipe == "current" else recipe)
    status, stdout, stderr = through_main(monkeypatch, "score", SAMPLES / "comments.ndjson", "--model", model)
    assert status == 0 and stdout and stderr == ""
