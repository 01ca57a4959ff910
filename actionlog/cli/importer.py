"""import: notes in Word, PDF or extracted text read into meeting files."""

from __future__ import annotations

import click

from actionlog.cli.common import readable_workspace
from actionlog.cli.errors import ActionlogError
from actionlog.core.refs import MEETINGS
from actionlog.edit.importer import run


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--series", "series_name", metavar="NAME",
              help="The series (templates/NAME.yaml); by default the one whose title the "
                   "notes start with.")
@click.option("--into", "folder", default=MEETINGS, show_default=True, metavar="FOLDER",
              help="The folder of the workspace to write into (a series folder such as "
                   "meetings/audit).")
@click.option("--status", type=click.Choice(["approved", "held"]), default="approved",
              show_default=True, help="The status of the meetings imported.")
@click.option("--dry-run", is_flag=True, help="Print the files instead of writing them.")
@click.pass_context
def import_(ctx, paths, series_name, folder, status, dry_run) -> None:
    """Import meeting notes (.docx, .pdf, or .txt/.md text extracted from them).

    Each document becomes one meeting file, written only where no file is; a folder is
    imported in date order, so later meetings' Outstanding Matters link to the actions the
    earlier ones raised. Every guess is a YAML comment starting 'import:' at the line it is
    about; a summary goes to stderr. A document imported before is left unchanged.

    Example: actionlog import old-notes/ --dry-run
    """
    folder = folder.strip("/")
    if folder != MEETINGS and not folder.startswith(MEETINGS + "/"):
        raise click.BadParameter(f"must be {MEETINGS}/ or a folder under it", param_hint="--into")
    ws = readable_workspace(ctx)
    try:
        make = run.contexts(ws, series_name)
    except run.SeriesError as exc:
        raise ActionlogError(str(exc)) from None
    (ws.root / folder).mkdir(parents=True, exist_ok=True)
    outcomes = run.import_documents(ws, list(paths), make, folder, dry_run, status)
    for outcome in outcomes:
        if outcome.state == "dry-run" and outcome.text:
            click.echo(f"# --- {outcome.relpath}")
            click.echo(outcome.text, nl=False)
    failed = 0
    for outcome in outcomes:
        failed += outcome.state == "refused"
        prefix = "error: " if outcome.state == "refused" else ""
        click.echo(f"{prefix}{outcome.message}", err=True)
        for problem in outcome.problems:
            click.echo(f"  {problem}", err=True)
        if outcome.draft is not None and outcome.state != "refused":
            click.echo(f"  {summary(outcome)}", err=True)
            for dropped in outcome.draft.dropped:
                click.echo(f"  dropped {dropped}", err=True)
    if failed:
        raise ActionlogError(f"{failed} of {len(outcomes)} document(s) not imported")


def summary(outcome: run.Outcome) -> str:
    draft = outcome.draft
    assert draft is not None
    counts = draft.counts
    m = draft.meeting
    return (f"{len(m.attendees)} attending, {len(m.apologies)} apologies, "
            f"{sum(1 for _ in m.walk_items())} items, {counts.get('actions', 0)} actions, "
            f"{counts.get('entries', 0)} outstanding matters ({counts.get('linked', 0)} "
            f"linked), {counts.get('guesses', 0)} guesses marked 'import:', "
            f"{counts.get('dropped', 0)} passages dropped")
