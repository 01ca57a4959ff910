"""What the shell completes: action references, owners, series and meetings of the workspace.

Each function takes the workspace root (or None when there is none) and the text typed so
far, and returns (value, help) pairs. They run on every Tab press, so they never raise:
anything that goes wrong completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from actionlog.core import schedule
from actionlog.core.refs import meeting_id, meeting_of, stem
from actionlog.store.load import load_series, series_names
from actionlog import workspace
from actionlog.workspace import WorkspaceError, meeting_files
from actionlog.workspace import find_root as find

Pairs = list[tuple[str, str]]
HELP_WIDTH = 60
UPCOMING = 6  # schedule dates offered per series
GAP = 5  # action numbers tried past the last one found in a meeting


def safely(fn: Callable[[Path, str], Pairs]) -> Callable[[Path | None, str], Pairs]:
    """Wrap a completer so that no workspace, or any error, gives no candidates."""
    def complete(root: Path | None, incomplete: str) -> Pairs:
        if root is None:
            return []
        try:
            return fn(root, incomplete)
        except Exception:  # noqa: BLE001 - a Tab press must never print a traceback
            return []
    complete.__name__ = fn.__name__
    complete.__doc__ = fn.__doc__
    return complete


def find_root(override: str | None) -> Path | None:
    try:
        return find(override=override)
    except (WorkspaceError, OSError):
        return None


def _ledger(root: Path):
    ws = workspace.load(root)  # through the cache: a Tab press re-reads only changed files
    return ws, ws.ledger()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= HELP_WIDTH else text[: HELP_WIDTH - 1] + "…"


def _sorted(entries) -> list:
    return sorted(entries, key=lambda e: (not e.is_open, *e.order()))


def _pairs(entries) -> Pairs:
    return [(e.ref, _short(f"[{e.status}] {e.text}")) for e in _sorted(entries)]


@safely
def refs(root: Path, incomplete: str) -> Pairs:
    """Open actions' references; closed ones too once their meeting's id is typed.

    Open actions come from the cache's index; reading every closed action of a large
    workspace would take seconds, one meeting's takes a moment.
    """
    _ws, book = _ledger(root)
    found = {e.ref: e for e in book.open() if e.ref.startswith(incomplete)}
    meeting = meeting_of(incomplete)
    if meeting and meeting in {meeting_id(p) for p in meeting_files(root)}:
        number, misses = 1, 0
        while misses < GAP:
            entry = book.get(f"{meeting}/{number}")
            misses = misses + 1 if entry is None else 0
            if entry is not None and entry.ref.startswith(incomplete):
                found.setdefault(entry.ref, entry)
            number += 1
    return _pairs(found.values())


@safely
def open_refs(root: Path, incomplete: str) -> Pairs:
    """The references of open actions only (for commands that record an update)."""
    _ws, book = _ledger(root)
    return _pairs(e for e in book.open() if e.ref.startswith(incomplete))


@safely
def owners(root: Path, incomplete: str) -> Pairs:
    """Initials and roles of the owners of open actions and of the roster, with who they are."""
    ws, book = _ledger(root)
    seen: dict[str, set[str]] = {}

    def add(values, who: str) -> None:
        for value in values:
            if value and " " not in value:
                seen.setdefault(value, set()).add(who)

    for entry in book.open():
        for o in entry.owners:
            add((o.id, o.role, o.written), o.name or o.written)
    for person in ws.roster:
        add((person.id, person.role), person.name)
    seen.setdefault("ALL", set()).add("everyone")
    typed = incomplete.casefold()
    return [(value, _short(", ".join(sorted(names))))
            for value, names in sorted(seen.items())
            if value.casefold().startswith(typed)]


@safely
def series(root: Path, incomplete: str) -> Pairs:
    """Series names: those with a template and those with meetings (from the cache's index,
    so no meeting is read)."""
    found = {name: "template" for name in series_names(root)}
    for name in workspace.load(root).series_names():
        found.setdefault(name, "meetings")
    return [(name, text) for name, text in sorted(found.items()) if name.startswith(incomplete)]


@safely
def meetings(root: Path, incomplete: str) -> Pairs:
    """Meeting ids (the file's path under meetings/ without .yaml), newest first.

    Read from file names alone, so it is instant however many meetings there are.
    """
    ids = [meeting_id(p) for p in meeting_files(root)]
    ids.sort(key=lambda i: (stem(i), i), reverse=True)
    return [(i, "") for i in ids if i.startswith(incomplete)]


@safely
def dates(root: Path, incomplete: str) -> Pairs:
    """The next free dates of each series' schedule (those new-meeting or cancel want)."""
    ws = workspace.load(root)
    out: dict[str, str] = {}
    for name in series_names(root):
        template, problems = load_series(root, name)
        if template is None or problems:
            continue
        own = [m.date for m in ws.series_meetings(name)]
        if not own:
            continue  # no meeting yet: nothing to count from without the real clock
        after, taken = max(own), set(own)
        for _ in range(UPCOMING):
            day = schedule.next_date(template.schedule, after, taken)
            if day is None:
                break
            out.setdefault(day.isoformat(), f"{name}: {day:%A} {day.day} {day:%B %Y}")
            after = day
    return [(d, text) for d, text in sorted(out.items()) if d.startswith(incomplete)]

