"""The cache's file: where it lives, how it is opened (WAL, so two commands can read while
one writes), when it is trusted (the version key), and how it is thrown away. Used by the
store (cache.py) alone."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from actionlog import __version__
from actionlog.store import codec

FOLDER = ".actionlog-cache"
FILE = "cache.sqlite"
ENV_NO_CACHE = "ACTIONLOG_NO_CACHE"


def trace(message: str) -> None:
    if os.environ.get("ACTIONLOG_CACHE_TRACE"):
        print(f"cache: {message}", file=sys.stderr)


def enabled() -> bool:
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() in ("", "0", "false", "no", "off")


def version_key() -> str:
    """The tool's version, the Python, the records' shape, and the size and mtime of the code
    that decides what is cached (so a checkout being edited never reads a stale cache)."""
    here = Path(__file__).resolve().parent.parent
    stamps = []
    for folder in ("core", "store"):
        for path in sorted((here / folder).glob("*.py")):
            st = path.stat()
            stamps.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return (f"{__version__}|{sys.version_info[0]}.{sys.version_info[1]}|{codec.SHAPE}|"
            f"{','.join(stamps)}")


@contextmanager
def no_gc() -> Iterator[None]:
    """Building many objects that hold no cycles: the cyclic collector would only rescan
    them, again and again (it doubles the time of a cold read)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def connect(where: str) -> sqlite3.Connection:
    db = sqlite3.connect(where, timeout=30, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")
    if where != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


def writable(folder: Path) -> bool:
    try:
        if not folder.is_dir():
            folder.mkdir()
            # backup tools skip a tagged folder; git ignores it even without a .gitignore
            (folder / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# the actionlog cache: safe to delete, rebuilt when needed\n")
            (folder / ".gitignore").write_text("*\n")
        return os.access(folder, os.W_OK)
    except OSError:
        return False


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass


def forget_old_format(folder: Path) -> None:
    """The files an earlier version kept here (an index and one file per group)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name == "index" or name.startswith(("g-", ".tmp-")):
            try:
                os.unlink(folder / name)
            except OSError:
                pass
