"""Data adapters: Kaggle escapes, our JSONL, plain and Jigsaw CSV, labelled thread JSON, dumps."""

from __future__ import annotations

import json

import pytest

from moderation.datasets import TableColumns, detect_dataset_format, load_examples
from moderation.datasets.kaggle_text import decode_kaggle_comment
from moderation.errors import ModerationError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"plain words"', "plain words"),
        (r'"line one\nline two"', "line one\nline two"),
        (r'"no\xa0break"', "no\u00a0break"),  # an escaped code point, not a UTF-8 byte
        (r'"it\xe2\x80\x99s"', "it\u2019s"),  # UTF-8 bytes of a right single quote
        (r'"caf\xc3\xa9 and\xa0more"', "caf\u00e9 and\u00a0more"),  # both kinds in one row
        (r'"\xa0\xe2\x80\x9cquoted\xe2\x80\x9d"', "\u00a0\u201cquoted\u201d"),  # adjacent runs
        (r'"se\xf1or"', "se\u00f1or"),  # a lone lead byte stays a code point
        (r'"\u2019tis"', "\u2019tis"),
        (r'"don\'t \\ slash"', "don't \\ slash"),
        (r'"tab\there"', "tab\there"),
        (r'"escaped twice\\n\\nWouldn\\\'t"', "escaped twice\n\nWouldn't"),
    ],
)
def test_kaggle_comment_escapes_decode_to_real_characters(raw, expected):
    assert decode_kaggle_comment(raw) == expected


def test_kaggle_csv_is_detected_and_decoded(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(
        'Insult,Date,Comment\n1,20120618192155Z,"""You clown\\xe2\\x80\\x99s hat."""\n0,,"""Fine\\xa0idea\\n"""\n',
        encoding="utf-8",
    )
    assert detect_dataset_format(path) == "kaggle"
    first, second = load_examples(path)
    assert first.text == "You clown\u2019s hat." and first.labels == {"insult": 1} and first.comment == "1"
    assert second.text == "Fine\u00a0idea\n" and second.labels == {"insult": 0}


def test_real_kaggle_files_decode_without_leftovers(kaggle):
    for name in ("train.csv", "test_with_solutions.csv"):
        examples = load_examples(kaggle / name)
        assert len(examples) > 2000
        assert not any("\ufffd" in e.text or "\\x" in e.text or "\\n" in e.text for e in examples)
        assert all(set(e.labels) == {"insult"} for e in examples)


def test_jsonl_reads_labels_and_skips_unknown_values(tmp_path):
    path = tmp_path / "d.jsonl"
    rows = [
        {"text": "you absolute clown", "labels": {"insult": 1, "username_change": 0}},
        {"text": "new name, same me", "labels": {"username_change": True, "insult": None}, "id": "c9"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    first, second = load_examples(path)
    assert first.labels == {"insult": 1, "username_change": 0} and first.comment == "1"
    assert second.labels == {"username_change": 1} and second.comment == "c9"


def test_jsonl_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "ok", "labels": {}}\n{"text": 3}\n', encoding="utf-8")
    with pytest.raises(ModerationError, match=r"d.jsonl:2"):
        load_examples(path)


def test_plain_csv_uses_named_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("body,is_insult\nyou twit,1\nnice post,0\n", encoding="utf-8")
    columns = TableColumns.from_options("body", ["insult=is_insult"])
    examples = load_examples(path, columns)
    assert [(e.text, e.labels) for e in examples] == [("you twit", {"insult": 1}), ("nice post", {"insult": 0})]
    with pytest.raises(ModerationError, match="--text-column"):
        load_examples(path)


def test_jigsaw_csv_reads_its_insult_column(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(
        "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n"
        'a1,"you are a fool",1,0,0,0,1,0\n'
        "a2,thanks,0,0,0,0,0,0\na3,unlabelled,-1,-1,-1,-1,-1,-1\n",
        encoding="utf-8",
    )
    assert detect_dataset_format(path) == "jigsaw"
    examples = load_examples(path)
    assert [(e.comment, e.labels) for e in examples] == [("a1", {"insult": 1}), ("a2", {"insult": 0}), ("a3", {})]


def test_labelled_thread_json_gives_labels_and_parent_context(tmp_path):
    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "post-4",
                "comments": [
                    {"id": "1", "parent_id": None, "author": "Ann", "text": "Bins are late again."},
                    {"id": "2", "parent_id": "1", "author": "Bo", "text": "You whine a lot.", "labels": {"insult": 1}},
                    {"id": "3", "parent_id": None, "author": "Cy", "text": "Was Bo2 before.", "labels": {"insult": 0}},
                ],
            }
        ],
    }
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert detect_dataset_format(path) == "threads"
    examples = load_examples(path)
    by_id = {e.comment: e for e in examples}
    assert by_id["2"].labels == {"insult": 1} and by_id["2"].parent_text == "Bins are late again."
    assert by_id["3"].labels == {"insult": 0} and by_id["3"].parent_text is None
    assert by_id["1"].labels == {} and {e.thread for e in examples} == {"post-4"}


def test_json_lines_dumps_with_text_fields_go_to_the_parsers(tmp_path):
    convokit = tmp_path / "utterances.jsonl"
    convokit.write_text('{"id": "u1", "conversation_id": "u1", "reply_to": null, "text": "hi", "speaker": "a"}\n')
    ours = tmp_path / "plain.ndjson"
    ours.write_text('{"text": "hello there"}\n')
    assert detect_dataset_format(convokit) == "dump"
    assert detect_dataset_format(ours) == "jsonl"


def test_examples_read_together_keep_every_field_and_name_their_file(tmp_path):
    """load_many sets source and thread on each example; every other field is the reader's own."""
    from dataclasses import fields, replace

    from moderation.datasets import Example, load_many
    from moderation.datasets.loading import _with_origin

    full = Example("a text", {"insult": 1}, "t1", "c1", "a parent", "deleted", "old.csv", "someone", 7)
    assert _with_origin(full, "file.csv", "t1#2") == replace(full, source="file.csv", thread="t1#2")
    assert all(getattr(full, field.name) is not None for field in fields(Example))
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({"text": "plain words"}) + "\n", encoding="utf-8")
    (loaded,) = load_many([path])
    assert (loaded.text, loaded.source) == ("plain words", str(path))


def test_kaggle_escapes_decode_alike_with_and_without_byte_escapes():
    assert decode_kaggle_comment(r'"no escapes at all"') == "no escapes at all"
    assert decode_kaggle_comment(r'"one\nline\u00e9 \"q\""') == 'one\nlineé "q"'
    assert decode_kaggle_comment(r'"caf\xc3\xa9\nand\xa0\u00e9"') == "café\nand\xa0é"
