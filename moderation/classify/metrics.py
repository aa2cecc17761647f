"""Metrics of one label's probabilities, and the threshold that maximises F1 (or F-beta)."""

from __future__ import annotations

import numpy as np


def best_fbeta_threshold(targets: np.ndarray, probabilities: np.ndarray, beta: float = 1.0) -> float:
    """The probability cut with the best F-beta: beta < 1 weighs precision more (beta 0.5: twice)."""
    from sklearn.metrics import precision_recall_curve

    precision, recall, cuts = precision_recall_curve(targets, probabilities)
    if not len(cuts):
        return 0.5
    denominator = np.maximum(beta**2 * precision + recall, 1e-12)
    scores = np.where(precision + recall > 0, (1 + beta**2) * precision * recall / denominator, 0)
    return float(cuts[int(np.argmax(scores[:-1]))])


def label_metrics(targets: np.ndarray, probabilities: np.ndarray, threshold: float) -> dict:
    """ROC AUC, PR AUC (average precision), and precision/recall/F1/confusion at the threshold."""
    from sklearn.metrics import (
        average_precision_score,
        confusion_matrix,
        precision_recall_fscore_support,
        roc_auc_score,
    )

    targets = np.asarray(targets, dtype=int)
    predicted = (np.asarray(probabilities) >= threshold).astype(int)
    both_classes = len(np.unique(targets)) == 2
    precision, recall, f1, _ = precision_recall_fscore_support(targets, predicted, average="binary", zero_division=0)
    matrix = confusion_matrix(targets, predicted, labels=[0, 1])
    (true_negative, false_positive), (false_negative, true_positive) = matrix
    return {
        "examples": int(len(targets)),
        "positives": int(targets.sum()),
        "roc_auc": round(float(roc_auc_score(targets, probabilities)), 4) if both_classes else None,
        "pr_auc": round(float(average_precision_score(targets, probabilities)), 4) if both_classes else None,
        "threshold": round(float(threshold), 4),
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
        "f1": round(float(f1), 4),
        "confusion": {
            "true_positive": int(true_positive),
            "false_positive": int(false_positive),
            "false_negative": int(false_negative),
            "true_negative": int(true_negative),
        },
    }
