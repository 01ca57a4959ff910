"""The workspace: finding it, listing its meeting files, and loading them.

files -> parsed meetings (with problems). Nothing downstream reads YAML again. `load` goes
through the cache in `.actionlog-cache/` (see actionlog/cache.py) unless ACTIONLOG_NO_CACHE
is set; both ways give the same Workspace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from actionlog.model import Meeting
from actionlog.problems import Problem

MEETINGS = "meetings"
TEMPLATES = "templates"
ROSTER = "roster.yaml"
ENV_ROOT = "ACTIONLOG_ROOT"


class WorkspaceError(Exception):
    """No workspace where one was needed: a domain error the CLI reports in one line."""


@dataclass
class Workspace:
    root: Path
    meetings: list[Meeting] = field(default_factory=list)  # valid ones, in date order
    problems: list[Problem] = field(default_factory=list)
    roster: list = field(default_factory=list)  # owners.RosterEntry
    files: list[str] = field(default_factory=list)  # every meeting file, relative paths

    @property
    def meetings_dir(self) -> Path:
        return self.root / MEETINGS

    def by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.meetings}

    def series_meetings(self, name: str) -> list[Meeting]:
        """The meetings of one series, in date order."""
        return [m for m in self.meetings if m.series == name]

    def series_names(self) -> set[str]:
        """Every series some valid meeting belongs to."""
        return {m.series for m in self.meetings}

    def series_of(self, meeting_id: str) -> str | None:
        """The series of the valid meeting with this id; None if there is none."""
        found = self.meeting_at(f"{MEETINGS}/{meeting_id}.yaml")
        return found.series if found is not None else None

    def latest(self, statuses: tuple[str, ...], series: str | None = None) -> Meeting | None:
        """The latest meeting (by date, then id) with one of these statuses (of `series`)."""
        found = [m for m in self.meetings
                 if m.status in statuses and (series is None or m.series == series)]
        return max(found, key=lambda m: (m.date, m.id), default=None)

    def meeting_at(self, relpath: str) -> Meeting | None:
        """The valid meeting in this file; None if the file has problems or is not here."""
        return next((m for m in self.meetings if m.path == relpath), None)

    def scope(self, series: set[str]) -> "Workspace":
        """A workspace holding what judging the meetings of `series` needs (folding them,
        checking them): their meetings, and those of every series joined to them by
        references. Here, every meeting; the cached workspace narrows it to their groups."""
        return self

    def ledger(self, as_of: date | None = None):
        """The action ledger (ledger.build over every meeting), as of a date if given."""
        from actionlog import ledger

        book, _problems = ledger.build(self.meetings, self.roster, as_of=as_of)
        return book

    def check(self, strict: bool = False) -> list[Problem]:
        """Every problem `validate` reports: checks.run over the whole workspace."""
        from actionlog import checks

        return checks.run(self, strict=strict)


def find_root(start: Path | None = None, override: str | None = None) -> Path:
    """The nearest folder at or above `start` that holds `meetings/`."""
    if override:
        root = Path(override).expanduser().resolve()
        if not (root / MEETINGS).is_dir():
            raise WorkspaceError(f"{root} is not an actionlog workspace (it has no "
                                 f"{MEETINGS}/ folder)")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MEETINGS).is_dir():
            return folder
    raise WorkspaceError(f"no actionlog workspace here: neither {here} nor any folder above "
                         f"it has a {MEETINGS}/ folder (use --root, or set {ENV_ROOT})")


def scan(root: Path) -> list[tuple[str, int, int]]:
    """Every meeting file as (relative path, size, mtime_ns), sorted by path; hidden names
    skipped, folder symlinks not followed. A file that cannot be stat'ed gets (-1, -1)."""
    out: list[tuple[str, int, int]] = []
    base = os.path.join(str(root), MEETINGS)
    stack = [(base, MEETINGS)]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    stack.append((entry.path, f"{rel}/{name}"))
            elif name.endswith(".yaml"):
                try:
                    st = entry.stat()
                    out.append((f"{rel}/{name}", st.st_size, st.st_mtime_ns))
                except OSError:
                    out.append((f"{rel}/{name}", -1, -1))
    out.sort()
    return out


def meeting_files(root: Path) -> list[str]:
    """Every meeting file, as a path relative to the root, sorted; hidden names skipped."""
    return [rel for rel, _size, _mtime in scan(root)]


def meeting_id(relpath: str) -> str:
    """meetings/assurance/2016-06-28.yaml -> assurance/2016-06-28."""
    inner = relpath.replace(os.sep, "/").split("/", 1)[1]
    return inner[: -len(".yaml")]


class NoSuchMeeting(WorkspaceError):
    """A MEETING argument that names no meeting file, or more than one."""


def find_meeting_file(root: Path, files: list[str], spec: str) -> str:
    """The meeting file (relative to the root, one of `files`) that `spec` names: a
    meeting id (2016-07-26, assurance/2016-07-26), a date as people type it, or a path."""
    from actionlog.dates import parse_user_date

    text = spec.strip().replace("\\", "/")
    if text.endswith(".yaml") or Path(spec).is_file():
        relpath = _file_in_workspace(root, spec, text)
        if relpath in files:
            return relpath
        raise NoSuchMeeting(f"no meeting file {relpath} in the workspace {root}")
    by_id = {meeting_id(p): p for p in files}
    key = text.strip("/")
    if key in by_id:
        return by_id[key]
    try:
        day = parse_user_date(key).isoformat()
    except ValueError:
        day = None
    same_day = sorted(p for i, p in by_id.items() if i.rsplit("/", 1)[-1] == day)
    if len(same_day) == 1:
        return same_day[0]
    if same_day:
        raise NoSuchMeeting(f"{len(same_day)} meetings on {day}: name one of "
                            f"{', '.join(meeting_id(p) for p in same_day)}")
    latest = ", ".join(meeting_id(p) for p in files[-3:]) or "none"
    raise NoSuchMeeting(f"no meeting '{spec}' in {MEETINGS}/ (name one by its id such as "
                        f"2016-07-26, its date, or its file; the last few: {latest})")


def _file_in_workspace(root: Path, spec: str, text: str) -> str:
    candidate = Path(spec)
    absolute = candidate.resolve() if candidate.is_file() else (root / text).resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise NoSuchMeeting(f"{spec} is not a meeting file of the workspace {root} (meeting "
                            f"files live under {MEETINGS}/)") from None


def load_file(root: Path, relpath: str) -> tuple[Meeting | None, list[Problem]]:
    """One file through every per-file stage: text, YAML, schema, records."""
    from actionlog import yamlio

    text, problems = yamlio.read_text(str(root / relpath), relpath)
    if text is None:
        return None, problems
    data, problems = yamlio.parse(text, relpath)
    if problems:
        return None, problems
    return to_meeting(data, relpath)


def to_meeting(data: object, relpath: str) -> tuple[Meeting | None, list[Problem]]:
    """A parsed file's records, or the schema's problems with it."""
    from actionlog import fastpath

    meeting = fastpath.meeting(data, meeting_id(relpath), relpath)
    if meeting is not None:
        return meeting, []
    # not certain it is valid: the schema decides, and words the problems
    from actionlog import model, schema

    checked, problems = schema.check(data, relpath)
    if checked is None:
        return None, problems
    return model.from_schema(checked, meeting_id(relpath), relpath, data), []


def load(root: Path, paths: list[str] | None = None) -> Workspace:
    """Every meeting in the workspace (or only `paths`), in date order, and its problems.

    The whole workspace comes through the cache, which re-reads only files that changed.
    """
    from actionlog import cache

    if paths is None and cache.enabled():
        return cache.load(root)
    return load_uncached(root, paths)


def load_uncached(root: Path, paths: list[str] | None = None) -> Workspace:
    """`load` without the cache: every file read, parsed and checked now."""
    from actionlog import owners

    files = meeting_files(root) if paths is None else paths
    ws = Workspace(root=root, files=files)
    for relpath in files:
        meeting, problems = load_file(root, relpath)
        ws.problems.extend(problems)
        if meeting is not None:
            ws.meetings.append(meeting)
    ws.meetings.sort(key=lambda m: (m.date, m.id))
    ws.roster, roster_problems = owners.load_roster(root)
    ws.problems.extend(roster_problems)
    return ws


def locate(root: Path, problems: list[Problem]) -> list[Problem]:
    """Fill in line and column for problems known only by YAML path (the slow path)."""
    from actionlog import yamlio

    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    out: list[Problem] = []
    for path, group in by_file.items():
        pending = [p for p in group if not p.line and p.loc]
        out.extend(p for p in group if p.line or not p.loc)
        if not pending:
            continue
        text, _ = yamlio.read_text(str(root / path), path)
        if text is None:
            out.extend(pending)
            continue
        found = yamlio.positions(text, [p.loc for p in pending if not p.at_key])
        for p in pending:
            line, column = (yamlio.key_position(text, p.loc) if p.at_key
                            else found.get(p.loc, (1, 1)))
            out.append(p.with_position(line, column))
    return sorted(out)
