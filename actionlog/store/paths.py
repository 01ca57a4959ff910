"""Where things are in a workspace: its root, its meeting files, and which file a name
given on the command line means."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from actionlog.core.dates import parse_user_date
from actionlog.core.problems import Problem
from actionlog.core.refs import MEETINGS, SUFFIX, meeting_id, stem

TEMPLATES = "templates"
ROSTER = "roster.yaml"
ENV_ROOT = "ACTIONLOG_ROOT"


class WorkspaceError(Exception):
    """No workspace where one was needed: a domain error the CLI reports in one line."""


class NoSuchMeeting(WorkspaceError):
    """A MEETING argument that names no meeting file, or more than one."""


@dataclass(frozen=True, slots=True)
class Stat:
    """A file as the cache keys it: a file edited and given its old modification time back
    still differs in its change time (and a file replaced by another in its inode)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, st: os.stat_result) -> "Stat":
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


MISSING = Stat(-1, -1, -1, -1)  # a file listed but not stat'able: never taken as unchanged


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


def scan(root: Path, skipped: list[Problem] | None = None) -> list[tuple[str, Stat]]:
    """Every meeting file as (relative path, Stat), sorted by path; hidden names skipped.

    What it cannot or will not read is never skipped in silence: an unreadable folder, a
    linked folder (not followed: its files would have two ids), a `.yml` file and a link
    to a file outside the workspace (never read, so never quoted) each add a problem to
    `skipped`."""
    out: list[tuple[str, Stat]] = []
    note = skipped.append if skipped is not None else (lambda _p: None)
    top = os.path.realpath(root)
    stack = [(os.path.join(str(root), MEETINGS), MEETINGS)]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            if rel != MEETINGS or os.path.exists(folder):
                note(_skipped(rel, f"cannot read this folder ({exc.strerror}): its meeting "
                                   f"files are not read", "give yourself permission to "
                                   f"read it (chmod u+rx), or move it out of meetings/"))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = f"{rel}/{name}"
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if entry.is_symlink():
                    note(_skipped(path, "is a link to a folder, which is not followed: its "
                                        "meeting files are not read",
                                  "move the folder itself under meetings/ instead of linking "
                                  "to it"))
                else:
                    stack.append((entry.path, path))
            elif name.endswith(SUFFIX):
                if entry.is_symlink() and not _inside(entry.path, top):
                    note(_skipped(path, "is a link to a file outside the workspace: it is "
                                        "not read", "keep meeting files in the workspace; "
                                                    "copy the file here instead of linking"))
                    continue
                try:
                    out.append((path, Stat.of(entry.stat())))
                except OSError:
                    out.append((path, MISSING))
            elif name.casefold().endswith((".yml", ".yaml")):
                note(_skipped(path, f"is not read: meeting files end in '{SUFFIX}'",
                              f"rename it to {name.rsplit('.', 1)[0]}{SUFFIX}"))
    out.sort(key=lambda row: row[0])
    return out


def _skipped(path: str, message: str, hint: str) -> Problem:
    return Problem(path, 0, 0, message=message, check="files", hint=hint)


def _inside(path: str, top: str) -> bool:
    """Whether `path`, its links followed, is within the folder `top` (already real)."""
    real = os.path.realpath(path)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def stat(path: Path) -> Stat | None:
    try:
        return Stat.of(os.stat(path))
    except OSError:
        return None


def meeting_files(root: Path) -> list[str]:
    """Every meeting file, as a path relative to the root, sorted; hidden names skipped."""
    return [rel for rel, _stat in scan(root)]


def find_meeting_file(root: Path, files: list[str], spec: str) -> str:
    """The meeting file (relative to the root, one of `files`) that `spec` names: a
    meeting id (2016-07-26, assurance/2016-07-26), a date as people type it, or a path."""
    text = spec.strip().replace("\\", "/")
    if text.endswith(SUFFIX) or Path(spec).is_file():
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
    same_day = sorted(p for i, p in by_id.items() if stem(i) == day)
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
