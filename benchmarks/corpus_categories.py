"""What each category of the default corpus adds on real comments: train without it, score Kaggle train.csv.

Run from the project root:  .venv/bin/python benchmarks/corpus_categories.py [--only CATEGORY ...]

For the whole corpus and for the corpus less each hand-written category (and less the generated part),
an insult-only model with the default settings (no cross-validation) scores all of Kaggle's train.csv:
its ROC AUC says whether the category teaches what real insults look like. Never reads the test file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kaggle_train import load_train
from sklearn.metrics import roc_auc_score

from moderation.classify.default_model import corpus_files, default_settings
from moderation.classify.training import train_model
from moderation.datasets import load_many

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
from build_corpus import CATEGORY_KINDS  # noqa: E402


def train_csv_auc(files: list[Path], texts: list[str], labels) -> float:
    model = train_model(load_many(files), labels=["insult"], folds=0, settings=default_settings())
    return float(roc_auc_score(labels, model.predict_proba(texts)["insult"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="leave out only these categories (and 'generated')")
    arguments = parser.parse_args()
    texts, labels = load_train()
    files = corpus_files()
    whole = train_csv_auc(files, texts, labels)
    print(f"whole corpus: train.csv ROC AUC {whole:.4f}", flush=True)
    for category in arguments.only or [*CATEGORY_KINDS, "generated"]:
        kept = [f for f in files if f.stem != category]
        if len(kept) == len(files):
            continue
        auc = train_csv_auc(kept, texts, labels)
        print(f"without {category}: {auc:.4f} ({auc - whole:+.4f})", flush=True)


if __name__ == "__main__":
    main()
