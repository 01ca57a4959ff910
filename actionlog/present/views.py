"""The view-model of the documents (agenda, notes, action log): plain records built from the
meetings and the ledger, with every grouping, sort, date, number and Markdown escape already
done, so that a template only lays them out.

Pure: meetings, the roster and dates in; records out. Every text field that a template
prints is already Markdown (escaped), so a template never escapes anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from actionlog.core.dates import day_date, long_date
from actionlog.core.model import MEETING_STATUSES, NEXT_MEETING, Item, Meeting
from actionlog.core.owners import Owner, Resolver, RosterEntry, resolve
from actionlog.present.markdown import md, md_cell, md_heading, md_inline
from actionlog.workspace import NoSuchMeeting, find_meeting_file

STATUS_LABELS = {"open": "Open", "in-progress": "In progress",
                 "proposed-closure": "Proposed closure", "discharged": "Discharged",
                 "withdrawn": "Withdrawn"}
TOP_LEVEL = 2  # items are level-2 headings; the document title is the only level 1
DEEPEST = 6  # Markdown has six heading levels; deeper items stay at the sixth


class NoMeeting(Exception):
    """The meeting asked for (or a default one) is not there: a one-line domain error."""


# ---------------------------------------------------------------- records


@dataclass
class Header:
    """The meeting's header block."""

    id: str
    title: str  # the document title: "Monthly Assurance Meeting July 2016 – Meeting Notes"
    name: str  # the meeting's own title: "Monthly Assurance Meeting"
    date: str  # "Tuesday 26 July 2016 at 10:30"
    day: str  # "Tuesday 26 July 2016"
    time: str  # "10:30", or ""
    venue: str
    kind: str  # the kind of meeting as the notes say it ("Thematic – Diversity and Inclusion"), or ""
    chair: str
    minutes: str
    status: str  # draft | approved | cancelled
    draft: bool
    cancelled: bool
    note: str  # the meeting's note (why it was cancelled, say)


@dataclass
class PersonRow:
    name: str  # "John Campion (JC)", a table cell
    capacity: str  # "Police and Crime Commissioner (PCC)", a table cell


@dataclass
class Numbered:
    number: str
    text: str


@dataclass
class ActionRow:
    """An action arising, as a row of the notes' table."""

    ref: str
    text: str
    owner: str
    due: str


@dataclass
class PartView:
    """One entry of an item's discussion, in the order written."""

    kind: str  # "paragraph", "heading", "action" (in its place), "commitment" (in prose)
    text: str  # the paragraph, the heading, the action, or the sentence as minuted
    ref: str  # the action's reference ("2021-06-29/3"); "" for a paragraph or a heading
    owner: str  # the action's owner: "DCC (DCC Amanda Blakeman)"; "" without an action
    due: str  # "27 July 2021", "next meeting (...)", "not set"; "" without an action
    action: str  # a commitment's action where the file words it apart from the sentence


@dataclass
class ReviewView:
    """One entry of Outstanding Matters in the notes."""

    number: str  # "1.1"
    topic: str  # shown where it changes from the entry before; "" otherwise
    ref: str  # "2016-06-28/1", or "" for an action raised in a meeting not kept here
    action: str
    raised: str  # "28 June 2016, item 2" or "May 2016 meeting"
    owner: str
    due: str
    update: str
    status: str  # "Discharged"
    changes: list[str]  # "New due date: 25 October 2016", "Reassigned to: ..."
    actions: list[ActionRow]
    withheld: str  # says so when a public version leaves actions arising out; "" otherwise


@dataclass
class ItemView:
    level: int  # heading level, 2 for a top-level item
    marker: str  # "##"
    heading: str  # "4a Performance against the Police and Crime Plan"
    number: str
    title: str
    lead: str
    note: str
    deferred: bool  # not covered at this meeting
    deferred_note: str  # what the notes say about it
    deferred_from: str  # "28 June 2016", when carried from an earlier meeting
    confidential: bool
    questions: list[Numbered]
    findings: list[str]
    discussion: list[str]  # its paragraphs (a commitment's sentence among them), as text
    parts: list[PartView]  # the discussion in its order: paragraphs, headings, actions
    assurance: str
    order: list[str]  # "findings", "discussion", "assurance": as the file has them
    is_outstanding: bool  # the Outstanding Matters item
    reviews: list[ReviewView]
    items: list["ItemView"]
    actions: list[ActionRow]
    all_actions: list[ActionRow]  # every action the item raises, its discussion's first
    show_actions: bool  # print "Actions arising" (a table, or "There were none.")
    actions_marker: str  # a heading marker when sub-items come between; "" for a label
    withheld: str  # says so when a public version leaves actions out; "" otherwise


@dataclass
class NextMeeting:
    marker: str
    heading: str  # "6. Date of next meeting"
    date: str  # "Tuesday 27 September 2016 at 10:30", "Date – TBC" while not fixed, or ""
    cancelled: list[str]  # "30 August 2016": meetings of the series cancelled before it
    note: str
    kind: str = ""  # "Public meeting", as the notes say


@dataclass
class TrackerRow:
    """An outstanding action in the agenda's tracker table (or the action log)."""

    ref: str
    source: str  # "26 July 2016, item 4a (Cyber crime)"
    action: str
    lead: str  # "DCC Anthony Bangham"
    original_due: str
    current_due: str
    status: str  # "Open: the latest update"
    overdue: bool
    days_overdue: int
    flag: str  # "**Overdue by 47 days**", or ""
    confidential: bool = False  # raised in a Part 2 item, or marked confidential


@dataclass
class Tracker:
    """The agenda's Outstanding Matters: due by the meeting (overdue flagged), and later."""

    marker: str  # heading marker of its two sub-sections
    summary: str  # "3 actions to review, 1 of them overdue; 1 not yet due."
    due: list[TrackerRow]
    later: list[TrackerRow]
    overdue: int


@dataclass
class AgendaView:
    meeting: Header
    invited: list[PersonRow]
    apologies: list[PersonRow]
    items: list[ItemView]
    outstanding: Tracker
    outstanding_placed: bool  # an item of the agenda holds it; otherwise it comes last
    next_meeting: NextMeeting | None
    public: bool = False  # the public version: confidential (Part 2) matters left out
    public_note: str = ""  # what the public version leaves out, in words; "" otherwise


@dataclass
class NotesView:
    meeting: Header
    public: bool
    public_note: str  # what a public version leaves out, said in words; "" otherwise
    attendees: list[PersonRow]
    apologies: list[PersonRow]
    items: list[ItemView]
    next_meeting: NextMeeting | None
    # the file writes attendees / apologies (an empty list: "none"); absent, nothing is said
    attendees_said: bool = True
    apologies_said: bool = True


@dataclass
class LogGroup:
    role: str  # "DCC", or "No role" for owners not resolved to a role
    people: str  # "Anthony Bangham"
    rows: list[TrackerRow]


@dataclass
class LogView:
    title: str
    as_of: str  # "1 September 2016"
    previous_meeting: str  # "26 July 2016", or ""
    summary: str  # "3 actions open, 1 of them overdue; 2 closed since 26 July 2016."
    open_count: int
    overdue_count: int
    groups: list[LogGroup]
    closed: list[TrackerRow]


def context(view: Any) -> dict[str, Any]:
    """A view as the template's top-level variables."""
    return {f.name: getattr(view, f.name) for f in fields(view)}


def context_names(view_type: type) -> list[str]:
    """The names of a view's top-level variables (or of a record's fields)."""
    return [f.name for f in fields(view_type)]


# ---------------------------------------------------------------- choosing a meeting


def choose(ws: Any, spec: str | None, purpose: str) -> Meeting:
    """The meeting of workspace `ws` named by id, date or file path, or the default for
    `purpose` (the latest draft, or the latest meeting held)."""
    if spec is None:
        return _default(ws, purpose)
    try:
        relpath = find_meeting_file(ws.root, ws.files, spec)
    except NoSuchMeeting as exc:
        raise NoMeeting(str(exc)) from None
    found = ws.meeting_at(relpath)
    if found is not None:
        return found
    if relpath in {p.path for p in ws.problems}:
        raise NoMeeting(f"{relpath} has problems, so it cannot be rendered (run "
                        f"`actionlog validate {relpath}`)")
    raise NoMeeting(f"{relpath} holds no meeting that can be rendered")


def _default(ws: Any, purpose: str) -> Meeting:
    if purpose == "agenda":
        draft = ws.latest(("draft",))
        if draft is None:
            raise NoMeeting("no draft meeting to make an agenda for; create one with "
                            "`actionlog new-meeting`, or name a meeting")
        return draft
    held = ws.latest(tuple(s for s in MEETING_STATUSES if s != "cancelled"))
    if held is None:
        raise NoMeeting("no meetings to write notes of")
    return held


# ---------------------------------------------------------------- shared pieces


def _header(m: Meeting, kind: str, roster: list[RosterEntry]) -> Header:
    when = day_date(m.date) + (f" at {m.time}" if m.time else "")
    return Header(
        id=m.id, title=md_heading(f"{m.title} {m.date:%B %Y} – {kind}"), name=md_inline(m.title),
        date=md_inline(when), day=md_inline(day_date(m.date)), time=md_inline(m.time),
        venue=md_inline(m.venue), kind=md_inline(m.kind), chair=md_inline(_chair(m, roster)),
        minutes=md_inline(m.minutes), status=m.status, draft=m.status == "draft",
        cancelled=m.cancelled, note=md(m.note))


def _chair(m: Meeting, roster: list[RosterEntry]) -> str:
    if not m.chair:
        return ""
    owner = resolve(m.chair, m, roster).owner
    return owner.name or m.chair


def _people(people) -> list[PersonRow]:
    """Each person as the file writes them: the label, else 'name (id)'; the capacity as
    written, else the role. Nothing is added to what the file says."""
    return [PersonRow(md_cell(p.label or f"{p.name} ({p.id})"),
                      md_cell(p.capacity or p.role or "")) for p in people]


def owner_text(owner: Owner) -> str:
    """An owner as the notes write it and who that is: 'AB (DCC Anthony Bangham)'."""
    label = owner.label()
    if owner.everyone or not owner.name:
        return label
    words = {w.casefold() for w in label.split()}
    if all(w.casefold() in words for w in owner.written.split()):
        return label
    return f"{owner.written} ({label})"


def _owners(written: list[str] | None, m: Meeting, who: Resolver) -> str:
    """The owners as the notes write them; `who` resolves them (one Resolver for a whole
    document: it looks a text up among a meeting's people once)."""
    return ", ".join(owner_text(who(w, m).owner) for w in written or ())


def _due(due: date | str | None, m: Meeting) -> str:
    """An action's due date as raised: '11 August 2016', 'next meeting (27 September 2016)'."""
    if due is None:
        return "not set"
    if due == NEXT_MEETING:
        return f"next meeting ({long_date(m.next_date)})" if m.next_date else "next meeting"
    return long_date(due)  # type: ignore[arg-type]


def _entry_due(d: date | None, written: str | None) -> str:
    if d and written:
        return f"{long_date(d)} ({written})"
    return long_date(d) if d else (written or "not set")


def _marker(level: int) -> str:
    return "#" * min(level, DEEPEST)


def _heading(item: Item) -> str:
    number = item.number or ""
    if number and number[-1].isdigit() and "." not in number:
        number += "."
    text = f"{number} {item.title}".strip() if number else item.title
    return md_heading(text)


def _next_meeting(m: Meeting, meetings: list[Meeting], number: str) -> NextMeeting | None:
    if not (m.next_date or m.next_note or m.next_tbc or m.next_kind):
        return None
    until = m.next_date or date.max
    cancelled = [long_date(x.date) for x in meetings
                 if x.cancelled and x.series == m.series and m.date < x.date < until]
    when = "Date – TBC" if m.next_tbc else ""
    if m.next_date:
        when = day_date(m.next_date) + (f" at {m.next_time}" if m.next_time else "")
    heading = f"{number}. Date of next meeting" if number else "Date of next meeting"
    return NextMeeting(_marker(TOP_LEVEL), heading, md_inline(when), cancelled, md(m.next_note),
                       md_inline(m.next_kind))


def _next_number(items: list[Item]) -> str:
    numbers = [i.number for i in items if i.number]
    return str(int(numbers[-1]) + 1) if numbers and numbers[-1].isdigit() else ""
