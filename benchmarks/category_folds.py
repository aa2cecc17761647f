"""Which corpus files the built-in model's category stack holds out together (issue 13).

Run from the project root:  .venv/bin/python benchmarks/category_folds.py CORPUS_DIR [OTHER_CORPUS_DIR]

The stacker weighs its members on whole files held out in CATEGORY_FOLDS folds, and GroupKFold deals
the files to folds by their size, so adding a few lines to one file can re-deal them. A re-dealt
layout alone moved train.csv's ROC AUC by about 0.002 (docs/benchmarks.md, second corpus round):
compare two corpus steps only when this prints "same layout", or read the step with that in mind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from moderation.classify.default_model import CATEGORY_FOLDS


def fold_layout(corpus: Path) -> list[tuple[str, ...]]:
    """The files of each held-out fold, as the category stack groups rows (one group per file)."""
    groups = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            groups += [path.name] * sum(1 for line in stream if line.strip())
    names = np.array(groups)
    splits = GroupKFold(n_splits=CATEGORY_FOLDS).split(np.zeros(len(names)), None, names)
    return sorted(tuple(sorted(set(names[held_out]))) for _, held_out in splits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("other", type=Path, nargs="?")
    arguments = parser.parse_args()
    layout = fold_layout(arguments.corpus)
    for number, files in enumerate(layout, 1):
        print(f"fold {number}: {', '.join(files)}")
    if arguments.other is not None:
        print("same layout" if fold_layout(arguments.other) == layout else "layout differs")


if __name__ == "__main__":
    main()
