"""The review queue: every comment of the inputs scored, the ones already judged left out, and the first N
chosen by selection.select_queue, each with its scores and the words behind them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from moderation.errors import ModerationError
from moderation.review.items import ReviewItem
from moderation.review.selection import TfidfRowsOnDemand, select_queue

# Reasons shown per label beside a comment under review.
REASONS_SHOWN = 5


@dataclass(frozen=True)
class QueueEntry:
    item: ReviewItem
    scores: dict[str, float]
    reasons: dict[str, list[str]]  # label -> words that pushed its score up


def reviewable(item: ReviewItem) -> bool:
    """A comment with words to judge: not empty, and not a deleted one whose text is a platform's notice."""
    return bool(item.text.strip()) and not (item.status == "deleted" and item.history is None)


def build_queue(
    items: Sequence[ReviewItem],
    model,
    size: int,
    labels: Sequence[str] | None = None,
    judged: Iterable[tuple[str, str, str]] = (),
    strategy: str = "uncertain",
    use_history: bool = True,
    seed: int = 0,
) -> list[QueueEntry]:
    """The `size` comments to review first, in order; `judged` keys (source, thread, id) are left out."""
    labels = list(labels) if labels else model.labels
    unknown = [label for label in labels if label not in model.labels]
    if unknown:
        raise ModerationError(f"the model has no label {unknown[0]!r} (its labels: {', '.join(model.labels)})")
    judged = set(judged)
    texts = [item.text for item in items]
    if not texts:
        return []
    probabilities = model.predict_proba(texts)
    scores = {label: probabilities[label] for label in labels}
    exclude = [item.key in judged or not reviewable(item) for item in items]
    features = TfidfRowsOnDemand(model, texts, labels[0]) if strategy == "uncertain" else None  # near repeats
    # Spam is removed for selling, not for what it says to people: only deleted comments seed the queue.
    history = [item.history if item.status == "deleted" else None for item in items] if use_history else None
    chosen = select_queue(
        scores, {label: model.thresholds[label] for label in labels}, size, features, strategy, exclude, history, seed
    )
    reasons = {
        label: model.explain_many(label, [texts[i] for i in chosen], REASONS_SHOWN) if chosen else []
        for label in labels
    }
    return [
        QueueEntry(
            item=items[i],
            scores={label: float(probabilities[label][i]) for label in labels},
            reasons={label: reasons[label][place] for label in labels},
        )
        for place, i in enumerate(chosen)
    ]


def write_queue_file(entries: Sequence[QueueEntry], labels: Sequence[str], path: Path) -> None:
    """The queue CSV, written whole or not at all (a temporary file beside it, then renamed)."""
    from moderation.datasets.review_queue import write_queue
    from moderation.output import atomic_text_output

    rows = (
        {
            "id": e.item.comment,
            "thread": e.item.thread,
            "source": e.item.source,
            "author": e.item.author,
            "text": e.item.text,
            "parent_text": e.item.parent_text,
            "scores": e.scores,
        }
        for e in entries
    )
    with atomic_text_output(path) as stream:
        write_queue(rows, labels, stream)


def model_version(model) -> str:
    """What the labels file records as the model: its file's sha256 (short) or the default model's recipe."""
    manifest = model.manifest or {}
    if manifest.get("weights_sha256"):
        return f"{Path(str(model.path)).name if model.path else 'model'}@{manifest['weights_sha256'][:12]}"
    return f"default@{(manifest.get('training_data') or {}).get('sha256', '')[:12]}"
