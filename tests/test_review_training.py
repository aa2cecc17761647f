"""`--base default` training, and `moderate review --queue` → fill → `moderate train` end to end."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from moderation.classify.base_training import train_on_base
from moderation.cli import cli
from moderation.datasets import Example
from moderation.datasets.loading import STANDARD_INPUT
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


def test_a_few_site_labels_nudge_the_built_in_model_and_more_labels_move_it_further():
    from moderation.classify.default_model import load_default_model

    base = load_default_model()
    few = train_on_base(_site(3), folds=0, base_model=base)
    many = train_on_base(_site(30), folds=0, base_model=base)
    text = ["you absolute walnut"]
    scores = [model.predict_proba(text)["insult"][0] for model in (base, few, many)]
    assert scores[0] < scores[1] < scores[2]
    # On the log-odds scale the adjustment works on (the built-in insult stack already scores this
    # aimed "you absolute ..." high on the fixture corpus, so probabilities have little room left).
    log_odds = [math.log(score / (1 - score)) for score in scores]
    assert log_odds[2] > log_odds[0] + 1
    # One linear model again: the pipeline and the block-by-block scoring agree, and the explanation
    # names the site's own word, which only the site's n-grams know.
    assert many.pipelines["insult"].predict_proba(text)[0, 1] == pytest.approx(scores[2])
    assert any("walnut" in reason for reason in many.explain(text[0], "insult"))


def test_a_label_the_site_did_not_judge_keeps_the_built_in_model_and_both_sources_are_recorded():
    from moderation.classify.default_model import load_default_model

    base = load_default_model()
    model = train_on_base(_site(), folds=2, base_model=base)
    assert model.labels == ["insult", "username_change"]  # the built-in model brings username_change
    texts = ["I used to post as Mark", "you absolute walnut"]
    assert model.predict_proba(texts)["username_change"] == pytest.approx(base.predict_proba(texts)["username_change"])
    assert model.thresholds == base.thresholds  # the built-in calibration, not a cut chosen on a queue
    sources = model.manifest["training_data"]["sources"]
    assert [s["examples"] for s in sources] == [70, 12]
    assert model.manifest["metrics"]["labels"]["insult"]["examples"] == 12  # measured on the site's labels
    built_in = base.manifest["examples"]
    assert model.manifest["examples"]["insult"] == {
        "total": built_in["insult"]["total"] + 12,
        "positive": built_in["insult"]["positive"] + 6,
        "site": 12,
        "site_positive": 6,
    }
    assert model.manifest["examples"]["username_change"] == built_in["username_change"]


def test_a_site_adjusted_model_saved_as_plain_arrays_scores_and_explains_as_in_memory(tmp_path):
    from moderation.classify.default_model import load_default_model
    from moderation.classify.model import load_model

    model = train_on_base(_site(), folds=0, base_model=load_default_model())
    model.save(tmp_path / "site.npz")
    loaded = load_model(tmp_path / "site.npz")
    texts = [SITE_INSULT, "the turnip harvest report was late", "you changed your name again"]
    for label in model.labels:
        assert loaded.predict_proba(texts)[label] == pytest.approx(model.predict_proba(texts)[label])
    assert loaded.explain_many("insult", texts) == model.explain_many("insult", texts)


def test_base_refuses_a_label_the_built_in_model_does_not_have():
    with pytest.raises(ModerationError, match="no label 'insults'.*without --base"):
        train_on_base([Example("a", {"insults": 1}), Example("b", {"insults": 0})], folds=0)


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


def test_the_queue_says_what_to_fill_and_the_command_that_trains_on_it(stand_in_corpus, model_file, tmp_path):
    queue, dump = tmp_path / "queue.csv", str(SAMPLES / "disqus_export.xml")
    result = CliRunner().invoke(cli, ["review", dump, "--queue", "3", "-o", str(queue)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"wrote 3 comments to {queue}: fill insult, username_change with 1, 0 or blank",
        f"then: moderate train {queue} --base default -o site.npz",
    ]
    arguments = [
        "review",
        str(SAMPLES / "disqus_export.xml"),
        "--model",
        str(model_file),
        "--queue",
        "3",
        "-o",
        str(queue),
    ]
    assert "--base default" not in CliRunner().invoke(cli, arguments).output  # --base adjusts the built-in model only


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
    assert "site labels: 12 examples, a second-stage model" in card and "built-in model (default): 70 examples" in card
    assert "penalty 10 on each block's scale, 1 on each site n-gram weight" in card  # how the labels weigh
    piped = tmp_path / "piped.joblib"
    arguments = ["train", "-", "--base", "default", "-o", str(piped), "--cv", "0"]
    labels = "".join(json.dumps({"text": row["text"], "labels": {"insult": int(row["insult"])}}) + "\n" for row in rows)
    result = CliRunner().invoke(cli, arguments, input=labels.encode())
    assert result.exit_code == 0, result.output
    training_data = json.loads(piped.with_name("piped.manifest.json").read_text())["training_data"]
    assert training_data["files"] == training_data["sources"][1]["files"] == [STANDARD_INPUT]
    assert training_data["sha256"] == hashlib.sha256(labels.encode()).hexdigest()
    # The filled queue itself, piped: read as a queue by its header, not as a dump with no labels.
    result = CliRunner().invoke(
        cli, ["train", "-", "--base", "default", "-o", str(tmp_path / "q.npz"), "--cv", "0"], input=queue.read_bytes()
    )
    assert result.exit_code == 0, result.output
    assert "12 examples" in (tmp_path / "q.card.md").read_text()


def test_review_without_a_terminal_says_to_use_queue(model_file, tmp_path):
    result = CliRunner().invoke(
        cli, ["review", str(SAMPLES), "--model", str(model_file), "-o", str(tmp_path / "l.jsonl")]
    )
    assert isinstance(result.exception, ModerationError) and "--queue N" in str(result.exception)
    assert not (tmp_path / "l.jsonl").exists()


def test_training_on_a_queue_nobody_filled_says_so_in_one_line(model_file, tmp_path):
    queue = tmp_path / "queue.csv"
    arguments = ["review", str(SAMPLES), "--model", str(model_file), "--queue", "4", "-o", str(queue)]
    assert CliRunner().invoke(cli, arguments).exit_code == 0
    result = CliRunner().invoke(cli, ["train", str(queue), "--base", "default", "-o", str(tmp_path / "m.joblib")])
    assert isinstance(result.exception, ModerationError) and "fill them with 1 or 0" in str(result.exception)
    assert str(result.exception).startswith(f"{queue}: ")  # the line names the file, as every refusal does
