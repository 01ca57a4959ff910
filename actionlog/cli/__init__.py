"""The command line. The only package that imports click; each command is a thin client of
the library, kept in a module per group of commands that is imported only when one of its
commands is run (or listed by `--help`). Exit codes are decided in `main`: 0 clean, 1
problems found or a domain error, 2 usage, 130 interrupted.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping

import click

from actionlog import __version__
from actionlog.cli.errors import domain_errors_reported

# each command's name -> "module.attribute", imported when the command is looked up
COMMANDS = {
    "validate": "actionlog.cli.check.validate",
    "edit": "actionlog.cli.check.edit",
    "schema": "actionlog.cli.schema.schema",
    "outstanding": "actionlog.cli.query.outstanding",
    "show": "actionlog.cli.query.show",
    "agenda": "actionlog.cli.documents.agenda",
    "notes": "actionlog.cli.documents.notes",
    "log": "actionlog.cli.documents.log_",
    "new-meeting": "actionlog.cli.meetings.new_meeting",
    "cancel": "actionlog.cli.meetings.cancel",
    "carry": "actionlog.cli.meetings.carry",
    "update": "actionlog.cli.record.update",
    "discharge": "actionlog.cli.record.discharge",
    "redate": "actionlog.cli.record.redate",
    "reassign": "actionlog.cli.record.reassign",
    "add": "actionlog.cli.record.add",
    "init": "actionlog.cli.tools.init_",
    "calendar": "actionlog.cli.tools.calendar",
    "remind": "actionlog.cli.tools.remind",
    "import": "actionlog.cli.importer.import_",
    "site": "actionlog.cli.site.site",
}


class LazyGroup(click.Group):
    """Click's lazily loading group ("Lazily Loading Subcommands" in its docs):
    `lazy_subcommands` maps a command's name to "module.attribute", and that module is
    imported only when the command is looked up."""

    def __init__(self, *args, lazy_subcommands: dict[str, str] | None = None, **kwargs):
        self.lazy_subcommands = dict(lazy_subcommands or {})
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        """Every command by name, as on any group (Click reads it to suggest a command for a
        mistyped one); a lazy command is imported when it is looked up here."""
        return _Commands(self)

    @commands.setter
    def commands(self, registered) -> None:
        self.registered = dict(registered)  # the commands added eagerly (add_command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.registered, *self.lazy_subcommands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_subcommands:
            return self._lazy_load(cmd_name)
        return self.registered.get(cmd_name)

    def _lazy_load(self, cmd_name: str) -> click.Command:
        module_name, attribute = self.lazy_subcommands[cmd_name].rsplit(".", 1)
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise ValueError(f"lazy loading of {cmd_name!r} found {command!r}, not a command")
        return command


class _Commands(MutableMapping):
    """A lazy group's commands seen as the mapping `Group.commands` is."""

    def __init__(self, group: LazyGroup) -> None:
        self.group = group

    def __getitem__(self, name: str) -> click.Command:
        command = self.group.get_command(click.get_current_context(silent=True), name)
        if command is None:
            raise KeyError(name)
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.group.registered[name] = command

    def __delitem__(self, name: str) -> None:
        lazy = self.group.lazy_subcommands.pop(name, None)
        if self.group.registered.pop(name, None) is None and lazy is None:
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.group.list_commands(click.get_current_context(silent=True)))

    def __len__(self) -> int:
        return len(self.group.list_commands(click.get_current_context(silent=True)))


class ActionlogGroup(LazyGroup):
    """The group of every command: a domain error raised by any of them is one line on
    stderr and exit status 1 (see errors.domain_errors_reported)."""

    def invoke(self, ctx: click.Context):
        with domain_errors_reported():
            return super().invoke(ctx)


@click.group(cls=ActionlogGroup, lazy_subcommands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
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
