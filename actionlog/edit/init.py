"""A new workspace: the folders, the templates to restyle, the JSON Schema for editors, git
settings, and a git repository when there is none around it yet.

Nothing existing is ever overwritten: if any file it would write is already there, it
writes nothing at all.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from actionlog.store.paths import MEETINGS, TEMPLATES

SCHEMA_FILE = "schema/meeting.schema.json"

GITIGNORE = """\
# actionlog's cache of parsed meetings: rebuilt whenever it is missing
.actionlog-cache/
# lock files the tool holds while it writes, and what a write cut off would leave
.*.lock
.actionlog-*.tmp
# Word's owner files, left beside a document while it is open
~$*
"""

GITATTRIBUTES = """\
# one line ending (LF) everywhere, so files saved on Windows merge cleanly
* text=auto eol=lf
*.docx binary
*.pdf binary
"""

SETTINGS_EXAMPLE = """\
# actionlog settings for this workspace. Everything here is optional.

# Reminders: `actionlog remind --send` sends through this server. The password is never
# kept here: set the environment variable ACTIONLOG_SMTP_PASSWORD.
# [smtp]
# host = "smtp.example.org"
# port = 587
# from = "Office of the PCC <opcc@example.org>"
# starttls = true
# username = "opcc"

# Where reminders go: an owner's initials, name or role, and an address.
# [addresses]
# AB = "anthony.bangham@example.org"
# ACC = "acc@example.org"

# Calendars: meetings with a time last this long, in this time zone.
# [calendar]
# timezone = "Europe/London"
# duration_minutes = 120
"""


SERIES_EXAMPLE = """\
# A series of meetings: `actionlog new-meeting` starts each meeting's file from this.
# The file's name (here monthly-assurance) is the series' name in every meeting file.
title: Monthly Assurance Meeting
# When it meets, as an RFC 5545 rule: here the last Tuesday of each month.
schedule: RRULE:FREQ=MONTHLY;BYDAY=-1TU
time: "10:30"
venue: Conference Room
# Who is invited until the series has its first meeting (after that, each new meeting
# invites the people of the latest one), for example:
#   - {id: JC, name: John Campion, role: PCC, capacity: Police and Crime Commissioner}
attendees: []
agenda:
  - number: "1"
    title: Outstanding matters
    outstanding: true   # every open action is carried here
  - number: "2"
    title: Operational and reputational opportunities and risks
  - number: "3"
    title: Chief officer update
  - number: "4"
    title: Holding to account
  - number: "5"
    title: AOB
"""


class InitError(Exception):
    """The workspace cannot be created (files in the way): a domain error, one line."""


@dataclass
class Created:
    root: Path
    paths: list[str] = field(default_factory=list)  # relative, in the order written
    git: str = ""  # what happened about git, for the summary


def plan() -> dict[str, bytes | None]:
    """Every path a new workspace holds (None for an empty folder) and its content."""
    from actionlog.store.schema import json_schema_text

    files: dict[str, bytes | None] = {
        f"{MEETINGS}/.gitkeep": b"",
        f"{TEMPLATES}/": None,
        SCHEMA_FILE: json_schema_text().encode("utf-8"),
        ".gitignore": GITIGNORE.encode("utf-8"),
        ".gitattributes": GITATTRIBUTES.encode("utf-8"),
        "actionlog.toml": SETTINGS_EXAMPLE.encode("utf-8"),
    }
    templates = default_templates()
    if not any(name.endswith(".yaml") for name in templates):
        templates["monthly-assurance.yaml"] = SERIES_EXAMPLE.encode("utf-8")
    for name, content in templates.items():
        files[f"{TEMPLATES}/{name}"] = content
    return files


def default_templates() -> dict[str, bytes]:
    """The templates the package ships (series template, Markdown templates, Word style)."""
    folder = resources.files("actionlog") / "defaults"
    if not folder.is_dir():
        return {}
    return {item.name: item.read_bytes() for item in sorted(folder.iterdir(), key=lambda i: i.name)
            if item.is_file() and not item.name.startswith((".", "__"))}


def create(root: Path, git: bool = True) -> Created:
    """Write a new workspace at `root`; InitError, having written nothing, if any of its
    files is already there."""
    files = plan()
    in_the_way = [rel for rel in files if (root / rel.rstrip("/")).exists()]
    if (root / MEETINGS).exists() and f"{MEETINGS}/" not in in_the_way:
        in_the_way.insert(0, f"{MEETINGS}/")
    if in_the_way:
        listed = ", ".join(in_the_way[:5]) + (" ..." if len(in_the_way) > 5 else "")
        raise InitError(f"{root} already has {listed}: nothing was written "
                        f"(actionlog init never overwrites a file)")
    result = Created(root)
    try:
        for rel, content in files.items():
            path = root / rel.rstrip("/")
            if content is None:
                path.mkdir(parents=True, exist_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "xb") as fh:  # "x": fail rather than overwrite a racing file
                    fh.write(content)
            result.paths.append(rel)
    except OSError as exc:
        raise InitError(f"cannot write {exc.filename or root}: {exc.strerror or exc}") from None
    result.git = init_git(root) if git else "git: skipped"
    return result


def init_git(root: Path) -> str:
    """`git init` unless git is missing or `root` is already inside a repository."""
    git = shutil.which("git")
    if git is None:
        return "git: not installed, so no repository was created"
    inside = subprocess.run([git, "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    if inside.returncode == 0 and inside.stdout.strip() == "true":
        top = subprocess.run([git, "-C", str(root), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True).stdout.strip()
        return f"git: already inside the repository at {top}"
    done = subprocess.run([git, "init", "--quiet", str(root)], capture_output=True, text=True)
    if done.returncode != 0:
        return f"git: `git init` failed: {done.stderr.strip()}"
    return "git: created a new repository"
