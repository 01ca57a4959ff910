"""The calendar: meetings of each series (held, cancelled and scheduled) and the due dates of
open actions, as an iCalendar file written with the icalendar package.

UIDs are stable (`<series>/<date>@actionlog` for a meeting, `<ref>@actionlog` for an
action), so importing a newer file updates the events instead of adding copies, and a
meeting first seen as a scheduled date keeps its UID once its file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from actionlog import __version__
from dateutil.relativedelta import relativedelta

from actionlog.core import schedule
from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry
from actionlog.core.series import Series
from actionlog.store.settings import SETTINGS, SettingsError, section
from actionlog.store.sittings import Sitting

TIMEZONE = "Europe/London"
DURATION_MINUTES = 120
UID_DOMAIN = "actionlog"
SUMMARY_WIDTH = 80
RULES_SPAN = (date(1900, 1, 1), date(2200, 12, 31))  # the years a time zone's rules cover


class CalendarError(Exception):
    """Calendar settings that cannot be used: a domain error, one line."""


@dataclass(frozen=True)
class Options:
    timezone: str = TIMEZONE
    duration: timedelta = timedelta(minutes=DURATION_MINUTES)
    uid_domain: str = UID_DOMAIN


@dataclass(frozen=True)
class Occasion:
    """A meeting on the calendar: one with a file, or a date the schedule or notes give."""

    series: str
    title: str
    date: date
    status: str  # draft | approved | cancelled | scheduled
    time: str | None = None
    venue: str | None = None
    note: str | None = None
    meeting_id: str | None = None


def options(settings: dict) -> Options:
    """The [calendar] table of actionlog.toml: timezone, duration_minutes, uid_domain."""
    try:
        table = section(settings, "calendar")
    except SettingsError as exc:
        raise CalendarError(str(exc)) from None
    tz = str(table.get("timezone", TIMEZONE))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(f"{SETTINGS}: [calendar] timezone '{tz}' is not a time zone "
                            f"name such as {TIMEZONE}") from None
    minutes = table.get("duration_minutes", DURATION_MINUTES)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise CalendarError(f"{SETTINGS}: [calendar] duration_minutes must be a whole "
                            f"number of minutes, not {minutes!r}")
    return Options(tz, timedelta(minutes=minutes), str(table.get("uid_domain", UID_DOMAIN)))


def occasions(meetings: list[Sitting], scheduled: list[Occasion] = ()) -> list[Occasion]:
    """Every meeting with a file, each series' announced next meeting, and `scheduled`
    dates, one per series and date (a file beats an announcement beats the schedule)."""
    found: dict[tuple[str, date], Occasion] = {}
    for m in meetings:
        found[(m.series, m.date)] = Occasion(m.series, m.title, m.date, m.status, m.time,
                                             m.venue, m.note, m.id)
    for m in meetings:
        if m.next_date and (m.series, m.next_date) not in found:
            found[(m.series, m.next_date)] = Occasion(
                m.series, m.title, m.next_date, "scheduled", m.next_time or m.time, m.venue,
                m.next_note)
    for o in scheduled:
        found.setdefault((o.series, o.date), o)
    return sorted(found.values(), key=lambda o: (o.date, o.series))


def build(occasions_: list[Occasion], actions: list[Entry], today: date,
          titles: dict[str, str] | None = None, opts: Options = Options()):
    """The icalendar.Calendar of these meetings and the due dates of these actions;
    `titles` names each series' meetings."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", f"-//actionlog//actionlog {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Action log")
    cal.add("x-wr-timezone", opts.timezone)
    # DTSTAMP from --today, not the clock, so the same workspace gives the same file
    stamp = datetime.combine(today, time(), tzinfo=timezone.utc)
    for occasion in occasions_:
        cal.add_component(meeting_event(occasion, stamp, opts))
    for entry in actions:
        if entry.due is not None:
            cal.add_component(action_event(entry, stamp, titles or {}, opts))
    days = [o.date for o in occasions_] + [e.due for e in actions if e.due is not None]
    if days:
        # the time zone's rules for the years the events span, not 1970 to 2038 (a date
        # typed as 0001 or 9999 asks for no rules beyond RULES_SPAN: they would overflow)
        first = min(max(min(days), RULES_SPAN[0]), RULES_SPAN[1])
        last = max(min(max(days), RULES_SPAN[1]), first)
        _add_timezones(cal, first - timedelta(days=366), last + timedelta(days=366))
    return cal


def _add_timezones(cal, first: date, last: date) -> None:
    """What `cal.add_missing_timezones` does, without its walk of every parameter of every
    property (a third of the time of building 2,000 events): only a meeting's start and
    end name a time zone here, so only they are asked."""
    from icalendar import Timezone

    used = set()
    for event in cal.subcomponents:
        for name in ("DTSTART", "DTEND"):
            found = event.get(name)
            if found is not None:
                used.add(getattr(found, "params", {}).get("TZID"))
    at = 0  # before the events that name them
    for tzid in sorted(used - {None, "UTC"}):
        try:
            zone = Timezone.from_tzid(tzid, first_date=first, last_date=last)
        except ValueError:
            continue  # a zone the library cannot describe is left out, as it would leave it
        cal.subcomponents.insert(at, zone)
        at += 1


def to_ical(cal) -> bytes:
    """`cal.to_ical()`, byte for byte, as `Component.content_lines` writes it (each
    property by `content_line`, folded, in the order of `property_items`), asked less: a
    property many events share is written once, the order of a set of property names is
    sorted once, and only the lines of 75 octets or more are folded (`folded`)."""
    written: dict[tuple, bytes] = {}
    orders: dict[tuple, list[str]] = {}
    out: list[bytes] = []
    stack = [(cal, False)]
    while stack:  # Component.property_items: BEGIN, properties, subcomponents, END
        comp, end = stack.pop()
        if end:
            out.append(_marker("END", comp.name))
            continue
        out.append(_marker("BEGIN", comp.name))
        names = (type(comp), *comp)  # the sorted order depends on the names only
        order = orders.get(names)
        if order is None:
            order = orders[names] = comp.sorted_keys()
        for name in order:
            values = comp[name]
            for value in values if isinstance(values, list) else (values,):
                # a shared property is one object, written once
                key = (name, id(value))
                line = written.get(key)
                if line is None:
                    text = cal.content_line(name, value)
                    line = written[key] = text.encode() if len(text) < 75 and \
                        len(text.encode()) < 75 else folded(text)
                out.append(line)
        stack.append((comp, True))
        stack.extend((sub, False) for sub in reversed(comp.subcomponents))
    return b"\r\n".join(out) + b"\r\n"


def folded(line) -> bytes:
    """A content line folded as the library's `to_ical` folds it: before the 75th octet,
    and again every 74, never just after a backslash or a caret (an escape it keeps whole).
    A line of ASCII is cut by position here; the library measures each character's bytes,
    one call each (0.6 s of 23,500 long due-date events), so any other line is its."""
    if not line.isascii():
        return line.to_ical()
    pieces, start, end = [], 0, len(line)
    while end - start > FOLD - 1:
        cut = start + FOLD - 1
        if line[cut - 1] in "\\^":
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return "\r\n ".join(pieces).encode()


FOLD = 75  # octets, as the library folds


@lru_cache(maxsize=None)
def _marker(kind: str, name: str) -> bytes:
    """'BEGIN:VEVENT', as `property_items` and `content_line` write it."""
    from icalendar import Calendar, vText

    return Calendar().content_line(kind, vText(name).to_ical()).to_ical()


STATUS = {"cancelled": "CANCELLED", "scheduled": "TENTATIVE"}


def meeting_event(o: Occasion, stamp: datetime, opts: Options):
    from icalendar import Event

    event = Event()
    _add_text(event, "uid", f"{o.series}/{o.date.isoformat()}@{opts.uid_domain}")
    _add_shared(event, "dtstamp", stamp)
    start = _start(o)
    if isinstance(start, tuple):
        hour, minute = start
        begins = datetime.combine(o.date, time(hour, minute), tzinfo=ZoneInfo(opts.timezone))
        _add_shared(event, "dtstart", begins)
        _end(event, begins, opts.duration)
    else:
        _add_shared(event, "dtstart", o.date)
        _end(event, o.date, timedelta(days=1))
    summary = o.title + (" (cancelled)" if o.status == "cancelled" else "")
    _add_text(event, "summary", summary)
    if o.venue:
        _add_text(event, "location", o.venue)
    _add_shared(event, "status", STATUS.get(o.status, "CONFIRMED"))
    _add_shared(event, "categories", ("Meeting", o.series))
    lines = [f"{o.title}, {long_date(o.date)}."]
    lines.append(f"Meeting file: meetings/{o.meeting_id}.yaml ({o.status})." if o.meeting_id
                 else "Scheduled: no meeting file yet (actionlog new-meeting writes it).")
    if o.note:
        lines.append(o.note)
    _add_text(event, "description", "\n".join(lines))
    return event


def _add_text(event, name: str, text: str) -> None:
    """`event.add(name, text)` for a property of type TEXT, without asking the library
    which type the property is."""
    from icalendar import vText

    event[name] = vText(text)


def _add_shared(event, name: str, value) -> None:
    """`event.add(name, value)` for a value many events share (the stamp, a status, a
    series' categories, a day): the property is made once and the events hold it, as they
    only read it when the file is written."""
    # keyed by the time zone too: 10:30 in London and 05:30 in New York are equal datetimes
    event[name] = _shared(name, value, getattr(value, "tzinfo", None))


@lru_cache(maxsize=4096)
def _shared(name: str, value, _zone):
    from icalendar import Event

    one = Event()
    one.add(name, list(value) if isinstance(value, tuple) else value)
    return one[name]


def _end(event, start: date | datetime, length: timedelta) -> None:
    """DTEND, or DURATION where the end would fall after 31 December 9999."""
    try:
        _add_shared(event, "dtend", start + length)
    except OverflowError:
        event.add("duration", length)


def _start(o: Occasion) -> tuple[int, int] | None:
    try:
        hour, minute = (int(part) for part in (o.time or "").split(":"))
        time(hour, minute)
    except ValueError:
        return None  # no time, or one not written HH:MM: an all-day event
    return hour, minute


def action_event(entry: Entry, stamp: datetime, titles: dict[str, str], opts: Options):
    from icalendar import Event, vText

    assert entry.due is not None
    event = Event()
    event["uid"] = vText(f"{entry.ref}@{opts.uid_domain}")
    _add_shared(event, "dtstamp", stamp)
    _add_day(event, entry.due)
    _add_shared(event, "transp", "TRANSPARENT")  # a due date does not make anyone busy
    owner = entry.owner_label()
    summary = f"Due {entry.ref} ({owner}): {entry.text}"
    if len(summary) > SUMMARY_WIDTH:
        summary = summary[: SUMMARY_WIDTH - 1].rstrip() + "…"
    event["summary"] = vText(summary)
    _add_shared(event, "categories", ("Action", entry.series))
    if entry.confidential:
        _add_shared(event, "class", "CONFIDENTIAL")
    title = titles.get(entry.series, f"{entry.series} meeting")
    lines = [entry.text, "", f"Owner: {owner}", f"Raised: {entry.source(title)}",
             f"Status: {entry.status}"]
    if entry.slipped and entry.original_due:
        lines.append(f"Originally due: {long_date(entry.original_due)}")
    latest = entry.latest_update
    if latest:
        lines.append(f"Latest update: {latest}")
    event["description"] = vText("\n".join(lines))
    return event


def _add_day(event, day: date) -> None:
    """DTSTART and DTEND of an all-day event on `day` (as `_add_shared` and `_end` add them),
    made once for each day."""
    for name, value in _day(day):
        event[name] = value


@lru_cache(maxsize=4096)
def _day(day: date) -> tuple:
    from icalendar import Event

    event = Event()
    _add_shared(event, "dtstart", day)
    _end(event, day, timedelta(days=1))
    return tuple(event.items())


def scheduled(templates: list[Series], meetings: list[Sitting], today: date,
              months: int) -> list[Occasion]:
    """The dates each series' schedule (`templates`: those that can be read) gives from
    today (or its latest meeting, if later) to `months` ahead, skipping dates a meeting
    already has."""
    try:
        until = today + relativedelta(months=months)
    except (OverflowError, ValueError):
        until = date.max
    out: list[Occasion] = []
    for template in templates:
        name = template.name
        own = [m for m in meetings if m.series == name]
        taken = {m.date for m in own}
        after = max([today - timedelta(days=1) if today > date.min else today,
                     *(m.date for m in own)])
        while True:
            day = schedule.next_date(template.schedule, after, taken)
            if day is None or day > until:
                break
            out.append(Occasion(name, template.title, day, "scheduled", template.time,
                                template.venue))
            after = day
    return out
