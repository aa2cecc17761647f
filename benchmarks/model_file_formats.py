"""Issue 17 item 5: the plain-arrays model file against joblib, for the built-in model's recipe.

Run from the project root:  .venv/bin/python benchmarks/model_file_formats.py [--rounds N]

Trains the built-in model's pipeline on the shipped corpus (no cross-validation: only the file is
measured), saves it in both formats, then loads each file N times, alternating, and reports the file
size, the CPU seconds of one load (median, this process's user+sys), and whether the reloaded
model's scores on the corpus equal the in-memory model's exactly.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from moderation.classify.default_model import corpus_files, default_settings
from moderation.classify.model import load_model, save_model_files
from moderation.classify.training import train_model
from moderation.datasets import load_many

FORMATS = ("arrays", "joblib")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    examples = load_many(corpus_files())
    model = train_model(examples, folds=0, settings=default_settings())
    texts = [example.text for example in examples]
    expected = model.predict_proba(texts)
    with tempfile.TemporaryDirectory() as scratch:
        paths = {kind: save_model_files(model, Path(scratch) / f"default-{kind}.model", kind) for kind in FORMATS}
        seconds: dict[str, list[float]] = {kind: [] for kind in FORMATS}
        for _ in range(arguments.rounds):
            for kind in FORMATS:
                started = time.process_time()
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    load_model(paths[kind])
                seconds[kind].append(time.process_time() - started)
        for kind in FORMATS:
            scores = load_model(paths[kind]).predict_proba(texts)
            equal = all(np.array_equal(scores[label], expected[label]) for label in expected)
            megabytes, load = paths[kind].stat().st_size / 1e6, statistics.median(seconds[kind])
            print(
                f"{kind:7s} {megabytes:6.2f} MB  load {load:.3f} CPU s  scores equal to the in-memory model's: {equal}",
                flush=True,
            )


if __name__ == "__main__":
    main()
