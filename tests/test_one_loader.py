"""Every command reads its inputs one way (joined_inputs): a saved page and its comment frame are one
thread in `score`, `review`, `train` and `evaluate` as in `parse` and `report`, and a file named twice is
read once.

Pages and frames are the ones the saved-frame tests write, in our own words (Disqus, Facebook's plugin,
Discourse); the dumps and labelled rows are written here.
"""

from __future__ import annotations

import csv
import json
import os
import warnings
from pathlib import Path

import pytest
import test_saved_facebook_frames as facebook
import test_saved_frame_folder as discourse
import test_saved_frames as disqus
from test_hostile_inputs import reddit_dump
from test_hostile_outputs import through_main

from moderation.datasets import load_many
from moderation.errors import InputWarning
from moderation.parsing.saved_frames import join_saved_frames
from moderation.thread import Thread

FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "classify" / "corpus.jsonl"


def save_discourse(folder: Path) -> tuple[Path, Path]:
    (folder / "towpath_files").mkdir()
    page, frame = folder / "towpath.html", folder / "towpath_files" / "comments.html"
    page.write_text(discourse.discourse_page("towpath_files/comments.html"), encoding="utf-8")
    frame.write_text(discourse.discourse_frame(), encoding="utf-8")
    return page, frame


SAVES = {"disqus": disqus.save_complete, "facebook": facebook.save_complete, "discourse": save_discourse}


def parsed_comments(monkeypatch, *paths) -> tuple[int, list[tuple[str, str, str]]]:
    """(status, [(source, thread, comment id)]) as `parse --format json` reads the inputs."""
    status, stdout, _ = through_main(monkeypatch, "parse", "--format", "json", *paths)
    threads = json.loads(stdout)["threads"]
    return status, [(t["source"]["path"], t["id"], c["id"]) for t in threads for c in t["comments"]]


def scored_comments(monkeypatch, model, *paths) -> tuple[int, list[tuple[str, str, str]], str]:
    status, stdout, stderr = through_main(monkeypatch, "score", "--model", model, *paths)
    lines = [json.loads(line) for line in stdout.splitlines()]
    return status, [(line["source"], line["thread"], line["comment"]) for line in lines], stderr


@pytest.mark.parametrize("service", sorted(SAVES))
@pytest.mark.parametrize("named", ["page", "folder", "frame first"])
def test_score_reads_a_saved_page_and_its_frame_as_parse_does(tmp_path, monkeypatch, small_model_file, service, named):
    page, frame = SAVES[service](tmp_path)
    paths = {"page": [page], "folder": [tmp_path], "frame first": [frame, page]}[named]
    parse_status, parsed = parsed_comments(monkeypatch, *paths)
    status, scored, stderr = scored_comments(monkeypatch, small_model_file, *paths)
    assert parse_status == 0 and status == 0, stderr
    assert scored == parsed and len(scored) >= 2
    assert {source for source, _, _ in scored} == {str(page)}  # the page's thread, not the frame's
    assert "incomplete" not in stderr


def test_review_queues_the_joined_thread_and_exits_clean(tmp_path, monkeypatch, small_model_file):
    saved = tmp_path / "saved"
    saved.mkdir()
    page, _ = disqus.save_complete(saved)
    queue = tmp_path / "queue.csv"
    status, _, stderr = through_main(
        monkeypatch, "review", page, "--model", small_model_file, "--queue", "10", "-o", queue
    )
    assert status == 0, stderr
    with queue.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted((row["source"], row["thread"], row["id"]) for row in rows) == [
        (str(page), "ferry", "501"),
        (str(page), "ferry", "502"),
        (str(page), "ferry", "503"),
    ]


def labelled_rows(path: Path) -> Path:
    """A small labelled CSV in our words, both classes of `insult`."""
    rows = [
        ("You are a clueless fool and everyone here knows it.", 1),
        ("The ferry used to leave at seven, which suited commuters.", 0),
        ("What an idiot, read the timetable before posting.", 1),
        ("Thanks for the summary of the council meeting.", 0),
    ]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["text", "insult"])
        writer.writerows(rows)
    return path


def test_evaluate_with_a_saved_page_among_its_data_is_not_incomplete(tmp_path, monkeypatch, small_model_file):
    saved = tmp_path / "saved"
    saved.mkdir()
    disqus.save_complete(saved)
    table = labelled_rows(tmp_path / "rows.csv")
    args = ["evaluate", table, saved, "--model", small_model_file, "--label-column", "insult"]
    status, _, stderr = through_main(monkeypatch, *args)
    assert status == 0, stderr
    assert "incomplete" not in stderr


def test_train_counts_the_frame_read_for_its_page_among_its_files(tmp_path, monkeypatch):
    saved = tmp_path / "saved"
    saved.mkdir()
    page, frame = disqus.save_complete(saved)
    model = tmp_path / "site.joblib"
    args = ["train", FIXTURE_CORPUS, page, "-o", model, "--cv", "0", "--format", "joblib", "--labels", "insult"]
    status, _, stderr = through_main(monkeypatch, *args)
    assert status == 0, stderr
    manifest = json.loads(model.with_name("site.manifest.json").read_text(encoding="utf-8"))
    assert manifest["training_data"]["files"] == [str(FIXTURE_CORPUS), str(page), str(frame)]


def test_datasets_rows_keep_their_place_around_a_page_waiting_for_its_frame(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    page, frame = disqus.save_complete(saved)
    table = labelled_rows(tmp_path / "rows.csv")
    with pytest.warns(InputWarning, match="rows.csv: already read"):
        examples = load_many([table, frame, page, table], failures=[])
    # rows.csv named twice is read once; the frame waits for its page and comes out joined with it
    assert [(e.source, e.comment) for e in examples] == [
        *((str(table), str(number)) for number in range(1, 5)),
        (str(page), "501"),
        (str(page), "502"),
        (str(page), "503"),
    ]


def test_things_that_are_not_threads_pass_the_join_in_place():
    page_like = Thread(id="a", source_path="a.ndjson")
    assert list(join_saved_frames(["rows", page_like, ["more rows"]])) == ["rows", page_like, ["more rows"]]


def dump(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "comments.ndjson"
    path.write_bytes(reddit_dump(6))
    return path


def same_file_spellings(path: Path) -> dict[str, list]:
    link = path.parent.parent / "link.ndjson"
    link.symlink_to(path)
    hard = path.parent.parent / "hard.ndjson"
    os.link(path, hard)
    return {
        "twice": [path, path],
        "other spelling": [path, path.parent / ".." / path.parent.name / path.name],
        "link": [path, link],
        "hard link": [hard, path],
        "its folder": [path.parent, path],
    }


@pytest.mark.parametrize(
    "spelling", ["twice", "other spelling", "link", "hard link", "its folder"], ids=lambda spelling: spelling
)
def test_a_file_named_twice_is_read_once_with_one_line(tmp_path, monkeypatch, spelling):
    path = dump(tmp_path / "dumps")
    paths = same_file_spellings(path)[spelling]
    status, _, stderr = through_main(monkeypatch, "parse", *paths)  # first: Python says a warning once a process
    assert stderr.count("\n") == 1 and "already read" in stderr and str(paths[1]) in stderr
    status, comments = parsed_comments(monkeypatch, *paths)
    once_status, once = parsed_comments(monkeypatch, paths[0])
    assert status == once_status == 0
    assert comments == once and len(comments) == 6


@pytest.mark.parametrize("command", ["parse", "report", "score", "aliases"])
def test_every_command_reads_a_repeated_file_once(tmp_path, monkeypatch, small_model_file, command):
    path = dump(tmp_path)
    model = ["--model", small_model_file] if command in ("report", "score") else []
    twice_status, twice, twice_err = through_main(monkeypatch, command, path, path, *model)
    once_status, once, _ = through_main(monkeypatch, command, path, *model)
    assert twice_status == once_status == 0
    assert twice == once
    assert twice_err.count("already read") == 1


def test_score_gives_no_second_copy_of_a_repeated_files_threads(tmp_path):
    path = dump(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        examples = load_many([path, tmp_path, path])
    assert len(examples) == 6 and not any("#2" in (e.thread or "") for e in examples)
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert said == [
        f"{tmp_path}: 1 file already read (named twice, or linked) not read again ({path} first)",
        f"{path}: already read (named twice, or a link to a file read before); read once",
    ]


def test_two_files_that_share_thread_ids_are_both_read(tmp_path, monkeypatch):
    first = dump(tmp_path / "a")
    second = dump(tmp_path / "b")  # the same bytes in another file: another dump
    _, comments = parsed_comments(monkeypatch, first, second)
    assert len(comments) == 12
    assert {thread for _, thread, _ in load_many_threads([first, second])} == {"post", "post#2"}


def load_many_threads(paths) -> list[tuple[str, str, str]]:
    return [(e.source, e.thread, e.comment) for e in load_many(paths)]


def test_a_page_named_twice_still_takes_its_own_frame(tmp_path, monkeypatch):
    page, _ = disqus.save_complete(tmp_path)
    status, stdout, stderr = through_main(monkeypatch, "parse", "--format", "json", page, page)
    [thread] = json.loads(stdout)["threads"]
    assert status == 0 and len(thread["comments"]) == 3 and not thread["incomplete"]
    assert stderr.count("\n") == 1 and "already read" in stderr
