"""The field types of the meeting file format (dates, owners, item numbers, text), each
with the check and the message a wrong value gets; store/schema.py builds the models from
them. Imported only when a file has to be checked, as schema.py is.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, WithJsonSchema
from pydantic_core import PydanticCustomError

from actionlog.core.model import MAX_OWNER, NEXT_MEETING

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _dateutil_hint(text: str, also: str = "") -> str:
    """What python-dateutil reads the text as, day first; no guess where the text leaves
    out a day, month or year (a guess would then depend on today's date)."""
    plain = f"write dates as YYYY-MM-DD{also}, for example 2016-07-26"
    if len(text) > 40:
        return plain
    try:
        from datetime import datetime

        from dateutil import parser

        one = parser.parse(text, dayfirst=True, default=datetime(2000, 1, 1))
        two = parser.parse(text, dayfirst=True, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError, AttributeError):
        return plain
    if one.date() != two.date():
        return plain
    return f"write dates as YYYY-MM-DD{also}; did you mean {one.date().isoformat()}?"


def iso_date(value: Any, also: str = "") -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("iso_date", "expected a date (YYYY-MM-DD), got {kind}",
                                  {"kind": _kind(value),
                                   "hint": f"write dates as YYYY-MM-DD{also}, for example "
                                           f"2016-07-26"})
    text = value.strip()
    if not _ISO.match(text):
        raise PydanticCustomError("iso_date", "'{value}' is not an ISO date",
                                  {"value": _short(text), "hint": _dateutil_hint(text, also)})
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise PydanticCustomError("iso_date", "'{value}' is not a real date ({why})",
                                  {"value": text, "why": str(exc),
                                   "hint": "check the day and month"}) from None


def due_date(value: Any) -> date | str:
    if isinstance(value, str) and " ".join(value.split()).lower() == NEXT_MEETING:
        return NEXT_MEETING
    return iso_date(value, also=f", or '{NEXT_MEETING}'")


def owners(value: Any) -> list[str]:
    """'AC/AB', ['AC', 'AB'] or 'DCC' -> a list of owner names as written."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            raise PydanticCustomError("owner", "an owner cannot be empty", {"hint": _OWNER})
        if not isinstance(item, str):
            raise PydanticCustomError(
                "owner", "an owner is written as text (initials, a role, a name or ALL), "
                         "got {kind}", {"kind": _kind(item), "hint": _OWNER})
        no_controls(item)
        out.extend(part.strip() for part in item.split("/") if part.strip())
    longest = max(out, key=len, default="")
    if len(longest) > MAX_OWNER:
        raise PydanticCustomError("owner", "an owner of {n} characters is too long for "
                                  "initials, a role or a name", {"n": len(longest),
                                                                 "hint": _OWNER})
    if not out:
        raise PydanticCustomError("owner", "at least one owner is needed", {"hint": _OWNER})
    return out


_OWNER = "write initials (AB), a role (DCC), a name, or ALL; several as AC/AB or a list"


def item_number(value: Any) -> str:
    if isinstance(value, float):
        # 2.10 and 2.1 are one number to YAML: only quotes keep what was written
        raise PydanticCustomError("item_number", "an item number is text such as \"4a\", "
                                  "got {kind}", {"kind": _kind(value),
                                                 "hint": f'put it in quotes: "{value}"'})
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PydanticCustomError("item_number", "an item number is text such as \"4a\", "
                                  "got {kind}", {"kind": _kind(value),
                                                 "hint": 'write it as "1", 4a or "2.1"'})
    return str(value)


def _kind(value: Any) -> str:
    """A value as a message names it: 'the number 3', 'a list', 'the text 'x''."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the value {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {_short(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        return f"the text '{_short(value)}'" if value.strip() else "empty text"
    return f"'{_short(value)}'"


def _short(value: Any, width: int = 60) -> str:
    """A value as quoted in a message: one line, at most `width` characters."""
    text = " ".join(str(value).split())
    # a control character quoted in a message is shown escaped, never sent to the terminal
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)
    return text if len(text) <= width else text[: width - 1] + "…"


IsoDate = Annotated[date, BeforeValidator(iso_date),
                    WithJsonSchema({"type": "string", "format": "date"})]
# "next meeting" in any case and spacing, as due_date reads it (JSON Schema has no flag for
# case, so each letter is a class)
_NEXT_MEETING_PATTERN = r"^\s*" + r"\s+".join(
    "".join(f"[{c.upper()}{c}]" for c in word) for word in NEXT_MEETING.split()) + r"\s*$"
Due = Annotated[date | str, BeforeValidator(due_date),
                WithJsonSchema({"anyOf": [{"type": "string", "format": "date"},
                                          {"type": "string", "pattern": _NEXT_MEETING_PATTERN}],
                                "description": "an ISO date, or 'next meeting'"})]
# a time of day, 24-hour: "10:30", "9:00"; never "25:99"
Time = Annotated[str, Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")]


def whole_number(value: Any) -> Any:
    """An action id: a whole number, also when written 1.0 (as JSON Schema counts it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[StrictInt, BeforeValidator(whole_number)]
Owners = Annotated[list[str], BeforeValidator(owners),
                   WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                                             {"type": "array", "minItems": 1,
                                              "items": {"type": "string", "minLength": 1}}],
                                   "description": "initials, a role, a name or ALL; several "
                                                  "as a list or separated by '/'"})]
ItemNumber = Annotated[str, BeforeValidator(item_number),
                       WithJsonSchema({"type": ["string", "integer"]})]
def not_blank(value: str) -> str:
    """Text of only spaces is a slip, like empty text (a name of spaces names no one)."""
    if value and not value.strip():
        raise PydanticCustomError("blank", "must not be only spaces",
                                  {"hint": "put the text between the quotes"})
    return value


# C0 and C1 control characters (but tab and line break), DEL, and the line and paragraph
# separators, as the text holds them once YAML escapes ("\e", "\x07") are undone: the
# reader refuses them written raw; written as escapes they would reach a terminal as they
# are (set its title, clear its screen), or break an email header or a CSV row
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
_CONTROL = re.compile(f"[{_CONTROLS}]")
# and what no file or document can hold, written as an escape ("\uFFFE", "\uD800"): a
# UTF-16 half (not text in UTF-8) and the two noncharacters XML refuses (Word, Excel, the
# site); every text is searched once for both
_REFUSED = re.compile(f"[{_CONTROLS}\ud800-\udfff\ufffe\uffff]")


def no_controls(value: Any) -> Any:
    refused = _REFUSED.search(value) if isinstance(value, str) else None
    if refused is None:
        return value
    # a control character is named first, wherever it stands (none stands before `refused`)
    control = _CONTROL.search(value, refused.start())
    if control:
        raise PydanticCustomError(
            "control", "the control character U+{code} is not allowed in text",
            {"code": f"{ord(control.group()):04X}",
             "hint": "remove it: an escape such as \\e or \\x07 is not text"})
    raise PydanticCustomError(
        "control", "the character U+{code} is not allowed in text: no file or document "
        "can hold it", {"code": f"{ord(refused.group()):04X}",
                        "hint": "remove it: the escape is not text"})


def one_line(value: str) -> str:
    """A name, an id, a role: one line (a line break in one breaks email headers)."""
    if "\n" in value or "\r" in value:
        raise PydanticCustomError("one_line", "must be one line, without a line break",
                                  {"hint": "join the lines into one"})
    return value


Text = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": r"\S"}),
                 AfterValidator(not_blank), AfterValidator(no_controls)]
Line = Annotated[Text, AfterValidator(one_line)]
Free = Annotated[str, AfterValidator(no_controls)]  # text that may be empty
