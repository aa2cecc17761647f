"""`--base default` training, and `moderate review --queue` → fill → `moderate train` end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from moderation.classify.base_training import train_on_base
from moderation.cli import cli
from moderation.datasets import Example
from moderation.errors import ModerationError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "classify"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
# Words the fixture corpus never calls insults: only the site's labels can teach them.
SITE_INSULT = "you absolute walnut, go count your turnips"


@pytest.fixture(autouse=True)
def small_corpus(monkeypatch):
    """The fixture corpus stands in for the built-in one, so each training takes a second."""
    monkeypatch.setenv("MODERATION_CORPUS_DIR", str(FIXTURES))


def _site(count: int = 6) -> list[Example]:
    positives = [Example(f"{SITE_INSULT} {i}", {"insult": 1}, comment=f"p{i}") for i in range(count)]
    negatives = [
        Example(f"the turnip harvest report number {i} was late", {"insult": 0}, comment=f"n{i}") for i in range(count)
    ]
    return positives + negatives


def test_site_labels_weighted_up_move_the_model_more():
    light = train_on_base(_site(), folds=0, site_weight=1, labels=["insult"])
    heavy = train_on_base(_site(), folds=0, site_weight=20, labels=["insult"])
    text = ["you absolute walnut"]
    assert heavy.predict_proba(text)["insult"][0] > light.predict_proba(text)["insult"][0] + 0.05


def test_every_label_of_either_source_is_trained_and_both_sources_recorded():
    model = train_on_base(_site(), folds=2)
    assert model.labels == ["insult", "username_change"]  # the corpus brings username_change
    sources = model.manifest["training_data"]["sources"]
    assert [(s["examples"], s["weight"]) for s in sources] == [(70, 1.0), (12, 10.0)]
    assert "site's labels only" in model.manifest["threshold_rule"]
    assert model.manifest["metrics"]["labels"]["insult"]["examples"] == 12  # thresholds chosen on the site's


def test_base_refuses_data_without_labels():
    with pytest.raises(ModerationError, match="states no label"):
        train_on_base([Example("some words")], folds=0)


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("review") / "fixture.joblib"
    result = CliRunner().invoke(cli, ["train", str(FIXTURES / "corpus.jsonl"), "-o", str(path), "--cv", "0"])
    assert result.exit_code == 0, result.output
    return path


def test_queue_ids_and_texts_are_the_ones_score_gives(model_file, tmp_path):
    queue = tmp_path / "queue.csv"
    dump = str(SAMPLES / "disqus_export.xml")
    result = CliRunner().invoke(cli, ["review", dump, "--model", str(model_file), "--queue", "6", "-o", str(queue)])
    assert result.exit_code == 0, result.output
    with open(queue, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 6 and len({r["id"] for r in rows}) == 6
    scored = CliRunner().invoke(cli, ["score", dump, "--model", str(model_file), "--top", "0"])
    by_id = {(r["thread"], r["comment"]): r for r in map(json.loads, scored.output.splitlines())}
    from moderation.parsing import parse_path

    texts = {(t.id, c.id): c.text for t in parse_path(dump) for c in t.comments}
    for row in rows:
        key = (row["thread"], row["id"])
        assert key in by_id and texts[key] == row["text"]
        assert float(row["score_insult"]) == pytest.approx(by_id[key]["scores"]["insult"], abs=1e-4)
        assert row["insult"] == "" and row["username_change"] == ""


def test_review_then_train_on_the_filled_queue_with_base_default(model_file, tmp_path):
    queue = tmp_path / "queue.csv"
    arguments = ["review", str(SAMPLES), "--model", str(model_file), "--queue", "12", "-o", str(queue)]
    assert CliRunner().invoke(cli, arguments).exit_code == 0
    with open(queue, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    for number, row in enumerate(rows):
        row["insult"] = str(number % 2)
    with open(queue, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    model = tmp_path / "site.joblib"
    result = CliRunner().invoke(cli, ["train", str(queue), "--base", "default", "-o", str(model), "--cv", "2"])
    assert result.exit_code == 0, result.output
    card = model.with_name("site.card.md").read_text()
    assert "site labels: 12 examples, each weighted 10 (" in card and "built-in corpus (default): 70 examples" in card


def test_review_without_a_terminal_says_to_use_queue(model_file, tmp_path):
    result = CliRunner().invoke(
        cli, ["review", str(SAMPLES), "--model", str(model_file), "-o", str(tmp_path / "l.jsonl")]
    )
    assert isinstance(result.exception, ModerationError) and "--queue N" in str(result.exception)
    assert not (tmp_path / "l.jsonl").exists()
