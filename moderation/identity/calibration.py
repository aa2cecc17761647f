"""Fitted weights and band thresholds of the pair model (written by benchmarks/identity_benchmark.py --write)."""

FEATURES = ("name_similarity", "same_name", "style", "close_in_thread", "replied", "handoff", "flagged")
WEIGHTS = (0.915, 3.824, 3.545, 2.129, -3.991, 1.27, 0.894)
INTERCEPT = -2.48
LIKELY = 0.989
POSSIBLE = 0.897
