"""Every error that names a row of a CSV names it as a spreadsheet shows it: the header is row 1, a cell
with line breaks is one row, and a blank line still takes a row. Plain labelled CSV, Kaggle's CSV and
a filled review queue all count the same way."""

from __future__ import annotations

import csv
import io

import pytest
from test_hostile_outputs import through_main
from test_review_queue import _fill, _queue

from moderation.datasets.examples import TableColumns
from moderation.datasets.loading import load_examples
from moderation.datasets.sheet_rows import SheetReader
from moderation.errors import ModerationError

PLAIN = TableColumns(text="body", labels={"insult": "rude"})


def test_rows_are_numbered_from_the_header_counting_blank_lines_and_multiline_cells():
    reader = SheetReader(io.StringIO('body,rude\nfirst,1\n\n"two\nlines",0\nlast,1\n', newline=""))
    assert [(number, row["body"]) for number, row in reader.numbered()] == [
        (2, "first"),
        (4, "two\nlines"),
        (5, "last"),
    ]


def test_a_csv_error_names_the_row_it_stopped_at():
    reader = SheetReader(io.StringIO('body,rude\nfine,1\n"open,1\n', newline=""), strict=True)
    with pytest.raises(csv.Error, match="row 3: "):
        list(reader.numbered())


def test_a_bad_label_in_a_plain_csv_names_its_spreadsheet_row(tmp_path):
    path = tmp_path / "labelled.csv"
    path.write_text('body,rude\nfine words,0\n"kind\nwords",1\nmild words,maybe\n', encoding="utf-8")
    with pytest.raises(ModerationError, match=r"labelled\.csv: row 4: label value 'maybe' is not 0 or 1"):
        load_examples(path, PLAIN)


def test_plain_csv_rows_keep_their_ids_from_1(tmp_path):
    """The id a table row gets (score output, saved review labels) is unchanged: data rows from 1."""
    path = tmp_path / "labelled.csv"
    path.write_text("body,rude\nfine words,0\nmild words,1\n", encoding="utf-8")
    assert [example.comment for example in load_examples(path, PLAIN)] == ["1", "2"]


def test_a_bad_label_in_kaggles_csv_names_its_spreadsheet_row(tmp_path):
    path = tmp_path / "insults.csv"
    path.write_text('Insult,Date,Comment\n0,,"fine words"\nyes,,"mild words"\n', encoding="utf-8")
    with pytest.raises(ModerationError, match=r"row 3: label value 'yes' must be written 1 or 0"):
        load_examples(path)


def test_a_filled_queue_counts_a_blank_line_as_its_spreadsheet_does(tmp_path):
    path = _queue(tmp_path)
    _fill(path, lambda n, row: row.update(insult="yes" if n == 1 else "1"))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:2], "\n", *lines[2:]]), encoding="utf-8")  # a blank row 3
    with pytest.raises(ModerationError, match="row 4, column insult: 'yes' is not 1 or 0"):
        load_examples(path)


def test_train_on_a_plain_csv_says_the_row_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "labelled.csv"
    path.write_text("body,rude\nfine words,0\nmild words,2\n", encoding="utf-8")
    args = ("train", path, "--text-column", "body", "--label-column", "insult=rude", "-o", tmp_path / "m.joblib")
    status, _, stderr = through_main(monkeypatch, *args, "--cv", "0")
    assert status == 2 and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].endswith("labelled.csv: row 3: label value '2' is not 0 or 1")
