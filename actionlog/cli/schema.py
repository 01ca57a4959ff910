"""The JSON Schema of a meeting file. A module of its own: the schema is pydantic's, and
loading pydantic costs more than any other command needs (see actionlog.store.load)."""

from __future__ import annotations

import click

from actionlog.store.schema import json_schema_text


@click.command()
def schema() -> None:
    """Print the JSON Schema of a meeting file (the same rules `validate` applies).

    Example: actionlog schema > schema/meeting.schema.json
    """
    click.echo(json_schema_text(), nl=False)
