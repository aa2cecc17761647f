"""`moderate score --jobs N`: a large input scored batch by batch in forked workers writes what one process writes."""

from __future__ import annotations

import json
import os

import pytest
from test_hostile_outputs import through_main

from moderation import forked_workers
from moderation.classify import commands, scoring

forking = pytest.mark.skipif(not forked_workers.fork_available(), reason="workers are forked on Linux only")


def _pid(_item) -> int:
    return os.getpid()


@forking
def test_forked_map_gives_results_in_input_order_from_other_processes():
    squares = list(forked_workers.forked_map(lambda n: n * n, range(50), jobs=2))
    assert squares == [n * n for n in range(50)]
    assert os.getpid() not in set(forked_workers.forked_map(_pid, range(8), jobs=2))


@forking
def test_score_with_two_jobs_writes_the_bytes_of_one(small_model_file, tmp_path, monkeypatch):
    monkeypatch.setattr(commands, "MIN_FORKED_COMMENTS", 0)
    monkeypatch.setattr(scoring, "BATCH", 4)  # several batches from a small file
    monkeypatch.setattr(forked_workers, "usable_cores", lambda: 2)
    forked_calls = []
    real_map = forked_workers.forked_map

    def spy(work, batches, jobs):
        forked_calls.append(jobs)
        return real_map(work, batches, jobs)

    monkeypatch.setattr(forked_workers, "forked_map", spy)
    texts = ["You are a pathetic clown, what is wrong with you?", "Thanks for the bus timetable.", "u r an idiot"]
    data = tmp_path / "comments.jsonl"
    data.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts * 5), encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        status, stdout, stderr = through_main(monkeypatch, "score", data, "--model", small_model_file, "--jobs", jobs)
        assert status == 0 and stderr == "", stderr
        outputs.append(stdout)
    assert forked_calls == [2], "only --jobs 2 went through the forked workers"
    assert outputs[0] == outputs[1]
    assert len(outputs[1].splitlines()) == 15
    assert any(json.loads(line)["flags"] for line in outputs[1].splitlines())
