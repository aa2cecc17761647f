"""Where scoring time goes: CPU microseconds per comment for each feature, and a pyinstrument profile.

Also what a flag's reasons cost (moderation.classify.explain), per flagged comment.

Run from the project root:  .venv/bin/python benchmarks/classifier_profile.py [--pyinstrument]
Trains on ../shared/data/kaggle-insults/train.csv (no CV), scores test_with_solutions.csv texts
(scores are not looked at), and compares with a plain scikit-learn word+char TfidfVectorizer
pipeline, the design this package replaced.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"


def cpu_microseconds(function, texts, repeats: int = 5) -> float:
    function(texts[:50])
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        function(texts)
        best = min(best, time.process_time() - started)
    return best * 1e6 / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pyinstrument", action="store_true", help="also print a pyinstrument profile")
    arguments = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    from moderation.classify.training import train_model
    from moderation.datasets import load_examples

    train = load_examples(DATA / "train.csv")
    texts = [e.text for e in load_examples(DATA / "test_with_solutions.csv")]
    model = train_model(train, folds=0)
    featurizer = model.pipelines["insult"].named_steps["features"]
    print("CPU microseconds per comment (lower is better)")
    for name, transformer in featurizer.transformer_list:
        print(f"  {name:16s} {cpu_microseconds(transformer.transform, texts):6.1f}")
    print(f"  {'whole model':16s} {cpu_microseconds(model.predict_proba, texts):6.1f}")
    from moderation.report.explain_batch import explain_many

    flagged = [
        t for t, p in zip(texts, model.predict_proba(texts)["insult"], strict=True) if p >= model.thresholds["insult"]
    ]
    reasons = cpu_microseconds(lambda batch: explain_many(model, "insult", batch), flagged, repeats=3)
    print(f"  {'reasons':16s} {reasons:6.1f}  (per flagged comment, {len(flagged)} flagged)")
    plain = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            TfidfVectorizer(analyzer="char", ngram_range=(2, 4), sublinear_tf=True, min_df=2),
        ),
        LogisticRegression(C=3, solver="liblinear"),
    ).fit([e.text for e in train], [e.labels["insult"] for e in train])
    plain_cost = cpu_microseconds(plain.predict_proba, texts)
    print(f"  {'sklearn word+char':16s} {plain_cost:6.1f}  (TfidfVectorizer, same n-grams)")
    from profanity_check import predict_prob

    print(f"  {'profanity-check':16s} {cpu_microseconds(predict_prob, texts):6.1f}")
    if arguments.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(5):
            model.predict_proba(texts)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
