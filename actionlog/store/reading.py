"""Reading many meeting files: each through store/load.py, in worker processes when there
are many, with a progress bar on a terminal once it has taken over a second."""

from __future__ import annotations

import gc
import hashlib
import marshal
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from actionlog.core.model import Meeting
from actionlog.core.problems import Problem
from actionlog.store import codec
from actionlog.store.load import load_file
from actionlog.store.paths import MISSING, Stat, stat

PARALLEL_FROM = 200  # from this many files, worker processes pay for their start-up
# a file changed this recently may change again within one tick of a coarse clock with the
# same size: its content digest is kept too, and checked
RACY_NS = 2_000_000_000


@dataclass(slots=True)
class Row:
    path: str
    stat: Stat
    digest: str | None  # only for a file changed moments before it was read
    meeting: Meeting | None
    encoded: bytes | None  # the meeting, as the cache keeps it
    problems: list[Problem]


def read(root: Path, files: list[tuple[str, Stat]], started_ns: int) -> Iterator[Row]:
    """Each file as a Row, in no particular order."""
    if not files:
        return
    progress = _Progress(len(files))
    try:
        workers = _workers(len(files))
        if workers <= 1:  # here: the records are used as built, never encoded and decoded
            for rel, st in files:
                yield _read_one(root, rel, st, started_ns)
                progress.advance(1)
            return
        from actionlog.store import schema  # noqa: F401 - loaded once, before the fork

        stats = dict(files)
        size = max(8, min(64, len(files) // (workers * 8)))
        tasks = [(str(root), [rel for rel, _s in files[i:i + size]], started_ns)
                 for i in range(0, len(files), size)]
        # the collector is off while the store reads (cachefile.no_gc); a worker reads
        # thousands of files, and each file's reader is a cycle: on again there
        with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:
            for blob in pool.imap_unordered(_read_chunk, tasks):
                rows = marshal.loads(blob)
                for rel, found, encoded, problems in rows:
                    meeting = codec.loads(encoded) if encoded is not None else None
                    yield Row(rel, stats[rel], found, meeting, encoded, codec.loads(problems))
                progress.advance(len(rows))
    finally:
        progress.stop()


def digest(path: Path) -> str | None:
    """The file's content, in 16 bytes (None when it cannot be read)."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def _read_one(root: Path, rel: str, st: Stat, started_ns: int) -> Row:
    """One file read and checked; its content digest kept only if it changed moments ago."""
    racy = st.mtime_ns >= started_ns - RACY_NS
    meeting, problems = load_file(root, rel)
    return Row(rel, st, digest(root / rel) if racy else None, meeting,
               codec.dumps(meeting) if meeting is not None else None, problems)


def _read_chunk(args: tuple[str, list[str], int]) -> bytes:
    """In a worker process: some files read and checked, the results encoded."""
    root, rels, started_ns = args
    out = []
    for rel in rels:
        st = stat(Path(root) / rel) or MISSING
        row = _read_one(Path(root), rel, st, started_ns)
        out.append((rel, row.digest, row.encoded, codec.dumps(row.problems)))
    return marshal.dumps(out)


def _workers(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    # where processes are spawned, not forked (Windows), each worker would start the
    # command again: read in this process instead
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, 8)


class _Progress:
    """A rich progress bar on stderr: only on a terminal, once the work takes over a second."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.bar, self.task = total, 0, None, None
        self.started = time.monotonic()
        self.wanted = total >= 50 and sys.stderr.isatty()

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is None and self.wanted and time.monotonic() - self.started > 1.0:
            from rich.console import Console  # only on a terminal, only when slow
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading meeting files", total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
