"""One CSV row per flagged comment, for a spreadsheet.

Cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

FIXED = ["thread", "title", "source", "position", "path", "comment_id", "author", "status", "posted_at", "labels"]
AFTER = ["reasons", "target_author", "target_path", "target_excerpt", "text"]


def write_csv_report(head: dict, reports: Iterable[dict], summary_of, stream: IO[str]) -> None:
    labels = head["model"]["labels"]
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FIXED + [f"{label}_score" for label in labels] + AFTER)
    for report in reports:
        for item in report["flagged"]:
            target = item["target"] or {}
            reasons = "; ".join(f"{label}: {', '.join(grams)}" for label, grams in item["reasons"].items() if grams)
            row = [
                report["id"],
                report["title"] or "",
                report["source"]["path"] or "",
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
