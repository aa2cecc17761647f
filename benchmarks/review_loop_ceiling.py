"""The review loop's ceiling (issue #14): what EVERY label the site holds buys with the shipped adjustment.

If all the pool's labels lift the built-in model by less than 200 random labels' level + 0.01, no queue
of 200 can beat random labels by 0.01 with this adjustment. The measures, all with the package's own
`--base default` fit (`train_on_base`, `site_adjustment.adjust_pipeline`):

- `--test`: per seed the loop's pool (review_loop_benchmark.py: a seeded 80% of train.csv, 3,157
  comments), every one of its labels, ROC AUC on test_with_solutions.csv; then all of train.csv (what
  `moderate train train.csv --base default` fits);
- `--proxy`: the same on review_loop_proxy.py's two train.csv splits (random third / latest third held
  out), every pool label, the held-out part measuring (the test file never read);
- `--blend`: round 10's blend (site_blend.py) with every label on the test file, the weight by CV on them.

    OMP_NUM_THREADS=1 python benchmarks/review_loop_ceiling.py --test --seeds 0,1,2
    OMP_NUM_THREADS=1 python benchmarks/review_loop_ceiling.py --proxy --seeds 0,1,2
    OMP_NUM_THREADS=1 python benchmarks/review_loop_ceiling.py --blend --seeds 0
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


def blend_ceiling(seeds) -> None:
    """`--blend`: the test-file ceiling of round 10's blend (benchmarks/site_blend.py): every pool label (and all of
    train.csv) adjusts the built-in model as `--base default` does; a site-only model (`moderate train`'s
    stack, C 3, on the site's n-grams with the built-in hand-made columns to its stacker) is fitted on the
    same labels; the blend weight is chosen by 5-fold CV on those labels (the test file never chooses);
    the test file's ROC AUC is printed at that weight and, to show the shape, at every weight."""
    import scipy.sparse as sp
    from review_loop_benchmark import LABEL, POOL_SHARE, _data
    from site_blend import BLEND_WEIGHTS, blend_weight_by_cv, fit_site_model
    from sklearn.metrics import roc_auc_score

    from moderation.classify.base_training import train_on_base
    from moderation.classify.default_model import load_default_model
    from moderation.classify.site_adjustment import PENALTY_CHOICES, block_logits, block_spans, fit_adjustment

    train, test = _data()
    start = load_default_model()
    base = start.pipelines[LABEL]
    base_coef = base.named_steps["classifier"].coef_.ravel()
    base_intercept = float(base.named_steps["classifier"].intercept_[0])
    spans = block_spans(base.named_steps["features"], train[0].text)
    width, hand_from = len(base_coef), spans[2].start
    (choice,) = PENALTY_CHOICES
    answers = np.array([e.labels[LABEL] for e in test])
    pools = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        pools.append(
            (seed, [train[i] for i in sorted(rng.choice(len(train), int(POOL_SHARE * len(train)), replace=False))])
        )
    pools.append(("all of train.csv", train))
    for name, pool in pools:
        began = time.process_time()
        targets = np.array([e.labels[LABEL] for e in pool])
        union = train_on_base(pool, folds=0, labels=[LABEL], base_model=start).pipelines[LABEL].named_steps["features"]
        rows = sp.csr_matrix(union.transform([e.text for e in pool]))
        held = sp.csr_matrix(union.transform([e.text for e in test]))
        base_logit = rows[:, :width] @ base_coef + base_intercept
        blocks = block_logits(rows[:, :width], base_coef, spans)
        site = rows[:, width:]

        def fit(train_rows, site=site, base_logit=base_logit, blocks=blocks, targets=targets):
            found = fit_adjustment(
                base_logit[train_rows],
                site[train_rows],
                targets[train_rows],
                choice,
                blocks[train_rows],
                site_columns=np.ones(site.shape[1], dtype=bool),
            )
            return lambda test_rows: found.logit(base_logit[test_rows], site[test_rows], blocks[test_rows])

        def own(matrix):
            return sp.hstack([matrix[:, width:], matrix[:, hand_from:width]]).tocsr()

        stacker = width - hand_from
        weight = blend_weight_by_cv(fit, own(rows), targets, c=3.0, stacker_columns=stacker)
        held_base = held[:, :width] @ base_coef + base_intercept
        held_blocks = block_logits(held[:, :width], base_coef, spans)
        found = fit_adjustment(
            base_logit, site, targets, choice, blocks, site_columns=np.ones(site.shape[1], dtype=bool)
        )
        adjusted = found.logit(held_base, held[:, width:], held_blocks)
        coef, intercept = fit_site_model(own(rows), targets, 3.0, stacker)
        alone = np.asarray(own(held) @ coef).ravel() + intercept
        grid = {f"{w:g}": round(roc_auc_score(answers, (1 - w) * adjusted + w * alone), 4) for w in BLEND_WEIGHTS}
        print(
            json.dumps(
                {
                    "pool": name,
                    "labels": len(pool),
                    "cv_weight": weight,
                    "at_cv_weight": round(roc_auc_score(answers, (1 - weight) * adjusted + weight * alone), 4),
                    "cpu_s": round(time.process_time() - began, 1),
                    "by_weight": grid,
                }
            ),
            flush=True,
        )


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
    parser.add_argument("--blend", action="store_true", help="round 10's blend on the test file (site_blend.py)")
    parser.add_argument("--adjust", default="package", help="the proxy's adjustment (review_loop_proxy.py --adjust)")
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.test:
        test_ceiling(seeds)
    if args.blend:
        blend_ceiling(seeds)
    if args.proxy:
        for later in (False, True):
            proxy_ceiling(seeds, later, args.adjust)


if __name__ == "__main__":
    main()
