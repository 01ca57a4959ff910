"""The agenda, the notes and the action log laid out for Word, PDF and HTML: the view-models
of present/views.py and present/trackers.py as a Document (present/document.py), in the
order and with the labels of the Markdown templates. The trackers are landscape sections.
"""

from __future__ import annotations

from actionlog.present.document import (Builder, Column, Document, Heading, Para, Run, Table,
                                        column_fit)
from actionlog.present.plain import blocks, lines, plain
from actionlog.present.views import (ActionRow, AgendaView, ItemView, LogView, NextMeeting,
                                     NotesView, PartView, PersonRow, ReviewView, TrackerRow)

# weight 0: as wide as the longest reference or date; the action text gets the most room
TRACKER = (Column("Ref", 0), Column("Source", 2), Column("Action", 6), Column("Lead", 3),
           Column("Original due", 0), Column("Current due", 0),
           Column("Status / latest update", 4))
LOG = (Column("Ref", 0), Column("Raised", 2), Column("Action", 6), Column("Owner", 3),
       Column("Original due", 0), Column("Current due", 0),
       Column("Status / latest update", 4))
ACTIONS = (Column("Ref", 0), Column("Action", 5), Column("Owner", 3), Column("Due", 2))
PEOPLE = (Column("Name", 1), Column("Capacity", 1))


def _runs(text: str, **style) -> tuple[Run, ...]:
    return tuple(Run(line, **style) for line in lines(text))


def _level(marker: str) -> int:
    """A Markdown heading marker ('##') as a Word heading level (Heading 1)."""
    return max(1, len(marker) - 1)


# ---------------------------------------------------------------- tables


def trackers(shown: list[tuple[list[TrackerRow], str]], columns=TRACKER) -> list[Table]:
    """Trackers shown together (rows, caption), their columns lined up: each row's cells are
    made once, and the columns fitted to them all once."""
    cells = [tuple(_tracker_cells(r) for r in rows) for rows, _caption in shown]
    fit = column_fit(columns, (row for table in cells for row in table))
    return [Table(columns, rows, caption, fit=fit)
            for rows, (_rows, caption) in zip(cells, shown)]


def _tracker_cells(r: TrackerRow) -> tuple[tuple[Run, ...], ...]:
    due = _runs(r.current_due, keep=True)
    if r.days_overdue:
        days = r.days_overdue
        due += (Run(f"Overdue by {days} day{'s' if days != 1 else ''}", bold=True,
                    flag=True),)
    return (_runs(r.ref, keep=True), _runs(r.source), _runs(r.action), _runs(r.lead),
            _runs(r.original_due), due, _runs(r.status))


def _action_table(rows: list[ActionRow]) -> Table:
    return Table(ACTIONS, tuple((_runs(a.ref, keep=True), _runs(a.text), _runs(a.owner),
                                 _runs(a.due)) for a in rows), "Actions arising")


def _people_table(people: list[PersonRow], caption: str) -> Table:
    return Table(PEOPLE, tuple((_runs(p.name), _runs(p.capacity)) for p in people), caption)


# ---------------------------------------------------------------- the agenda


def agenda(view: AgendaView, marking: str) -> Document:
    b = Builder()
    m = view.meeting
    b.heading(0, plain(m.title))
    if m.cancelled:
        b.para(Run("This meeting has been cancelled. ", bold=True), Run(plain(m.note)),
               kind="notice")
    if view.public_note:
        b.para(Run(plain(view.public_note), bold=True), kind="notice")
    b.field("Date", plain(m.date))
    b.field("Venue", plain(m.venue))
    b.field("Chair", plain(m.chair))
    b.heading(1, "Invited")
    b.add(_people_table(view.invited, "Invited"))
    if view.apologies:
        names = ", ".join(plain(p.name) for p in view.apologies)
        b.para(Run("Apologies received: ", bold=True), Run(names + "."))
    for item in view.items:
        _agenda_item(b, item, view)
    if not view.outstanding_placed:
        b.orientation(True)
        b.heading(1, "Outstanding matters")
        _tracker(b, view)
        b.orientation(False)
    _next_meeting(b, view.next_meeting)
    return b.done(plain(m.title), "Agenda", marking)


def _agenda_item(b: Builder, item: ItemView, view: AgendaView) -> None:
    if item.is_outstanding:
        b.orientation(True)
    heading = plain(item.heading)
    if item.deferred_from:
        heading += f" (deferred from {plain(item.deferred_from)})"
    if item.confidential:
        heading += " (Part 2: confidential)"
    b.heading(_level(item.marker), heading)
    b.field("Lead", plain(item.lead))
    b.text(plain(item.note))
    _questions(b, item, "Questions put in advance")
    if item.is_outstanding:
        _tracker(b, view)
    for child in item.items:
        _agenda_item(b, child, view)
    if item.is_outstanding:
        b.orientation(False)


def _tracker(b: Builder, view: AgendaView) -> None:
    t = view.outstanding
    b.text(plain(t.summary))
    shown = [(title, rows) for title, rows in (("Due by this meeting", t.due),
                                                ("Not yet due", t.later))]
    tables = iter(trackers([(rows, f"Outstanding matters: {title.lower()}")
                            for title, rows in shown if rows]))
    for title, rows in shown:
        b.heading(_level(t.marker), title)
        if rows:
            b.add(next(tables))
        else:
            b.text("None.")


def _questions(b: Builder, item: ItemView, label: str) -> None:
    if item.questions:
        b.para(Run(f"{label}:", bold=True))
        for q in item.questions:
            b.rich(blocks(q.text), Run(f"{q.number}. "), kind="numbered")


def _next_meeting(b: Builder, nm: NextMeeting | None) -> None:
    if nm is None:
        return
    b.heading(_level(nm.marker), plain(nm.heading))
    for c in nm.cancelled:
        b.text(f"{c} – CANCELLED")
    b.text(plain(nm.kind))
    b.text(plain(nm.date))
    b.text(plain(nm.note))


# ---------------------------------------------------------------- the notes


def notes(view: NotesView, marking: str) -> Document:
    b = Builder()
    m = view.meeting
    b.heading(0, plain(m.title))
    if m.cancelled:
        venue = f", {plain(m.venue)}," if m.venue else ""
        b.text(f"The meeting of {plain(m.date)}{venue} was cancelled.")
        b.text(plain(m.note))
        return b.done(plain(m.title), "Meeting notes", marking)
    if m.draft:
        b.para(Run("Draft: these notes have not yet been approved.", bold=True),
               kind="notice")
    if view.public:
        b.para(Run(plain(view.public_note), bold=True), kind="notice")
    if m.kind:
        b.para(Run(plain(m.kind), bold=True))
    for label, value in (("Date", m.date), ("Chair", m.chair), ("Minutes", m.minutes),
                         ("Venue", m.venue)):
        b.field(label, plain(value))
    for title, people, none, said in (
            ("Attendance", view.attendees, "None recorded.", view.attendees_said),
            ("Apologies", view.apologies, "None.", view.apologies_said)):
        if not said:
            continue  # the file says nothing of them, so neither do the notes
        b.heading(1, title)
        if people:
            b.add(_people_table(people, title))
        else:
            b.text(none)
    for item in view.items:
        _notes_item(b, item)
    _next_meeting(b, view.next_meeting)
    return b.done(plain(m.title), "Meeting notes", marking)


def _notes_item(b: Builder, item: ItemView) -> None:
    heading = plain(item.heading)
    if item.deferred_from:
        heading += f" (deferred from {plain(item.deferred_from)})"
    if item.confidential:  # only a version that is not public holds one
        heading += " (Part 2: confidential)"
    b.heading(_level(item.marker), heading)
    b.field("Lead", plain(item.lead))
    b.rich(blocks(item.note))
    _questions(b, item, "Questions")
    for r in item.reviews:
        _review(b, r)
    for part in item.order:
        if part == "findings" and item.findings:
            b.para(Run("Findings:", bold=True))
            for f in item.findings:
                b.rich(blocks(f), kind="bullet")
        elif part == "discussion":
            for p in item.parts:
                _part(b, p)
        elif part == "assurance" and item.assurance:
            b.rich(blocks(item.assurance), Run("Assurance: ", bold=True))
    if item.deferred:
        b.rich(blocks(item.deferred_note))
    for child in item.items:
        _notes_item(b, child)
    if item.show_actions:
        if item.actions_marker:
            b.heading(_level(item.actions_marker), "Actions arising")
        else:
            b.para(Run("Actions arising:", bold=True))
        if item.actions:
            b.add(_action_table(item.actions))
        elif not item.withheld:
            b.text("There were none.")
    b.text(plain(item.withheld))


def _part(b: Builder, p: PartView) -> None:
    """A discussion entry in its place: a paragraph, a sub-heading, an action, or a
    sentence as minuted with the action it is tracked as under it."""
    if p.kind == "heading":
        b.para(Run(plain(p.text), bold=True))
        return
    if p.kind == "action":
        b.rich(blocks(p.text), Run(f"ACTION {plain(p.ref)}: ", bold=True))
    else:
        b.rich(blocks(p.text))
    if p.kind == "action":
        b.text(f"Owner: {plain(p.owner)}; due: {plain(p.due)}.")
    elif p.kind == "commitment":
        said = f": {plain(p.action)}" if p.action else "."
        b.text(f"Action {plain(p.ref)}{said} Owner: {plain(p.owner)}; due: {plain(p.due)}.")


def _review(b: Builder, r: ReviewView) -> None:
    if r.topic:
        b.para(Run(plain(r.topic), bold=True))
    ref = f" ({r.ref})" if r.ref else ""
    b.rich(blocks(r.action), Run(f"{r.number}{ref} ", bold=True))
    raised = f"Raised: {plain(r.raised)}"
    if r.owner:
        raised += f"; owner: {plain(r.owner)}"
    if r.due:
        raised += f"; due: {plain(r.due)}"
    b.text(raised + ".")
    b.rich(blocks(r.update or "none recorded."), Run("Update: ", bold=True))
    b.para(Run("Status: ", bold=True), Run(f"{r.status}."))
    for c in r.changes:
        b.text(plain(c) + ".")
    if r.actions:
        b.para(Run("Actions arising:", bold=True))
        b.add(_action_table(r.actions))
    b.text(plain(r.withheld))


# ---------------------------------------------------------------- the action log


def log(view: LogView, marking: str) -> Document:
    b = Builder()
    b.orientation(True)
    b.heading(0, plain(view.title))
    b.text(view.summary)
    b.heading(1, "Open actions")
    closed = f"Closed since the meeting of {view.previous_meeting}"
    tables = iter(trackers([(g.rows, f"Open actions: {plain(g.role)}") for g in view.groups]
                           + [(view.closed, closed)], LOG))
    for g in view.groups:
        people = f" ({plain(g.people)})" if g.people else ""
        b.heading(2, plain(g.role) + people)
        b.add(next(tables))
    if not view.groups:
        b.text("There are no open actions.")
    if view.previous_meeting:
        b.heading(1, closed)
        if view.closed:
            b.add(next(tables))
        else:
            b.text("None.")
    return b.done(plain(view.title), "Action log", marking)


def headings(doc: Document) -> list[Heading]:
    return [blk for s in doc.sections for blk in s.blocks if isinstance(blk, Heading)]


def paragraphs(doc: Document) -> list[Para]:
    return [blk for s in doc.sections for blk in s.blocks if isinstance(blk, Para)]
