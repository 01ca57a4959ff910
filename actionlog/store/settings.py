"""The workspace settings file, `actionlog.toml`: the SMTP server and owners' addresses for
reminders, the time zone and length of meetings for calendars. Optional; read with tomllib.
Secrets never live here: the SMTP password comes from an environment variable.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

SETTINGS = "actionlog.toml"


class SettingsError(Exception):
    """actionlog.toml cannot be read: a domain error, one line naming the file and line."""


def load(root: Path) -> dict[str, Any]:
    """The settings as a dict ({} when there is no file)."""
    path = root / SETTINGS
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read {SETTINGS}: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already says "(at line 3, column 7)"
        raise SettingsError(f"{SETTINGS}: {exc}") from None


def section(settings: dict[str, Any], name: str) -> dict[str, Any]:
    value = settings.get(name, {})
    if not isinstance(value, dict):
        raise SettingsError(f"{SETTINGS}: [{name}] must be a table of settings")
    return value
