"""One CSV row per flagged comment, for a spreadsheet.

Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe.
A thread read only in part says so on each of its rows (`incomplete`, `unread`); one with nothing
flagged still gets one row saying so, so that a CSV with no flags cannot pass for an all-clear.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

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
AFTER = ["reasons", "target_author", "target_path", "target_excerpt", "text"]
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
            row = thread + [""] * (len(columns) - len(thread) - 1) + [NOTHING_FLAGGED_IN_PART]
            writer.writerow([_safe(cell) for cell in row])
        for item in report["flagged"]:
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
            ]
            writer.writerow([_safe(cell) for cell in row])
    summary_of()


def _safe(cell):
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
