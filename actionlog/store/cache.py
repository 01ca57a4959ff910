"""The store: what came of reading each meeting file, and the ledger folded from them, kept
in SQLite (`.actionlog-cache/cache.sqlite`) so that a command reads and folds only what changed.

- `files`: each meeting file's key (size, mtime_ns, ctime_ns, inode; and its content digest
  when it changed moments before it was read), its problems or its meeting, and the index
  a command asks before reading any meeting: id, series, date, status, title (and, for the
  calendar, its time, venue and the next meeting it announces: sittings.py).
- `entries`: the ledger of each *group* (the series whose meetings refer to one another;
  usually one series alone), one row per action, with its series and whether it is open;
  `owners` names each set of owners an action has (its `owned_by`) by every key they
  answer to, so `outstanding --owner DCC` reads only the rows it lists, and an owner nobody
  answers to is known at once. When a file changes, only its group is folded again.
- `groups`: the cross-file problems of each group, kept once `validate` has asked.

Nothing in it is trusted: a file that is not a database, a database of another version
or shape, or a value that does not decode is thrown away and rebuilt from the meeting
files. It holds no pickles (see codec.py). Two commands may run at once: SQLite's WAL lets
them read together, and one writes at a time. ACTIONLOG_NO_CACHE=1 (or a folder that cannot
be written) keeps the same tables in memory for one command; ACTIONLOG_CACHE_TRACE=1 says on
stderr what was read again and why.
"""

from __future__ import annotations

import marshal
import sqlite3
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from actionlog.core import checks
from actionlog.core.groups import of_series
from actionlog.core.ledger import Entry, fold
from actionlog.core.model import Meeting
from actionlog.core.owners import RosterEntry, roles_at
from actionlog.core.problems import Problem
from actionlog.core.refs import meeting_of
from actionlog.core.series import Series
from actionlog.store import codec, places, reading, sittings
from actionlog.store.cachefile import (FILE, FOLDER, connect, enabled, forget_old_format,
                                       no_gc, remove, trace, version_key, writable)
from actionlog.store.load import load_roster, load_templates
from actionlog.store import stored
from actionlog.store.stored import StoredLedger
from actionlog.store.paths import ROSTER, MISSING, TEMPLATES, Stat, scan, stat

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER,
    inode INTEGER, digest TEXT, id TEXT, series TEXT, day INTEGER, status TEXT, title TEXT,
    targets TEXT, problems BLOB, meeting BLOB, roles BLOB, sitting BLOB);
CREATE INDEX IF NOT EXISTS files_series ON files (series);
CREATE INDEX IF NOT EXISTS files_status ON files (status, series, day);
CREATE TABLE IF NOT EXISTS groups (name TEXT PRIMARY KEY, checks BLOB, strict BLOB);
CREATE TABLE IF NOT EXISTS entries (ref TEXT PRIMARY KEY, grp TEXT, series TEXT, day INTEGER,
    meeting TEXT, seq INTEGER, open INTEGER, closed INTEGER, owned_by TEXT, entry BLOB,
    brief BLOB);
CREATE INDEX IF NOT EXISTS entries_grp ON entries (grp);
CREATE INDEX IF NOT EXISTS entries_open ON entries (open, series);
CREATE INDEX IF NOT EXISTS entries_closed ON entries (closed);
CREATE TABLE IF NOT EXISTS owners (key TEXT, owned_by TEXT, grp TEXT);
CREATE INDEX IF NOT EXISTS owners_key ON owners (key, owned_by);
CREATE INDEX IF NOT EXISTS owners_grp ON owners (grp);
""" + places.TABLE
ORDER = "ORDER BY day, meeting, seq"


class Damaged(Exception):
    """The cache cannot be trusted: it is thrown away and built again."""


def _guarded(method: Any) -> Any:
    """A question asked of a store whose file turns out to be damaged: the file is thrown
    away, the store rebuilt from the meeting files, and the question asked again."""
    def ask(self: "Store", *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, codec.Damaged) as exc:
            self.rebuild(str(exc))
            return method(self, *args, **kwargs)
    ask.__doc__ = method.__doc__
    return ask


class Store:
    """One workspace's store: ask it for the index, meetings, the ledger and the checks.
    `open` brings it up to date with the files first."""

    def __init__(self, root: Path, db: sqlite3.Connection, where: str) -> None:
        self.root = root
        self.db = db
        self.where = where  # the file, or ":memory:"
        self.files: list[str] = []  # every meeting file found, readable or not
        self.roster: list[RosterEntry] = []
        self.roster_problems: list[Problem] = []
        self.skipped: list[Problem] = []  # what the scan of meetings/ could not read
        self.template_problems: list[Problem] = []
        self._meetings: dict[str, Meeting] = {}  # decoded (or parsed) this run, by path
        self._folded: dict[str, Entry] = {}  # entries written this run, by ref: not decoded

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, root: Path) -> "Store":
        """The workspace's store, up to date: from its file when it can be kept, else in
        memory. A damaged file is deleted and rebuilt."""
        path = root / FOLDER / FILE
        if enabled() and writable(root / FOLDER):
            for attempt in (1, 2):
                store = None
                try:
                    store = cls(root, connect(str(path)), str(path))
                    store.refresh()
                    return store
                except (sqlite3.DatabaseError, codec.Damaged, Damaged) as exc:
                    trace(f"discarding {path}: {exc}")
                    if store is not None:
                        store.db.close()
                    remove(path)
                except sqlite3.OperationalError as exc:  # locked for too long, read-only, ...
                    trace(f"cannot use {path}: {exc}")
                    break
        store = cls(root, connect(":memory:"), ":memory:")
        store.refresh()
        return store

    def refresh(self) -> None:
        """Read again the files that changed, and fold again the groups they touch."""
        started = time.time_ns()
        self._prepare()
        self.skipped = []
        scanned = scan(self.root, self.skipped)
        self.files = [rel for rel, _st in scanned]
        roster_key = self._roster_key(started)
        templates_key = self._templates_key()
        stale, removed = self._changes(scanned, roster_key)
        if not stale and not removed and roster_key == self._meta("roster_key") and \
                templates_key == self._meta("templates_key"):
            self._load_roster()
            self._check_counts()
            return
        with self._writing():
            # another command may have brought it up to date while this one waited
            stale, removed = self._changes(scanned, roster_key)
            if templates_key != self._meta("templates_key"):
                templates, problems = load_templates(self.root)
                self._set_meta("templates", codec.dumps(problems))
                self._set_meta("series", codec.dumps(templates))
                self._set_meta("templates_key", templates_key)
            roster_changed = roster_key != self._meta("roster_key")
            if roster_changed:
                self.roster, self.roster_problems = load_roster(self.root)
                self._set_meta("roster_key", roster_key)
                self._set_meta("roster", codec.dumps((self.roster, self.roster_problems)))
            else:
                self._load_roster()
            if not stale and not removed and not roster_changed:
                return
            trace(f"{len(stale)} file(s) to read ({', '.join(r for r, _s in stale[:3])}), "
                  f"{len(removed)} gone, roster {'changed' if roster_changed else 'unchanged'}")
            touched = self._series_of([r for r, _s in stale] + removed)
            self.db.executemany("DELETE FROM files WHERE path = ?", [(r,) for r in removed])
            with no_gc():  # files read, meetings folded, entries encoded: no cycles
                for row in reading.read(self.root, stale, started):
                    self._put_file(row)
                    if row.meeting is not None:
                        touched.add(row.meeting.series)
                self._regroup(None if roster_changed else touched)
            self._set_meta("counts", marshal.dumps(self._counts()))
            self._set_meta("keys", marshal.dumps({r[0]: tuple(r[1:]) for r in self.db.execute(
                "SELECT path, size, mtime, ctime, inode, digest FROM files")}))

    def rebuild(self, why: str) -> None:
        """Start again from the meeting files, in a new file (or in memory)."""
        trace(f"discarding {self.where}: {why}")
        self.db.close()
        self._meetings, self._folded = {}, {}
        if self.where != ":memory:":
            remove(Path(self.where))
            try:
                self.db = connect(self.where)
                self.refresh()
                return
            except sqlite3.DatabaseError:
                self.db.close()
        self.where, self.db = ":memory:", connect(":memory:")
        self.refresh()

    def _prepare(self) -> None:
        """Create the tables, or start again if they are of another version."""
        version = version_key()
        tables = {r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" in tables and self._meta("version") == version:
            return
        if tables:
            raise Damaged("written by another version of actionlog" if "meta" in tables
                          else "not actionlog's cache")
        forget_old_format(self.root / FOLDER)
        with self._writing():
            for statement in TABLES.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self._set_meta("version", version)
            self._set_meta("roster_key", None)

    def _counts(self) -> tuple[int, int]:
        return tuple(self.db.execute("SELECT (SELECT count(*) FROM entries), "
                                     "(SELECT count(*) FROM owners)").fetchone())

    def _check_counts(self) -> None:
        """The rows of the ledger are as many as were written: one removed (or planted)
        would hide an action from one question and not another."""
        blob = self._meta("counts")
        try:
            written = tuple(marshal.loads(blob)) if blob is not None else (0, 0)
        except (EOFError, ValueError, TypeError):
            written = None
        if written != self._counts():
            raise codec.Damaged("its ledger rows are not those written")

    def _roster_key(self, started: int) -> Any:
        found = stat(self.root / ROSTER)
        if found is None:
            return None
        return repr((found, reading.digest(self.root / ROSTER)))  # one small file: always hashed

    def _templates_key(self) -> Any:
        """The series templates as they stand: names, stats and (small files) digests."""
        folder = self.root / TEMPLATES
        if not folder.is_dir():
            return None
        return repr(sorted((p.name, stat(p), reading.digest(p))
                           for p in folder.glob("*.yaml") if p.is_file()))

    def _load_roster(self) -> None:
        blob = self._meta("roster")
        if blob is not None:
            self.roster, self.roster_problems = codec.loads(blob, ([RosterEntry], [Problem]))
        blob = self._meta("templates")
        if blob is not None:
            self.template_problems = codec.loads(blob, [Problem])

    @_guarded
    def templates(self) -> list[Series]:
        """The series templates that can be read (kept until a template changes)."""
        blob = self._meta("series")
        return codec.loads(blob, [Series]) if blob is not None else []

    def _changes(self, scanned: list[tuple[str, Stat]],
                 roster_key: Any) -> tuple[list[tuple[str, Stat]], list[str]]:
        blob = self._meta("keys")  # every file's key in one value: 20,000 rows read in 10 ms
        try:
            known = marshal.loads(blob) if blob is not None else {}
        except (EOFError, ValueError, TypeError) as exc:
            raise Damaged(f"the files' keys cannot be read: {exc}") from None
        stale = []
        for rel, st in scanned:
            old = known.pop(rel, None)
            if (old is None or st is MISSING or old[:4] != (st.size, st.mtime_ns, st.ctime_ns,
                                                             st.inode)
                    or (old[4] is not None and old[4] != reading.digest(self.root / rel))):
                stale.append((rel, st))
        return stale, sorted(known)

    def _series_of(self, paths: list[str]) -> set[str]:
        found = set()
        for rel in paths:
            row = self.db.execute("SELECT series FROM files WHERE path = ?", (rel,)).fetchone()
            if row and row[0]:
                found.add(row[0])
        return found

    def _put_file(self, row: reading.Row) -> None:
        m = row.meeting
        targets = sorted({meeting_of(r.ref) for r, _i in m.reviews() if r.ref}) if m else []
        st = row.stat
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (row.path, st.size, st.mtime_ns, st.ctime_ns, st.inode, row.digest,
             m.id if m else None, m.series if m else None, m.date.toordinal() if m else None,
             m.status if m else None, m.title if m else None, "\n".join(targets),
             codec.dumps(row.problems) if row.problems else None,
             row.encoded if m else None,
             marshal.dumps(roles_at(m)) if m else None,
             sittings.kept(m) if m else None))
        if m is not None:
            self._meetings[row.path] = m

    def _regroup(self, touched: set[str] | None) -> None:
        """Fold again every group holding a touched series (every group when None); drop the
        rows of groups that no longer exist."""
        ids = {}
        links = []
        for mid, series, targets in self.db.execute(
                "SELECT id, series, targets FROM files WHERE series IS NOT NULL"):
            ids[mid] = series
            links.append((series, targets.split("\n") if targets else ()))
        groups = of_series(ids, links)
        names = {"\n".join(sorted(members)): members for members in groups}
        old = {r[0] for r in self.db.execute("SELECT name FROM groups")}
        rebuild = [n for n, members in names.items()
                   if n not in old or touched is None or members & touched]
        for name in sorted((old - set(names)) | set(rebuild)):
            for table in ("entries", "owners"):
                self.db.execute(f"DELETE FROM {table} WHERE grp = ?", (name,))
            self.db.execute("DELETE FROM groups WHERE name = ?", (name,))
        trace(f"groups folded again: {', '.join(n.replace(chr(10), '+') for n in rebuild)}")
        for name in rebuild:
            meetings = self._load_meetings(names[name])
            book, problems = fold(meetings, self.roster)
            self._put_entries(name, list(book.entries.values()))
            # the checks from the same fold: the first query after an edit asks for them
            found = checks.after_fold(meetings, book, problems)
            self.db.execute("INSERT INTO groups VALUES (?, ?, NULL)",
                            (name, codec.dumps(found)))

    def _put_entries(self, group: str, entries: list[Entry]) -> None:
        rows, owners = stored.rows(group, entries)
        self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            rows)
        self.db.executemany("INSERT INTO owners VALUES (?,?,?)", owners)
        self._folded.update((e.ref, e) for e in entries)

    # ------------------------------------------------------------ what commands ask

    @_guarded
    def file_problems(self) -> list[Problem]:
        """The problems of every file that could not be loaded, in file order; the roster's."""
        out: list[Problem] = []
        for (blob,) in self.db.execute(
                "SELECT problems FROM files WHERE problems IS NOT NULL ORDER BY path"):
            out.extend(codec.loads(blob, [Problem]))
        return out + self.roster_problems + self.skipped + self.template_problems

    @_guarded
    def index(self, statuses: tuple[str, ...] = ()) -> list[tuple[str, str, str, date, str, str]]:
        """(path, id, series, date, status, title) of every valid meeting (with one of these
        statuses), by date then id."""
        where = f"AND status IN ({','.join('?' * len(statuses))})" if statuses else ""
        rows = self.db.execute("SELECT path, id, series, day, status, title FROM files "
                               f"WHERE series IS NOT NULL {where} ORDER BY day, id",
                               statuses).fetchall()
        return [(p, i, s, date.fromordinal(d), st, t) for p, i, s, d, st, t in rows]

    @_guarded
    def latest(self, statuses: tuple[str, ...], on: date) -> list[tuple[str, str, str, date]]:
        """(path, id, series, date) of each series' latest meeting on or before `on` with
        one of these statuses (SQLite gives the row of the max)."""
        marks = ",".join("?" * len(statuses))
        rows = self.db.execute(f"SELECT path, id, series, max(day) FROM files WHERE series IS "
                               f"NOT NULL AND status IN ({marks}) AND day <= ? GROUP BY series",
                               (*statuses, on.toordinal())).fetchall()
        return [(p, i, s, date.fromordinal(d)) for p, i, s, d in rows]

    @_guarded
    def sittings(self, since: date) -> list[sittings.Sitting]:
        """Each valid meeting from `since` on, by date then id, as a calendar needs it."""
        return [sittings.sitting(*row) for row in self.db.execute(
            "SELECT path, id, series, day, status, title, sitting FROM files WHERE series IS "
            "NOT NULL AND day >= ? ORDER BY day, id", (since.toordinal(),))]

    @_guarded
    def meetings(self, series: set[str] | None = None) -> list[Meeting]:
        """The valid meetings (of these series), by date then id."""
        return self._load_meetings(series)

    @_guarded
    def meeting(self, path: str) -> Meeting | None:
        """The valid meeting of one file (None if it has problems or is not here)."""
        found = self._meetings.get(path)
        if found is None:
            row = self.db.execute("SELECT meeting FROM files WHERE path = ? AND series IS NOT "
                                  "NULL", (path,)).fetchone()
            if row is None:
                return None
            with no_gc():
                found = self._meetings[path] = codec.loads(row[0], Meeting)
        return found

    def _load_meetings(self, series: set[str] | None) -> list[Meeting]:
        if series is None:
            rows = self.db.execute("SELECT path, meeting FROM files WHERE series IS NOT NULL")
        else:
            marks = ",".join("?" * len(series))
            rows = self.db.execute(f"SELECT path, meeting FROM files WHERE series IN ({marks})",
                                   sorted(series))
        out = []
        with no_gc():
            for path, blob in rows:
                found = self._meetings.get(path)
                if found is None:
                    found = self._meetings[path] = codec.loads(blob, Meeting)
                out.append(found)
        out.sort(key=lambda m: (m.date, m.id))
        return out

    @_guarded
    def roles_at(self, path: str) -> list[tuple[str, str, str]]:
        """Who held a role at the meeting of one file (for who holds each role now),
        without decoding the meeting."""
        row = self.db.execute("SELECT roles FROM files WHERE path = ?", (path,)).fetchone()
        if row is None or row[0] is None:
            return []
        try:
            found = marshal.loads(row[0])
        except (EOFError, ValueError, TypeError) as exc:
            raise codec.Damaged(f"roles: {exc}") from None
        if type(found) is not list or not all(
                type(t) is tuple and len(t) == 3 and all(type(v) is str for v in t)
                for t in found):
            raise codec.Damaged("roles: not (role, id, name) triples")
        return found

    @_guarded
    def locate(self, problems: list[Problem]) -> list[Problem]:
        """Problems with their lines and columns, the places found kept (places.py)."""
        return places.locate(self.db, self.root, problems, self._writing)

    @_guarded
    def knows_owner(self, keys: frozenset[str]) -> bool:
        marks = ",".join("?" * len(keys))
        return self.db.execute(f"SELECT 1 FROM owners WHERE key IN ({marks}) LIMIT 1",
                               sorted(keys)).fetchone() is not None

    @_guarded
    def owner_keys(self) -> set[str]:
        found = {k for (k,) in self.db.execute("SELECT DISTINCT key FROM owners")}
        return found - {stored.EVERYONE}

    @_guarded
    def refs(self) -> list[str]:
        return [r[0] for r in self.db.execute(f"SELECT ref FROM entries {ORDER}")]

    def ledger(self) -> StoredLedger:
        return StoredLedger(self)

    @_guarded
    def groups(self) -> list[set[str]]:
        return [set(r[0].split("\n")) for r in self.db.execute("SELECT name FROM groups")]

    @_guarded
    def entries(self, where: str = "", args: tuple = (), whole: bool = False) -> list[Entry]:
        """Entries in fold order; `whole`: with every review, else only the latest update
        (an old action may have hundreds of reviews, and a list shows only the latest)."""
        column = "entry" if whole else "brief"
        rows = self.db.execute(f"SELECT ref, {column} FROM entries {where} {ORDER}", args)
        folded = self._folded  # the rows written this run, as they were written
        with no_gc():
            return [(folded[ref] if whole else stored.listed(folded[ref])) if ref in folded
                    else codec.loads(blob, Entry) for ref, blob in rows]

    @_guarded
    def checks(self, strict: bool) -> list[Problem]:
        """The cross-file problems of every group; worked out now for groups that lack them."""
        column = "strict" if strict else "checks"
        out: list[Problem] = []
        pending = []
        for name, blob in self.db.execute(f"SELECT name, {column} FROM groups ORDER BY name"):
            if blob is None:
                pending.append(name)
            else:
                out.extend(codec.loads(blob, [Problem]))
        for name in pending:
            found = checks.run(self._load_meetings(set(name.split("\n"))), self.roster, strict)
            out.extend(found)
            try:
                with self._writing():
                    self.db.execute(f"UPDATE groups SET {column} = ? WHERE name = ?",
                                    (codec.dumps(found), name))
            except sqlite3.OperationalError:
                pass  # kept next time
        return sorted(out)

    # ------------------------------------------------------------ plumbing

    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction, holding the database's write lock from its start."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()


