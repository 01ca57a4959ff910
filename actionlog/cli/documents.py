"""The documents: agenda, notes and the action log, as Markdown printed or written to a
file, or converted by pandoc to Word, HTML or PDF (--to)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from actionlog.cli.common import (answer_problems, complete_meetings, complete_series,
                                  readable_workspace,
                                  today_option, workspace_root)
from actionlog.cli.errors import ActionlogError, writing
from actionlog.core.model import TOOK_PLACE
from actionlog.edit.files import write_atomic
from actionlog.present import convert, render, trackers, views
from actionlog.store.paths import TEMPLATES

TITLES = {"log": "Action log"}  # a document's title, when not its command's name


def to_option(f):
    return click.option("--to", "to", type=click.Choice(convert.FORMATS),
                        help="Write a Word, HTML or PDF file through pandoc instead of "
                             "Markdown (to -o FILE, or to <command>.<format>).")(f)


def output_option(f):
    return click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Write the document to FILE instead of printing it.")(f)


@click.command()
@to_option
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@output_option
@click.pass_context
def agenda(ctx, to: str | None, meeting: str | None, output: str | None) -> None:
    """Write the agenda of MEETING in Markdown: items, leads, questions put in advance, and
    the Outstanding Matters (every action open when it begins, overdue ones flagged).

    MEETING is a meeting id (2016-09-27) or its file; by default, the latest draft.
    The layout comes from templates/agenda.md.j2 (or the default shipped with actionlog).

    Example: actionlog agenda 2016-09-27 -o agenda.md
    """
    ws, scope, chosen = _meeting(ctx, meeting, "agenda")
    view = trackers.agenda(chosen, scope.meetings, scope.ledger(as_of=chosen), scope.roster)
    _publish(ctx, render.render("agenda.md.j2", views.context(view), scope.root),
             to, output, meeting)
    answer_problems(ws, None)


@click.command()
@to_option
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@output_option
@click.option("--public", is_flag=True, help="Leave out confidential (Part 2) items and "
                                               "actions, and say so in the document.")
@click.pass_context
def notes(ctx, to: str | None, meeting: str | None, output: str | None, public: bool) -> None:
    """Write the notes (minutes) of MEETING in Markdown, in the house style of the approved
    notes: attendance, each item with its findings and actions arising, the outstanding
    matters reviewed, and the next meeting.

    MEETING is a meeting id (2016-07-26) or its file; by default, the latest meeting that
    was not cancelled. The layout comes from templates/notes.md.j2 (or the default).

    Example: actionlog notes 2016-07-26 --public -o notes-2016-07.md
    """
    ws, scope, chosen = _meeting(ctx, meeting, "notes")
    view = views.notes(chosen, scope.meetings, scope.ledger(as_of=chosen), scope.roster,
                       public=public)
    _publish(ctx, render.render("notes.md.j2", views.context(view), scope.root),
             to, output, meeting)
    answer_problems(ws, None)


@click.command("log")
@to_option
@output_option
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="Only the actions of this series (default: every series).")
@today_option
@click.pass_context
def log_(ctx, to: str | None, output: str | None, series_name: str | None,
         today: date) -> None:
    """Write the action log in Markdown: open actions grouped by their owner's role, then
    those closed since the latest meeting (of the series, with --series).

    The layout comes from templates/log.md.j2 (or the default).

    Example: actionlog log --series monthly-assurance --today 2016-09-01 -o action-log.md
    """
    ws = readable_workspace(ctx, warn=False)
    if series_name and series_name not in ws.series_names():
        known = ", ".join(sorted(ws.series_names())) or "none yet"
        raise ActionlogError(f"no meetings of series '{series_name}' (series: {known})")
    held = [r for r in ws.index() if r.status in TOOK_PLACE and r.date <= today
            and (series_name is None or r.series == series_name)]
    previous = max(held, key=lambda r: (r.date, r.id)) if held else None
    view = trackers.action_log(ws.ledger(as_of=today), previous, today, series_name)
    _publish(ctx, render.render("log.md.j2", views.context(view), ws.root), to, output, None)
    answer_problems(ws, today)


def _meeting(ctx: click.Context, spec: str | None, purpose: str):
    """The meeting named by `spec` (an id or a file), or the default; and the workspace
    narrowed to what rendering it needs (its series, and any joined to it by references)."""
    ws = readable_workspace(ctx, warn=False)
    chosen = views.choose(ws, spec, purpose)
    return ws, ws.scope({chosen.series}), chosen


def _publish(ctx: click.Context, markdown: str, to: str | None, output: str | None,
             meeting: str | None) -> None:
    """Print the Markdown, write it to `output`, or convert it to the format asked for with
    --to (or named by the suffix of `output`)."""
    fmt = to or _format_of(output)
    if fmt is not None:
        _convert(ctx, markdown, fmt, output, meeting)
    elif output is None or output == "-":
        click.echo(markdown, nl=False)
    else:
        with writing(output):
            write_atomic(output, markdown)
        click.echo(f"wrote {output}", err=True)


def _format_of(output: str | None) -> str | None:
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in convert.FORMATS else None


def _convert(ctx: click.Context, markdown: str, fmt: str, output: str | None,
             meeting: str | None) -> None:
    if output == "-":
        raise ActionlogError(f"a {fmt} file cannot go to standard output: name it with -o FILE")
    name = ctx.info_name or "document"
    stem = name + (f"-{meeting.replace('/', '-')}" if meeting and "." not in meeting else "")
    target = convert.output_path(output, stem, fmt)
    templates = workspace_root(ctx) / TEMPLATES
    convert.convert(convert.Document(markdown, TITLES.get(name, name.capitalize())), fmt,
                    target, templates)
    click.echo(f"wrote {target}", err=True)
