"""`moderate score` on several cores: a large input's later batches are scored in forked processes.

The processes are forked once the model is loaded and the input read, so none of them starts Python,
imports scikit-learn or loads the model again. Each part starts at a batch boundary, so every batch
is the one a single process would score, and each child writes its lines to an unlinked temporary
file that the parent copies to the output after its own part: the output is in input order and byte
for byte what one process writes. Linux only (where forking a process that has loaded numpy and
scikit-learn is safe); elsewhere, or for a small input, one process does it all.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import shutil
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable

# Below this many comments a second process does not pay for itself: forking and the child's copies
# of the pages it touches cost tens of milliseconds, and each part must hold at least one batch.
MIN_SPLIT_COMMENTS = 8192


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. under taskset)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def split_points(count: int, processes: int, batch: int) -> list[int]:
    """Where each process's part starts: at batch boundaries, as even in comments as batches allow."""
    batches = -(-count // batch)
    processes = max(1, min(processes, batches))
    starts = {min(batches, round(part * count / processes / batch)) * batch for part in range(processes)}
    return sorted(start for start in starts if start < count)


def write_lines(lines_of: Callable[[int, int], Iterable[str]], count: int, out, processes: int, batch: int) -> None:
    """Write the lines of items [0, count) to `out`, the parts after the first from forked processes.

    `lines_of(start, stop)` gives the lines of items start..stop (each part starts at a batch
    boundary). A child's warnings are shown, and its error raised, by the parent, where they would
    have come in one process."""
    if processes > 1 and count >= MIN_SPLIT_COMMENTS and sys.platform.startswith("linux"):
        starts = split_points(count, min(processes, usable_cores()), batch)
    else:
        starts = [0]
    if len(starts) == 1:
        for line in lines_of(0, count):
            out.write(line)
        return
    bounds = [*starts, count]
    out.flush()
    children: list[_Part] = []
    try:
        gc.freeze()  # the children then leave the parent's objects alone: fewer pages copied on write
        try:
            for low, high in zip(bounds[1:-1], bounds[2:], strict=True):
                children.append(_fork_part(lines_of, low, high, out))
        finally:
            gc.unfreeze()
        for line in lines_of(0, bounds[1]):
            out.write(line)
        for child in children:
            _copy_part(child, out)
    finally:
        for child in children:
            child.stop()


class _Part:
    """A forked child scoring one part: its pid, its lines file and its report file (warnings, error)."""

    def __init__(self, pid: int, lines, report) -> None:
        self.pid, self.lines, self.report, self.done = pid, lines, report, False

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        if not self.done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait()
        self.lines.close()
        self.report.close()


def _fork_part(lines_of, low: int, high: int, out) -> _Part:
    lines_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Part.stop
    report_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Part.stop
    pid = os.fork()
    if pid:
        return _Part(pid, lines_file, report_file)
    status = 1
    try:
        status = _write_part(lines_of, low, high, out, lines_file, report_file)
    finally:  # the child never returns into the parent's code, whatever happened
        os._exit(status)


def _write_part(lines_of, low: int, high: int, out, lines_file, report_file) -> int:
    """The child's work: its lines to `lines_file`, then its warnings and error to `report_file`."""
    error = None
    text = _text_writer(lines_file, out)
    with warnings.catch_warnings(record=True) as caught:  # under the parent's filters
        try:
            for line in lines_of(low, high):
                text.write(line)
        except KeyboardInterrupt:
            return 130
        except BaseException as problem:  # noqa: BLE001 - the parent raises it where one process would
            error = problem
        text.flush()  # the lines written before any error, as one process would have written them
    try:
        report = pickle.dumps(([(w.category, str(w.message)) for w in caught], error))
    except Exception:  # noqa: BLE001 - an error that does not pickle is named instead
        report = pickle.dumps(([], RuntimeError(f"{type(error).__name__}: {error}")))
    report_file.write(report)
    report_file.flush()
    return 0 if error is None else 1


def _text_writer(binary, out):
    """A text stream over `binary` that encodes as `out` does, so the copied bytes are the same."""
    import io

    encoding = getattr(out, "encoding", None) or "utf-8"
    return io.TextIOWrapper(binary, encoding=encoding, errors=getattr(out, "errors", None) or "strict", newline="\n")


def _copy_part(child: _Part, out) -> None:
    """The child's lines after the parent's, then its warnings; its error raised (after the lines it
    wrote before failing, as one process would have written them)."""
    code = child.wait()
    child.lines.seek(0)
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        shutil.copyfileobj(child.lines, buffer)
        buffer.flush()
    else:
        out.write(child.lines.read().decode(getattr(out, "encoding", None) or "utf-8"))
    child.report.seek(0)
    report = child.report.read()
    if not report:
        raise KeyboardInterrupt if code == 130 else RuntimeError(f"a scoring process ended with status {code}")
    caught, error = pickle.loads(report)  # noqa: S301 - written by our own child a moment ago
    for category, message in caught:
        warnings.warn(message, category, stacklevel=2)
    if error is not None:
        raise error
