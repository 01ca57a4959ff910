"""The meeting file format: one pydantic model that both validates files and writes the
JSON Schema that editors use. Imported only when a file has to be checked (a cache miss,
`validate`), never on the warm path of a query.
"""

from __future__ import annotations

import difflib
import json
import re
import typing
from datetime import date
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StrictBool,
                      Tag, ValidationError, WithJsonSchema, model_validator)
from pydantic_core import PydanticCustomError

from actionlog.core.model import ACTION_STATUSES, MEETING_STATUSES, REVIEW_STATUSES
from actionlog.core.problems import Problem, at, yaml_path_text
from actionlog.store.fields import (Due, Free, IsoDate, ItemNumber, Line, Owners, Text, Time,
                                    WholeNumber, _kind, _short, iso_date)

MAX_SERIES = 64  # a series names a template file: a name of 300 characters is no file name
REF_PATTERN = r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/[0-9]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Person(_Strict):
    """Someone at (or sending apologies to) a meeting."""

    id: Line = Field(description="short id used in the notes, usually initials: JC")
    name: Optional[Line] = Field(None, description="full name: John Campion (needed unless "
                                                   "a label is given)")
    role: Optional[Line] = Field(None, description="role held at this meeting: PCC, DCC, ACC")
    capacity: Optional[Line] = Field(
        None, description="the capacity as the notes write it, printed as written: Chief "
                          "Executive, OPCC (CEx)")
    label: Optional[Line] = Field(
        None, description="the Name column as the notes write it, printed instead of "
                          "'name (id)': Policy Officer (NN)")

    @model_validator(mode="after")
    def _named(self) -> "Person":
        if self.name is None and self.label is None:
            raise PydanticCustomError("needs", "a person needs a name (or a label, as the "
                                      "notes write them)",
                                      {"hint": "name: John Campion, or label: Policy Officer "
                                               "(NN)"})
        return self


class Action(_Strict):
    """An action arising, raised at this meeting."""

    id: WholeNumber = Field(ge=1, description="number unique within the meeting; the action's "
                                      "permanent reference is <meeting-id>/<id>")
    owner: Owners
    text: Text
    due: Optional[Due] = None
    status: Literal[ACTION_STATUSES] = Field(  # type: ignore[valid-type]
        "open", description="open, or discharged for an action done on the day")
    note: Optional[Free] = None
    confidential: StrictBool = False


class PlacedAction(Action):
    """An action raised in the discussion, in its place; in a commitment in prose its text
    may be left out: it is then the sentence."""

    text: Optional[Text] = Field(None, description="what is to be done (in a commitment in "
                                                   "prose: the sentence, unless given)")


class Discussed(_Strict):
    """A discussion entry that is more than a paragraph: a sub-heading, an action in its
    place, or a sentence minuted as said that is also an action (a commitment in prose)."""

    # the rules of _one_kind, for editors: a heading alone, or an action with its text
    # (beside it or inside it)
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["heading"], "not": {"anyOf": [{"required": ["text"]},
                                                     {"required": ["action"]}]}},
        {"required": ["action"], "not": {"required": ["heading"]},
         "anyOf": [{"required": ["text"]},
                   {"properties": {"action": {"required": ["text"]}}}]}]})

    heading: Optional[Line] = Field(None, description="a sub-heading inside the item, without "
                                                      "a number or actions of its own")
    text: Optional[Text] = Field(None, description="with action: the sentence as minuted, "
                                                   "printed as written")
    action: Optional[PlacedAction] = Field(None, description="an action raised here, in its "
                                                             "place among the paragraphs")

    @model_validator(mode="after")
    def _one_kind(self) -> "Discussed":
        if self.heading is not None and (self.text is not None or self.action is not None):
            raise PydanticCustomError(
                "needs", "a sub-heading stands alone in the discussion",
                {"hint": "write the heading and the paragraph or action under it as two "
                         "entries: - heading: ... then - text or - action: ..."})
        if self.heading is None and self.action is None:
            raise PydanticCustomError(
                "needs", "a discussion entry written as a mapping is a heading:, an "
                "action:, or a text: with its action:",
                {"hint": "a plain paragraph is written as text, without 'text:'"})
        if self.action is not None and self.action.text is None and self.text is None:
            raise PydanticCustomError(
                "needs", "the action needs its text: either text: beside action: (the "
                "sentence as minuted) or text: inside it", {"hint": _HOW["discussion"]})
        return self


# the tags of a discussion entry's two forms; never a field name, and taken out of the
# location of a problem (see _problem)
PARAGRAPH, ENTRY = "discussion-paragraph", "discussion-entry"


def _discussion_form(value: Any) -> str:
    return ENTRY if isinstance(value, dict) else PARAGRAPH


Discussion = Annotated[Union[Annotated[Text, Tag(PARAGRAPH)], Annotated[Discussed, Tag(ENTRY)]],
                       Discriminator(_discussion_form)]


BROUGHT = ("id", "raised", "text")  # what an entry bringing an action forward needs


class Review(_Strict):
    """One entry of Outstanding Matters: an earlier action, what was reported, its status.
    Without `action`, it brings forward an action raised in a meeting not kept here: `id`
    numbers it in this meeting (its reference is <meeting-id>/<id>), `raised` says where it
    was raised, `text`, `owner` and `due` are the action's."""

    action: Optional[Annotated[str, Field(pattern=REF_PATTERN)]] = Field(
        None, description="reference of the action reviewed: 2016-06-28/1")
    id: Optional[WholeNumber] = Field(
        None, ge=1, description="for an action brought forward from a meeting not kept here: "
                                "its number in this meeting, unique among its actions; its "
                                "reference is <meeting-id>/<id>")
    text: Optional[Text] = Field(
        None, description="for an action brought forward: its text")
    raised: Optional[Text] = Field(
        None, description="for an action brought forward: the meeting that raised it, as the "
                          "notes name it: July 2022 meeting")
    topic: Optional[Text] = Field(None, description="heading the notes group it under")
    update: Optional[Free] = Field(None, description="what was reported")
    status: Literal[REVIEW_STATUSES] = "open"  # type: ignore[valid-type]
    due: Optional[Due] = Field(None, description="a new due date (for an action brought "
                                                 "forward: its due date)")
    owner: Optional[Owners] = Field(None, description="a new owner (for an action brought "
                                                      "forward: its owner)")
    actions: list[Action] = Field(default_factory=list,
                                  description="actions arising from this matter")

    @model_validator(mode="after")
    def _reviews_or_brings(self) -> "Review":
        if self.action is not None and self.id is not None:
            raise PydanticCustomError(
                "needs", "this entry reviews {ref}, so it cannot also bring an action "
                "forward with an id", {"ref": self.action,
                                       "hint": "remove the id, or the action: line if this "
                                               "is an action raised in a meeting not kept "
                                               "here"})
        if self.action is None:
            lacking = [name for name in BROUGHT if getattr(self, name) is None]
            if lacking:
                raise PydanticCustomError(
                    "needs", "an entry without 'action:' brings forward an action raised in "
                    "a meeting not kept here, and needs {lacking}",
                    {"lacking": " and ".join(f"'{name}:'" for name in lacking),
                     "hint": "id: a number unique among this meeting's actions (its "
                             "reference is then <meeting-id>/<id>); raised: the meeting, as "
                             "the notes name it; text: the action (and owner: who owes it)"})
        return self


class Item(_Strict):
    """An agenda item; items nest (4 Holding to account > 4a Performance > Cyber crime)."""

    number: Optional[ItemNumber] = Field(None, description='"1", "4a", "2.1"')
    title: Optional[Text] = Field(None, description="the heading; an item may have a number "
                                                    "and no title, where the notes give none")
    lead: Optional[Owners] = None
    questions: list[Text] = Field(default_factory=list,
                                  description="questions put in advance")
    findings: list[Text] = Field(default_factory=list)
    discussion: list[Discussion] = Field(
        default_factory=list, description="discussion notes: paragraphs, and in their place "
                                          "sub-headings ({heading: ...}), actions ({action: "
                                          "{id, owner, text, due}}) and commitments in prose "
                                          "({text: ..., action: {id, owner, due}})")
    assurance: Optional[Text] = Field(None, description="the assurance statement")
    outstanding: Optional[list[Review]] = Field(
        None, description="only on the Outstanding Matters item: one entry per action")
    items: list["Item"] = Field(default_factory=list, description="sub-items")
    actions: list[Action] = Field(default_factory=list, description="actions arising")
    outcome: Optional[Literal["deferred"]] = Field(
        None, description="deferred: not covered, carried to the next meeting")
    note: Optional[Text] = None
    deferred_from: Optional[IsoDate] = Field(
        None, description="date of the meeting this item was deferred from")
    confidential: StrictBool = Field(False, description="Part 2: left out of public documents")

    @model_validator(mode="after")
    def _headed(self) -> "Item":
        if self.title is None and self.number is None:
            raise PydanticCustomError("needs", "an item needs a title or a number",
                                      {"hint": "title: the heading as the notes write it; "
                                               "number: \"4\" for an item without one"})
        return self


def tbc_or_date(value: Any) -> Any:
    """A next meeting's date: an ISO date, or TBC (to be confirmed)."""
    if isinstance(value, str) and value.strip().casefold() == TBC.casefold():
        return TBC
    return iso_date(value, also=f", or {TBC} while it is not fixed")


TBC = "TBC"
NextDate = Annotated[date | str, BeforeValidator(tbc_or_date),
                     WithJsonSchema({"anyOf": [{"type": "string", "format": "date"},
                                               {"type": "string", "pattern": "^\\s*[Tt][Bb][Cc]\\s*$"}],
                                     "description": "an ISO date, or TBC while it is not "
                                                    "fixed"})]


class NextMeeting(_Strict):
    date: Optional[NextDate] = None
    time: Optional[Time] = None
    kind: Optional[Line] = Field(None, description="what kind of meeting it is: Public meeting")
    note: Optional[Text] = Field(None, description="e.g. the 30 August 2016 meeting was "
                                                   "cancelled")


class Meeting(_Strict):
    """One meeting: the record, and the only source of truth."""

    title: Text
    series: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=MAX_SERIES)] = Field(
        description="names templates/<series>.yaml")
    date: IsoDate
    time: Optional[Time] = Field(
        None, description='"10:30", quoted')
    venue: Optional[Text] = None
    kind: Optional[Line] = Field(None, description="what kind of meeting, as the notes say: "
                                                   "Thematic – Diversity and Inclusion, "
                                                   "Public meeting, Extraordinary")
    status: Literal[MEETING_STATUSES]  # type: ignore[valid-type]
    chair: Optional[Text] = Field(None, description="id or name of the chair")
    minutes: Optional[Text] = Field(None, description="the minute-taker")
    note: Optional[Text] = Field(None, description="e.g. why it was cancelled")
    attendees: list[Person] = Field(default_factory=list)
    apologies: list[Person] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    next_meeting: Optional[NextMeeting] = None


# ---------------------------------------------------------------- checking


def check(data: Any, path: str) -> tuple[Meeting | None, list[Problem]]:
    """Validate one parsed file; every problem is located by its YAML path."""
    if data is None:
        return None, [Problem(path, 1, 1, check="schema",
                              message="the file holds no meeting: it is empty, or only "
                                      "comments",
                              hint="a meeting file is a mapping with title, series, date, "
                                   "status and items")]
    if not isinstance(data, dict):
        return None, [Problem(path, 1, 1, check="schema",
                              message=f"a meeting file is a mapping of fields, "
                                      f"not {_kind(data)}",
                              hint="start with 'title: ...' on the first line")]
    odd = [_key_problem(loc, key, path) for loc, key in _odd_keys(data)]
    try:
        meeting = Meeting.model_validate(data)
    except ValidationError as exc:
        # pydantic's loc for a key that is not text is the key itself: we locate our own
        return None, odd + [_problem(error, path, data) for error in exc.errors()
                            if error["type"] != "invalid_key"]
    return (None, odd) if odd else (meeting, [])


def _odd_keys(data: Any) -> list[tuple[tuple, Any]]:
    """(path of the mapping, key) for every key that is not text: 1, null, [a, b]."""
    out, stack = [], [((), data)]
    while stack:  # the lists and mappings only: a file's texts and numbers are most of it
        loc, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    out.append((loc, key))
                if isinstance(value, (dict, list)):
                    stack.append((loc + (key,), value))
        else:
            stack.extend((loc + (index,), value) for index, value in enumerate(node)
                         if isinstance(value, (dict, list)))
    return sorted(out, key=lambda found: yaml_path_text(found[0]))


def _key_problem(loc: tuple, key: Any, path: str) -> Problem:
    shown = "an empty key (null)" if key is None else _kind(key)
    return Problem(path, check="schema", message=f"a field name must be text, not {shown}",
                   hint="put a name meant as text in quotes, or correct it",
                   yaml_path=yaml_path_text(loc), loc=loc + (key,), at_key=True)


def _model_at(loc: tuple, root: type[BaseModel] | None = None) -> type[BaseModel]:
    """The model a location (without its last part) points into, for did-you-mean."""
    model: type[BaseModel] = root or Meeting
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(part, str) else None
        inner = _inner_model(field.annotation) if field is not None else None
        if inner is None:
            break
        model = inner
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside Optional[list[X]] and the like."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(typing.get_args(current))
    return None


_EXPECTED = {"string_type": "text", "int_type": "a whole number",
             "int_parsing": "a whole number", "int_from_float": "a whole number",
             "bool_type": "true or false", "bool_parsing": "true or false",
             "list_type": "a list", "model_type": "a mapping of fields",
             "dict_type": "a mapping of fields", "model_attributes_type": "a mapping of fields"}

# how to write a field right, for the hint under a wrong type
_HOW = {"time": 'a time is written "10:30", in quotes',
        "action": "a reference is <meeting-id>/<number>, such as 2016-06-28/1",
        "series": "a series name is lower case letters, digits and hyphens",
        "attendees": "each person is a mapping: {id: JC, name: John Campion, role: PCC}",
        "apologies": "each person is a mapping: {id: JC, name: John Campion, role: PCC}",
        "items": "each item is a mapping with at least a title",
        "actions": "each action is a mapping with id, owner, text and due",
        "discussion": "each entry is a paragraph; or {heading: ...}; or {action: {id, owner, "
                      "text, due}}; or {text: the sentence, action: {id, owner, due}}",
        "outstanding": "each entry is a mapping with action, update and status",
        "next_meeting": "write date:, time: and note: on the lines under next_meeting:"}


def _problem(error: dict, path: str, data: Any,
             root: type[BaseModel] | None = None) -> Problem:
    loc = tuple(part for part in error["loc"] if part not in (PARAGRAPH, ENTRY))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    hint = ctx.get("hint", "")
    value = error.get("input")
    name = loc[-1] if loc else ""
    # the field a list entry belongs to: attendees[0] is an attendee
    field = name if isinstance(name, str) else (loc[-2] if len(loc) > 1 else "")
    if kind == "extra_forbidden":
        fields = list(_model_at(loc[:-1], root).model_fields)
        close = difflib.get_close_matches(str(name), fields, n=1)
        message = f"unknown field '{_short(name)}'"
        if close:
            message += f" (did you mean '{close[0]}'?)"
        hint = "fields here: " + ", ".join(fields)
        return at(path, loc, message, "schema", hint, at_key=True)
    if kind == "missing":
        return at(path, loc, f"missing required field '{name}'", "schema")
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        hint = "one of: " + ", ".join(allowed)
        if not isinstance(value, str):
            return at(path, loc, f"{name}: expected one of {', '.join(allowed)}, got "
                                 f"{_kind(value)}", "schema", hint)
        close = difflib.get_close_matches(value, allowed, n=1)
        message = f"'{_short(value)}' is not a valid {name}"
        if close:
            message += f" (did you mean '{close[0]}'?)"
        return at(path, loc, message, "schema", hint)
    if kind == "iso_date":
        return at(path, loc, f"{name}: {error['msg']}", "dates", hint)
    if kind in _EXPECTED:
        hint = _HOW.get(str(field), "")
        if not hint and kind == "string_type" and isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            # a float is not given back as written (1e3 is 1000.0, 1.50 is 1.5)
            hint = f'put the value in quotes: "{value}"' if isinstance(value, int) else \
                "put the value in quotes, just as it is written"
        elif not hint and kind == "list_type" and isinstance(value, str):
            hint = "start each entry on its own line with '- '"
        return at(path, loc, f"{field}: expected {_EXPECTED[kind]}, got {_kind(value)}",
                  "schema", hint)
    if kind == "string_pattern_mismatch":
        return at(path, loc, f"{name}: '{_short(value)}' is not in the expected form", "schema",
                  _HOW.get(str(name), ""))
    if kind == "needs":  # a rule across fields: the message says it all
        if "'id:'" in ctx.get("lacking", ""):
            hint = f"the next free id in this meeting is {_next_free_id(data)}; " + hint
        return at(path, loc, error["msg"], "schema", hint)
    if kind == "blank":
        return at(path, loc, f"{field}: must not be only spaces", "schema", hint)
    if kind in ("control", "one_line"):
        return at(path, loc, f"{field}: {error['msg']}", "syntax" if kind == "control"
                  else "schema", hint)
    if kind == "string_too_long":
        return at(path, loc, f"{field}: {_short(value)} is longer than the "
                             f"{ctx.get('max_length')} characters allowed", "schema")
    if kind == "string_too_short":
        return at(path, loc, f"{field}: must not be empty", "schema")
    if kind == "greater_than_equal":
        return at(path, loc, f"{name}: must be {ctx.get('ge')} or more, got {_short(value)}",
                  "schema")
    return at(path, loc, f"{yaml_name(loc)}: {_short(error['msg'], 200)}", "schema", hint)


def _next_free_id(data: Any) -> int:
    """One more than the highest action id written anywhere in a parsed meeting."""
    found, stack = [0], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "id" and isinstance(value, int) and not isinstance(value, bool):
                    found.append(value)
                elif key in ("items", "actions", "outstanding", "discussion") and \
                        isinstance(value, list):
                    stack.extend(value)
                elif key == "action" and isinstance(value, dict):  # in the discussion
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return max(found) + 1


def yaml_name(loc: tuple) -> str:
    return str(loc[-1]) if loc else "file"


def json_schema() -> dict:
    schema = Meeting.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://actionlog.invalid/schema/meeting.schema.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
