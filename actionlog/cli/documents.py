"""The documents: agenda, notes and the action log, as Markdown printed or written to a
file, or as Word, HTML or PDF (and the log as an Excel tracker) built from the same views
(--to, or the suffix of -o FILE)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Callable

import click

from actionlog.cli.common import (answer_problems, builds, complete_meetings,
                                  complete_series, readable_workspace, today_option,
                                  workspace_root)
from actionlog.cli.errors import ActionlogError, writing
from actionlog.core.model import TOOK_PLACE
from actionlog.present import layouts, markings, pdf, publish, render, trackers, views
from actionlog.present import notes as notes_view
from actionlog.present.plain import plain
from actionlog.store import settings as workspace_settings
from actionlog.store.paths import TEMPLATES

DOCUMENT_FORMATS = ("md", "docx", "html", "pdf")
PDF_PAGES = "pdf_pages"  # the key of ctx.obj that lowers pdf.MAX_PAGES (the tests' way)


def to_option(formats: tuple[str, ...]):
    def decorate(f):
        return click.option(
            "--to", "to", type=click.Choice(formats),
            help="The format: Markdown (md, the default), Word (docx), HTML, PDF"
                 + (", or an Excel tracker (xlsx)" if "xlsx" in formats else "")
                 + "; by default the suffix of -o FILE. A file is named "
                   "<document>-<meeting id>.<format> unless -o names it.")(f)
    return decorate


def output_options(f):
    f = click.option("--long", "long_pdf", is_flag=True,
                     help=f"Make the PDF however long it runs. Without it, one of more than "
                          f"about {pdf.MAX_PAGES} pages is refused: WeasyPrint lays out "
                          f"every page, about {pdf.PAGES_PER_SECOND} a second.")(f)
    f = click.option("--force", is_flag=True,
                     help="Overwrite the output file if it exists.")(f)
    return click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Write the document to FILE instead of printing it.")(f)


@click.command()
@to_option(DOCUMENT_FORMATS)
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@output_options
@click.option("--public", is_flag=True, help="Leave out confidential (Part 2) items and "
                                               "actions, and say so in the document.")
@click.pass_context
@builds
def agenda(ctx, to: str | None, meeting: str | None, output: str | None, force: bool,
           long_pdf: bool, public: bool) -> None:
    """Write the agenda of MEETING: items, leads, questions put in advance, and the
    Outstanding Matters (every action open when it begins, overdue ones flagged).

    MEETING is a meeting id (2016-09-27) or its file; by default, the latest draft.
    Markdown comes from templates/agenda.md.j2 (or the default shipped with actionlog);
    Word from templates/reference.docx's styles, in landscape for the tracker.

    Example: actionlog agenda 2016-09-27 --to docx
    """
    ws, scope, chosen = _meeting(ctx, meeting, "agenda")
    before = scope.ledger(as_of=chosen)
    view = trackers.agenda(chosen, scope.meetings, before, scope.roster, public=public)
    part2 = not public and markings.holds_part2(chosen, before)
    marking = _markings(ctx).of(part2 or _tracker_part2(view), public)
    _publish(ctx, to, output, force, long_pdf, ("agenda", chosen.id),
             lambda: render.render("agenda.md.j2", views.context(view), scope.root),
             lambda: layouts.agenda(view, marking))
    answer_problems(ws, None)


@click.command()
@to_option(DOCUMENT_FORMATS)
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@output_options
@click.option("--public", is_flag=True, help="Leave out confidential (Part 2) items and "
                                               "actions, and say so in the document.")
@click.pass_context
@builds
def notes(ctx, to: str | None, meeting: str | None, output: str | None, force: bool,
          long_pdf: bool, public: bool) -> None:
    """Write the notes (minutes) of MEETING, in the house style of the approved notes:
    attendance, each item with its findings and actions arising, the outstanding matters
    reviewed, and the next meeting.

    MEETING is a meeting id (2016-07-26) or its file; by default, the latest meeting that
    was not cancelled. Markdown comes from templates/notes.md.j2 (or the default).

    Example: actionlog notes 2016-07-26 --public --to pdf
    """
    ws, scope, chosen = _meeting(ctx, meeting, "notes")
    before = scope.ledger(as_of=chosen)
    view = notes_view.notes(chosen, scope.meetings, before, scope.roster, public=public)
    marking = _markings(ctx).of(not public and markings.holds_part2(chosen, before), public)
    _publish(ctx, to, output, force, long_pdf, ("notes", chosen.id),
             lambda: render.render("notes.md.j2", views.context(view), scope.root),
             lambda: layouts.notes(view, marking))
    answer_problems(ws, None)


@click.command("log")
@to_option(publish.FORMATS)
@output_options
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="Only the actions of this series (default: every series).")
@today_option
@click.pass_context
@builds
def log_(ctx, to: str | None, output: str | None, force: bool, long_pdf: bool,
         series_name: str | None, today: date) -> None:
    """Write the action log: open actions grouped by their owner's role, then those closed
    since the latest meeting (of the series, with --series); or, --to xlsx, the tracker
    spreadsheet (one row per action, a sheet per series).

    Markdown comes from templates/log.md.j2 (or the default).

    Example: actionlog log --series monthly-assurance --today 2016-09-01 --to xlsx
    """
    ws = readable_workspace(ctx, warn=False)
    if series_name and series_name not in ws.series_names():
        known = ", ".join(sorted(ws.series_names())) or "none yet"
        raise ActionlogError(f"no meetings of series '{series_name}' (series: {known})")
    held = [r for r in ws.index() if r.status in TOOK_PLACE and r.date <= today
            and (series_name is None or r.series == series_name)]
    previous = max(held, key=lambda r: (r.date, r.id)) if held else None
    book = ws.ledger(as_of=today)
    only = (series_name,) if series_name else ()
    open_entries = book.open(only)
    closed = book.closed_since(previous.date, only) if previous else []
    entries = open_entries + closed
    # the log's view only for a document: the spreadsheet is written from the entries
    view = cache(lambda: trackers.action_log(open_entries, closed, previous, today,
                                             series_name))
    marking = _markings(ctx).of(any(e.confidential for e in entries))
    ident = f"{series_name}-{today.isoformat()}" if series_name else today.isoformat()
    _publish(ctx, to, output, force, long_pdf, ("log", ident),
             lambda: render.render("log.md.j2", views.context(view()), ws.root),
             lambda: layouts.log(view(), marking),
             lambda path: _tracker(path, entries, today,
                                   plain(trackers.log_title(previous, today, series_name)),
                                   marking))
    answer_problems(ws, today)


def _tracker(path: Path, entries, today: date, title: str, marking: str) -> None:
    from actionlog.present import excel  # openpyxl: loaded only for a spreadsheet

    excel.write([excel.row(e, today) for e in entries], path, title, marking)


def _meeting(ctx: click.Context, spec: str | None, purpose: str):
    """The meeting named by `spec` (an id or a file), or the default; and the workspace
    narrowed to what rendering it needs (its series, and any joined to it by references)."""
    ws = readable_workspace(ctx, warn=False)
    chosen = views.choose(ws, spec, purpose)
    return ws, ws.scope({chosen.series}), chosen


def _markings(ctx: click.Context) -> markings.Markings:
    return markings.from_settings(workspace_settings.load(workspace_root(ctx)))


def _tracker_part2(view) -> bool:
    return any(r.confidential for r in view.outstanding.due + view.outstanding.later)


def _publish(ctx: click.Context, to: str | None, output: str | None, force: bool,
             long_pdf: bool, name: tuple[str, str], markdown: Callable[[], str],
             layout: Callable[[], object],
             spreadsheet: Callable[[Path], None] | None = None) -> None:
    """Print the Markdown, or write the document in the format asked for with --to (or
    named by the suffix of `output`) to `output` or to the rule's name. A PDF that would
    run too long is refused, unless `long_pdf`, before anything is written."""
    fmt = to or publish.format_of(output) or "md"
    if fmt == "xlsx" and spreadsheet is None:
        raise ActionlogError("only the action log is a spreadsheet: write this with --to "
                             "docx, pdf, html or md")
    if output == "-":
        if fmt != "md":
            raise ActionlogError(f"a {fmt} file cannot go to standard output: name it with "
                                 "-o FILE")
        output = None
    if to is None and output is None:
        click.echo(markdown(), nl=False)
        return
    path = publish.target(output, *name, fmt, force)
    templates = workspace_root(ctx) / TEMPLATES
    document = layout() if fmt in ("docx", "html", "pdf") else None
    if fmt == "pdf" and not long_pdf:
        # the limit is the context's "pdf_pages" where a caller (a test) sets one
        limit = ctx.obj.get(PDF_PAGES, pdf.MAX_PAGES)
        what = f"the action log as of {name[1]}" if name[0] == "log" else \
            f"the {name[0]} of {name[1]}"
        refused = pdf.too_long(document, what, limit)
        if refused:
            raise ActionlogError(refused)
    with writing(str(path)):
        if fmt == "md":
            publish.write_text(path, markdown())
        elif fmt == "xlsx":
            publish.write_file(path, spreadsheet)  # type: ignore[arg-type]
        else:
            publish.write_file(path, _writer(fmt, document, templates))
    click.echo(f"wrote {path}", err=True)


def _writer(fmt: str, document, templates: Path) -> Callable[[Path], object]:
    if fmt == "docx":
        from actionlog.present import word  # python-docx: loaded only for a Word file

        return lambda path: word.write(document, path, templates)
    if fmt == "html":
        return lambda path: path.write_text(pdf.html(document, templates), encoding="utf-8")
    return lambda path: pdf.write(document, path, templates)


# ---------------------------------------------------------------- outstanding, to a file
