"""Asking the ledger: outstanding (the open actions) and show (one action's story)."""

from __future__ import annotations

import sys
from datetime import date

import click

from actionlog.cli.common import (DATE, complete_owners, complete_refs, complete_series,
                                  load_ledger, today_option)
from actionlog.cli.documents import listing_file_options, save_listing
from actionlog.cli.errors import ActionlogError
from actionlog.core import queries
from actionlog.present import output
from actionlog.present.story import story


@click.command()
@click.option("--owner", "owners", multiple=True, metavar="X", shell_complete=complete_owners,
              help="Only actions of this owner: initials, name or role as held when the "
                   "action was raised (case-insensitive; repeatable). ALL actions show "
                   "for everyone.")
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
def outstanding(ctx, owners, series, overdue, due_before, as_of, sort, fmt, out, force,
                bom, today):
    """List the open actions: who owes what, since when, and how late.

    Example: actionlog outstanding --owner DCC --overdue --format xlsx -o tracker.xlsx
    """
    today = as_of or today
    _ws, book = load_ledger(ctx, as_of)
    filters = queries.Filters(tuple(owners), tuple(series), overdue, due_before, sort)
    entries = queries.outstanding(book, today, filters)
    records = [queries.record(e, today) for e in entries]
    if out or fmt == "xlsx" or bom:
        save_listing(ctx, fmt, records, entries, today, out, force, bom)
        return
    if fmt == "json":
        click.echo(output.as_json(records), nl=False)
        return
    if not records:
        click.echo("No open actions match." if (owners or series or overdue or due_before)
                   else "No open actions.")
        return
    if fmt == "csv":
        click.echo(output.as_csv(records), nl=False)
    elif fmt == "markdown":
        click.echo(output.as_markdown(records), nl=False)
    elif sys.stdout.isatty():
        output.print_table(records, queries.owner_counts(entries),
                           f"Open actions as of {today.isoformat()}")
    else:
        click.echo(output.as_plain(records, queries.owner_counts(entries)), nl=False)


@click.command()
@click.argument("ref", shell_complete=complete_refs)
@today_option
@click.pass_context
def show(ctx, ref: str, today: date) -> None:
    """Tell one action's whole story: raised, reviewed, where it stands now.

    Example: actionlog show 2016-06-28/1
    """
    _ws, book = load_ledger(ctx)
    entry = book.get(ref)
    if entry is None:
        near = queries.nearest_refs(book, ref)
        raise ActionlogError(f"no action '{ref}'" +
                             (f"; nearest: {', '.join(near)}" if near else ""))
    click.echo(story(entry, today))
