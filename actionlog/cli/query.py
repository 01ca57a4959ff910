"""Asking the ledger: outstanding (the open actions) and show (one action's story)."""

from __future__ import annotations

import sys
from datetime import date

import click

from actionlog.cli.common import (DATE, answer_problems, builds, complete_owners,
                                  complete_refs, complete_series, load_ledger, narrowed,
                                  today_option)
from actionlog.cli.listing import listing_file_options, save_listing
from actionlog.cli.errors import ActionlogError
from actionlog.core import queries
from actionlog.present import output
from actionlog.present.story import story


@click.command()
@click.option("--owner", "owners", multiple=True, metavar="X", shell_complete=complete_owners,
              help="Only actions of this owner: initials, role (as held when the action "
                   "was raised or reassigned), name, surname or roster alias, in any case "
                   "(repeatable). ALL actions show for everyone; an owner nobody answers "
                   "to is an error.")
@click.option("--now", "holder", is_flag=True,
              help="A role given to --owner means whoever holds it now (the roster, else "
                   "the latest meeting), not the actions given to that role when raised.")
@click.option("--series", multiple=True, shell_complete=complete_series,
              help="Only actions raised in this series.")
@click.option("--overdue", is_flag=True, help="Only actions past their due date.")
@click.option("--due-before", type=DATE, help="Only actions due before this date.")
@click.option("--as-of", type=DATE, help="The state as it stood on this date.")
@click.option("--sort", type=click.Choice(["due", "ref", "owner", "raised", "overdue"]),
              default="due", show_default=True)
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "markdown", "xlsx"]),
              help="xlsx: the tracker spreadsheet, written to -o FILE (or "
                   "outstanding-<date>.xlsx).")
@listing_file_options
@today_option
@click.pass_context
@builds
def outstanding(ctx, owners, holder, series, overdue, due_before, as_of, sort, fmt, out, force,
                bom, today):
    """List the open actions: who owes what, since when, and how late.

    Example: actionlog outstanding --owner DCC --overdue --format xlsx -o tracker.xlsx
    """
    today = as_of or today
    ws, book = load_ledger(ctx, today)
    now = ws.holders(today)
    keys = narrowed(ws, book, tuple(owners), tuple(series), now if holder else None)
    filters = queries.Filters(keys, tuple(series), overdue, due_before, sort)
    entries = queries.outstanding(book, today, filters)
    records = [queries.record(e, today, now) for e in entries]
    if out or fmt == "xlsx" or bom:
        save_listing(ctx, fmt, records, entries, today, out, force, bom)
        answer_problems(ws, today)
        return
    if fmt == "json":
        click.echo(output.as_json(records), nl=False)
    elif not records:
        click.echo("No open actions match." if (owners or series or overdue or due_before)
                   else "No open actions.")
    elif fmt == "csv":
        click.echo(output.as_csv(records), nl=False)
    elif fmt == "markdown":
        click.echo(output.as_markdown(records), nl=False)
    elif sys.stdout.isatty():
        output.print_table(records, queries.owner_counts(entries),
                           f"Open actions as of {today.isoformat()}")
    else:
        click.echo(output.as_plain(records, queries.owner_counts(entries)), nl=False)
    answer_problems(ws, today)


@click.command()
@click.argument("ref", shell_complete=complete_refs)
@today_option
@click.pass_context
@builds
def show(ctx, ref: str, today: date) -> None:
    """Tell one action's whole story: raised, reviewed, where it stands now.

    Example: actionlog show 2016-06-28/1
    """
    ws, book = load_ledger(ctx, today)
    entry = book.get(ref)
    if entry is None:
        near = queries.nearest_refs(book, ref)
        raise ActionlogError(f"no action '{ref}'" +
                             (f"; nearest: {', '.join(near)}" if near else ""))
    click.echo(story(entry, today))
    answer_problems(ws, today)
