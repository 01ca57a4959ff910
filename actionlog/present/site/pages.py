"""The site's view-model: plain records built from the ledger and the meetings, with every
date, label, link and Part 2 decision made here, so that a template only lays them out.

Addresses are relative to the site's root and stable: a meeting at `meetings/<id>.html`,
an action at `actions/<reference>.html` (`2016-06-28/1` -> `actions/2016-06-28/1.html`), a
series at `series/<name>.html`. Pure: entries and meetings in, records out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry, Event
from actionlog.core.model import CLOSED_STATUSES, Meeting
from actionlog.present.views import STATUS_LABELS, _entry_due

RECENT_DAYS = 365  # the log lists the open actions and those closed in the last year


def meeting_href(meeting_id: str) -> str:
    """The page's path in the site's folder; a link quotes it (html.py's `to`)."""
    return f"meetings/{meeting_id}.html"


def action_href(ref: str) -> str:
    return f"actions/{ref}.html"


def series_href(name: str) -> str:
    return f"series/{slug(name)}.html"


def slug(name: str) -> str:
    """A series name as a file name: letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "series"


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # from the site's root


@dataclass
class EventView:
    """One review of an action at a meeting that took place."""

    date: str
    meeting: Link
    status: str
    update: str  # rich text (core/text.py), or ""
    changes: list[str]  # "Due date moved to 25 October 2016", "Reassigned to DCC"


@dataclass
class ActionView:
    ref: str
    href: str
    text: str  # rich text
    series: str
    raised: str  # "26 July 2016, item 4a (Cyber crime)"
    meeting: Link  # the meeting that raised it (or first recorded it, if brought forward)
    owner: str
    raised_owner: str  # the owner when raised, where it was reassigned since; "" otherwise
    original_due: str
    due: str
    status: str  # "Open", "Discharged"
    open: bool
    overdue: bool
    days_overdue: int
    closed: Link | None  # the meeting that closed it
    confidential: bool  # Part 2: shown only in the office's internal copy
    events: list[EventView] = field(default_factory=list)


@dataclass
class LogRow:
    """One action in the log's table; plain values, so that a build can keep it between
    runs (build.py's manifest) and the log need not fold what did not change."""

    ref: str
    href: str
    series: str
    raised: str  # "26 July 2016"
    raised_on: str  # ISO date, for sorting
    meeting: str  # the raising meeting's page
    action: str  # the first line of the text
    lead: str
    due: str
    status: str
    status_key: str  # "open", "discharged": the filter's value
    overdue: bool
    days_overdue: int
    confidential: bool


@dataclass
class MeetingRow:
    id: str
    href: str
    series: str
    series_href: str
    title: str
    date: str
    on: str  # ISO date
    paper: str  # "Notes", "Agenda", "Cancelled"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def action_view(entry: Entry, today: date,
                hidden: set[tuple[str, str]] = frozenset()) -> ActionView:
    """An action's page. `hidden`: the (meeting id, reference) pairs of reviews this version
    leaves out (the public one, those minuted inside a Part 2 item)."""
    events = [_event_view(e) for e in entry.history if (e.meeting_id, entry.ref) not in hidden]
    reassigned = entry.raised_owners and entry.owners != entry.raised_owners
    return ActionView(
        ref=entry.ref, href=action_href(entry.ref), text=entry.text, series=entry.series,
        raised=entry.source(), meeting=Link(long_date(entry.meeting_date),
                                            meeting_href(entry.meeting_id)),
        owner=entry.owner_label(),
        raised_owner=", ".join(o.label() for o in entry.raised_owners) if reassigned else "",
        original_due=_entry_due(entry.original_due, entry.due_written),
        due=_entry_due(entry.due, None if entry.slipped else entry.due_written),
        status=status_label(entry.status), open=entry.is_open,
        overdue=entry.days_overdue(today) > 0, days_overdue=entry.days_overdue(today),
        closed=_closed(entry), confidential=entry.confidential, events=events)


def _event_view(event: Event) -> EventView:
    changes = []
    if event.due:
        changes.append(f"Due date moved to {long_date(event.due)}")
    elif event.due_next:
        changes.append("Due date moved to the next meeting")
    if event.owners:
        changes.append("Reassigned to " + ", ".join(o.label() for o in event.owners))
    return EventView(long_date(event.date), Link(long_date(event.date),
                                                 meeting_href(event.meeting_id)),
                     status_label(event.status), event.update or "", changes)


def _closed(entry: Entry) -> Link | None:
    """The meeting at which it was closed: the last review on the day it closed, else the
    meeting that raised it (closed on the day)."""
    if entry.is_open or entry.closed_on is None:
        return None
    for event in reversed(entry.history):
        if event.date == entry.closed_on and event.status in CLOSED_STATUSES:
            return Link(long_date(event.date), meeting_href(event.meeting_id))
    return Link(long_date(entry.meeting_date), meeting_href(entry.meeting_id))


def log_row(entry: Entry, today: date) -> LogRow:
    first = next((ln.strip() for ln in entry.text.splitlines() if ln.strip()), "")
    return LogRow(
        ref=entry.ref, href=action_href(entry.ref), series=entry.series,
        raised=long_date(entry.meeting_date), raised_on=entry.meeting_date.isoformat(),
        meeting=meeting_href(entry.meeting_id), action=first, lead=entry.owner_label(),
        due=_entry_due(entry.due, None if entry.slipped else entry.due_written),
        status=status_label(entry.status), status_key=entry.status,
        overdue=entry.days_overdue(today) > 0, days_overdue=entry.days_overdue(today),
        confidential=entry.confidential)


def in_the_log(entry: Entry, today: date) -> bool:
    """The log lists every open action and those closed in the last year."""
    return entry.is_open or (entry.closed_on is not None and
                             (today - entry.closed_on).days <= RECENT_DAYS)


def meeting_row(meeting: Meeting, title: str) -> MeetingRow:
    paper = "Cancelled" if meeting.cancelled else "Notes" if meeting.took_place else "Agenda"
    return MeetingRow(meeting.id, meeting_href(meeting.id), meeting.series,
                      series_href(meeting.series), title,
                      long_date(meeting.date), meeting.date.isoformat(), paper)

