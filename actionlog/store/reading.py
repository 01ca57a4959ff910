"""Reading many meeting files: each through store/load.py, in worker processes when there
are many, with a progress bar on a terminal once it has taken over a second."""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from actionlog.core.model import Meeting
from actionlog.core.problems import Problem
from actionlog.store import codec
from actionlog.store.load import load_file
from actionlog.store.paths import Stat

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
    stats = dict(files)
    try:
        workers = _workers(len(files))
        if workers <= 1:
            chunks: Any = (_read_chunk((str(root), [rel], started_ns)) for rel, _s in files)
        else:
            from actionlog.store import schema  # noqa: F401 - loaded once, before the fork

            pool = multiprocessing.get_context("fork").Pool(workers)
            size = max(8, min(64, len(files) // (workers * 8)))
            tasks = [(str(root), [rel for rel, _s in files[i:i + size]], started_ns)
                     for i in range(0, len(files), size)]
            chunks = pool.imap_unordered(_read_chunk, tasks)
        for blob in chunks:
            rows = marshal.loads(blob)
            for rel, digest, encoded, problems in rows:
                meeting = codec.loads(encoded) if encoded is not None else None
                yield Row(rel, stats[rel], digest, meeting, encoded, codec.loads(problems))
            progress.advance(len(rows))
        if workers > 1:
            pool.close()
            pool.join()
    finally:
        progress.stop()


def _read_chunk(args: tuple[str, list[str], int]) -> bytes:
    """Some files read and checked (in a worker process, or here); the results encoded."""
    root, rels, started_ns = args
    out = []
    for rel in rels:
        path = Path(root) / rel
        digest = None
        try:
            if os.stat(path).st_mtime_ns >= started_ns - RACY_NS:
                digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        except OSError:
            pass
        meeting, problems = load_file(Path(root), rel)
        out.append((rel, digest, codec.dumps(meeting) if meeting is not None else None,
                    codec.dumps(problems)))
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
