"""stdout into a pipe, written whole or not at all.

CPython 3.11's BufferedWriter returns a short count when a large write into a pipe is cut by the
reader going away (`moderate report | head -1`: 64 KiB of a 1 MB write taken, then SIGPIPE), and
TextIOWrapper drops the rest without a word: the command ran on and exited 0 having lost most of its
output. Under stdout in a pipe lies a raw writer that writes until every byte is taken, so the next
write meets the closed pipe and raises BrokenPipeError, which `moderate` ends on (cli.EXIT_PIPE_CLOSED).
"""

from __future__ import annotations

import io
import os
import stat
import sys

# Bytes gathered before each write into the pipe: the pipe's own capacity on Linux (fewer system calls
# for the many short lines `parse` writes than io's 8 KiB default).
PIPE_BUFFER_BYTES = 64 * 1024


class WholeWrites(io.RawIOBase):
    """A file descriptor whose write() returns only once all of its bytes are written (or raises)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        while view:
            view = view[os.write(self._fd, view) :]
        return len(data) if isinstance(data, bytes | bytearray) else memoryview(data).nbytes


def write_stdout_whole() -> None:
    """Put WholeWrites under sys.stdout when it is a pipe (a FIFO); any other stdout is left as it is."""
    try:
        fd = sys.stdout.fileno()
        is_pipe = stat.S_ISFIFO(os.fstat(fd).st_mode)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):  # no descriptor (a test's buffer)
        return
    if not is_pipe:
        return
    stdout = sys.stdout
    stdout.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(WholeWrites(fd), buffer_size=PIPE_BUFFER_BYTES),
        encoding=stdout.encoding,
        errors=stdout.errors,
        line_buffering=stdout.line_buffering,
    )
