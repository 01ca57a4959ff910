"""Tools around the log: init (a new workspace), calendar (an iCalendar file) and remind
(an email to each owner). Each imports what only it needs when it runs: the calendar
neither the email nor the file-locking modules."""

from __future__ import annotations

from pathlib import Path

import click

from actionlog.cli.common import (DATE, answer_problems, builds, complete_owners,
                                  complete_series, ignore_problems_option, load_ledger,
                                  narrowed, refuse_on_problems, today_option)
from actionlog.cli.errors import Problems, writing
from actionlog.store.paths import TEMPLATES
from actionlog.core import queries
from actionlog.present import calendar as cal
from actionlog.store import settings as workspace_settings
from actionlog.store.load import load_series


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--no-git", is_flag=True, help="Do not create a git repository.")
def init_(directory: str, no_git: bool) -> None:
    """Create a new workspace in DIRECTORY (default: here): meetings/, templates/ to
    restyle, the JSON Schema for editors, .gitignore, .gitattributes, an example
    actionlog.toml, and a git repository unless it is already inside one.

    Nothing is overwritten: if any of these files exists, nothing is written.

    Example: actionlog init assurance-meetings
    """
    from actionlog.edit import init

    created = init.create(Path(directory).resolve(), git=not no_git)
    for rel in created.paths:
        click.echo(f"created {rel}")
    click.echo(created.git)
    click.echo(f"next: cd {directory} && actionlog new-meeting --date DATE", err=True)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the calendar to FILE (.ics) instead of printing it.")
@click.option("--series", multiple=True, shell_complete=complete_series,
              help="Only this series' meetings and actions (repeatable).")
@click.option("--owner", "owners", multiple=True, metavar="X", shell_complete=complete_owners,
              help="Only this owner's due dates (as `outstanding --owner`; meetings stay).")
@click.option("--months", type=click.IntRange(0, 120), default=12, show_default=True,
              help="How far ahead to add the dates each series' schedule gives.")
@click.option("--since", type=DATE, metavar="DATE",
              help="The meetings held from this date on (default: a year before today; "
                   "the due dates of every open action are always there).")
@click.option("--public", is_flag=True, help="Leave out confidential (Part 2) actions.")
@ignore_problems_option
@today_option
@click.pass_context
@builds
def calendar(ctx, output, series, owners, months, since, public, ignore_problems,
             today) -> None:
    """Write an iCalendar file of the meetings of each series (held, cancelled and
    scheduled) and the due dates of open actions as all-day events.

    Every event keeps its UID from one run to the next, so importing a newer file into
    Outlook or another calendar updates the events instead of copying them.

    Example: actionlog calendar -o actionlog.ics
    """
    ws, book = load_ledger(ctx, today)
    publishing = output is not None and output != "-"
    if publishing:
        refuse_on_problems(ws, ignore_problems, "a calendar for others to import")
    opts = cal.options(workspace_settings.load(ws.root))
    since = since or _year_before(today)
    # only the meetings from `since`, and only the fields a calendar shows (kept in the
    # index, so no meeting is decoded): ten years of fifty series is 6,000 events nobody's
    # calendar wants
    meetings = [m for m in ws.sittings(since) if not series or m.series in series]
    occasions = [o for o in cal.occasions(meetings, cal.scheduled(ws.templates(), meetings,
                                                                  today, months))
                 if not series or o.series in series]
    for path in sorted({p.path for p in ws.problems if p.path.startswith(f"{TEMPLATES}/")}):
        click.echo(f"warning: {path} cannot be read, so its schedule is left out "
                   f"(`actionlog validate` says why)", err=True)
    keys = narrowed(ws, book, tuple(owners), tuple(series))
    actions = queries.outstanding(book, today, queries.Filters(keys, tuple(series)))
    if public:
        actions = [e for e in actions if not e.confidential]
    titles = {m.series: m.title for m in meetings}  # the latest meeting names its series
    data = cal.to_ical(cal.build(occasions, actions, today, titles, opts))
    if not publishing:
        click.echo(data.decode("utf-8"), nl=False)
        answer_problems(ws, today)
        return
    from actionlog.edit.files import write_atomic

    with writing(output):  # whole or not at all: a full disk leaves no empty file
        write_atomic(output, data)
    dated = sum(1 for e in actions if e.due)
    click.echo(f"wrote {output}: {len(occasions)} meetings, {dated} due dates", err=True)


@click.command()
@click.option("--owner", "owners", multiple=True, metavar="X", shell_complete=complete_owners,
              help="Only remind this owner: initials, name or role (repeatable).")
@click.option("--series", multiple=True, shell_complete=complete_series,
              help="Only actions raised in this series.")
@click.option("--overdue", is_flag=True, help="Only overdue actions.")
@click.option("--out", "out", type=click.Path(file_okay=False), metavar="DIR",
              help="Write one .eml file per owner to DIR (Outlook opens them as drafts).")
@click.option("--send", is_flag=True, help="Send them through the SMTP server in "
                                           "actionlog.toml.")
@ignore_problems_option
@today_option
@click.pass_context
@builds
def remind(ctx, owners, series, overdue, out, send, ignore_problems, today) -> None:
    """Remind each owner of the actions they owe, overdue first: one email per person,
    with the actions owned by ALL added to everyone's.

    Without --out or --send the messages are printed, to check before sending. Addresses
    come from [addresses] in actionlog.toml, the server from [smtp], the password from
    $ACTIONLOG_SMTP_PASSWORD.

    Example: actionlog remind --owner DCC --out reminders/
    """
    if out and send:
        raise click.UsageError("choose one of --out DIR and --send")
    from actionlog.edit.files import write_atomic
    from actionlog.present import remind as rem

    ws, book = load_ledger(ctx, today)
    if send:
        refuse_on_problems(ws, ignore_problems, "reminders sent now")
    settings = workspace_settings.load(ws.root)
    book_of_addresses = rem.addresses(settings)
    smtp = rem.smtp_settings(settings) if send else None
    sender = rem.sender(settings)
    keys = narrowed(ws, book, tuple(owners), tuple(series))
    entries = queries.outstanding(book, today, queries.Filters(keys, tuple(series), overdue))
    reminders = rem.reminders(entries, today, keys, book_of_addresses)
    if not reminders:
        click.echo("No one owes an open action" + (" that matches." if owners or series
                                                   or overdue else "."), err=True)
        answer_problems(ws, today)
        return
    titles = _titles(ws.root, [e.series for e in entries])
    messages = [(r, rem.message(r, today, sender, titles)) for r in reminders]
    if out:
        with writing(out):
            for path in rem.write_eml(messages, Path(out), write_atomic):
                click.echo(f"wrote {path}")
        answer_problems(ws, today)
        return
    if not send:
        click.echo("\n".join(rem.preview(msg) for _r, msg in messages))
        click.echo("(a preview: --out DIR writes .eml files, --send sends them)", err=True)
        answer_problems(ws, today)
        return
    failed = rem.send(messages, smtp)
    for r, _msg in messages:
        if r not in [f for f, _why in failed]:
            click.echo(f"sent to {r.label} <{r.address}>")
    for r, why in failed:
        click.echo(f"not sent to {r.label}: {why}" + (
            " (add it under [addresses] in actionlog.toml)" if why == "no address" else ""),
            err=True)
    if failed:
        raise Problems()


def _year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February, or the year 1
        return day.replace(day=28, year=max(day.year - 1, 1))


def _titles(root: Path, names) -> dict[str, str]:
    """Each series' meeting title, from its template (reading every meeting would be slow)."""
    out = {}
    for name in sorted(set(names)):
        template, _problems = load_series(root, name)
        if template is not None:
            out[name] = template.title
    return out
