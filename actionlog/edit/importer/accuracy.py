"""How close an imported meeting is to a hand transcription of the same notes, field by
field: the header, every attendee and apology (name and capacity), every numbered item's
title, every action (owner as a person, text, due date) and every Outstanding Matters
entry's reference. Used by the tests and benchmarks/import_accuracy.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from actionlog.core.model import Meeting
from actionlog.core.owners import resolve

TEXT_LIKENESS = 85  # token-set likeness (0-100) at which two action texts say the same


@dataclass
class Score:
    header: list[bool] = field(default_factory=list)
    people: list[bool] = field(default_factory=list)
    items: list[bool] = field(default_factory=list)
    owners: list[bool] = field(default_factory=list)
    texts: list[bool] = field(default_factory=list)
    dues: list[bool] = field(default_factory=list)
    actions: list[bool] = field(default_factory=list)  # owner, text and due all right
    invented: int = 0
    entries: list[bool] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> "Score":
        for name in ("header", "people", "items", "owners", "texts", "dues", "actions",
                     "entries", "misses"):
            getattr(self, name).extend(getattr(other, name))
        self.invented += other.invented
        return self


def words(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def _person(meeting: Meeting, written: str | None) -> str:
    if not written:
        return ""
    return (resolve(written, meeting, []).owner.name or written).casefold()


def compare(truth: Meeting, got: Meeting) -> Score:
    s = Score()
    for name in ("title", "date", "time", "venue", "minutes", "status"):
        ok = words(str(getattr(truth, name))) == words(str(getattr(got, name)))
        s.header.append(ok)
        if not ok:
            s.misses.append(f"{truth.id} {name}: {getattr(got, name)!r}")
    s.header.append(_person(truth, truth.chair) == _person(got, got.chair))
    for kind in ("attendees", "apologies"):
        found = {(words(p.name), words(p.capacity)) for p in getattr(got, kind)}
        for p in getattr(truth, kind):
            ok = (words(p.name), words(p.capacity)) in found
            s.people.append(ok)
            if not ok:
                s.misses.append(f"{truth.id} {kind}: {p.name} ({p.capacity})")
    titles = {i.number: words(i.title) for i, _ in got.walk_items() if i.number}
    for item, _ in truth.walk_items():
        if item.number:
            ok = titles.get(item.number) == words(item.title)
            s.items.append(ok)
            if not ok:
                s.misses.append(f"{truth.id} item {item.number}: {titles.get(item.number)!r}")
    mine = {a.number: a for a, _i, _r in got.raised_actions()}
    for action, _i, _r in truth.raised_actions():
        other = mine.pop(action.number, None)
        owner = other is not None and sorted(_person(truth, o) for o in action.owners) == \
            sorted(_person(got, o) for o in other.owners)
        text = other is not None and fuzz.token_set_ratio(
            words(action.text), words(other.text)) >= TEXT_LIKENESS
        due = other is not None and action.due == other.due
        s.owners.append(owner)
        s.texts.append(text)
        s.dues.append(due)
        s.actions.append(owner and text and due)
        if not (owner and text and due):
            s.misses.append(f"{truth.id}/{action.number}: " + (
                "missing" if other is None else
                f"owner {other.owners} text {other.text[:40]!r} due {other.due}"))
    s.invented = len(mine)
    reviews = [r for r, _i in got.reviews()]
    for index, (review, _i) in enumerate(truth.reviews()):
        ok = index < len(reviews) and reviews[index].ref == review.ref
        s.entries.append(ok)
        if not ok:
            s.misses.append(f"{truth.id} entry {index + 1}: {review.ref}")
    s.invented += max(0, len(reviews) - len(list(truth.reviews())))
    return s


def percent(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)}" if flags else "-"
