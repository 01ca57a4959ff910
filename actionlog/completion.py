"""What the shell completes: action references, owners, series and meetings of the workspace.

Each function takes the workspace root (or None when there is none) and the text typed so
far, and returns (value, help) pairs. They run on every Tab press, so they never raise:
anything that goes wrong completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

Pairs = list[tuple[str, str]]
HELP_WIDTH = 60
UPCOMING = 6  # schedule dates offered per series


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
    from actionlog.workspace import WorkspaceError
    from actionlog.workspace import find_root as find

    try:
        return find(override=override)
    except (WorkspaceError, OSError):
        return None


def _ledger(root: Path):
    from actionlog import ledger, workspace

    ws = workspace.load(root)
    book, _problems = ledger.build(ws.meetings, ws.roster)
    return ws, book


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= HELP_WIDTH else text[: HELP_WIDTH - 1] + "…"


@safely
def refs(root: Path, incomplete: str) -> Pairs:
    """Every action reference, the open ones first, with the action's text as help."""
    _ws, book = _ledger(root)
    entries = [e for e in book.entries.values() if e.ref.startswith(incomplete)]
    entries.sort(key=lambda e: (not e.is_open, e.meeting_date, e.ref))
    return [(e.ref, _short(f"[{e.status}] {e.text}")) for e in entries]


@safely
def open_refs(root: Path, incomplete: str) -> Pairs:
    """The references of open actions only (for commands that record an update)."""
    return [(ref, text) for ref, text in refs(root, incomplete)
            if not text.startswith(("[discharged]", "[withdrawn]"))]


@safely
def owners(root: Path, incomplete: str) -> Pairs:
    """Owners' initials and roles as the meetings write them, with who they are."""
    _ws, book = _ledger(root)
    seen: dict[str, set[str]] = {}
    for entry in book.entries.values():
        for o in entry.owners:
            people = o.name or o.written
            for value in (o.id, o.role, o.written):
                if value and " " not in value:
                    seen.setdefault(value, set()).add(people)
    seen.setdefault("ALL", set()).add("everyone")
    typed = incomplete.casefold()
    return [(value, _short(", ".join(sorted(names))))
            for value, names in sorted(seen.items())
            if value.casefold().startswith(typed)]


@safely
def series(root: Path, incomplete: str) -> Pairs:
    """Series names: those with a template and those with meetings."""
    from actionlog.workspace import TEMPLATES

    found: dict[str, str] = {}
    folder = root / TEMPLATES
    if folder.is_dir():
        for path in folder.glob("*.yaml"):
            found[path.stem] = "template"
    from actionlog import workspace

    for m in workspace.load(root).meetings:
        found.setdefault(m.series, "")
        if not found[m.series] or found[m.series] == "template":
            found[m.series] = m.title
    return [(name, _short(text)) for name, text in sorted(found.items())
            if name.startswith(incomplete)]


@safely
def meetings(root: Path, incomplete: str) -> Pairs:
    """Meeting ids (the file's path under meetings/ without .yaml), newest first.

    Read from file names alone, so it is instant however many meetings there are.
    """
    from actionlog.workspace import meeting_files, meeting_id

    ids = [meeting_id(p) for p in meeting_files(root)]
    ids.sort(key=lambda i: (i.rsplit("/", 1)[-1], i), reverse=True)
    return [(i, "") for i in ids if i.startswith(incomplete)]


@safely
def dates(root: Path, incomplete: str) -> Pairs:
    """The next free dates of each series' schedule (those new-meeting or cancel want)."""
    from actionlog import schedule, workspace
    from actionlog import series as series_mod

    meetings = workspace.load(root).meetings
    out: dict[str, str] = {}
    for name in series_mod.names(root):
        template, problems = series_mod.load(root, name)
        if template is None or problems:
            continue
        own = [m.date for m in meetings if m.series == name]
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

