"""Counted words read as English in every human-readable output: "1 comment by 1 author", "2 insults,
1 name change", never "1 comments" or "2 insult". Each goes through the one helper, `counted`."""

from __future__ import annotations

import json
import re

import pytest
from test_report_golden import KeywordModel, rendered

from moderation.completeness import count_gap_reason
from moderation.identity.render import render_aliases
from moderation.parsing import parse_path
from moderation.plurals import counted, noun_for
from moderation.report.render_html import write_html_report
from moderation.report.render_markdown import write_markdown_report
from moderation.report.render_text import write_text_report
from moderation.report.staff_names import StaffCheck
from moderation.report.wording import label_counts
from moderation.thread import Comment, Thread

WRITERS = {"text": write_text_report, "markdown": write_markdown_report, "html": write_html_report}
# "1 <plural>": a one followed by a plural noun the reports use (not "1 of 2 threads", not "1.2").
ONE_AND_A_PLURAL = re.compile(r"(?<![\d.])1 (comments|authors|insults|name changes|flags|threads|replies|levels)\b")
# A label name counted as if it were a noun: "2 insult", "1 username_change".
BARE_LABEL_COUNT = re.compile(r"(?<![\d.])((?!1 )\d+ insult|\d+ username_change)\b")


@pytest.fixture
def lone_insult(tmp_path):
    """One thread of one comment by one author, flagged once: every count in its report is one."""
    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "ferry",
                "title": "Ferry timetable cut",
                "comments": [{"id": "f1", "parent_id": None, "author": "Hollis Marr", "text": "What a clown."}],
            }
        ],
    }
    path = tmp_path / "ferry.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return parse_path(path)


@pytest.fixture
def two_insults_one_change(tmp_path):
    """One author with two insults and a name change: the counts that are more than one."""
    texts = ["You clown.", "You troll.", "I changed my name last week."]
    comments = [
        {"id": f"c{n}", "parent_id": None, "author": "Brannock", "text": text} for n, text in enumerate(texts, 1)
    ]
    comments.insert(0, {"id": "c0", "parent_id": None, "author": "Sefton Ware", "text": "The ferry is late."})
    document = {"schema": "moderation.threads/1", "threads": [{"id": "pier", "title": "Pier", "comments": comments}]}
    path = tmp_path / "pier.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return parse_path(path)


@pytest.mark.parametrize("name", WRITERS)
def test_one_of_everything_is_said_in_the_singular(name, lone_insult):
    out = rendered(WRITERS[name], lone_insult, KeywordModel(), include_tree=True)
    assert "1 comment by 1 author" in out
    assert "1 insult" in out
    assert not ONE_AND_A_PLURAL.search(out), ONE_AND_A_PLURAL.search(out)
    assert not BARE_LABEL_COUNT.search(out), BARE_LABEL_COUNT.search(out)


@pytest.mark.parametrize("name", WRITERS)
def test_counts_above_one_take_the_plural_and_labels_their_nouns(name, two_insults_one_change):
    out = rendered(WRITERS[name], two_insults_one_change, KeywordModel(), include_tree=True)
    assert "4 comments by 2 authors" in out
    assert "2 insults, 1 name change" in out  # the thread's flags and the author's "by label" alike
    assert not BARE_LABEL_COUNT.search(out), BARE_LABEL_COUNT.search(out)


def test_the_helper_and_a_label_without_a_noun():
    assert [counted(n, "thread") for n in (0, 1, 2)] == ["0 threads", "1 thread", "2 threads"]
    assert counted(1, "reply", "replies") == "1 reply" and counted(3, "reply", "replies") == "3 replies"
    assert noun_for(0, "comment") == "comments"
    assert label_counts({"removed": 1, "toxic": 2}) == "1 removed flag, 2 toxic flags"


def test_a_declared_count_of_one_is_one_comment():
    assert count_gap_reason(1, 0) == "the page says 1 comment; 0 are in this dump"
    assert count_gap_reason(3, 1) == "the page says 3 comments; 1 is in this dump"


def test_alias_evidence_names_one_comment_or_several():
    evidence = [
        {"kind": "admission", "thread": "t", "comments": ["1.2"], "detail": "one"},
        {"kind": "sign-off", "thread": "t", "comments": ["1", "4"], "detail": "two"},
        {"kind": "same e-mail", "thread": None, "comments": ["2", "3"], "detail": "keys"},
    ]
    lines = list(
        render_aliases({"groups": [{"names": ["A", "B"], "confidence": "high", "score": 1.0, "evidence": evidence}]})
    )
    assert "  - admission [thread t, comment 1.2]: one" in lines
    assert "  - sign-off [thread t, comments 1, 4]: two" in lines
    assert "  - same e-mail [comments 2, 3]: keys" in lines


def test_a_staff_name_near_two_authors_names_both_as_authors():
    thread = Thread(
        id="t",
        comments=[
            Comment(id="a", parent_id=None, author="Editor", text="hello"),
            Comment(id="b", parent_id=None, author="Editors", text="hello"),
        ],
    )
    check = StaffCheck(["Edtor"])
    list(check.watch([thread]))
    assert check.warnings() == [
        "warning: --staff 'Edtor' matched no author in the comments read; nearest authors: 'Editor', 'Editors'"
    ]
