"""Worker processes forked after the model is loaded (Linux): they share the parent's model and
imports, so no worker pays the start-up again (importing scikit-learn and loading the model cost each
joblib/loky worker about as much as scoring 3,000 comments).

Batches go out in order with a few in flight per worker, so the parent reads and renders the next
threads while the workers score, and at most that many batches of parsed threads are held at once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from moderation.errors import ModerationError

# Batches sent ahead per worker: one being scored and one waiting, so no worker waits on the parent;
# more would only hold more parsed threads in memory.
IN_FLIGHT_PER_WORKER = 2

# How long an error waits for the terminated workers to be reaped before it reaches the caller; a
# terminated worker is gone in milliseconds, so this bounds only a wedged pool.
REAPER_WAIT_SECONDS = 30

_work: Callable | None = None


def fork_available() -> bool:
    """Fork only where it is the platform's own way (Linux): macOS lists it but its system libraries are
    not fork-safe, and Windows has none. Elsewhere the run uses joblib's workers, which load the model."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. under taskset), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def forked_map(work: Callable, batches: Iterable, jobs: int) -> Iterator:
    """`work(batch)` for each batch, results in input order, on `jobs` processes forked from this one."""
    executor = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=_adopt, initargs=(work, jobs, os.getpid())
    )
    pending: deque[Future] = deque()
    forked = finished = False
    try:
        for batch in batches:
            if forked:
                pending.append(executor.submit(_run, batch))
            else:
                # The first submit forks the workers: freezing the parent's objects keeps them out of the
                # children's garbage collections, which would otherwise copy every page they touch.
                gc.freeze()
                try:
                    pending.append(executor.submit(_run, batch))
                finally:
                    gc.unfreeze()
                forked = True
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise ModerationError("a worker process died (out of memory?); try --jobs 1") from None
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # an error or Ctrl-C: stop the workers now rather than after their current batch
            processes = list((getattr(executor, "_processes", None) or {}).values())
            reaper = getattr(executor, "_executor_manager_thread", None)
            executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            # The pool's own thread reaps the workers: waiting for it means none is left behind when the
            # error reaches the caller (joining them here instead would race it for their exit status).
            if reaper is not None:
                reaper.join(REAPER_WAIT_SECONDS)


def _adopt(work: Callable, jobs: int, parent: int) -> None:
    """In each worker: keep the work (inherited, never pickled), leave Ctrl-C to the parent, end with
    the parent, and share the cores' BLAS/OpenMP threads among the workers as joblib's workers do."""
    global _work
    _work = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)
    from threadpoolctl import threadpool_limits

    threadpool_limits(max(1, usable_cores() // jobs))


def end_with_parent(parent: int) -> None:
    """A parent killed outright (SIGTERM, SIGKILL: a CI timeout) cannot stop its workers, and an idle
    worker would wait on its queue for ever: the kernel ends it when the parent goes (Linux's
    PR_SET_PDEATHSIG), and a parent already gone before that was set ends it here."""
    import ctypes

    set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


def _run(batch):
    return _work(batch)
