"""Files the toolkit writes: whole or not at all, and never over (or inside) what the run reads.

Every `-o` file is written to a hidden temporary file beside it and renamed over the target only
once the writer has finished, so an interrupted run (Ctrl-C, a full disk, a crash) leaves the
previous file untouched and no partial one that looks whole. An output that is one of the run's
inputs, or lies inside a folder the run reads, is refused before anything is read or written: the
first would destroy the dump, the second would be read back as input on the next run.

A target that exists and is no regular file (/dev/null, /dev/full, /dev/stdout, a FIFO) is written
straight into: renaming a file over it would put that file in place of the device (as root, for every
program after). A link is written through, so the link stays and its target is replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from moderation.errors import ModerationError
from moderation.standard_streams import is_dash


def check_output_path(output: str | Path, inputs: Iterable[str | Path], *, stream_ok: bool = True) -> None:
    """ModerationError, before anything is read, when `output` cannot be written (a folder, no such folder, no
    permission), is one of `inputs` (the same file, by inode) or lies inside an input folder. `stream_ok`
    False: a device or a pipe is refused too (files a later run reads back, such as a model)."""
    try:
        _check_output_path(Path(output), inputs, stream_ok)
    except OSError as error:  # a folder on the way the user may not search (-o /root/x as another user)
        raise ModerationError(f"cannot write {output}: {error.strerror or error}") from None


def _check_output_path(target: Path, inputs: Iterable[str | Path], stream_ok: bool) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ModerationError(f"cannot write {target}: it is a folder")
    if is_stream(target):
        if not stream_ok:
            raise ModerationError(f"cannot write {target}: not a regular file (a device or a pipe); name a file")
        return
    resolved = target.resolve()
    for given in inputs:
        if is_dash(given):
            continue
        source = Path(given)
        if source.is_dir():
            if resolved.is_relative_to(source.resolve()):
                raise ModerationError(
                    f"{target}: the output lies inside {source}, a folder this run reads; "
                    "the next run would read it back as input: write it elsewhere"
                )
        elif _same_file(target, source):
            raise ModerationError(f"{target}: the output is also an input of this run; refused before reading it")
    if not folder.is_dir():
        raise ModerationError(f"cannot write {target}: no folder {folder}")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ModerationError(f"cannot write {target}: permission denied")


def is_stream(target: str | Path) -> bool:
    """An existing target that is no regular file and no folder: a device, a FIFO, a socket, /dev/stdout."""
    try:
        mode = os.stat(target).st_mode  # through links: /dev/stdout is one
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _through_link(target: Path) -> Path:
    """The file a link names (renamed over in its own folder, the link kept); the target itself otherwise."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


@contextlib.contextmanager
def staged_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed over it when the block ends without an exception.

    On any exception (KeyboardInterrupt included) the temporary file is removed and `target` keeps
    its previous content. OSError on the way becomes one ModerationError naming the target.
    """
    target = Path(target)
    if is_stream(target):
        raise ModerationError(f"cannot write {target}: not a regular file (a device or a pipe); name a file")
    target = _through_link(target)
    try:
        handle, name = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".partial")
    except OSError as error:
        raise ModerationError(f"cannot write {target}: {error.strerror or error}") from None
    os.close(handle)
    staged = Path(name)
    try:
        yield staged
        replace_all([(staged, target)])
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()


@contextlib.contextmanager
def atomic_text_output(target: str | Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream whose content replaces `target` whole, only if the block succeeds (a device
    or a pipe is written straight into: there is nothing to replace)."""
    if is_stream(target):
        try:
            with open(target, "w", encoding="utf-8", newline="") as stream:
                yield stream
        except BrokenPipeError:
            raise  # its reader went away (-o /dev/stdout | head): the command's quiet end, not a failure
        except OSError as error:
            raise ModerationError(f"cannot write {target}: {error.strerror or error}") from None
        return
    with staged_path(target) as staged:
        try:
            with open(staged, "w", encoding="utf-8", newline="") as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            raise ModerationError(f"cannot write {target}: {error.strerror or error}") from None


@contextlib.contextmanager
def staged_folder(target_folder: str | Path) -> Iterator[Path]:
    """A hidden temporary folder inside `target_folder` for files written together (a model and its
    manifest and card); whatever is still in it when the block ends, normally or not, is removed."""
    try:
        scratch = tempfile.mkdtemp(dir=target_folder, prefix=".staged-", suffix=".partial")
    except OSError as error:
        raise ModerationError(f"cannot write in {target_folder}: {error.strerror or error}") from None
    try:
        yield Path(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def replace_all(staged_to_target: Iterable[tuple[Path, Path]]) -> None:
    """Rename several staged files over their targets, in the order given (the one that matters most last)."""
    for staged, target in staged_to_target:
        if is_stream(target):  # checked before the work began; a device put there since is still never replaced
            raise ModerationError(f"cannot write {target}: not a regular file (a device or a pipe); name a file")
        target = _through_link(target)
        _match_new_file_mode(staged)
        try:
            os.replace(staged, target)
        except OSError as error:
            raise ModerationError(f"cannot write {target}: {error.strerror or error}") from None


def _match_new_file_mode(path: Path) -> None:
    """mkstemp makes 0600 files; give the result the mode open() would have (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~umask)
