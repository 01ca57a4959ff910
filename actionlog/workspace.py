"""The one front door: open a workspace, and ask it for its files, meetings, ledger, checks,
or a scope of some series.

A workspace answers from a store: the cache (store/cache.py, brought up to date when the
workspace is opened) or, for a scope or a trial edit, meetings held in memory (`Held`).
Both answer the same few questions; nothing here reads YAML.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from actionlog.core import checks
from actionlog.core.groups import of_series
from actionlog.core.ledger import AsOf, Ledger, fold
from actionlog.core.model import TOOK_PLACE, Meeting
from actionlog.core.owners import Holders, RosterEntry, holders, roles_at
from actionlog.core.problems import Problem
from actionlog.core.refs import meeting_of
from actionlog.core.series import Series
from actionlog.store.cache import Store
from actionlog.store.load import load_templates, locate
from actionlog.store.sittings import Sitting, of as sitting_of
from actionlog.store.paths import (MEETINGS, NoSuchMeeting, WorkspaceError, find_meeting_file,
                                   find_root, meeting_files)

__all__ = ["MEETINGS", "NoSuchMeeting", "Workspace", "WorkspaceError", "find_meeting_file",
           "find_root", "meeting_files", "load"]


class Row(NamedTuple):
    """A valid meeting as the index knows it, without reading it."""

    path: str
    id: str
    series: str
    date: date
    status: str
    title: str


class Source(Protocol):
    """What a workspace asks of its store."""

    files: list[str]
    roster: list[RosterEntry]

    def file_problems(self) -> list[Problem]: ...
    def index(self, statuses: tuple[str, ...] = ()) -> list[tuple]: ...
    def latest(self, statuses: tuple[str, ...], on: date) -> list[tuple]: ...
    def meetings(self, series: set[str] | None = None) -> list[Meeting]: ...
    def sittings(self, since: date) -> list[Sitting]: ...
    def meeting(self, path: str) -> Meeting | None: ...
    def roles_at(self, path: str) -> list[tuple[str, str, str]]: ...
    def groups(self) -> list[set[str]]: ...
    def checks(self, strict: bool) -> list[Problem]: ...
    def ledger(self) -> Any: ...


class Held:
    """Meetings held in memory (a scope, or a trial of an edit), answering as a store does."""

    def __init__(self, meetings: list[Meeting], roster: list[RosterEntry]) -> None:
        self.all = sorted(meetings, key=lambda m: (m.date, m.id))
        self.roster = roster
        self.files = sorted(m.path for m in self.all)
        self.book: Ledger | None = None

    def file_problems(self) -> list[Problem]:
        return []

    def index(self, statuses: tuple[str, ...] = ()) -> list[tuple]:
        return [(m.path, m.id, m.series, m.date, m.status, m.title) for m in self.all
                if not statuses or m.status in statuses]

    def latest(self, statuses: tuple[str, ...], on: date) -> list[tuple]:
        out: dict[str, Meeting] = {}
        for m in self.all:  # by date then id: a later one wins
            if m.status in statuses and m.date <= on:
                out[m.series] = m
        return [(m.path, m.id, m.series, m.date) for m in out.values()]

    def meetings(self, series: set[str] | None = None) -> list[Meeting]:
        return [m for m in self.all if series is None or m.series in series]

    def sittings(self, since: date) -> list[Sitting]:
        return [sitting_of(m) for m in self.all if m.date >= since]

    def meeting(self, path: str) -> Meeting | None:
        return next((m for m in self.all if m.path == path), None)

    def roles_at(self, path: str) -> list[tuple[str, str, str]]:
        found = self.meeting(path)
        return roles_at(found) if found else []

    def groups(self) -> list[set[str]]:
        return series_groups(self.all)

    def checks(self, strict: bool) -> list[Problem]:
        return checks.run(self.all, self.roster, strict)

    def ledger(self) -> Ledger:
        if self.book is None:
            self.book, _problems = fold(self.all, self.roster)
        return self.book


def series_groups(meetings: list[Meeting]) -> list[set[str]]:
    """The series, joined where one's meetings review another's actions."""
    return of_series({m.id: m.series for m in meetings},
                     [(m.series, [meeting_of(r.ref) for r, _i in m.reviews() if r.ref])
                      for m in meetings])


class Workspace:
    """A workspace's meetings and what follows from them, each worked out once, on demand."""

    def __init__(self, root: Path, source: Any) -> None:
        self.root = root
        self.source: Source = source
        self._index: list[Row] | None = None
        self._meetings: list[Meeting] | None = None
        self._problems: list[Problem] | None = None
        self._ledgers: dict[Any, Any] = {}

    @property
    def meetings_dir(self) -> Path:
        return self.root / MEETINGS

    @property
    def files(self) -> list[str]:
        """Every meeting file, readable or not, relative to the root."""
        return self.source.files

    @property
    def roster(self) -> list[RosterEntry]:
        return self.source.roster

    @property
    def problems(self) -> list[Problem]:
        """The problems of the files that could not be read (and of the roster)."""
        if self._problems is None:
            self._problems = self.source.file_problems()
        return self._problems

    @property
    def meetings(self) -> list[Meeting]:
        """Every valid meeting, by date then id (read only when asked for)."""
        if self._meetings is None:
            self._meetings = self.source.meetings()
        return self._meetings

    def index(self) -> list[Row]:
        if self._index is None:
            self._index = [Row(*r) for r in self.source.index()]
        return self._index

    def by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.meetings}

    def series_names(self) -> set[str]:
        return {r.series for r in self.index()}

    def series_of(self, meeting_id: str) -> str | None:
        return next((r.series for r in self.index() if r.id == meeting_id), None)

    def series_meetings(self, name: str) -> list[Meeting]:
        return self.source.meetings({name})

    def latest(self, statuses: tuple[str, ...], series: str | None = None) -> Meeting | None:
        """The latest meeting (by date, then id) with one of these statuses (of `series`)."""
        found = [r for r in self.index()
                 if r.status in statuses and (series is None or r.series == series)]
        if not found:
            return None
        return self.meeting_at(max(found, key=lambda r: (r.date, r.id)).path)

    def sittings(self, since: date) -> list[Sitting]:
        """Each valid meeting from `since` on, by date then id, as a calendar needs it
        (a store answers from its index, without decoding the meetings)."""
        return self.source.sittings(since)

    def meeting_at(self, relpath: str) -> Meeting | None:
        """The valid meeting in this file; None if the file has problems or is not here."""
        return self.source.meeting(relpath)

    def joined(self, series: set[str]) -> set[str]:
        """These series, and every series joined to them by references."""
        out = set(series)
        for group in self.source.groups():
            if group & series:
                out |= group
        return out

    def scope(self, series: set[str]) -> "Workspace":
        """A workspace holding what judging the meetings of `series` needs (folding them,
        checking them): their meetings, and those of every series joined to them."""
        return Workspace(self.root, Held(self.source.meetings(self.joined(series)),
                                         self.roster))

    def reviewed_series(self, meeting: Meeting) -> set[str]:
        """The series of the actions `meeting` reviews (those the workspace knows)."""
        found = {self.series_of(meeting_of(r.ref)) for r, _i in meeting.reviews() if r.ref}
        return {s for s in found if s}

    def trial(self, meeting: Meeting) -> "Workspace":
        """The scope of `meeting`'s series with `meeting` in its file: what an edit of that
        file would leave (store/load.py built `meeting` from the edited text)."""
        series = self.joined({meeting.series, *self.reviewed_series(meeting)})
        held = [m for m in self.source.meetings(series) if m.path != meeting.path]
        return Workspace(self.root, Held(held + [meeting], self.roster))

    def ledger(self, as_of: AsOf = None) -> Any:
        """The ledger, folded once per command: as of a day or a meeting, or of every
        meeting. The whole record comes from the store, which reads only what is asked."""
        key = (as_of.id, "meeting") if isinstance(as_of, Meeting) else as_of
        if key not in self._ledgers:
            # drafts never change the record, so only meetings that took place count here
            latest = max((row[3] for row in self.source.latest(TOOK_PLACE, date.max)),
                         default=None)
            whole = as_of is None or (not isinstance(as_of, Meeting) and
                                      (latest is None or as_of >= latest))
            if whole:
                book = self.source.ledger()
            else:
                book, _problems = fold(self.meetings, self.roster, as_of)
            self._ledgers[key] = book
        return self._ledgers[key]

    def holders(self, today: date) -> Holders:
        """Who holds each role on `today`: the roster, else the latest meeting held of each
        series (read only those)."""
        latest = sorted((day, id_, path)
                        for path, id_, _series, day in self.source.latest(TOOK_PLACE, today))
        return holders([self.source.roles_at(path) for _d, _i, path in latest], self.roster,
                       today)

    def stale_drafts(self, today: date) -> list[Problem]:
        """Warnings for drafts dated before `today` (their records are only proposals)."""
        drafts = self.source.index(("draft",))
        return checks.stale_drafts([(r[0], r[3], r[4]) for r in drafts], today)

    def templates(self) -> list[Series]:
        """The series templates that can be read (their problems are among `problems`)."""
        kept = getattr(self.source, "templates", None)  # a scope held in memory keeps none
        return kept() if kept else load_templates(self.root)[0]

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """The problems with their lines and columns (found by parsing the files again; a
        store keeps the places it found)."""
        kept = getattr(self.source, "locate", None)  # a scope held in memory keeps none
        return kept(problems) if kept else locate(self.root, problems)

    def check(self, strict: bool = False) -> list[Problem]:
        """Every problem `validate` reports: the files' own, and those across files."""
        return sorted(self.problems + self.source.checks(strict))


def load(root: Path) -> Workspace:
    """The workspace at `root`, its store brought up to date with its files."""
    return Workspace(root, Store.open(root))
