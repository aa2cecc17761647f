"""Which corpus files the built-in model's category stack holds out together (issue 13).

Run from the project root:  .venv/bin/python benchmarks/category_folds.py CORPUS_DIR

The stacker weighs its members on whole files held out in CATEGORY_FOLDS folds. Each file's fold is
fixed (default_model.CATEGORY_FOLD, else a hash of its name), so adding lines to a file no longer
re-deals the others, as scikit-learn's GroupKFold (which deals files by size) did up to default-13.
This prints the layout with each fold's comments and insults, and names the files not listed in
CATEGORY_FOLD (they get a fold from their name's hash).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from moderation.classify.default_model import CATEGORY_FOLD, CATEGORY_FOLDS, category_fold


def fold_layout(corpus: Path) -> dict[int, dict]:
    """Each fold's files, comments and insults."""
    layout = {fold: {"files": [], "comments": 0, "insults": 0} for fold in range(CATEGORY_FOLDS)}
    for path in sorted(corpus.glob("*.jsonl")):
        fold = layout[category_fold(path.stem)]
        fold["files"].append(path.name if path.stem in CATEGORY_FOLD else f"{path.name} (by hash)")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                fold["comments"] += 1
                fold["insults"] += int(json.loads(line)["labels"].get("insult", 0))
    return layout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    arguments = parser.parse_args()
    for fold, held_out in fold_layout(arguments.corpus).items():
        counts = f"{held_out['comments']} comments, {held_out['insults']} insults"
        print(f"fold {fold}: {counts}: {', '.join(held_out['files'])}")


if __name__ == "__main__":
    main()
