"""Words every human-readable report format shares, so the formats say the same thing the same way."""

from __future__ import annotations

from datetime import datetime

from moderation.plurals import counted
from moderation.report.dynamics import excerpt
from moderation.serialize import offset_text

ROLE_NAMES = {"post_author": "post author", "moderator": "moderator", "admin": "admin", "staff": "site staff"}
# Characters of a comment the reports quote (hand-set for reading, not measured): a flagged comment or a
# --tree entry at length, a staff comment shorter (it is context, not judged), a triage line about one
# line of a wide terminal.
COMMENT_EXCERPT = 300
STAFF_EXCERPT = 200
TRIAGE_EXCERPT = 110


# How a count of flags names each label: as the thread tables' columns do ("insults", "name changes").
# A label a trained model brings that has no noun here is counted as flags: "2 removed flags".
LABEL_NOUNS = {"insult": "insult", "username_change": "name change"}


def label_count(number: int, label: str) -> str:
    """ "1 insult", "2 name changes", "3 removed flags": a count of one label's flags in words."""
    noun = LABEL_NOUNS.get(label)
    return counted(number, noun) if noun else counted(number, f"{label} flag")


def label_counts(by_label: dict[str, int]) -> str:
    """ "2 insults, 1 name change": flags per label, in the order given; "" for none."""
    return ", ".join(label_count(number, label) for label, number in by_label.items())


def thread_counts(counts: dict) -> str:
    """ "1 comment by 1 author": the size of one thread, as each format's thread heading says it."""
    return f"{counted(counts['comments'], 'comment')} by {counted(counts['authors'], 'author')}"


def run_counts(summary: dict) -> str:
    """ "12 threads, 199 comments, 38 flagged comments": the line under every report's header."""
    return ", ".join(
        [
            counted(summary["threads"], "thread"),
            counted(summary["comments"], "comment"),
            counted(summary["flagged"], "flagged comment"),
        ]
    )


def heated_counts(item: dict) -> str:
    """ "2 insults, 5 comments, 3 levels": the size of one heated subthread."""
    return ", ".join(
        [counted(item["insults"], "insult"), counted(item["comments"], "comment"), counted(item["levels"], "level")]
    )


def shown_time(posted_at: str | None) -> str:
    """ "2022-10-12 22:02 UTC-05:00": the time in the zone the dump gave it (the page's own), zone shown."""
    if not posted_at:
        return ""
    try:
        stamp = datetime.fromisoformat(posted_at)
    except ValueError:
        return posted_at
    offset = stamp.utcoffset()
    if offset is None:
        return stamp.strftime("%Y-%m-%d %H:%M")
    if not offset:
        return stamp.strftime("%Y-%m-%d %H:%M UTC")
    return stamp.strftime("%Y-%m-%d %H:%M") + f" UTC{offset_text(offset)}"


def aimed_at(item: dict) -> str | None:
    """Whom an insult is aimed at, in words; None for a flag that is not an insult."""
    if "insult" not in item["labels"]:
        return None
    target = item["target"]
    if target is None:
        return "aimed at: unknown (not a reply, and no @name or @time that matches a comment)"
    how = "replying to" if target["via"] == "reply" else "mentioning"
    return f"aimed at {target['author']} ({how} {target['path']}): “{target['excerpt']}”"


def flag_scores(item: dict) -> str:
    return ", ".join(f"{label} {item['scores'][label]:.2f}" for label in item["labels"])


def threshold_list(model: dict) -> str:
    """ "insult ≥ 0.56, username_change ≥ 0.31": the thresholds every report header shows."""
    return ", ".join(f"{label} ≥ {value:.2f}" for label, value in model["thresholds"].items())


def thresholds_line(model: dict) -> str:
    return f"model {model['name']} ({threshold_list(model)}){expected_line(model)}"


def expected_line(model: dict) -> str:
    """'; expected for insult: precision 0.70, recall 0.65 (measured on ...)', or '' when unknown."""
    from moderation.classify.model_card import expected_phrase

    expected = model.get("expected") or {}
    return "".join(f"; expected for {label}: {expected_phrase(values)}" for label, values in expected.items())


def thread_name(row: dict) -> str:
    return row.get("title") or f"thread {row.get('thread') or row.get('id')}"


def triage_excerpt(entry: dict, limit: int = TRIAGE_EXCERPT) -> str:
    return excerpt(entry["text"], limit)
