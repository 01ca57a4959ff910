"""Series templates as records: `templates/<series>.yaml` gives each new meeting of a series
its title, time, venue, chair, first attendees, standing agenda and schedule. The file's
format is defined in store/schema.py, and store/load.py builds these from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from actionlog.core.model import Person


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
