"""Which comments a moderator should judge first: those the model is least sure of, no two alike, with a
tenth drawn at random.

Least sure is measured in the calibrated sense: the distance between the score and the label's threshold
in log-odds (a score of 0.80 against a threshold of 0.87 is nearer than 0.40 against 0.50). A comment
that nearly repeats one already queued (a double post, a copied spam run) is passed over: its label
would teach the model what the first one taught. A share of each queue is drawn at random from the
rest: comments far from the threshold, which the least sure alone never shows, so the site's labels
also tell the model where it is already right or badly wrong (a sure score can be a sure mistake on
another site's wording). docs/benchmarks.md ("Review loop") measures this queue against random choice
and against the max-min spread it replaced (benchmarks/review_loop_proxy.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

STRATEGIES = ("uncertain", "random")
# Up to this share of a queue goes to comments the site's moderators removed that the model scores
# lowest (the model disagrees with the site's own judgement). A first choice, not tuned.
HISTORY_SHARE = 0.2
# The share of an uncertain queue drawn at random (see above). On Kaggle train.csv's own split
# (benchmarks/review_loop_proxy.py, 3 seeds) 0.1 led 0 and 0.2 (the max-min queue's share) at 50, 100
# and 200 labels; docs/benchmarks.md, "Review loop".
RANDOM_SHARE = 0.1
# Cosine similarity of TF-IDF rows from which a comment counts as a near repeat of one already queued.
# A first choice: copies and double posts score 0.9 and above, replies quoting a sentence far less.
NEAR_REPEAT = 0.9
# Near repeats are looked for among this many times the places to fill (the least sure comments).
REPEAT_WINDOW = 3
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
    strategy: str = "uncertain",
    exclude: Sequence[bool] | None = None,
    history: Sequence[int | None] | None = None,
    seed: int = 0,
    random_share: float = RANDOM_SHARE,
) -> list[int]:
    """Positions of the `size` comments to show first, in the order to show them.

    `scores` label -> probabilities (one per comment); `features` the comments' rows of the model's
    TF-IDF features, or anything that gives them for a list of positions (TfidfRowsOnDemand; near
    repeats are passed over when given); `exclude` marks comments already judged;
    `history` the site's removal decisions (1 removed), which seed up to HISTORY_SHARE of the queue;
    `random_share` of the places go to comments drawn at random.
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
    drawn = int(round((size - len(chosen)) * random_share))
    unsure = _without_near_repeats(order, features, size - len(chosen) - drawn)
    rest = np.setdiff1d(order, unsure)
    random = [int(i) for i in np.random.default_rng(seed).choice(rest, min(drawn, len(rest)), replace=False)]
    return chosen + _interleaved(unsure, random)


def _without_near_repeats(order: list[int], features, wanted: int) -> list[int]:
    """The first `wanted` of `order` (least sure first), passing over near repeats of one already taken.
    Repeats are looked for among the REPEAT_WINDOW x `wanted` least sure; past them order decides alone."""
    if features is None or wanted <= 0:
        return order[:wanted]
    from sklearn.preprocessing import normalize

    window = order[: REPEAT_WINDOW * wanted]
    rows = normalize(features[window])
    similarity = (rows @ rows.T).toarray() if hasattr(rows, "toarray") else rows @ rows.T
    taken: list[int] = []
    for position in range(len(window)):
        if len(taken) == wanted:
            break
        if not taken or similarity[position, taken].max() < NEAR_REPEAT:
            taken.append(position)
    picked = [window[p] for p in taken]
    return picked + [i for i in order[len(window) :]][: wanted - len(picked)]


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


class TfidfRowsOnDemand:
    """The model's TF-IDF rows of `texts`, computed only for the positions asked (`rows[positions]`): the
    queue looks for near repeats among a few times its size, not among every comment it scored."""

    def __init__(self, model, texts: Sequence[str], label: str | None = None):
        self.model, self.texts, self.label = model, texts, label

    def __getitem__(self, positions):
        return tfidf_rows(self.model, [self.texts[i] for i in positions], self.label)


def tfidf_rows(model, texts: Sequence[str], label: str | None = None):
    """The model's word and character TF-IDF features of `texts` (its hand-made columns left out)."""
    import scipy.sparse as sp

    from moderation.classify.model import scored_part
    from moderation.classify.readable_text import readable_many

    # as the model reads them: hidden characters removed, and no more than it scores (a 50 MB comment's
    # character n-grams took minutes and gigabytes here while its scores read 64 K characters)
    texts = readable_many([scored_part(text) for text in texts])
    label = label or model.labels[0]
    featurizer = model.pipelines[label].named_steps["features"]
    blocks = [t.transform(texts) for name, t in featurizer.transformer_list if name in ("words", "chars")]
    return sp.hstack(blocks).tocsr()
