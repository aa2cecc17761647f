"""Score and evaluate examples with a model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from moderation.classify.metrics import label_metrics
from moderation.classify.model import MAX_SCORED_CHARS, Model, NamedBlocks, cut_for_scoring
from moderation.datasets import Example
from moderation.errors import ModerationError
from moderation.privacy import mask_private
from moderation.safe_text import printable
from moderation.thread import never_flagged

BATCH = 4096


def scores_for_reasons(model, texts: list[str], explain: bool) -> tuple[dict, NamedBlocks | None]:
    """Each label's probabilities for `texts`; with `explain`, a Model also keeps the named features'
    blocks, so the flags' reasons are not computed again (a stand-in model need not)."""
    known = NamedBlocks() if explain and isinstance(model, Model) else None
    return (model.predict_proba(texts) if known is None else model.predict_proba(texts, keep=known)), known


def explain_at(
    model, label: str, texts: list[str], top: int, known: NamedBlocks | None, positions: Sequence[int]
) -> list[list[str]]:
    """The reasons of `texts`, which stand at `positions` of the batch `known` was kept for."""
    if known is None:
        return model.explain_many(label, texts, top)
    return model.explain_many(label, texts, top, known.rows(positions))


def score_examples(
    model: Model,
    examples: Sequence[Example],
    explain: bool = True,
    top: int = 5,
    thresholds: dict[str, float] | None = None,
    with_text: bool = False,
) -> Iterator[dict]:
    """One record per example, in input order: where it came from (source file, thread, comment,
    author), scores, flags, and for each flag the reasons behind it; the text too with `with_text`.

    A deleted comment is scored but never flagged, as in the report (`thread.never_flagged`). A thread
    comment that is not visible says so in `status`.
    """
    for start in range(0, len(examples), BATCH):
        batch = examples[start : start + BATCH]
        probabilities, known = scores_for_reasons(model, [e.text for e in batch], explain)
        columns = {label: values.tolist() for label, values in probabilities.items()}  # floats, once
        flags_of = _flags(model, batch, columns, thresholds)
        reasons = _reasons(model, batch, flags_of, top, known) if explain else {}
        for offset, example in enumerate(batch):
            record = {"source": example.source, "thread": example.thread, "comment": example.comment}
            if example.row is not None:
                record["row"] = example.row  # a CSV row as a spreadsheet numbers it, as its errors do
            record["author"] = mask_private(printable(example.author)) if example.author else example.author
            record["scores"] = {label: round(values[offset], 4) for label, values in columns.items()}
            record["flags"] = flags_of[offset]
            record["why"] = {label: reasons[label, offset] for label in flags_of[offset]} if explain else {}
            if example.status != "visible":
                record["status"] = example.status
            if with_text:
                record["text"] = mask_private(printable(example.text))
            if cut_for_scoring(example.text):
                record["scored_characters"] = MAX_SCORED_CHARS  # of len(text): the rest was not read
            yield record


def _flags(model, batch: Sequence[Example], columns: dict[str, list[float]], thresholds) -> list[list[str]]:
    """Each example's flags, as `model.flags` gives them; for a Model, each label's threshold compared
    once per batch instead of a dict of scores built per comment."""
    if not isinstance(model, Model):
        return [
            []
            if never_flagged(example.status)
            else model.flags({label: v[offset] for label, v in columns.items()}, thresholds)
            for offset, example in enumerate(batch)
        ]
    limits = thresholds or model.thresholds
    reached = {label: [value >= limits[label] for value in columns[label]] for label in model.labels}
    return [
        [] if never_flagged(example.status) else [label for label, hits in reached.items() if hits[offset]]
        for offset, example in enumerate(batch)
    ]


def _reasons(
    model: Model, batch: Sequence[Example], flags_of: list[list[str]], top: int, known: NamedBlocks | None
) -> dict:
    """(label, position in batch) -> reasons, for every flag of the batch, explained per label in one
    call that reuses the batch's named-feature blocks."""
    reasons = {}
    for label in model.labels:
        flagged = [offset for offset, flags in enumerate(flags_of) if label in flags]
        texts = [batch[offset].text for offset in flagged]
        if not flagged:
            continue
        explained = explain_at(model, label, texts, top, known, flagged)
        reasons.update(((label, offset), found) for offset, found in zip(flagged, explained, strict=True))
    return reasons


def evaluate_model(
    model: Model, examples: Sequence[Example], thresholds: dict[str, float] | None = None
) -> dict[str, dict]:
    """Per label (of the model, stated by the data): metrics at the model's threshold, or at `thresholds`."""
    thresholds = thresholds or model.thresholds
    results: dict[str, dict] = {}
    for label in model.labels:
        chosen = [e for e in examples if label in e.labels]
        if not chosen:
            continue
        targets = np.array([e.labels[label] for e in chosen], dtype=int)
        probabilities = model.predict_proba([e.text for e in chosen])[label]
        results[label] = label_metrics(targets, probabilities, thresholds[label])
        if not targets.any():  # recall and F1 are 0/0 without a positive example: undefined, not 0
            results[label].update(recall=None, f1=None)
    if not results:
        raise ModerationError(
            f"the data states none of the model's labels ({', '.join(model.labels)}); a plain CSV needs "
            "--label-column LABEL[=COLUMN] for each, as `train` does"
        )
    return results
