"""The ConvoKit parser: utterances.jsonl and the older utterances.json array."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED, require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import JSON_TOKENS, mutate
from renderers_json_formats import render_convokit_array, render_convokit_jsonl
from tree_specs import assert_same_tree, comment_trees

from moderation.cli import cli
from moderation.errors import ParseError
from moderation.parsing import ParseOptions, convokit, detect_format, expand_paths, parse_bytes, parse_path
from moderation.parsing.source import Source

SAMPLES = Path(__file__).resolve().parent.parent / "sample_threads"
CORNELL = SHARED / "data" / "real-exports" / "convokit-subreddit-cornell"
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def utterance(uid, reply_to=None, conversation="c1", **fields) -> str:
    record = {
        "id": uid,
        "speaker": f"speaker-{uid}",
        "conversation_id": conversation,
        "reply_to": reply_to,
        "timestamp": 1_600_000_000,
        "text": f"words of {uid}",
        "meta": {},
    }
    record.update(fields)
    return json.dumps(record)


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_detects_jsonl_and_array_corpora():
    assert detect_format(Source.from_bytes(jsonl(utterance("a")))) == "convokit"
    array = json.dumps([{"id": "a", "user": "x", "root": "a", "reply_to": None, "text": "hi"}]).encode()
    assert detect_format(Source.from_bytes(array)) == "convokit"


@pytest.mark.parametrize(
    "data",
    [
        b'{"schema": "moderation.threads/1", "threads": []}',
        b'{"id": "a", "parent_id": "t3_x", "link_id": "t3_x", "body": "hi"}',
        b'[{"id": 1}]',
        b'{"reply_to": 1}',
    ],
)
def test_other_json_is_not_convokit(data):
    assert convokit.sniff(Source.from_bytes(data)) == 0


def test_sample_utterances_form_one_conversation_rooted_at_its_opening_utterance():
    [thread] = parse_path(SAMPLES / "utterances.jsonl")
    assert thread.id == "u100" and thread.source_format == "convokit"
    assert 10 <= len(thread.comments) <= 15
    comments = {c.id: c for c in thread.comments}
    assert comments["u100"].depth == 1 and comments["u104"].path == "1.1.1.1.1"
    assert comments["u108"].parent_id == "u107" and comments["u108"].author == "cllr_watch"
    assert comments["u111"].orphan and comments["u111"].source_parent_id == "u099"
    deleted = comments["u112"]
    assert deleted.status == "deleted" and deleted.posted_at is None
    # A null timestamp sorts after its timed siblings.
    assert [c.id for c in thread.children(comments["u100"])][-1] == "u112"


def test_one_thread_per_conversation_in_order_of_appearance():
    data = jsonl(
        utterance("a"), utterance("x", conversation="c2"), utterance("b", "a"), utterance("y", "x", conversation="c2")
    )
    threads = parse_bytes(data)
    assert [(t.id, [c.id for c in t.comments]) for t in threads] == [("c1", ["a", "b"]), ("c2", ["x", "y"])]


def test_reply_to_an_utterance_missing_from_the_file_is_an_orphan():
    [thread] = parse_bytes(jsonl(utterance("a"), utterance("b", "gone")))
    b = thread.comments[1]
    assert b.orphan and b.source_parent_id == "gone" and b.depth == 1
    assert any("'gone'" in warning for warning in thread.warnings)


def test_timestamps_in_seconds_milliseconds_strings_and_null():
    data = jsonl(
        utterance("a", timestamp=1_600_000_000.5),
        utterance("b", timestamp=1_600_000_000_000),
        utterance("c", timestamp="1600000000"),
        utterance("d", timestamp="2020-09-13 14:26:40"),
        utterance("e", timestamp=None),
        utterance("f", timestamp="soon"),
    )
    zone = timezone(timedelta(hours=2))
    [thread] = parse_bytes(data, options=ParseOptions(default_timezone=zone))
    times = {c.id: c.posted_at for c in thread.comments}
    moment = datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc)
    assert times["a"] == moment + timedelta(milliseconds=500)
    assert times["b"] == times["c"] == times["d"] == moment
    assert times["d"].utcoffset() == timedelta(hours=2)
    assert times["e"] is None and times["f"] is None


def test_numeric_ids_and_speaker_objects_are_read():
    data = jsonl(
        json.dumps({"id": 1, "speaker": {"id": "Ann"}, "conversation_id": 1, "reply_to": None, "text": " hi\r\n"}),
        json.dumps({"id": 2, "speaker": "Bo", "conversation_id": 1, "reply_to": 1, "text": "yo"}),
    )
    [thread] = parse_bytes(data)
    assert thread.id == "1"
    assert [(c.id, c.parent_id, c.author, c.text) for c in thread.comments] == [
        ("1", None, "Ann", "hi"),
        ("2", "1", "Bo", "yo"),
    ]


def test_bad_lines_are_skipped_with_a_warning():
    [thread] = parse_bytes(jsonl(utterance("a"), "not json", '{"id": "no reply_to"}', utterance("b", "a")))
    assert [c.id for c in thread.comments] == ["a", "b"]
    assert thread.warnings[0].startswith(
        "2 lines of the file are not a ConvoKit utterance and were skipped (line 2, 3)"
    )


def test_nothing_valid_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_bytes(b"nope\n{}\n", "convokit")
    with pytest.raises(ParseError):
        parse_bytes(b'{"not": "an array"}', "convokit")


def test_array_form_uses_root_and_user():
    items = [
        {"id": "r", "user": "Ann", "root": "r", "reply_to": None, "timestamp": 5, "text": "first"},
        {"id": "s", "user": "Bo", "root": "r", "reply_to": "r", "timestamp": 9, "text": "second"},
        7,
    ]
    [thread] = parse_bytes(json.dumps(items).encode(), "convokit")
    assert thread.id == "r" and [(c.id, c.parent_id, c.author) for c in thread.comments] == [
        ("r", None, "Ann"),
        ("s", "r", "Bo"),
    ]
    assert thread.warnings[0].startswith("1 item of the file is not a ConvoKit utterance")


@PROPERTY
@given(spec=comment_trees().filter(bool))
def test_jsonl_round_trip(spec):
    [thread] = parse_bytes(render_convokit_jsonl(spec), "convokit")
    assert_same_tree(spec, thread)


@PROPERTY
@given(spec=comment_trees().filter(bool))
def test_array_round_trip(spec):
    [thread] = parse_bytes(render_convokit_array(spec), "convokit")
    assert thread.id == "conv-1"
    assert_same_tree(spec, thread)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=600), st.integers(0, 2**32)))
def test_fuzzed_input_gives_threads_or_parse_error(data):
    if isinstance(data, int):
        data = mutate((SAMPLES / "utterances.jsonl").read_bytes(), random.Random(data), tokens=JSON_TOKENS)
    try:
        threads = parse_bytes(data, "convokit")
    except ParseError:
        return
    for thread in threads:
        assert [c.index for c in thread.preorder()] == list(range(len(thread.comments)))


# -- as ConvoKit's Corpus.dump writes it --------------------------------------------------------


def dumped_utterance(uid, reply_to=None, conversation="c1", **fields) -> str:
    """An utterance with ConvoKit's own reply key, "reply-to"."""
    record = json.loads(utterance(uid, reply_to, conversation, **fields))
    record["reply-to"] = record.pop("reply_to")
    return json.dumps(record)


def write_corpus(folder: Path, *, conversations=None, speakers=None) -> Path:
    folder.mkdir(parents=True)
    lines = [dumped_utterance("c1"), dumped_utterance("r1", "c1"), dumped_utterance("r2", "r1", text="[removed]")]
    (folder / "utterances.jsonl").write_bytes(jsonl(*lines))
    conversations = conversations if conversations is not None else {"c1": {"meta": {"title": "Ferry  fares"}}}
    (folder / "conversations.json").write_text(json.dumps(conversations), encoding="utf-8")
    (folder / "speakers.json").write_text(json.dumps(speakers or {}), encoding="utf-8")
    (folder / "corpus.json").write_text('{"name": "made up"}', encoding="utf-8")
    (folder / "index.json").write_text('{"version": 1}', encoding="utf-8")
    return folder


def test_reply_to_with_a_hyphen_is_read_like_reply_to():
    data = jsonl(dumped_utterance("a"), dumped_utterance("b", "a"), dumped_utterance("c", "b", text="[deleted]"))
    assert detect_format(Source.from_bytes(data)) == "convokit"
    [thread] = parse_bytes(data)
    assert [(c.id, c.parent_id) for c in thread.comments] == [("a", None), ("b", "a"), ("c", "b")]
    assert (thread.comments[2].status, thread.comments[2].deleted_by) == ("deleted", "author")


def test_a_corpus_folder_is_one_source_with_its_companions(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    (tmp_path / "notes.txt").write_text("an article", encoding="utf-8")
    sources = list(expand_paths([tmp_path]))
    assert [Path(source.name).name for source in sources] == ["utterances.jsonl", "notes.txt"]
    assert sorted(sources[0].companions) == ["conversations", "corpus", "index", "speakers"]
    assert sources[0].companions["conversations"] == folder / "conversations.json"


def test_a_corpus_folder_gives_titles_and_speaker_names(tmp_path):
    speakers = {"speaker-r1": {"meta": {"name": "Ro Quill"}}, "speaker-c1": {"meta": {}}}
    folder = write_corpus(tmp_path / "corpus", speakers=speakers)
    [source] = expand_paths([folder])
    [thread] = convokit.parse(source, ParseOptions())
    assert thread.title == "Ferry fares"
    assert [c.author for c in thread.comments] == ["speaker-c1", "Ro Quill", "speaker-r2"]
    assert (thread.comments[2].status, thread.comments[2].deleted_by) == ("deleted", "moderator")


def test_the_utterances_file_named_alone_still_brings_its_companions(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    [thread] = parse_path(folder / "utterances.jsonl")
    assert thread.title == "Ferry fares"


def test_utterances_without_companions_are_a_plain_file(tmp_path):
    (tmp_path / "utterances.jsonl").write_bytes(jsonl(dumped_utterance("a")))
    [source] = expand_paths([tmp_path])
    assert source.companions == {}


def test_an_unreadable_companion_costs_a_warning_not_the_corpus(tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    (folder / "conversations.json").write_text('{"c1": ', encoding="utf-8")
    [thread] = parse_path(folder / "utterances.jsonl")
    assert thread.title is None and len(thread.comments) == 3
    assert any("conversations.json" in warning for warning in thread.warnings)


def test_parse_command_reads_a_nested_corpus_folder_without_complaint(tmp_path):
    write_corpus(tmp_path / "exports" / "subreddit-corpus")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [thread] = json.loads(result.stdout)["threads"]
    assert thread["title"] == "Ferry fares" and len(thread["comments"]) == 3


def test_real_utterances_file_with_the_hyphenated_key():
    threads = parse_path(require_shared(CORNELL / "utterances.jsonl"))
    assert len(threads) == 50 and sum(len(t.comments) for t in threads) == 1519
    assert sum(1 for t in threads for c in t.comments if c.parent_id) == 1469


@pytest.mark.slow
def test_real_corpus_folder_through_the_command():
    result = CliRunner().invoke(cli, ["parse", str(require_shared(CORNELL)), "--format", "json"])
    assert result.exit_code == 0, result.output
    threads = json.loads(result.stdout)["threads"]
    assert len(threads) == 50 and sum(len(t["comments"]) for t in threads) == 1519
    titled = {t["id"]: t["title"] for t in threads}
    assert all(titled.values())
    assert sum(1 for t in threads for c in t["comments"] if c["status"] == "deleted") == 78


def test_every_format_with_multi_file_corpora_is_asked_for_them():
    """find_corpus asks only CORPUS_FORMAT_MODULES (so reading a CSV imports no parser): none may be missing."""
    from moderation import parsing

    with_corpora = {
        module.__name__.rsplit(".", 1)[1] for module in parsing._modules() if hasattr(module, "find_corpus")
    }
    assert with_corpora == set(parsing.CORPUS_FORMAT_MODULES)
