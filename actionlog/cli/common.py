"""What the commands share: the DATE and DUE parameter types, `--today` (the one place the
real clock is read), the other shared options, loading the workspace, and reporting
problems. (The error classes are in actionlog.cli.errors.)
"""

from __future__ import annotations

import functools
import os
import sys
from datetime import date
from pathlib import Path
from typing import Callable

import click
from click.shell_completion import CompletionItem

import actionlog.cli.completion as completion
from actionlog import workspace
from actionlog.cli.errors import ActionlogError, Problems
from actionlog.core import problems as P
from actionlog.core import queries
from actionlog.core.dates import parse_user_date
from actionlog.core.model import NEXT_MEETING
from actionlog.store.cachefile import no_gc

ENV_TODAY = "ACTIONLOG_TODAY"


# ---------------------------------------------------------------- dates and today


class DateType(click.ParamType):
    """A date read day first by python-dateutil: 2016-08-11, 11/08/2016, '11 August 2016';
    a day and month without a year are the next such day from --today (never the clock's
    year, unless today is the clock's day); a month or a year alone is refused."""

    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return parse_user_date(value, _today_of(ctx))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class DueType(DateType):
    """A due date as a date read day first, or the words 'next meeting'."""

    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and " ".join(value.lower().split()) == NEXT_MEETING:
            return NEXT_MEETING
        return super().convert(value, param, ctx)


DATE = DateType()
DUE = DueType()


def resolve_today(value: date | None) -> date:
    # the one place the real clock is read
    return value or date.today()


def _today_of(ctx: click.Context | None) -> date:
    """The command's today: its --today (processed first: the option is eager), else
    $ACTIONLOG_TODAY, else the clock's."""
    if ctx is not None and isinstance(ctx.params.get("today"), date):
        return ctx.params["today"]
    typed = os.environ.get(ENV_TODAY, "").strip()
    if typed:
        try:
            return parse_user_date(typed)
        except ValueError:
            pass  # --today, where the command has it, reports it
    return resolve_today(None)


def today_option(f):
    """--today DATE (or $ACTIONLOG_TODAY); the command gets a date, today's unless given.
    Eager, so that the other dates typed are read relative to it."""
    return click.option("--today", type=DATE, envvar=ENV_TODAY, show_envvar=True,
                        is_eager=True,
                        callback=lambda _ctx, _param, value: resolve_today(value),
                        help="Treat this date as today (for reproducible output).")(f)


# ---------------------------------------------------------------- completion


def _completer(values: Callable[[Path | None, str], list[tuple[str, str]]]):
    """A shell_complete callback from actionlog.cli.completion: fast, and never raises."""
    def complete(ctx: click.Context, param, incomplete: str):
        try:
            root = completion.find_root(ctx.find_root().params.get("root"))
            return [CompletionItem(value, help=text or None)
                    for value, text in values(root, incomplete)]
        except Exception:  # noqa: BLE001 - a Tab press must never print a traceback
            return []
    return complete


complete_refs = _completer(completion.refs)
complete_open_refs = _completer(completion.open_refs)
complete_owners = _completer(completion.owners)
complete_series = _completer(completion.series)
complete_meetings = _completer(completion.meetings)
complete_dates = _completer(completion.dates)


# ---------------------------------------------------------------- shared options


def record_options(f):
    """--meeting and --force, on the commands that record into a meeting."""
    f = click.option("--force", is_flag=True,
                     help="Allow changing an approved meeting.")(f)
    return click.option("--meeting", metavar="MEETING", shell_complete=complete_meetings,
                        help="The meeting to record into (2016-07-26, or its file); "
                             "default: the latest draft.")(f)


def ignore_problems_option(f):
    """--ignore-problems, on the commands that send or publish."""
    return click.option("--ignore-problems", is_flag=True,
                        help="Send or publish even though some file has errors (what they "
                             "hold may be left out).")(f)


# ---------------------------------------------------------------- the workspace


def workspace_root(ctx: click.Context) -> Path:
    return workspace.find_root(override=ctx.obj.get("root"))


def load_workspace(ctx: click.Context) -> workspace.Workspace:
    return workspace.load(workspace_root(ctx))


def readable_workspace(ctx: click.Context, strict: bool = False,
                       warn: bool = True) -> workspace.Workspace:
    """The workspace, after reporting (briefly, unless not to `warn`: a query says so at its
    end, see `answer_problems`) any file that could not be read; such files stop `strict`
    commands, which would otherwise lose what they hold."""
    ws = load_workspace(ctx)
    broken = sorted({p.path for p in ws.problems})
    if broken and strict:
        report_problems(ws, ws.problems)
        raise ActionlogError(f"{len(broken)} file(s) cannot be read, so what they hold "
                             f"cannot be carried forward; fix them first "
                             f"(`actionlog validate`)")
    if broken and warn:
        click.echo(f"warning: {len(broken)} file(s) have problems and are left out: "
                   f"{_some(broken)} (run `actionlog validate`)", err=True)
    return ws


def builds(command: Callable) -> Callable:
    """A command that works on the whole record at once: answers a question of it, builds
    a document (the log, an agenda, notes, the calendar, reminders), checks the files, or
    makes an edit and checks it against every meeting. The cyclic garbage collector is off while it runs, as while
    the cache is read (store/cachefile.no_gc). Its records hold no cycles, and the collector
    only scanned them again and again: a third of the time of the log of 23,500 actions,
    and of `carry` into a 3 MB draft, for the same peak memory."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with no_gc():
            return command(*args, **kwargs)

    return run


def load_ledger(ctx: click.Context, day: date):
    """The workspace and the record as it stood on `day` (today, --today or --as-of: the
    rule of the record). A query ends with `answer_problems`."""
    ws = readable_workspace(ctx, warn=False)
    return ws, ws.ledger(day)


def narrowed(ws: workspace.Workspace, book, owners: tuple[str, ...],
             series: tuple[str, ...], now=None) -> tuple[str, ...]:
    """The owner keys to look for; an owner nobody answers to, or a series with no
    meetings, is an error (a typo must not look like "nothing owed")."""
    unknown = sorted(set(series) - ws.series_names()) if series else []
    if unknown:
        known = ", ".join(sorted(ws.series_names())) or "none yet"
        raise ActionlogError(f"no meetings of series {', '.join(repr(u) for u in unknown)} "
                             f"(series: {known})")
    if not owners:
        return ()
    keys, missing = queries.owners_asked(owners, book, ws.roster, now)
    if missing:
        raise ActionlogError("; ".join(missing) + " (owners are matched by initials, role, "
                             "name, surname or a roster alias, in any case)")
    return keys


def workspace_errors(ws: workspace.Workspace) -> list[P.Problem]:
    """Every error `validate` would report (a file's own, or across files)."""
    return [p for p in ws.check() if p.severity == P.ERROR]


def answer_problems(ws: workspace.Workspace, today: date | None) -> None:
    """What a query says after its answer: drafts whose day has passed (their records are
    still only proposals); then, if any file holds an error, which files, and exit status 1,
    since the answer may leave out or misstate what they hold."""
    for p in ws.stale_drafts(today) if today else ():
        click.echo(f"warning: {p.path}: {p.message}", err=True)
    errors = workspace_errors(ws)
    if errors:
        files = sorted({p.path for p in errors})
        click.echo(f"error: {plural(len(errors), 'problem')} in {_some(files)}: the answer "
                   f"above may leave out or misstate what they hold (run `actionlog "
                   f"validate`)", err=True)
        raise Problems()


def refuse_on_problems(ws: workspace.Workspace, ignore: bool, doing: str) -> None:
    """Before sending or publishing: stop if any file holds an error, unless told to go on."""
    errors = workspace_errors(ws)
    if errors and not ignore:
        report_problems(ws, errors)
        raise ActionlogError(f"{plural(len(errors), 'problem')} in the workspace, so "
                             f"{doing} could leave out or misstate actions; fix them "
                             f"(`actionlog validate`) or pass --ignore-problems")


def _some(paths: list[str]) -> str:
    return ", ".join(paths[:5]) + (" ..." if len(paths) > 5 else "")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- problems


def report_problems(ws, problems, fmt: str = "human", stream=None) -> None:
    """Print problems located by line and column, with the source line and a caret."""
    located = ws.locate(problems)
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
