"""The next meeting, a cancellation, and a draft brought up to date: the carry-forward plan
(core/carry.py) applied to a workspace. Nothing here writes; the commands write the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from actionlog.core import schedule
from actionlog.core.carry import (SCHEMA_COMMENT, Carried, Plan, Topics, carried_entry,
                                  deferred_items, insert_position, new_meeting,
                                  open_actions, reviewed)
from actionlog.core.dates import long_date
from actionlog.core.model import Action, Item, Meeting, Review
from actionlog.core.refs import MEETINGS, folder, meeting_id, stem
from actionlog.core.series import Series
from actionlog.edit import record, roundtrip
from actionlog.workspace import Workspace

HEADER_ORDER = ["title", "series", "date", "time", "venue", "status", "chair", "minutes", "note"]

class CarryError(Exception):
    """The next meeting cannot be planned as asked: a domain error, in one line."""


@dataclass
class Next:
    """The next meeting of a series: where it goes, when, and what it holds."""

    relpath: str
    date: date
    why: str  # how the date was chosen
    plan: Plan


def series_meetings(meetings: list[Meeting], name: str) -> list[Meeting]:
    return sorted((m for m in meetings if m.series == name), key=lambda m: (m.date, m.id))


def previous_meeting(meetings: list[Meeting], name: str, before: date) -> Meeting | None:
    held = [m for m in series_meetings(meetings, name) if not m.cancelled and m.date < before]
    return held[-1] if held else None


def plan_next(ws: Workspace, series: Series, on: date | None, today: date) -> Next:
    """Plan the next meeting of `series` in the loaded workspace `ws` (nothing is written)."""
    # only this series' meetings and the (cached) ledger: not every meeting in the workspace
    ours = ws.series_meetings(series.name)
    where = folder(ours[-1].path) if ours else MEETINGS
    taken = {m.date for m in ours} | _dates_named(ws.files, where)
    if on is not None:
        why = "as asked"
    else:
        on, why = _proposed(series, ours, taken, today)
    relpath = f"{where}/{on.isoformat()}.yaml"
    clash = [m for m in ours if m.date == on]
    if clash or relpath in ws.files:
        where = clash[0].path if clash else relpath
        raise CarryError(f"{where} already exists: a meeting of {on.isoformat()} is "
                         f"recorded; refusing to overwrite it")
    previous = previous_meeting(ours, series.name, on)
    topics = Topics({m.id: m for m in ours})
    carried = [carried_entry(e, on, topics)
               for e in open_actions(ws.ledger(as_of=on), series.name, on)]
    following = schedule.next_date(series.schedule, on, taken | {on})
    plan = new_meeting(series, on, meeting_id(relpath), previous, carried, deferred_items(previous),
                       following)
    return Next(relpath, on, why, plan)


def _proposed(series: Series, ours: list[Meeting], taken: set[date],
              today: date) -> tuple[date, str]:
    held = [m for m in ours if not m.cancelled]
    latest = ours[-1] if ours else None
    named = held[-1].next_date if held else None
    if named and (latest is None or named > latest.date) and named not in taken:
        return named, f"the next meeting named by {held[-1].path}"
    after = latest.date if latest else date.fromordinal(today.toordinal() - 1)
    found = schedule.next_date(series.schedule, after, taken)
    if found is None:
        raise CarryError(f"the schedule of {series.path} ({series.schedule}) has no date "
                         f"after {after.isoformat()}; give one with --date")
    since = f"after {latest.path}" if latest else "from today"
    return found, f"the schedule of {series.path}, {since}"


def _dates_named(files: list[str], where: str) -> set[date]:
    """Dates of files in folder `where` (even ones that cannot be read), so none is
    overwritten."""
    out = set()
    for path in files:
        name = stem(meeting_id(path))
        if folder(path) == where and len(name) >= 10:
            try:
                out.add(date.fromisoformat(name[:10]))
            except ValueError:
                pass
    return out


def fill_in(ws: Workspace, draft: Meeting) -> list[Carried]:
    """Entries for open actions that the draft's Outstanding Matters lacks."""
    scope = ws.scope({draft.series})
    book = scope.ledger(as_of=draft)
    topics = Topics(scope.by_id())
    have = reviewed(draft)
    return [carried_entry(e, draft.date, topics)
            for e in open_actions(book, draft.series, draft.date, exclude=draft.id)
            if e.ref not in have]


def cancelled(ws: Workspace, series: Series, on: date, note: str | None) -> Next:
    """The file recording that the meeting of `on` will not take place."""
    ours = ws.series_meetings(series.name)
    where = folder(ours[-1].path) if ours else MEETINGS
    relpath = f"{where}/{on.isoformat()}.yaml"
    data: dict = {"title": series.title, "series": series.name, "date": on,
                  "time": series.time, "venue": series.venue, "status": "cancelled",
                  "note": note or f"The meeting of {long_date(on)} was cancelled."}
    data = {k: v for k, v in data.items() if v is not None}
    up = "../" * meeting_id(relpath).count("/") + "../"
    return Next(relpath, on, "as asked", Plan(data, [SCHEMA_COMMENT.format(up=up)]))


def mark_cancelled(note: str) -> record.Edit:
    """The edit that marks a draft cancelled, keeping what it holds, with `note` saying so."""
    def mark(doc) -> None:
        roundtrip.set_value(doc, "status", "cancelled")
        if "note" in doc:
            roundtrip.set_value(doc, "note", note)
        else:
            roundtrip.insert_value(doc, "note", note, HEADER_ORDER)

    def find(doc) -> record.Spot:
        keys = list(doc) if isinstance(doc, dict) else []
        # the header's keys: up to the note, or to the key the note goes after
        ends = [keys.index(k) + 1 for k in ("status", "note") if k in keys]
        ends.append(insert_position(keys, "note", HEADER_ORDER))
        return record.Spot((), mark, upto=max(ends))
    return record.Edit(find)


# ---------------------------------------------------------------- what a draft records


@dataclass
class Recorded:
    """Something recorded in a draft: a review that changes an action, or a new action."""

    what: str  # "2016-07-26/1: discharged", "2018-12-12/1: a new action (item 4a)"
    review: Review | None = None
    action: Action | None = None
    item: Item | None = None


def records_in(ws: Workspace, draft: Meeting) -> list[Recorded]:
    """What the draft records beyond the entries new-meeting and carry write (an empty
    update, the action's own status): updates, closures, new dates and owners, and the
    actions it raises. Cancelling the draft would drop these."""
    # the entries of every series it reviews, in one question (not one for each entry)
    series = tuple(sorted(ws.reviewed_series(draft)))
    book = {e.ref: e for e in ws.ledger().all(series)} if series else {}
    out = []
    for review, item in draft.reviews():
        if review.brought is not None:
            out.append(Recorded(f"{draft.id}/{review.brought.number}: an action brought "
                                f"forward from the {review.raised}", review=review))
            continue
        entry = book.get(review.ref) if review.ref else None
        said = []
        if review.update:
            said.append("an update")
        if review.status != (entry.status if entry else "open"):
            said.append(review.status)
        if review.due is not None:
            said.append("a new due date")
        if review.owners:
            said.append("a new owner")
        if said:
            out.append(Recorded(f"{review.ref or review.text or 'an entry'}: "
                                f"{', '.join(said)}", review=review))
    for action, item, review in draft.raised_actions():
        if action.raised is not None:
            continue  # brought forward: listed with its entry above
        out.append(Recorded(f"{draft.id}/{action.number}: a new action (item "
                            f"{item.number or item.title})", action=action, item=item))
    return out


def move_records(ws: Workspace, records: list[Recorded], into: Meeting,
                 force: bool = False) -> tuple[record.Steps, Callable[[], list[str]]]:
    """The edit that records `records` in the draft `into` instead (each review as if
    recorded there with the same words; each new action under the item of the same number),
    and what to say, once it is made, was moved where."""
    edits: list[Callable[[Any], None]] = []
    said: list[str] = []
    adds: list[tuple[record.AddAction, str]] = []
    for r in records:
        if r.review is not None and r.review.ref:
            where = record.target(ws, r.review.ref, into.id, force)
            edits.append(record.review_change(where, _same_review(r.review)))
            said.append(f"{r.what} (moved to {into.path})")
        elif r.action is not None and r.item is not None:
            if not r.item.number:
                raise record.RecordError(f"{r.what}: its item has no number, so it cannot be "
                                         f"placed in {into.path}; move it by hand")
            owner = "/".join(r.action.owners)
            add = record.AddAction(r.item.number, owner, r.action.text,
                                   r.action.due if r.action.due is not None else None)
            edits.append(add)
            adds.append((add, r.what.split(":")[0]))
        else:
            raise record.RecordError(f"{r.what}: an action brought forward cannot be "
                                     f"moved; copy its entry by hand or use --discard")

    def moved() -> list[str]:
        return said + [f"{old}: a new action, now {into.id}/{add.added}" for add, old in adds]
    return record.Steps(edits), moved


def _same_review(review: Review) -> Callable[[Any], dict]:
    def change(existing: Any) -> dict:
        out: dict = {}
        if review.update:
            old = existing.get("update") if existing is not None else None
            out["update"] = record.joined(old, " ".join(review.update.split()))
        out["status"] = review.status
        if review.due is not None:
            out["due"] = review.due
        if review.owners:
            out["owner"] = review.owners[0] if len(review.owners) == 1 else "/".join(
                review.owners)
        return out
    return change
