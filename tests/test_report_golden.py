"""Golden reports: every dump in tests/report_cases/ gives exactly the JSON report beside it.

Scores come from `KeywordModel`, a fixed word-list stand-in for the classifier, so the golden files
test the report (tree order, targets, dynamics, identity, masking), not a model's judgement.
Set UPDATE_GOLDEN=1 to write missing expected files; read them before committing.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from moderation.parsing import parse_path
from moderation.report.render_json import write_json_report
from moderation.report.run import RunSummary, document_head, iter_thread_reports
from moderation.report.thread_report import ReportSettings

REPORT_CASES = Path(__file__).resolve().parent / "report_cases"
CASE_FILES = sorted(p for p in REPORT_CASES.iterdir() if p.is_file() and not p.name.endswith(".report.json"))

INSULT_WORDS = ("idiot", "moron", "troll", "clown", "hypocrite", "jackass")
NAME_CHANGE_PHRASES = ("used to post as", "changed my name", "new name", "same person")


class KeywordModel:
    """Model-like stand-in: a comment is an insult when it holds an insult word, a name change when
    it holds a name-change phrase; `explain` names the words found."""

    labels = ["insult", "username_change"]
    thresholds = {"insult": 0.5, "username_change": 0.5}
    cues = {"insult": INSULT_WORDS, "username_change": NAME_CHANGE_PHRASES}

    def predict_proba(self, texts):
        return {label: np.array([0.9 if self.explain(t, label) else 0.1 for t in texts]) for label in self.labels}

    def flags(self, scores):
        return [label for label in self.labels if scores[label] >= self.thresholds[label]]

    def explain(self, text, label, top=5):
        lowered = text.lower()
        return [cue for cue in self.cues[label] if re.search(rf"\b{re.escape(cue)}\b", lowered)][:top]

    def explain_many(self, label, texts, top=5):
        return [self.explain(text, label, top) for text in texts]


def rendered(writer, threads, model=None, **settings) -> str:
    """The report of `threads` through `writer`, scored by the keyword model unless one is given: the
    whole run (reports, summary, document head) as `moderate report` makes it, in one process."""
    model = model or KeywordModel()
    settings = ReportSettings(thresholds=dict(model.thresholds), **settings)
    summary = RunSummary(settings.labels)

    def counted():
        for report in iter_thread_reports(threads, model, settings, jobs=1):
            summary.add(report)
            yield report

    stream = io.StringIO()
    writer(document_head(model, "keywords", settings), counted(), summary.to_dict, stream)
    return stream.getvalue()


def report_document(paths, model=None, include_tree=True, **settings) -> dict:
    threads = [thread for path in paths for thread in parse_path(path)]
    for thread in threads:
        thread.source_path = Path(thread.source_path).name if thread.source_path else None
    document = json.loads(rendered(write_json_report, threads, model, include_tree=include_tree, **settings))
    document.pop("generator")  # carries the package version
    return document


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.name)
def test_golden_report(case):
    expected_file = case.with_name(case.name.split(".")[0] + ".report.json")
    actual = report_document([case])
    if not expected_file.exists():
        if os.environ.get("UPDATE_GOLDEN"):
            expected_file.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            pytest.skip(f"wrote {expected_file.name}; review it")
        pytest.fail(f"{case.name} has no {expected_file.name}")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


def test_there_are_report_cases():
    assert len(CASE_FILES) >= 3


def test_golden_reports_never_show_an_email_or_ip():
    text = json.dumps(report_document(CASE_FILES))
    assert "@millbrook.example" not in text and "reader@example.org" not in text
    assert "192.168.4.20" not in text and "2001:db8::7" not in text
    assert "[e-mail]" in text and "[ip]" in text


def test_a_run_over_several_files_sums_them_up():
    document = report_document(CASE_FILES, include_tree=False)
    summary = document["summary"]
    assert summary["threads"] == len(document["threads"]) == 3
    assert summary["comments"] == sum(t["counts"]["comments"] for t in document["threads"])
    assert [row["thread"] for row in summary["table"]] == [t["id"] for t in document["threads"]]
    assert summary["top_authors"][0]["author"] == "four_wheels_frank"
    assert all("tree" not in t for t in document["threads"])
