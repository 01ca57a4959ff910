"""Writing files safely: atomically (a temporary file beside it, flushed, then renamed
over it, keeping its permissions), and under the file's lock, one writer at a time."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from typing import Iterator

from filelock import FileLock

LOCK_TIMEOUT = 30.0


TEMP_PREFIX = ".actionlog-"  # + the file's name + "-": what a write killed midway leaves


def write_atomic(path: str, text: str | bytes) -> None:
    """Write through a temporary file in the same folder, then rename over the original.

    A link is written through (the file it names changes, the link stays); a read-only
    file is refused (PermissionError), as an editor would, rather than replaced."""
    import tempfile  # here, not above: it costs a read 4 ms (shutil, random, bz2, lzma)

    path = os.path.realpath(path)
    folder, name = os.path.split(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, "the file is read-only", path)
    except FileNotFoundError:
        # a new file gets what open() would give it, not mkstemp's private 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}-", suffix=".tmp", dir=folder)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(path: str, timeout: float | None = None) -> Iterator[None]:
    """Hold `.<name>.lock` beside a file while it is read, changed and written back.

    Waiting longer than `timeout` seconds raises TimeoutError (filelock's Timeout). The
    lock is the system's lock on an open file, so it ends with the process that held it.
    A link's lock is beside the file it names, so writers through any link share it.
    """
    path = os.path.realpath(path)
    folder, name = os.path.split(path)
    with FileLock(os.path.join(folder, f".{name}.lock"),
                  timeout=LOCK_TIMEOUT if timeout is None else timeout):
        # only a holder of the lock writes the file: any temporary file of it is a leftover
        for leftover in leftovers(path):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, leftover))
        yield


def leftovers(path: str) -> list[str]:
    """Temporary files that writes of `path` killed midway left beside it."""
    folder, name = os.path.split(os.path.abspath(path))
    mine = re.compile(re.escape(f"{TEMP_PREFIX}{name}-") + r"[a-z0-9_]+\.tmp")
    try:
        return sorted(n for n in os.listdir(folder) if mine.fullmatch(n))
    except OSError:
        return []


def write_new(path: str, text: str) -> None:
    """Write a file that must not exist yet (FileExistsError if it does), under its lock."""
    with locked(path):
        if os.path.exists(path):
            raise FileExistsError(path)
        write_atomic(path, text)
