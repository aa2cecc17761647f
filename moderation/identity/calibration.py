"""Fitted weights and band thresholds of the pair model (written by benchmarks/identity_benchmark.py --write)."""

FEATURES = ('name_similarity', 'same_name', 'style', 'close_in_thread', 'replied', 'handoff', 'flagged')
WEIGHTS = (3.0, 3.0, 3.0, 2.0, -2.0, 1.0, 1.5)
INTERCEPT = -6.0
LIKELY = 0.8
POSSIBLE = 0.5
