"""`moderate score --jobs N`: a large input split between forked processes writes what one process writes."""

from __future__ import annotations

import io
import json
import sys
import warnings

import pytest
from test_hostile_outputs import through_main

from moderation.classify import scoring, split_scoring
from moderation.classify.split_scoring import split_points, write_lines
from moderation.errors import InputWarning

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parts are forked on Linux only")


@pytest.mark.parametrize(
    ("count", "processes", "expected"),
    [
        (21_176, 2, [0, 12_288]),
        (8_192, 2, [0, 4_096]),
        (12_288, 3, [0, 4_096, 8_192]),
        (4_096, 2, [0]),
        (5_000, 4, [0, 4_096]),
        (100, 1, [0]),
    ],
)
def test_parts_start_at_batch_boundaries_as_evenly_as_batches_allow(count, processes, expected):
    assert split_points(count, processes, 4_096) == expected


def _text_output():
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")


def _written(out) -> str:
    out.flush()
    return out.buffer.getvalue().decode("utf-8")


@linux_only
def test_forked_parts_write_the_lines_of_one_process_in_input_order(monkeypatch):
    monkeypatch.setattr(split_scoring, "MIN_SPLIT_COMMENTS", 0)
    monkeypatch.setattr(split_scoring, "usable_cores", lambda: 4)
    seen_parts = []

    def lines_of(start, stop):
        seen_parts.append((start, stop))  # in this process only: the children's calls are not seen
        return (f"{i} ünïcode ✓\n" for i in range(start, stop))

    alone, split = _text_output(), _text_output()
    write_lines(lines_of, 20, alone, processes=1, batch=3)
    write_lines(lines_of, 20, split, processes=3, batch=3)
    assert _written(split) == _written(alone) == "".join(f"{i} ünïcode ✓\n" for i in range(20))
    assert seen_parts == [(0, 20), (0, 6)]  # the parent scored the first part only


@linux_only
def test_a_childs_warning_is_shown_and_its_error_raised_after_the_lines_it_wrote(monkeypatch):
    monkeypatch.setattr(split_scoring, "MIN_SPLIT_COMMENTS", 0)
    monkeypatch.setattr(split_scoring, "usable_cores", lambda: 2)

    def lines_of(start, stop):
        for i in range(start, stop):
            if i == 12:
                warnings.warn(InputWarning("comment 12 was long"), stacklevel=1)
            if i == 15:
                raise ValueError("comment 15 broke")
            yield f"{i}\n"

    out = _text_output()
    with pytest.warns(InputWarning, match="comment 12 was long"), pytest.raises(ValueError, match="comment 15"):
        write_lines(lines_of, 20, out, processes=2, batch=10)
    assert _written(out) == "".join(f"{i}\n" for i in range(15))


@linux_only
def test_score_with_two_jobs_writes_the_bytes_of_one(small_model_file, tmp_path, monkeypatch):
    monkeypatch.setattr(split_scoring, "MIN_SPLIT_COMMENTS", 0)
    monkeypatch.setattr(split_scoring, "usable_cores", lambda: 2)
    monkeypatch.setattr(scoring, "BATCH", 4)  # several batches from a small file
    texts = ["You are a pathetic clown, what is wrong with you?", "Thanks for the bus timetable.", "u r an idiot"]
    data = tmp_path / "comments.jsonl"
    data.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts * 5), encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        status, stdout, stderr = through_main(monkeypatch, "score", data, "--model", small_model_file, "--jobs", jobs)
        assert status == 0 and stderr == "", stderr
        outputs.append(stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[1].splitlines()) == 15
    assert any(json.loads(line)["flags"] for line in outputs[1].splitlines())
