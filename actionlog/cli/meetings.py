"""Meetings of a series: new-meeting (the next one's file), cancel, and carry (bring a
draft's Outstanding Matters up to date)."""

from __future__ import annotations

import click

from actionlog.cli.check import edit_until_clean
from actionlog.cli.common import (DATE, builds, complete_dates, complete_meetings,
                                  complete_series, readable_workspace, report_problems,
                                  today_option)
from actionlog.cli.errors import ActionlogError, Problems, writing
from actionlog.cli.record import apply_edit
from actionlog.core.dates import day_date
from actionlog.core.model import Meeting
from actionlog.core.series import Series
from actionlog.edit import files, meetings, record, written
from actionlog.present.story import carried
from actionlog.store import yamlio
from actionlog.store.load import load_series, series_names


@click.command("new-meeting")
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="The series (templates/NAME.yaml); needed when there are several.")
@click.option("--date", "on", type=DATE, shell_complete=complete_dates,
              help="The meeting's date (default: the next date of the series schedule).")
@click.option("--dry-run", is_flag=True, help="Print the file instead of writing it.")
@click.option("--edit", "edit_after", is_flag=True,
              help="Open the new file in $EDITOR, then check it.")
@today_option
@click.pass_context
@builds
def new_meeting(ctx, series_name, on, dry_run, edit_after, today) -> None:
    """Start the next meeting's file from the series template.

    The date is the next one of the series schedule after its latest meeting, skipping
    dates taken by a meeting or a cancellation. Attendees come from the latest meeting;
    every open action is carried into Outstanding Matters with an empty update to fill,
    and items deferred last time come back under their heading.

    Example: actionlog new-meeting --dry-run
    """
    ws = readable_workspace(ctx, strict=True)
    nxt = meetings.plan_next(ws, _series(ws, series_name), on, today)
    plan = nxt.plan
    text = written.new_document(plan.data, plan.header, plan.comments, plan.flow)
    when = f"{day_date(nxt.date)} ({nxt.why})"
    if dry_run:
        click.echo(text, nl=False)
        click.echo(f"would write {nxt.relpath}: {when}\n  {carried(plan)}", err=True)
        return
    size = len(text.encode("utf-8"))
    if size > yamlio.MAX_FILE_BYTES:  # written, it could not be read
        raise ActionlogError(f"{nxt.relpath} would be {size} bytes, more than a meeting "
                             f"file may be ({yamlio.MAX_FILE_BYTES}), with {len(plan.carried)} "
                             f"open actions carried; nothing was written")
    with writing(nxt.relpath, new=True):
        files.write_new(str(ws.root / nxt.relpath), text)
    click.echo(f"wrote {nxt.relpath}: {when}\n  {carried(plan)}")
    if edit_after:
        edit_until_clean(ctx, nxt.relpath)


@click.command()
@click.argument("on", metavar="DATE", type=DATE, shell_complete=complete_dates)
@click.option("--note", help="Why, or when the next meeting is (default: 'The meeting of "
                             "DATE was cancelled.').")
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="The series; needed when there are several.")
@click.option("--move-to", "move_to", metavar="MEETING", shell_complete=complete_meetings,
              help="A draft that holds records (updates, closures, new actions): move them "
                   "into this later draft, then cancel.")
@click.option("--discard", is_flag=True,
              help="A draft that holds records: cancel it anyway; its records stay in the "
                   "file but no longer count.")
@today_option
@click.pass_context
@builds
def cancel(ctx, on, note, series_name, move_to, discard, today) -> None:
    """Record that a meeting will not take place, so the schedule steps over it.

    Actions due at it ("next meeting") fall due at the next meeting that takes place; the
    command says which, and which drafts still name its date. A draft already started for
    that date is marked cancelled; if it records anything (an update, a closure, a new
    action), it refuses unless told where those go (--move-to) or to drop them (--discard).

    Example: actionlog cancel 30/08/2016 --note "The next meeting is 27 September 2016."
    """
    if move_to and discard:
        raise click.UsageError("choose one of --move-to and --discard")
    ws = readable_workspace(ctx)
    template = _series(ws, series_name)
    due_then = [e for e in ws.ledger(today).open((template.name,)) if e.due == on]
    existing = [m for m in ws.series_meetings(template.name) if m.date == on]
    text = note or f"The meeting of {on.day} {on:%B %Y} was cancelled."
    if existing:
        meeting = existing[0]
        if meeting.cancelled:
            click.echo(f"{meeting.path} is already recorded as cancelled; nothing changed")
            return
        if meeting.status != "draft":
            raise ActionlogError(f"{meeting.path} is {meeting.status}: the meeting took "
                                 f"place, so it cannot be cancelled")
        after = _cancel_draft(ws, meeting, text, move_to, discard)
    else:
        nxt = meetings.cancelled(ws, template, on, note)
        document = written.new_document(nxt.plan.data, nxt.plan.header)
        with writing(nxt.relpath, new=True):
            files.write_new(str(ws.root / nxt.relpath), document)
        click.echo(f"wrote {nxt.relpath}: the meeting of {on.isoformat()} is cancelled")
        after = record.meeting_in(nxt.relpath, document)
    # what the files now hold, without reading them all again (that is the next command's)
    _say_what_moved(ws.trial(after) if after else readable_workspace(ctx, warn=False),
                    template.name, on, due_then, today)


def _cancel_draft(ws, meeting, text: str, move_to: str | None,
                  discard: bool) -> Meeting | None:
    """Mark a draft cancelled; what it records is moved first, or dropped only when told.
    The draft as it now stands, unless records were moved (then another file changed too)."""
    records = meetings.records_in(ws, meeting)
    if records and not (move_to or discard):
        listed = "\n".join(f"  {r.what}" for r in records)
        raise ActionlogError(f"{meeting.path} records {len(records)} thing(s) that "
                             f"cancelling would drop:\n{listed}\nmove them to a later draft "
                             f"(--move-to MEETING) or drop them (--discard)")
    if records and move_to:
        into = record.find_meeting(ws, move_to)
        if into.status != "draft" or (into.date, into.id) <= (meeting.date, meeting.id):
            raise ActionlogError(f"--move-to {move_to}: records move to a later draft "
                                 f"(start one with `actionlog new-meeting`)")
        edit, moved = meetings.move_records(ws, records, into)
        apply_edit(ws, into, edit)
        for line in moved():
            click.echo(f"moved {line}")
        text += f" What it recorded was moved to {into.id}."
    elif records:
        text += " What it recorded was discarded."
        click.echo(f"discarded (kept in the file, no longer counted): "
                   f"{'; '.join(r.what for r in records)}")
    outcome = apply_edit(ws, meeting, meetings.mark_cancelled(text))
    click.echo(f"marked {meeting.path} cancelled (its draft contents are kept)")
    return None if records and move_to else outcome.meeting


def _say_what_moved(ws, series: str, on, due_then, today) -> None:
    """Which actions were due at the cancelled meeting and when they fall due now, and
    which drafts still name its date as their next meeting (`ws`: as the files now are)."""
    book = ws.ledger(today)
    for old in due_then:
        now = book.get(old.ref)
        when = now.due.isoformat() if now and now.due else "not set"
        moved = "now due" if old.due_written or (now and now.due != old.due) else "still due"
        click.echo(f"  {old.ref} ({old.owner_label()}): {moved} {when}"
                   + ("" if moved == "now due" else " (a date written out: redate it)"))
    for m in ws.series_meetings(series):
        if m.status == "draft" and m.next_date == on:
            click.echo(f"  {m.path} names {on.isoformat()} as its next meeting: change it "
                       f"(`actionlog validate` warns until then)")


@click.command()
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@click.option("--force", is_flag=True, help="Allow changing an approved meeting.")
@click.pass_context
@builds
def carry(ctx, meeting: str | None, force: bool) -> None:
    """Add to a draft's Outstanding Matters every open action it does not review yet.

    MEETING defaults to the latest draft. Entries already there are never changed or
    removed; running it again changes nothing.

    Example: actionlog carry 2016-07-26
    """
    ws = readable_workspace(ctx)
    draft = record.find_meeting(ws, meeting) if meeting else record.next_draft(ws)
    record.check_editable(draft, force)
    wanted = meetings.fill_in(ws, draft)
    outcome = apply_edit(ws, draft, record.carry_entries(wanted))
    if not outcome.changed:
        click.echo(f"{draft.path} already reviews every open action; nothing changed")
        return
    refs = ", ".join(c.ref or f"one from the {c.data.get('raised')}" for c in wanted)
    entries = "1 entry" if len(wanted) == 1 else f"{len(wanted)} entries"
    click.echo(f"added {entries} to {draft.path}: {refs}")


def _series(ws, name: str | None) -> Series:
    """The series template: the one named, or the workspace's only series."""
    if not name:
        known = sorted(ws.series_names() | set(series_names(ws.root)))
        if not known:
            raise ActionlogError("this workspace has no series yet: create "
                                 "templates/<series>.yaml (see the README)")
        if len(known) > 1:
            raise ActionlogError(f"this workspace has several series ({', '.join(known)}); "
                                 f"name one with --series")
        name = known[0]
    found, problems = load_series(ws.root, name)
    if found is None:
        report_problems(ws, problems)
        raise Problems()
    return found
