"""Issue #16: reports a moderator can act on in a minute.

Triage first in every format, reasons that carry the flag, targets to trust, the page's own times,
site staff kept apart, `-o` picking the format, and the errors a moderator meets. Scores come from
the golden tests' `KeywordModel`, so these test the report, not a model's judgement.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report_golden import REPORT_CASES, KeywordModel, rendered

from moderation.cli import cli
from moderation.parsing import parse_bytes, parse_path
from moderation.report import commands
from moderation.report.commands import output_format_for
from moderation.report.dynamics import Target, insult_targets
from moderation.report.render_html import flagged_branches, write_html_report
from moderation.report.render_markdown import write_markdown_report
from moderation.report.render_text import write_text_report
from moderation.report.thread_report import shown_time_of
from moderation.report.wording import shown_time

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_threads"
HEATED = REPORT_CASES / "heated_thread.ndjson"
FIRST_SCREEN = 40  # lines: a terminal's first screen


@pytest.fixture(autouse=True)
def keyword_model(monkeypatch):
    monkeypatch.setattr(commands, "_load_model", lambda path: (KeywordModel(), None))


def run(*args, input=None):
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False, input=input)


def reddit_dump(*comments: tuple) -> bytes:
    """NDJSON of (id, parent id or None, author, body[, extra fields]) under one submission."""
    lines = [{"kind": "t3", "data": {"id": "s1", "name": "t3_s1", "title": "A post", "author": "op"}}]
    for number, (comment_id, parent, author, body, *extra) in enumerate(comments):
        record = {
            "id": comment_id,
            "parent_id": f"t1_{parent}" if parent else "t3_s1",
            "link_id": "t3_s1",
            "author": author,
            "body": body,
            "created_utc": 1_700_000_000 + 60 * number,
        }
        record.update(*extra)
        lines.append(record)
    return "\n".join(json.dumps(line) for line in lines).encode()


# 1. Triage first


def test_text_report_puts_the_first_flagged_comment_on_the_first_screen():
    result = run(str(SAMPLES))
    lines = result.stdout.splitlines()
    first_flag = next(n for n, line in enumerate(lines) if re.search(r"\binsult \d\.\d\d\b", line))
    assert first_flag < FIRST_SCREEN
    assert lines.index("Per thread, in the order read") > first_flag
    assert "Needs attention first" in "\n".join(lines[:FIRST_SCREEN])


def test_the_opening_ranks_flags_by_score_and_threads_by_flags_then_heat():
    document = json.loads(run(str(HEATED), str(REPORT_CASES / "hostile_markup.ndjson"), "--format", "json").stdout)
    triage = document["summary"]["triage"]
    assert triage and [entry["score"] for entry in triage] == sorted((e["score"] for e in triage), reverse=True)
    table = {row["number"]: row for row in document["summary"]["table"]}
    ranked = [table[number] for number in document["summary"]["ranked"]]
    assert [(-r["flags"], -r["heat"]) for r in ranked] == sorted((-r["flags"], -r["heat"]) for r in ranked)


@pytest.mark.parametrize(
    ("writer", "opening", "detail"),
    [
        (write_text_report, "Needs attention first", "Per thread, in the order read"),
        (write_markdown_report, "## Needs attention first", "## Per thread, in the order read"),
        (write_html_report, 'id="triage"', 'class="thread"'),
    ],
)
def test_every_format_opens_with_triage_and_marks_incomplete_threads(writer, opening, detail):
    page = rendered(writer, parse_path(HEATED) + parse_path(REPORT_CASES / "hostile_markup.ndjson"))
    assert opening in page and detail in page
    assert page.index(opening) < page.index(detail)
    assert page.index("INCOMPLETE") < page.index(detail)  # heated_thread holds 12 of its 14 comments


@pytest.mark.parametrize("writer", [write_text_report, write_markdown_report, write_html_report])
def test_counts_of_one_are_singular_in_every_format(writer):
    """One thread is "1 thread", a heated subthread of one level "1 level": never "1 threads"."""
    one = rendered(writer, parse_path(HEATED))
    assert re.search(r"\b1 thread, \d+ comments, \d+ flagged comments?\b", one)
    assert not re.search(r"\b1 (threads|comments|levels|insults|flagged comments)\b|insult\(s\)", one)
    two = rendered(writer, parse_path(HEATED) + parse_path(REPORT_CASES / "hostile_markup.ndjson"))
    assert re.search(r"\b2 threads, \d+ comments\b", two)


def test_no_section_repeats_a_flagged_comment():
    page = run(str(HEATED)).stdout
    for gone in ("Who insulted whom", "Authors by flags", "name change?"):
        assert gone not in page
    document = json.loads(run(str(HEATED), "--format", "json").stdout)
    for item in document["threads"][0]["flagged"]:
        flat = " ".join(item["text"].split())
        assert page.count(flat[:60]) <= 2, flat  # once in the opening, once in the thread's detail


def test_the_reply_tree_is_behind_an_option_in_text_and_markdown_and_folded_in_html():
    assert "Reply tree" not in run(str(HEATED)).stdout
    with_tree = run(str(HEATED), "--tree").stdout
    assert "Reply tree" in with_tree
    document = json.loads(run(str(HEATED), "--format", "json").stdout)
    for entry in document["threads"][0]["tree"]:
        assert entry["path"] in with_tree
    assert "Reply tree" in run(str(HEATED), "--tree", "--format", "markdown").stdout
    page = run(str(HEATED), "--format", "html").stdout
    assert re.search(r'<details class="tree"><summary>', page), "the tree is one closed <details>"


# 2. Reasons


def test_function_words_are_never_reasons_and_named_words_are_not_repeated():
    import numpy as np

    from moderation.classify.explain import _picked, function_words_only

    assert function_words_only("you are") and function_words_only("a") and function_words_only("you're")
    assert not function_words_only("idiot") and not function_words_only("post as")
    raising = ["a", "you", "and", "idiot aimed at you", "idiot", "clown"]  # best first, as explain_texts ranks
    one_text = np.zeros(len(raising), dtype=np.int64)
    assert _picked(raising, one_text, np.arange(len(raising)), 1, 5) == [["idiot aimed at you", "clown"]]
    assert _picked(raising, one_text, np.arange(len(raising)), 1, 1) == [["idiot aimed at you"]]


def test_a_profane_word_that_drove_the_score_is_named_and_marked():
    from moderation.classify.profanity_feature import ProfanityProbability, profanity_available
    from moderation.report.render_html import marked

    if not profanity_available():
        pytest.skip("alt-profanity-check is not installed")
    reasons = ProfanityProbability().reasons_for("You are all idiots and morons, the lot of you.")
    assert reasons[0].endswith("(profanity)") and "idiots" in reasons[0]
    assert "<mark>idiots</mark>" in marked("You are all idiots.", reasons)


# 3. Aimed at


def test_in_a_flat_thread_the_resolved_mention_is_the_target():
    dump = reddit_dump(
        ("c1", None, "ann", "The budget is late again."),
        ("c2", "c1", "bob", "It was always going to be."),
        ("c3", "c1", "cat", "@bob you idiot, read the minutes."),
        ("c4", None, "dan", "What a clown show."),
    )
    thread = parse_bytes(dump, "reddit")[0]
    targets = insult_targets(thread, thread.comments)
    by_id = {c.id: c for c in thread.comments}
    assert targets[by_id["c3"].index] == Target("comment", "mention", by_id["c2"])
    assert targets[by_id["c2"].index] == Target("comment", "reply", by_id["c1"])  # no mention: the parent
    # Top level, naming no one: the article or its author, not "unknown".
    assert targets[by_id["c4"].index] == Target("article", "top level")
    text = run("-", input=dump.decode()).stdout
    assert "aimed at bob (mentioning" in text and "aimed at the article or its author" in text


def test_in_a_nested_thread_the_parent_is_the_target():
    dump = reddit_dump(
        ("c1", None, "ann", "Start."),
        ("c2", "c1", "bob", "Reply."),
        ("c3", "c2", "cat", "Deeper."),
        ("c4", "c3", "dan", "You idiot, @ann was right."),
    )
    thread = parse_bytes(dump, "reddit")[0]
    c4 = thread.comments[-1]
    assert insult_targets(thread, [c4])[c4.index] == Target("comment", "reply", thread.comments[2])


def test_in_a_nested_thread_an_opening_mention_of_someone_else_is_the_target():
    """ "@ann you idiot." under cat's comment speaks to ann, not to cat."""
    dump = reddit_dump(
        ("c1", None, "ann", "Start."),
        ("c2", "c1", "bob", "Reply."),
        ("c3", "c2", "cat", "Deeper."),
        ("c4", "c3", "dan", "@ann you idiot."),
    )
    thread = parse_bytes(dump, "reddit")[0]
    c4 = thread.comments[-1]
    assert insult_targets(thread, [c4])[c4.index] == Target("comment", "mention", thread.comments[0], "@ann")


# 4. Times


def test_blogger_times_are_in_the_zone_the_page_shows():
    """The parse keeps the permalink's exact instant; reports show it on the page's own clock."""
    thread = parse_path(SAMPLES / "blogger_page.html")[0]
    assert thread.shown_zone.utcoffset(None) == timedelta(hours=-5)  # the page shows 9:14 PM for 02:14 UTC
    shown = shown_time_of(thread.comments[0], thread)
    stamp = thread.comments[0].posted_at.astimezone(thread.shown_zone)
    assert shown == stamp.isoformat()
    assert shown_time(shown) == stamp.strftime("%Y-%m-%d %H:%M") + " UTC-05:00"
    assert shown_time("2023-01-02T03:04:00+00:00") == "2023-01-02 03:04 UTC"


# 5. Site staff


def test_staff_are_never_ranked_as_offenders_and_their_call_outs_show_as_moderation():
    dump = reddit_dump(
        ("c1", None, "ann", "You troll, go away.", {"distinguished": "moderator"}),
        ("c2", None, "op", "You clown.", {"is_submitter": True}),
        ("c3", None, "eve", "Total idiot take."),
        ("c4", None, "sam", "Another moron post."),
    )
    threads = parse_bytes(dump, "reddit")
    assert [c.role for c in threads[0].comments] == ["moderator", "post_author", None, None]
    document = json.loads(run("-", "--format", "json", "--staff", "SAM", input=dump.decode()).stdout)
    thread = document["threads"][0]
    assert [item["author"] for item in thread["flagged"]] == ["eve"]
    assert {item["author"]: item["role"] for item in thread["moderation"]} == {
        "ann": "moderator",
        "op": "post_author",
        "sam": "staff",
    }
    assert [a["author"] for a in document["summary"]["top_authors"]] == ["eve"]
    assert thread["flag_counts"]["insult"] == 1
    assert "Moderation by site staff (3)" in run("-", "--staff", "sam", input=dump.decode()).stdout


def test_parsers_mark_the_post_author():
    wordpress = parse_path(SAMPLES / "wordpress_page.html")[0]
    blogger = parse_path(SAMPLES / "blogger_page.html")[0]
    assert {c.author for c in wordpress.comments if c.role == "post_author"}
    assert {c.author for c in blogger.comments if c.role == "post_author"}


# 7. -o picks the format; the text report names its model


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.html", "<!DOCTYPE html>"), ("r.md", "# Moderation report"), ("r.json", "{"), ("r.csv", "thread,")],
)
def test_output_extension_picks_the_format(tmp_path, name, start):
    target = tmp_path / name
    run(str(HEATED), "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith(start)
    assert output_format_for("text", str(target)) == "text"  # --format wins
    assert output_format_for(None, str(tmp_path / "r.txt")) == "text"


def test_text_report_names_model_and_thresholds():
    first = run(str(HEATED)).stdout.splitlines()[0]
    assert "model default" in first and "insult ≥ 0.50" in first and "username_change ≥ 0.50" in first


# 8. HTML on a phone (without a browser; test_report_html_browser.py measures the width)


def test_html_summary_links_threads_by_severity_and_chart_marks_link_to_comments():
    page = rendered(write_html_report, parse_path(HEATED) + parse_path(REPORT_CASES / "hostile_markup.ndjson"))
    ids = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and all(link in ids for link in links)
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert re.search(r'<a href="#t\d+-f\d+"><rect', chart)
    assert 'width="600"' not in chart  # the chart scales to the page
    summary = page[page.index('id="summary"') :]
    numbers = [int(n) for n in re.findall(r'<tr><td><a href="#t(\d+)">', summary)]
    assert sorted(numbers) == [1, 2] and "overflow-wrap:anywhere" in page


def test_flagged_branches_open_every_ancestor_once_in_one_pass():
    depth = 3000  # a flagged chain: each comment replies to the one before
    tree = [{"position": n + 1, "depth": n + 1} for n in range(depth)]
    assert flagged_branches(tree, set(range(1, depth + 1))) == set(range(depth - 1))
    bushy = [{"position": 1, "depth": 1}, {"position": 2, "depth": 2}, {"position": 3, "depth": 1}]
    assert flagged_branches(bushy, {2}) == {0}


# 9. Errors a moderator meets


def test_a_file_error_is_one_line_without_an_empty_report(tmp_path):
    bad = tmp_path / "dump.json"
    bad.write_bytes(b"\x00\x01\x02 not a dump")
    result = CliRunner().invoke(cli, ["report", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("address", ["tcp//10.0.0.5:8786", "localhost", "tcp://host:99999", "http://h:1"])
def test_a_malformed_dask_address_fails_at_once_in_one_line(monkeypatch, capsys, address):
    import sys

    from moderation.cli import main

    def never(path):
        raise AssertionError("the model was loaded before the address was checked")

    monkeypatch.setattr(commands, "_load_model", never)
    monkeypatch.setattr(sys, "argv", ["moderate", "report", str(HEATED), "--dask", address])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "--dask" in error[0] and "not a scheduler address" in error[0]


@pytest.mark.slow
def test_with_the_built_in_model_the_first_flag_is_on_the_first_screen():
    """The installed command on the bundled samples, as a new moderator runs it."""
    import subprocess
    import sys

    moderate = Path(sys.executable).parent / "moderate"
    result = subprocess.run([str(moderate), "report", "sample_threads/"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (0, 3), result.stderr
    lines = result.stdout.splitlines()
    assert "model default" in lines[0]
    first_flag = next(n for n, line in enumerate(lines) if re.search(r"\b(insult|username_change) \d\.\d\d\b", line))
    assert first_flag < FIRST_SCREEN
    opening = "\n".join(lines[: lines.index("Per thread, in the order read")])
    for word in ("“a”", "“and”", "“as”", "“you”"):
        assert word not in result.stdout, f"{word} shown as a reason"
    authors = opening.split("Most flagged authors")[-1]
    assert "Dana Whitlow" not in authors  # the blog's author (Blogger blog-author): staff
