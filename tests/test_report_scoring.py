"""Scoring for reports with a real (small) trained model: batched explanations equal Model.explain,
the two-process run gives the same reports as one process, and private data is masked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_report_golden import REPORT_CASES

from moderation.parsing import parse_path
from moderation.privacy import mask_private, mask_strings, private_spans
from moderation.report.run import iter_thread_reports
from moderation.report.thread_report import ReportSettings, count_note

FIXTURE_CORPUS = Path(__file__).resolve().parent / "fixtures" / "classify" / "corpus.jsonl"


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    from moderation.classify.training import train_model
    from moderation.datasets import load_many

    model = train_model(load_many([FIXTURE_CORPUS]), folds=0)
    path = tmp_path_factory.mktemp("model") / "small.joblib"
    model.save(path)
    return model, path


def test_batched_explanations_match_model_explain(small_model):
    model, _ = small_model
    texts = [c.text for case in REPORT_CASES.glob("*.ndjson") for t in parse_path(case) for c in t.comments]
    for label in model.labels:
        assert model.explain_many(label, texts, 5) == [model.explain(text, label, 5) for text in texts]


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "joblib"])
def test_two_worker_processes_give_the_same_reports(small_model, monkeypatch, forked):
    """Forked workers (Linux) and joblib's (elsewhere: they load the model from its file) alike."""
    from moderation.forked_workers import fork_available

    if forked and not fork_available():
        pytest.skip("fork is not this platform's way to start processes")
    monkeypatch.setattr("moderation.report.run.fork_available", lambda: forked)
    model, path = small_model
    threads = [
        t for case in sorted(REPORT_CASES.iterdir()) if not case.name.endswith(".report.json") for t in parse_path(case)
    ] * 3
    settings = ReportSettings(thresholds=dict(model.thresholds), include_tree=True)
    alone = list(iter_thread_reports(threads, model, settings, jobs=1))
    shared = list(iter_thread_reports(threads, model, settings, jobs=2, model_path=path, batch_comments=5))
    assert shared == alone
    assert len(alone) == len(threads)


def test_an_error_in_a_forked_worker_reaches_the_caller(small_model, monkeypatch):
    """A batch that fails in a worker fails the run with its own error, and no worker is left behind."""
    import multiprocessing

    from moderation.errors import ModerationError
    from moderation.forked_workers import fork_available
    from moderation.report import run

    if not fork_available():
        pytest.skip("fork is not this platform's way to start processes")
    model, _ = small_model
    threads = [t for case in sorted(REPORT_CASES.glob("*.ndjson")) for t in parse_path(case)] * 4

    def failing(model, settings, batch):
        raise ModerationError("this batch cannot be scored")

    monkeypatch.setattr(run, "report_batch", failing)
    settings = ReportSettings(thresholds=dict(model.thresholds))
    before = set(multiprocessing.active_children())  # joblib keeps its own workers for reuse
    with pytest.raises(ModerationError, match="cannot be scored"):
        list(iter_thread_reports(threads, model, settings, jobs=2, batch_comments=5))
    for child in set(multiprocessing.active_children()) - before:
        child.join(timeout=10)
    assert set(multiprocessing.active_children()) <= before


def test_deep_reply_chain_goes_through_the_workers(small_model):
    from moderation.parsing import parse_bytes

    model, path = small_model
    lines = ['{"id": "c0", "parent_id": "t3_deep", "link_id": "t3_deep", "author": "a", "body": "you idiot"}']
    lines += [
        f'{{"id": "c{i}", "parent_id": "t1_c{i - 1}", "link_id": "t3_deep", "author": "{"ab"[i % 2]}", '
        f'"body": "no, you are the idiot {i}"}}'
        for i in range(1, 3000)
    ]
    threads = parse_bytes("\n".join(lines).encode(), "reddit") * 2
    settings = ReportSettings(thresholds=dict(model.thresholds))
    reports = list(iter_thread_reports(threads, model, settings, jobs=2, model_path=path, batch_comments=100))
    assert [r["counts"]["max_depth"] for r in reports] == [3000, 3000]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("write to jo.b+news@example.co.uk today", "write to [e-mail] today"),
        ("from 10.0.0.12, twice", "from [ip], twice"),
        ("server 2001:db8::7 again", "server [ip] again"),
        ("at 12:30:45 on version 1.2.3", "at 12:30:45 on version 1.2.3"),
        ("999.10.1.1 is not an address", "999.10.1.1 is not an address"),
        ("mail name@пример.рф now", "mail [e-mail] now"),
        ("or x@y.xn--p1ai", "or [e-mail]"),
        ('quoted "jo doe"@example.org here', "quoted [e-mail] here"),
        ("client:2001:db8::42 said", "client:[ip] said"),
        ("ip_10.0.0.1 logged", "ip_[ip] logged"),
        ("see ::1.", "see [ip]."),
        ("1.2.3.4.5 is a version", "1.2.3.4.5 is a version"),
    ],
)
def test_mask_private(text, masked):
    assert mask_private(text) == masked


@pytest.mark.parametrize("text", ["a" * 100_000 + "@", "ab" * 50_000 + ":", "1." * 50_000])
def test_masking_a_long_word_leaves_it_unchanged(text):
    """Patterns start only where a word or run starts: a long word is one scan (issue #18's worst cases)."""
    assert mask_private(text) == text


@given(st.text(alphabet="0123456789abcdef:.@ _xé", max_size=60))
def test_private_spans_cover_what_mask_private_hides(text):
    spans = sorted(private_spans(text))
    rebuilt, position = [], 0
    for start, end, placeholder in spans:
        if start < position:
            return  # overlapping e-mail and IP candidates: mask_private applies them in turn
        rebuilt += [text[position:start], placeholder]
        position = end
    rebuilt.append(text[position:])
    assert mask_private(text) == "".join(rebuilt)


def test_mask_strings_keeps_tree_paths():
    masked = mask_strings({"path": "2.1.1.1", "text": "2.1.1.1", "paths": ["1.2.3.4"], "author": "a@b.org"})
    assert masked == {"path": "2.1.1.1", "text": "[ip]", "paths": ["1.2.3.4"], "author": "[e-mail]"}


def test_count_note():
    assert count_note(44, 33) == "the page says 44 comments; 33 are in this dump"
    assert count_note(1, 1) is None and count_note(None, 5) is None


def test_a_dask_cluster_gives_the_same_reports(small_model):
    """`--dask`: batches scored by a real (local, two-worker) Dask cluster, in order, as one process does."""
    distributed = pytest.importorskip("dask.distributed", reason="the 'dask' extra is not installed")
    model, path = small_model
    threads = [
        t for case in sorted(REPORT_CASES.iterdir()) if not case.name.endswith(".report.json") for t in parse_path(case)
    ] * 3
    settings = ReportSettings(thresholds=dict(model.thresholds), include_tree=True)
    alone = list(iter_thread_reports(threads, model, settings, jobs=1))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = list(
            iter_thread_reports(
                threads, model, settings, model_path=path, batch_comments=5, dask_scheduler=cluster.scheduler_address
            )
        )
    assert on_dask == alone


def test_an_unreachable_dask_scheduler_is_one_clear_error(small_model, monkeypatch):
    pytest.importorskip("dask.distributed", reason="the 'dask' extra is not installed")
    from moderation.errors import ModerationError

    # Port 1 on this machine refuses at once; distributed retries until the timeout, so a short one.
    monkeypatch.setattr("moderation.report.run.DASK_CONNECT_TIMEOUT", "1s")

    model, path = small_model
    threads = [t for case in sorted(REPORT_CASES.glob("*.ndjson")) for t in parse_path(case)]
    settings = ReportSettings(thresholds=dict(model.thresholds))
    with pytest.raises(ModerationError, match="cannot reach the Dask scheduler"):
        list(iter_thread_reports(threads, model, settings, model_path=path, dask_scheduler="tcp://127.0.0.1:1"))


def test_a_batch_explained_at_once_gives_each_thread_its_own_reasons(small_model):
    from moderation.report.run import report_batch
    from moderation.report.thread_report import build_thread_report

    model, _ = small_model
    threads = [
        t for case in sorted(REPORT_CASES.iterdir()) if not case.name.endswith(".report.json") for t in parse_path(case)
    ]
    settings = ReportSettings(thresholds=dict(model.thresholds), top=3)
    one_by_one = []
    for thread in threads:
        texts = [c.text for c in thread.comments]
        probabilities = model.predict_proba(texts)
        scores = {label: probabilities[label] for label in settings.labels}
        one_by_one.append(
            build_thread_report(thread, scores, settings, lambda label, batch: model.explain_many(label, batch, 3))
        )
    batched = report_batch(model, settings, threads)
    assert batched == one_by_one
    assert any(item["reasons"] for report in batched for item in report["flagged"])


def test_a_forked_worker_that_dies_is_one_clear_error(small_model, monkeypatch):
    """A worker killed mid-run (the kernel's out-of-memory killer) ends the run with one line, not a hang."""
    import os

    from moderation.errors import ModerationError
    from moderation.forked_workers import fork_available
    from moderation.report import run

    if not fork_available():
        pytest.skip("fork is not this platform's way to start processes")
    model, _ = small_model
    threads = [t for case in sorted(REPORT_CASES.glob("*.ndjson")) for t in parse_path(case)] * 4
    monkeypatch.setattr(run, "report_batch", lambda model, settings, batch: os._exit(9))
    settings = ReportSettings(thresholds=dict(model.thresholds))
    with pytest.raises(ModerationError, match="worker process died"):
        list(iter_thread_reports(threads, model, settings, jobs=2, batch_comments=5))


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_forked_workers_end_when_their_parent_is_killed():
    """A run killed outright (a CI timeout's SIGKILL) leaves no worker waiting on its queue for ever."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from moderation.forked_workers import fork_available

    if not fork_available():
        pytest.skip("fork is not this platform's way to start processes")
    script = (
        "import os, time\n"
        "from moderation.forked_workers import forked_map\n"
        "def work(batch):\n"
        "    os.write(1, f'{os.getpid()}\\n'.encode())\n"  # one write: print's two (PYTHONUNBUFFERED) interleave
        "    time.sleep(120)\n"
        "for _ in forked_map(work, range(4), 2):\n"
        "    pass\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    workers = [int(run.stdout.readline()) for _ in range(2)]
    run.kill()
    run.wait()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # a failing run must not leave them behind either
        os.kill(pid, signal.SIGKILL)
    assert not left
