"""The review loop's ceiling (issue #14): what EVERY label the site holds buys with the shipped adjustment.

If all the pool's labels lift the built-in model by less than 200 random labels' level + 0.01, no queue
of 200 can beat random labels by 0.01 with this adjustment. Three measures, all with the package's own
`--base default` fit (`train_on_base`, `site_adjustment.adjust_pipeline`):

- `--test`: per seed the loop's pool (review_loop_benchmark.py: a seeded 80% of train.csv, 3,157
  comments), every one of its labels, ROC AUC on test_with_solutions.csv; then all of train.csv (what
  `moderate train train.csv --base default` fits);
- `--proxy`: the same on review_loop_proxy.py's two train.csv splits (random third / latest third held
  out), every pool label, the held-out part measuring (the test file never read).

    OMP_NUM_THREADS=1 python benchmarks/review_loop_ceiling.py --test --seeds 0,1,2
    OMP_NUM_THREADS=1 python benchmarks/review_loop_ceiling.py --proxy --seeds 0,1,2
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np


def test_ceiling(seeds) -> None:
    from review_loop_benchmark import LABEL, POOL_SHARE, _data, _measure

    from moderation.classify.base_training import train_on_base
    from moderation.classify.default_model import load_default_model

    train, test = _data()
    start = load_default_model()
    print(json.dumps({"built-in": _measure(start, test)["roc_auc"]}), flush=True)
    for seed in seeds:
        rng = np.random.default_rng(seed)
        pool = [train[i] for i in sorted(rng.choice(len(train), int(POOL_SHARE * len(train)), replace=False))]
        began = time.process_time()
        model = train_on_base(pool, folds=0, labels=[LABEL], base_model=start)
        found = _measure(model, test)
        print(json.dumps({"seed": seed, "labels": len(pool), "cpu_s": round(time.process_time() - began, 1), **found}))
    began = time.process_time()
    model = train_on_base(train, folds=0, labels=[LABEL], base_model=start)
    found = _measure(model, test)
    print(json.dumps({"all of train.csv": len(train), "cpu_s": round(time.process_time() - began, 1), **found}))


def proxy_ceiling(seeds, later: bool, how: str) -> None:
    import review_loop_proxy as proxy
    from sklearn.metrics import roc_auc_score

    proxy.LATER = later
    data = proxy.Data()
    for seed in seeds:
        held, pool = proxy.split(data, seed)
        base = roc_auc_score(data.targets[held], data.logit[held])
        logit, _ = proxy.adjust(data, np.asarray(pool), how)
        auc = roc_auc_score(data.targets[held], logit[held])
        print(
            json.dumps({"later": later, "seed": seed, "adjust": how, "pool": len(pool), "built-in": base, "all": auc})
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="store_true")
    parser.add_argument("--proxy", action="store_true")
    parser.add_argument("--adjust", default="package", help="the proxy's adjustment (review_loop_proxy.py --adjust)")
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.test:
        test_ceiling(seeds)
    if args.proxy:
        for later in (False, True):
            proxy_ceiling(seeds, later, args.adjust)


if __name__ == "__main__":
    main()
