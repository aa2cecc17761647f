"""Counted messages read as English for one and for many: "1 line ... is ... was", "2 lines ... are ... were",
never "(s)" or "1 replies", driven through the real readers and a command with small dumps written here."""

from __future__ import annotations

import json
import warnings

import pytest
from test_hostile_outputs import through_main

from moderation.parsing import parse_bytes


def _reddit_lines(bad: int) -> bytes:
    good = {"id": "x1", "body": "fine", "author": "a", "link_id": "t3_q", "parent_id": "t3_q", "created_utc": 1}
    return "\n".join([json.dumps(good)] + ["not json"] * bad).encode()


def _disqus_orphans(count: int) -> bytes:
    posts = "".join(
        f'<post dsq:id="p{n}"><message>hello {n}</message><createdAt>2021-01-01T00:00:0{n}Z</createdAt>'
        f'<author><name>A{n}</name></author><thread dsq:id="gone"/></post>'
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        f'xmlns:dsq="http://disqus.com/disqus-internals">{posts}</disqus>'
    ).encode()


def _commento_unknown(count: int) -> bytes:
    comments = [
        {"commentHex": f"c{n}", "url": "/p", "commenterHex": f"who{n}", "markdown": f"hi {n}", "parentHex": "root"}
        for n in range(count)
    ]
    return json.dumps({"version": 1, "comments": comments, "commenters": []}).encode()


def _warnings_of(data: bytes, format_name: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # file-level warnings are not what these cases count
        threads = parse_bytes(data, format_name)
    return "\n".join(warning for thread in threads for warning in thread.warnings)


@pytest.mark.parametrize(
    "make, format_name, count, expected",
    [
        (_reddit_lines, "reddit", 1, "1 line of the file is not a Reddit comment or submission and was skipped"),
        (_reddit_lines, "reddit", 2, "2 lines of the file are not a Reddit comment or submission and were skipped"),
        (_disqus_orphans, "disqus", 1, "1 post names thread 'gone'"),
        (_disqus_orphans, "disqus", 2, "2 posts name thread 'gone'"),
        (_commento_unknown, "commento", 1, "1 comment names a commenter the export does not list"),
        (_commento_unknown, "commento", 2, "2 comments name a commenter the export does not list"),
    ],
)
def test_a_reader_counts_one_in_the_singular_and_two_in_the_plural(make, format_name, count, expected):
    said = _warnings_of(make(count), format_name)
    assert expected in said
    assert "(s)" not in said


@pytest.mark.parametrize(
    "bad_bytes, expected", [(1, "1 invalid UTF-8 sequence replaced"), (2, "2 invalid UTF-8 sequences")]
)
def test_the_parse_command_counts_bad_bytes_in_the_singular_and_the_plural(monkeypatch, tmp_path, bad_bytes, expected):
    comments = [{"id": str(n), "author": "Zoë", "text": f"Zoë wrote {n}"} for n in range(40)]
    document = json.dumps(
        {"schema": "moderation.threads/1", "threads": [{"id": "t", "comments": comments}]}, ensure_ascii=False
    )
    dump = tmp_path / "threads.json"
    dump.write_bytes(document.encode().replace(b"wrote", b"wrote\xff", bad_bytes))
    status, _, stderr = through_main(monkeypatch, "parse", dump)
    assert status == 0
    assert expected in stderr and "(s)" not in stderr


@pytest.mark.parametrize(
    ("total", "said"), [(1, "Trained on 1 example (1 positive)"), (7779, "Trained on 7,779 examples (1,234 positive)")]
)
def test_the_model_card_counts_its_examples_in_english(total, said):
    from moderation.classify.model_card import model_card

    manifest = {
        "labels": ["insult"],
        "thresholds": {"insult": 0.5},
        "examples": {"insult": {"total": total, "positive": 1 if total == 1 else 1234}},
        "training_data": {"sources": [{"name": "site labels", "examples": total, "role": "the labels"}]},
    }
    card = model_card(manifest)
    assert said in card
    examples = said.removeprefix("Trained on ").split(" (")[0]
    assert f"Source: site labels: {examples}, the labels" in card
