"""A comment of any length is scored and explained on its first MAX_SCORED_CHARS characters (issue #18)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_hostile_outputs import through_main

from moderation.classify.model import MAX_SCORED_CHARS, load_model
from moderation.errors import InputWarning

CALM = "Thanks for the update on the library opening hours and the bus timetable. "
RUDE = "You are a pathetic clown and an idiot troll. "


def long_text(head: str, tail: str, factor: int = 4) -> str:
    """`head` repeated past the cap, then `tail` repeated: the tail lies wholly beyond what is scored."""
    first = (head * (MAX_SCORED_CHARS // len(head) + 1))[:MAX_SCORED_CHARS]
    return first + tail * (factor * MAX_SCORED_CHARS // len(tail))


@pytest.fixture(scope="module")
def model(small_model_file):
    return load_model(small_model_file)


@pytest.mark.parametrize("tail", [RUDE, CALM, "x" * 1000])
def test_only_the_first_characters_are_read_and_a_warning_says_so(model, tail):
    text = long_text(CALM, tail)
    with pytest.warns(InputWarning, match="MAX_SCORED_CHARS"):
        cut = model.predict_proba([text, "short comment"])
    whole_head = model.predict_proba([text[:MAX_SCORED_CHARS], "short comment"])
    for label in model.labels:
        assert np.allclose(cut[label], whole_head[label])
    assert model.explain_many("insult", [text], 5) == model.explain_many("insult", [text[:MAX_SCORED_CHARS]], 5)


def test_a_text_within_the_cap_is_read_whole_without_a_warning(model, recwarn):
    text = (CALM * (MAX_SCORED_CHARS // len(CALM) + 1))[: MAX_SCORED_CHARS - len(RUDE)] + RUDE
    assert len(text) == MAX_SCORED_CHARS
    assert model.predict_proba([text])["insult"][0] != model.predict_proba([text[: -len(RUDE)]])["insult"][0]
    assert not [w for w in recwarn if issubclass(w.category, InputWarning)]


def test_score_and_report_mark_the_cut_comment(small_model_file, tmp_path, monkeypatch):
    comments = [
        {"id": "long", "author": "a", "text": long_text(RUDE, CALM)},
        {"id": "short", "author": "b", "text": RUDE},
    ]
    dump = tmp_path / "threads.json"
    dump.write_text(json.dumps({"schema": "moderation.threads/1", "threads": [{"id": "t", "comments": comments}]}))
    status, stdout, stderr = through_main(monkeypatch, "score", dump, "--model", small_model_file)
    records = {record["comment"]: record for record in map(json.loads, stdout.splitlines())}
    assert status == 0, stderr
    assert records["long"]["scored_characters"] == MAX_SCORED_CHARS and "scored_characters" not in records["short"]
    assert stderr.count("MAX_SCORED_CHARS") == 1
    from moderation.report import commands

    monkeypatch.setattr(commands, "_load_model", lambda path: (load_model(small_model_file), None))
    status, stdout, stderr = through_main(monkeypatch, "report", dump, "--format", "json", "--threshold", "insult=0")
    flagged = {item["id"]: item for thread in json.loads(stdout)["threads"] for item in thread["flagged"]}
    assert flagged["long"]["scored_characters"] == MAX_SCORED_CHARS and "scored_characters" not in flagged["short"]


def test_a_dataset_whose_first_line_outgrows_the_detection_head_is_still_our_jsonl(tmp_path):
    from moderation.datasets import detect_dataset_format, load_examples

    data = tmp_path / "long.jsonl"
    first = json.dumps({"text": long_text(CALM, RUDE, factor=2)})
    data.write_text(first + "\n" + json.dumps({"text": "short"}) + "\n", encoding="utf-8")
    assert detect_dataset_format(data) == "jsonl"
    assert [len(example.text) for example in load_examples(data)] == [len(json.loads(first)["text"]), 5]


def test_the_review_queue_reads_a_long_comment_as_the_model_scores_it(model):
    """Near repeats are looked for on the scored part only: a 50 MB comment took 23 CPU s and 4.9 GB here."""
    from moderation.review.selection import tfidf_rows

    text = long_text("You are a clown. ", "Thanks for the timetable. ")
    assert (tfidf_rows(model, [text]) != tfidf_rows(model, [text[:MAX_SCORED_CHARS]])).nnz == 0
