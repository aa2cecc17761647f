"""Issue #13: one name-change detector serves the report's `username_change` flags and the linker.

A stub classifier gives fixed probabilities so these test the detector's wiring, not a model.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from moderation.parsing import parse_bytes
from moderation.report.run import build_report


class StubModel:
    """username_change probability: `name_change` for texts holding a marked word, else 0."""

    labels = ["insult", "username_change"]

    def __init__(self, marked: str = "\0", threshold: float = 0.5):
        self.marked = marked
        self.thresholds = {"insult": 0.5, "username_change": threshold}

    def predict_proba(self, texts):
        return {
            "insult": np.zeros(len(texts)),
            "username_change": np.array([0.9 if self.marked in text else 0.0 for text in texts]),
        }

    def explain_many(self, label, texts, top=5):
        return [[] for _ in texts]


def thread(*comments, roles=None):
    """One thread of (id, parent id or None, author, text)."""
    roles = roles or {}
    document = {
        "schema": "moderation.threads/1",
        "threads": [
            {
                "id": "t1",
                "comments": [
                    {
                        "id": cid,
                        "parent_id": parent,
                        "author": author,
                        "text": text,
                        "posted_at": f"2024-02-01T10:{n:02d}:00+00:00",
                        **({"role": roles[cid]} if cid in roles else {}),
                    }
                    for n, (cid, parent, author, text) in enumerate(comments)
                ],
            }
        ],
    }
    return parse_bytes(json.dumps(document).encode(), "json")


def report_of(threads, model, **thresholds):
    return build_report(threads, model, thresholds=thresholds or None, top=0, include_tree=False)["threads"][0]


def flagged_authors(report):
    return [item["author"] for item in report["flagged"] if "username_change" in item["labels"]]


RENAMED = (
    ("1", None, "Heron44", "The ferry timetable is a mess again."),
    ("2", None, "Greta Lind", "Finally put my full name in. I used to post as Heron44."),
    ("3", "2", "Paul", "Makes sense to me."),
)


def test_a_comment_the_rules_read_is_flagged_and_linked_though_the_classifier_missed_it():
    report = report_of(thread(*RENAMED), StubModel())
    assert flagged_authors(report) == ["Greta Lind"]
    assert [sorted(group["names"]) for group in report["identity"]["groups"]] == [["Greta Lind", "Heron44"]]
    assert [flag["author"] for flag in report["identity"]["name_change_flags"]] == ["Greta Lind"]


def test_one_threshold_drops_the_flag_and_the_link_together():
    report = report_of(thread(*RENAMED), StubModel(), username_change=0.99)
    assert flagged_authors(report) == []
    assert report["identity"]["groups"] == []


def test_a_classifier_flag_the_rules_cannot_read_is_listed_and_links_no_one():
    threads = thread(("1", None, "Ada", "Funny how you keep turning up here."), ("2", "1", "Bo", "Hi."))
    report = report_of(threads, StubModel(marked="turning up"))
    assert flagged_authors(report) == ["Ada"]
    assert report["identity"]["groups"] == [] and report["identity"]["unresolved"] == []


def test_staff_call_outs_are_moderation_and_never_link_the_staff():
    threads = thread(
        ("1", None, "Heron44", "The ferry timetable is a mess again."),
        ("2", "1", "Desk", "Heron44, that is the second handle you've used this week. One name per person."),
        ("3", None, "Desk", "For the record, my old handle here was TimetableTeam."),
        roles={"2": "moderator", "3": "moderator"},
    )
    report = report_of(threads, StubModel())
    assert flagged_authors(report) == []
    assert [item["author"] for item in report["moderation"]] == ["Desk", "Desk"]
    assert report["dynamics"]["authors_by_flags"] == []
    assert all("Desk" not in group["names"] for group in report["identity"]["groups"])
    assert [entry["name"] for entry in report["identity"]["unresolved"]] == ["Heron44"]


@pytest.mark.parametrize("threshold", [0.3, 0.6])
def test_the_rules_alone_flag_nothing_in_ordinary_talk(threshold):
    threads = thread(
        ("1", None, "Marge", "Same council, same excuses. New building, same old traffic."),
        ("2", "1", "Ted", "Welcome back, Marge! I was there when they voted."),
    )
    assert flagged_authors(report_of(threads, StubModel(), username_change=threshold)) == []


def test_a_thing_renamed_is_no_flag_though_the_classifier_reads_name_talk():
    """'The bakery has a new name' is news about the bakery: the classifier's name talk there counts
    at most THING_RENAMED_CEILING, under the threshold, unless a rule reads a commenter's name change."""
    threads = thread(
        ("1", None, "Ada", "The bakery on Mill Lane has a new name and the same sourdough."),
        ("2", None, "Bo", "The bus firm changed its name again, the timetable is no better."),
        ("3", None, "Cy", "Your new name suits you, Ada."),
        ("4", None, "Di", "The bakery has a new name and so do I: I used to post as Cy_Baker."),
    )
    report = report_of(threads, StubModel(marked="name", threshold=0.25))
    assert flagged_authors(report) == ["Cy", "Di"]
    loose = report_of(threads, StubModel(marked="name", threshold=0.05))
    assert flagged_authors(loose) == ["Ada", "Bo", "Cy", "Di"]  # a --threshold below the ceiling still sees them
