"""A report over many threads: scoring in batches across both cores, one thread report at a time.

Threads stream in from the parsers; batches of a few thousand comments go to worker processes
(forked after the model is loaded on Linux, joblib's elsewhere, or a Dask cluster), which score,
explain and analyse them and send back only the thread reports. The run keeps
per-thread summary rows and per-author flag counts, never the threads, so memory stays flat.
"""

from __future__ import annotations

import heapq
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import chain
from pathlib import Path

from moderation.classify.model import NamedBlocks
from moderation.classify.scoring import explain_at, scores_for_reasons
from moderation.errors import ModerationError
from moderation.forked_workers import fork_available, forked_map, usable_cores
from moderation.report.dynamics import author_id  # noqa: F401 - re-exported for renderers
from moderation.report.thread_report import (
    INSULT,
    NAME_CHANGE,
    ReportSettings,
    build_thread_report,
    detected_scores,
    flag_labels,
)
from moderation.thread import Thread

SCHEMA = "moderation.report/1"
BATCH_COMMENTS = 4000
TOP_AUTHORS = 10
# The flagged comments a report opens with, highest score first: about one terminal screen of them.
TRIAGE_COMMENTS = 10
JOBS = 2
# How long `--dask` waits for the scheduler: a cluster on the network answers in well under a second,
# and a wrong address should fail soon; distributed's own default (30 s) reads as a hang.
DASK_CONNECT_TIMEOUT = "10s"

__all__ = ["SCHEMA", "ReportSettings", "RunSummary", "build_report", "iter_thread_reports", "report_batch"]


def report_batch(model, settings: ReportSettings, threads: list[Thread]) -> list[dict]:
    """Thread reports for a batch: every comment scored in one call, and the flagged ones of all its
    threads explained in one call per label (each distinct text once)."""
    texts = [comment.text for thread in threads for comment in thread.comments]
    if texts:
        probabilities, known = scores_for_reasons(model, texts, settings.top > 0)
    else:
        probabilities, known = {label: [] for label in settings.labels}, None
    scores_of = []
    start = 0
    for thread in threads:
        end = start + len(thread.comments)
        scores_of.append({label: probabilities[label][start:end] for label in settings.labels})
        start = end
    detected = [detected_scores(thread, scores) for thread, scores in zip(threads, scores_of, strict=True)]
    flags_of = [flag_labels(thread, scores, settings) for thread, (scores, _) in zip(threads, detected, strict=True)]
    explained = _batch_reasons(model, settings, threads, flags_of, known)
    return [
        build_thread_report(
            thread, scores, settings, lambda label, batch: [explained[label][text] for text in batch], found, flags
        )
        for thread, scores, found, flags in zip(threads, scores_of, detected, flags_of, strict=True)
    ]


def _batch_reasons(
    model, settings: ReportSettings, threads: list[Thread], flags_of: list[dict], known: NamedBlocks | None
) -> dict:
    """label -> {flagged text: its reasons}, for every flagged comment of the batch (`flags_of`: each
    thread's `flag_labels`); `known` holds the batch's named-feature blocks from scoring, by position."""
    flagged: dict[str, dict[str, int]] = {label: {} for label in settings.labels}
    if settings.top > 0:
        start = 0
        for thread, flags in zip(threads, flags_of, strict=True):
            for index, labels in flags.items():
                for label in labels:
                    flagged[label].setdefault(thread.comments[index].text, start + index)
            start += len(thread.comments)
    return {label: _explained(model, label, where, settings.top, known) for label, where in flagged.items()}


def _explained(model, label: str, where: dict[str, int], top: int, known: NamedBlocks | None) -> dict:
    """{text: its reasons} for the distinct flagged texts of one label (`where`: text -> batch position)."""
    if not where:
        return {}
    texts = list(where)
    return dict(zip(texts, explain_at(model, label, texts, top, known, list(where.values())), strict=True))


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

    With jobs > 1, batches are scored in that many worker processes: on Linux forked from this one
    (sharing `model`), elsewhere joblib's, each loading the model once from `model_path` (the file
    `model` was loaded from; without one the run stays in-process). A run of a single batch stays
    in-process.
    With `dask_scheduler` (a Dask distributed scheduler's address) the batches go to that cluster
    through joblib's dask backend instead: every worker must see the model file at `model_path`.
    """
    if dask_scheduler is not None:
        check_dask_address(dask_scheduler)
        if model_path is None:
            raise ModerationError("a Dask run needs the model as a file the workers can load")
        yield from _on_dask(threads, settings, str(model_path), batch_comments, dask_scheduler)
        return
    batches = _batches(threads, batch_comments)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is not None and jobs > 1 and fork_available():
        for reports in forked_map(partial(report_batch, model, settings), chain([first, second], batches), jobs):
            yield from reports
        return
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


# Dask's address forms: scheme://host:port (tcp, tls, ucx, ws, wss, inproc) or host:port.
_DASK_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss", "inproc")
_DASK_ADDRESS = re.compile(rf"^(?:(?:{'|'.join(_DASK_SCHEMES)})://)?(?:\[[0-9a-fA-F:]+\]|[\w.-]+):\d{{1,5}}$")
_DASK_IN_PROCESS = re.compile(r"^inproc://\S+$")  # a LocalCluster(processes=False): inproc://ip/pid/n


def check_dask_address(address: str) -> None:
    """Refuse a malformed scheduler address in one line, before any work starts."""
    address = address.strip()
    if _DASK_IN_PROCESS.match(address):
        return
    if not _DASK_ADDRESS.match(address) or not 0 < int(address.rsplit(":", 1)[1]) < 65536:
        raise ModerationError(
            f"--dask: {address!r} is not a scheduler address (expected e.g. tcp://10.0.0.5:8786 or host:8786)"
        )


def _on_dask(threads, settings, model_path: str, batch_comments: int, address: str) -> Iterator[dict]:
    """Batches scored on a Dask cluster: Dask runs them, joblib keeps the order and the back-pressure."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ModerationError("--dask needs Dask: pip install 'moderation[dask]'") from None
    from joblib import Parallel, delayed, parallel_config

    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ModerationError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    except Exception as error:  # noqa: BLE001 - a server that is no Dask scheduler answers in any way
        raise ModerationError(
            f"{address} did not answer as a Dask scheduler ({type(error).__name__}): check the address and port"
        ) from None
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
        self._triage: list[tuple] = []  # a bounded heap of (threat, score, order, entry): memory stays flat
        self.flagged = 0

    def add(self, report: dict) -> None:
        counts = report["flag_counts"]
        number = len(self.rows) + 1
        self.comments += report["counts"]["comments"]
        self.flag_counts.update({label: counts.get(label, 0) for label in self.labels})
        heated = report["dynamics"]["heated_subthreads"]
        self.rows.append(
            {
                "number": number,  # the thread's place in the run (the HTML page's anchors use it)
                "thread": report["id"],
                "title": report["title"],
                "source": report["source"]["path"],
                "comments": report["counts"]["comments"],
                "insults": counts.get(INSULT, 0),
                "name_changes": counts.get(NAME_CHANGE, 0),
                "alias_groups": len(report["identity"]["groups"]),
                "flags": sum(counts.values()),
                # How heated: the longest two-person back-and-forth in a subthread with an insult.
                "heat": max((item["back_and_forth"] for item in heated), default=0),
                "incomplete": report["incomplete"],
            }
        )
        for item in report["flagged"]:
            self.flagged += 1
            entry = triage_entry(report, number, item)
            # Threats first, whatever their score: a moderator acts on them before any insult.
            key = ("threat" in entry, entry["score"], -self.flagged, entry)
            if len(self._triage) < TRIAGE_COMMENTS:
                heapq.heappush(self._triage, key)
            elif key[:3] > self._triage[0][:3]:
                heapq.heapreplace(self._triage, key)
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
            "flagged": self.flagged,
            "triage": [entry for *_, entry in sorted(self._triage, key=lambda key: key[:3], reverse=True)],
            "ranked": [row["number"] for row in ranked_threads(self.rows)],
            "table": self.rows,
            "top_authors": [
                {**author, "by_label": dict(sorted(author["by_label"].items()))} for author in ranked[:TOP_AUTHORS]
            ],
            "failed_files": list(failed_files),
            "incomplete_threads": len(self.incomplete),
            "incomplete": list(self.incomplete),
        }


def triage_entry(report: dict, number: int, item: dict) -> dict:
    """One flagged comment as the report's opening list shows it: enough to act on, and where it is."""
    target = item["target"]
    return {
        "score": max(item["scores"][label] for label in item["labels"]),
        **({"threat": item["threat"]} if "threat" in item else {}),
        "thread_number": number,
        "thread": report["id"],
        "title": report["title"],
        "incomplete": report["incomplete"],
        "position": item["position"],
        "path": item["path"],
        "id": item["id"],
        "author": item["author"],
        "posted_at": item["posted_at"],
        "labels": item["labels"],
        "scores": item["scores"],
        "reasons": item["reasons"],
        "target_author": target["author"] if target else None,
        "aimed_at": item.get("aimed_at"),
        **({"target_status": target["status"]} if target and "status" in target else {}),
        "text": item["text"],
    }


def ranked_threads(rows: list[dict]) -> list[dict]:
    """Threads by what needs attention: most flags, then the most heated, then incomplete ones, then run order."""
    return sorted(rows, key=lambda row: (-row["flags"], -row["heat"], not row["incomplete"], row["number"]))


def model_description(model, model_name: str, settings: ReportSettings) -> dict:
    """The model's name, labels and thresholds; and, for each label flagged at the model's own threshold,
    the precision and recall to expect there (a `--threshold` override has no measured numbers)."""
    from moderation.classify.model_card import expected_quality

    described = {"name": model_name, "labels": list(settings.labels), "thresholds": dict(settings.thresholds)}
    own = getattr(model, "thresholds", {})
    expected = {
        label: values
        for label, values in expected_quality(getattr(model, "manifest", None) or {}).items()
        if label in settings.thresholds and own.get(label) == settings.thresholds[label]
    }
    if expected:
        described["expected"] = expected
    return described


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
    return max(1, min(JOBS, usable_cores()))
