"""`actionlog site`: the public record as a static website (present/site/)."""

from __future__ import annotations

from pathlib import Path

import click

from actionlog.cli.common import (ignore_problems_option, readable_workspace,
                                  refuse_on_problems, today_option, workspace_root)
from actionlog.cli.errors import writing
from actionlog.present import markings
from actionlog.present.site import build, serve
from actionlog.store import settings as workspace_settings


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path), metavar="OUT")
@click.option("--include-confidential", "internal", is_flag=True,
              help="Build the office's internal copy: Part 2 (confidential) matters included, "
                   "each marked. Never publish it.")
@click.option("--title", default="Meeting records", show_default=True,
              help="The site's name, at the top of every page.")
@click.option("--base-url", default="", metavar="URL",
              help="The address the site will be served from, for the feed's links "
                   "(https://example.org/meetings/); without it they are relative.")
@click.option("--serve", "serving", is_flag=True,
              help="Then serve the site on 127.0.0.1 for a preview, and build it again "
                   "whenever a meeting, the roster, a setting or a template changes.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port --serve listens on (0: any free one).")
@ignore_problems_option
@today_option
@click.pass_context
def site(ctx, out: Path, internal: bool, title: str, base_url: str, serving: bool, port: int,
         ignore_problems: bool, today) -> None:
    """Write a static website of the record into OUT: an index, a page per meeting (its
    notes, or its agenda while it is to come), a page per action at a stable address
    (actions/2016-06-28/1.html), the action log with filters, and an Atom feed.

    Only Part 1 is published: confidential (Part 2) items and actions, and everything
    that arose from them, are left out unless --include-confidential. A second build
    rewrites only the pages that changed.

    Example: actionlog site public-site/ --serve
    """
    root = workspace_root(ctx)
    options = build.Options(out, today, internal, title, base_url,
                            markings.from_settings(workspace_settings.load(root)))

    def once() -> str:
        ws = readable_workspace(ctx)
        refuse_on_problems(ws, ignore_problems, "the site")
        with writing(str(out)):
            report = build.build(ws, options)
        return (f"{out}: {len(report.written)} page(s) written, {report.unchanged} "
                f"unchanged, {len(report.removed)} removed "
                f"({report.groups_built} group(s) of series built, {report.groups_kept} kept)")

    click.echo(once(), err=True)
    if serving:
        serve.serve(out, root, once, port, lambda line: click.echo(line, err=True))
