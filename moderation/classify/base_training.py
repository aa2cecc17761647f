"""Training on top of the built-in corpus: a site's own labels adjust the default model instead of replacing it.

The corpus and the site's labels are fitted together; each site label counts SITE_WEIGHT times (a
sample weight in the logistic regression), and the thresholds are chosen on the site's labels only
(their out-of-fold scores), since the corpus is easier than real comments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from moderation.classify.model import Model
from moderation.classify.training import files_sha256, train_model
from moderation.datasets import Example
from moderation.errors import ModerationError

BASES = ("default",)
# How many corpus examples one of the site's labels is worth. Chosen on Kaggle train.csv only
# (benchmarks/review_loop_benchmark.py --weights: 200 random labels from two thirds of train.csv, ROC AUC
# on the last third, 2 seeds): 1, 2, 5, 10, 20 gave 0.8910, 0.8915, 0.8919, 0.8920, 0.8919; 10 was best
# by a hair, all within 0.001 (docs/benchmarks.md, "Review loop").
SITE_WEIGHT = 10.0
# Folds of the cross-validation that picks the thresholds on the site's labels (3, as the default model).
BASE_FOLDS = 3


def train_on_base(
    site_examples: Sequence[Example],
    base: str = "default",
    labels: Sequence[str] | None = None,
    folds: int = BASE_FOLDS,
    site_weight: float = SITE_WEIGHT,
    progress: Callable[[str], None] | None = None,
    site_files: Sequence[str] = (),
    corpus_examples: Sequence[Example] | None = None,
) -> Model:
    """The base corpus and the site's examples trained together, the site's weighted `site_weight` times.

    Every label of either source is trained (a queue that judged only `insult` still gets a model
    that flags `username_change`, from the corpus). `corpus_examples` replaces the built-in corpus
    (benchmarks that load it once). `folds` < 2 skips the cross-validation: thresholds are then 0.5.
    """
    from moderation.classify.default_model import corpus_files, default_settings
    from moderation.datasets import load_many

    if base not in BASES:
        raise ModerationError(f"unknown base {base!r} (known: {', '.join(BASES)})")
    if not site_examples:
        raise ModerationError("no labelled example of the site to train on top of the base corpus")
    if site_weight <= 0:
        raise ModerationError(f"the site weight must be above 0, not {site_weight}")
    files = corpus_files()
    corpus = list(corpus_examples) if corpus_examples is not None else load_many(files)
    examples = [*corpus, *site_examples]
    weights = [1.0] * len(corpus) + [float(site_weight)] * len(site_examples)
    sets_threshold = [False] * len(corpus) + [True] * len(site_examples)
    if not any(example.labels for example in site_examples):
        raise ModerationError("the site's data states no label (every label cell blank?)")
    model = train_model(
        examples,
        labels=list(labels) if labels else None,
        folds=folds,
        settings=default_settings(),
        progress=progress,
        data_sha256=files_sha256([*files, *site_files]),
        data_files=[*[f.name for f in files], *site_files],
        weights=weights,
        sets_threshold=sets_threshold,
    )
    model.manifest["training_data"]["sources"] = [
        {
            "name": f"built-in corpus ({base})",
            "files": [f.name for f in files],
            "sha256": files_sha256(files),
            "examples": len(corpus),
            "weight": 1.0,
        },
        {
            "name": "site labels",
            "files": list(site_files),
            "examples": len(site_examples),
            "weight": float(site_weight),
        },
    ]
    model.manifest["threshold_rule"] += " of the site's labels only" if folds >= 2 else ""
    return model
