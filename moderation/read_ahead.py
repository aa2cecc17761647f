"""Read the inputs in a forked child while this process loads the model (Linux).

Loading the model (importing scikit-learn, reading the model file) keeps one core busy for about a
second and reading a large input takes a good part of one more; done one after the other, each
waits for the other. The child reads, the parent loads, and the parent then takes the child's result,
unpickled, as if it had read it itself: the same examples, the same error, and the child's messages
on stderr written at that moment, so they come where reading's messages always came.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

from moderation.errors import ModerationError
from moderation.forked_workers import end_with_parent, fork_available

T = TypeVar("T")

_EXIT_INTERRUPTED = 130  # Ctrl-C reaches the parent too, which says so; the child leaves quietly


class ReadAhead(Generic[T]):
    """`read()` started now in a forked child (or run now, here, where forking is not the platform's
    way); `result()` returns its value or raises its error, as a direct call would."""

    def __init__(self, read: Callable[[], T], *, here: bool = False) -> None:
        """`here`: read now, in this process (the caller knows the reading fails at once)."""
        self._read = read
        self._pid = 0
        self._pipe = -1
        self._done: tuple | None = None
        if fork_available() and not here:
            self._start()
        else:
            self._done = ("value", read(), "")

    def _start(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        reading, writing = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: read, hand the outcome over, leave without running the parent's exit code
            os.close(reading)
            os._exit(_child(self._read, writing, parent))
        os.close(writing)
        self._pid, self._pipe = pid, reading

    def result(self) -> T:
        if self._done is None:
            self._done = self._collect()
        kind, value, said = self._done
        if said:
            sys.stderr.write(said)
            sys.stderr.flush()
            self._done = (kind, value, "")  # said once, however often the result is asked for
        if kind == "error":
            raise value
        return value

    def _collect(self) -> tuple:
        chunks = []
        try:
            with os.fdopen(self._pipe, "rb", closefd=True) as stream:
                self._pipe = -1
                chunks.append(stream.read())
        finally:
            self.close()
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - nothing (the child died) or not the child's whole message
            return ("error", ModerationError("reading the input failed: its process ended early (out of memory?)"), "")

    def close(self) -> None:
        """Stop the child if it is still reading (the parent failed first) and reap it."""
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        if self._pid:
            pid, self._pid = self._pid, 0
            try:
                if os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _child(read: Callable, writing: int, parent: int) -> int:
    """In the child: run `read`, send (kind, value, what it wrote on stderr) and return the exit status."""
    try:
        end_with_parent(parent)
        said = io.StringIO()
        outcome = _outcome(read, said)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            if outcome[0] == "error":
                pickle.loads(payload)  # an exception class whose arguments do not come back unpickles badly
        except Exception as error:  # noqa: BLE001 - an error that cannot be handed over: its line instead
            payload = pickle.dumps(("error", _unpicklable(outcome, error), said.getvalue()))
        with os.fdopen(writing, "wb") as stream:
            stream.write(payload)
        return 0
    except KeyboardInterrupt:
        return _EXIT_INTERRUPTED
    except BaseException:  # noqa: BLE001 - the parent gets nothing and says the reading failed
        return 1


def _outcome(read: Callable, said: io.StringIO) -> tuple:
    """("value", what read returned) or ("error", what it raised), and what it wrote on stderr."""
    stderr, sys.stderr = sys.stderr, said
    try:
        return ("value", read(), said.getvalue())
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # noqa: BLE001 - raised again in the parent, as a direct call would
        return ("error", error, said.getvalue())
    finally:
        sys.stderr = stderr


def _unpicklable(outcome: tuple, error: Exception) -> Exception:
    kind, value, _ = outcome
    if kind == "error":
        return ModerationError(str(value)) if isinstance(value, ModerationError) else RuntimeError(str(value))
    return RuntimeError(f"the input read could not be handed over ({type(error).__name__}: {error})")
