"""Checks across meetings: each takes the loaded workspace and returns problems.

Per-file checks (`syntax`, `schema`, `dates` in fields) happen while loading; the ones here
need the meeting's name, its neighbours, or the ledger. Each takes the valid meetings (in
date order) and returns problems.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Callable

from actionlog.core.ledger import Ledger, fold
from actionlog.core.model import OPEN_STATUSES, Meeting, item_label
from actionlog.core.owners import RosterEntry
from actionlog.core.problems import Problem, at
from actionlog.core.refs import stem

CHECKS: dict[str, str] = {
    "syntax": "the file is YAML that can be read (UTF-8, no tabs, no aliases or tags)",
    "files": "every file under meetings/ is read: no unreadable or linked folder, no .yml "
             "file, no link out of the workspace",
    "schema": "known fields, the right types, required fields present",
    "dates": "dates are ISO and real; a file is named after its meeting's date",
    "ids": "action ids are unique within a meeting",
    "refs": "Outstanding Matters name actions raised in earlier meetings",
    "owners": "every owner resolves to one person, a role holder, or ALL",
    "carried": "an open action is reviewed at the next meeting of its series "
               "(a warning; an error with --strict)",
    "schedule": "no date named is a cancelled meeting's; no due date is before the meeting "
                "that sets it; no draft is dated in the past (warnings)",
}


def filename(meetings: list[Meeting]) -> list[Problem]:
    out = []
    for m in meetings:
        name = stem(m.id)
        if not name.startswith(m.date.isoformat()):
            out.append(at(m.path, ("date",), f"the file is named '{name}' but the meeting's "
                          f"date is {m.date.isoformat()}", "dates",
                          f"rename the file to {m.date.isoformat()}.yaml, or correct the date"))
    return out


def ids(meetings: list[Meeting]) -> list[Problem]:
    out = []
    for m in meetings:
        seen = Counter()
        for action, _item, _review in m.raised_actions():
            seen[action.number] += 1
            if seen[action.number] == 2:
                out.append(at(m.path, action.loc + ("id",),
                              f"action id {action.number} is used more than once in this "
                              f"meeting", "ids",
                              f"each action needs its own number; the next free one is "
                              f"{_next_free(m)}"))
    return out


def _next_free(m: Meeting) -> int:
    return max((a.number for a, _i, _r in m.raised_actions()), default=0) + 1


def outstanding_place(meetings: list[Meeting]) -> list[Problem]:
    """Outstanding Matters entries stand on one item of a meeting, its Outstanding Matters
    item (at any depth): a second item holding some would be missed by the agenda's tracker,
    `carry` and the recording commands, which all look for the first."""
    out = []
    for m in meetings:
        holders = [(item, parents) for item, parents in m.walk_items()
                   if item.outstanding is not None]
        if len(holders) < 2:
            continue
        first = item_label(*holders[0]) + (f" {holders[0][0].title}" if holders[0][0].number
                                           else "")
        for item, _parents in holders[1:]:
            out.append(at(m.path, item.loc + ("outstanding",),
                          f"Outstanding Matters are already under item {first}; a meeting has "
                          f"one Outstanding Matters item", "schema",
                          "move these entries into that item's outstanding: list"))
    return out


def deferrals(meetings: list[Meeting]) -> list[Problem]:
    out = []
    for m in meetings:
        for item, _parents in m.walk_items():
            if item.deferred_from and item.deferred_from >= m.date:
                out.append(at(m.path, item.loc + ("deferred_from",),
                              f"deferred_from {item.deferred_from.isoformat()} is not before "
                              f"this meeting ({m.date.isoformat()})", "dates"))
    return out


def carried(meetings: list[Meeting], ledger: Ledger) -> list[Problem]:
    """An action open after meeting M and not reviewed at the meeting that follows M.

    Only where the record is continuous: the following meeting is the one M named as the
    next (or M named none). Each action is walked forward from where it was raised.
    """
    out = []
    series: dict[str, list[Meeting]] = {}
    for m in meetings:
        if not m.cancelled:
            series.setdefault(m.series, []).append(m)
    index = {m.id: (name, i) for name, ms in series.items() for i, m in enumerate(ms)}
    reviewed = {m.id: {r.ref for r, _i in m.reviews()} for m in meetings}
    for entry in ledger.entries.values():
        name, start = index[entry.meeting_id]
        meetings = series[name]
        status, events = entry.raised_status, iter(entry.history)
        event = next(events, None)
        for before, after in zip(meetings[start:], meetings[start + 1:]):
            while event is not None and event.date <= before.date:
                status, event = event.status, next(events, None)
            if status not in OPEN_STATUSES:
                break
            if before.next_date is not None and before.next_date != after.date:
                continue
            if entry.ref not in reviewed[after.id]:
                out.append(at(after.path, _outstanding_loc(after),
                              f"open action {entry.ref} ({_short(entry.text)}) is not "
                              f"reviewed in Outstanding Matters", "carried",
                              "run `actionlog carry` to add it", severity="warning"))
                break
    return out


def _outstanding_loc(m: Meeting) -> tuple:
    item = m.outstanding_item()
    return item.loc + ("outstanding",) if item else ("items",)


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def dates_named(meetings: list[Meeting]) -> list[Problem]:
    """A next meeting or a due date that names a meeting since cancelled, and a due date set
    before the meeting that sets it: each a warning ("next meeting" itself moves on to the
    next meeting that takes place; a date written out does not)."""
    called_off: dict[str, set] = {}
    for m in meetings:
        if m.cancelled:
            called_off.setdefault(m.series, set()).add(m.date)
    out = []
    for m in meetings:
        if m.cancelled:
            continue
        off = called_off.get(m.series, set())
        if m.next_date in off:
            out.append(at(m.path, ("next_meeting", "date"),
                          f"the next meeting named here, {m.next_date.isoformat()}, was "
                          f"cancelled", "schedule",
                          "name the meeting that will take place instead (actions due "
                          "'next meeting' already fall due at it)", severity="warning"))
        for due, loc, what in _dues(m):
            if due in off:
                out.append(at(m.path, loc, f"{what} is due {due.isoformat()}, the date of a "
                              f"meeting since cancelled", "schedule",
                              "move it to the next meeting that takes place",
                              severity="warning"))
            elif due < m.date:
                out.append(at(m.path, loc, f"{what} is due {due.isoformat()}, before this "
                              f"meeting ({m.date.isoformat()})", "schedule",
                              "a due date set at a meeting is normally after it; check the "
                              "year", severity="warning"))
    return out


def _dues(m: Meeting):
    """Each due date written out in a meeting: (date, where, 'action 2016-07-26/1')."""
    for action, _item, _review in m.raised_actions():
        if isinstance(action.due, date):
            yield action.due, action.loc + ("due",), f"action {m.id}/{action.number}"
    for review, _item in m.reviews():
        if isinstance(review.due, date):
            yield review.due, review.loc + ("due",), f"action {review.ref or '(reviewed)'}"


MeetingsCheck = Callable[[list[Meeting]], list[Problem]]
PER_MEETING: tuple[MeetingsCheck, ...] = (filename, ids, outstanding_place, deferrals,
                                          dates_named)


def stale_drafts(rows, today: date) -> list[Problem]:
    """Drafts dated before `today`: the meeting took place (mark it held) or did not
    (cancel it); until then what it holds is only proposed. `rows`: (path, date, status)."""
    return [at(path, ("status",), f"this draft is dated {day.isoformat()}, which has passed; "
               f"what it records is only proposed until it is marked as held", "schedule",
               "write `status: held` once the meeting has taken place, or `actionlog "
               "cancel` it", severity="warning")
            for path, day, status in rows if status == "draft" and day < today]


def run(meetings: list[Meeting], roster: list[RosterEntry],
        strict: bool = False) -> list[Problem]:
    """Every cross-file problem among `meetings` (closed under references: a whole group of
    series), the ledger's included."""
    ledger, problems = fold(meetings, roster)
    return after_fold(meetings, ledger, problems, strict)


def after_fold(meetings: list[Meeting], ledger: Ledger, problems: list[Problem],
               strict: bool = False) -> list[Problem]:
    """`run`, given the fold of `meetings` already made (the store folds each group once,
    for its ledger and its checks alike)."""
    problems = list(problems)
    for check in PER_MEETING:
        problems += check(meetings)
    found = carried(meetings, ledger)
    problems += [p.as_error() for p in found] if strict else found
    return problems
