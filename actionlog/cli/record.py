"""Recording what a meeting heard about actions: update, discharge, redate, reassign (each
into the entry reviewing the action), and add (a new action arising)."""

from __future__ import annotations

from typing import Any, Callable

import click

from actionlog.cli.common import (DUE, builds, complete_open_refs, complete_owners, complete_series,
                                  plural, readable_workspace, record_options)
from actionlog.cli.errors import ActionlogError
from actionlog.core import problems as P
from actionlog.core.model import Meeting
from actionlog.edit import record
from actionlog.workspace import Workspace


def apply_edit(ws: Workspace, meeting: Meeting, edit: Callable[[Any], None]) -> record.Outcome:
    """Run one edit of a meeting file; report a refusal with the problems it would cause."""
    outcome = record.apply(ws, meeting, edit)
    if outcome.problems:
        for p in outcome.problems:
            click.echo(P.format_human(p, outcome.lines), err=True)
        if outcome.already:
            raise ActionlogError(f"{outcome.path} already has problems; fix them first "
                                 f"(`actionlog validate {outcome.path}`); nothing was written")
        raise ActionlogError(f"nothing was written: the change would leave {outcome.path} "
                             f"with {plural(len(outcome.problems), 'problem')}")
    return outcome


def _record(ctx, ref: str, meeting: str | None, force: bool, change, done: str) -> None:
    """Apply `change` to the entry for `ref` in its meeting, then say `done` and where."""
    ws = readable_workspace(ctx)
    where = record.target(ws, ref, meeting, force)
    outcome = apply_edit(ws, where.meeting, record.review_change(where, change))
    if not outcome.changed:
        click.echo(f"{where.meeting.path} already records that; nothing changed")
        return
    click.echo(f"{ref}: {done} in {where.meeting.path}")


@click.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.argument("text")
@click.option("--replace", is_flag=True,
              help="Replace the update recorded so far instead of adding to it.")
@record_options
@click.pass_context
@builds
def update(ctx, ref: str, text: str, replace: bool, meeting, force) -> None:
    """Record an update reported on an action, in the next draft meeting.

    The text is added after any update already recorded there (unless --replace).

    Example: actionlog update 2016-06-28/1 "Options paper circulated on 3 August."
    """
    _record(ctx, ref, meeting, force, record.update(text, replace), "update recorded")


@click.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.option("--note", help="What was reported (added to the update).")
@record_options
@click.pass_context
@builds
def discharge(ctx, ref: str, note: str | None, meeting, force) -> None:
    """Record that an action is done (discharged), in the next draft meeting.

    Example: actionlog discharge 2016-07-26/1 --note "Dates provided by email."
    """
    _record(ctx, ref, meeting, force, record.discharge(note), "discharged")


@click.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.argument("due", metavar="DATE", type=DUE)
@record_options
@click.pass_context
@builds
def redate(ctx, ref: str, due, meeting, force) -> None:
    """Record a new due date for an action (a date, or "next meeting").

    Example: actionlog redate 2016-07-26/1 "30 September 2016"
    """
    shown = due if isinstance(due, str) else due.isoformat()
    _record(ctx, ref, meeting, force, record.redate(due), f"due {shown}, recorded")


@click.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.argument("owner", shell_complete=complete_owners)
@record_options
@click.pass_context
@builds
def reassign(ctx, ref: str, owner: str, meeting, force) -> None:
    """Record a new owner for an action: initials, a role, a name, or ALL.

    The owner is resolved among the people of the meeting recorded into (then the roster).

    Example: actionlog reassign 2016-07-26/3 AC
    """
    owner = " ".join(owner.split())
    _record(ctx, ref, meeting, force, record.reassign(owner), f"owner {owner}, recorded")


@click.command()
@click.argument("text")
@click.option("--item", "number", required=True, metavar="NUMBER",
              help='The agenda item the action arises from: "4a", "1".')
@click.option("--owner", required=True, metavar="X", shell_complete=complete_owners,
              help="Who owns it: initials, a role, a name, or ALL (several: AC/AB).")
@click.option("--due", type=DUE, help='When it is due: a date, or "next meeting".')
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="Record into the latest draft of this series.")
@record_options
@click.pass_context
@builds
def add(ctx, text: str, number: str, owner: str, due, series_name, meeting, force) -> None:
    """Add a new action arising, under an item of the next draft meeting.

    It takes the meeting's next free number, so its reference is <meeting>/<number>.

    Example: actionlog add --item 4a --owner ACC --due 2016-09-27 "Brief the PCC on CSE."
    """
    ws = readable_workspace(ctx)
    draft = (record.find_meeting(ws, meeting) if meeting
             else record.next_draft(ws, series_name))
    record.check_editable(draft, force)
    edit = record.AddAction(number, " ".join(owner.split()), text, due)
    apply_edit(ws, draft, edit)
    click.echo(f"added {draft.id}/{edit.added} under item {number} of {draft.path}")
