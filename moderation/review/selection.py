"""Which comments a moderator should judge first: those the model is least sure of, spread over different
kinds of comment, so that a hundred labels teach the model a hundred different things.

Least sure is measured in the calibrated sense: the distance between the score and the label's threshold
in log-odds (a score of 0.80 against a threshold of 0.87 is nearer than 0.40 against 0.50). Spread is a
greedy max-min choice on the model's own TF-IDF features, among the least sure candidates. A share of
each diverse queue is drawn at random from the rest: comments far from the threshold, which the least
sure alone never shows, so the site's labels also tell the model where it is already right or badly
wrong (a sure score can be a sure mistake on another site's wording).
docs/benchmarks.md ("Review loop") measures both against random choice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

STRATEGIES = ("diverse", "uncertain", "random")
# The diverse queue of N is chosen among the CANDIDATES_PER_PLACE x N least sure comments: wider spreads
# the queue more, narrower keeps it closer to the threshold. 4 is a first choice, not tuned.
CANDIDATES_PER_PLACE = 4
# Up to this share of a queue goes to comments the site's moderators removed that the model scores
# lowest (the model disagrees with the site's own judgement). A first choice, not tuned.
HISTORY_SHARE = 0.2
# The share of a diverse queue drawn at random (see above). A first choice, measured against the queue
# without it in docs/benchmarks.md ("Review loop").
RANDOM_SHARE = 0.2
_EPSILON = 1e-6


def uncertainty_distance(scores: dict[str, np.ndarray], thresholds: dict[str, float]) -> np.ndarray:
    """Per comment, the smallest |log-odds(score) - log-odds(threshold)| over the labels: small = unsure."""
    distances = [
        np.abs(_logit(np.asarray(values)) - _logit(np.array(thresholds[label]))) for label, values in scores.items()
    ]
    return np.min(np.vstack(distances), axis=0)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPSILON, 1 - _EPSILON)
    return np.log(p / (1 - p))


def select_queue(
    scores: dict[str, np.ndarray],
    thresholds: dict[str, float],
    size: int,
    features=None,
    strategy: str = "diverse",
    exclude: Sequence[bool] | None = None,
    history: Sequence[int | None] | None = None,
    seed: int = 0,
    random_share: float | None = None,
) -> list[int]:
    """Positions of the `size` comments to show first, in the order to show them.

    `scores` label -> probabilities (one per comment); `features` the comments' rows of the model's
    TF-IDF features (needed by "diverse"); `exclude` marks comments already judged; `history` the site's
    removal decisions (1 removed), which seed up to HISTORY_SHARE of the queue; `random_share` of the
    places (default RANDOM_SHARE for "diverse", none for "uncertain") go to comments drawn at random.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown queue strategy {strategy!r}")
    count = len(next(iter(scores.values())))
    available = np.ones(count, dtype=bool) if exclude is None else ~np.asarray(exclude, dtype=bool)
    size = min(size, int(available.sum()))
    if size <= 0:
        return []
    if strategy == "random":
        return [int(i) for i in np.random.default_rng(seed).choice(np.flatnonzero(available), size, replace=False)]
    chosen: list[int] = []
    if history is not None:
        chosen = _history_seed(scores, thresholds, history, available, int(size * HISTORY_SHARE))
        available[chosen] = False
    distance = uncertainty_distance(scores, thresholds)
    order = [int(i) for i in np.argsort(distance, kind="stable") if available[i]]
    share = (RANDOM_SHARE if strategy == "diverse" else 0.0) if random_share is None else random_share
    drawn = int(round((size - len(chosen)) * share))
    wanted = size - len(chosen) - drawn
    if strategy == "uncertain" or features is None:
        unsure = order[:wanted]
    else:
        candidates = order[: CANDIDATES_PER_PLACE * wanted]
        unsure = [candidates[i] for i in _max_min(features[candidates], wanted)] if wanted else []
    rest = np.setdiff1d(order, unsure)
    random = [int(i) for i in np.random.default_rng(seed).choice(rest, min(drawn, len(rest)), replace=False)]
    return chosen + _interleaved(unsure, random)


def _interleaved(first: list[int], second: list[int]) -> list[int]:
    """`second` spread evenly through `first` (a moderator who stops early has judged some of each)."""
    if not second:
        return first
    positions = np.linspace(0, len(first), len(second) + 1)[1:].astype(int)
    places = {int(place): item for place, item in zip(positions, second, strict=True)}
    merged: list[int] = []
    for position, item in enumerate(first):
        if position in places:
            merged.append(places.pop(position))
        merged.append(item)
    return merged + list(places.values())


def _history_seed(scores, thresholds, history, available, places: int) -> list[int]:
    """Removed comments the model is furthest from flagging: where the site's judgement says most."""
    removed = [i for i, value in enumerate(history) if value == 1 and available[i]]
    if not removed or places <= 0:
        return []
    margin = np.max(
        np.vstack([_logit(np.asarray(v)) - _logit(np.array(thresholds[k])) for k, v in scores.items()]), axis=0
    )
    return sorted(removed, key=lambda i: margin[i])[:places]


def _max_min(rows, wanted: int) -> list[int]:
    """Greedy max-min on cosine distance: start at the least sure, then always the candidate farthest from
    every one already chosen (ties go to the less sure, which comes first)."""
    from sklearn.preprocessing import normalize

    rows = normalize(rows)
    similarity = np.asarray((rows @ rows.T).todense()) if hasattr(rows, "todense") else rows @ rows.T
    picked = [0]
    nearest = 1 - similarity[0]
    nearest[0] = -1
    while len(picked) < min(wanted, rows.shape[0]):
        best = int(np.argmax(nearest))
        picked.append(best)
        nearest = np.minimum(nearest, 1 - similarity[best])
        nearest[picked] = -1
    return picked


def tfidf_rows(model, texts: Sequence[str], label: str | None = None):
    """The model's word and character TF-IDF features of `texts` (its hand-made columns left out)."""
    import scipy.sparse as sp

    label = label or model.labels[0]
    featurizer = model.pipelines[label].named_steps["features"]
    blocks = [t.transform(list(texts)) for name, t in featurizer.transformer_list if name in ("words", "chars")]
    return sp.hstack(blocks).tocsr()
