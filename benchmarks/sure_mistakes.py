"""A review queue that also looks for the built-in model's sure mistakes (issue #14), for the benchmarks.

The shipped queue (least sure, near repeats passed over, a random tenth) never shows a comment the model
is sure of, so a sure mistake on the site's wording is found only by its random tenth. Without labels a
sure mistake shows as disagreement: once the site's labels have adjusted the model, the comments on
which the adjusted and the built-in model disagree most (query by committee). The disagreement is the
adjusted log-odds' residual from their straight-line fit on the built-in log-odds, so a rescaling of
every score counts for nothing. Measured in docs/benchmarks.md ("Review loop", round 8); not shipped.
"""

from __future__ import annotations

import numpy as np

from moderation.review.selection import _interleaved

# The share of a queue given to the comments the two models disagree on most. A first choice; 0.1 and
# 0.4 were measured beside it on the proxies.
COMMITTEE_SHARE = 0.2


def committee_queue(shipped, adjusted_logit, builtin_logit, judged, size: int, share: float = COMMITTEE_SHARE):
    """`shipped` (the shipped queue's positions) with `share` of its places given to the unjudged
    comments whose adjusted log-odds stray furthest from the built-in model's (spread evenly through
    it). Before any label the two models are one: the shipped queue alone."""
    judged = np.asarray(judged, dtype=bool)
    adjusted, builtin = np.asarray(adjusted_logit, float), np.asarray(builtin_logit, float)
    if not judged.any() or np.allclose(adjusted, builtin):
        return list(shipped)
    slope, intercept = np.polyfit(builtin, adjusted, 1)
    gap = np.where(judged, -np.inf, np.abs(adjusted - (slope * builtin + intercept)))
    extra = [int(i) for i in np.argsort(-gap, kind="stable")[: int(round(size * share))]]
    taken = set(extra)
    return _interleaved([int(i) for i in shipped if i not in taken][: size - len(extra)], extra)
