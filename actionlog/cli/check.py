"""Checking meeting files: validate, and edit (open a meeting, then check it)."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import click

from actionlog import workspace
from actionlog.cli.common import (builds, complete_meetings, load_workspace, report_problems,
                                  workspace_root)
from actionlog.cli.errors import ActionlogError, Problems
from actionlog.core import problems as P
from actionlog.core.problems import ERROR, count, tally


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["human", "parsable", "json"]),
              default="human", show_default=True, help="How to print problems.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as an open action not "
                                              "carried forward) as errors.")
@click.pass_context
@builds
def validate(ctx: click.Context, paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Check every meeting file and report every problem as file:line:column.

    PATHS limits the report to those files or folders (the whole workspace is still read,
    so references between meetings are checked).

    PATH - reads one meeting file from standard input and checks it as a new file of the
    workspace (as an editor's "check on save" would).

    Example: actionlog validate meetings/2016-07-26.yaml
    """
    ws = load_workspace(ctx)
    if paths == ("-",):
        _validate_stdin(ws, fmt, strict)
        return
    if "-" in paths:
        raise click.UsageError("'-' (standard input) is checked on its own, without paths")
    problems = ws.check(strict=strict)  # checks.run, kept in the cache per group of series
    if paths:
        wanted = [_relative(ws.root, p) for p in paths]
        missing = [p for p, w in zip(paths, wanted)
                   if w not in ws.files and not any(f.startswith(w.rstrip("/") + "/")
                                                    for f in ws.files)]
        if missing:
            raise ActionlogError(f"no meeting file or folder {', '.join(missing)} in the "
                                 f"workspace {ws.root}")
        problems = [p for p in problems
                    if any(p.path == w or p.path.startswith(w.rstrip("/") + "/")
                           for w in wanted)]
    report_problems(ws, problems, fmt, stream=sys.stdout)
    if fmt == "human":
        checked = f"{len(ws.files)} meeting files" if not paths else "the named files"
        click.echo(f"{checked} checked: {tally(problems)}", err=True)
    if count(problems, ERROR):
        raise Problems()


STDIN = "<stdin>"


def _validate_stdin(ws, fmt: str, strict: bool) -> None:
    """Check a meeting file given on standard input, as if it were a new file here."""
    from actionlog.edit.record import check_text

    text = sys.stdin.read()
    # checked as the file of its meeting's date (the one it replaces, if there is one), so
    # that its name is right; its problems are shown as standard input's
    day = re.search(r"^date:\s*['\"]?(\d{4}-\d{2}-\d{2})", text, re.M)
    relpath = f"{workspace.MEETINGS}/{day.group(1) if day else 'stdin'}.yaml"
    relpath = next((f for f in ws.files if day and Path(f).stem == day.group(1)), relpath)
    problems = [dataclasses.replace(p, path=STDIN)
                for p in check_text(ws, relpath, text, warnings=True)]
    if strict:
        problems = [p.as_error() for p in problems]
    lines = text.replace("\r\n", "\n").split("\n")
    for p in problems:
        click.echo(P.format_parsable(p) if fmt == "parsable" else P.format_human(p, lines))
    if fmt == "json":
        click.echo(P.format_json(problems))
    click.echo(f"standard input checked: {tally(problems)}", err=True)
    if count(problems, ERROR):
        raise Problems()


def _relative(root: Path, path: str) -> str:
    given = Path(path)
    if not given.is_absolute() and not given.exists() and (root / given).parent.exists():
        given = root / given  # "meetings/x.yaml" typed outside the workspace folder
    absolute = given.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        raise ActionlogError(f"{path} is not inside the workspace {root}") from None


@click.command()
@click.argument("meeting", required=False, shell_complete=complete_meetings)
@click.pass_context
def edit(ctx: click.Context, meeting: str | None) -> None:
    """Open MEETING in your editor ($VISUAL or $EDITOR), then check it and point at every
    problem, as `validate` does.

    MEETING is a meeting id (2016-07-26), a date, or the file; by default, the latest draft.

    Example: EDITOR=nano actionlog edit 2016-09-27
    """
    edit_until_clean(ctx, _meeting_file(workspace_root(ctx), meeting))


def edit_until_clean(ctx: click.Context, relpath: str) -> None:
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
    if spec is None:
        draft = workspace.load(root).latest(("draft",))
        if draft is None:
            raise ActionlogError("no draft meeting to edit: name one (actionlog edit "
                                 "2016-07-26), or start one with actionlog new-meeting")
        return draft.path
    return workspace.find_meeting_file(root, workspace.meeting_files(root), spec)


@builds  # each round, not the whole session at the editor: the collector runs between
def _check_one(ctx: click.Context, relpath: str) -> int:
    """Validate the workspace, report the problems in one file; the number of errors."""
    ws = load_workspace(ctx)
    problems = [p for p in ws.check() if p.path == relpath]
    report_problems(ws, problems, stream=sys.stdout)
    click.echo(f"{relpath}: {tally(problems)}", err=True)
    return count(problems, ERROR)
