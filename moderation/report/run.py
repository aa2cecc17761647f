"""A report over many threads: scoring in batches across both cores, one thread report at a time.

Threads stream in from the parsers; batches of a few thousand comments go to worker processes
(joblib), which score, explain and analyse them and send back only the thread reports. The run keeps
per-thread summary rows and per-author flag counts, never the threads, so memory stays flat.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from moderation.errors import ModerationError
from moderation.report.dynamics import author_id  # noqa: F401 - re-exported for renderers
from moderation.report.thread_report import INSULT, NAME_CHANGE, ReportSettings, build_thread_report
from moderation.thread import Thread

SCHEMA = "moderation.report/1"
BATCH_COMMENTS = 4000
TOP_AUTHORS = 10
JOBS = 2

__all__ = ["SCHEMA", "ReportSettings", "RunSummary", "build_report", "iter_thread_reports", "report_batch"]


def report_batch(model, settings: ReportSettings, threads: list[Thread]) -> list[dict]:
    """Thread reports for a batch: every comment scored in one call, reasons only for flagged ones."""
    texts = [comment.text for thread in threads for comment in thread.comments]
    probabilities = model.predict_proba(texts) if texts else {label: [] for label in settings.labels}
    reports = []
    start = 0
    for thread in threads:
        end = start + len(thread.comments)
        scores = {label: probabilities[label][start:end] for label in settings.labels}
        reports.append(
            build_thread_report(
                thread, scores, settings, lambda label, batch: model.explain_many(label, batch, settings.top)
            )
        )
        start = end
    return reports


def iter_thread_reports(
    threads: Iterable[Thread],
    model,
    settings: ReportSettings,
    *,
    jobs: int = JOBS,
    model_path: str | Path | None = None,
    batch_comments: int = BATCH_COMMENTS,
    dask_scheduler: str | None = None,
) -> Iterator[dict]:
    """Thread reports in input order.

    With `model_path` (the file `model` was loaded from) and jobs > 1, batches are scored in that
    many worker processes, each loading the model once; a run of a single batch stays in-process.
    With `dask_scheduler` (a Dask distributed scheduler's address) the batches go to that cluster
    through joblib's dask backend instead: every worker must see the model file at `model_path`.
    """
    if dask_scheduler is not None:
        if model_path is None:
            raise ModerationError("a Dask run needs the model as a file the workers can load")
        yield from _on_dask(threads, settings, str(model_path), batch_comments, dask_scheduler)
        return
    batches = _batches(threads, batch_comments)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or jobs < 2 or model_path is None:
        for batch in chain([first], [second] if second else [], batches):
            yield from report_batch(model, settings, batch)
        return
    from joblib import Parallel, delayed

    work = (
        delayed(_report_batch_in_worker)(str(model_path), settings, batch) for batch in chain([first, second], batches)
    )
    parallel = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs")
    for reports in parallel(work):
        yield from reports


def _on_dask(threads, settings, model_path: str, batch_comments: int, address: str) -> Iterator[dict]:
    """Batches scored on a Dask cluster: Dask runs them, joblib keeps the order and the back-pressure."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ModerationError("--dask needs Dask: pip install 'moderation[dask]'") from None
    from joblib import Parallel, delayed, parallel_config

    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ModerationError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    with client, parallel_config(backend="dask", client=client):
        work = (
            delayed(_report_batch_in_worker)(model_path, settings, batch) for batch in _batches(threads, batch_comments)
        )
        parallel = Parallel(n_jobs=-1, return_as="generator", pre_dispatch="2*n_jobs")
        for reports in parallel(work):
            yield from reports


_worker_models: dict[str, object] = {}


def _report_batch_in_worker(model_path: str, settings: ReportSettings, threads: list[Thread]) -> list[dict]:
    model = _worker_models.get(model_path)
    if model is None:
        from moderation.classify.model import load_model

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the parent process already said it once
            model = _worker_models[model_path] = load_model(model_path)
    return report_batch(model, settings, threads)


def _batches(threads: Iterable[Thread], size: int) -> Iterator[list[Thread]]:
    batch: list[Thread] = []
    count = 0
    for thread in threads:
        batch.append(thread)
        count += len(thread.comments)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


class RunSummary:
    """What a run remembers of each thread: one summary row, and flag counts per author."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.labels = list(labels)
        self.rows: list[dict] = []
        self.flag_counts: Counter = Counter()
        self.comments = 0
        self.incomplete: list[dict] = []  # the threads read only in part, with why
        self._authors: dict[str, dict] = {}

    def add(self, report: dict) -> None:
        counts = report["flag_counts"]
        self.comments += report["counts"]["comments"]
        self.flag_counts.update({label: counts.get(label, 0) for label in self.labels})
        self.rows.append(
            {
                "thread": report["id"],
                "title": report["title"],
                "source": report["source"]["path"],
                "comments": report["counts"]["comments"],
                "insults": counts.get(INSULT, 0),
                "name_changes": counts.get(NAME_CHANGE, 0),
                "alias_groups": len(report["identity"]["groups"]),
                "flags": sum(counts.values()),
                "incomplete": report["incomplete"],
            }
        )
        if report["incomplete"]:
            # The shape of exit_status.incomplete_entry, which a thread report cannot call (no Thread here).
            self.incomplete.append(
                {
                    "thread": report["id"],
                    "title": report["title"],
                    "source": report["source"]["path"],
                    "unread": report["unread"],
                }
            )
        from moderation.identity.names import is_anonymous

        for entry in report["dynamics"]["authors_by_flags"]:
            if is_anonymous(entry["author"]):
                continue  # "Anonymous" in one thread is not the same person in the next
            key = entry["author"].strip().casefold()
            known = self._authors.setdefault(
                key, {"author": entry["author"], "flags": 0, "threads": 0, "by_label": Counter()}
            )
            known["flags"] += entry["flags"]
            known["threads"] += 1
            known["by_label"].update(entry["by_label"])

    def to_dict(self, failed_files: Iterable[str] = ()) -> dict:
        ranked = sorted(self._authors.values(), key=lambda a: (-a["flags"], -a["threads"], a["author"]))
        return {
            "threads": len(self.rows),
            "comments": self.comments,
            "flag_counts": {label: self.flag_counts.get(label, 0) for label in self.labels},
            "table": self.rows,
            "top_authors": [
                {**author, "by_label": dict(sorted(author["by_label"].items()))} for author in ranked[:TOP_AUTHORS]
            ],
            "failed_files": list(failed_files),
            "incomplete_threads": len(self.incomplete),
            "incomplete": list(self.incomplete),
        }


def model_description(model, model_name: str, settings: ReportSettings) -> dict:
    return {"name": model_name, "labels": list(settings.labels), "thresholds": dict(settings.thresholds)}


def build_report(
    threads: Iterable[Thread],
    model,
    *,
    thresholds: dict[str, float] | None = None,
    top: int = 5,
    include_tree: bool = True,
    model_name: str = "default",
) -> dict:
    """The whole `moderation.report/1` document in memory (for library users; the CLI streams)."""
    settings = ReportSettings(thresholds={**model.thresholds, **(thresholds or {})}, top=top, include_tree=include_tree)
    summary = RunSummary(settings.labels)
    reports = []
    for report in iter_thread_reports(threads, model, settings, jobs=1):
        summary.add(report)
        reports.append(report)
    return document_head(model, model_name, settings) | {"threads": reports, "summary": summary.to_dict()}


def document_head(model, model_name: str, settings: ReportSettings) -> dict:
    from moderation import __version__

    return {
        "schema": SCHEMA,
        "generator": f"moderate {__version__}",
        "model": model_description(model, model_name, settings),
    }


def default_jobs() -> int:
    return max(1, min(JOBS, os.cpu_count() or 1))
