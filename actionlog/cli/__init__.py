"""The command line. The only module that imports click; each command is a thin client of
the library. Exit codes are decided in `main`: 0 clean, 1 problems found or a domain error,
2 usage, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pathlib is imported where it is used: `--help` need not load it
    from pathlib import Path

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
        from actionlog.core.dates import parse_user_date

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


def load_workspace(ctx: click.Context):
    from actionlog import workspace

    return workspace.load(workspace_root(ctx))


def report_problems(ws, problems, fmt: str = "human", stream=None) -> None:
    """Print problems located by line and column, with the source line and a caret."""
    from actionlog.core import problems as P
    from actionlog.store.load import locate

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
        # split on LF only: that is how the parser counts lines (form feeds are not breaks)
        text = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
        return text.replace("\r\n", "\n").split("\n")
    except OSError:
        return None


def _completer(name: str):
    """A shell_complete callback from actionlog.cli.completion: fast, and never raises."""
    def complete(ctx: click.Context, param, incomplete: str):
        try:
            from click.shell_completion import CompletionItem

            from actionlog.cli import completion

            root = completion.find_root(ctx.find_root().params.get("root"))
            return [CompletionItem(value, help=text or None)
                    for value, text in getattr(completion, name)(root, incomplete)]
        except Exception:  # noqa: BLE001 - a Tab press must never print a traceback
            return []
    return complete


complete_refs = _completer("refs")
complete_open_refs = _completer("open_refs")
complete_owners = _completer("owners")
complete_series = _completer("series")
complete_meetings = _completer("meetings")
complete_dates = _completer("dates")

TO_FORMATS = ("docx", "html", "pdf")


def to_option(f):
    """--to docx|html|pdf on a command that writes a Markdown document to `output`: the
    Markdown is converted by pandoc instead (also when -o names a .docx, .html or .pdf)."""
    import functools

    @functools.wraps(f)
    def command(*args, **kwargs):
        ctx = click.get_current_context()
        output = kwargs.get("output")
        fmt = ctx.meta.get("actionlog.to") or _format_of(output)
        if fmt is None:
            return f(*args, **kwargs)
        import contextlib
        import io

        markdown = io.StringIO()
        with contextlib.redirect_stdout(markdown):
            f(*args, **{**kwargs, "output": None})
        _convert(ctx, markdown.getvalue(), fmt, output, kwargs.get("meeting"))

    return click.option("--to", "to", type=click.Choice(TO_FORMATS), expose_value=False,
                        callback=lambda ctx, _p, v: ctx.meta.__setitem__("actionlog.to", v),
                        help="Write a Word, HTML or PDF file through pandoc instead of "
                             "Markdown (to -o FILE, or to <command>.<format>).")(command)


def _format_of(output: str | None) -> str | None:
    from pathlib import Path

    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in TO_FORMATS else None


def _convert(ctx: click.Context, markdown: str, fmt: str, output: str | None,
             meeting: str | None) -> None:
    from pathlib import Path

    from actionlog.present import convert
    from actionlog.store.paths import TEMPLATES

    if output == "-":
        raise ActionlogError(f"a {fmt} file cannot go to standard output: name it with -o FILE")
    name = ctx.info_name or "document"
    stem = name + (f"-{meeting.replace('/', '-')}" if meeting and "." not in meeting else "")
    target = Path(output) if output else Path(f"{stem}.{fmt}")
    title = {"log": "Action log"}.get(name, name.capitalize())
    templates = workspace_root(ctx) / TEMPLATES
    try:
        convert.convert(convert.Document(markdown, title), fmt, target, templates)
    except convert.ConvertError as exc:
        raise ActionlogError(str(exc)) from None
    click.echo(f"wrote {target}", err=True)


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
    from actionlog.core.problems import ERROR, count, tally

    ws = load_workspace(ctx)
    problems = ws.check(strict=strict)  # checks.run, kept in the cache per group of series
    if paths:
        wanted = [_relative(ws.root, p) for p in paths]
        problems = [p for p in problems
                    if any(p.path == w or p.path.startswith(w.rstrip("/") + "/")
                           for w in wanted)]
    report_problems(ws, problems, fmt, stream=sys.stdout)
    if fmt == "human":
        checked = f"{len(ws.files)} meeting files" if not paths else "the named files"
        click.echo(f"{checked} checked: {tally(problems)}", err=True)
    if count(problems, ERROR):
        raise Problems()


def _relative(root: Path, path: str) -> str:
    from pathlib import Path

    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        raise ActionlogError(f"{path} is not inside the workspace {root}") from None


# ---------------------------------------------------------------- outstanding, show


def _ledger(ctx: click.Context, as_of: date | None = None):
    """The workspace and its ledger, after reporting any file that could not be read."""
    ws = _workspace_warned(ctx)
    return ws, ws.ledger(as_of)  # ledger.build over every meeting, or the cached one


def _workspace_warned(ctx: click.Context):
    """The workspace, after reporting (briefly) any file that could not be read."""
    ws = load_workspace(ctx)
    if ws.problems:
        files = sorted({p.path for p in ws.problems})
        click.echo(f"warning: {len(files)} file(s) have problems and are left out: "
                   f"{', '.join(files[:5])}{' ...' if len(files) > 5 else ''} "
                   f"(run `actionlog validate`)", err=True)
    return ws


@cli.command()
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
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]),
              default="table", show_default=True)
@today_option
@click.pass_context
def outstanding(ctx, owners, series, overdue, due_before, as_of, sort, fmt, today):
    """List the open actions: who owes what, since when, and how late.

    Example: actionlog outstanding --owner DCC --overdue
    """
    from actionlog.present import output
    from actionlog.core import queries

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
@click.argument("ref", shell_complete=complete_refs)
@today_option
@click.pass_context
def show(ctx, ref: str, today: date | None) -> None:
    """Tell one action's whole story: raised, reviewed, where it stands now.

    Example: actionlog show 2016-06-28/1
    """
    from actionlog.core import queries
    from actionlog.core.dates import long_date

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
    from actionlog.core.dates import long_date

    if due and written:
        return f"{long_date(due)} ({written})"
    return long_date(due) if due else (written or "no due date")


# ---------------------------------------------------------------- agenda, notes, log


def output_option(f):
    return click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Write the document to FILE instead of printing it.")(f)


def _meeting(ctx: click.Context, spec: str | None, purpose: str):
    """The meeting named by `spec` (an id or a file), or the default; and the workspace
    narrowed to what rendering it needs (its series, and any joined to it by references)."""
    from actionlog.present import views

    ws = _workspace_warned(ctx)
    try:
        chosen = views.choose(ws, spec, purpose)
    except views.NoMeeting as exc:
        raise ActionlogError(str(exc)) from None
    return ws.scope({chosen.series}), chosen


def _document(root: Path, template: str, view, output: str | None) -> None:
    """Render `view` through `template` (the workspace's, or the default) and print or write it."""
    from actionlog.present import render
    from actionlog.present import views

    try:
        text = render.render(template, views.context(view), root)
    except render.RenderError as exc:
        raise ActionlogError(str(exc)) from None
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from actionlog.edit.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise ActionlogError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


@cli.command()
@to_option
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@output_option
@click.pass_context
def agenda(ctx, meeting: str | None, output: str | None) -> None:
    """Write the agenda of MEETING in Markdown: items, leads, questions put in advance, and
    the Outstanding Matters (every action open when it begins, overdue ones flagged).

    MEETING is a meeting id (2016-09-27) or its file; by default, the latest draft.
    The layout comes from templates/agenda.md.j2 (or the default shipped with actionlog).

    Example: actionlog agenda 2016-09-27 -o agenda.md
    """
    from actionlog.present import views

    scope, chosen = _meeting(ctx, meeting, "agenda")
    _document(scope.root, "agenda.md.j2",
              views.agenda(chosen, scope.meetings, scope.ledger(as_of=chosen), scope.roster),
              output)


@cli.command()
@to_option
@click.argument("meeting", required=False, shell_complete=complete_meetings)
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
    from actionlog.present import views

    scope, chosen = _meeting(ctx, meeting, "notes")
    _document(scope.root, "notes.md.j2",
              views.notes(chosen, scope.meetings, scope.ledger(as_of=chosen), scope.roster,
                          public=public), output)


@cli.command("log")
@to_option
@output_option
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="Only the actions of this series (default: every series).")
@today_option
@click.pass_context
def log_(ctx, output: str | None, series_name: str | None, today: date | None) -> None:
    """Write the action log in Markdown: open actions grouped by their owner's role, then
    those closed since the latest meeting (of the series, with --series).

    The layout comes from templates/log.md.j2 (or the default).

    Example: actionlog log --series monthly-assurance --today 2016-09-01 -o action-log.md
    """
    from actionlog.present import views

    today = resolve_today(today)
    ws = _workspace_warned(ctx)
    if series_name and series_name not in ws.series_names():
        known = ", ".join(sorted(ws.series_names())) or "none yet"
        raise ActionlogError(f"no meetings of series '{series_name}' (series: {known})")
    held = [r for r in ws.index() if r.status != "cancelled" and r.date <= today
            and (series_name is None or r.series == series_name)]
    previous = max(held, key=lambda r: (r.date, r.id)) if held else None
    _document(ws.root, "log.md.j2",
              views.action_log(ws.ledger(as_of=today), previous, today, series_name), output)


# ---------------------------------------------------------------- new-meeting, carry, recording


class DueType(DateType):
    """A due date as a date read day first, or the words 'next meeting'."""

    name = "date"

    def convert(self, value, param, ctx):
        from actionlog.core.model import NEXT_MEETING

        if isinstance(value, str) and " ".join(value.lower().split()) == NEXT_MEETING:
            return NEXT_MEETING
        return super().convert(value, param, ctx)


DUE = DueType()


def record_options(f):
    f = click.option("--force", is_flag=True,
                     help="Allow changing an approved meeting.")(f)
    return click.option("--meeting", metavar="MEETING", shell_complete=complete_meetings,
                        help="The meeting to record into (2016-07-26, or its file); "
                             "default: the latest draft.")(f)


def _readable_workspace(ctx: click.Context, strict: bool = False):
    """The workspace; files that cannot be read stop `strict` commands, else a warning."""
    ws = load_workspace(ctx)
    broken = sorted({p.path for p in ws.problems})
    if broken and strict:
        report_problems(ws, ws.problems)
        raise ActionlogError(f"{len(broken)} file(s) cannot be read, so what they hold "
                             f"cannot be carried forward; fix them first "
                             f"(`actionlog validate`)")
    if broken:
        click.echo(f"warning: {len(broken)} file(s) have problems and are left out: "
                   f"{', '.join(broken[:5])}{' ...' if len(broken) > 5 else ''} "
                   f"(run `actionlog validate`)", err=True)
    return ws


def _series(ws, name: str | None):
    """The series template: the one named, or the workspace's only series."""
    from actionlog.store.load import load_series, series_names

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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _apply(ws, meeting, edit):
    """Run one edit of a meeting file; report a refusal with the problems it would cause."""
    from actionlog.core import problems as P
    from actionlog.edit import record

    try:
        outcome = record.apply(ws, meeting, edit)
    except record.RecordError as exc:
        raise ActionlogError(str(exc)) from None
    if outcome.problems:
        for p in outcome.problems:
            click.echo(P.format_human(p, outcome.lines), err=True)
        if outcome.already:
            raise ActionlogError(f"{outcome.path} already has problems; fix them first "
                                 f"(`actionlog validate {outcome.path}`); nothing was written")
        raise ActionlogError(f"nothing was written: the change would leave {outcome.path} "
                             f"with {_plural(len(outcome.problems), 'problem')}")
    return outcome


@cli.command("new-meeting")
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="The series (templates/NAME.yaml); needed when there are several.")
@click.option("--date", "on", type=DATE, shell_complete=complete_dates,
              help="The meeting's date (default: the next date of the series schedule).")
@click.option("--dry-run", is_flag=True, help="Print the file instead of writing it.")
@click.option("--edit", "edit_after", is_flag=True,
              help="Open the new file in $EDITOR, then check it.")
@today_option
@click.pass_context
def new_meeting(ctx, series_name, on, dry_run, edit_after, today) -> None:
    """Start the next meeting's file from the series template.

    The date is the next one of the series schedule after its latest meeting, skipping
    dates taken by a meeting or a cancellation. Attendees come from the latest meeting;
    every open action is carried into Outstanding Matters with an empty update to fill,
    and items deferred last time come back under their heading.

    Example: actionlog new-meeting --dry-run
    """
    from actionlog.core.dates import day_date
    from actionlog.edit import meetings
    from actionlog.edit import files
    from actionlog.edit import roundtrip

    ws = _readable_workspace(ctx, strict=True)
    template = _series(ws, series_name)
    try:
        nxt = meetings.plan_next(ws, template, on, resolve_today(today))
    except meetings.CarryError as exc:
        raise ActionlogError(str(exc)) from None
    plan = nxt.plan
    text = roundtrip.new_document(plan.data, plan.header, plan.comments, plan.flow)
    deferred = "; ".join(f"{d.data['number']} {d.title}" if d.data.get("number")
                         else f"{d.title}, under {d.heading}" if d.heading else d.title
                         for d in plan.deferred)
    summary = (f"{_plural(len(plan.carried), 'action')} carried ({plan.overdue} overdue), "
               f"{_plural(len(plan.deferred), 'item')} deferred"
               + (f" ({deferred})" if deferred else ""))
    when = f"{day_date(nxt.date)} ({nxt.why})"
    if dry_run:
        click.echo(text, nl=False)
        click.echo(f"would write {nxt.relpath}: {when}\n  {summary}", err=True)
        return
    path = ws.root / nxt.relpath
    try:
        files.write_new(str(path), text)
    except FileExistsError:
        raise ActionlogError(f"{nxt.relpath} already exists; refusing to overwrite it") from None
    except OSError as exc:
        raise ActionlogError(f"cannot write {nxt.relpath}: {exc.strerror or exc}") from None
    click.echo(f"wrote {nxt.relpath}: {when}\n  {summary}")
    if edit_after:
        _edit_until_clean(ctx, nxt.relpath)


@cli.command()
@click.argument("on", metavar="DATE", type=DATE, shell_complete=complete_dates)
@click.option("--note", help="Why, or when the next meeting is (default: 'The meeting of "
                             "DATE was cancelled.').")
@click.option("--series", "series_name", metavar="NAME", shell_complete=complete_series,
              help="The series; needed when there are several.")
@click.pass_context
def cancel(ctx, on, note, series_name) -> None:
    """Record that a meeting will not take place, so the schedule steps over it.

    A draft already started for that date is marked cancelled (its contents are kept).

    Example: actionlog cancel 30/08/2016 --note "The next meeting is 27 September 2016."
    """
    from actionlog.edit import files, meetings, roundtrip

    ws = _readable_workspace(ctx)
    template = _series(ws, series_name)
    existing = [m for m in ws.series_meetings(template.name) if m.date == on]
    if existing:
        meeting = existing[0]
        if meeting.cancelled:
            click.echo(f"{meeting.path} is already recorded as cancelled; nothing changed")
            return
        if meeting.status != "draft":
            raise ActionlogError(f"{meeting.path} is {meeting.status}: the meeting took "
                                 f"place, so it cannot be cancelled")
        text = note or f"The meeting of {on.day} {on:%B %Y} was cancelled."
        _apply(ws, meeting, meetings.mark_cancelled(text))
        click.echo(f"marked {meeting.path} cancelled (its draft contents are kept)")
        return
    nxt = meetings.cancelled(ws, template, on, note)
    text = roundtrip.new_document(nxt.plan.data, nxt.plan.header)
    try:
        files.write_new(str(ws.root / nxt.relpath), text)
    except FileExistsError:
        raise ActionlogError(f"{nxt.relpath} already exists; refusing to overwrite it") from None
    click.echo(f"wrote {nxt.relpath}: the meeting of {on.isoformat()} is cancelled")


@cli.command()
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@click.option("--force", is_flag=True, help="Allow changing an approved meeting.")
@click.pass_context
def carry(ctx, meeting: str | None, force: bool) -> None:
    """Add to a draft's Outstanding Matters every open action it does not review yet.

    MEETING defaults to the latest draft. Entries already there are never changed or
    removed; running it again changes nothing.

    Example: actionlog carry 2016-07-26
    """
    from actionlog.edit import meetings, record

    ws = _readable_workspace(ctx)
    try:
        draft = (record.find_meeting(ws, meeting) if meeting
                 else record.next_draft(ws))
        record.check_editable(draft, force)
    except record.RecordError as exc:
        raise ActionlogError(str(exc)) from None
    wanted = meetings.fill_in(ws, draft)
    outcome = _apply(ws, draft, record.carry_entries(wanted))
    if not outcome.changed:
        click.echo(f"{draft.path} already reviews every open action; nothing changed")
        return
    refs = ", ".join(c.ref or f"one from the {c.data.get('raised')}" for c in wanted)
    entries = "1 entry" if len(wanted) == 1 else f"{len(wanted)} entries"
    click.echo(f"added {entries} to {draft.path}: {refs}")


def _record(ctx, ref: str, meeting: str | None, force: bool, change, done: str) -> None:
    """Apply `change` to the entry for `ref` in its meeting, then say `done` and where."""
    from actionlog.edit import record

    ws = _readable_workspace(ctx)
    try:
        where = record.target(ws, ref, meeting, force)
    except record.RecordError as exc:
        raise ActionlogError(str(exc)) from None
    outcome = _apply(ws, where.meeting, record.review_change(where, change))
    if not outcome.changed:
        click.echo(f"{where.meeting.path} already records that; nothing changed")
        return
    click.echo(f"{ref}: {done} in {where.meeting.path}")


@cli.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.argument("text")
@click.option("--replace", is_flag=True,
              help="Replace the update recorded so far instead of adding to it.")
@record_options
@click.pass_context
def update(ctx, ref: str, text: str, replace: bool, meeting, force) -> None:
    """Record an update reported on an action, in the next draft meeting.

    The text is added after any update already recorded there (unless --replace).

    Example: actionlog update 2016-06-28/1 "Options paper circulated on 3 August."
    """
    from actionlog.edit import record

    _record(ctx, ref, meeting, force, record.update(text, replace), "update recorded")


@cli.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.option("--note", help="What was reported (added to the update).")
@record_options
@click.pass_context
def discharge(ctx, ref: str, note: str | None, meeting, force) -> None:
    """Record that an action is done (discharged), in the next draft meeting.

    Example: actionlog discharge 2016-07-26/1 --note "Dates provided by email."
    """
    from actionlog.edit import record

    _record(ctx, ref, meeting, force, record.discharge(note), "discharged")


@cli.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.argument("due", metavar="DATE", type=DUE)
@record_options
@click.pass_context
def redate(ctx, ref: str, due, meeting, force) -> None:
    """Record a new due date for an action (a date, or "next meeting").

    Example: actionlog redate 2016-07-26/1 "30 September 2016"
    """
    from actionlog.edit import record

    shown = due if isinstance(due, str) else due.isoformat()
    _record(ctx, ref, meeting, force, record.redate(due), f"due {shown}, recorded")


@cli.command()
@click.argument("ref", shell_complete=complete_open_refs)
@click.argument("owner", shell_complete=complete_owners)
@record_options
@click.pass_context
def reassign(ctx, ref: str, owner: str, meeting, force) -> None:
    """Record a new owner for an action: initials, a role, a name, or ALL.

    The owner is resolved among the people of the meeting recorded into (then the roster).

    Example: actionlog reassign 2016-07-26/3 AC
    """
    from actionlog.edit import record

    owner = " ".join(owner.split())
    _record(ctx, ref, meeting, force, record.reassign(owner), f"owner {owner}, recorded")


@cli.command()
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
def add(ctx, text: str, number: str, owner: str, due, series_name, meeting, force) -> None:
    """Add a new action arising, under an item of the next draft meeting.

    It takes the meeting's next free number, so its reference is <meeting>/<number>.

    Example: actionlog add --item 4a --owner ACC --due 2016-09-27 "Brief the PCC on CSE."
    """
    from actionlog.edit import record

    ws = _readable_workspace(ctx)
    try:
        draft = (record.find_meeting(ws, meeting) if meeting
                 else record.next_draft(ws, series_name))
        record.check_editable(draft, force)
    except record.RecordError as exc:
        raise ActionlogError(str(exc)) from None
    edit = record.AddAction(number, " ".join(owner.split()), text, due)
    _apply(ws, draft, edit)
    click.echo(f"added {draft.id}/{edit.added} under item {number} of {draft.path}")


# ---------------------------------------------------------------- tools: init, edit, calendar, remind


@cli.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--no-git", is_flag=True, help="Do not create a git repository.")
def init_(directory: str, no_git: bool) -> None:
    """Create a new workspace in DIRECTORY (default: here): meetings/, templates/ to
    restyle, the JSON Schema for editors, .gitignore, .gitattributes, an example
    actionlog.toml, and a git repository unless it is already inside one.

    Nothing is overwritten: if any of these files exists, nothing is written.

    Example: actionlog init assurance-meetings
    """
    from pathlib import Path

    from actionlog.edit import init

    root = Path(directory).resolve()
    try:
        created = init.create(root, git=not no_git)
    except init.InitError as exc:
        raise ActionlogError(str(exc)) from None
    for rel in created.paths:
        click.echo(f"created {rel}")
    click.echo(created.git)
    click.echo(f"next: cd {directory} && actionlog new-meeting --date DATE", err=True)


@cli.command()
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@click.pass_context
def edit(ctx: click.Context, meeting: str | None) -> None:
    """Open MEETING in your editor ($VISUAL or $EDITOR), then check it and point at every
    problem, as `validate` does.

    MEETING is a meeting id (2016-07-26), a date, or the file; by default, the latest draft.

    Example: EDITOR=nano actionlog edit 2016-09-27
    """
    _edit_until_clean(ctx, _meeting_file(workspace_root(ctx), meeting))


def _edit_until_clean(ctx: click.Context, relpath: str) -> None:
    """Open the file in the officer's editor, then check it as `validate` does; while it has
    errors, offer (on a terminal) to open it again. The file is kept as they saved it."""
    root = workspace_root(ctx)
    while True:
        click.edit(filename=str(root / relpath))
        if not _check_one(ctx, relpath):
            return
        if not (sys.stdin.isatty() and click.confirm("Open it again to fix?", default=True)):
            raise Problems()


def _meeting_file(root: Path, spec: str | None) -> str:
    """The meeting file (relative to the root) named by an id, a date or a path; by
    default the latest draft. Found by name, so a file too broken to load can be opened."""
    from actionlog import workspace

    if spec is None:
        draft = workspace.load(root).latest(("draft",))
        if draft is None:
            raise ActionlogError("no draft meeting to edit: name one (actionlog edit "
                                 "2016-07-26), or start one with actionlog new-meeting")
        return draft.path
    try:
        return workspace.find_meeting_file(root, workspace.meeting_files(root), spec)
    except workspace.NoSuchMeeting as exc:
        raise ActionlogError(str(exc)) from None


def _check_one(ctx: click.Context, relpath: str) -> int:
    """Validate the workspace, report the problems in one file; the number of errors."""
    from actionlog.core.problems import ERROR, count, tally

    ws = load_workspace(ctx)
    problems = [p for p in ws.check() if p.path == relpath]
    report_problems(ws, problems, stream=sys.stdout)
    click.echo(f"{relpath}: {tally(problems)}", err=True)
    return count(problems, ERROR)


def _titles(root: Path, names) -> dict[str, str]:
    """Each series' meeting title, from its template (reading every meeting would be slow)."""
    from actionlog.store.load import load_series

    out = {}
    for name in sorted(set(names)):
        template, _problems = load_series(root, name)
        if template is not None:
            out[name] = template.title
    return out


def _settings(root: Path) -> dict:
    from actionlog.store import settings

    try:
        return settings.load(root)
    except settings.SettingsError as exc:
        raise ActionlogError(str(exc)) from None


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the calendar to FILE (.ics) instead of printing it.")
@click.option("--series", multiple=True, shell_complete=complete_series,
              help="Only this series' meetings and actions (repeatable).")
@click.option("--owner", "owners", multiple=True, metavar="X", shell_complete=complete_owners,
              help="Only this owner's due dates (as `outstanding --owner`; meetings stay).")
@click.option("--months", type=click.IntRange(0, 120), default=12, show_default=True,
              help="How far ahead to add the dates each series' schedule gives.")
@click.option("--public", is_flag=True, help="Leave out confidential (Part 2) actions.")
@today_option
@click.pass_context
def calendar(ctx, output, series, owners, months, public, today) -> None:
    """Write an iCalendar file of the meetings of each series (held, cancelled and
    scheduled) and the due dates of open actions as all-day events.

    Every event keeps its UID from one run to the next, so importing a newer file into
    Outlook or another calendar updates the events instead of copying them.

    Example: actionlog calendar -o actionlog.ics
    """
    from pathlib import Path

    from actionlog.present import calendar as cal
    from actionlog.core import queries

    today = resolve_today(today)
    ws, book = _ledger(ctx)
    try:
        opts = cal.options(_settings(ws.root))
    except cal.CalendarError as exc:
        raise ActionlogError(str(exc)) from None
    meetings = ([m for name in series for m in ws.series_meetings(name)] if series
                else ws.meetings)
    occasions = [o for o in cal.occasions(meetings, cal.scheduled(ws.root, meetings, today,
                                                                  months))
                 if not series or o.series in series]
    actions = queries.outstanding(book, today, queries.Filters(tuple(owners), tuple(series)))
    if public:
        actions = [e for e in actions if not e.confidential]
    titles = {m.series: m.title for m in meetings}  # the latest meeting names its series
    data = cal.build(occasions, actions, today, titles, opts).to_ical()
    if output is None or output == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise ActionlogError(f"cannot write {output}: {exc.strerror or exc}") from None
    dated = sum(1 for e in actions if e.due)
    click.echo(f"wrote {output}: {len(occasions)} meetings, {dated} due dates", err=True)


@cli.command()
@click.option("--owner", "owners", multiple=True, metavar="X", shell_complete=complete_owners,
              help="Only remind this owner: initials, name or role (repeatable).")
@click.option("--series", multiple=True, shell_complete=complete_series,
              help="Only actions raised in this series.")
@click.option("--overdue", is_flag=True, help="Only overdue actions.")
@click.option("--out", "out", type=click.Path(file_okay=False), metavar="DIR",
              help="Write one .eml file per owner to DIR (Outlook opens them as drafts).")
@click.option("--send", is_flag=True, help="Send them through the SMTP server in "
                                           "actionlog.toml.")
@today_option
@click.pass_context
def remind(ctx, owners, series, overdue, out, send, today) -> None:
    """Remind each owner of the actions they owe, overdue first: one email per person,
    with the actions owned by ALL added to everyone's.

    Without --out or --send the messages are printed, to check before sending. Addresses
    come from [addresses] in actionlog.toml, the server from [smtp], the password from
    $ACTIONLOG_SMTP_PASSWORD.

    Example: actionlog remind --owner DCC --out reminders/
    """
    from pathlib import Path

    from actionlog.core import queries
    from actionlog.present import remind as rem

    if out and send:
        raise click.UsageError("choose one of --out DIR and --send")
    today = resolve_today(today)
    ws, book = _ledger(ctx)
    settings = _settings(ws.root)
    try:
        book_of_addresses = rem.addresses(settings)
        smtp = rem.smtp_settings(settings) if send else None
        sender = rem.sender(settings)
    except rem.RemindError as exc:
        raise ActionlogError(str(exc)) from None
    entries = queries.outstanding(book, today, queries.Filters(tuple(owners), tuple(series),
                                                               overdue))
    reminders = rem.reminders(entries, today, tuple(owners), book_of_addresses)
    if not reminders:
        click.echo("No one owes an open action" + (" that matches." if owners or series
                                                   or overdue else "."), err=True)
        return
    titles = _titles(ws.root, [e.series for e in entries])
    messages = [(r, rem.message(r, today, sender, titles)) for r in reminders]
    if out:
        for path in rem.write_eml(messages, Path(out)):
            click.echo(f"wrote {path}")
        return
    if not send:
        click.echo("\n".join(rem.preview(msg) for _r, msg in messages))
        click.echo("(a preview: --out DIR writes .eml files, --send sends them)", err=True)
        return
    try:
        failed = rem.send(messages, smtp)
    except rem.RemindError as exc:
        raise ActionlogError(str(exc)) from None
    for r, _msg in messages:
        if r not in [f for f, _why in failed]:
            click.echo(f"sent to {r.label} <{r.address}>")
    for r, why in failed:
        click.echo(f"not sent to {r.label}: {why}" + (
            " (add it under [addresses] in actionlog.toml)" if why == "no address" else ""),
            err=True)
    if failed:
        raise Problems()


# ---------------------------------------------------------------- schema


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a meeting file (the same rules `validate` applies).

    Example: actionlog schema > schema/meeting.schema.json
    """
    from actionlog.store.schema import json_schema_text

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
