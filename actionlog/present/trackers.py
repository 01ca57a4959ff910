"""The trackers: the agenda (with its Outstanding Matters, every action the meeting must
review) and the action log, as view-models (present/views.py) for the templates."""

from __future__ import annotations

from datetime import date
from typing import Any

from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry, Ledger
from actionlog.core.model import NEXT_MEETING, Meeting, Review
from actionlog.core.owners import Owner, RosterEntry, resolve
from actionlog.core.queries import proposal_text
from actionlog.present.markdown import md_cell, md_heading
from actionlog.present.notes import _item_views, _Notes, _plural, _public_note
from actionlog.present.views import (STATUS_LABELS, TOP_LEVEL, AgendaView, ItemView, LogGroup,
                                     LogView, Tracker, TrackerRow, _entry_due, _header,
                                     _marker, _next_meeting, _next_number, _people)


# ---------------------------------------------------------------- the agenda


def agenda(meeting: Meeting, meetings: list[Meeting], before: Ledger,
           roster: list[RosterEntry] | None = None, public: bool = False) -> AgendaView:
    """The agenda of `meeting` (usually a draft): its items, and every action it must review.

    The actions are those open when the meeting begins (the fold of every earlier meeting)
    in its series, and any other its Outstanding Matters names, with what its entries
    already record; overdue is judged on the meeting's own date. `public` leaves out
    confidential (Part 2) items and actions, and says so.
    """
    roster = roster or []
    state = _Notes(meeting, roster, before, public=public)
    items = _item_views(meeting.items, TOP_LEVEL, state, False)
    placed = next((i for i in _walk(items) if i.is_outstanding), None)
    level = placed.level + 1 if placed else TOP_LEVEL + 1
    tracker = _tracker(meeting, before, roster, level)
    if public:
        tracker, hidden = _public_tracker(tracker)
        state.hidden_actions += hidden
    return AgendaView(
        meeting=_header(meeting, "Agenda", roster),
        invited=_people(meeting.attendees + meeting.apologies),
        apologies=_people(meeting.apologies), items=items,
        outstanding=tracker, outstanding_placed=bool(placed),
        next_meeting=_next_meeting(meeting, meetings, _next_number(meeting.items)),
        public=public,
        public_note=_public_note(state.hidden_items, state.hidden_actions,
                                 "this agenda") if public else "")


def _public_tracker(t: Tracker) -> tuple[Tracker, int]:
    """The tracker without its confidential actions, and how many were left out."""
    due = [r for r in t.due if not r.confidential]
    later = [r for r in t.later if not r.confidential]
    overdue = sum(1 for r in due if r.overdue)
    summary = (f"{_plural(len(due), 'action')} to review, {overdue} of them overdue; "
               f"{len(later)} not yet due.")
    hidden = len(t.due) + len(t.later) - len(due) - len(later)
    return Tracker(t.marker, summary, due, later, overdue), hidden


def _walk(items: list[ItemView]):
    for item in items:
        yield item
        yield from _walk(item.items)


def _tracker(m: Meeting, before: Ledger, roster: list[RosterEntry], level: int) -> Tracker:
    reviews = {r.ref: r for r, _i in m.reviews() if r.ref}
    entries = [e for e in before.entries.values()
               if (e.is_open and e.series == m.series) or e.ref in reviews]
    rows: list[tuple[tuple, TrackerRow]] = []
    for e in entries:
        rows.append(_tracker_row(e, reviews.get(e.ref), m, roster))
    for r, _item in m.reviews():
        if r.ref is not None and r.ref not in before.entries or r.brought is not None:
            rows.append(_unrecorded_row(r, m, roster))
    rows.sort(key=lambda kr: kr[0])
    due = [row for key, row in rows if not key[0]]
    later = [row for key, row in rows if key[0]]
    overdue = sum(1 for row in due if row.overdue)
    summary = (f"{_plural(len(due), 'action')} to review, {overdue} of them overdue; "
               f"{len(later)} not yet due.")
    return Tracker(_marker(level), summary, due, later, overdue)


def _tracker_row(e: Entry, review: Review | None, m: Meeting,
                 roster: list[RosterEntry]) -> tuple[tuple, TrackerRow]:
    current = e.due
    lead = e.owner_label()
    status, update = e.status, e.latest_update
    proposal = ""
    if not m.took_place:
        # the rule of the record: what this draft holds is proposed, not yet decided
        proposal = proposal_text(e)
    elif review is not None:  # a meeting held: its review is what it decided
        if review.due is not None:
            current = m.next_date if review.due == NEXT_MEETING else review.due  # type: ignore
        if review.owners:
            lead = ", ".join(resolve(w, m, roster).owner.label() for w in review.owners)
        status = review.status
        update = review.update or update
    open_now = status in ("open", "in-progress", "proposed-closure")
    days = (m.date - current).days if (open_now and current and current < m.date) else 0
    text = STATUS_LABELS.get(status, status) + (f": {update}" if update else "")
    text = _with_proposal(text, proposal)
    if e.confidential:  # Part 2, by itself or inherited (the ledger decides): marked as such
        text = "Confidential (Part 2). " + text
    row = TrackerRow(
        ref=md_cell(e.ref), source=md_cell(e.source()),
        action=md_cell(e.text), lead=md_cell(lead),
        original_due=md_cell(_entry_due(e.original_due, e.due_written)),
        current_due=md_cell(long_date(current) if current else "not set"),
        status=md_cell(text), overdue=days > 0, days_overdue=days,
        flag=f"**Overdue by {days} day{'s' if days != 1 else ''}**" if days else "",
        confidential=e.confidential)
    later = bool(current and current > m.date)
    return (later, current or date.max, *e.order()), row


def _with_proposal(status: str, proposal: str) -> str:
    """'Open. Closure proposed for 26 September 2017: ...': a status, and what the drafts
    propose (core.queries.proposal_text), as one sentence after another."""
    return f"{status}. {proposal[0].upper()}{proposal[1:]}" if proposal else status


def _unrecorded_row(r: Review, m: Meeting, roster: list[RosterEntry]) -> tuple[tuple, TrackerRow]:
    """An Outstanding Matters entry for an action the ledger before the meeting lacks: one
    this meeting brings forward from a meeting not kept here (or a reference to nothing)."""
    ref = f"{m.id}/{r.brought.number}" if r.brought is not None else r.ref
    current = m.next_date if r.due == NEXT_MEETING else r.due
    text = STATUS_LABELS.get(r.status, r.status) + (f": {r.update}" if r.update else "")
    lead = ", ".join(resolve(w, m, roster).owner.label() for w in r.owners or ())
    row = TrackerRow(
        ref=md_cell(ref or "—"),
        source=md_cell(f"the {r.raised}; brought forward here" if r.raised else "not recorded"),
        action=md_cell(r.text or ""), lead=md_cell(lead or "not recorded"),
        original_due=md_cell("not recorded"),
        current_due=md_cell(long_date(current) if current else "not set"),  # type: ignore
        status=md_cell(text), overdue=False, days_overdue=0, flag="")
    later = bool(current and current > m.date)  # type: ignore[operator]
    return (later, current or date.max, date.max, "", 0), row


# ---------------------------------------------------------------- the action log


def action_log(open_entries: list[Entry], closed_entries: list[Entry], previous: Any,
               as_of: date, series: str | None = None) -> LogView:
    """The action log on `as_of`: the open actions by owner's role, then those closed since
    `previous`, the latest meeting held on or before that day (its `date` and `title`); of
    one series, if given. The entries are the ledger's as of that day (`book.open()`, and
    `book.closed_since(previous.date)`), read once by the caller."""
    groups: dict[str, list[Entry]] = {}
    for e in open_entries:
        for role in sorted({_role(o) for o in e.owners}):
            groups.setdefault(role, []).append(e)
    rows: dict[int, TrackerRow] = {}  # an action owned by two roles: one row, in both groups
    out = []
    for role in sorted(groups, key=_role_order):
        entries = sorted(groups[role], key=_by_due)
        people = sorted({o.name for e in entries for o in e.owners
                         if o.name and _role(o) == role})
        out.append(LogGroup(md_heading(role), md_heading(", ".join(people)),
                            [rows.get(id(e)) or rows.setdefault(id(e), _log_row(e, as_of))
                             for e in entries]))
    closed = []
    if previous is not None:
        closed = [_log_row(e, as_of) for e in sorted(closed_entries, key=Entry.order)]
    overdue = sum(1 for e in open_entries if e.days_overdue(as_of))
    summary = f"{_plural(len(open_entries), 'action')} open, {overdue} of them overdue"
    summary += (f"; {len(closed)} closed since the meeting of {long_date(previous.date)}."
                if previous else ".")
    return LogView(
        title=log_title(previous, as_of, series), as_of=long_date(as_of),
        previous_meeting=long_date(previous.date) if previous else "", summary=summary,
        open_count=len(open_entries), overdue_count=overdue, groups=out, closed=closed)


def log_title(previous: Any, as_of: date, series: str | None = None) -> str:
    """The action log's title (Markdown), as `action_log` gives it."""
    if series is not None and previous is not None:
        return md_heading(f"{previous.title}: action log as of {long_date(as_of)}")
    return md_heading(f"Action log as of {long_date(as_of)}")


def _role(o: Owner) -> str:
    if o.everyone:
        return "ALL"
    return o.role or "No role recorded"


def _role_order(role: str) -> tuple:
    return (role == "No role recorded", role != "ALL", role.casefold())


def _by_due(e: Entry) -> tuple:
    return (e.due or date.max, *e.order())


def _log_row(e: Entry, as_of: date) -> TrackerRow:
    days = e.days_overdue(as_of)
    update = e.latest_update
    status = STATUS_LABELS.get(e.status, e.status)
    if e.closed_on and not e.is_open:
        status += f" {long_date(e.closed_on)}"
    text = status + (f": {update}" if update else "")
    proposal = proposal_text(e)
    text = _with_proposal(text, proposal)
    if e.confidential:
        text = "Confidential (Part 2). " + text
    return TrackerRow(
        ref=md_cell(e.ref), source=md_cell(e.source()),
        action=md_cell(e.text), lead=md_cell(e.owner_label()),
        original_due=md_cell(_entry_due(e.original_due, e.due_written)),
        current_due=md_cell(long_date(e.due) if e.due else "not set"),
        status=md_cell(text), overdue=days > 0, days_overdue=days,
        flag=f"**Overdue by {days} day{'s' if days != 1 else ''}**" if days else "",
        confidential=e.confidential)
