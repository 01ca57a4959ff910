"""Plain text for the terminal: one action's whole story (`actionlog show`), and what a new
meeting's file carried forward and brought back (`actionlog new-meeting`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from actionlog.core import queries
from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry

if TYPE_CHECKING:  # only a type here: `show` need not load the carry-forward rules
    from actionlog.core.carry import Plan


def story(entry: Entry, today: date) -> str:
    """Raised when, where and for whom; each review since; what the drafts propose; where it
    stands on `today`."""
    lines = [f"{entry.ref}: {entry.text}"]
    if entry.held and entry.brought_from:
        lines.append(f"  raised   at the {entry.brought_from}, a meeting not kept here; "
                     f"brought forward {long_date(entry.meeting_date)} at "
                     f"{entry.meeting_id}, item {entry.item}")
    elif entry.held:
        lines.append(f"  raised   {long_date(entry.meeting_date)} at {entry.meeting_id}, "
                     f"item {entry.item}")
    else:
        lines.append(f"  proposed at {entry.meeting_id}, item {entry.item}: the meeting of "
                     f"{long_date(entry.meeting_date)} has not taken place, so the action "
                     f"is not raised yet")
    owners = entry.raised_owners or entry.owners
    lines += [f"  owner    {', '.join(o.label() for o in owners) or entry.owner_label()}",
              f"  due      {_due_text(entry.original_due, entry.due_written)}"]
    if entry.raised_status != "open":
        lines.append(f"  status   {entry.raised_status} on the day")
    for event in entry.history:
        lines.append(f"  {long_date(event.date)} ({event.meeting_id}): {event.status}")
        lines += _event_lines(event)
    for event in entry.proposals:
        lines.append(f"  {long_date(event.date)} ({event.meeting_id}, a draft: proposed, "
                     f"not yet decided): {event.status}")
        lines += _event_lines(event)
    if not entry.held:
        return "\n".join(lines)
    record = queries.record(entry, today)
    now = f"  now      {entry.status}"
    if entry.due:
        now += f", due {long_date(entry.due)}"
    if record["days_overdue"]:
        now += f", {record['days_overdue']} days overdue"
    if entry.slipped:
        now += f" (due date changed {entry.slipped} time{'s' if entry.slipped > 1 else ''})"
    if entry.raised_owners and entry.owners != entry.raised_owners:
        now += f"; owner {entry.owner_label()}"
    lines.append(now)
    if record["proposed"]:
        lines.append(f"  pending  {record['proposed']}")
    return "\n".join(lines)


def _event_lines(event) -> list[str]:
    out = []
    if event.update:
        out.append("      " + event.update.replace("\n", "\n      ").replace("      \n", "\n"))
    if event.due:
        out.append(f"      due date moved to {long_date(event.due)}")
    elif event.due_next:
        out.append("      due date moved to the next meeting")
    if event.owners:
        out.append(f"      reassigned to {', '.join(o.label() for o in event.owners)}")
    return out


def _due_text(due: date | None, written: str | None) -> str:
    if due and written:
        return f"{long_date(due)} ({written})"
    return long_date(due) if due else (written or "no due date")


def carried(plan: Plan) -> str:
    """'6 actions carried (3 overdue), 1 item deferred (4a Estates)': a carry-forward plan
    in one line."""
    deferred = "; ".join(f"{d.data['number']} {d.title}" if d.data.get("number")
                         else f"{d.title}, under {d.heading}" if d.heading else d.title
                         for d in plan.deferred)
    return (f"{_plural(len(plan.carried), 'action')} carried ({plan.overdue} overdue), "
            + f"{_plural(len(plan.deferred), 'item')} deferred"
            + (f" ({deferred})" if deferred else ""))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
