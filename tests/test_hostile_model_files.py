"""`train -o` and the model cache write their three files whole or not at all (issue #18)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_classify_model import FIXTURE_CORPUS, SMALL

from moderation.classify import model as model_module
from moderation.classify.model import card_path, load_model, manifest_path, save_model_files
from moderation.classify.training import train_model
from moderation.datasets import load_examples
from moderation.errors import ModerationError


@pytest.fixture(scope="module")
def small_model():
    return train_model(load_examples(FIXTURE_CORPUS), folds=0, settings=SMALL)


def the_three(path: Path) -> list[Path]:
    return [path, manifest_path(path), card_path(path)]


@pytest.mark.parametrize("failing_step", ["dump", "card"])
def test_an_interrupted_save_leaves_the_previous_model_usable_and_nothing_partial(
    small_model, tmp_path, monkeypatch, failing_step
):
    path = tmp_path / "model.joblib"
    save_model_files(small_model, path)
    before = {p.name: p.read_bytes() for p in the_three(path)}
    if failing_step == "dump":

        def interrupted_dump(stream, **arrays):
            stream.write(b"half a file")
            raise KeyboardInterrupt

        monkeypatch.setattr("numpy.savez_compressed", interrupted_dump)
    else:

        def interrupted_card(manifest):
            raise KeyboardInterrupt

        monkeypatch.setattr("moderation.classify.model_card.model_card", interrupted_card)
    with pytest.raises(KeyboardInterrupt):
        save_model_files(small_model, path)
    assert {p.name: p.read_bytes() for p in the_three(path)} == before
    assert sorted(os.listdir(tmp_path)) == sorted(before)  # no staged folder left behind
    assert load_model(path).labels == small_model.labels


def test_a_save_into_an_unwritable_folder_is_one_error(small_model, tmp_path):
    with pytest.raises(ModerationError, match="cannot write in"):
        save_model_files(small_model, tmp_path / "missing" / "model.joblib")


def test_train_refuses_to_write_its_model_over_its_data(tmp_path):
    data = tmp_path / "corpus.jsonl"
    data.write_bytes(FIXTURE_CORPUS.read_bytes())
    before = data.read_bytes()
    from moderation.cli import cli

    for output in (data, tmp_path / "corpus.joblib"):  # the data itself, or a file inside the data folder
        given = str(data) if output == data else str(tmp_path)
        result = CliRunner().invoke(cli, ["train", given, "-o", str(output), "--cv", "0"])
        assert result.exit_code != 0 and isinstance(result.exception, ModerationError)
    assert data.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["corpus.jsonl"]


def test_train_writes_the_three_files(tmp_path):
    from moderation.cli import cli

    output = tmp_path / "out" / "insults.joblib"
    output.parent.mkdir()
    result = CliRunner().invoke(cli, ["train", str(FIXTURE_CORPUS), "-o", str(output), "--cv", "0"])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(output.parent)) == sorted(p.name for p in the_three(output))
    assert model_module.read_checked_manifest(output)["labels"]
