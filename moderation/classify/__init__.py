"""Insult and username-change classifiers (placeholder until the classifier lands)."""
