"""Series templates: `templates/<series>.yaml` gives each new meeting of a series its title,
time, venue, chair, first attendees, standing agenda and schedule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from actionlog.model import Person
from actionlog.problems import Problem, at

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # as a meeting file's `series:` must be


@dataclass(slots=True)
class StandingItem:
    number: str | None
    title: str
    lead: list[str] | None = None
    questions: list[str] = field(default_factory=list)
    outstanding: bool = False
    confidential: bool = False
    items: list["StandingItem"] = field(default_factory=list)


@dataclass(slots=True)
class Series:
    name: str
    path: str  # relative to the workspace root
    title: str
    schedule: str
    time: str | None = None
    venue: str | None = None
    chair: str | None = None
    minutes: str | None = None
    attendees: list[Person] = field(default_factory=list)
    agenda: list[StandingItem] = field(default_factory=list)


def template_path(root: Path, name: str) -> Path:
    from actionlog.workspace import TEMPLATES

    return root / TEMPLATES / f"{name}.yaml"


def names(root: Path) -> list[str]:
    """The series that have a template, by name."""
    from actionlog.workspace import TEMPLATES

    folder = root / TEMPLATES
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("."))


def load(root: Path, name: str) -> tuple[Series | None, list[Problem]]:
    """The template of series `name`, or the problems that stop it being read."""
    from actionlog import schedule, schema, yamlio
    from actionlog.workspace import TEMPLATES

    display = f"{TEMPLATES}/{name}.yaml"
    if not NAME.fullmatch(name):
        return None, [Problem(display, 0, 0, check="schema",
                              message=f"'{name}' is not a series name",
                              hint="a series name is lower case letters, digits and hyphens, "
                                   "as in monthly-assurance")]
    path = template_path(root, name)
    if not path.is_file():
        return None, [Problem(display, 0, 0, check="schema",
                              message=f"series '{name}' has no template",
                              hint=f"create {display} with its title, schedule and agenda "
                                   f"(see the README)")]
    data, problems = yamlio.read_data(str(path), display)
    if problems:
        return None, problems
    checked, problems = schema.check_series(data, display)
    if checked is None:
        return None, problems
    why = schedule.check_rule(checked.schedule)
    if why:
        return None, [at(display, ("schedule",), why, "schema",
                         "for the last Tuesday of each month: RRULE:FREQ=MONTHLY;BYDAY=-1TU")]
    return Series(
        name=name, path=display, title=checked.title, schedule=checked.schedule,
        time=checked.time, venue=checked.venue, chair=checked.chair, minutes=checked.minutes,
        attendees=[Person(p.id, p.name, p.role, p.capacity) for p in checked.attendees],
        agenda=[_item(i) for i in checked.agenda]), []


def _item(it) -> StandingItem:
    return StandingItem(it.number, it.title, list(it.lead) if it.lead else None,
                        list(it.questions), it.outstanding, it.confidential,
                        [_item(sub) for sub in it.items])
