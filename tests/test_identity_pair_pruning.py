"""The linker's vectorised pair ruling-out keeps exactly the pairs the exact per-pair bound keeps."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from moderation.identity.linker import _best_total, _could_reach_a_band
from moderation.identity.pair_model import PairFeatures, PairModel, default_model

_UNIT = st.sampled_from([0.0, 0.25, 1 / 3, 0.4, 0.5, 2 / 3, 0.75, 0.9, 1.0])
_VALUES = st.tuples(_UNIT, st.sampled_from([0.0, 1.0]), st.just(0.0), _UNIT, _UNIT, _UNIT, _UNIT)
_PAIRS = st.dictionaries(
    st.tuples(st.sampled_from("abcdef"), st.sampled_from("ghijkl")), _VALUES, min_size=1, max_size=20
)
_LENGTHS = st.fixed_dictionaries({name: st.integers(0, 1500) for name in "abcdefghijkl"})


def _exact(model, values, lengths, fixed):
    lowest = model.lowest_banded_total()
    return {
        key: found
        for key, found in values.items()
        if key in fixed or _best_total(model, found, lengths, *key) >= lowest
    }


@given(_PAIRS, _LENGTHS, st.sets(st.tuples(st.sampled_from("abc"), st.sampled_from("ghi"))))
def test_the_shipped_model_keeps_the_same_pairs(values, lengths, fixed):
    model = default_model()
    fixed = {key: ("likely", 0.8) for key in fixed}
    assert _could_reach_a_band(model, values, lengths, fixed) == _exact(model, values, lengths, fixed)


@given(_PAIRS, _LENGTHS)
def test_pairs_on_the_edge_are_decided_exactly(values, lengths):
    # A band edge placed on some pair's best total (lowest_banded_total subtracts its 1e-6 margin):
    # the NumPy estimate cannot decide it, the exact sum does.
    base = default_model()
    key = next(iter(values))
    total = _best_total(base, values[key], lengths, *key)
    possible = 1.0 / (1.0 + math.exp(-(total + 1e-6)))
    model = PairModel(base.weights, base.intercept, max(base.likely, possible), possible)
    assert _could_reach_a_band(model, values, lengths, {}) == _exact(model, values, lengths, {})


def test_values_follow_the_feature_order():
    features = PairFeatures(0.1, 1.0, 0.2, 0.3, 1.0, 0.0, 1.0)
    model = default_model()
    assert model.total(features) == model.total_of(tuple(features.vector()))
