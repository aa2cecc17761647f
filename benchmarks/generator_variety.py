"""Issue 13: more, or more varied, generated text for the built-in model (the corpus generator's draws).

Run from the project root:
    .venv/bin/python benchmarks/generator_variety.py corpus DIR [--seeds S,S2,...] [--scale X] [--companion P]
    .venv/bin/python benchmarks/generator_variety.py average OUT.npz RUN.npz RUN2.npz ...

`corpus` writes a corpus folder for `MODERATION_CORPUS_DIR`: the hand-written files as they are (links)
and a generated.jsonl drawn by training/build_corpus.py's generator with other settings: another seed,
several seeds' draws pooled (duplicates across draws dropped), `--scale` times the counts of each kind,
or a share of comments given a second, label-free fragment (`--companion`). It prints the sizes and
the near-duplicate rates (training/corpus_shape.py). Then measure the folder with
`MODERATION_CORPUS_DIR=DIR benchmarks/default_model_real.py --no-test --save-scores F.npz --cache C`.

`average` writes the mean log-odds of several saved runs (default_model_real.py --save-scores) as one
run: what averaging the models built on different draws would score, as an ensemble (an upper bound of
what one averaged linear model could do), for benchmarks/paired_scores.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

import build_corpus  # noqa: E402
import corpus_shape  # noqa: E402


def draw(seeds: list[int], scale: float, companion: float) -> list[dict]:
    """The generated records of each seed, pooled in seed order; none repeats a hand-written text or an earlier draw."""
    handwritten = build_corpus.read_handwritten()
    seen = {build_corpus.normalized(r["text"]) for r in handwritten}
    pooled = []
    for seed in seeds:
        for record in build_corpus.generate(handwritten, seed=seed, scale=scale, companion_share=companion):
            key = build_corpus.normalized(record["text"])
            if key not in seen:
                seen.add(key)
                pooled.append(record)
    return pooled


def write_corpus(folder: Path, records: list[dict]) -> dict[str, object]:
    folder.mkdir(parents=True, exist_ok=True)
    for path in build_corpus.handwritten_files():
        link = folder / path.name
        if not link.exists():
            link.symlink_to(path.resolve())
    (folder / "generated.jsonl").write_text(build_corpus.dumps(records), encoding="utf-8")
    handwritten = [r["text"] for r in build_corpus.read_handwritten()]
    generated = [r["text"] for r in records]
    kinds: dict[str, int] = {}
    for record in records:
        kinds[record["source"]] = kinds.get(record["source"], 0) + 1
    return {
        "generated": len(generated),
        "by_kind": kinds,
        "near_duplicates_generated": round(corpus_shape.near_duplicate_rate(generated), 4),
        "near_duplicates_all": round(corpus_shape.near_duplicate_rate(handwritten + generated), 4),
        "distinct_words_generated": len({w for text in generated for w in corpus_shape.words(text)}),
    }


def average_runs(paths: list[Path]) -> dict[str, np.ndarray]:
    """The runs' mean log-odds per row, back to probabilities; targets from the first run (all must agree)."""
    runs = [np.load(path) for path in paths]
    out: dict[str, np.ndarray] = {}
    for part in ("train", "thread"):
        targets = runs[0][f"{part}_targets"]
        if any(not np.array_equal(run[f"{part}_targets"], targets) for run in runs):
            raise SystemExit(f"the runs' {part} rows differ")
        scores = np.clip(np.stack([run[f"{part}_scores"] for run in runs]), 1e-12, 1 - 1e-12)
        logits = np.log(scores / (1 - scores)).mean(axis=0)
        out[f"{part}_targets"], out[f"{part}_scores"] = targets, 1 / (1 + np.exp(-logits))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="write a corpus folder with another draw of the generated part")
    corpus.add_argument("folder", type=Path)
    corpus.add_argument("--seeds", default=str(build_corpus.SEED), help="comma-separated generator seeds, pooled")
    corpus.add_argument("--scale", type=float, default=1.0, help="times the comments of each kind, per seed")
    corpus.add_argument("--companion", type=float, default=0.0, help="share of comments with a label-free fragment")
    average = commands.add_parser("average", help="mean log-odds of saved runs, as one run")
    average.add_argument("out", type=Path)
    average.add_argument("runs", type=Path, nargs="+")
    arguments = parser.parse_args()
    if arguments.command == "corpus":
        seeds = [int(seed) for seed in arguments.seeds.split(",")]
        records = draw(seeds, arguments.scale, arguments.companion)
        print(json.dumps(write_corpus(arguments.folder, records), indent=1))
    else:
        np.savez(arguments.out, **average_runs(arguments.runs))


if __name__ == "__main__":
    main()
