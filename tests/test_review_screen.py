"""The review screen, driven key by key through textual's pilot: what it shows and what it writes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from moderation.review.items import ReviewItem
from moderation.review.labels_file import seen_keys
from moderation.review.queue import QueueEntry
from moderation.review.screen import ReviewApp
from moderation.review.session import ReviewSession

LABELS = ["insult", "username_change"]


def _entries() -> list[QueueEntry]:
    items = [
        ReviewItem(
            "site.xml",
            "t1",
            "c1",
            "Mara",
            "You utter numpty, read it again.",
            "The budget is fine.",
            "Joe",
            context=(("Joe", "The budget is fine."), ("> Mara", "You utter numpty, read it again.")),
        ),
        ReviewItem(
            "site.xml",
            "t1",
            "c2",
            "Heron",
            "Formerly posting as Egret. Mail me at heron@example.com",
            history=1,
            status="deleted",
        ),
        ReviewItem("site.xml", "t1", "c3", "Kit", "[bold red]not markup[/] \x1b[31mred\x07", None),
    ]
    return [
        QueueEntry(i, {"insult": 0.61, "username_change": 0.05}, {"insult": ["numpty"], "username_change": []})
        for i in items
    ]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _drive(tmp_path: Path, keys: list[str], check=None) -> tuple[ReviewSession, list[dict]]:
    output = tmp_path / "labels.jsonl"
    session = ReviewSession(_entries(), LABELS, output, "model@abc", "tester")
    app = ReviewApp(session)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            for key in keys:
                await pilot.press(key)
            if check is not None:
                check(app)
            await pilot.press("q")

    asyncio.run(run())
    return session, _lines(output) if output.exists() else []


def _shown(app, name: str) -> str:
    return str(app.query_one(name).render())


def test_the_screen_shows_the_comment_its_parent_scores_and_reasons(tmp_path):
    def check(app):
        assert "You utter numpty" in _shown(app, "#comment") and "Mara" in _shown(app, "#comment")
        assert "in reply to Joe: The budget is fine." in _shown(app, "#context")
        scores = _shown(app, "#scores")
        assert "insult: score 0.61" in scores and "numpty" in scores
        assert "insult?" in _shown(app, "#question")

    _, lines = _drive(tmp_path, [], check)
    assert lines == []


def test_y_and_n_answer_each_label_and_the_judgement_is_appended(tmp_path):
    session, lines = _drive(tmp_path, ["y", "n", "n", "tab"])
    assert [(line["id"], line["labels"]) for line in lines] == [
        ("c1", {"insult": 1, "username_change": 0}),
        ("c2", {"insult": 0}),
    ]
    assert lines[0]["reviewer"] == "tester" and lines[0]["model"] == "model@abc" and lines[0]["source"] == "site.xml"
    assert session.position == 2


def test_skip_and_undo(tmp_path):
    # c1 skipped, c2 judged, undo withdraws c2's judgement, then c2 judged again differently.
    session, lines = _drive(tmp_path, ["s", "y", "y", "u", "n", "y"])
    assert [(line["id"], line["labels"], line.get("skipped"), line.get("undone")) for line in lines] == [
        ("c1", {}, True, None),
        ("c2", {"insult": 1, "username_change": 1}, None, None),
        ("c2", {}, None, True),
        ("c2", {"insult": 0, "username_change": 1}, None, None),
    ]
    assert seen_keys(tmp_path / "labels.jsonl") == {("site.xml", "t1", "c1"), ("site.xml", "t1", "c2")}


def test_undo_within_a_comment_takes_back_one_answer(tmp_path):
    session, lines = _drive(tmp_path, ["y", "u", "n", "n"])
    assert [line["labels"] for line in lines] == [{"insult": 0, "username_change": 0}]


def test_untrusted_text_is_masked_and_never_markup_or_control_characters(tmp_path):
    def check(app):
        shown = _shown(app, "#comment")
        assert "heron@example.com" not in shown and "[e-mail]" in shown
        assert "removed by the site" in shown

    _drive(tmp_path, ["n", "n"], check)

    def check_markup(app):
        shown = _shown(app, "#comment")
        assert "[bold red]not markup[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown

    _drive(tmp_path, ["n", "n", "n", "n"], check_markup)


def test_the_end_of_the_queue_says_how_many_were_judged_and_skipped(tmp_path):
    def check(app):
        assert "Queue done: 2 judged, 1 skipped this session" in _shown(app, "#progress")

    _drive(tmp_path, ["n", "n", "s", "y", "tab"], check)


def test_a_comment_left_unjudged_for_every_label_counts_as_skipped_and_undo_takes_it_back(tmp_path):
    session, _ = _drive(tmp_path, ["tab", "tab", "y", "n"])
    assert session.summary() == "1 judged, 1 skipped"
    again = tmp_path / "again"
    again.mkdir()
    session, _ = _drive(again, ["s", "y", "n", "u"])  # c2's judgement undone, c1's skip stands
    assert session.summary() == "0 judged, 1 skipped"
