"""One CSV row per flagged comment, for a spreadsheet.

Cells are made `printable` (no control character or escape sequence; a CR becomes a newline, so the
csv module quotes it: a bare CR left unquoted splits the row in a spreadsheet). Cells that a
spreadsheet would run as a formula (=, +, -, @, tab or a line break first) then get a leading apostrophe.
A thread read only in part says so on each of its rows (`incomplete`, `unread`); one with nothing
flagged still gets one row saying so, so that a CSV with no flags cannot pass for an all-clear.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from moderation.safe_text import printable

FIXED = [
    "thread",
    "title",
    "source",
    "incomplete",
    "unread",
    "position",
    "path",
    "comment_id",
    "author",
    "status",
    "posted_at",
    "labels",
]
# "role" and "aimed_at" (added last, so older readers keep their columns): a site staff member's call-out,
# not an offence; whom a flag is aimed at when it is no one comment (everyone, the article) and how
# the target_ columns' comment was found.
AFTER = ["reasons", "target_author", "target_path", "target_excerpt", "text", "role", "aimed_at"]
AIMED_AT_CELLS = {
    "thread": "everyone in the thread",
    "article": "the article or its author",
    "unknown": "unknown: the parent is missing from the dump",
}
NOTHING_FLAGGED_IN_PART = "(no comment flagged among those read; the thread was not read whole)"


def write_csv_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    labels = head["model"]["labels"]
    writer = csv.writer(stream, lineterminator="\n")
    columns = FIXED + [f"{label}_score" for label in labels] + AFTER
    writer.writerow(columns)
    for report in reports:
        thread = [
            report["id"],
            report["title"] or "",
            report["source"]["path"] or "",
            "yes" if report["incomplete"] else "no",
            "; ".join(report["unread"]),
        ]
        if report["incomplete"] and not report["flagged"]:
            row = thread + [""] * (len(columns) - len(thread) - 3) + [NOTHING_FLAGGED_IN_PART, "", ""]
            writer.writerow([safe_cell(cell) for cell in row])
        for item in [*report["flagged"], *report.get("moderation", [])]:
            target = item["target"] or {}
            reasons = "; ".join(f"{label}: {', '.join(grams)}" for label, grams in item["reasons"].items() if grams)
            row = [
                *thread,
                item["position"],
                item["path"],
                item["id"],
                item["author"],
                item["status"],
                item["posted_at"] or "",
                ";".join(item["labels"]),
                *(item["scores"].get(label, "") for label in labels),
                reasons,
                target.get("author", ""),
                target.get("path", ""),
                target.get("excerpt", ""),
                item["text"],
                item.get("role") or "",
                aimed_at_cell(item),
            ]
            writer.writerow([safe_cell(cell) for cell in row])
    summary_of()


def aimed_at_cell(item: dict) -> str:
    """ "reply", "mention", "name: Janet", "everyone in the thread: you people", "the article or its author"."""
    aim = item.get("aimed_at")
    if aim is None:
        return ""
    cell = AIMED_AT_CELLS.get(aim["kind"], aim["via"])
    if aim["kind"] == "comment" and (item["target"] or {}).get("status") == "deleted":
        cell += ", a deleted comment"
    return f"{cell}: {aim['words']}" if aim.get("words") else cell


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(cell):
    """A cell no spreadsheet runs and no terminal obeys; numbers stay numbers."""
    if not isinstance(cell, str):
        return cell
    cell = printable(cell)
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell
