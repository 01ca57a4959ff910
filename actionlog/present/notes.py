"""The notes' view-model: each item of a meeting, its reviews and its actions, as the
records of `present/views.py` (which holds the records and the pieces every document
shares)."""

from __future__ import annotations

from dataclasses import dataclass, field

from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry, Ledger
from actionlog.core.model import NOTE_PARTS, Action, Item, Meeting, Placed, Review
from actionlog.core.owners import Resolver, RosterEntry
from actionlog.present.markdown import md, md_cell, md_inline
from actionlog.present.views import (DEEPEST, STATUS_LABELS, TOP_LEVEL, ActionRow, ItemView,
                                     Numbered, NotesView, PartView, ReviewView, _due, _entry_due,
                                     _header, _heading, _marker, _next_meeting, _next_number,
                                     _owners, _people)


# ---------------------------------------------------------------- the notes


@dataclass
class _Notes:
    """What building the notes needs at hand."""

    meeting: Meeting
    roster: list[RosterEntry]
    before: Ledger
    public: bool
    hidden_items: int = 0
    hidden_actions: int = 0
    who: Resolver = field(init=False)  # every owner of the document, resolved once

    def __post_init__(self) -> None:
        self.who = Resolver(self.roster)


def notes(meeting: Meeting, meetings: list[Meeting], before: Ledger,
          roster: list[RosterEntry] | None = None, public: bool = False) -> NotesView:
    """The notes (minutes) of `meeting`; `public` leaves out confidential items and actions.
    `before` is the ledger as of the meeting (what it had to review)."""
    roster = roster or []
    state = _Notes(meeting, roster, before, public)
    items = [] if meeting.cancelled else _item_views(meeting.items, TOP_LEVEL, state, False)
    public_note = ""
    if public:
        public_note = _public_note(state.hidden_items, state.hidden_actions)
    kind = "Cancelled" if meeting.cancelled else "Meeting Notes"
    return NotesView(
        meeting=_header(meeting, kind, roster), public=public, public_note=public_note,
        attendees=_people(meeting.attendees), apologies=_people(meeting.apologies),
        items=items, next_meeting=_next_meeting(meeting, meetings, _next_number(meeting.items)),
        attendees_said="attendees" in meeting.people_said,
        apologies_said="apologies" in meeting.people_said)


def _public_note(items: int, actions: int, paper: str = "these notes") -> str:
    """What a public version (of the notes, or of "this agenda") leaves out, in words."""
    left = [_plural(n, f"confidential (Part 2) {what}")
            for n, what in ((items, "item"), (actions, "action")) if n]
    if not left:
        return f"This is the public version of {paper}; nothing was left out."
    return (f"This is the public version of {paper}: " + " and ".join(left) +
            (" is" if items + actions == 1 else " are") + " not included.")


def _item_views(items: list[Item], level: int, state: _Notes,
                under_actions: bool) -> list[ItemView]:
    out = []
    for item in items:
        if state.public and item.confidential:
            state.hidden_items += 1
            continue
        out.append(_item_view(item, level, state, under_actions))
    return out


def _visible(actions: list[Action], state: _Notes) -> tuple[list[Action], str]:
    if not state.public:
        return list(actions), ""
    shown = [a for a in actions if not a.confidential]
    hidden = len(actions) - len(shown)
    state.hidden_actions += hidden
    if not hidden:
        return shown, ""
    return shown, (f"{_plural(hidden, 'confidential action')} "
                   f"{'is' if hidden == 1 else 'are'} not included in this public version.")


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _item_view(item: Item, level: int, state: _Notes, under_actions: bool) -> ItemView:
    m = state.meeting
    actions, withheld = _visible(item.actions, state)
    parts_shown = _shown_parts(item, state)
    reviews = _reviews(item, state) if item.outstanding is not None else []
    children = _item_views(item.items, level + 1, state, under_actions or bool(item.actions))
    deferred = item.outcome == "deferred"
    # "Actions arising" only where the file writes `actions:` (`actions: []` is "There were
    # none."); an item with actions and sub-items lists them under a heading beside its
    # sub-items, so the outline stays true.
    show = bool(item.actions) or item.actions_said
    rows = [_action_row(a, m, state.who) for a in actions]
    return ItemView(
        level=min(level, DEEPEST), marker=_marker(level), heading=_heading(item),
        number=md_inline(item.number), title=md_inline(item.title),
        lead=md_inline(_owners(item.lead, m, state.who)),
        note="" if deferred else md(item.note),
        deferred=deferred,
        deferred_note=md(item.note or "This item was deferred to the next meeting.")
        if deferred else "",
        deferred_from=long_date(item.deferred_from) if item.deferred_from else "",
        confidential=item.confidential,
        questions=[Numbered(str(n), md(q)) for n, q in enumerate(item.questions, 1)],
        findings=[md(f) for f in item.findings],
        discussion=[md(d if isinstance(d, str) else d.text) for d in parts_shown
                    if isinstance(d, str) or d.text],
        parts=[_part_view(d, m, state.who) for d in parts_shown],
        assurance=md(item.assurance),
        order=list(item.order) + [p for p in NOTE_PARTS if p not in item.order],
        is_outstanding=item.outstanding is not None,
        reviews=reviews, items=children,
        actions=rows,
        all_actions=[_action_row(a, m, state.who) for a in item.discussed_actions()
                     if not (state.public and a.confidential)] + rows,
        show_actions=show, actions_marker=_marker(level + 1) if item.items else "",
        withheld=withheld)


def _shown_parts(item: Item, state: _Notes) -> list[str | Placed]:
    """The discussion's entries a version shows: a public one leaves out a confidential
    action in its place, and a commitment whose action is confidential, sentence and all."""
    if not state.public:
        return list(item.discussion)
    out: list[str | Placed] = []
    for d in item.discussion:
        if isinstance(d, Placed) and d.action is not None and d.action.confidential:
            state.hidden_actions += 1
            continue
        out.append(d)
    return out


def _part_view(d: str | Placed, m: Meeting, who: Resolver) -> PartView:
    if isinstance(d, str):
        return PartView("paragraph", md(d), "", "", "", "")
    if d.action is None:
        return PartView("heading", md_inline(d.heading), "", "", "", "")
    a = d.action
    ref, owner, due = f"{m.id}/{a.number}", _owners(a.owners, m, who), _due(a.due, m)
    text = a.text
    if a.status == "discharged":
        text += " (Discharged on the day" + (f": {a.note})" if a.note else ".)")
    elif a.note:
        text += f" ({a.note})"
    if d.text is None:
        return PartView("action", md(text), md_inline(ref), md_inline(owner), md_inline(due),
                        "")
    return PartView("commitment", md(d.text), md_inline(ref), md_inline(owner),
                    md_inline(due), md_inline(text) if text != d.text else "")


def _action_row(a: Action, m: Meeting, who: Resolver) -> ActionRow:
    text = a.text
    if a.status == "discharged":
        text += " (Discharged on the day" + (f": {a.note})" if a.note else ".)")
    elif a.note:
        text += f" ({a.note})"
    return ActionRow(md_cell(f"{m.id}/{a.number}"), md_cell(text),
                     md_cell(_owners(a.owners, m, who)), md_cell(_due(a.due, m)))


def _reviews(item: Item, state: _Notes) -> list[ReviewView]:
    m = state.meeting
    out: list[ReviewView] = []
    topic = None
    n = 0
    for review in item.outstanding or ():
        entry = state.before.get(review.ref) if review.ref else None
        if state.public and entry is not None and entry.confidential:
            state.hidden_actions += 1
            continue
        n += 1
        actions, withheld = _visible(review.actions, state)
        shown_topic = review.topic if review.topic and review.topic != topic else ""
        topic = review.topic
        brought = review.brought
        out.append(ReviewView(
            number=f"{item.number}.{n}" if item.number else str(n),
            topic=md_inline(shown_topic),
            ref=f"{m.id}/{brought.number}" if brought else (review.ref or ""),
            action=md(entry.text if entry else (review.text or "")),
            raised=md_inline(_raised(entry, review)),
            owner=md_inline(entry.owner_label() if entry else
                            _owners(review.owners, m, state.who)),
            due=md_inline(_entry_due(entry.due, entry.due_written) if entry else
                          _due(review.due, m) if brought and review.due is not None else ""),
            update=md(review.update), status=STATUS_LABELS.get(review.status, review.status),
            changes=_changes(review, entry, m, state.who),
            actions=[_action_row(a, m, state.who) for a in actions], withheld=withheld))
    return out


def _raised(entry: Entry | None, review: Review) -> str:
    if entry is not None:
        return entry.source()
    if review.brought is not None:
        return f"{review.raised}; brought forward at this meeting"
    return review.raised or ""


def _changes(review: Review, entry: Entry | None, m: Meeting,
             who: Resolver) -> list[str]:
    out: list[str] = []
    if review.brought is not None:
        return out  # its due date and owner are the action's own, shown with it
    if review.due is not None:
        out.append("New due date: " + md_inline(_due(review.due, m)))
    if review.owners and entry is not None:
        out.append("Reassigned to: " + md_inline(_owners(review.owners, m, who)))
    return out
