"""Owners as the officer writes them ("AB", "DCC", "ACC Cooper", "AC/AB", "ALL"), resolved
in the context of the meeting that raised the action, then the workspace roster.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass
from datetime import date

from actionlog.core.model import Meeting

ALL = "ALL"


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One person holding one role for a while (either end may be open)."""

    id: str
    name: str
    role: str | None
    start: date | None = None
    end: date | None = None
    aliases: tuple[str, ...] = ()  # other names people use for them ("Mandy Blakeman")

    def holds(self, role: str, on: date) -> bool:
        return (self.role is not None and fold_key(self.role) == fold_key(role)
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

    def keys(self) -> frozenset[str]:
        """Every way to ask for this owner, folded: as written, initials, role, full name,
        surname, and the role with either name ("dcc bangham")."""
        return _keys(self.written, self.id, self.name, self.role)

    def matches(self, query: str) -> bool:
        return self.everyone or fold_key(query) in self.keys()


def fold_key(text: str) -> str:
    """How an owner asked for is compared: case and spacing do not matter."""
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


@functools.cache
def _keys(written: str, id_: str | None, name: str | None, role: str | None) -> frozenset[str]:
    out = {fold_key(v) for v in (written, id_, role) if v}
    if name:
        out |= _name_forms(fold_key(name), fold_key(role) if role else None)
    return frozenset(out)


Holders = dict[str, tuple[str, str]]  # a role (folded) -> (id, name) of who holds it now


def roles_at(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(role, id, name) of each person at a meeting who holds a role."""
    return [(p.role, p.id, p.name) for p in meeting.people() if p.role]


def holders(latest: list[list[tuple[str, str, str]]], roster: list[RosterEntry],
            on: date) -> Holders:
    """Who holds each role on `on`: the roster where it says (it knows dates), else the
    people of the latest meetings held (`latest`: their `roles_at`, oldest first: a later
    one wins)."""
    out: Holders = {}
    for people in latest:
        for role, id_, name in people:
            out[fold_key(role)] = (id_, name)
    for e in roster:
        if e.role and e.holds(e.role, on):
            out[fold_key(e.role)] = (e.id, e.name)
    return out


def holder_now(owner: Owner, now: Holders) -> str | None:
    """'DCC Amanda Blakeman' when someone else holds the owner's role now; else None."""
    if owner.everyone or not owner.role:
        return None
    found = now.get(fold_key(owner.role))
    if found is None or fold_key(found[1]) == fold_key(owner.name or ""):
        return None
    return f"{owner.role} {found[1]}"


def asked_for_now(query: str, now: Holders) -> frozenset[str]:
    """The keys of whoever holds the role `query` names now (empty if it names no role)."""
    found = now.get(fold_key(query))
    return frozenset({fold_key(found[0]), fold_key(found[1])}) if found else frozenset()


def asked_for(query: str, roster: list[RosterEntry]) -> frozenset[str]:
    """The keys an owner asked for on the command line stands for: itself, and for someone
    in the roster it names (by initials, name, surname or alias), their initials and name."""
    key = fold_key(query)
    out = {key}
    for e in roster:
        names = {fold_key(e.id), *_name_forms(fold_key(e.name), None),
                 *(fold_key(a) for a in e.aliases)}
        if key in names:
            out |= {fold_key(e.id), fold_key(e.name)}
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Resolution:
    owner: Owner
    message: str = ""  # empty when resolved
    hint: str = ""


def resolve(written: str, meeting: Meeting, roster: list[RosterEntry],
            on: date | None = None) -> Resolution:
    """Who `written` means at `meeting`: its people first, then the roster on that date."""
    return Resolver(roster)(written, meeting, on)


class Resolver:
    """`resolve` against one roster, for many owners at many meetings (a fold, which does
    not change them): a text is looked for among the same people once, however many
    meetings they attend together."""

    def __init__(self, roster: list[RosterEntry]) -> None:
        self.roster = roster
        self._meeting: Meeting | None = None
        self._people: tuple = ()
        self._seen: dict[tuple[str, date | None], Resolution] = {}  # at self._meeting
        self._among: dict[tuple[str, tuple], Resolution | None] = {}  # text, people
        self._in_roster: dict[str, list[RosterEntry]] | None = None

    def __call__(self, written: str, meeting: Meeting, on: date | None = None) -> Resolution:
        if meeting is not self._meeting:
            self._meeting, self._seen = meeting, {}
            self._people = tuple((p.id, p.name, p.role) for p in meeting.people())
        result = self._seen.get((written, on))
        if result is None:
            result = self._seen[written, on] = self._resolve(written, meeting, on or meeting.date)
        return result

    def _resolve(self, written: str, meeting: Meeting, on: date) -> Resolution:
        text = " ".join(written.split())
        if text.upper() == ALL:
            return Resolution(Owner(text))
        among = (text, self._people)
        if among not in self._among:
            self._among[among] = _at_meeting(text, self._people)
        result = self._among[among]
        if result:
            return result
        if self._in_roster is None:
            self._in_roster = _roster_index(self.roster)
        in_roster = [Owner(text, e.id, e.name, e.role)
                     for e in self._in_roster.get(fold_key(text), ())
                     if e.role is None or e.holds(e.role, on)]
        result = _found(text, in_roster, f"in the roster on {on.isoformat()}")
        if result:
            return result
        return Resolution(Owner(text), f"unknown owner '{text}'" + _did_you_mean(
            text, meeting, self.roster), _owner_hint(meeting))


def _at_meeting(text: str, people: tuple) -> Resolution | None:
    """Who `text` means among a meeting's people (id, name, role), if anyone."""
    key = fold_key(text)
    as_person = [Owner(text, *p) for p in people
                 if fold_key(p[0]) == key or fold_key(p[1]) == key]
    as_role = [Owner(text, *p) for p in people if p[2] and fold_key(p[2]) == key]
    for matches in (as_person, as_role):
        result = _found(text, matches, "at this meeting")
        if result:
            return result
    # "Campion", "ACC Cooper" or "ACC Karen Cooper": a name, with or without the role
    by_name = [Owner(text, *p) for p in people if key in _name_forms(p[1], p[2])]
    return _found(text, by_name, "at this meeting")


def _roster_index(roster: list[RosterEntry]) -> dict[str, list[RosterEntry]]:
    """The roster's entries by what may name them (folded): a person by initials or name, a
    role held by the role or by the name with or without it."""
    index: dict[str, list[RosterEntry]] = {}
    for e in roster:
        own = e.id if e.role is None else e.role
        aliases = {fold_key(a) for a in e.aliases} if e.role is None else set()
        for key in _name_forms(e.name, e.role) | {fold_key(own)} | aliases:
            index.setdefault(key, []).append(e)
    return index


def _found(text: str, matches: list[Owner], where: str) -> Resolution | None:
    unique = {(o.id, o.name): o for o in matches}
    if len(unique) == 1:
        return Resolution(next(iter(unique.values())))
    if len(unique) > 1:
        names = ", ".join(sorted(o.name or "?" for o in unique.values()))
        return Resolution(Owner(text), f"owner '{text}' is ambiguous: it could be "
                          f"{names} ({where})", "write the person's initials instead")
    return None


@functools.cache  # the same few people, asked of at every meeting
def _name_forms(name: str, role: str | None) -> frozenset[str]:
    full = fold_key(name)
    forms = {full, *full.split()[-1:]}  # a blank name has no surname
    if role:
        forms |= {f"{fold_key(role)} {f}" for f in list(forms)}
    return frozenset(forms)


def _candidates(meeting: Meeting, roster: list[RosterEntry]) -> list[str]:
    out = [ALL]
    for p in meeting.people():
        out += [p.id, p.name] + ([p.role] if p.role else [])
    for e in roster:
        out += [e.id, e.name] + ([e.role] if e.role else [])
    return out


def _did_you_mean(text: str, meeting: Meeting, roster: list[RosterEntry]) -> str:
    options = _candidates(meeting, roster)
    folded = {fold_key(o): o for o in options}
    close = difflib.get_close_matches(fold_key(text), list(folded), n=1, cutoff=0.6)
    return f" (did you mean '{folded[close[0]]}'?)" if close else ""


def _owner_hint(meeting: Meeting) -> str:
    known = ", ".join(f"{p.id} ({p.role})" if p.role else p.id for p in meeting.people())
    return (f"an owner is the initials or role of someone at the meeting ({known}), a name, "
            f"ALL, or someone in roster.yaml" if known else
            "an owner is initials, a role, a name, ALL, or someone in roster.yaml")
