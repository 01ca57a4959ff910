"""The action ledger: the state of every action, as the fold of all meetings in date order.

Pure functions over loaded meetings; no I/O. An action is raised once; every later
Outstanding Matters entry that names it is a review that may change its status, due date
or owner, and adds to its history.

The rule of the record (README): the record is what meetings that took place decided, up
to the day asked about. A draft has not taken place: what it holds (updates, discharges, new
dates and owners, the actions it will raise) are **proposals**, kept beside the record
(`Entry.proposals`, entries with `held=False`) and never folded into it.

"As of" is asked one way: `as_of` is a day (the meetings held on or before it) or a meeting
(the meetings before it: what that meeting had to review), or None for every meeting. Every
draft's proposals are shown whatever the day (they are proposed now), except that as of a
meeting only the drafts up to that meeting count.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from actionlog.core.dates import long_date
from actionlog.core.model import (CLOSED_STATUSES, NEXT_MEETING, OPEN_STATUSES, Action, Item,
                                  Meeting, Review, item_label)
from actionlog.core.owners import Owner, Resolver, RosterEntry
from actionlog.core.problems import Problem, at
from actionlog.core.refs import Ref, meeting_of

AsOf = date | Meeting | None
NO_OWNER = "not recorded"


@dataclass(slots=True)
class Event:
    """One review of an action at a later meeting (or, in a draft, a proposed one)."""

    meeting_id: str
    date: date
    update: str | None
    status: str
    due: date | None = None  # a new due date set at this review
    owners: list[Owner] | None = None  # a new owner set at this review
    due_next: bool = False  # the new due date is "next meeting" (its date may be unknown)


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the drafts propose for an action, each part with the draft that proposes it:
    (value, meeting id, meeting date), or None where they propose no change."""

    status: tuple[str, str, date] | None
    due: tuple[date | None, str, date] | None
    owners: tuple[list[Owner], str, date] | None
    update: str | None
    meeting_id: str  # the latest draft proposing anything
    date: date


@dataclass(slots=True)
class Entry:
    """An action as it stands after the fold."""

    ref: str
    text: str
    meeting_id: str
    meeting_date: date
    series: str
    item: str  # "4a (Cyber crime)"
    item_title: str
    owners: list[Owner]
    original_due: date | None
    due_written: str | None  # "next meeting" where that is what the notes say
    due: date | None
    status: str
    raised_status: str
    confidential: bool = False
    history: list[Event] = field(default_factory=list)
    due_changes: list[tuple[str, date | None]] = field(default_factory=list)
    closed_on: date | None = None
    # what drafts propose for it (in date order); none of it is in the fields above
    proposals: list[Event] = field(default_factory=list)
    held: bool = True  # False: raised in a draft, so only proposed until that meeting
    raised_owners: list[Owner] = field(default_factory=list)  # as raised (before reassigning)
    # brought forward: where it was raised, as the notes name it ("July 2022 meeting"); the
    # meeting above (meeting_id) is the one that first recorded it here
    brought_from: str | None = None

    @property
    def is_open(self) -> bool:
        return self.held and self.status in OPEN_STATUSES

    @property
    def proposal(self) -> "Proposal | None":
        """What the drafts propose, taken together (the latest word on each part wins);
        None when they propose nothing that would change it."""
        if not self.held or not self.proposals:
            return None
        status = due = owners = update = None
        for event in self.proposals:
            if event.status != self.status:
                status = (event.status, event.meeting_id, event.date)
            if event.due is not None or event.due_next:
                due = (event.due, event.meeting_id, event.date)
            if event.owners:
                owners = (event.owners, event.meeting_id, event.date)
            update = event.update or update
        if not (status or due or owners or update):
            return None
        return Proposal(status, due, owners, update, self.proposals[-1].meeting_id,
                        self.proposals[-1].date)

    @property
    def slipped(self) -> int:
        return len(self.due_changes)

    @property
    def latest_update(self) -> str | None:
        for event in reversed(self.history):
            if event.update:
                return event.update
        return None

    def source(self, title: str = "") -> str:
        """Where it was raised: '26 July 2016, item 4a' (or, with the meeting's title, 'the
        Monthly Assurance Meeting of 26 July 2016, item 4a'); for an action brought forward,
        where it was raised and where it was brought forward."""
        at = (f"the {title} of " if title else "") + f"{long_date(self.meeting_date)}, " \
            f"item {self.item}"
        if self.brought_from:
            return f"the {self.brought_from}; brought forward " + (f"at {at}" if title else at)
        return at

    def days_overdue(self, today: date) -> int:
        if not self.is_open or self.due is None or self.due >= today:
            return 0
        return (today - self.due).days

    def owner_label(self) -> str:
        # an action brought forward may have no owner where the notes name none
        return ", ".join(o.label() for o in self.owners) or NO_OWNER

    def owner_matches(self, query: str) -> bool:
        return any(o.matches(query) for o in self.owners)

    def closed_after(self, day: date) -> bool:
        return not self.is_open and self.closed_on is not None and self.closed_on >= day

    @property
    def number(self) -> int:
        found = Ref.parse(self.ref)
        return found.number if found else 0

    def order(self) -> tuple:
        """Where it was raised: by meeting date, meeting id, then number."""
        return (self.meeting_date, self.meeting_id, self.number)


class Ledger:
    """The actions as the fold left them, by reference, in fold order.

    The questions asked of it are methods, so that a store can answer them by reading only
    the entries a question needs (see store/cache.py); this one holds them all in memory.
    """

    def __init__(self, entries: dict[str, Entry], as_of: AsOf = None) -> None:
        self.entries = entries
        self.as_of = as_of

    def get(self, ref: str) -> Entry | None:
        return self.entries.get(ref)

    def all(self, series: tuple[str, ...] = ()) -> list[Entry]:
        """Every entry (of these series), in fold order."""
        return [e for e in self.entries.values() if not series or e.series in series]

    def open(self, series: tuple[str, ...] = (), owners: tuple[str, ...] = ()) -> list[Entry]:
        """The open entries (of these series, of any of these owners), in fold order."""
        return [e for e in self.all(series) if e.is_open and
                (not owners or any(e.owner_matches(q) for q in owners))]

    def closed_since(self, day: date, series: tuple[str, ...] = ()) -> list[Entry]:
        """The entries (of these series) closed on or after `day`, in fold order."""
        return [e for e in self.all(series) if e.closed_after(day)]

    def refs(self) -> list[str]:
        return list(self.entries)

    def knows_owner(self, keys: frozenset[str]) -> bool:
        """Whether any action, open or not, has an owner answering to one of `keys`."""
        return bool(keys & self.owner_keys())

    def owner_keys(self) -> set[str]:
        """Every key (Owner.keys) of every owner of any action, open or not."""
        return {k for e in self.entries.values() for o in e.owners if not o.everyone
                for k in o.keys()}


def includes(as_of: AsOf, meeting: Meeting) -> bool:
    """Whether `meeting` is part of the record as of `as_of`."""
    if as_of is None:
        return True
    if isinstance(as_of, Meeting):
        return (meeting.date, meeting.id) < (as_of.date, as_of.id)
    return meeting.date <= as_of


def fold(meetings: list[Meeting], roster: list[RosterEntry] | None = None,
         as_of: AsOf = None) -> tuple[Ledger, list[Problem]]:
    """Fold the meetings that took place (any order; cancelled ones skipped), as of a day or
    a meeting if given, into the ledger of actions; drafts add their proposals beside it."""
    folding = Fold(meetings, roster, as_of)
    for _meeting in folding.steps():
        pass
    return Ledger(folding.entries, as_of), folding.problems


class Fold:
    """The fold, one meeting at a time: `steps()` yields each meeting it is about to apply,
    with `entries` as they stand just before it (what that meeting had to review), so that a
    caller needing the record at every meeting (the site's pages) folds once, not once per
    meeting. `fold()` is this run to the end."""

    def __init__(self, meetings: list[Meeting], roster: list[RosterEntry] | None = None,
                 as_of: AsOf = None) -> None:
        ordered = sorted((m for m in meetings if not m.cancelled), key=lambda m: (m.date, m.id))
        self._walked = [(m, *_walk(m)) for m in ordered]
        self._every_ref = {f"{m.id}/{a.number}": m for m, _r, raised in self._walked
                           for a, *_ in raised}
        self._following = _following(sorted(meetings, key=lambda m: (m.date, m.id)))
        self._resolve = Resolver(roster or [])
        self._as_of = as_of
        self.entries: dict[str, Entry] = {}
        self.problems: list[Problem] = []

    def steps(self) -> Iterator[Meeting]:
        as_of, entries = self._as_of, self.entries
        for meeting, reviews, raised in self._walked:
            if meeting.took_place and not includes(as_of, meeting):
                continue
            if not meeting.took_place and isinstance(as_of, Meeting) and \
                    (meeting.date, meeting.id) > (as_of.date, as_of.id):
                continue
            yield meeting
            for review in reviews:
                self.problems += _apply(review, meeting, self._following, entries,
                                        self._every_ref, self._resolve)
            for action, item, label, part2, review in raised:
                # Part 2 is inherited: from an item above at any depth, or from the Part 2
                # action whose review raised it; every public view asks only entry.confidential
                part2 = part2 or _reviews_part2(review, entries)
                entry, found = _raise(action, item, label, meeting, self._following,
                                      self._resolve, part2)
                self.problems += found
                if action.raised is not None and review is not None:
                    _bring(entry, review, meeting)
                entries.setdefault(entry.ref, entry)


Raised = tuple[Action, Item, str, bool, "Review | None"]


def _walk(meeting: Meeting) -> tuple[list[Review], list[Raised]]:
    """A meeting's reviews naming an action, and the actions it raises (each with its item's
    label, whether an item above it is Part 2, and the review it arose from), in file order:
    one walk of its items (in Meeting.walk_items's order), not one per question asked."""
    reviews: list[Review] = []
    raised: list[Raised] = []

    def visit(items: list[Item], parents: list[Item], secret: bool) -> None:
        for item in items:
            label = None
            part2 = secret or item.confidential
            for review in item.outstanding or ():
                if review.ref is not None:
                    reviews.append(review)
                if review.brought is not None:
                    label = label or item_label(item, parents)
                    raised.append((review.brought, item, label, part2, review))
                if review.actions:
                    label = label or item_label(item, parents)
                    raised.extend((action, item, label, part2, review)
                                  for action in review.actions)
            arising = item.discussed_actions() + item.actions
            if arising:
                label = label or item_label(item, parents)
                raised.extend((action, item, label, part2, None) for action in arising)
            if item.items:
                visit(item.items, parents + [item], part2)

    visit(meeting.items, [], False)
    return reviews, raised


def _reviews_part2(review: Review | None, entries: dict[str, Entry]) -> bool:
    """Whether the action a review names (and so what arises from reviewing it) is Part 2."""
    if review is None or review.ref is None:
        return False
    reviewed = entries.get(review.ref)
    return reviewed is not None and reviewed.confidential


def _raise(action: Action, item: Item, label: str, meeting: Meeting,
           following: dict[str, date | None], resolve: Resolver,
           part2: bool = False) -> tuple[Entry, list[Problem]]:
    owners, problems = _owners(action.owners, meeting, resolve, action.loc + ("owner",))
    due_written = action.due if isinstance(action.due, str) else None
    due = following[meeting.id] if action.due == NEXT_MEETING else action.due
    entry = Entry(
        ref=f"{meeting.id}/{action.number}", text=action.text, meeting_id=meeting.id,
        meeting_date=meeting.date, series=meeting.series, item=label, item_title=item.title,
        owners=owners, original_due=due, due_written=due_written, due=due,
        status=action.status, raised_status=action.status,
        confidential=action.confidential or part2,
        closed_on=meeting.date if action.status in CLOSED_STATUSES and meeting.took_place
        else None, held=meeting.took_place, raised_owners=owners)
    return entry, problems


def _bring(entry: Entry, review: Review, meeting: Meeting) -> None:
    """An action brought forward: the entry that brings it is also its first review, at the
    meeting that records it (a draft's is proposed with the action, until it is held)."""
    entry.brought_from = review.raised
    entry.status = review.status
    if not meeting.took_place:
        return
    if review.status not in OPEN_STATUSES:
        entry.closed_on = meeting.date
    entry.history.append(Event(meeting.id, meeting.date, review.update, review.status))


def _apply(review: Review, meeting: Meeting, following: dict[str, date | None],
           entries: dict[str, Entry], every_ref: dict[str, Meeting],
           resolve: Resolver) -> list[Problem]:
    ref = review.ref
    assert ref is not None
    loc = review.loc + ("action",)
    if Ref(meeting_of(ref), 0).escapes:
        return [at(meeting.path, loc, f"reference '{ref}' may not contain '..'", "refs")]
    entry = entries.get(ref)
    if entry is None:
        raised_in = every_ref.get(ref)
        if raised_in is meeting:
            return [at(meeting.path, loc, f"'{ref}' is raised in this same meeting; only "
                       f"an earlier meeting's action can be reviewed", "refs")]
        if raised_in is not None:
            return [at(meeting.path, loc, f"'{ref}' is raised in a later meeting "
                       f"({raised_in.date.isoformat()})", "refs",
                       "a meeting can only review actions raised before it")]
        return [at(meeting.path, loc, f"no action '{ref}'" + _nearest(ref, every_ref),
                   "refs", "references are <meeting-id>/<number>; `actionlog outstanding` "
                           "lists them")]
    if not meeting.took_place:
        return _propose(review, meeting, following, entry, resolve)
    if not entry.held and meeting.took_place:
        return [at(meeting.path, loc, f"'{ref}' is raised in a draft ({entry.meeting_id}), "
                   f"which has not taken place", "refs",
                   f"mark {entry.meeting_id} held (status: held) once it has taken place")]
    problems: list[Problem] = []
    owners = None
    if review.owners:
        owners, problems = _owners(review.owners, meeting, resolve, review.loc + ("owner",))
        entry.owners = owners
    due = following[meeting.id] if review.due == NEXT_MEETING else review.due
    if review.due is not None and due != entry.due:
        entry.due_changes.append((meeting.id, due))
        entry.due = due
    was_open = entry.status in OPEN_STATUSES
    entry.status = review.status
    if was_open and entry.status not in OPEN_STATUSES:
        entry.closed_on = meeting.date
    elif entry.status in OPEN_STATUSES:
        entry.closed_on = None
    entry.history.append(Event(meeting.id, meeting.date, review.update, review.status,
                               due if review.due is not None else None, owners,
                               review.due == NEXT_MEETING))
    return problems


def _propose(review: Review, meeting: Meeting, following: dict[str, date | None],
             entry: Entry, resolve: Resolver) -> list[Problem]:
    """A draft's review of an action in the record: a proposal, kept beside it."""
    problems: list[Problem] = []
    owners = None
    if review.owners:
        owners, problems = _owners(review.owners, meeting, resolve, review.loc + ("owner",))
    due = following[meeting.id] if review.due == NEXT_MEETING else review.due
    changed_due = review.due is not None and due != entry.due
    entry.proposals.append(Event(meeting.id, meeting.date, review.update, review.status,
                                 due if changed_due else None, owners,
                                 changed_due and review.due == NEXT_MEETING))
    return problems


def _owners(written: list[str], meeting: Meeting, resolve: Resolver,
            loc: tuple) -> tuple[list[Owner], list[Problem]]:
    owners, problems = [], []
    for text in written:
        result = resolve(text, meeting)
        owners.append(result.owner)
        if result.message:
            problems.append(at(meeting.path, loc, result.message, "owners", result.hint))
    return owners, problems


def _following(ordered: list[Meeting]) -> dict[str, date | None]:
    """What "next meeting" means at each meeting: the next meeting of its series that takes
    place. That is the date the meeting names, unless that meeting was then cancelled (then
    the next one after it that is not), else the next meeting of the series in the files.
    `ordered`: every meeting, cancelled ones included, by date."""
    out: dict[str, date | None] = {}
    by_series: dict[str, list[Meeting]] = {}
    for m in ordered:
        by_series.setdefault(m.series, []).append(m)
    for ours in by_series.values():
        called_off = {m.date for m in ours if m.cancelled}
        days = [m.date for m in ours if not m.cancelled]
        for m in ours:
            named = m.next_date
            if named is None or named in called_off:
                after = named or m.date
                i = bisect.bisect_right(days, after)
                named = days[i] if i < len(days) else None
            out[m.id] = named
    return out


def _nearest(ref: str, every_ref: dict[str, Meeting]) -> str:
    close = difflib.get_close_matches(ref, list(every_ref), n=3, cutoff=0.7)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
