"""Whom each flag is aimed at, the words shown for it, and threats first: the report against a
thread we wrote (tests/fixtures/report/aimed_at.ndjson) where a careful moderator knows the answer.

Scores come from the golden tests' `KeywordModel`, so these test the report, not a model's judgement.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_report_golden import rendered

from moderation.parsing import parse_bytes, parse_path
from moderation.report.addressees import QUOTE_LOOKBACK
from moderation.report.dynamics import Target, insult_targets
from moderation.report.render_csv import write_csv_report
from moderation.report.render_html import write_html_report
from moderation.report.render_json import write_json_report
from moderation.report.render_markdown import write_markdown_report
from moderation.report.render_text import write_text_report
from moderation.report.threats import threat_words
from moderation.report.wording import TRIAGE_EXCERPT, focused_excerpt

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "aimed_at.ndjson"

# comment id -> (kind, via, author of the comment aimed at, words): what a moderator reading it would say.
EXPECTED = {
    "r3": ("comment", "mention", "nora", "@nora"),  # an @name opening a reply to pete
    "r4": ("comment", "name", "nora", "Nora"),  # "Nora, you clown" under pete's comment
    "r5": ("comment", "reply", "pete", ""),  # "Nora, ignore him, he is a moron": about the parent
    "r6": ("thread", "words", None, "the lot of you"),
    "r7": ("article", "top level", None, ""),
    "r8": ("unknown", "reply", None, ""),  # its parent is missing from the dump
    "r10": ("comment", "reply", "[deleted]", ""),
    "r11": ("comment", "reply", "quinn", ""),
    "r12": ("comment", "reply", "nora", ""),  # names the one it replies to
    "r15": ("comment", "name", "Zoë Ängström 🌻", "Zoë"),
    "r16": ("comment", "quote", "Zoë Ängström 🌻", ""),  # quotes Zoë's words under yan's comment
}


@pytest.fixture(scope="module")
def thread():
    return parse_path(FIXTURE)[0]


@pytest.fixture(scope="module")
def document(thread):
    return json.loads(rendered(write_json_report, [thread]))


def test_each_flag_is_aimed_where_a_moderator_would_say(thread):
    by_id = {c.id: c for c in thread.comments}
    targets = insult_targets(thread, [by_id[i] for i in EXPECTED])
    for comment_id, (kind, via, author, words) in EXPECTED.items():
        found = targets[by_id[comment_id].index]
        assert (found.kind, found.via, found.words) == (kind, via, words), comment_id
        assert (found.comment.author if found.comment else None) == author, comment_id


def test_a_named_participant_s_comment_is_one_written_before(thread):
    """sam's "Nora, you clown" sits below nora's later reply in the tree (1.1.1.1 comes first in tree
    order): the comment shown is nora's written before sam's, her first."""
    by_id = {c.id: c for c in thread.comments}
    assert insult_targets(thread, [by_id["r4"]])[by_id["r4"].index].comment is by_id["r1"]


def test_a_quote_names_its_comment_only_when_long_enough_and_found():
    thread = parse_path(FIXTURE)[0]  # its own copy: the text is changed below
    by_id = {c.id: c for c in thread.comments}
    comment = by_id["r16"]
    for text in ("> matters to people\n\nOnly a clown would say that.", "> Nobody wrote this line at all.\nclown"):
        comment.text = text
        assert insult_targets(thread, [comment])[comment.index] == Target("comment", "reply", by_id["r14"])
    comment.text = "You wrote “the bus matters to people without cars” and you call me a clown?"
    assert insult_targets(thread, [comment])[comment.index] == Target("comment", "quote", by_id["r13"])


def test_times_with_and_without_a_zone_are_not_compared():
    """A dump that gives one comment a time without a zone: the named comment stays the tree-order one."""
    thread = parse_path(FIXTURE)[0]  # its own copy: a time is changed below
    by_id = {c.id: c for c in thread.comments}
    by_id["r4"].posted_at = by_id["r4"].posted_at.replace(tzinfo=None)
    assert insult_targets(thread, [by_id["r4"]])[by_id["r4"].index].comment is by_id["r11"]


def test_you_people_in_a_reply_stays_with_the_parent():
    """ "you people" under one comment lumps its writer with their side; at top level it is everyone."""
    thread = parse_path(FIXTURE)[0]  # its own copy: the text is changed below
    by_id = {c.id: c for c in thread.comments}
    reply, top = by_id["r5"], by_id["r7"]
    reply.text = top.text = "you people never read anything, you morons."
    assert insult_targets(thread, [reply])[reply.index] == Target("comment", "reply", by_id["r2"])
    assert insult_targets(thread, [top])[top.index] == Target("thread", "words", None, "you people")


def test_a_name_is_aimed_at_only_when_a_participant_goes_by_it():
    """ "Honestly, ..." or a name nobody in the thread has is no addressee: the parent stays."""
    thread = parse_path(FIXTURE)[0]  # its own copy: the text is changed below
    by_id = {c.id: c for c in thread.comments}
    comment = by_id["r5"]
    for text in ("Honestly, you are a moron.", "Marguerite, you are a moron."):
        comment.text = text
        assert insult_targets(thread, [comment])[comment.index] == Target("comment", "reply", by_id["r2"])


def test_the_json_report_says_whom_and_how(document):
    items = {item["id"]: item for item in document["threads"][0]["flagged"]}
    assert set(items) == set(EXPECTED)
    for comment_id, (kind, via, author, words) in EXPECTED.items():
        aim = items[comment_id]["aimed_at"]
        assert (aim["kind"], aim["via"], aim.get("words", "")) == (kind, via, words), comment_id
        target = items[comment_id]["target"]
        assert (target["author"] if target else None) == author, comment_id
    assert items["r10"]["target"]["status"] == "deleted"
    # Insults at everyone or at the article are no edge between two people.
    edges = document["threads"][0]["dynamics"]["insults"]
    assert not [edge for edge in edges if edge["from"] in ("uma", "vic")]
    assert [edge for edge in edges if edge["from"] == "wes"] == [{"from": "wes", "to": "Zoë Ängström 🌻", "count": 1}]


def test_every_human_format_says_whom(thread):
    text, markdown, page = (
        " ".join(rendered(writer, [thread]).split())
        for writer in (write_text_report, write_markdown_report, write_html_report)
    )
    for said in (
        "aimed at everyone in the thread (“the lot of you”)",
        "aimed at the article or its author (a top-level comment that names no one)",
        "aimed at: unknown (a reply to a comment missing from the dump)",
        "aimed at the writer of a deleted comment (replying to 4, deleted)",
        "aimed at nora (mentioning 1): ",
        "aimed at nora (named “Nora”; their comment 1): ",
        "aimed at Zoë Ängström 🌻 (quoting 5): ",
    ):
        assert said in text and said in page, said
    assert "aimed at nora \\(named “Nora”; their comment 1\\)" in markdown
    assert "uma → everyone" in text and "vic → the article" in text


def test_csv_says_whom_when_no_one_comment_is_aimed_at(thread):
    rows = {row["comment_id"]: row for row in csv.DictReader(io.StringIO(rendered(write_csv_report, [thread])))}
    assert rows["r6"]["aimed_at"] == "everyone in the thread: the lot of you" and rows["r6"]["target_author"] == ""
    assert rows["r7"]["aimed_at"] == "the article or its author"
    assert rows["r4"]["aimed_at"] == "name: Nora" and rows["r4"]["target_author"] == "nora"
    assert rows["r10"]["aimed_at"] == "reply, a deleted comment"
    assert rows["r16"]["aimed_at"] == "quote"


def test_threats_come_first_with_their_words(document, thread):
    triage = document["summary"]["triage"]
    assert triage[0]["id"] == "r11" and triage[0]["threat"] == "I will find you, you idiot"
    assert all("threat" not in entry for entry in triage[1:])
    text = rendered(write_text_report, [thread])
    assert "Needs attention first: threats, then flagged comments by score" in text
    assert "  1. THREAT insult 0.90 nora → quinn" in text
    assert "threat: “I will find you, you idiot”" in text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Keep it up and I'll smash your windows.", "I'll smash your windows"),
        ("Someone should shoot you for writing that.", "Someone should shoot you for writing that"),
        ("Careful. I know where you live, clown.", "know where you live, clown"),
        ("Watch your back on the way home.", "Watch your back on the way home"),
        ("I hope you die in a ditch.", "hope you die in a ditch"),
        ("Kill you? No, I only meant the argument.", "Kill you"),
        ("You are an idiot and your bus plan is a joke.", None),
        ("The shop is about to die and you lecture its owner, moron.", None),
        ("I will find the minutes and post them.", None),
        ("The skill you need is reading.", None),
    ],
)
def test_threat_words(text, words):
    assert threat_words(text) == words


def test_a_long_comment_shows_the_words_that_carried_its_flag(document, thread):
    """The insult is the last sentence of 450 characters: every excerpt starts at it."""
    item = next(i for i in document["threads"][0]["flagged"] if i["id"] == "r12")
    shown = focused_excerpt(item, TRIAGE_EXCERPT)
    assert shown == "…Nora, you are a hypocrite and a clown."
    assert "“…Nora, you are a hypocrite and a clown.”" in rendered(write_text_report, [thread])
    # A short comment, or one whose flagged words are in its opening, is cut as before.
    short = {"text": "You clown. " + "More words here. " * 20, "reasons": {"insult": ["clown"]}}
    assert focused_excerpt(short, TRIAGE_EXCERPT).startswith("You clown.")


def test_a_long_sentence_is_entered_a_little_before_its_flagged_word():
    long_sentence = "and " * 60 + "then a moron said so"
    item = {"text": "Opening words. " + long_sentence, "reasons": {"insult": ["moron aimed at you"]}}
    shown = focused_excerpt(item, 60)
    assert shown.startswith("…and ") and "moron" in shown and len(shown) <= 60


def test_one_reply_is_no_back_and_forth(document, thread):
    """quinn, nora, quinn is an exchange of 3; xena's one answer to a deleted comment is none."""
    heated = {item["root_path"]: item for item in document["threads"][0]["dynamics"]["heated_subthreads"]}
    assert (heated["1"]["back_and_forth"], heated["1"]["between"]) == (3, ["nora", "quinn"])
    assert document["summary"]["table"][0]["heat"] == 3
    text = " ".join(rendered(write_text_report, [thread]).split())
    assert "back-and-forth of 2" not in text and "back-and-forth of 3 (nora ↔ quinn)" in text


def test_a_quote_is_looked_for_only_in_the_comments_a_reader_scrolled_past():
    """The search is bounded (QUOTE_LOOKBACK comments before, as many ancestors), so a chain of
    quoting replies costs linear time: a quote of the chain's first comment, far above, is not found."""
    first = ("q0", None, "ann", "The ferry timetable was printed in the wrong month entirely.")
    chain = [(f"q{n}", f"q{n - 1}", f"reader{n % 2}", f"reply number {n}") for n in range(1, QUOTE_LOOKBACK + 5)]
    last = ("q_last", chain[-1][0], "dan", "> The ferry timetable was printed in the wrong month\n\nclown")
    lines = [{"kind": "t3", "data": {"id": "s1", "name": "t3_s1", "title": "t"}}]
    for number, (cid, parent, author, body) in enumerate([first, *chain, last]):
        parent_id = f"t1_{parent}" if parent else "t3_s1"
        record = {"id": cid, "parent_id": parent_id, "link_id": "t3_s1", "author": author, "body": body}
        lines.append(record | {"created_utc": 1_700_000_000 + number})
    thread = parse_bytes("\n".join(json.dumps(line) for line in lines).encode(), "reddit")[0]
    quoting = thread.comments[-1]
    assert insult_targets(thread, [quoting])[quoting.index].via == "reply"
    thread.comments[-3].text = thread.comments[0].text  # the same words within reach are found
    assert insult_targets(thread, [quoting])[quoting.index] == Target("comment", "quote", thread.comments[-3])


def test_only_the_scored_part_of_a_comment_says_whom():
    """Words past MAX_SCORED_CHARS (which the model never read) do not decide the target."""
    from moderation.classify.model import MAX_SCORED_CHARS

    thread = parse_path(FIXTURE)[0]  # its own copy: the text is changed below
    top = {c.id: c for c in thread.comments}["r7"]
    top.text = "x " * (MAX_SCORED_CHARS // 2) + "the lot of you are trolls"
    assert insult_targets(thread, [top])[top.index] == Target("article", "top level")
    top.text = "the lot of you are trolls " + "x " * MAX_SCORED_CHARS
    assert insult_targets(thread, [top])[top.index].kind == "thread"
