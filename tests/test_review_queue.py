"""Review queue selection, the queue CSV a moderator fills, the labels file, and the site's moderation history."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from moderation.datasets import load_examples
from moderation.datasets.moderation_history import HISTORY_LABEL, removal_label
from moderation.datasets.review_queue import read_queue, write_queue
from moderation.errors import ModerationError
from moderation.parsing.source import Source
from moderation.review.items import ReviewItem
from moderation.review.labels_file import append_record, label_record, seen_keys
from moderation.review.selection import REPEAT_WINDOW, select_queue, uncertainty_distance
from moderation.thread import Comment

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"


def test_uncertainty_is_measured_in_log_odds_from_each_threshold():
    distance = uncertainty_distance({"insult": np.array([0.80, 0.40, 0.999])}, {"insult": 0.87})
    assert distance[0] < distance[1] < distance[2]
    # Over two labels, the one nearest its own threshold counts.
    both = uncertainty_distance({"a": np.array([0.99, 0.01]), "b": np.array([0.01, 0.5])}, {"a": 0.5, "b": 0.5})
    assert both[1] == pytest.approx(0.0) and both[0] > 4


def test_uncertain_queue_is_nearest_the_threshold_and_skips_what_is_judged():
    scores = {"insult": np.array([0.1, 0.49, 0.9, 0.52, 0.5])}
    queue = select_queue(scores, {"insult": 0.5}, 2, strategy="uncertain", exclude=[False] * 4 + [True])
    assert queue == [1, 3]


def test_a_near_repeat_of_a_queued_comment_is_passed_over():
    # Comments 0-3 are near copies of one text, 4 is unlike them; the copies are a little less sure of.
    rows = sp.csr_matrix(np.array([[1, 0.01, 0], [1, 0.02, 0], [1, 0, 0.01], [1, 0.01, 0.01], [0, 1, 0]]))
    scores = {"insult": np.array([0.5, 0.5, 0.5, 0.5, 0.6])}
    assert select_queue(scores, {"insult": 0.5}, 2, strategy="uncertain", random_share=0) == [0, 1]
    assert select_queue(scores, {"insult": 0.5}, 2, rows, "uncertain", random_share=0) == [0, 4]


def test_near_repeats_are_looked_for_among_the_least_sure_rows_only():
    """Rows given on demand (as TfidfRowsOnDemand gives them) are asked for the few least sure comments,
    and the queue is the one the whole matrix gives."""
    rng = np.random.default_rng(0)
    rows = sp.csr_matrix(rng.random((200, 5)))
    scores = {"insult": rng.random(200)}
    asked: list[int] = []

    class OnDemand:
        def __getitem__(self, positions):
            asked.extend(positions)
            return rows[positions]

    whole = select_queue(scores, {"insult": 0.5}, 10, rows, "uncertain", seed=2)
    assert select_queue(scores, {"insult": 0.5}, 10, OnDemand(), "uncertain", seed=2) == whole
    assert 0 < len(asked) <= REPEAT_WINDOW * 10


def test_a_share_of_the_queue_is_drawn_at_random_from_the_sure_comments_and_spread_through_it():
    scores = {"insult": np.linspace(0.01, 0.99, 100)}
    queue = select_queue(scores, {"insult": 0.5}, 10, strategy="uncertain", random_share=0.2, seed=1)
    nearest = set(np.argsort(np.abs(np.arange(100) - 49.5))[:8])
    unsure = [i for i in queue if i in nearest]
    drawn = [place for place, i in enumerate(queue) if i not in nearest]
    assert len(set(queue)) == 10 and len(unsure) == 8 and len(drawn) == 2
    assert drawn[0] not in (0, 1)  # the first comments shown are still the least sure
    plain = select_queue(scores, {"insult": 0.5}, 10, strategy="uncertain", random_share=0)
    assert set(plain) == set(np.argsort(np.abs(np.arange(100) - 49.5))[:10])
    shipped = select_queue(scores, {"insult": 0.5}, 10, strategy="uncertain", seed=1)  # a tenth by default
    assert len(set(shipped)) == 10 and len(set(shipped) - set(plain)) == 1


def test_random_queue_depends_on_the_seed_only():
    scores = {"insult": np.linspace(0, 1, 100)}
    first = select_queue(scores, {"insult": 0.5}, 10, strategy="random", seed=3)
    assert first == select_queue(scores, {"insult": 0.5}, 10, strategy="random", seed=3)
    assert first != select_queue(scores, {"insult": 0.5}, 10, strategy="random", seed=4)


def test_the_sites_removals_the_model_misses_seed_the_queue():
    scores = {"insult": np.array([0.5] * 8 + [0.02, 0.3])}
    history = [None] * 8 + [1, 1]
    queue = select_queue(scores, {"insult": 0.5}, 5, strategy="uncertain", history=history)
    assert queue[0] == 8  # a fifth of 5: the removed comment the model is furthest from flagging
    assert 9 not in queue


def _comment(status="visible", deleted_by=None, text="words", kind="comment") -> Comment:
    return Comment("1", None, "a", text, status=status, deleted_by=deleted_by, kind=kind)


def test_moderation_history_label():
    assert removal_label(_comment()) == 0
    assert removal_label(_comment("spam")) == 1
    assert removal_label(_comment("deleted")) == 1  # WXR trash, Disqus isDeleted: the words are kept
    assert removal_label(_comment("deleted", "moderator", "[removed]")) is None  # a notice, not words
    assert removal_label(_comment("deleted", "author")) is None
    assert removal_label(_comment("deleted", text="This comment has been removed by a blog administrator.")) is None
    assert removal_label(_comment("pending")) is None
    assert removal_label(_comment(kind="pingback")) is None


def test_a_dumps_moderation_decisions_are_the_removed_label():
    examples = load_examples(SAMPLES / "disqus_export.xml")
    by_status = {(e.status, e.labels.get(HISTORY_LABEL)) for e in examples}
    assert ("visible", 0) in by_status and ("spam", 1) in by_status
    assert all(e.labels.get(HISTORY_LABEL) != 0 for e in examples if e.status != "visible")


def _queue(tmp_path: Path, rows: int = 3) -> Path:
    path = tmp_path / "queue.csv"
    items = [
        {
            "id": f"c{i}",
            "thread": "t1",
            "source": "export.xml",
            "author": f"A{i}",
            "text": f"text {i}, with a comma",
            "parent_text": None,
            "scores": {"insult": 0.5, "username_change": 0.1},
        }
        for i in range(rows)
    ]
    with open(path, "w", newline="", encoding="utf-8") as stream:
        write_queue(items, ["insult", "username_change"], stream)
    return path


def _fill(path: Path, edit) -> None:
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    fields = list(rows[0])
    for number, row in enumerate(rows):
        edit(number, row)
    fields = [f for f in fields if f in rows[0]] + [f for f in rows[0] if f not in fields]
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_queue_columns_are_the_ones_the_issue_names_then_scores_and_a_check(tmp_path):
    with open(_queue(tmp_path), encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert header[:8] == ["id", "thread", "source", "author", "text", "parent_text", "insult", "username_change"]
    assert header[8:] == ["score_insult", "score_username_change", "check"]


def test_a_filled_queue_reads_judged_rows_only_blank_is_not_judged(tmp_path):
    path = _queue(tmp_path)
    _fill(path, lambda n, row: row.update({"insult": ["1", "", "0"][n], "username_change": ["", "", "0"][n]}))
    examples = list(read_queue(Source.from_path(path)))
    assert [(e.comment, e.labels) for e in examples] == [
        ("c0", {"insult": 1}),
        ("c2", {"insult": 0, "username_change": 0}),
    ]
    assert examples[0].text == "text 0, with a comma" and examples[0].thread == "t1"
    assert [e.comment for e in load_examples(path)] == ["c0", "c2"]  # detected without column options


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda n, row: row.update(insult="yes"), "row 2, column insult: 'yes' is not 1 or 0"),
        (
            lambda n, row: row.update(insult="1", id=row["id"] + "x" if n == 1 else row["id"]),
            "row 3: id 'c1x' does not match",
        ),
        (lambda n, row: row.update(insult="1", id="" if n == 2 else row["id"]), "row 4: the id cell is blank"),
        (
            lambda n, row: row.update(insult="1", text="" if n == 0 else row["text"]),
            "row 2 (id c0): the text cell is blank",
        ),
        (lambda n, row: (row.update(insult="1"), row.pop("thread")), "the queue has no 'thread' column"),
        (lambda n, row: (row.update(insult="1"), row.pop("check")), "the queue has no 'check' column"),
        (
            lambda n, row: row.update(Insult=row.pop("insult") or "1"),
            "column 'Insult' is not a label of this queue (its labels, from the score_ columns: insult, username",
        ),
        (lambda n, row: (row.pop("insult"), row.pop("username_change")), "the queue has no label column"),
    ],
)
def test_every_mistake_in_a_filled_queue_is_one_error_naming_row_and_column(tmp_path, edit, expected):
    path = _queue(tmp_path)
    _fill(path, edit)
    with pytest.raises(ModerationError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        list(load_examples(path))


def test_train_on_a_queue_with_yes_in_it_says_so_in_one_line(tmp_path, monkeypatch):
    """Through main() in this process (test_classify_cli checks `train`'s one-line error in a fresh one)."""
    from test_hostile_outputs import through_main

    path = _queue(tmp_path)
    _fill(path, lambda n, row: row.update(insult="yes"))
    expected = "row 2, column insult: 'yes' is not 1 or 0"
    status, _, stderr = through_main(monkeypatch, "train", path, "-o", tmp_path / "m.joblib", "--cv", "0")
    assert status == 2 and "Traceback" not in stderr
    assert expected in stderr.strip().splitlines()[-1]


def _item(number: int) -> ReviewItem:
    return ReviewItem("export.xml", "t1", f"c{number}", "A", f"text {number}", "parent")


def test_labels_file_last_line_about_a_comment_wins_and_undone_lines_resume(tmp_path):
    path = tmp_path / "labels.jsonl"
    append_record(path, label_record(_item(1), {"insult": 1}, "m1", "mod"))
    append_record(path, label_record(_item(2), {"insult": 0}, "m1", "mod"))
    append_record(path, label_record(_item(3), {}, "m1", "mod", skipped=True))
    append_record(path, label_record(_item(2), {}, "m1", "mod", undone=True))
    record = json.loads(path.read_text().splitlines()[0])
    assert {"id", "thread", "source", "text", "labels", "reviewer", "time", "model"} <= set(record)
    assert seen_keys(path) == {("export.xml", "t1", "c1"), ("export.xml", "t1", "c3")}
    examples = load_examples(path)
    assert [(e.comment, e.labels, e.parent_text) for e in examples] == [("c1", {"insult": 1}, "parent")]


def test_a_queue_saved_with_semicolons_by_a_spreadsheet_still_reads(tmp_path):
    path = _queue(tmp_path)
    _fill(path, lambda n, row: row.update(insult="1" if n == 0 else ""))
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    with open(path, "w", newline="", encoding="utf-8-sig") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    assert [(e.comment, e.labels) for e in load_examples(path)] == [("c0", {"insult": 1})]


@pytest.mark.parametrize(("name", "encoding"), [("queue.csv", "utf-16"), ("queue.txt", "utf-8")])
def test_a_queue_saved_tab_separated_by_a_spreadsheet_still_reads(tmp_path, name, encoding):
    """Excel's "Unicode Text" (UTF-16, tabs, .csv kept) and "Text (Tab delimited)" (.txt): the texts hold commas."""
    path = _queue(tmp_path)
    _fill(path, lambda n, row: row.update(insult="1" if n == 0 else ""))
    with open(path, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    saved = tmp_path / "saved" / name
    saved.parent.mkdir()
    with open(saved, "w", newline="", encoding=encoding) as stream:
        csv.writer(stream, delimiter="\t").writerows(rows)
    examples = load_examples(saved)
    assert [(e.comment, e.labels, e.text) for e in examples] == [("c0", {"insult": 1}, "text 0, with a comma")]


def test_a_queue_saved_as_a_workbook_is_refused_saying_to_save_it_as_csv(tmp_path):
    import zipfile

    path = tmp_path / "queue.xlsx"
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ModerationError, match=r"^\S*queue\.xlsx: a spreadsheet workbook; save it as CSV"):
        load_examples(path)


def test_a_plain_csv_without_its_text_column_is_one_error_even_when_rows_have_extra_cells(tmp_path):
    """A tab-separated file given as .csv reads as one column; rows whose text holds commas have more cells."""
    path = tmp_path / "sheet.csv"
    path.write_text('body\tinsult\n"you, sir, are a fool"\t1\n', encoding="utf-8")
    with pytest.raises(ModerationError, match="no column 'text' \\(columns: body\tinsult\\)"):
        load_examples(path)


def test_formula_looking_text_is_guarded_in_the_sheet_and_read_back_exactly(tmp_path):
    path = tmp_path / "queue.csv"
    text = '=HYPERLINK("http://evil.example","click") you fool'
    with open(path, "w", newline="", encoding="utf-8") as stream:
        write_queue([{"id": "-1", "thread": "t", "source": "s", "text": text, "scores": {}}], ["insult"], stream)
    with open(path, newline="", encoding="utf-8") as stream:
        row = next(csv.DictReader(stream))
    assert row["text"].startswith("'=") and row["id"] == "'-1"
    _fill(path, lambda n, row: row.update(insult="1"))
    [example] = load_examples(path)
    assert example.text == text and example.comment == "-1"
