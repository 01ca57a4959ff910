"""`outstanding` written to a file (-o FILE): the tracker spreadsheet or its text formats.
Apart from the documents' module, so that a query loads no document machinery."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from actionlog.cli.common import workspace_root
from actionlog.cli.errors import ActionlogError, writing


def listing_file_options(f):
    f = click.option("--bom/--no-bom", default=None,
                     help="Begin a CSV file with a byte-order mark, so that Excel reads "
                          "accented names (default: yes with -o FILE, no on standard "
                          "output).")(f)
    f = click.option("--force", is_flag=True,
                     help="Overwrite the output file if it exists.")(f)
    return click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
                        metavar="FILE", help="Write the list to FILE (its format: "
                                             "--format, or the suffix of FILE).")(f)


def save_listing(ctx: click.Context, fmt: str, records: list[dict], entries, today: date,
                 output: str | None, force: bool, bom: bool | None) -> None:
    """`outstanding` written to a file: the tracker spreadsheet, or its text formats."""
    from actionlog.present import output as listing
    from actionlog.present import publish

    if output == "-":
        if fmt == "xlsx":
            raise ActionlogError("a xlsx file cannot go to standard output: name it with "
                                 "-o FILE")
        output = None
    if fmt == "table" and output:
        suffix = Path(output).suffix.lower().lstrip(".")
        fmt = {"md": "markdown", "markdown": "markdown", "csv": "csv", "json": "json",
               "xlsx": "xlsx"}.get(suffix, "table")
    texts = {"json": listing.as_json, "csv": listing.as_csv, "md": listing.as_markdown,
             "markdown": listing.as_markdown}
    if output is None and fmt != "xlsx":
        text = texts[fmt](records) if fmt in texts else ""
        click.echo(("\ufeff" if bom and fmt == "csv" else "") + text, nl=False)
        return
    ext = {"markdown": "md", "table": "txt"}.get(fmt, fmt)
    path = publish.target(output, "outstanding", today.isoformat(), ext, force)
    with writing(str(path)):
        if fmt == "xlsx":
            from actionlog.present import excel, markings
            from actionlog.store import settings

            rows = [excel.row(e, today) for e in entries]
            title = f"Open actions as of {today.isoformat()}"
            marking = markings.from_settings(settings.load(workspace_root(ctx))).of(False)
            publish.write_file(path, lambda tmp: excel.write(rows, tmp, title, marking))
        elif fmt == "table":
            from actionlog.core.queries import owner_counts

            publish.write_text(path, listing.as_plain(records, owner_counts(entries)))
        else:
            publish.write_text(path, texts[fmt](records), bom=fmt == "csv" and bom is not False)
    click.echo(f"wrote {path}", err=True)
