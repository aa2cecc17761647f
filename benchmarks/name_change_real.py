"""Name changes and aliases on the shared labelled threads, through the paths the commands use.

Run from the project root:  .venv/bin/python benchmarks/name_change_real.py [--cache DIR] [--misses]

- username_change per comment: each file is reported as `moderate report` does (`build_report` with
  the default model); a comment counts as flagged when it carries the `username_change` label among
  the report's offences or its staff call-outs ("moderation"). Comments are matched to the truth by
  the first 40 characters of their text; deleted comments are left out, as the report never flags
  them.
  For comparison, the same comments as the classifier alone and the rules alone flag them (at the
  same threshold): the two inputs of the one detector (moderation/identity/name_change.py).
- alias pairs: every pair of names inside a truth alias group. Predicted pairs come from
  `find_aliases` over all threads of one file, as `moderate aliases FILE` runs it, counted for the
  bands high+likely (the findings) and for all bands (possible is "look at this"). The report's own
  per-thread identity section is counted too (high+likely).
--misses lists the comments and pairs that were missed or wrongly found. --rule-fires also runs the
rules alone over comments with (almost) no name talk, Kaggle's train.csv and ../shared/data/real-exports,
and lists every comment they read as a name change. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT.parent / "shared" / "data" / "labelled-threads"
KAGGLE_TRAIN = ROOT.parent / "shared" / "data" / "kaggle-insults" / "train.csv"
REAL_EXPORTS = ROOT.parent / "shared" / "data" / "real-exports"
TEXT_START_LENGTH = 40  # labelled-threads README: text_start is " ".join(text.split())[:40]
FINDINGS = ("high", "likely")
NAME_CHANGE = "username_change"


def text_start(text: str) -> str:
    return " ".join(text.split())[:TEXT_START_LENGTH]


def truth_comments(truth: dict) -> dict[str, int]:
    return {c["text_start"]: c[NAME_CHANGE] for t in truth["threads"] for c in t["comments"] if not c.get("is_deleted")}


def truth_pairs(truth: dict) -> set[tuple[str, str]]:
    return {
        tuple(sorted((a.casefold(), b.casefold())))
        for group in truth["alias_groups"]
        for a, b in combinations(group, 2)
    }


def group_pairs(groups: list[dict], bands: tuple[str, ...], authors: set[str]) -> set[tuple[str, str]]:
    """Pairs of a band between names that post in the file: the truth groups only authors, so a
    pair with a name only mentioned ("your previous account u/X") is neither right nor wrong there."""
    return {
        tuple(sorted((a.casefold(), b.casefold())))
        for group in groups
        if group["confidence"] in bands
        for a, b in combinations(group["names"], 2)
        if a.casefold() in authors and b.casefold() in authors
    }


def ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def measure(model, show_misses: bool) -> dict:
    from moderation.identity.linker import find_aliases
    from moderation.identity.name_change import read_thread
    from moderation.parsing import parse_path
    from moderation.report.run import build_report

    flagged_right = flagged = positives = 0
    threshold = model.thresholds[NAME_CHANGE]
    inputs = {name: {"flagged": 0, "correct": 0} for name in ("classifier_alone", "rules_alone")}
    counts = {name: {"predicted": 0, "correct": 0} for name in ("aliases_findings", "aliases_all", "report_findings")}
    true_total = 0
    misses: list[str] = []
    for truth_file in sorted((LABELLED / "truth").glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        labels = truth_comments(truth)
        threads = list(parse_path(LABELLED / truth["file"]))
        document = build_report(threads, model, top=0, include_tree=False)
        flagged_starts = {
            text_start(item["text"])
            for report in document["threads"]
            for item in report["flagged"] + report["moderation"]
            if NAME_CHANGE in item["labels"]
        }
        seen = set()
        for thread in threads:
            texts = [comment.text for comment in thread.comments]
            alone = {
                "classifier_alone": model.predict_proba(texts)[NAME_CHANGE] if texts else [],
                "rules_alone": [reading.score for reading in read_thread(thread, None)],
            }
            for index, comment in enumerate(thread.comments):
                start = text_start(comment.text)
                if comment.status == "deleted" or start not in labels or start in seen:
                    continue
                seen.add(start)
                is_flagged, is_true = start in flagged_starts, bool(labels[start])
                for name, scores in alone.items():
                    inputs[name]["flagged"] += bool(scores[index] >= threshold)
                    inputs[name]["correct"] += bool(scores[index] >= threshold) and is_true
                flagged += is_flagged
                positives += is_true
                flagged_right += is_flagged and is_true
                if is_flagged != is_true:
                    misses.append(f"{'missed' if is_true else 'false flag'} {truth['file']}: {comment.author}: {start}")
        expected = truth_pairs(truth)
        true_total += len(expected)
        aliases = find_aliases(threads)
        authors = {c.author.casefold() for thread in threads for c in thread.comments if c.author}
        report_groups = [g for report in document["threads"] for g in report["identity"]["groups"]]
        for name, found in (
            ("aliases_findings", group_pairs(aliases["groups"], FINDINGS, authors)),
            ("aliases_all", group_pairs(aliases["groups"], ("high", "likely", "possible"), authors)),
            ("report_findings", group_pairs(report_groups, FINDINGS, authors)),
        ):
            counts[name]["predicted"] += len(found)
            counts[name]["correct"] += len(found & expected)
            if name == "aliases_findings":
                misses += [f"missed pair {truth['file']}: {a} = {b}" for a, b in sorted(expected - found)]
                misses += [f"wrong pair {truth['file']}: {a} = {b}" for a, b in sorted(found - expected)]
    result = {
        "username_change": {
            "positives": positives,
            "flagged": flagged,
            "correct": flagged_right,
            "precision": ratio(flagged_right, flagged),
            "recall": ratio(flagged_right, positives),
        },
        "username_change_inputs": {
            name: {
                **value,
                "precision": ratio(value["correct"], value["flagged"]),
                "recall": ratio(value["correct"], positives),
            }
            for name, value in inputs.items()
        },
        "alias_pairs": {
            name: {
                **value,
                "true": true_total,
                "precision": ratio(value["correct"], value["predicted"]),
                "recall": ratio(value["correct"], true_total),
            }
            for name, value in counts.items()
        },
    }
    if show_misses:
        result["misses"] = misses
    return result


def rule_fires() -> dict:
    """What the rules alone read as name changes in comments that are (almost) never about names."""
    from moderation.datasets import load_examples
    from moderation.errors import ModerationError
    from moderation.identity.name_change import known_names, read_comment
    from moderation.identity.name_change_text import read_name_change
    from moderation.parsing import expand_paths, parse_source

    kaggle = [e.text for e in load_examples(KAGGLE_TRAIN)]
    fires = [f"kaggle: {finding.cue}" for text in kaggle if (finding := read_name_change(text, {}))]
    exported = 0
    for source in expand_paths([REAL_EXPORTS]):
        try:
            threads = list(parse_source(source))
        except ModerationError:
            continue
        known = known_names(threads)
        for thread in threads:
            for comment in thread.comments:
                if comment.text.strip():
                    exported += 1
                    finding = read_comment(comment, thread, known).finding
                    if finding is not None:
                        fires.append(f"real-exports: {finding.cue}")
    return {"kaggle_train_comments": len(kaggle), "real_export_comments": exported, "fires": fires}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="cache directory for the default model (default: a fresh one)")
    parser.add_argument("--misses", action="store_true", help="list missed and wrong comments and pairs")
    parser.add_argument("--rule-fires", action="store_true", help="the rules alone on Kaggle train and real exports")
    arguments = parser.parse_args()
    if not LABELLED.exists():
        sys.exit(f"{LABELLED} is absent: the ../shared data is not beside this checkout")
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["MODERATION_CACHE_DIR"] = str(arguments.cache or scratch)
        from moderation.classify.default_model import load_default_model

        model = load_default_model()
        result = {"username_change_threshold": round(model.thresholds[NAME_CHANGE], 3)} | measure(
            model, arguments.misses
        )
        if arguments.rule_fires:
            result["rule_fires"] = rule_fires()
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
