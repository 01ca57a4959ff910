"""Carry-forward: the next meeting's contents from the ledger and the meeting before it.

Pure functions, no I/O. The result is plain data (and the comments to write beside it);
yamlio turns it into text. Nothing here changes an earlier meeting.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry, Ledger
from actionlog.core.model import Item, Meeting
from actionlog.core.series import Series, StandingItem

COMMENT_WIDTH = 80  # the text of a carried action, wrapped in the comment above its entry
REVIEW_ORDER = ["action", "id", "raised", "text", "topic", "update", "status", "due", "owner",
                "actions"]
ACTION_ORDER = ["id", "owner", "text", "due", "status", "note", "confidential"]
ITEM_ORDER = ["number", "title", "deferred_from", "lead", "questions", "findings",
              "discussion", "assurance", "outstanding", "items", "actions", "outcome",
              "note", "confidential"]
SCHEMA_COMMENT = "yaml-language-server: $schema={up}schema/meeting.schema.json"


def insert_position(keys: list, key: str, order: list[str]) -> int:
    """Where a new `key` goes among a mapping's `keys`: after every key that comes before it
    in `order` (keys not in `order` come after all that are)."""
    rank = {name: i for i, name in enumerate(order)}
    return max((index + 1 for index, present in enumerate(keys)
                if rank.get(present, len(order)) < rank.get(key, len(order))), default=0)


@dataclass(slots=True)
class Carried:
    """One Outstanding Matters entry to write, with the comment that introduces it."""

    data: dict
    comment: str
    ref: str
    overdue: bool = False


@dataclass(slots=True)
class Deferred:
    title: str
    heading: str | None  # the number of the item it reappears under
    data: dict


@dataclass
class Plan:
    """A new meeting file: its data, its comments and flow-style parts, and what it carried."""

    data: dict
    header: list[str]
    comments: dict[tuple, str] = field(default_factory=dict)
    flow: set[tuple] = field(default_factory=set)
    carried: list[Carried] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for c in self.carried if c.overdue)


def open_actions(book: Ledger, series: str, before: date,
                 exclude: str | None = None) -> list[Entry]:
    """Actions of `series` open when a meeting on `before` opens, oldest first."""
    found = [e for e in book.open((series,)) if e.meeting_date < before
             and e.meeting_id != exclude]
    return sorted(found, key=Entry.order)


def carried_entry(entry: Entry, on: date, meetings: "dict[str, Meeting] | Topics") -> Carried:
    """The Outstanding Matters entry for an open action, with an empty update to fill.
    Carrying many, pass one Topics of the meetings: each meeting is then walked once."""
    data: dict = {"action": entry.ref}
    topic = (meetings if isinstance(meetings, Topics) else Topics(meetings))(entry)
    if topic:
        data["topic"] = topic
    data["update"] = None
    data["status"] = entry.status  # an action in progress stays in progress
    overdue = entry.due is not None and entry.due < on
    if entry.due is None:
        due = "no due date set"
    elif overdue:
        days = (on - entry.due).days
        due = f"due {long_date(entry.due)}, {days} day{'s' if days != 1 else ''} overdue"
    elif entry.due_written:
        due = f"due {entry.due_written} ({long_date(entry.due)})"
    else:
        due = f"due {long_date(entry.due)}"
    about = f"Owner: {entry.owner_label()}. {due[0].upper()}{due[1:]}."
    if entry.brought_from:
        about = f"Raised at: {entry.brought_from} (brought forward {entry.meeting_id}). " + about
    return Carried(data, _comment(entry.text, about), entry.ref, overdue)


def _comment(text: str, about: str, width: int = COMMENT_WIDTH) -> str:
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=False,
                          break_on_hyphens=False)
    return "\n".join(lines + [about])


class Topics:
    """The heading each action was raised under (its review's topic, or its item's title),
    found with one walk of each meeting asked about, not one walk per action carried."""

    def __init__(self, meetings: dict[str, Meeting]) -> None:
        self.meetings = meetings
        self.known: dict[str, dict[int, str | None]] = {}

    def __call__(self, entry: Entry) -> str | None:
        found = self.known.get(entry.meeting_id)
        if found is None:
            found = {}
            meeting = self.meetings.get(entry.meeting_id)
            for action, item, review in meeting.raised_actions() if meeting else ():
                found.setdefault(action.number,
                                 review.topic if review is not None else item.title)
            self.known[entry.meeting_id] = found
        return found.get(entry.number)


def reviewed(draft: Meeting) -> set[str]:
    """The actions the draft's Outstanding Matters has an entry for already."""
    refs = set()
    for review, _item in draft.reviews():
        if review.ref:
            refs.add(review.ref)
        if review.brought:
            refs.add(f"{draft.id}/{review.brought.number}")
    return refs


# ---------------------------------------------------------------- the new meeting


def deferred_items(previous: Meeting | None) -> list[Deferred]:
    """Items the last meeting did not cover, to reappear under the same heading."""
    if previous is None:
        return []
    out = []
    for item, parents in previous.walk_items():
        if item.outcome != "deferred":
            continue
        heading = item.number or next((p.number for p in reversed(parents) if p.number), None)
        out.append(Deferred(item.title or item.number or "", heading,
                            _deferred_data(item, previous.date)))
    return out


def _deferred_data(item: Item, held: date) -> dict:
    data: dict = {}
    if item.number:
        data["number"] = item.number
    if item.title:
        data["title"] = item.title
    data["deferred_from"] = held
    if item.lead:
        data["lead"] = "/".join(item.lead)
    if item.questions:
        data["questions"] = list(item.questions)
    if item.confidential:
        data["confidential"] = True
    return data


def new_meeting(series: Series, on: date, meeting_id: str, previous: Meeting | None,
                carried: list[Carried], deferred: list[Deferred],
                next_date: date | None) -> Plan:
    """The data of the next meeting of `series`, held on `on`."""
    people = (previous.attendees + previous.apologies) if previous else series.attendees
    chair = (previous.chair if previous and previous.chair else series.chair)
    data: dict = {"title": series.title, "series": series.name, "date": on,
                  "time": series.time, "venue": series.venue, "status": "draft",
                  "chair": chair, "minutes": series.minutes,
                  "attendees": [_person(p) for p in people], "apologies": []}
    data = {k: v for k, v in data.items() if v is not None}
    items = [_standing(item) for item in series.agenda]
    placed = _place_deferred(items, deferred)
    data["items"] = items
    if next_date:
        data["next_meeting"] = {k: v for k, v in (("date", next_date),
                                                  ("time", series.time)) if v}
    up = "../" * meeting_id.count("/") + "../"
    plan = Plan(data, [SCHEMA_COMMENT.format(up=up)], deferred=placed)
    plan.flow = {("attendees", i) for i in range(len(people))}
    path = _outstanding_path(items)
    if path is None and carried:
        # a template without an Outstanding Matters item must not drop open actions
        items.insert(0, {"title": "Outstanding matters", "outstanding": []})
        path = (0,)
    if path is not None:
        target = _at(items, path)
        target["outstanding"] = [c.data for c in carried]
        for index, c in enumerate(carried):
            plan.comments[("items",) + path + ("outstanding", index)] = c.comment
    plan.carried = list(carried)
    return plan


def _person(p) -> dict:
    out = {"id": p.id}
    if p.name and p.name != p.label:
        out["name"] = p.name
    if p.role:
        out["role"] = p.role
    if p.capacity:
        out["capacity"] = p.capacity
    if p.label:
        out["label"] = p.label
    return out


def _standing(item: StandingItem) -> dict:
    data: dict = {}
    if item.number:
        data["number"] = item.number
    data["title"] = item.title
    if item.lead:
        data["lead"] = "/".join(item.lead)
    if item.questions:
        data["questions"] = list(item.questions)
    if item.outstanding:
        data["outstanding"] = []
    if item.items:
        data["items"] = [_standing(sub) for sub in item.items]
    if item.confidential:
        data["confidential"] = True
    return data


def _place_deferred(items: list[dict], deferred: list[Deferred]) -> list[Deferred]:
    """Put each deferred item under its heading (or merge it into the item it was)."""
    for d in deferred:
        own = d.data.get("number")
        target = _find(items, d.heading) if d.heading else None
        if own and target is not None:
            # the standing item itself was not covered: it comes back with its questions
            questions = target.get("questions", []) + [
                q for q in d.data.get("questions", []) if q not in target.get("questions", [])]
            merged = {**target, **{k: v for k, v in d.data.items() if k != "questions"}}
            if questions:
                merged["questions"] = questions
            target.clear()
            target.update(sorted(merged.items(), key=lambda kv: _rank(kv[0])))
        elif target is not None:
            subs = target.setdefault("items", [])
            subs.append(d.data)
            target_sorted = sorted(target.items(), key=lambda kv: _rank(kv[0]))
            target.clear()
            target.update(target_sorted)
        else:
            items.append(d.data)
    return deferred


def _rank(key: str) -> int:
    return ITEM_ORDER.index(key) if key in ITEM_ORDER else len(ITEM_ORDER)


def _find(items: list[dict], number: str) -> dict | None:
    for item in items:
        if str(item.get("number")) == number:
            return item
        found = _find(item.get("items", []), number)
        if found is not None:
            return found
    return None


def _outstanding_path(items: list[dict], path: tuple = ()) -> tuple | None:
    for index, item in enumerate(items):
        if "outstanding" in item:
            return path + (index,)
        found = _outstanding_path(item.get("items", []), path + (index, "items"))
        if found is not None:
            return found
    return None


def _at(items: list[dict], path: tuple) -> dict:
    node: object = items
    for part in path:
        node = node[part]  # type: ignore[index]
    return node  # type: ignore[return-value]
