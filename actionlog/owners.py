"""Owners as the officer writes them ("AB", "DCC", "ACC Cooper", "AC/AB", "ALL"), resolved
in the context of the meeting that raised the action, then the workspace roster.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from actionlog.model import Meeting
from actionlog.problems import Problem

ALL = "ALL"


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One person holding one role for a while (either end may be open)."""

    id: str
    name: str
    role: str | None
    start: date | None = None
    end: date | None = None

    def holds(self, role: str, on: date) -> bool:
        return (self.role is not None and self.role.casefold() == role.casefold()
                and (self.start is None or self.start <= on)
                and (self.end is None or on <= self.end))


@dataclass(frozen=True, slots=True)
class Owner:
    """An owner resolved to a person (and the role they held), or to everyone."""

    written: str
    id: str | None = None
    name: str | None = None
    role: str | None = None

    @property
    def everyone(self) -> bool:
        return self.written.upper() == ALL

    def label(self) -> str:
        """'DCC Anthony Bangham', 'Anthony Bangham', 'ALL', or the text as written."""
        if self.everyone:
            return ALL
        if self.name:
            return f"{self.role} {self.name}" if self.role else self.name
        return self.written

    def matches(self, query: str) -> bool:
        q = query.casefold()
        if self.everyone:
            return True
        return any(v is not None and v.casefold() == q
                   for v in (self.written, self.id, self.name, self.role))


@dataclass(frozen=True, slots=True)
class Resolution:
    owner: Owner
    message: str = ""  # empty when resolved
    hint: str = ""


def load_roster(root: Path) -> tuple[list[RosterEntry], list[Problem]]:
    from actionlog import workspace

    path = root / workspace.ROSTER
    if not path.exists():
        return [], []
    from actionlog import schema, yamlio

    display = workspace.ROSTER
    data, problems = yamlio.read_data(str(path), display)
    if problems:
        return [], problems
    roster, problems = schema.check_roster(data, display)
    if roster is None:
        return [], problems
    entries = []
    for person in roster.people:
        entries.append(RosterEntry(person.id, person.name, None))
        entries.extend(RosterEntry(person.id, person.name, t.role, t.from_, t.to)
                       for t in person.roles)
    return entries, []


def resolve(written: str, meeting: Meeting, roster: list[RosterEntry],
            on: date | None = None) -> Resolution:
    """Who `written` means at `meeting`: its people first, then the roster on that date."""
    on = on or meeting.date
    text = " ".join(written.split())
    if text.upper() == ALL:
        return Resolution(Owner(text))
    key = text.casefold()
    people = meeting.people()

    def found(matches: list[Owner], where: str) -> Resolution | None:
        unique = {(o.id, o.name): o for o in matches}
        if len(unique) == 1:
            return Resolution(next(iter(unique.values())))
        if len(unique) > 1:
            names = ", ".join(sorted(o.name or "?" for o in unique.values()))
            return Resolution(Owner(text), f"owner '{text}' is ambiguous: it could be "
                              f"{names} ({where})", "write the person's initials instead")
        return None

    as_person = [Owner(text, p.id, p.name, p.role) for p in people
                 if p.id.casefold() == key or p.name.casefold() == key]
    as_role = [Owner(text, p.id, p.name, p.role) for p in people
               if p.role and p.role.casefold() == key]
    for matches, where in ((as_person, "at this meeting"), (as_role, "at this meeting")):
        result = found(matches, where)
        if result:
            return result

    # "Campion", "ACC Cooper" or "ACC Karen Cooper": a name, with or without the role
    by_name = [Owner(text, p.id, p.name, p.role) for p in people
               if key in _name_forms(p.name, p.role)]
    result = found(by_name, "at this meeting")
    if result:
        return result

    in_roster = [Owner(text, e.id, e.name, e.role) for e in roster
                 if (e.role is None and (e.id.casefold() == key or
                                         key in _name_forms(e.name, None)))
                 or (e.role is not None and e.holds(e.role, on) and
                     (e.role.casefold() == key or key in _name_forms(e.name, e.role)))]
    result = found(in_roster, f"in the roster on {on.isoformat()}")
    if result:
        return result
    return Resolution(Owner(text), f"unknown owner '{text}'" + _did_you_mean(text, meeting,
                                                                                roster),
                      _owner_hint(meeting))


def _name_forms(name: str, role: str | None) -> set[str]:
    full = name.casefold()
    forms = {full, full.split()[-1]}
    if role:
        forms |= {f"{role.casefold()} {f}" for f in list(forms)}
    return forms


def _candidates(meeting: Meeting, roster: list[RosterEntry]) -> list[str]:
    out = [ALL]
    for p in meeting.people():
        out += [p.id, p.name] + ([p.role] if p.role else [])
    for e in roster:
        out += [e.id, e.name] + ([e.role] if e.role else [])
    return out


def _did_you_mean(text: str, meeting: Meeting, roster: list[RosterEntry]) -> str:
    options = _candidates(meeting, roster)
    folded = {o.casefold(): o for o in options}
    close = difflib.get_close_matches(text.casefold(), list(folded), n=1, cutoff=0.6)
    return f" (did you mean '{folded[close[0]]}'?)" if close else ""


def _owner_hint(meeting: Meeting) -> str:
    known = ", ".join(f"{p.id} ({p.role})" if p.role else p.id for p in meeting.people())
    return (f"an owner is the initials or role of someone at the meeting ({known}), a name, "
            f"ALL, or someone in roster.yaml" if known else
            "an owner is initials, a role, a name, ALL, or someone in roster.yaml")
