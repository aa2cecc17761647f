"""A cheap proxy of the review loop on Kaggle train.csv alone, for choosing the adjustment and the queue.

Per seed train.csv is split as `review_loop_benchmark.py --choose` splits it: the first third of a
seeded permutation is held out (it only measures), the rest is the pool the simulated moderator labels
in rounds of 50. `--later` holds out the latest third of the dated comments instead (a site's next
comments come after the ones it labelled; on it the gains look like the test file's), `--fresh C`
leaves out held-out comments within cosine C of a pool comment. The built-in model's features of every
comment are computed once and the adjustment is refitted on them (`site_adjustment.fit_adjustment`, the
package's own fit; `package` is its own choice), so a variant costs seconds. `package`, `fix:` and `cv:`
add the site's own n-grams (fitted on the labelled texts each round, as adjust_pipeline does); the older
variants leave them out. Run it with OMP_NUM_THREADS=1: on a loaded machine BLAS threads spin for most
of the CPU time. The test file is never read.

    python benchmarks/review_loop_proxy.py --adjust fixed,cv --queues diverse,uncertain,random --seeds 0,1,2
    python benchmarks/review_loop_proxy.py --adjust package --queues shipped,committee,novel-s0.2 --seeds 0,1,2
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import roc_auc_score
from sure_mistakes import committee_queue

from moderation.classify.default_model import load_default_model
from moderation.classify.site_adjustment import (
    PENALTY_CHOICES,
    SCALE_PENALTY,
    Strength,
    block_logits,
    block_spans,
    choose_penalty,
    fit_adjustment,
    site_featurizer,
)
from moderation.datasets import load_examples
from moderation.review.selection import _interleaved, select_queue

KAGGLE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "kaggle-insults"
LABEL = "insult"
ROUND = 50
CHECKPOINTS = (50, 100, 200, 400)
# --to-1000: the review loop benchmark's counts, rounds of 100 from 500 labels on (as it runs them)
LONG_CHECKPOINTS, LATE_ROUND, LATE_FROM = (50, 100, 200, 500, 1000), 100, 500
LATER = False  # --later


class Data:
    def __init__(self):
        if not (KAGGLE / "train.csv").exists():
            sys.exit(f"{KAGGLE / 'train.csv'} is absent")
        examples = [e for e in load_examples(KAGGLE / "train.csv") if LABEL in e.labels]
        with open(KAGGLE / "train.csv", encoding="utf-8", newline="") as stream:
            self.dates = [row.get("Date") or "" for row in csv.DictReader(stream)]
        if len(self.dates) != len(examples):
            sys.exit("train.csv: the dates do not line up with the examples")
        self.targets = np.array([e.labels[LABEL] for e in examples])
        model = load_default_model()
        pipeline = model.pipelines[LABEL]
        self.threshold = model.thresholds[LABEL]
        featurizer = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        texts = [e.text for e in examples]
        self.features = sp.csr_matrix(featurizer.transform(texts))
        self.logit = np.asarray(self.features @ classifier.coef_.ravel()).ravel() + float(classifier.intercept_[0])
        spans = block_spans(featurizer, texts[0])
        self.blocks = block_logits(self.features, classifier.coef_.ravel(), spans)
        self.hand_made_from = spans[2].start  # the hand-made columns follow the words and characters
        blocks = [t.transform(texts) for name, t in featurizer.transformer_list if name in ("words", "chars")]
        self.tfidf = sp.hstack(blocks).tocsr()
        self.texts, self.featurizer = texts, featurizer
        self._site = (None, None)
        self._novel = (None, None)

    def novelty(self, pool):
        return _novelty(self, pool)

    def site_features(self, labelled):
        """The built-in features beside the site's own n-grams (fitted on the labelled texts, as
        adjust_pipeline does), for every comment, and which columns are the site's."""
        key = tuple(sorted(int(i) for i in labelled))
        if self._site[0] != key:
            try:
                blocks = site_featurizer(self.featurizer, [self.texts[i] for i in key])
            except ValueError:
                blocks = []
            site = [sp.csr_matrix(b.transform(self.texts)) for _, b in blocks]
            self._site = (key, sp.hstack([self.features, *site]).tocsr())
        return self._site[1]


INF = float("inf")


def adjusted_logit(data, labelled, strength, scale_penalty=SCALE_PENALTY):
    """Log-odds of every train.csv comment after adjusting to the labelled rows (a Strength, or a change
    penalty alone; None: scale+shift only)."""
    if strength is None:
        strength = Strength(INF, INF)
    elif not isinstance(strength, Strength):
        strength = Strength(INF, strength)
    y = data.targets[labelled]
    if y.min() == y.max():
        return data.logit
    features = data.features[labelled]
    active = np.unique(features.indices)
    if np.isinf(strength.change):
        features = sp.csr_matrix((len(labelled), 0))
        active = np.array([], dtype=int)
    else:
        features = features[:, active]
    fitted = fit_adjustment(data.logit[labelled], features, y, strength, data.blocks[labelled], scale_penalty)
    return fitted.logit(data.logit, data.features[:, active], data.blocks)


def _strength(spec: str) -> tuple[float, float, float]:
    """`B_C_S` (penalties on the block scales, the built-in columns' change, the site n-grams' change;
    "inf" for not fitted)."""
    block, change, site = (float(v) for v in spec.split("_"))
    return block, change, site


def _choice_columns(features, base_width: int, change: float, site: float):
    """The columns one choice fits and the one penalty that gives each group its own: a column with
    penalty p is fitted as the column x sqrt(q / p) under penalty q (the same optimum)."""
    penalty = min(change, site)
    if np.isinf(penalty):
        return sp.csr_matrix((features.shape[0], 0)), INF
    parts = []
    if np.isfinite(change):
        parts.append(features[:, :base_width] * np.sqrt(penalty / change))
    if np.isfinite(site):
        parts.append(features[:, base_width:] * np.sqrt(penalty / site))
    return sp.hstack(parts).tocsr(), penalty


def site_adjusted(data, labelled, how):
    """`fix:B_C_S` (that strength) or `cv:B_C_S/B_C_S/...` (the choice with the lowest out-of-fold log
    loss on the labels, as choose_penalty; -fF folds, -rR repeated shufflings; `cvuptoK:` the same
    until the labels hold K positives, the last choice from then on), with the site's own
    n-grams as adjust_pipeline builds them, each group of columns with its own penalty."""
    from sklearn.model_selection import StratifiedKFold

    kind, _, spec = how.partition(":")
    spec, _, repeats = spec.partition("-r")
    spec, _, folds = spec.partition("-f")
    y = data.targets[labelled]
    if y.min() == y.max():
        return data.logit, None
    features = data.site_features(labelled)
    choices = [_strength(part) for part in spec.split("/")]

    def fitted(rows, choice):
        block, change, site = choice
        columns, penalty = _choice_columns(features, data.features.shape[1], change, site)
        active = np.unique(columns[labelled].indices)
        columns = columns[:, active]
        strength = Strength(block, penalty)
        found = fit_adjustment(
            data.logit[rows], columns[rows], data.targets[rows], strength, data.blocks[rows], SCALE_PENALTY
        )
        return found.logit(data.logit, columns, data.blocks)

    choice = choices[0]
    k = min(int(folds or 5), int(np.bincount(y, minlength=2).min()))
    if kind.startswith("cvupto") and y.sum() >= int(kind[6:]):  # enough positives: the last choice, no CV
        choice, kind = choices[-1], "fix"
    elif kind.startswith("cvupto"):
        kind = "cv"
    if kind == "cv" and k < 2:
        choice = (INF, INF, INF)
    elif kind == "cv":
        losses = np.zeros(len(choices))
        for repeat in range(int(repeats or 1)):
            for train, test in StratifiedKFold(k, shuffle=True, random_state=repeat).split(labelled, y):
                for place, candidate in enumerate(choices):
                    found = fitted(labelled[train], candidate)[labelled[test]]
                    losses[place] += _log_loss(y[test], found) * len(test)
        choice = choices[int(np.argmin(losses))]
    return fitted(labelled, choice), [None if np.isinf(v) else v for v in choice]


def pool_adjusted(data, labelled, how):
    """`pool:B_S_V_N_W` (benchmarks/site_pool.py): block scales at penalty B, the site's own n-grams at
    penalty S with their vocabulary and idf fitted on the labelled texts (V = lab) or on the whole pool
    (V = pool), and N of the built-in model's surest unlabelled pool comments as hard labels of weight W
    (their positive share the built-in model's mean probability over the pool)."""
    from site_pool import fit_weighted, pseudo_rows

    block, site, vocabulary, count, weight = how[5:].split("_")
    y = data.targets[labelled]
    if y.min() == y.max():
        return data.logit, None
    features = data.site_features(data.pool if vocabulary == "pool" else labelled)
    strength = Strength(float(block), INF, float(site))

    def fitted(rows, targets, weights):
        active = np.unique(features[rows].indices)
        columns = features[:, active]
        site_columns = active >= data.features.shape[1]
        rows_blocks = data.blocks[rows]
        found = fit_weighted(data.logit[rows], columns[rows], targets, weights, strength, rows_blocks, site_columns)
        return found.logit(data.logit, columns, data.blocks)

    logit = fitted(labelled, y.astype(float), np.ones(len(labelled)))
    if int(count.rstrip("s")):
        # the surest by the built-in model, or (a trailing s: self-training) by the site-adjusted one
        teacher = logit if count.endswith("s") else data.logit
        share = float(np.mean(1 / (1 + np.exp(-teacher[data.pool]))))
        extra, extra_targets = pseudo_rows(teacher, data.pool, labelled, int(count.rstrip("s")), share)
        logit = fitted(
            np.concatenate([labelled, extra]),
            np.concatenate([y.astype(float), extra_targets]),
            np.concatenate([np.ones(len(labelled)), np.full(len(extra), float(weight))]),
        )
    return logit, [float(block), None, float(site)]


def blend_adjusted(data, labelled, how):
    """`blend:C[_S][_wW]` (benchmarks/site_blend.py): the package's adjustment blended with a
    logistic regression (C) on the site's labels alone, over every column (S = all: the built-in features
    and the site's n-grams) or the site's n-grams only (S = site), or (S = stack) `moderate train`'s stack
    (C its logistic member's) on the site's n-grams with the built-in hand-made columns to its stacker;
    the weight by the labels' 5-fold CV (mN: only once each class has N labels, else 0), or fixed at W."""
    from site_blend import blend_weight_by_cv, fit_site_model

    parts = how[6:].split("_")
    c = float(parts[0])
    space = next((p for p in parts[1:] if p in ("all", "site")), "all")
    fixed = next((float(p[1:]) for p in parts[1:] if p.startswith("w")), None)
    y = data.targets[labelled]
    if y.min() == y.max():
        return data.logit, None
    features = data.site_features(labelled)
    base_width = data.features.shape[1]
    (choice,) = PENALTY_CHOICES
    columns, penalty = _choice_columns(features, base_width, choice.change, choice.site)
    active = np.unique(columns[labelled].indices)
    columns = columns[:, active]
    strength = Strength(choice.block, penalty)

    def fit_adjusted(rows):
        rows = labelled[rows]
        found = fit_adjustment(data.logit[rows], columns[rows], data.targets[rows], strength, data.blocks[rows])

        def logit(test):
            test = labelled[test]
            return found.logit(data.logit[test], columns[test], data.blocks[test])

        return logit

    stacker = None
    if "stack" in parts:  # `moderate train`'s stack on the site's n-grams, the hand-made columns to its stacker
        own = features[:, base_width:]
        own = own[:, np.unique(own[labelled].indices)]
        hand = data.features[:, data.hand_made_from :]
        own, stacker = sp.hstack([own, hand]).tocsr(), hand.shape[1]
    else:
        own = features if space == "all" else features[:, base_width:]
        own = own[:, np.unique(own[labelled].indices)]
    if fixed is not None:
        weight = fixed
    else:
        least = next((int(p[1:]) for p in parts[1:] if p.startswith("m")), 2)  # mN: a class needs N labels
        weight = blend_weight_by_cv(fit_adjusted, own[labelled], y, c=c, stacker_columns=stacker, min_class=least)
    adjusted = fit_adjustment(data.logit[labelled], columns[labelled], y, strength, data.blocks[labelled])
    adjusted = adjusted.logit(data.logit, columns, data.blocks)
    if weight == 0:
        return adjusted, 0.0
    coef, intercept = fit_site_model(own[labelled], y, c, stacker)
    return (1 - weight) * adjusted + weight * (np.asarray(own @ coef).ravel() + intercept), weight


def _log_loss(y, z):
    signed = np.where(y > 0, z, -z)
    return float(np.logaddexp(0, -signed).mean())


GRID = (None, 10.0, 3.0, 1.0, 0.3)


def cv_penalty(data, labelled, folds=5, criterion="logloss", seed=0, grid=GRID, repeats=1):
    """The strength (None = scale and shift only) with the best out-of-fold score on the labels themselves,
    over `repeats` shufflings of the folds; ties go to the earlier in `grid`."""
    from sklearn.model_selection import StratifiedKFold

    y = data.targets[labelled]
    counts = np.bincount(y, minlength=2)
    k = min(folds, int(counts.min()))
    if k < 2:
        return grid[0]
    scores = {p: 0.0 for p in grid}
    for repeat in range(repeats):
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed + repeat)
        splits = list(splitter.split(labelled, y))
        for penalty in grid:
            oof = np.zeros(len(labelled))
            for train, test in splits:
                z = adjusted_logit(data, labelled[train], penalty)
                oof[test] = z[labelled[test]]
            scores[penalty] += -_log_loss(y, oof) if criterion == "logloss" else roc_auc_score(y, oof)
    return max(grid, key=lambda p: (scores[p], -grid.index(p)))


def _strength_name(strength):
    if strength is None or isinstance(strength, float):
        return strength
    return [None if v is None or np.isinf(v) else v for v in strength]


def adjust(data, labelled, how):
    """`how`: fixed | package | scale | penN | cv | cvauc | cv31 | cv1[auc][f3] | blocksB (block scales
    only, penalty B) | blocksB+pP (block scales and change) | cvbB[-rR] (scale / blocks B / blocks B +
    change 1, R repeats) | cvb3wB (scale / blocks / blocks + change 3 / blocks + change 1) | cvbfloorB (blocks B
    / blocks B + change 1)."""
    if how.startswith(("fix:", "cv:", "cvupto")):
        return site_adjusted(data, labelled, how)
    if how.startswith("pool:"):
        return pool_adjusted(data, labelled, how)
    if how.startswith("blend:"):
        return blend_adjusted(data, labelled, how)
    if how == "fixed":
        return adjusted_logit(data, labelled, 1.0), 1.0  # the fixed penalty shipped before
    if how == "package":  # PENALTY_CHOICES with the site's n-grams, as moderate train --base default
        spec = "/".join(f"{c.block}_{c.change}_{c.change if c.site is None else c.site}" for c in PENALTY_CHOICES)
        return site_adjusted(data, labelled, ("cv:" if len(PENALTY_CHOICES) > 1 else "fix:") + spec)
    if how == "package-no-site":  # the package's choice on the built-in columns alone (the proxy before round 7)
        features = data.features[labelled]
        active = np.unique(features.indices)
        p = choose_penalty(data.logit[labelled], features[:, active], data.targets[labelled], data.blocks[labelled])
        return adjusted_logit(data, labelled, p), _strength_name(p)
    if how == "scale":
        return adjusted_logit(data, labelled, None), None
    if how.startswith("blocks"):
        block, _, change = how[6:].partition("+p")
        strength = Strength(float(block), float(change) if change else INF)
        return adjusted_logit(data, labelled, strength), _strength_name(strength)
    if how.startswith("cvb"):
        spec, _, repeats = how[3:].partition("-r")
        if spec.startswith("floor"):  # block scales B as the floor, or with the change (penalty 1) on top
            b = float(spec[5:])
            grid = (Strength(b, INF), Strength(b, 1.0))
        elif spec.startswith("3w"):
            b = float(spec[2:])
            grid = (Strength(INF, INF), Strength(b, INF), Strength(b, 3.0), Strength(b, 1.0))
        else:
            b = float(spec)
            grid = (Strength(INF, INF), Strength(b, INF), Strength(b, 1.0))
        p = cv_penalty(data, labelled, 5, "logloss", grid=grid, repeats=int(repeats or 1))
        return adjusted_logit(data, labelled, p), _strength_name(p)
    if how.startswith("pen"):
        p = float(how[3:])
        return adjusted_logit(data, labelled, p), p
    if how in ("cv", "cvauc"):
        p = cv_penalty(data, labelled, criterion="logloss" if how == "cv" else "auc")
        return adjusted_logit(data, labelled, p), p
    if how == "cv31":  # scale only, penalty 3 or penalty 1, by the labels' own 5 folds
        p = cv_penalty(data, labelled, 5, "logloss", grid=(None, 3.0, 1.0))
        return adjusted_logit(data, labelled, p), p
    if how.startswith("cv1"):  # scale only or penalty 1: whichever the labels' own folds prefer (-rR: R repeats)
        how, _, repeats = how.partition("-r")
        folds = 3 if how.endswith("f3") else 5
        p = cv_penalty(
            data, labelled, folds, "auc" if "auc" in how else "logloss", grid=(None, 1.0), repeats=int(repeats or 1)
        )
        return adjusted_logit(data, labelled, p), p
    raise ValueError(how)


def queue(data, pool, judged, logit, threshold_logit, size, how, seed):
    """Positions (into pool) of the next queue."""
    available = ~judged
    z = logit[pool]
    distance = np.abs(z - threshold_logit)
    if how == "random":
        return list(np.random.default_rng(seed).choice(np.flatnonzero(available), size, replace=False))
    if how.startswith("greedy"):  # uses the answers: of N candidate rounds, the one ranking the rest of the pool best
        return _greedy_round(data, pool, judged, logit, threshold_logit, size, how, seed)
    if how.startswith("oracle"):  # uses the answers: the comments the model gets most wrong (log loss)
        z_now = data.logit[pool] if how == "oracle-builtin" else z  # -builtin: by the built-in model
        answers = data.targets[pool]
        wrong = np.logaddexp(0, -np.where(answers > 0, z_now, -z_now))
        wrong[judged] = -np.inf
        return [int(i) for i in np.argsort(-wrong, kind="stable")[:size]]
    probability = 1 / (1 + np.exp(-(z - threshold_logit)))
    scores = {LABEL: probability}
    if how == "shipped":  # the package's queue: least sure, near repeats passed over, a random tenth
        return select_queue(scores, {LABEL: 0.5}, size, data.tfidf[pool], "uncertain", judged, seed=seed)
    if how.startswith("uncertain"):  # least sure (no repeat check), then a random share
        share = float(how.split("-r")[1]) if "-r" in how else 0.0
        return select_queue(scores, {LABEL: 0.5}, size, None, "uncertain", judged, seed=seed, random_share=share)
    if how.startswith(("committee", "novel")):
        return _sure_mistakes_queue(data, pool, judged, z, scores, size, how, seed)
    order = [int(i) for i in np.argsort(distance, kind="stable") if available[i]]
    if how.startswith("disagree"):  # among the 2x least sure, those whose words and hand-made columns disagree most
        drawn = int(round(size * 0.1))
        candidates = order[: 2 * (size - drawn)]
        text = data.blocks[pool][:, :2].sum(axis=1)
        hand = data.blocks[pool][:, 2:].sum(axis=1)
        gap = np.abs((text - text.mean()) / text.std() - (hand - hand.mean()) / (hand.std() or 1))
        unsure = sorted(candidates, key=lambda i: -gap[i])[: size - drawn]
        rest = np.setdiff1d(order, unsure)
        return _interleaved(unsure, [int(i) for i in np.random.default_rng(seed).choice(rest, drawn, replace=False)])
    if how.startswith("density"):  # among the Wx least sure (densityW), the most typical of the pool, a random tenth
        from sklearn.preprocessing import normalize

        drawn = int(round(size * 0.1))
        candidates = order[: int(how[7:] or 2) * (size - drawn)]
        rows = normalize(data.tfidf[pool])
        centroid = np.asarray(rows.mean(axis=0)).ravel()
        density = rows[candidates] @ centroid
        unsure = [candidates[i] for i in np.argsort(-density, kind="stable")[: size - drawn]]
        rest = np.setdiff1d(order, unsure)
        return _interleaved(unsure, [int(i) for i in np.random.default_rng(seed).choice(rest, drawn, replace=False)])
    if how.startswith("soft"):  # drawn with probability p(1-p)^T (softT; T=1 by default), a random tenth
        drawn = int(round(size * 0.1))
        rng = np.random.default_rng(seed)
        candidates = np.flatnonzero(available)
        weight = (probability[candidates] * (1 - probability[candidates])) ** float(how[4:] or 1)
        unsure = [int(i) for i in rng.choice(candidates, size - drawn, replace=False, p=weight / weight.sum())]
        rest = np.setdiff1d(order, unsure)
        return _interleaved(unsure, [int(i) for i in rng.choice(rest, drawn, replace=False)])
    if how == "balanced":  # half just above the threshold, half just below
        above = [i for i in order if z[i] >= threshold_logit][: size // 2]
        below = [i for i in order if z[i] < threshold_logit][: size - len(above)]
        return _interleaved(below, above)
    if how == "egl":  # expected gradient length of the logistic loss: p(1-p) * ||x||
        p = 1 / (1 + np.exp(-z))
        norms = np.sqrt(np.asarray(data.features[pool].multiply(data.features[pool]).sum(axis=1)).ravel() + 1)
        value = p * (1 - p) * norms
        value[~available] = -1
        return [int(i) for i in np.argsort(-value, kind="stable")[:size]]
    if how == "pdiv":  # max-min in the whole feature space the adjustment learns on
        candidates = order[: 4 * size]
        return [candidates[i] for i in _max_min(data.features[pool][candidates], size)]
    if how.startswith("diverse"):  # the max-min queue shipped before (a fifth at random unless -rS)
        share = float(how.split("-r")[1]) if "-r" in how else 0.2
        drawn = int(round(size * share))
        candidates = order[: 4 * (size - drawn)]
        unsure = [candidates[i] for i in _max_min(data.tfidf[pool][candidates], size - drawn)]
        rest = np.setdiff1d(order, unsure)
        return _interleaved(unsure, [int(i) for i in np.random.default_rng(seed).choice(rest, drawn, replace=False)])
    raise ValueError(how)


def _greedy_round(data, pool, judged, logit, threshold_logit, size, how, seed):
    """`greedyN[-ADJUST]`: an oracle that reads the pool's answers. Candidates: the shipped queue's round and
    N - 1 rounds of random comments; each is labelled, the adjustment (ADJUST, `package` by default) refitted
    on all labels so far with it, and the one whose model ranks the rest of the pool best (ROC AUC by its
    answers) is taken. Greedy, one round at a time; the held-out part is never read."""
    count, _, how_adjust = how[6:].partition("-")
    rng = np.random.default_rng(seed)
    available = np.flatnonzero(~judged)
    candidates = [queue(data, pool, judged, logit, threshold_logit, size, "shipped", seed)]
    candidates += [list(rng.choice(available, size, replace=False)) for _ in range(int(count or 10) - 1)]
    best, best_auc = candidates[0], -1.0
    for candidate in candidates:
        mask = judged.copy()
        mask[candidate] = True
        found, _ = adjust(data, pool[np.flatnonzero(mask)], how_adjust or "package")
        rest = pool[~mask]
        auc = roc_auc_score(data.targets[rest], found[rest])
        if auc > best_auc:
            best, best_auc = candidate, auc
    return best


def _sure_mistakes_queue(data, pool, judged, z, scores, size, how, seed):
    """The shipped queue with a share (`-sS`, a fifth by default) given to comments where the built-in
    model's sure score is least founded. `committee`: after the first round, the comments on which the
    site-adjusted model and the built-in model disagree most (the adjusted log-odds' residual from its
    straight-line fit on the built-in log-odds, so a global rescaling counts for nothing); `novel`: the
    comments with the most pool-frequent word n-grams the built-in corpus never holds."""
    share = float(how.split("-s")[1]) if "-s" in how else 0.2
    shipped = select_queue(scores, {LABEL: 0.5}, size, data.tfidf[pool], "uncertain", judged, seed=seed)
    base = data.logit[pool]
    if how.startswith("committee"):
        return committee_queue(shipped, z, base, judged, size, share)
    gap = data.novelty(pool)
    gap = np.where(judged, -np.inf, gap)
    extra = [int(i) for i in np.argsort(-gap, kind="stable")[: int(round(size * share))]]
    taken = set(extra)
    return _interleaved([i for i in shipped if i not in taken][: size - len(extra)], extra)


NOVEL_MIN_DF = 3  # a word n-gram counts as the site's own vocabulary from this many pool comments


def _novelty(data, pool):
    """Per pool comment, its distinct word n-grams that NOVEL_MIN_DF pool comments hold and the built-in
    corpus never does (the words block's idf at its maximum), over the root of its distinct n-grams."""
    if data._novel[0] is not None and np.array_equal(data._novel[0], pool):
        return data._novel[1]
    words = dict(data.featurizer.transformer_list)["words"]
    counts = sp.csr_matrix(words.named_steps["ngrams"].transform([data.texts[i] for i in pool]))
    counts.data[:] = 1
    idf = words.named_steps["tfidf"].idf_
    unseen = np.isclose(idf, idf.max())
    site = unseen & (np.asarray(counts.sum(axis=0)).ravel() >= NOVEL_MIN_DF)
    novel = np.asarray(counts[:, site].sum(axis=1)).ravel()
    value = novel / np.sqrt(np.maximum(np.asarray(counts.sum(axis=1)).ravel(), 1))
    data._novel = (np.array(pool), value)
    return value


def _max_min(rows, wanted: int) -> list[int]:
    """Greedy max-min on cosine distance (the queue shipped before): start at the least sure, then always
    the candidate farthest from every one already chosen."""
    from sklearn.preprocessing import normalize

    rows = normalize(rows)
    similarity = np.asarray((rows @ rows.T).todense())
    picked = [0]
    nearest = 1 - similarity[0]
    nearest[0] = -1
    while len(picked) < min(wanted, rows.shape[0]):
        best = int(np.argmax(nearest))
        picked.append(best)
        nearest = np.minimum(nearest, 1 - similarity[best])
        nearest[picked] = -1
    return picked


def split(data, seed, fresh=None):
    """(held-out, pool) positions of train.csv for `seed`; `fresh`: held-out comments whose TF-IDF cosine to
    some pool comment reaches it are left out (Kaggle repeats a commenter's phrasing across its files: a
    held-out twin of a labelled comment measures memory, not what the labels taught)."""
    from sklearn.preprocessing import normalize

    order = np.random.default_rng(seed).permutation(len(data.targets))
    held, pool = order[: len(order) // 3], order[len(order) // 3 :]
    if LATER:  # the latest third of the dated comments held out, as a site's next month would be
        dated = sorted((d, i) for i, d in enumerate(data.dates) if d)
        held = np.array([i for _, i in dated[-len(order) // 3 :]])
        pool = np.setdiff1d(order, held)
        pool = pool[np.random.default_rng(seed).permutation(len(pool))]
    if fresh is not None:
        rows = normalize(data.tfidf)
        nearest = (rows[held] @ rows[pool].T).max(axis=1).toarray().ravel()
        held = held[nearest < fresh]
    return held, pool


def run(data, seed, adjust_how, queue_how, fresh=None):
    held, pool = split(data, seed, fresh)
    data.pool = pool
    judged = np.zeros(len(pool), dtype=bool)
    logit = data.logit
    threshold_logit = np.log(data.threshold / (1 - data.threshold))
    points = []
    while judged.sum() < CHECKPOINTS[-1]:
        count = int(judged.sum())
        size = LATE_ROUND if CHECKPOINTS == LONG_CHECKPOINTS and count >= LATE_FROM else ROUND
        picked = queue(data, pool, judged, logit, threshold_logit, size, queue_how, seed * 1000 + count)
        judged[picked] = True
        labelled = pool[np.flatnonzero(judged)]
        logit, penalty = adjust(data, labelled, adjust_how)
        if int(judged.sum()) in CHECKPOINTS:
            points.append(
                {
                    "labels": int(judged.sum()),
                    "auc": roc_auc_score(data.targets[held], logit[held]),
                    "penalty": penalty,
                    "positives": int(data.targets[labelled].sum()),
                }
            )
    return points


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--adjust", default="fixed")
    parser.add_argument("--queues", default="diverse,random")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--fresh", type=float, help="leave out held-out comments this near (cosine) to the pool")
    parser.add_argument("--later", action="store_true", help="hold out the latest third by date (every seed)")
    parser.add_argument("--to-1000", action="store_true", help="50, 100, 200, 500, 1,000 labels (100 a round past 500)")
    args = parser.parse_args()
    global LATER, CHECKPOINTS
    LATER = args.later
    if args.to_1000:
        CHECKPOINTS = LONG_CHECKPOINTS
    data = Data()
    seeds = [int(s) for s in args.seeds.split(",")]
    base = [
        roc_auc_score(data.targets[held], data.logit[held]) for held, _ in (split(data, s, args.fresh) for s in seeds)
    ]
    print(f"built-in: {np.mean(base):.4f} {[round(b, 4) for b in base]}", flush=True)
    results = []
    for adjust_how in args.adjust.split(","):
        for queue_how in args.queues.split(","):
            began = time.process_time()
            runs = [run(data, s, adjust_how, queue_how, args.fresh) for s in seeds]
            for i, count in enumerate(CHECKPOINTS):
                aucs = [r[i]["auc"] for r in runs]
                row = {
                    "adjust": adjust_how,
                    "queue": queue_how,
                    "labels": count,
                    "auc": float(np.mean(aucs)),
                    "gain": float(np.mean(aucs) - np.mean(base)),
                    "seeds": [round(a, 4) for a in aucs],
                    "penalties": [r[i]["penalty"] for r in runs],
                    "positives": [r[i]["positives"] for r in runs],
                }
                results.append(row)
                print(json.dumps(row), flush=True)
            print(f"# {adjust_how}/{queue_how}: {time.process_time() - began:.0f} CPU s", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
