"""Deleted comments are shown in the tree but never flagged: their text is gone or a platform notice."""

from __future__ import annotations

import numpy as np

from moderation.assemble import RawComment, assemble_thread
from moderation.report.thread_report import ReportSettings, build_thread_report
from moderation.thread import Thread


def test_a_deleted_comment_is_not_flagged_however_it_scores():
    thread = assemble_thread(
        Thread(id="t"),
        [
            RawComment(
                ref="1",
                parent_ref=None,
                author="Ann",
                text="This comment has been removed by the author.",
                status="deleted",
            ),
            RawComment(ref="2", parent_ref="1", author="Bo", text="You are an idiot."),
        ],
    )
    scores = {"insult": np.array([0.99, 0.99])}
    report = build_thread_report(
        thread,
        scores,
        ReportSettings(thresholds={"insult": 0.5}, identity=False),
        lambda label, texts: [[] for _ in texts],
    )
    assert [item["author"] for item in report["flagged"]] == ["Bo"]
