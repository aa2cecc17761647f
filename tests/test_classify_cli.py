"""`moderate train`, `evaluate` and `score` driven through the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from moderation.classify.training import files_sha256
from moderation.cli import cli
from moderation.datasets.loading import STANDARD_INPUT

MAIN = "from moderation.cli import main; main()"
FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "classify" / "corpus.jsonl"


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "fixture.joblib"
    result = CliRunner().invoke(cli, ["train", str(FIXTURE_CORPUS), "-o", str(path), "--cv", "3"])
    assert result.exit_code == 0, result.output
    return path


def test_train_writes_model_manifest_and_card(model_file):
    manifest = json.loads(model_file.with_name("fixture.manifest.json").read_text())
    assert sorted(manifest["labels"]) == ["insult", "username_change"]
    assert len(manifest["training_data"]["sha256"]) == 64
    card = model_file.with_name("fixture.card.md").read_text()
    assert "# Model card" in card and "username_change" in card and "runs no code" in card
    assert manifest["file_format"] == "arrays"
    weights = manifest["stack_weights"]["insult"]
    assert {"logistic regression", "NB-LR", "speaks to you (count)", "you+negative"} <= set(weights)
    assert f"- speaks to you (count): {weights['speaks to you (count)']:+.3f}" in card


def test_train_only_the_labels_asked_for(tmp_path):
    path = tmp_path / "insult.joblib"
    result = CliRunner().invoke(cli, ["train", str(FIXTURE_CORPUS), "-o", str(path), "--labels", "insult", "--cv", "0"])
    assert result.exit_code == 0, result.output
    assert json.loads(path.with_name("insult.manifest.json").read_text())["labels"] == ["insult"]
    progress = result.stderr
    assert "examples from 1 file" in progress and ".py:" not in progress  # no source file and line for a moderator


def test_train_writes_joblib_only_when_asked_and_both_formats_score_alike(model_file, tmp_path):
    pickled = tmp_path / "fixture.joblib"
    arguments = ["train", str(FIXTURE_CORPUS), "-o", str(pickled), "--cv", "3", "--format", "joblib"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert json.loads(pickled.with_name("fixture.manifest.json").read_text())["file_format"] == "joblib"
    assert "runs code stored in it" in pickled.with_name("fixture.card.md").read_text()
    scored = [
        CliRunner().invoke(cli, ["score", str(FIXTURE_CORPUS), "--model", str(path)]).output
        for path in (model_file, pickled)
    ]
    assert scored[0] == scored[1] and scored[0].count("\n") > 10


def test_train_records_each_file_it_read_once_a_zip_as_one_and_no_hidden_file(tmp_path):
    folder = tmp_path / "data"
    (folder / "more").mkdir(parents=True)
    shutil.copy(FIXTURE_CORPUS, folder / "a.jsonl")
    with zipfile.ZipFile(folder / "more" / "b.zip", "w") as archive:
        archive.write(FIXTURE_CORPUS, "one.jsonl")
        archive.write(FIXTURE_CORPUS, "two.jsonl")
    (folder / ".notes.jsonl").write_text("not training data\n", encoding="utf-8")
    path = tmp_path / "m.joblib"
    result = CliRunner().invoke(cli, ["train", str(folder), "-o", str(path), "--labels", "insult", "--cv", "0"])
    assert result.exit_code == 0, result.output
    training_data = json.loads(path.with_name("m.manifest.json").read_text())["training_data"]
    assert training_data["files"] == [str(folder / "a.jsonl"), str(folder / "more" / "b.zip")]
    assert training_data["sha256"] == files_sha256(training_data["files"])


def test_train_from_standard_input_records_it_and_hashes_the_bytes_read(tmp_path):
    piped = FIXTURE_CORPUS.read_bytes()
    also = tmp_path / "also.jsonl"
    also.write_bytes(piped.replace(b"\n", b"\r\n"))
    path = tmp_path / "m.joblib"
    arguments = ["train", "-", str(also), "-o", str(path), "--labels", "insult", "--cv", "0"]
    result = CliRunner().invoke(cli, arguments, input=piped)
    assert result.exit_code == 0, result.output
    training_data = json.loads(path.with_name("m.manifest.json").read_text())["training_data"]
    assert training_data["files"] == [STANDARD_INPUT, str(also)]
    assert training_data["sha256"] == hashlib.sha256(piped + also.read_bytes()).hexdigest()
    assert f"Data: {STANDARD_INPUT}, {also}" in path.with_name("m.card.md").read_text()


def test_train_on_a_label_the_data_lacks_names_the_labels_it_has(tmp_path):
    arguments = ["train", str(FIXTURE_CORPUS), "-o", str(tmp_path / "m.joblib"), "--labels", "toxic"]
    result = subprocess.run(
        [sys.executable, "-c", MAIN, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    error = result.stderr.strip().splitlines()[-1]  # after the progress line "read 70 examples"
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert error.startswith("moderate: ") and "'toxic'" in error and "insult, username_change" in error


def test_score_prints_one_json_line_per_comment_in_order(model_file, tmp_path):
    data = tmp_path / "to_score.jsonl"
    texts = [
        "You are a pathetic clown, what is the matter with you?",
        "Thanks for the bus timetable.",
        "Formerly posting as Heron.",
    ]
    data.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(data), "--model", str(model_file)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["comment"] for r in records] == ["1", "2", "3"]
    assert all(r["thread"] is None and set(r["scores"]) == {"insult", "username_change"} for r in records)
    assert records[0]["scores"]["insult"] > records[1]["scores"]["insult"]
    assert records[2]["scores"]["username_change"] > records[1]["scores"]["username_change"]
    for record in records:
        assert set(record["why"]) == set(record["flags"])
        assert all(record["why"][label] for label in record["flags"])


def test_score_reads_thread_dumps_with_thread_and_comment_ids(model_file, tmp_path):
    dump = tmp_path / "thread.json"
    dump.write_text(
        json.dumps(
            {
                "schema": "moderation.threads/1",
                "threads": [
                    {
                        "id": "post-12",
                        "comments": [
                            {"id": "c1", "parent_id": None, "author": "Ann", "text": "The bins were late again."},
                            {"id": "c2", "parent_id": "c1", "author": "Bo", "text": "You are a whining idiot."},
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(dump), "--model", str(model_file)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["thread"], r["comment"]) for r in records] == [("post-12", "c1"), ("post-12", "c2")]


def test_score_never_flags_a_deleted_comment_and_says_it_is_deleted(model_file, tmp_path):
    insult = "You are a pathetic clown, what is the matter with you?"
    comments = [
        {"id": "c1", "parent_id": None, "author": "Ann", "text": insult},
        {"id": "c2", "parent_id": None, "author": "Bo", "text": insult, "status": "deleted"},
        {"id": "c3", "parent_id": None, "author": "Cy", "text": insult, "status": "spam"},
    ]
    dump = tmp_path / "thread.json"
    dump.write_text(
        json.dumps({"schema": "moderation.threads/1", "threads": [{"id": "t", "comments": comments}]}),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(dump), "--model", str(model_file)])
    assert result.exit_code == 0, result.output
    visible, deleted, spam = (json.loads(line) for line in result.output.splitlines())
    assert "insult" in visible["flags"] and "status" not in visible
    assert deleted["scores"] == visible["scores"]  # scored all the same
    assert deleted["flags"] == [] and deleted["why"] == {} and deleted["status"] == "deleted"
    assert spam["flags"] == visible["flags"] and spam["status"] == "spam"


def test_score_and_evaluate_take_a_threshold_per_label(model_file, tmp_path):
    data = tmp_path / "few.jsonl"
    data.write_text(
        '{"text": "Thanks for the bus timetable.", "labels": {"insult": 0}}\n'
        '{"text": "You are a pathetic clown.", "labels": {"insult": 1}}\n',
        encoding="utf-8",
    )
    everything = CliRunner().invoke(cli, ["score", str(data), "--model", str(model_file), "--threshold", "insult=0"])
    assert everything.exit_code == 0, everything.output
    assert all("insult" in json.loads(line)["flags"] for line in everything.output.splitlines())
    evaluated = CliRunner().invoke(
        cli, ["evaluate", str(data), "--model", str(model_file), "--json", "--threshold", "insult=0"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    insult = json.loads(evaluated.output)["labels"]["insult"]
    assert insult["threshold"] == 0.0 and insult["recall"] == 1.0 and insult["confusion"]["false_positive"] == 1
    for bad, message in (
        ("toxic=0.5", "unknown label 'toxic'"),
        ("insult=2", "from 0 to 1"),
        ("insult", "LABEL=NUMBER"),
    ):
        result = CliRunner().invoke(cli, ["score", str(data), "--model", str(model_file), "--threshold", bad])
        assert result.exit_code == 2 and message in result.output, result.output


def test_evaluate_json_has_the_metrics_per_label(model_file):
    result = CliRunner().invoke(cli, ["evaluate", str(FIXTURE_CORPUS), "--model", str(model_file), "--json"])
    assert result.exit_code == 0, result.output
    insult = json.loads(result.output)["labels"]["insult"]
    assert {"roc_auc", "pr_auc", "precision", "recall", "f1", "threshold", "confusion"} <= set(insult)
    assert insult["roc_auc"] > 0.9  # its own training data
    assert sum(insult["confusion"].values()) == insult["examples"]


def test_evaluate_without_labels_is_one_line_exit_2(model_file, tmp_path):
    data = tmp_path / "unlabelled.jsonl"
    data.write_text('{"text": "no labels here"}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", MAIN, "evaluate", str(data), "--model", str(model_file)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr


def test_evaluate_on_a_plain_csv_without_label_columns_names_the_option(model_file, tmp_path, monkeypatch):
    from test_hostile_outputs import through_main

    data = tmp_path / "sheet.csv"
    data.write_text("body,rude\nyou utter numpty,1\nthe ferry timetable moved to half past,0\n", encoding="utf-8")
    status, _, stderr = through_main(monkeypatch, "evaluate", data, "--model", model_file, "--text-column", "body")
    assert status == 2 and "--label-column LABEL[=COLUMN]" in stderr.strip().splitlines()[-1]
    labelled = ["--text-column", "body", "--label-column", "insult=rude"]
    assert CliRunner().invoke(cli, ["evaluate", str(data), "--model", str(model_file), *labelled]).exit_code == 0


def test_evaluate_on_one_class_says_the_aucs_are_undefined(model_file, tmp_path):
    data = tmp_path / "insults_only.jsonl"
    data.write_text("".join(f'{{"text": "you idiot {i}", "labels": {{"insult": 1}}}}\n' for i in range(3)))
    result = CliRunner().invoke(cli, ["evaluate", str(data), "--model", str(model_file)])
    # measured all the same (the misses), but a run that cannot measure the label whole does not pass
    assert result.exit_code == 2, result.output
    assert "n/a (one class)" in result.output and "None" not in result.output
    assert f"{data}: label 'insult' has no negative example among 3: ROC AUC and PR AUC are undefined" in result.output


def test_classifier_commands_import_scikit_learn_only_when_run():
    probe = (
        "import sys, moderation.classify.commands, moderation.datasets; "
        "print('sklearn' in sys.modules, 'numpy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "False"]
