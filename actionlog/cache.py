"""The cache of parsed meetings, kept in the workspace's `.actionlog-cache/` folder.

A meeting file is read, parsed and checked once; after that commands use what the cache
holds until the file's size or modification time changes (or the tool's version), and
then only that file is read again. What the cache holds:

- `index`: every meeting file's key (size, mtime_ns) and the problems found in it; the
  roster; and for each *group* (the series whose meetings refer to one another: usually
  one series alone) the open actions of its ledger and, once `validate` has asked, the
  problems `checks.run` finds in it. Every command reads it; `outstanding` reads nothing
  else.
- one file per group, `g-<signature>`: its meetings, read only by a command that needs
  them (`show`, `validate` after a change, anything that walks every meeting).

When a file changes, only the ledger of its group is folded again. Both kinds of file are
marshal'ed containers whose records are pickles, read back by an unpickler that builds
only the tool's own records and dates: loading them runs no other code and needs neither
pydantic nor ruamel. Each file starts with a magic string and a CRC; anything damaged,
truncated, from another version or another Python is discarded and rebuilt, never
trusted. Writes go
through a temporary file and os.replace; a folder that cannot be written means no cache,
silently. ACTIONLOG_NO_CACHE=1 turns the cache off; ACTIONLOG_CACHE_TRACE=1 says on stderr
what it did.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import io
import marshal
import os
import pickle
import sys
import time
import zlib
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from actionlog.ledger import Ledger
from actionlog.workspace import ROSTER, Workspace, load_file, meeting_id, scan

CACHE_DIR = ".actionlog-cache"
ENV_NO_CACHE = "ACTIONLOG_NO_CACHE"
INDEX = "index"
GLOBAL = "*"  # the group of every series, when a reference dangles (see _groups)
_MAGIC = b"actionlog-cache\x01"
# a file changed this recently may change again within one tick of a coarse clock with
# the same size: its content digest is kept too, and checked
_RACY_NS = 2_000_000_000
# from this many files to parse, worker processes pay for their start-up
PARALLEL_FROM = 200
# the source files whose code decides what is cached; editing one invalidates the cache
_SOURCES = ("cache", "checks", "fastpath", "ledger", "model", "owners", "problems", "schema",
            "workspace", "yamlio")
_DAMAGED = (EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError,
            OverflowError, pickle.UnpicklingError)


def _trace(message: str) -> None:
    # ACTIONLOG_CACHE_TRACE=1: say on stderr what the cache did and why
    if os.environ.get("ACTIONLOG_CACHE_TRACE"):
        print(f"cache: {message}", file=sys.stderr)


def enabled() -> bool:
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() in ("", "0", "false", "no", "off")


@contextmanager
def no_gc() -> Iterator[None]:
    """Building many objects that hold no cycles: the cyclic collector would only rescan
    them, again and again (it doubles the time of a cold load)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ---------------------------------------------------------------- the codec


class _Unpickler(pickle.Unpickler):
    """Builds only the tool's own records and dates: a pickle that names anything else
    (and so could run code) is refused, as damage is."""

    allowed: frozenset = frozenset()

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


class Codec:
    """Records <-> bytes: pickle (protocol 5), read back by an unpickler that builds only
    these classes. Measured against marshal'ed tuples rebuilt into records, it reads
    6,000 meetings twice as fast (see benchmarks/RESULTS.md)."""

    def __init__(self, classes: tuple[type, ...]) -> None:
        self.classes = classes
        shape = []
        for cls in classes:
            names = [f.name for f in dataclasses.fields(cls)]
            shape.append(f"{cls.__module__}.{cls.__qualname__}({','.join(names)})")
        # a record whose fields changed must not be read into the new shape
        self.key = ";".join(shape)
        allowed = {(cls.__module__, cls.__qualname__) for cls in classes}
        self.unpickler = type("Unpickler", (_Unpickler,),
                              {"allowed": frozenset(allowed | {("datetime", "date")})})

    def encode(self, value: Any) -> bytes:
        return pickle.dumps(value, protocol=5)

    def decode(self, data: bytes) -> Any:
        if type(data) is not bytes:
            raise ValueError("not a pickle")
        return self.unpickler(io.BytesIO(data)).load()


_codec: Codec | None = None


def codec() -> Codec:
    global _codec
    if _codec is None:
        from actionlog import ledger, model, owners, problems

        _codec = Codec((model.Meeting, model.Item, model.Action, model.Review, model.Person,
                        ledger.Entry, ledger.Event, owners.Owner, owners.RosterEntry,
                        problems.Problem))
    return _codec


def version_key() -> str:
    """The tool's version, the Python that wrote the cache, the shape of the records, and
    the size and mtime of the code that decides what is cached (a checkout being edited)."""
    from actionlog import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for name in _SOURCES:
        try:
            st = os.stat(os.path.join(here, f"{name}.py"))
            stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append("-")
    return (f"{__version__}|{sys.version_info[0]}.{sys.version_info[1]}|{marshal.version}|"
            f"{codec().key}|{','.join(stamps)}")


# ---------------------------------------------------------------- files on disk


def _read(path: Path) -> Any | None:
    """A cache file's payload, or None when it is missing or not exactly what was written."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    if len(raw) < head or not raw.startswith(_MAGIC):
        return None
    body = memoryview(raw)[head:]
    if zlib.crc32(body) != int.from_bytes(raw[len(_MAGIC):head], "big"):
        return None
    try:
        return marshal.loads(body)
    except _DAMAGED:
        return None


def _write(folder: Path, name: str, payload: Any) -> bool:
    """Write atomically (a temporary file, then os.replace); False when it cannot be."""
    tmp = None
    try:
        body = marshal.dumps(payload)
        if not folder.is_dir():
            folder.mkdir(exist_ok=True)
            # backup tools skip a tagged folder; git ignores it even without .gitignore
            (folder / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# the actionlog cache: safe to delete, rebuilt when needed\n")
            (folder / ".gitignore").write_text("*\n")
        tmp = folder / f".tmp-{os.getpid()}-{time.monotonic_ns()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + zlib.crc32(body).to_bytes(4, "big"))
            handle.write(body)
        os.replace(tmp, folder / name)
        return True
    except (OSError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


def _digest(path: Path) -> str | None:
    import hashlib

    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


# ---------------------------------------------------------------- the index


def _key(path: Path, started_ns: int) -> tuple | None:
    """(size, mtime_ns, digest): the digest only for a file changed moments ago."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    racy = st.st_mtime_ns >= started_ns - _RACY_NS
    return (st.st_size, st.st_mtime_ns, _digest(path) if racy else None)


def _same(old: Any, size: int, mtime: int, path: Path) -> bool:
    """Whether a cached key still describes the file."""
    return (old is not None and size >= 0 and old[0] == size and old[1] == mtime and
            (old[2] is None or old[2] == _digest(path)))


class FileRecord:
    # plain classes here: a dataclass costs a millisecond to define, on every command
    __slots__ = ("size", "mtime", "digest", "series", "group", "problems", "day", "status")

    def __init__(self, size: int, mtime: int, digest: str | None, series: str | None,
                 group: str | None, problems: list | None, day: int = 0,
                 status: str | None = None) -> None:
        self.size, self.mtime = size, mtime
        self.digest = digest  # only for a file changed moments before it was read
        self.series = series  # None: the file has problems and no meeting
        self.group = group
        self.problems = problems  # decoded; None for none
        self.day, self.status = day, status  # the meeting's date (an ordinal) and status


class Group:
    __slots__ = ("signature", "blob", "open", "latest", "checks", "encoded")

    def __init__(self, signature: str, blob: str, open: list, latest: int, checks: dict,
                 encoded: Any = None) -> None:
        # of its files' keys, the roster and the version; its file repeats it
        self.signature, self.blob = signature, blob
        self.open = open  # the open entries, decoded, in fold order
        self.latest = latest  # ordinal of its latest meeting
        self.checks = checks  # {strict: problems}, filled in when `validate` asks
        self.encoded = encoded  # `open` as read, to be written back as it was


class Blob:
    """A group's file: its meetings, in date order, decoded when first asked for; and the
    entries of their ledger, folded again when asked for (quicker to fold 120 meetings
    than to write and read a thousand entries each time a file changes)."""

    def __init__(self, encoded: list, meetings: list | None = None,
                 entries: list | None = None) -> None:
        self.encoded_meetings, self._meetings, self._entries = encoded, meetings, entries

    def meetings(self, roster: list | None = None) -> list:
        if self._meetings is None:
            decode = codec().decode
            with no_gc():
                self._meetings = [decode(m) for m in self.encoded_meetings]
        return self._meetings

    def entries(self, roster: list) -> list:
        if self._entries is None:
            self._entries = list(build_group(self.meetings(), roster).book.entries.values())
        return self._entries


class Store:
    """The cache of one workspace, as read from disk and brought up to date."""

    def __init__(self, root: Path, version: str) -> None:
        self.root = root
        self.folder = root / CACHE_DIR
        self.version = version
        self.roster_key: tuple | None = None
        self.roster: list = []
        self.roster_problems: list = []
        self.files: dict[str, FileRecord] = {}
        self.groups: dict[str, Group] = {}
        self.dirty = False
        self._blobs: dict[str, Blob] = {}

    # -- reading and writing

    @classmethod
    def read(cls, root: Path, version: str) -> "Store":
        store = cls(root, version)
        payload = _read(store.folder / INDEX)
        if payload is None:
            _trace("no index, or a damaged one")
            return store
        c = codec()
        try:
            if payload[0] != version:
                _trace(f"index of another version: {str(payload[0])[:200]}")
                return store
            _version, roster_key, roster, roster_problems, files, groups = payload
            with no_gc():
                store.roster_key = tuple(roster_key) if roster_key is not None else None
                store.roster = c.decode(roster)
                store.roster_problems = c.decode(roster_problems)
                store.files = {rel: FileRecord(size, mtime, digest, series, group,
                                               c.decode(p) if p is not None else None, day,
                                               status)
                               for rel, (size, mtime, digest, series, group, p, day, status)
                               in files.items()}
                store.groups = {name: Group(sig, blob, c.decode(open_), latest,
                                            {k: c.decode(v) for k, v in checks.items()}, open_)
                                for name, (sig, blob, open_, latest, checks) in groups.items()}
        except _DAMAGED:
            _trace("index cannot be decoded")
            return cls(root, version)
        return store

    def save(self) -> None:
        c = codec()
        payload = (self.version, self.roster_key, c.encode(self.roster),
                   c.encode(self.roster_problems),
                   {rel: (r.size, r.mtime, r.digest, r.series, r.group,
                          c.encode(r.problems) if r.problems else None, r.day, r.status)
                    for rel, r in self.files.items()},
                   {name: (g.signature, g.blob,
                           g.encoded if g.encoded is not None else c.encode(g.open), g.latest,
                           {k: c.encode(v) for k, v in g.checks.items()})
                    for name, g in self.groups.items()})
        if _write(self.folder, INDEX, payload):
            self._prune()
        self.dirty = False

    def _prune(self) -> None:
        """Remove group files the index no longer names, and old temporary files."""
        keep = {g.blob for g in self.groups.values()}
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        old = time.time() - 3600
        for name in names:
            path = self.folder / name
            try:
                if ((name.startswith("g-") and name not in keep) or
                        (name.startswith(".tmp-") and path.stat().st_mtime < old)):
                    path.unlink()
            except OSError:
                pass

    # -- what commands ask for

    def file_problems(self) -> list:
        """The problems of every file that could not be loaded, in file order; the roster's."""
        out = []
        for rel in sorted(self.files):
            rec = self.files[rel]
            if rec.problems:
                out.extend(rec.problems)
        return out + self.roster_problems

    def latest(self) -> date | None:
        days = [g.latest for g in self.groups.values() if g.latest]
        return date.fromordinal(max(days)) if days else None

    def open_entries(self) -> list:
        out = [e for name in sorted(self.groups) for e in self.groups[name].open]
        # each group is in fold order already, and the sort is stable
        out.sort(key=lambda e: (e.meeting_date, e.meeting_id))
        return out

    def entries(self, group: str | None = None) -> dict:
        """The ledger's entries, of one group or of all, in fold order."""
        out = []
        for name in [group] if group is not None else sorted(self.groups):
            out.extend(self._part(name, Blob.entries))
        out.sort(key=lambda e: (e.meeting_date, e.meeting_id))
        found: dict = {}
        for e in out:
            found.setdefault(e.ref, e)
        return found

    def latest_file(self, statuses: tuple[str, ...], series: str | None = None) -> str | None:
        """The file of the latest meeting (by date, then id) with one of these statuses."""
        found = max(((r.day, meeting_id(rel), rel) for rel, r in self.files.items()
                     if r.status in statuses and (series is None or r.series == series)),
                    default=None)
        return found[2] if found else None

    def group_of_meeting(self, meeting: str) -> str | None:
        rec = self.files.get(f"meetings/{meeting}.yaml")
        return rec.group if rec is not None else None

    def group_of_series(self) -> dict[str, str]:
        if GLOBAL in self.groups:
            return {r.series: GLOBAL for r in self.files.values() if r.series}
        return {s: name for name in self.groups for s in name.split("\n")}

    def meetings(self, group: str | None = None) -> list:
        out = []
        for name in [group] if group is not None else sorted(self.groups):
            out.extend(self._part(name, Blob.meetings))
        out.sort(key=lambda m: (m.date, m.id))
        return out

    def checks(self, strict: bool) -> list:
        """The cross-file problems of every group; worked out now for groups that lack them."""
        from actionlog import checks

        missing = [name for name in sorted(self.groups) if strict not in self.groups[name].checks
                   and name not in self._blobs]
        workers = _workers(sum(1 for r in self.files.values() if r.group in missing))
        if workers > 1 and len(missing) > 1:
            c = codec()
            roster = c.encode(self.roster)
            tasks = [(str(self.folder), name, self.groups[name].blob,
                      self.groups[name].signature, roster, strict) for name in missing]
            with _pool(workers) as pool:
                for blob in pool.imap_unordered(_checks_chunk, tasks):
                    name, found = marshal.loads(blob)
                    if found is not None:
                        self.groups[name].checks[strict] = c.decode(found)
                        self.dirty = True
        out = []
        for name in sorted(self.groups):
            group = self.groups[name]
            if strict not in group.checks:
                meetings = self.meetings(name)
                sub = Workspace(self.root, meetings=meetings, problems=[],
                                roster=list(self.roster), files=[m.path for m in meetings])
                with no_gc():
                    group.checks[strict] = checks.run(sub, strict=strict)
                self.dirty = True
            out.extend(group.checks[strict])
        return out

    def _part(self, name: str, part: Any) -> list:
        """Blob.meetings or Blob.entries of a group; a file that cannot be decoded is
        rebuilt from the meeting files."""
        try:
            return part(self._blob(name), self.roster)
        except _DAMAGED:
            self._blobs[name] = self._rebuild_blob(name)
            return part(self._blobs[name], self.roster)

    def _blob(self, name: str) -> Blob:
        """A group's meetings and entries: from its file, or rebuilt if that is bad."""
        if name not in self._blobs:
            found = self._read_blob(name)
            if found is None:
                found = self._rebuild_blob(name)
            self._blobs[name] = found
        return self._blobs[name]

    def _read_blob(self, name: str) -> Blob | None:
        group = self.groups[name]
        payload = _read(self.folder / group.blob)
        try:
            if payload is None or payload[0] != group.signature:
                return None
            return Blob(list(payload[1]))
        except _DAMAGED:
            return None

    def _rebuild_blob(self, name: str) -> Blob:
        """The group's file was lost or damaged: read its meeting files again."""
        rels = sorted(rel for rel, r in self.files.items() if r.group == name)
        parsed = parse(self.root, rels)
        meetings = [m for _enc, m, _p in parsed.values() if m is not None]
        encoded = {rel: enc for rel, (enc, _m, _p) in parsed.items() if enc is not None}
        built = build_group(meetings, self.roster)
        write_group(self, name, built, encoded)
        return self._blobs[name]


# ---------------------------------------------------------------- parsing files


def _meta(m: Any) -> tuple:
    """What grouping needs of a meeting: its series, whether cancelled, the numbers of the
    actions it raises, the references it reviews; and what the index keeps: its date (an
    ordinal) and status."""
    return (m.series, m.cancelled, tuple(str(a.number) for a, _i, _r in m.raised_actions()),
            tuple(r.ref for r, _i in m.reviews() if r.ref is not None), m.date.toordinal(),
            m.status)


def _parse_rows(root: str, rels: list[str]) -> list[tuple]:
    """(rel, encoded meeting or None, encoded problems, meta or None) for each file."""
    c = codec()
    out = []
    with no_gc():
        for rel in rels:
            meeting, problems = load_file(Path(root), rel)
            out.append((rel, c.encode(meeting) if meeting is not None else None,
                        c.encode(problems), _meta(meeting) if meeting is not None else None))
    return out


def _parse_chunk(args: tuple[str, list[str]]) -> bytes:
    """In a worker process. The records go back encoded, in one marshal'ed list."""
    return marshal.dumps(_parse_rows(*args))


def _workers(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    import multiprocessing

    # where processes are spawned, not forked (Windows), each worker would start the
    # command again from `python -m actionlog`: read in this process instead
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, 8)


def _pool(workers: int):
    import multiprocessing

    # the reader is loaded once, before the workers are forked (the schema only if a file
    # is not certainly valid: see fastpath)
    from actionlog import fastpath, yamlio  # noqa: F401

    return multiprocessing.get_context("fork").Pool(workers)


def _chunks(root: Path, rels: list[str], workers: int) -> list[tuple[str, list[str]]]:
    size = max(8, min(64, len(rels) // (workers * 8)))
    return [(str(root), rels[i:i + size]) for i in range(0, len(rels), size)]


def parse(root: Path, rels: list[str]) -> dict[str, tuple[Any, Any, list]]:
    """rel -> (encoded meeting or None, meeting or None, problems): in worker processes when
    there are many, with a progress bar on a terminal once it has taken over a second."""
    out: dict[str, tuple[Any, Any, list]] = {}
    if not rels:
        return out
    c = codec()
    progress = _Progress(len(rels))

    def take(rows: list[tuple]) -> None:
        with no_gc():
            for rel, enc, problems, _meta in rows:
                out[rel] = (enc, c.decode(enc) if enc is not None else None, c.decode(problems))
        progress.advance(len(rows))

    try:
        workers = _workers(len(rels))
        if workers <= 1:
            for rel in rels:
                take(_parse_rows(str(root), [rel]))
            return out
        with _pool(workers) as pool:
            for blob in pool.imap_unordered(_parse_chunk, _chunks(root, rels, workers)):
                take(marshal.loads(blob))
        return out
    finally:
        progress.stop()


class _Progress:
    """A rich progress bar on stderr: only on a terminal, and only once the work has taken
    more than a second."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.bar, self.task = total, 0, None, None
        self.started = time.monotonic()
        self.wanted = total >= 50 and sys.stderr.isatty()

    def advance(self, n: int) -> None:
        self.done += n
        if self.bar is None and self.wanted and time.monotonic() - self.started > 1.0:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading meeting files", total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# ---------------------------------------------------------------- groups and ledgers


class Built:
    def __init__(self, meetings: list, book: Any, dangling: bool) -> None:
        self.meetings = meetings  # in date order
        self.book = book  # ledger.Ledger
        self.dangling = dangling  # a review names an action none of these meetings raised


def build_group(meetings: list, roster: list) -> Built:
    from actionlog import ledger

    meetings = sorted(meetings, key=lambda m: (m.date, m.id))
    with no_gc():
        book, _problems, unknown = ledger.fold(meetings, roster)
    return Built(meetings, book, bool(unknown))


def _signature(version: str, roster_key: Any, keys: list[tuple[str, int, int]]) -> str:
    """Of a group: its files' keys, the roster's and the version. Its file repeats it."""
    import hashlib

    stamp = hashlib.blake2b(digest_size=16)
    stamp.update(f"{version}\n{roster_key}\n".encode())
    for rel, size, mtime in sorted(keys):
        stamp.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return stamp.hexdigest()


def write_group(store: Store, name: str, built: Built, encoded: dict[str, Any]) -> None:
    """Record a (re)built group in the store, and write its file."""
    c = codec()
    signature = _signature(store.version, store.roster_key,
                           [(m.path, store.files[m.path].size, store.files[m.path].mtime)
                            for m in built.meetings])
    meetings = [encoded[m.path] if m.path in encoded else c.encode(m) for m in built.meetings]
    blob = f"g-{signature}"
    _write(store.folder, blob, (signature, meetings))
    latest = max((m.date.toordinal() for m in built.meetings), default=0)
    store.groups[name] = Group(signature, blob, built.book.open(), latest, {})
    store._blobs[name] = Blob(meetings, built.meetings, list(built.book.entries.values()))
    store.dirty = True


def _build_chunk(args: tuple) -> bytes:
    """In a worker process: one group's ledger, and its file written."""
    folder, name, version, roster_key, roster, keys, blobs = args
    c = codec()
    with no_gc():
        encoded = blobs
        meetings = [c.decode(e) for e in encoded]
        built = build_group(meetings, c.decode(roster))
        by_path = {m.path: e for m, e in zip(meetings, encoded)}
        signature = _signature(version, roster_key, keys)
        blob = f"g-{signature}"
        _write(Path(folder), blob, (signature, [by_path[m.path] for m in built.meetings]))
    latest = max((m.date.toordinal() for m in built.meetings), default=0)
    return marshal.dumps((name, signature, blob, c.encode(built.book.open()), latest,
                          built.dangling))


def _checks_chunk(args: tuple) -> bytes:
    """In a worker process: checks.run over one group, read from its file (None if bad)."""
    folder, name, file, signature, roster, strict = args
    from actionlog import checks

    c = codec()
    payload = _read(Path(folder) / file)
    try:
        if payload is None or payload[0] != signature:
            return marshal.dumps((name, None))
        with no_gc():
            meetings = [c.decode(m) for m in payload[1]]
            sub = Workspace(Path(folder).parent, meetings=meetings, problems=[],
                            roster=c.decode(roster), files=[m.path for m in meetings])
            found = checks.run(sub, strict=strict)
    except _DAMAGED:
        return marshal.dumps((name, None))
    return marshal.dumps((name, c.encode(found)))


def _find(parent: dict[str, str], s: str) -> str:
    """The representative of `s` in a union-find forest (with path halving)."""
    while parent.setdefault(s, s) != s:
        parent[s] = parent[parent[s]]
        s = parent[s]
    return s


def _meta_groups(meta: dict[str, tuple]) -> dict[str, list[str]]:
    """Group the files by series joined by references, from their meta alone (as
    _groups does from meetings); one group of everything if a reference dangles."""
    parent: dict[str, str] = {}
    find = functools.partial(_find, parent)

    dangling = False
    for series, cancelled, _numbers, refs, *_index in meta.values():
        find(series)
        for ref in refs:
            meeting, _sep, number = ref.rpartition("/")
            target = meta.get(f"meetings/{meeting}.yaml")
            if target is None:
                dangling = True
                continue
            parent[find(target[0])] = find(series)
            if not cancelled and (target[1] or number not in target[2]):
                dangling = dangling or ".." not in ref.split("/")
    if dangling:
        return {GLOBAL: sorted(meta)}
    members: dict[str, list[str]] = {}
    for rel, (series, *_rest) in meta.items():
        members.setdefault(find(series), []).append(rel)
    return {"\n".join(sorted({meta[r][0] for r in rels})): sorted(rels)
            for rels in members.values()}


def _fill(store: Store, rels: list[str], keys: dict, started_ns: int, workers: int) -> bool:
    """An empty cache and many files: parse them, then fold each group, in
    worker processes; this process never builds a meeting. False if it could not."""
    c = codec()
    rows: dict[str, tuple] = {}
    progress = _Progress(len(rels))
    try:
        with _pool(workers) as pool:
            for blob in pool.imap_unordered(_parse_chunk, _chunks(store.root, rels, workers)):
                found = marshal.loads(blob)
                rows.update((row[0], row) for row in found)
                progress.advance(len(found))
            meta = {rel: row[3] for rel, row in rows.items() if row[3] is not None}
            groups = _meta_groups(meta)
            for rel, (_r, _blob, problems, m) in rows.items():
                size, mtime = keys[rel]
                racy = mtime >= started_ns - _RACY_NS
                store.files[rel] = FileRecord(size, mtime,
                                              _digest(store.root / rel) if racy else None,
                                              m[0] if m else None, None,
                                              c.decode(problems) or None,
                                              m[4] if m else 0, m[5] if m else None)
            if not _write(store.folder, ".probe", b""):
                return False  # no cache can be written: build it here, and keep it in memory
            os.unlink(store.folder / ".probe")
            roster = c.encode(store.roster)
            tasks = [(str(store.folder), name, store.version, store.roster_key, roster,
                      [(rel, *keys[rel]) for rel in members], [rows[rel][1] for rel in members])
                     for name, members in groups.items()]
            # the biggest groups first, so that no worker is left with one at the end
            tasks.sort(key=lambda t: -len(t[5]))
            for blob in pool.imap_unordered(_build_chunk, tasks):
                name, signature, file, open_, latest, dangling = marshal.loads(blob)
                if dangling:  # cannot happen if _meta_groups agrees with build_group
                    return False
                store.groups[name] = Group(signature, file, c.decode(open_), latest, {})
                for rel in groups[name]:
                    store.files[rel].group = name
    finally:
        progress.stop()
    store.dirty = True
    return True


def _groups(pool: dict[str, Any], store: Store) -> tuple[dict[str, list], set[str], bool]:
    """Split meetings into groups of series joined by references between them.

    Returns the groups, the series referred to from outside the pool, and whether some
    reference names a meeting that is not there (then everything is one group, so that
    the ledger's "did you mean" looks at every action, as it does without the cache).
    """
    parent: dict[str, str] = {}
    find = functools.partial(_find, parent)

    inside = {m.series for m in pool.values()}
    outside: set[str] = set()
    dangling = False
    for m in pool.values():
        find(m.series)
        for review, _item in m.reviews():
            if review.ref is None:
                continue
            target = store.files.get(f"meetings/{review.ref.rsplit('/', 1)[0]}.yaml")
            if target is None or target.series is None:
                dangling = True
                continue
            if target.series not in inside:
                outside.add(target.series)
            parent[find(target.series)] = find(m.series)
    members: dict[str, list] = {}
    for m in pool.values():
        members.setdefault(find(m.series), []).append(m)
    named = {}
    for ms in members.values():
        named["\n".join(sorted({m.series for m in ms}))] = ms
    return named, outside, dangling


def _refresh(store: Store, stale: list[str], removed: list[str], keys: dict,
             roster_changed: bool, started_ns: int) -> None:
    """Bring the store up to date: parse the stale files, rebuild the groups they touch."""
    parsed = parse(store.root, stale)
    old_group = {rel: store.files[rel].group for rel in stale + removed if rel in store.files}
    for rel in removed:
        store.files.pop(rel, None)
    for rel, (_enc, meeting, problems) in parsed.items():
        size, mtime = keys[rel]
        racy = mtime >= started_ns - _RACY_NS
        store.files[rel] = FileRecord(size, mtime, _digest(store.root / rel) if racy else None,
                                      meeting.series if meeting is not None else None, None,
                                      problems or None,
                                      meeting.date.toordinal() if meeting is not None else 0,
                                      meeting.status if meeting is not None else None)
    by_series = store.group_of_series()
    touched = set(store.groups) if roster_changed else set()
    touched |= {g for g in old_group.values() if g}
    touched |= {by_series[m.series] for _e, m, _p in parsed.values()
                if m is not None and m.series in by_series}
    fresh = {rel: (enc, m) for rel, (enc, m, _p) in parsed.items() if m is not None}
    everything = False
    while True:
        pool: dict[str, Any] = {}
        encoded: dict[str, Any] = {}
        for name in sorted(touched & set(store.groups)):
            found = store._blobs.get(name) or store._read_blob(name)
            try:
                meetings = found.meetings() if found is not None else None
            except _DAMAGED:
                meetings = None
            if meetings is None:  # its file is lost or damaged: read its meetings again
                again = [rel for rel, r in store.files.items()
                         if r.group == name and rel not in parsed]
                more = parse(store.root, again)
                parsed.update(more)
                fresh.update({rel: (enc, m) for rel, (enc, m, _p) in more.items()
                              if m is not None})
                continue
            store._blobs[name] = found
            for m, enc in zip(meetings, found.encoded_meetings):
                if m.path not in parsed and m.path in store.files:
                    pool[m.path], encoded[m.path] = m, enc
        for rel, (enc, m) in fresh.items():
            pool[rel], encoded[rel] = m, enc
        if everything:
            groups = {GLOBAL: list(pool.values())} if pool else {}
        else:
            groups, outside, dangling = _groups(pool, store)
            wider = {by_series[s] for s in outside if s in by_series} - touched
            if dangling or wider:
                everything = dangling
                touched |= set(store.groups) if dangling else wider
                continue
        built = {name: build_group(ms, store.roster) for name, ms in groups.items()}
        if everything or not any(b.dangling for b in built.values()):
            break
        everything, touched = True, touched | set(store.groups)
    _trace(f"groups rebuilt: {', '.join(sorted(built)).replace(chr(10), '+')}")
    for name in touched:
        store.groups.pop(name, None)
        store._blobs.pop(name, None)
    for name, b in built.items():
        for m in b.meetings:
            store.files[m.path].group = name
        write_group(store, name, b, encoded)
    store.dirty = True


# ---------------------------------------------------------------- the cached workspace


class CachedLedger(Ledger):
    """A ledger.Ledger whose open actions come from the index; the others are read (from
    one group's file for `get`, from every group's for `entries`) only when asked for."""

    def __init__(self, store: Store, as_of: date | None) -> None:
        self._store, self._entries, self.as_of = store, None, as_of

    @property  # type: ignore[override]
    def entries(self) -> dict:
        if self._entries is None:
            self._entries = self._store.entries()
        return self._entries

    @entries.setter
    def entries(self, value: dict) -> None:
        self._entries = value

    def open(self) -> list:
        if self._entries is not None:
            return super().open()
        # the index keeps exactly what Ledger.open() returned: ask it again of just those
        return Ledger({e.ref: e for e in self._store.open_entries()}, self.as_of).open()

    def get(self, ref: str):
        if self._entries is not None:
            return super().get(ref)
        group = self._store.group_of_meeting(ref.rsplit("/", 1)[0])
        if group is None or group not in self._store.groups:
            return None
        return self._store.entries(group).get(ref)


class CachedWorkspace(Workspace):
    """A Workspace whose meetings, ledger and checks come from the cache when first used.

    Given meetings (as `dataclasses.replace` gives them) it is a plain Workspace.
    """

    _store: Store | None = None
    _meetings: list | None = None
    _given = False

    def _get_meetings(self) -> list:
        if self._meetings is None:
            self._meetings = self._store.meetings() if self._store is not None else []
        return self._meetings

    def _set_meetings(self, value: list | None) -> None:
        self._meetings, self._given = value, value is not None

    meetings = property(_get_meetings, _set_meetings)  # type: ignore[assignment]

    def _cached(self) -> bool:
        return self._store is not None and not self._given

    def series_meetings(self, name: str) -> list:
        if not self._cached():
            return super().series_meetings(name)
        group = self._store.group_of_series().get(name)
        return [m for m in self._store.meetings(group) if m.series == name] if group else []

    def series_names(self) -> set[str]:
        if not self._cached():
            return super().series_names()
        # from the index: no meeting is read
        return {r.series for r in self._store.files.values() if r.series}

    def series_of(self, meeting_id: str) -> str | None:
        if not self._cached():
            return super().series_of(meeting_id)
        rec = self._store.files.get(f"meetings/{meeting_id}.yaml")  # the index: nothing read
        return rec.series if rec is not None else None

    def latest(self, statuses: tuple[str, ...], series: str | None = None):
        if not self._cached():
            return super().latest(statuses, series)
        found = self._store.latest_file(statuses, series)  # the index: one group read
        return self.meeting_at(found) if found is not None else None

    def meeting_at(self, relpath: str):
        if not self._cached():
            return super().meeting_at(relpath)
        rec = self._store.files.get(relpath)
        if rec is None or rec.group is None or rec.group not in self._store.groups:
            return None
        return next((m for m in self._store.meetings(rec.group) if m.path == relpath), None)

    def scope(self, series: set[str]) -> Workspace:
        if not self._cached():
            return super().scope(series)
        by_series = self._store.group_of_series()
        groups = sorted({by_series[s] for s in series if s in by_series})
        if GLOBAL in groups:
            return self
        meetings = [m for name in groups for m in self._store.meetings(name)]
        meetings.sort(key=lambda m: (m.date, m.id))
        # groups are closed under references: checks and folds over them are exact
        return Workspace(self.root, meetings=meetings, problems=[], roster=list(self.roster),
                         files=[m.path for m in meetings])

    def ledger(self, as_of: date | None = None):
        latest = self._store.latest() if self._store is not None else None
        if not self._cached() or (as_of is not None and latest is not None and as_of < latest):
            return super().ledger(as_of)
        return CachedLedger(self._store, as_of)

    def check(self, strict: bool = False) -> list:
        if not self._cached():
            return super().check(strict)
        found = list(self.problems) + self._store.checks(strict)
        if self._store.dirty:
            self._store.save()
        return found


def load(root: Path) -> Workspace:
    """The whole workspace, as `workspace.load_uncached` gives it, through the cache."""
    started_ns = time.time_ns()
    scanned = scan(root)
    store = Store.read(root, version_key())
    roster_key = _key(root / ROSTER, started_ns)
    roster_changed = not (roster_key is None and store.roster_key is None or
                          roster_key is not None and
                          _same(store.roster_key, roster_key[0], roster_key[1], root / ROSTER))
    if roster_changed:
        from actionlog import owners

        store.roster, store.roster_problems = owners.load_roster(root)
        store.roster_key = roster_key
    keys = {rel: (size, mtime) for rel, size, mtime in scanned}
    files = store.files
    stale = []
    for rel, size, mtime in scanned:
        rec = files.get(rel)
        if (rec is None or rec.size != size or rec.mtime != mtime or size < 0 or
                (rec.digest is not None and rec.digest != _digest(root / rel))):
            stale.append(rel)
    removed = [rel for rel in files if rel not in keys]
    if stale or removed or roster_changed:
        _trace(f"{len(stale)} file(s) to read ({', '.join(stale[:3])}), {len(removed)} gone, "
               f"roster {'changed' if roster_changed else 'unchanged'}")
    workers = _workers(len(stale))
    if not store.files and not store.groups and workers > 1:
        if not _fill(store, stale, keys, started_ns, workers):
            again = Store(root, store.version)
            again.roster, again.roster_problems = store.roster, store.roster_problems
            again.roster_key, store = store.roster_key, again
            _refresh(store, stale, [], keys, True, started_ns)
    elif stale or removed or roster_changed:
        _refresh(store, stale, removed, keys, roster_changed, started_ns)
    if store.dirty:
        store.save()
    ws = CachedWorkspace(root=root, meetings=None,  # type: ignore[arg-type]
                         problems=store.file_problems(), roster=list(store.roster),
                         files=[rel for rel, _s, _m in scanned])
    ws._store = store
    return ws
