"""Words every human-readable report format shares, so the formats say the same thing the same way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from moderation.plurals import counted
from moderation.report.dynamics import excerpt
from moderation.report.reason_marks import first_reason_span, flag_reasons
from moderation.serialize import offset_text

ROLE_NAMES = {"post_author": "post author", "moderator": "moderator", "admin": "admin", "staff": "site staff"}
# Characters of a comment the reports quote (hand-set for reading, not measured): a flagged comment or a
# --tree entry at length, a staff comment shorter (it is context, not judged), a triage line about one
# line of a wide terminal.
COMMENT_EXCERPT = 300
STAFF_EXCERPT = 200
TRIAGE_EXCERPT = 110
# When a long comment's flagged words lie past its excerpt, the excerpt starts this share of its length
# before them (a third: enough words before to read them in their clause; hand-set for reading).
FOCUS_LEAD_SHARE = 3


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
    aim, target = item.get("aimed_at"), item["target"]
    kind = aim["kind"] if aim else ("comment" if target else "unknown")
    if kind == "thread":
        return f"aimed at everyone in the thread (“{aim['words']}”)"
    if kind == "article":
        return "aimed at the article or its author (a top-level comment that names no one)"
    if kind == "unknown" or target is None:
        if aim and aim["via"] == "reply":
            return "aimed at: unknown (a reply to a comment missing from the dump)"
        return "aimed at: unknown (not a reply, and no @name or @time that matches a comment)"
    path = target["path"]
    if target["via"] == "name":
        where = f"named “{aim['words']}”; their comment {path}"
    elif target["via"] == "quote":
        where = f"quoting {path}"
    else:
        where = f"{'mentioning' if target['via'] == 'mention' else 'replying to'} {path}"
    if target.get("status") == "deleted":
        return f"aimed at {_deleted_writer(target['author'])} ({where}, deleted): “{target['excerpt']}”"
    return f"aimed at {target['author']} ({where}): “{target['excerpt']}”"


def aimed_at_short(entry: dict) -> str | None:
    """Whom a triage line's flag is aimed at, in a few words ("Maria K", "everyone"), or None."""
    aim = entry.get("aimed_at") or {}
    if aim.get("kind") == "thread":
        return "everyone"
    if aim.get("kind") == "article":
        return "the article"
    if not entry.get("target_author"):
        return None
    if entry.get("target_status") == "deleted":
        return _deleted_writer(entry["target_author"])
    return entry["target_author"]


def _deleted_writer(author: str) -> str:
    """ "the writer of a deleted comment", or "Derek, whose comment was deleted" when the dump kept the name."""
    from moderation.identity.names import is_anonymous

    return "the writer of a deleted comment" if is_anonymous(author) else f"{author}, whose comment was deleted"


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


def triage_heading(summary: dict) -> str:
    """ "Needs attention first: threats, then flagged comments by score (the 10 highest of 38)"."""
    shown = len(summary["triage"])
    more = f" (the {shown} highest of {summary['flagged']})" if shown < summary["flagged"] else ""
    threats = "threats, then " if any("threat" in entry for entry in summary["triage"]) else ""
    return f"Needs attention first: {threats}flagged comments by score{more}"


def threat_line(item: dict) -> str | None:
    """ "threat: “I will burn your house down”" for a flag whose words threaten someone."""
    return f"threat: “{item['threat']}”" if item.get("threat") else None


def triage_excerpt(entry: dict, limit: int = TRIAGE_EXCERPT) -> str:
    return focused_excerpt(entry, limit)


def focused_excerpt(item: dict, limit: int, plain: Callable[[str, int], str] = excerpt) -> str:
    """The flagged comment on one line, cut to `limit` characters around the words that carried the flag.

    A long comment often says what matters late ("... And as for you, Alan, you are a spineless
    hypocrite"): the excerpt then starts at the sentence holding its threat or the first abusive word
    a reason names (or a little before them when that sentence is too long), marked by a leading "…".
    Otherwise the text is cut by `plain`, as before.
    """
    flat = " ".join(item["text"].split())
    if len(flat) <= limit:
        return flat
    threat = flat.find(item["threat"].rstrip("…")) if item.get("threat") else -1
    span = (threat, threat + len(item["threat"])) if threat >= 0 else first_reason_span(flat, flag_reasons(item))
    if span is None or span[1] <= limit - 1:
        return plain(flat, limit)
    start = max(flat.rfind(". ", 0, span[0]), flat.rfind("! ", 0, span[0]), flat.rfind("? ", 0, span[0])) + 2
    if start < 2 or span[1] - start > limit - 2:
        start = min(flat.find(" ", max(0, span[0] - limit // FOCUS_LEAD_SHARE)) + 1 or span[0], span[0])
    return "…" + excerpt(flat[start:], limit - 1)
