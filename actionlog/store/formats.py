"""The formats of the workspace's other YAML files: roster.yaml (people and the roles they
held) and the series templates (templates/<series>.yaml). The meeting format, and the
types and messages these share with it, are in schema.py.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field, StrictBool, ValidationError

from actionlog.core.problems import Problem, at
from actionlog.store.schema import (IsoDate, ItemNumber, Owners, Person, Text, Time, _problem,
                                    _Strict)


# ---------------------------------------------------------------- the roster


class Tenure(_Strict):
    role: Text
    from_: Optional[IsoDate] = Field(None, alias="from", description="first day in the role")
    to: Optional[IsoDate] = Field(None, description="last day in the role")


class RosterPerson(_Strict):
    id: Text
    name: Text
    aliases: list[Text] = Field(default_factory=list,
                                description="other names the office uses for them")
    roles: list[Tenure] = Field(default_factory=list)


class Roster(_Strict):
    """roster.yaml: people who own actions, with the roles they held and when."""

    people: list[RosterPerson] = Field(default_factory=list)


def check_roster(data: Any, path: str) -> tuple[Roster | None, list[Problem]]:
    if not isinstance(data, dict):
        return None, [Problem(path, 1, 1, check="schema",
                              message="the roster is a mapping with a 'people' list")]
    try:
        roster = Roster.model_validate(data)
    except ValidationError as exc:
        return None, [_problem(error, path, data, root=Roster) for error in exc.errors()]
    problems = _roster_rules(roster, path)
    return (None, problems) if problems else (roster, [])


def _roster_rules(roster: Roster, path: str) -> list[Problem]:
    """What the types cannot say: one person per id, and no role that ends before it
    begins (an owner would resolve to nobody, or to either of two people)."""
    out: list[Problem] = []
    first: dict[str, int] = {}
    for i, person in enumerate(roster.people):
        key = person.id.casefold()
        if key in first:
            out.append(at(path, ("people", i, "id"), f"id '{person.id}' is also the id of "
                          f"people[{first[key]}]", "ids", "give each person their own id "
                          "(initials, with a letter more where two people share them)"))
        else:
            first[key] = i
        for j, tenure in enumerate(person.roles):
            if tenure.from_ and tenure.to and tenure.to < tenure.from_:
                out.append(at(path, ("people", i, "roles", j, "to"),
                              f"'to' ({tenure.to.isoformat()}) is before 'from' "
                              f"({tenure.from_.isoformat()})", "dates",
                              "swap the two dates, or correct the year"))
    return out


# ---------------------------------------------------------------- series templates


class StandingItem(_Strict):
    """An item on every agenda of the series."""

    number: Optional[ItemNumber] = Field(None, description='"1", "4a"')
    title: Text
    lead: Optional[Owners] = None
    questions: list[Text] = Field(default_factory=list, description="asked at every meeting")
    outstanding: StrictBool = Field(False, description="true on the Outstanding Matters item: "
                                                 "every open action is carried into it")
    confidential: StrictBool = False
    items: list["StandingItem"] = Field(default_factory=list, description="sub-items")


class Series(_Strict):
    """templates/<series>.yaml: what each new meeting of the series starts from."""

    title: Text
    schedule: Text = Field(description="when it meets, as an RFC 5545 rule: "
                                       "RRULE:FREQ=MONTHLY;BYDAY=-1TU is the last Tuesday")
    time: Optional[Time] = Field(
        None, description='"10:30", quoted')
    venue: Optional[Text] = None
    chair: Optional[Text] = None
    minutes: Optional[Text] = None
    attendees: list[Person] = Field(default_factory=list,
                                    description="used until a meeting of the series exists")
    agenda: list[StandingItem] = Field(default_factory=list)


def check_series(data: Any, path: str) -> tuple[Series | None, list[Problem]]:
    """Validate a parsed series template; every problem located by its YAML path."""
    if not isinstance(data, dict):
        return None, [Problem(path, 1, 1, check="schema",
                              message="a series template is a mapping with title, schedule "
                                      "and agenda")]
    try:
        return Series.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(error, path, data, root=Series) for error in exc.errors()]
