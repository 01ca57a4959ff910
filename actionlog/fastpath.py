"""The fast path from a parsed meeting file to its records, without pydantic.

`schema.Meeting` is what a valid meeting file is, and it words every problem; but importing
pydantic and building its models costs about 0.15 s, more than everything else a query
does after the officer edits one file. So a parsed file is offered here first:
`meeting(data, ...)` builds the records straight from the data when it is certain that
`schema.check` would accept the file and `model.from_schema` would build these very
records, and returns None at the first thing it is not sure of. The file then goes to
`schema.check` for the verdict and the messages. Nothing is ever rejected here.

Being sure is being strict: only plain text (not empty, not only spaces), whole numbers,
true/false, lists and mappings of exactly the types the schema names; dates and times in
ASCII digits; no key the schema does not know. tests/test_fastpath.py keeps this in step
with schema.py: the field tables below must equal the models' fields, and on the real
meetings, the hostile corpus and generated files (valid, and broken at random) this path
either declines or agrees exactly with `schema.check` and `model.from_schema`.

Why not a validator generated from the JSON Schema (fastjsonschema)? That schema is looser
than the model (owners, 'next meeting' however spelled, real dates, ASCII digits), so the
checks here would be needed anyway, and the records still have to be built.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from actionlog.model import (ACTION_STATUSES, MAX_OWNER, MEETING_STATUSES, NEXT_MEETING,
                             REVIEW_STATUSES, Action, Item, Meeting, Person, Review, note_order)

# (every field, the required ones) of each schema model; a test compares them with schema.py
FIELDS = {
    "Meeting": ({"title", "series", "date", "time", "venue", "status", "chair", "minutes",
                 "note", "attendees", "apologies", "items", "next_meeting"},
                {"title", "series", "date", "status"}),
    "Person": ({"id", "name", "role", "capacity"}, {"id", "name"}),
    "Action": ({"id", "owner", "text", "due", "status", "note", "confidential"},
               {"id", "owner", "text"}),
    "Review": ({"action", "text", "raised", "topic", "update", "status", "due", "owner",
                "actions"}, set()),
    "Item": ({"number", "title", "lead", "questions", "findings", "discussion", "assurance",
              "outstanding", "items", "actions", "outcome", "note", "deferred_from",
              "confidential"}, {"title"}),
    "NextMeeting": ({"date", "time", "note"}, set()),
}

# the schema's patterns, narrowed to ASCII and to the whole text (its \d is any digit)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}")
_SERIES = re.compile(r"[a-z0-9][a-z0-9-]*")
_REF = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/[0-9]+")
_BIG = 10 ** 15  # no action or item number is near this; beyond it, let the schema judge


class _Unsure(Exception):
    """Not certain the schema accepts this: schema.check decides (never shown)."""


def meeting(data: Any, meeting_id: str, path: str) -> Meeting | None:
    """The records of a file `schema.check` would accept, or None: let it decide."""
    try:
        return _meeting(data, meeting_id, path)
    except _Unsure:
        return None


# ---------------------------------------------------------------- values


def _fields(data: Any, model: str) -> dict:
    allowed, required = FIELDS[model]
    if type(data) is not dict or not data.keys() <= allowed or not required <= data.keys():
        raise _Unsure
    return data


def _unicode(text: str) -> str:
    # a lone surrogate ("\ud800") is text to Python, not to pydantic (the reader refuses
    # one; this keeps the promise for any data)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise _Unsure from None
    return text


def _str(value: Any) -> str | None:
    """Optional[str]: may be empty."""
    if value is None:
        return None
    if type(value) is not str:
        raise _Unsure
    return _unicode(value)


def _text(value: Any) -> str:
    """Text: at least one character, not all of them spaces."""
    if type(value) is not str or not value or (value[0].isspace() and not value.strip()):
        raise _Unsure
    return _unicode(value)


def _opt_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _matching(value: Any, pattern: re.Pattern) -> str | None:
    if value is None:
        return None
    if type(value) is not str or not pattern.fullmatch(value):
        raise _Unsure
    return value


def _one_of(value: Any, allowed: tuple[str, ...]) -> str:
    if type(value) is not str or value not in allowed:
        raise _Unsure
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise _Unsure
    return value


def _date(value: Any) -> date | None:
    """schema.iso_date: YYYY-MM-DD, spaces around it allowed, a real day."""
    if value is None:
        return None
    if type(value) is not str:
        raise _Unsure
    text = value.strip()
    if not _DATE.fullmatch(text):
        raise _Unsure
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Unsure from None


def _due(value: Any) -> date | str | None:
    """schema.due_date: a date, or 'next meeting' however spaced and capitalised."""
    if type(value) is str and " ".join(value.split()).lower() == NEXT_MEETING:
        return NEXT_MEETING
    return _date(value)


def _owners(value: Any) -> list[str] | None:
    """schema.owners: 'AC/AB', ['AC', 'AB'] or 'DCC' -> the names as written."""
    if value is None:
        return None
    out: list[str] = []
    for item in value if type(value) is list else [value]:
        if type(item) is not str or not item.strip():
            raise _Unsure
        out.extend(_unicode(part.strip()) for part in item.split("/") if part.strip())
    if not out or max(len(name) for name in out) > MAX_OWNER:
        raise _Unsure
    return out


def _number(value: Any) -> str | None:
    """schema.item_number: text, or a whole number written without quotes."""
    if value is None:
        return None
    if type(value) is int and -_BIG < value < _BIG:
        return str(value)
    if type(value) is not str:
        raise _Unsure
    return _unicode(value)


def _list(value: Any) -> list:
    """A list field with a default: missing is [], but null is not a list."""
    if type(value) is not list:
        raise _Unsure
    return value


def _each(value: Any, build: Callable[[Any], Any]) -> list:
    return [build(entry) for entry in _list(value)]


# ---------------------------------------------------------------- records, as from_schema


def _meeting(data: Any, meeting_id: str, path: str) -> Meeting:
    get = _fields(data, "Meeting").get
    nxt = get("next_meeting")
    if nxt is not None:
        nxt = _fields(nxt, "NextMeeting")
    return Meeting(
        id=meeting_id, path=path, title=_text(get("title")),
        series=_required(_matching(get("series"), _SERIES)),
        date=_required(_date(get("date"))),
        status=_one_of(get("status"), MEETING_STATUSES),
        time=_matching(get("time"), _TIME), venue=_opt_text(get("venue")),
        chair=_opt_text(get("chair")), minutes=_opt_text(get("minutes")),
        note=_opt_text(get("note")),
        attendees=_each(get("attendees", []), _person),
        apologies=_each(get("apologies", []), _person),
        items=[_item(item, ("items", i)) for i, item in enumerate(_list(get("items", [])))],
        next_date=_date(nxt.get("date")) if nxt else None,
        next_time=_matching(nxt.get("time"), _TIME) if nxt else None,
        next_note=_opt_text(nxt.get("note")) if nxt else None)


def _required(value: Any) -> Any:
    # a required field written as null
    if value is None:
        raise _Unsure
    return value


def _person(data: Any) -> Person:
    get = _fields(data, "Person").get
    return Person(_text(get("id")), _text(get("name")), _opt_text(get("role")),
                  _opt_text(get("capacity")))


def _action(data: Any, loc: tuple) -> Action:
    get = _fields(data, "Action").get
    number = get("id")
    if type(number) is not int or not 1 <= number < _BIG:
        raise _Unsure
    return Action(number, _required(_owners(get("owner"))), _text(get("text")), _due(get("due")),
                  _one_of(get("status", "open"), ACTION_STATUSES), _str(get("note")),
                  _flag(get("confidential", False)), loc)


def _actions(value: Any, loc: tuple) -> list[Action]:
    return [_action(a, loc + ("actions", i)) for i, a in enumerate(_list(value))]


def _review(data: Any, loc: tuple) -> Review:
    get = _fields(data, "Review").get
    return Review(_matching(get("action"), _REF), _str(get("update")),
                  _one_of(get("status", "open"), REVIEW_STATUSES), _due(get("due")),
                  _owners(get("owner")), _opt_text(get("text")), _opt_text(get("raised")),
                  _opt_text(get("topic")), _actions(get("actions", []), loc), loc)


def _item(data: Any, loc: tuple) -> Item:
    get = _fields(data, "Item").get
    outstanding = get("outstanding")
    if outstanding is not None:
        outstanding = [_review(r, loc + ("outstanding", i))
                       for i, r in enumerate(_list(outstanding))]
    outcome = get("outcome")
    if outcome is not None:
        outcome = _one_of(outcome, ("deferred",))
    return Item(
        number=_number(get("number")), title=_text(get("title")),
        lead=_owners(get("lead")),
        questions=_each(get("questions", []), _text),
        findings=_each(get("findings", []), _text),
        discussion=_each(get("discussion", []), _text),
        assurance=_opt_text(get("assurance")), outstanding=outstanding,
        items=[_item(sub, loc + ("items", i)) for i, sub in enumerate(_list(get("items", [])))],
        actions=_actions(get("actions", []), loc), outcome=outcome,
        note=_opt_text(get("note")), deferred_from=_date(get("deferred_from")),
        confidential=_flag(get("confidential", False)), loc=loc, order=note_order(data))
