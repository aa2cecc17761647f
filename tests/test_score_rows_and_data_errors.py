"""Issue #16, points 6 and 9: `score` rows can be traced to their file, and the training-data errors a
moderator meets say exactly what is wrong, before any training starts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report_golden import KeywordModel

from moderation.classify import commands as classify_commands
from moderation.cli import cli
from moderation.datasets.loading import load_examples, load_many
from moderation.errors import ModelError, ModerationError

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"


class ScoringModel(KeywordModel):
    def flags(self, scores, thresholds=None):
        chosen = thresholds or self.thresholds
        return [label for label in self.labels if scores[label] >= chosen[label]]


@pytest.fixture
def keyword_model(monkeypatch):
    monkeypatch.setattr(classify_commands, "load_model_for_command", lambda path, **_: ScoringModel())


def score(*args, input=None):
    result = CliRunner().invoke(cli, ["score", *args], input=input, catch_exceptions=False)
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_score_rows_name_their_file_and_author_and_thread_ids_stay_unique(tmp_path, keyword_model):
    for folder in ("north", "south"):
        (tmp_path / folder).mkdir()
        shutil.copy(SAMPLES / "wordpress_page.txt", tmp_path / folder / "page.txt")
    result, rows = score(str(tmp_path), "--text")
    assert result.exit_code in (0, 3), result.stderr
    by_source: dict[str, set] = {}
    for row in rows:
        assert row["author"] and row["text"] is not None
        by_source.setdefault(row["source"], set()).add(row["thread"])
    assert sorted(Path(source).parent.name for source in by_source) == ["north", "south"]
    first, second = by_source.values()
    assert not first & second, "two files gave the same thread id"
    assert {thread + "#2" for thread in first} == second


def test_score_reads_standard_input(keyword_model):
    result, rows = score("-", input=(SAMPLES / "reddit_thread.json").read_text(encoding="utf-8"))
    assert result.exit_code in (0, 3), result.stderr
    assert rows and all(row["source"] == "-" and row["author"] for row in rows)
    assert "text" not in rows[0]  # only with --text


def test_an_empty_file_says_so(tmp_path):
    empty = tmp_path / "train.csv"
    empty.write_bytes(b"")
    with pytest.raises(ModerationError, match="empty file"):
        load_examples(empty)


def test_label_instead_of_labels_is_named(tmp_path):
    data = tmp_path / "train.jsonl"
    data.write_text(json.dumps({"text": "you idiot", "label": 1}) + "\n", encoding="utf-8")
    with pytest.raises(ModerationError, match=r'the key is "labels".*not "label"'):
        load_examples(data)


@pytest.mark.parametrize("value", ["yes", "no", "TRUE", "False"])
def test_worded_label_values_say_to_write_1_or_0(tmp_path, value):
    data = tmp_path / "train.csv"
    data.write_text(f"text,insult\nyou idiot,{value}\n", encoding="utf-8")
    from moderation.datasets import TableColumns

    with pytest.raises(ModerationError, match=rf"'{value}' must be written 1 or 0"):
        load_examples(data, TableColumns(labels={"insult": "insult"}))


def test_training_without_labels_says_which_option_is_missing(tmp_path):
    from moderation.classify.training import train_model

    data = tmp_path / "comments.csv"
    data.write_text("body\nyou idiot\nnice point\n", encoding="utf-8")
    from moderation.datasets import TableColumns

    examples = load_many([data], TableColumns(text="body"))
    with pytest.raises(ModerationError, match="--label-column"):
        train_model(examples, folds=0)


def test_training_counts_the_examples_skipped_for_a_blank_label(tmp_path):
    from moderation.classify.training import train_model
    from moderation.datasets import TableColumns

    data = tmp_path / "train.csv"
    data.write_text("text,insult\nyou idiot,1\nnice,0\nhmm,\nok then,\n", encoding="utf-8")
    said = []
    with pytest.raises(ModerationError):  # too few examples to train; the count came first
        train_model(load_many([data], TableColumns(labels={"insult": "insult"})), folds=2, progress=said.append)
    assert "insult: 2 of 4 examples skipped: no value for this label" in said


def test_the_output_path_is_checked_before_training(tmp_path, monkeypatch):
    import moderation.classify.training as training

    def never(*args, **kwargs):
        raise AssertionError("training started before the output path was checked")

    monkeypatch.setattr(training, "train_model", never)
    data = tmp_path / "train.jsonl"
    data.write_text(json.dumps({"text": "you idiot", "labels": {"insult": 1}}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["train", str(data), "-o", str(tmp_path / "missing" / "model.joblib")])
    assert isinstance(result.exception, ModerationError) and "no folder" in str(result.exception)
    unwritable = tmp_path / "locked"
    unwritable.mkdir()
    unwritable.chmod(0o500)
    try:
        result = CliRunner().invoke(cli, ["train", str(data), "-o", str(unwritable / "model.joblib")])
    finally:
        unwritable.chmod(0o700)
    import os

    if os.geteuid() != 0:  # root may write anywhere
        assert isinstance(result.exception, ModelError) and "permission denied" in str(result.exception)


@pytest.mark.parametrize("command", [["train", "-o", "model.joblib"], ["review", "--queue", "5", "-o", "queue.csv"]])
def test_a_missing_data_path_is_one_line_naming_it(tmp_path, command):
    missing = tmp_path / "nowhere.csv"
    result = CliRunner().invoke(cli, [command[0], str(missing), *command[1:]])
    assert result.exit_code != 0 and isinstance(result.exception, ModerationError)
    assert str(missing) in str(result.exception) and "cannot read" in str(result.exception)


def test_a_csv_rows_score_line_gives_its_id_and_the_spreadsheet_row_its_errors_name(tmp_path, keyword_model):
    """`comment` is the id (the data row's number, first data row 1); `row` the row as a spreadsheet and
    every error about the file number it (header row 1), past a cell with a line break and a blank line."""
    data = tmp_path / "comments.csv"
    data.write_text('text\nfirst\n"two\nlines"\n\nyou idiot\n', encoding="utf-8")
    result, rows = score(str(data), "--text-column", "text")
    assert result.exit_code == 0, result.stderr
    assert [(row["comment"], row["row"]) for row in rows] == [("1", 2), ("2", 3), ("3", 5)]
    kaggle_like = tmp_path / "train.csv"
    kaggle_like.write_text('Insult,Date,Comment\n0,,"fine"\n2,,"you idiot"\n', encoding="utf-8")
    with pytest.raises(ModerationError, match=r"train\.csv: row 3: label value '2'"):
        load_examples(kaggle_like)  # the second data row, comment "2", is row 3 as the score line says


def test_thread_dumps_have_no_row_field(keyword_model):
    result, rows = score(str(SAMPLES / "reddit_thread.json"))
    assert rows and all("row" not in row for row in rows)
