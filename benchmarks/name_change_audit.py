"""Name changes, aliases and staff on threads an auditor wrote, with a truth kept beside them (never committed).

Run from the project root:
    .venv/bin/python benchmarks/name_change_audit.py TRUTH.json FOLDER [--cache DIR]

TRUTH.json maps each file name in FOLDER to {"comments": [{"author", "text", "uc" (0/1)}],
"groups": [[name, ...]] (names of one person), "staff": [names never to be ranked as offenders],
"staff_option": [names given as --staff]}. Each file is reported as `moderate report --staff ...`
does and linked as `moderate aliases FILE` does (high+likely are findings); comments are matched by
the first 40 characters of their text, names exactly (case kept: "Jo Smith" / "jo smith" are two
names a moderator sees). Staff handling: a staff name among the flagged comments' authors or the
most flagged authors is "ranked"; a staff comment labelled a name change must be shown under
moderation. Prints each miss and false alarm, then the totals as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from itertools import combinations
from pathlib import Path

TEXT_START_LENGTH = 40
FINDINGS = ("high", "likely")
NAME_CHANGE = "username_change"


def start(text: str) -> str:
    return " ".join(text.split())[:TEXT_START_LENGTH]


def pairs(groups) -> set[tuple[str, str]]:
    return {tuple(sorted((a, b))) for group in groups for a, b in combinations(group, 2)}


def ratio(hits: int, misses: int) -> float | None:
    return round(hits / (hits + misses), 3) if hits + misses else None


def audit(truth: dict, folder: Path, model) -> tuple[dict, list[str]]:
    from moderation.identity.linker import find_aliases
    from moderation.parsing import parse_path
    from moderation.report.run import RunSummary, iter_thread_reports
    from moderation.report.thread_report import ReportSettings

    totals = dict.fromkeys(("tp", "fp", "fn", "pair_tp", "pair_fp", "pair_fn", "ranked", "not_ranked"), 0)
    totals |= {"staff_name_changes": 0, "shown_as_moderation": 0}
    lines: list[str] = []
    for name, expected in truth.items():
        threads = list(parse_path(folder / name))
        settings = ReportSettings(
            thresholds=dict(model.thresholds), top=0, include_tree=False, staff=tuple(expected.get("staff_option", ()))
        )
        summary = RunSummary(settings.labels)
        reports = list(iter_thread_reports(threads, model, settings, jobs=1))
        for report in reports:
            summary.add(report)
        items = [item for report in reports for item in report["flagged"] + report["moderation"]]
        flagged = {start(item["text"]) for item in items if NAME_CHANGE in item["labels"]}
        moderation = {start(item["text"]) for report in reports for item in report["moderation"]}
        ranked = {item["author"] for report in reports for item in report["flagged"]}
        ranked |= {entry["author"] for entry in summary.to_dict().get("top_authors", [])}
        for comment in expected["comments"]:
            key, label = start(comment["text"]), bool(comment["uc"])
            hit = key in flagged
            outcome = "tp" if hit and label else "fp" if hit else "fn" if label else "tn"
            totals[outcome] = totals.get(outcome, 0) + 1
            if hit != label:
                lines.append(f"{'false flag' if hit else 'missed'} {name}: {comment['author']}: {key}")
            if label and comment["author"] in expected.get("staff", ()):
                totals["staff_name_changes"] += 1
                totals["shown_as_moderation"] += key in moderation
        for staff in expected.get("staff", ()):
            totals["ranked" if staff in ranked else "not_ranked"] += 1
            if staff in ranked:
                lines.append(f"staff ranked as an offender {name}: {staff}")
        authors = {c.author for thread in threads for c in thread.comments if c.author}
        found = {
            key
            for group in find_aliases(threads, staff=expected.get("staff_option", ()))["groups"]
            if group["confidence"] in FINDINGS
            for key in pairs([group["names"]])
            if key[0] in authors and key[1] in authors
        }
        true_pairs = pairs(expected["groups"])
        totals["pair_tp"] += len(found & true_pairs)
        totals["pair_fp"] += len(found - true_pairs)
        totals["pair_fn"] += len(true_pairs - found)
        lines += [f"missed pair {name}: {a} = {b}" for a, b in sorted(true_pairs - found)]
        lines += [f"wrong pair {name}: {a} = {b}" for a, b in sorted(found - true_pairs)]
    result = {
        "files": len(truth),
        "comments": sum(len(t["comments"]) for t in truth.values()),
        "username_change": {
            "precision": ratio(totals["tp"], totals["fp"]),
            "recall": ratio(totals["tp"], totals["fn"]),
            **{key: totals[key] for key in ("tp", "fp", "fn")},
        },
        "alias_pairs": {
            "precision": ratio(totals["pair_tp"], totals["pair_fp"]),
            "recall": ratio(totals["pair_tp"], totals["pair_fn"]),
            "tp": totals["pair_tp"],
            "fp": totals["pair_fp"],
            "fn": totals["pair_fn"],
        },
        "staff": {
            "ranked_as_offenders": totals["ranked"],
            "not_ranked": totals["not_ranked"],
            "name_changes_shown_as_moderation": f"{totals['shown_as_moderation']}/{totals['staff_name_changes']}",
        },
    }
    return result, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("truth", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path, help="cache directory for the default model (default: a fresh one)")
    arguments = parser.parse_args()
    truth = json.loads(arguments.truth.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["MODERATION_CACHE_DIR"] = str(arguments.cache or scratch)
        from moderation.classify.default_model import load_default_model

        result, lines = audit(truth, arguments.folder, load_default_model())
    print("\n".join(lines))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
