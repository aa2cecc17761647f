"""What the site's moderation history is worth as a label: on ../shared/data/labelled-threads (never copied
here), how the `removed` label (moderation.datasets.moderation_history) lines up with the truth's insults.

    python benchmarks/moderation_history_benchmark.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from moderation.datasets.moderation_history import removal_label
from moderation.parsing import parse_path

LABELLED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "labelled-threads"


def main() -> None:
    if not LABELLED.exists():
        sys.exit(f"{LABELLED} is absent: the ../shared labelled threads are not beside this checkout")
    print(
        "| file | comments | removed (with words) | removed (notice only) | kept "
        "| insults among removed | insults among kept |"
    )
    print("|---|---|---|---|---|---|---|")
    totals = [0] * 7
    for truth_path in sorted((LABELLED / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text())
        insult_by_id = {str(c.get("id")): c.get("insult") for t in truth["threads"] for c in t["comments"]}
        insult_by_place = [c.get("insult") for t in truth["threads"] for c in t["comments"]]
        comments = [c for t in parse_path(LABELLED / truth["file"]) for c in t.comments]
        row = [len(comments), 0, 0, 0, 0, 0]
        for place, comment in enumerate(comments):
            insult = insult_by_id.get(comment.id, insult_by_place[place] if place < len(insult_by_place) else None)
            label = removal_label(comment)
            if label == 1:
                row[1] += 1
                row[4] += insult == 1
            elif label == 0:
                row[3] += 1
                row[5] += insult == 1
            elif comment.status in ("deleted", "spam"):
                row[2] += 1
        print(f"| {truth['file']} | " + " | ".join(map(str, row[:4])) + f" | {row[4]}/{row[1]} | {row[5]}/{row[3]} |")
        totals = [a + b for a, b in zip(totals, row + [0], strict=True)]
    removed, kept = totals[1], totals[3]
    print(
        f"| all | {totals[0]} | {removed} | {totals[2]} | {kept} | {totals[4]}/{removed} "
        f"({totals[4] / max(removed, 1):.0%}) | {totals[5]}/{kept} ({totals[5] / max(kept, 1):.0%}) |"
    )


if __name__ == "__main__":
    main()
