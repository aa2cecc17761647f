"""The soft-evidence score of a pair of names: a logistic model over a few features, and its bands.

Weights and band thresholds are fitted on our labelled threads by benchmarks/identity_benchmark.py
(which also reports their cross-validated precision and recall) and kept in `calibration.py`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from moderation.identity import calibration


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Soft evidence that two names are one person, each 0..1 except style (-0.5..1)."""

    name_similarity: float = 0.0
    same_name: float = 0.0  # 1: one name respelt (linker.SAME_NAME_SIMILARITY), far stronger than "alike"
    style: float = 0.0
    close_in_thread: float = 0.0  # share of up to linker.CLOSE_THREADS_COUNTED threads where both posted close in time
    replied: float = 0.0  # 1 when one ever answered the other: people rarely argue with themselves
    handoff: float = 0.0  # 1 when one name stops before the other starts
    flagged: float = 0.0  # 1 when a comment says one of them changed names without naming the other

    def vector(self) -> list[float]:
        return list(_feature_values(self))


FEATURE_NAMES = tuple(f.name for f in fields(PairFeatures))
_feature_values = attrgetter(*FEATURE_NAMES)  # one C call where dataclasses.fields cost a tenth of the linker
# Slack on the log-odds when ruling a pair out before scoring it: far above floating-point error, far
# below any weight, so a pair is only skipped when it certainly stays under the "possible" band.
_TOTAL_MARGIN = 1e-6


@dataclass(frozen=True)
class PairModel:
    weights: tuple[float, ...]
    intercept: float
    likely: float  # score at or above which a pair is "likely"
    possible: float  # score at or above which a pair is "possible"

    def total(self, features: PairFeatures) -> float:
        """The linear score (log-odds) before the logistic."""
        return self.total_of(_feature_values(features))

    def total_of(self, values: Sequence[float]) -> float:
        """`total` of the features whose values (in FEATURE_NAMES order) these are, before a
        PairFeatures is built: the linker rules most pairs out on this alone."""
        return self.intercept + sum(w * x for w, x in zip(self.weights, values, strict=False))

    def score(self, features: PairFeatures) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.total(features)))))

    @property
    def style_weight(self) -> float:
        return self.weights[FEATURE_NAMES.index("style")]

    def lowest_banded_total(self) -> float:
        """A linear score below which `band` is None, with a margin for rounding: pairs under it need no
        closer look."""
        if self.possible <= 0.0:
            return -math.inf
        if self.possible >= 1.0:
            return math.inf
        return math.log(self.possible / (1.0 - self.possible)) - _TOTAL_MARGIN

    def band(self, score: float) -> str | None:
        if score >= self.likely:
            return "likely"
        if score >= self.possible:
            return "possible"
        return None


def default_model() -> PairModel:
    assert calibration.FEATURES == FEATURE_NAMES, "calibration.py is stale: rerun the identity benchmark with --write"
    return PairModel(tuple(calibration.WEIGHTS), calibration.INTERCEPT, calibration.LIKELY, calibration.POSSIBLE)
