"""One thread's report as a plain dict (part of the `moderation.report/1` document).

Built from the thread and its comments' scores; comment text in it is masked for e-mail addresses
and IPs. Renderers only read this dict, so every format shows the same findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from moderation.classify.model import MAX_SCORED_CHARS, cut_for_scoring
from moderation.completeness import count_gap_reason
from moderation.identity.name_change import read_thread as read_name_changes
from moderation.privacy import mask_strings
from moderation.report.dynamics import (
    author_id,
    authors_by_flags,
    double_posts,
    excerpt,
    heated_subthreads,
    insult_edges,
    insult_targets,
)
from moderation.report.threats import threat_words
from moderation.thread import Thread, never_flagged

INSULT = "insult"
NAME_CHANGE = "username_change"
TEXT_LIMIT = 2000

Explainer = Callable[[str, Sequence[str]], list[list[str]]]  # (label, texts) -> reasons per text


def staff_key(name: str) -> str:
    """How a --staff name is compared with a comment's author: spaces around it and case ignored."""
    return name.strip().casefold()


@dataclass(frozen=True)
class ReportSettings:
    """What a report flags and how much it shows."""

    thresholds: dict[str, float]
    top: int = 5  # reasons listed per flag
    include_tree: bool = False  # every comment, for the HTML page and the JSON document
    identity: bool = True
    labels: tuple[str, ...] = field(default=())
    # Names of site staff beyond those the dump marks (`--staff`): never ranked as offenders.
    staff: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.labels:
            object.__setattr__(self, "labels", tuple(self.thresholds))
        object.__setattr__(self, "staff", tuple(staff_key(name) for name in self.staff if name.strip()))

    def role_of(self, comment) -> str | None:
        """The comment's staff role: the one its dump gives, else "staff" for a name given by --staff."""
        if comment.role is not None:
            return comment.role
        return "staff" if self.staff and staff_key(comment.author) in self.staff else None


def detected_scores(thread: Thread, scores: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], list]:
    """The model's scores with `username_change` replaced by the name-change detector's
    (identity/name_change.py: the classifier's probability and the rules together), and the
    detector's reading of each comment, so that flags, reasons and the identity section agree."""
    readings = read_name_changes(thread, scores.get(NAME_CHANGE))
    if NAME_CHANGE in scores:
        scores = {**scores, NAME_CHANGE: np.array([reading.score for reading in readings])}
    return scores, readings


def build_thread_report(
    thread: Thread,
    scores: dict[str, np.ndarray],
    settings: ReportSettings,
    explain: Explainer,
    detected: tuple[dict[str, np.ndarray], list] | None = None,
    flags: dict[int, list[str]] | None = None,
) -> dict:
    """The report of one thread; `scores[label][i]` belongs to `thread.comments[i]` (the model's);
    `detected` is `detected_scores(thread, scores)` and `flags` its `flag_labels` when the caller has
    them already."""
    scores, readings = detected if detected is not None else detected_scores(thread, scores)
    order = list(thread.preorder())
    position = {comment.index: number for number, comment in enumerate(order, start=1)}
    labels_by_index = flags if flags is not None else flag_labels(thread, scores, settings, order)
    reasons = _reasons(thread, labels_by_index, settings, explain)
    # Staff comments over a threshold are call-outs (moderation), never offences: kept apart.
    roles = {index: settings.role_of(thread.comments[index]) for index in labels_by_index}
    targets = insult_targets(thread, [thread.comments[i] for i in labels_by_index])
    items = {
        index: _flagged(
            thread.comments[index], position[index], labels, scores, reasons.get(index, {}), settings, targets, thread
        )
        for index, labels in labels_by_index.items()
    }
    in_order = sorted(labels_by_index, key=position.__getitem__)
    flagged = [items[index] for index in in_order if roles[index] is None]
    moderation = [items[index] | {"role": roles[index]} for index in in_order if roles[index] is not None]
    labels_by_index = {index: labels for index, labels in labels_by_index.items() if roles[index] is None}
    insulting = [thread.comments[i] for i, labels in labels_by_index.items() if INSULT in labels]
    insulting.sort(key=lambda c: position[c.index])
    flag_counts = Counter(label for labels in labels_by_index.values() for label in labels)
    report = {
        "id": thread.id,
        "title": thread.title,
        "url": thread.url,
        "source": {"path": thread.source_path, "format": thread.source_format},
        "counts": _counts(thread),
        "count_note": count_note(thread.declared_comment_count, len(thread.comments)),
        # Comments known to exist that the dump does not hold: a thread with any is no all-clear.
        "incomplete": thread.incomplete,
        "unread": list(thread.unread),
        "repairs": [warning for warning in thread.warnings if warning not in thread.unread],
        "flag_counts": {label: flag_counts.get(label, 0) for label in settings.labels},
        "flagged": flagged,
        "moderation": moderation,
        "dynamics": {
            "insults": insult_edges(thread, insulting, targets),
            "heated_subthreads": heated_subthreads(thread, {c.index for c in insulting}),
            "double_posts": double_posts(thread),
            "authors_by_flags": authors_by_flags(thread, labels_by_index),
        },
        "identity": _identity(thread, readings, flagged, settings),
    }
    if settings.include_tree:
        report["tree"] = [
            _tree_entry(c, position[c.index], labels_by_index.get(c.index, []), settings.role_of(c), thread)
            for c in order
        ]
    return mask_strings(report)


def flag_labels(
    thread: Thread, scores: dict[str, np.ndarray], settings: ReportSettings, order: Sequence | None = None
) -> dict[int, list[str]]:
    """comment index -> the labels it is flagged with, in tree order (`order`: the thread's preorder)."""
    labels_by_index: dict[int, list[str]] = {}
    for comment in thread.preorder() if order is None else order:
        if not comment.text.strip() or never_flagged(comment.status):
            continue
        labels = [
            label for label in settings.labels if float(scores[label][comment.index]) >= settings.thresholds[label]
        ]
        if labels:
            labels_by_index[comment.index] = labels
    return labels_by_index


def count_note(declared: int | None, found: int) -> str | None:
    """ "the page says 44 comments; 33 are in this dump" when the two disagree."""
    if declared is None or declared == found:
        return None
    return count_gap_reason(declared, found)


def _counts(thread: Thread) -> dict:
    statuses = Counter(c.status for c in thread.comments)
    return {
        "comments": len(thread.comments),
        "authors": len({author_id(c) for c in thread.comments}),
        "max_depth": thread.max_depth,
        "declared": thread.declared_comment_count,
        "found": len(thread.comments),
        "orphans": sum(1 for c in thread.comments if c.orphan),
        "by_status": {status: statuses[status] for status in sorted(statuses)},
    }


def _reasons(thread: Thread, labels_by_index: dict[int, list[str]], settings: ReportSettings, explain: Explainer):
    reasons: dict[int, dict[str, list[str]]] = {}
    if settings.top <= 0:
        return reasons
    for label in settings.labels:
        indexes = [i for i, labels in labels_by_index.items() if label in labels]
        if not indexes:
            continue
        for index, grams in zip(indexes, explain(label, [thread.comments[i].text for i in indexes]), strict=True):
            reasons.setdefault(index, {})[label] = list(grams)
    return reasons


def _flagged(comment, position, labels, scores, reasons, settings, targets, thread) -> dict:
    target = targets.get(comment.index)
    text = comment.text if len(comment.text) <= TEXT_LIMIT else excerpt(comment.text, TEXT_LIMIT)
    scored = {"scored_characters": MAX_SCORED_CHARS} if cut_for_scoring(comment.text) else {}
    threat = threat_words(comment.text[:MAX_SCORED_CHARS]) if INSULT in labels else None
    return {
        **scored,
        **({"threat": threat} if threat else {}),
        "position": position,
        "id": comment.id,
        "path": comment.path,
        "depth": comment.depth,
        "author": comment.author,
        "posted_at": shown_time_of(comment, thread),
        "status": comment.status,
        "labels": labels,
        "scores": {label: round(float(scores[label][comment.index]), 3) for label in settings.labels},
        "reasons": {label: reasons.get(label, []) for label in labels},
        "text": text,
        "target": _target_comment(target),
        "aimed_at": None if target is None or INSULT not in labels else _aim(target),
    }


def _target_comment(target) -> dict | None:
    """The participant's comment an insult is aimed at, or None when it is aimed at no one comment."""
    if target is None or target.comment is None:
        return None
    aimed = target.comment
    found = {"id": aimed.id, "path": aimed.path, "author": aimed.author, "excerpt": excerpt(aimed.text)}
    found["via"] = target.via
    if aimed.status != "visible":
        found["status"] = aimed.status  # a deleted comment: its author's name may be all that is left of it
    return found


def _aim(target) -> dict:
    """What the report says of whom a flag is aimed at: the kind, how it was found, and the words."""
    aim = {"kind": target.kind, "via": target.via}
    if target.words:
        aim["words"] = target.words
    return aim


def _identity(thread: Thread, readings, flagged: list[dict], settings: ReportSettings) -> dict:
    flags = [
        {
            "path": item["path"],
            "id": item["id"],
            "author": item["author"],
            "score": item["scores"][NAME_CHANGE],
            "excerpt": excerpt(item["text"]),
        }
        for item in flagged
        if NAME_CHANGE in item["labels"]
    ]
    result = {"name_change_flags": flags, "groups": [], "unresolved": []}
    if not settings.identity or not thread.comments:
        return result
    from moderation.identity import find_aliases

    document = find_aliases(
        [thread],
        name_change_readings={(thread.id, c.id): reading for c, reading in zip(thread.comments, readings, strict=True)},
        name_change_threshold=settings.thresholds.get(NAME_CHANGE),
        staff=settings.staff,
    )
    paths = {c.id: c.path for c in thread.comments}
    for key in ("groups", "unresolved"):
        for entry in document.get(key, []):
            for item in entry.get("evidence", []):
                item["paths"] = [paths.get(comment_id, comment_id) for comment_id in item.get("comments", [])]
        result[key] = document.get(key, [])
    return result


def _tree_entry(comment, position: int, labels: list[str], role: str | None, thread) -> dict:
    return {
        "role": role,
        "position": position,
        "id": comment.id,
        "path": comment.path,
        "depth": comment.depth,
        "author": comment.author,
        "posted_at": shown_time_of(comment, thread),
        "status": comment.status,
        "orphan": comment.orphan,
        "labels": labels,
        "text": comment.text,
    }


def shown_time_of(comment, thread) -> str | None:
    """The comment's time as ISO text, in the zone the page shows its times in when the parser found one."""
    if comment.posted_at is None:
        return None
    stamp = comment.posted_at.astimezone(thread.shown_zone) if thread.shown_zone else comment.posted_at
    return stamp.isoformat()
