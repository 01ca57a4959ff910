"""The errors of the command line, and the one place where a domain error of the library
becomes `error: <message>` and exit status 1. Light (click alone), because the group
imports it before any command is loaded."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

import click


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


# The library's domain errors, each a one-line message (NoSuchMeeting is a WorkspaceError).
# Named, not imported: importing them all would load every layer for every command, and a
# class whose module no command loaded cannot have been raised.
DOMAIN_ERRORS = (
    ("actionlog.store.paths", "WorkspaceError"),
    ("actionlog.store.settings", "SettingsError"),
    ("actionlog.edit.record", "RecordError"),
    ("actionlog.edit.meetings", "CarryError"),
    ("actionlog.edit.init", "InitError"),
    ("actionlog.present.views", "NoMeeting"),
    ("actionlog.present.render", "RenderError"),
    ("actionlog.present.publish", "PublishError"),
    ("actionlog.present.pdf", "PdfError"),
    ("actionlog.present.calendar", "CalendarError"),
    ("actionlog.present.remind", "RemindError"),
    ("actionlog.present.site.build", "SiteError"),
    ("actionlog.present.site.serve", "ServeError"),
)


def domain_errors() -> tuple[type[Exception], ...]:
    """The classes of DOMAIN_ERRORS among the modules loaded."""
    return tuple(getattr(sys.modules[module], name) for module, name in DOMAIN_ERRORS
                 if module in sys.modules)


@contextlib.contextmanager
def domain_errors_reported() -> Iterator[None]:
    """A domain error of the library, raised by any command, as ActionlogError."""
    try:
        yield
    except Exception as exc:
        if not isinstance(exc, domain_errors()):
            raise  # a bug: its traceback is worth seeing
        raise ActionlogError(str(exc)) from None


@contextlib.contextmanager
def writing(name: str, new: bool = False) -> Iterator[None]:
    """Report a file that cannot be written (or, when `new`, already exists) by its name."""
    try:
        yield
    except OSError as exc:
        if new and isinstance(exc, FileExistsError):
            raise ActionlogError(f"{name} already exists; refusing to overwrite it") from None
        raise ActionlogError(f"cannot write {name}: {exc.strerror or exc}") from None
