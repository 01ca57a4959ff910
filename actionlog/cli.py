"""The command line. The only module that imports click; each command is a thin client of
the library. Exit codes are decided in `main`: 0 clean, 1 problems found or a domain error,
2 usage, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from actionlog import __version__

ENV_TODAY = "ACTIONLOG_TODAY"


class ActionlogError(click.ClickException):
    """A domain error: printed as one line, exit status 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class Problems(click.ClickException):
    """Problems were found and already reported; exit status 1."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("problems found")

    def show(self, file=None) -> None:
        pass


# ---------------------------------------------------------------- shared pieces


class DateType(click.ParamType):
    """A date read day first by python-dateutil: 2016-08-11, 11/08/2016, '11 August 2016'."""

    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        from actionlog.dates import parse_user_date

        try:
            return parse_user_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def today_option(f):
    return click.option("--today", type=DATE, envvar=ENV_TODAY, show_envvar=True,
                        help="Treat this date as today (for reproducible output).")(f)


def resolve_today(value: date | None) -> date:
    # the one place the real clock is read
    return value or date.today()


def workspace_root(ctx: click.Context) -> Path:
    from actionlog.workspace import WorkspaceError, find_root

    try:
        return find_root(override=ctx.obj.get("root"))
    except WorkspaceError as exc:
        raise ActionlogError(str(exc)) from None


def load_workspace(ctx: click.Context, paths=None):
    from actionlog import workspace

    return workspace.load(workspace_root(ctx), paths)


def report_problems(ws, problems, fmt: str = "human", stream=None) -> None:
    """Print problems located by line and column, with the source line and a caret."""
    from actionlog import problems as P
    from actionlog.workspace import locate

    located = locate(ws.root, problems)
    out = stream or sys.stderr
    if fmt == "json":
        click.echo(P.format_json(located), file=out)
        return
    sources: dict[str, list[str] | None] = {}
    for p in located:
        if fmt == "parsable":
            click.echo(P.format_parsable(p), file=out)
            continue
        if p.path not in sources:
            sources[p.path] = _source_lines(ws.root / p.path)
        click.echo(P.format_human(p, sources[p.path]), file=out)


def _source_lines(path: Path) -> list[str] | None:
    try:
        return path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    except OSError:
        return None


# ---------------------------------------------------------------- the group


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="actionlog")
@click.option("--root", type=click.Path(file_okay=False), envvar="ACTIONLOG_ROOT",
              show_envvar=True, help="The workspace folder (default: the nearest folder "
                                     "at or above this one holding meetings/).")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """Action logs for formal meetings, kept as YAML files in git.

    Each meeting is a file under meetings/; actions are raised in one meeting and reviewed
    in the Outstanding Matters of later ones.

    Example: actionlog outstanding --owner DCC
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


# ---------------------------------------------------------------- validate


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["human", "parsable", "json"]),
              default="human", show_default=True, help="How to print problems.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as an open action not "
                                              "carried forward) as errors.")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check every meeting file and report every problem as file:line:column.

    PATHS limits the report to those files or folders (the whole workspace is still read,
    so references between meetings are checked).

    Example: actionlog validate meetings/2016-07-26.yaml
    """
    from actionlog import checks
    from actionlog.problems import ERROR, WARNING, count

    ws = load_workspace(ctx)
    problems = checks.run(ws, strict=strict)
    if paths:
        wanted = [_relative(ws.root, p) for p in paths]
        problems = [p for p in problems
                    if any(p.path == w or p.path.startswith(w.rstrip("/") + "/")
                           for w in wanted)]
    report_problems(ws, problems, fmt, stream=sys.stdout)
    errors, warnings = count(problems, ERROR), count(problems, WARNING)
    if fmt == "human":
        checked = len(ws.files) if not paths else "the named"
        summary = (f"{checked} meeting files checked: {errors} errors, {warnings} warnings"
                   if problems else f"{checked} meeting files checked: no problems")
        click.echo(summary, err=True)
    if errors:
        raise Problems()


def _relative(root: Path, path: str) -> str:
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        raise ActionlogError(f"{path} is not inside the workspace {root}") from None


# ---------------------------------------------------------------- outstanding, show


def _ledger(ctx: click.Context, as_of: date | None = None):
    """The ledger, after reporting (briefly) any file that could not be read."""
    from actionlog import ledger

    ws = load_workspace(ctx)
    if ws.problems:
        files = sorted({p.path for p in ws.problems})
        click.echo(f"warning: {len(files)} file(s) have problems and are left out: "
                   f"{', '.join(files[:5])}{' ...' if len(files) > 5 else ''} "
                   f"(run `actionlog validate`)", err=True)
    book, _problems = ledger.build(ws.meetings, ws.roster, as_of=as_of)
    return ws, book


@cli.command()
@click.option("--owner", "owners", multiple=True, metavar="X",
              help="Only actions of this owner: initials, name or role as held when the "
                   "action was raised (case-insensitive; repeatable). ALL actions show "
                   "for everyone.")
@click.option("--series", multiple=True, help="Only actions raised in this series.")
@click.option("--overdue", is_flag=True, help="Only actions past their due date.")
@click.option("--due-before", type=DATE, help="Only actions due before this date.")
@click.option("--as-of", type=DATE, help="The state as it stood on this date.")
@click.option("--sort", type=click.Choice(["due", "ref", "owner", "raised", "overdue"]),
              default="due", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
              default="table", show_default=True)
@today_option
@click.pass_context
def outstanding(ctx, owners, series, overdue, due_before, as_of, sort, fmt, today):
    """List the open actions: who owes what, since when, and how late.

    Example: actionlog outstanding --owner DCC --overdue
    """
    from actionlog import output, queries

    today = as_of or resolve_today(today)
    _ws, book = _ledger(ctx, as_of)
    filters = queries.Filters(tuple(owners), tuple(series), overdue, due_before, sort)
    entries = queries.outstanding(book, today, filters)
    records = [queries.record(e, today) for e in entries]
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


@cli.command()
@click.argument("ref")
@today_option
@click.pass_context
def show(ctx, ref: str, today: date | None) -> None:
    """Tell one action's whole story: raised, reviewed, where it stands now.

    Example: actionlog show 2016-06-28/1
    """
    from actionlog import queries
    from actionlog.dates import long_date

    today = resolve_today(today)
    _ws, book = _ledger(ctx)
    entry = book.get(ref)
    if entry is None:
        near = queries.nearest_refs(book, ref)
        raise ActionlogError(f"no action '{ref}'" +
                             (f"; nearest: {', '.join(near)}" if near else ""))
    lines = [f"{entry.ref}: {entry.text}",
             f"  raised   {long_date(entry.meeting_date)} at {entry.meeting_id}, "
             f"item {entry.item}",
             f"  owner    {entry.owner_label()}",
             f"  due      {_due_text(entry.original_due, entry.due_written)}"]
    if entry.raised_status != "open":
        lines.append(f"  status   {entry.raised_status} on the day")
    for event in entry.history:
        lines.append(f"  {long_date(event.date)} ({event.meeting_id}): {event.status}")
        if event.update:
            lines.append(f"      {event.update}")
        if event.due:
            lines.append(f"      due date moved to {long_date(event.due)}")
        if event.owners:
            lines.append(f"      reassigned to {', '.join(o.label() for o in event.owners)}")
    record = queries.record(entry, today)
    now = f"  now      {entry.status}"
    if entry.due:
        now += f", due {long_date(entry.due)}"
    if record["days_overdue"]:
        now += f", {record['days_overdue']} days overdue"
    if entry.slipped:
        now += f" (due date changed {entry.slipped} time{'s' if entry.slipped > 1 else ''})"
    lines.append(now)
    click.echo("\n".join(lines))


def _due_text(due: date | None, written: str | None) -> str:
    from actionlog.dates import long_date

    if due and written:
        return f"{long_date(due)} ({written})"
    return long_date(due) if due else (written or "no due date")


# ---------------------------------------------------------------- agenda, notes, log


def output_option(f):
    return click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Write the document to FILE instead of printing it.")(f)


def _meeting(ctx: click.Context, spec: str | None, purpose: str):
    """The workspace and the meeting named by `spec` (an id or a file), or the default."""
    from actionlog import views

    ws, _book = _ledger(ctx)
    try:
        return ws, views.choose(ws.meetings, spec, ws.root, purpose,
                                sorted({p.path for p in ws.problems}))
    except views.NoMeeting as exc:
        raise ActionlogError(str(exc)) from None


def _document(root: Path, template: str, view, output: str | None) -> None:
    """Render `view` through `template` (the workspace's, or the default) and print or write it."""
    from actionlog import render, views

    try:
        text = render.render(template, views.context(view), root)
    except render.RenderError as exc:
        raise ActionlogError(str(exc)) from None
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from actionlog.yamlio import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise ActionlogError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("meeting", required=False)
@output_option
@click.pass_context
def agenda(ctx, meeting: str | None, output: str | None) -> None:
    """Write the agenda of MEETING in Markdown: items, leads, questions put in advance, and
    the Outstanding Matters (every action open when it begins, overdue ones flagged).

    MEETING is a meeting id (2016-09-27) or its file; by default, the latest draft.
    The layout comes from templates/agenda.md.j2 (or the default shipped with actionlog).

    Example: actionlog agenda 2016-09-27 -o agenda.md
    """
    from actionlog import views

    ws, chosen = _meeting(ctx, meeting, "agenda")
    _document(ws.root, "agenda.md.j2", views.agenda(chosen, ws.meetings, ws.roster), output)


@cli.command()
@click.argument("meeting", required=False)
@output_option
@click.option("--public", is_flag=True, help="Leave out confidential (Part 2) items and "
                                               "actions, and say so in the document.")
@click.pass_context
def notes(ctx, meeting: str | None, output: str | None, public: bool) -> None:
    """Write the notes (minutes) of MEETING in Markdown, in the house style of the approved
    notes: attendance, each item with its findings and actions arising, the outstanding
    matters reviewed, and the next meeting.

    MEETING is a meeting id (2016-07-26) or its file; by default, the latest meeting that
    was not cancelled. The layout comes from templates/notes.md.j2 (or the default).

    Example: actionlog notes 2016-07-26 --public -o notes-2016-07.md
    """
    from actionlog import views

    ws, chosen = _meeting(ctx, meeting, "notes")
    _document(ws.root, "notes.md.j2",
              views.notes(chosen, ws.meetings, ws.roster, public=public), output)


@cli.command("log")
@output_option
@today_option
@click.pass_context
def log_(ctx, output: str | None, today: date | None) -> None:
    """Write the action log in Markdown: open actions grouped by their owner's role, then
    those closed since the latest meeting.

    The layout comes from templates/log.md.j2 (or the default).

    Example: actionlog log --today 2016-09-01 -o action-log.md
    """
    from actionlog import views

    today = resolve_today(today)
    ws, _book = _ledger(ctx)
    _document(ws.root, "log.md.j2", views.action_log(ws.meetings, ws.roster, today), output)


# ---------------------------------------------------------------- schema


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a meeting file (the same rules `validate` applies).

    Example: actionlog schema > schema/meeting.schema.json
    """
    from actionlog.schema import json_schema_text

    click.echo(json_schema_text(), nl=False)


# ---------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, mapping every outcome to an exit status in one place."""
    try:
        cli.main(args=argv, prog_name="actionlog", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # the reader went away (`| head`): not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    sys.exit(0)
