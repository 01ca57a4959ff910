"""The meeting as the rest of the tool sees it: plain, picklable records built once from a
validated file. Each record keeps its YAML path (`loc`) so a later check can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

# a draft has not taken place; a held meeting has (its notes not yet approved); an approved
# one's notes are final. Only meetings that took place change the record (README: the rule
# of the record); a draft holds proposals.
MEETING_STATUSES = ("draft", "held", "approved", "cancelled")
TOOK_PLACE = ("held", "approved")
ACTION_STATUSES = ("open", "discharged")
OPEN_STATUSES = ("open", "in-progress", "proposed-closure")
CLOSED_STATUSES = ("discharged", "withdrawn")
REVIEW_STATUSES = OPEN_STATUSES + CLOSED_STATUSES
NEXT_MEETING = "next meeting"
MAX_OWNER = 100  # the longest plausible name and role; a longer owner is a mistake
# what an item's notes hold besides questions; the notes print them in the order written
NOTE_PARTS = ("findings", "discussion", "assurance")


@dataclass(slots=True)
class Person:
    id: str
    name: str
    role: str | None = None
    capacity: str | None = None
    label: str | None = None  # the Name column as the notes write it: "Policy Officer (NN)"


@dataclass(slots=True)
class Action:
    number: int
    owners: list[str]
    text: str
    due: date | str | None = None
    status: str = "open"
    note: str | None = None
    confidential: bool = False
    loc: tuple = ()
    # brought forward: raised in a meeting the workspace does not hold ("June 2017 meeting
    # (1.1)"); it is numbered in the meeting whose Outstanding Matters first records it
    raised: str | None = None


@dataclass(slots=True)
class Review:
    ref: str | None
    update: str | None = None
    status: str = "open"
    due: date | str | None = None
    owners: list[str] | None = None
    text: str | None = None
    raised: str | None = None
    topic: str | None = None
    actions: list[Action] = field(default_factory=list)
    loc: tuple = ()
    # an entry without `ref` brings an action forward from a meeting not held here: that
    # action, numbered in this meeting (README: "Actions brought forward")
    brought: Action | None = None


@dataclass(slots=True)
class Placed:
    """A discussion entry that is more than a paragraph: a sub-heading (without a number or
    actions of its own), an action in its place among the paragraphs, or a sentence minuted
    as said that is also an action (a commitment in prose: `text` is the sentence, printed
    as written; the action's text is the sentence unless the file gives one)."""

    heading: str | None = None
    text: str | None = None
    action: Action | None = None


@dataclass(slots=True)
class Item:
    number: str | None
    title: str  # "" where the notes give the item a number and no heading
    lead: list[str] | None = None
    questions: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    # paragraphs, and (README: "The discussion as minuted") entries
    # that are sub-headings, actions in their place or commitments in prose
    discussion: list[str | Placed] = field(default_factory=list)
    assurance: str | None = None
    outstanding: list[Review] | None = None
    items: list["Item"] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    outcome: str | None = None
    note: str | None = None
    deferred_from: date | None = None
    confidential: bool = False
    loc: tuple = ()
    order: tuple[str, ...] = ()  # the NOTE_PARTS it has, in the file's order
    # the file writes `actions:` (even `actions: []`, "There were none."); absent, the notes
    # say nothing of actions arising
    actions_said: bool = False

    def discussed_actions(self) -> list[Action]:
        """The actions raised in the item's discussion (in their place, or a commitment in
        prose), in the order written."""
        return [p.action for p in self.discussion
                if isinstance(p, Placed) and p.action is not None]


@dataclass(slots=True)
class Meeting:
    id: str
    path: str
    title: str
    series: str
    date: date
    status: str
    time: str | None = None
    venue: str | None = None
    kind: str | None = None  # "Thematic – Diversity and Inclusion", "Public meeting"
    chair: str | None = None
    minutes: str | None = None
    note: str | None = None
    attendees: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    next_date: date | None = None
    next_time: str | None = None
    next_note: str | None = None
    next_kind: str | None = None  # the kind of the next meeting: "Public meeting"
    next_tbc: bool = False  # its date is to be confirmed ("Date – TBC")
    # which of attendees and apologies the file writes (`apologies: []` says "none"; absent,
    # the notes say nothing)
    people_said: tuple[str, ...] = ("attendees", "apologies")

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def took_place(self) -> bool:
        return self.status in TOOK_PLACE

    def people(self) -> list[Person]:
        return self.attendees + self.apologies

    def walk_items(self) -> Iterator[tuple[Item, list[Item]]]:
        """Every item, depth first, with the chain of items above it."""
        stack: list[tuple[Item, list[Item]]] = [(i, []) for i in reversed(self.items)]
        while stack:
            item, parents = stack.pop()
            yield item, parents
            stack.extend((child, parents + [item]) for child in reversed(item.items))

    def raised_actions(self) -> Iterator[tuple[Action, Item, Review | None]]:
        """Every action raised here, in file order, with its item (and review, if any); an
        action brought forward is one too, with the entry that brings it as its review."""
        for item, _parents in self.walk_items():
            for review in item.outstanding or ():
                if review.brought is not None:
                    yield review.brought, item, review
                for action in review.actions:
                    yield action, item, review
            for action in item.discussed_actions():
                yield action, item, None
            for action in item.actions:
                yield action, item, None

    def reviews(self) -> Iterator[tuple[Review, Item]]:
        for item, _parents in self.walk_items():
            for review in item.outstanding or ():
                yield review, item

    def outstanding_item(self) -> Item | None:
        for item, _parents in self.walk_items():
            if item.outstanding is not None:
                return item
        return None


def item_label(item: Item, parents: list[Item]) -> str:
    """How the notes name an item: its number, or its parent's number and its title."""
    if item.number:
        return item.number
    for parent in reversed(parents):
        if parent.number:
            return f"{parent.number} ({item.title})" if item.title else parent.number
    return item.title
