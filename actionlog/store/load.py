"""Loading: a file's bytes -> YAML -> the format's check -> the records the rest of the tool
uses. The one way a meeting file, the roster or a series template becomes records.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from actionlog.core.model import NOTE_PARTS, Action, Item, Meeting, Person, Placed, Review
from actionlog.core.owners import RosterEntry
from actionlog.core.problems import Problem, at
from actionlog.core.refs import meeting_id
from actionlog.core.schedule import check_rule
from actionlog.core.series import Series, StandingItem
from actionlog.store import events, positions, yamlio
from actionlog.store.paths import ROSTER, TEMPLATES

SERIES_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # as a meeting file's `series:` must be
MAX_SERIES = 64  # as store/schema.py's (not imported: that would load pydantic)


def _short(name: str) -> str:
    return name if len(name) <= 60 else name[:59] + "…"


def load_file(root: Path, relpath: str) -> tuple[Meeting | None, list[Problem]]:
    """One file through every per-file stage: text, YAML, schema, records."""
    text, problems = yamlio.read_text(str(root / relpath), relpath)
    if text is None:
        return None, problems
    data, problems = events.parse(text, relpath)  # yamlio.parse, faster on plain files
    if problems:
        return None, problems
    return to_meeting(data, relpath)


def to_meeting(data: object, relpath: str) -> tuple[Meeting | None, list[Problem]]:
    """A parsed file's records, or the schema's problems with it."""
    from actionlog.store import schema  # pydantic: loaded only when a file needs checking

    checked, problems = schema.check(data, relpath)
    if checked is None:
        return None, problems
    return from_schema(checked, meeting_id(relpath), relpath, data), []


def load_roster(root: Path) -> tuple[list[RosterEntry], list[Problem]]:
    """roster.yaml's people, one entry per role held (and one for the person); none if the
    file is absent."""
    path = root / ROSTER
    if not path.exists():
        return [], []
    from actionlog.store import formats

    data, problems = yamlio.read_data(str(path), ROSTER)
    if problems:
        return [], problems
    roster, problems = formats.check_roster(data, ROSTER)
    if roster is None:
        return [], problems
    entries = []
    for person in roster.people:
        entries.append(RosterEntry(person.id, person.name, None, aliases=tuple(person.aliases)))
        entries.extend(RosterEntry(person.id, person.name, t.role, t.from_, t.to)
                       for t in person.roles)
    return entries, []


# ---------------------------------------------------------------- series templates


def template_path(root: Path, name: str) -> Path:
    return root / TEMPLATES / f"{name}.yaml"


def series_names(root: Path) -> list[str]:
    """The series that have a template, by name."""
    folder = root / TEMPLATES
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("."))


def load_series(root: Path, name: str) -> tuple[Series | None, list[Problem]]:
    """The template of series `name`, or the problems that stop it being read."""
    from actionlog.store import formats

    display = f"{TEMPLATES}/{name}.yaml"
    if not SERIES_NAME.fullmatch(name) or len(name) > MAX_SERIES:
        return None, [Problem(display, 0, 0, check="schema",
                              message=f"'{_short(name)}' is not a series name",
                              hint=f"a series name is lower case letters, digits and "
                                   f"hyphens, as in monthly-assurance, at most {MAX_SERIES} "
                                   f"characters")]
    path = template_path(root, name)
    if not path.is_file():
        return None, [Problem(display, 0, 0, check="schema",
                              message=f"series '{name}' has no template",
                              hint=f"create {display} with its title, schedule and agenda "
                                   f"(see the README)")]
    data, problems = yamlio.read_data(str(path), display)
    if problems:
        return None, problems
    checked, problems = formats.check_series(data, display)
    if checked is None:
        return None, problems
    why = check_rule(checked.schedule)
    if why:
        return None, [at(display, ("schedule",), why, "schema",
                         "for the last Tuesday of each month: RRULE:FREQ=MONTHLY;BYDAY=-1TU")]
    return Series(
        name=name, path=display, title=checked.title, schedule=checked.schedule,
        time=checked.time, venue=checked.venue, chair=checked.chair, minutes=checked.minutes,
        attendees=[_person(p) for p in checked.attendees],
        agenda=[_standing(i) for i in checked.agenda]), []


def load_templates(root: Path) -> tuple[list[Series], list[Problem]]:
    """Every series template that can be read, and every template's problems (for
    `validate`: a broken template would otherwise only leave its series without a schedule,
    new meetings and calendar dates)."""
    found, problems = [], []
    for name in series_names(root):
        template, said = load_series(root, name)
        problems += said
        if template is not None and not said:
            found.append(template)
    return found, problems


def _standing(it: Any) -> StandingItem:
    return StandingItem(it.number, it.title, list(it.lead) if it.lead else None,
                        list(it.questions), it.outstanding, it.confidential,
                        [_standing(sub) for sub in it.items])




def from_schema(m: Any, meeting_id: str, path: str, data: Any = None) -> Meeting:
    """Build the records from a validated `schema.Meeting` (duck-typed: no pydantic here);
    `data`, the file as parsed, gives the order each item's notes are written in."""
    nxt = m.next_meeting
    return Meeting(
        id=meeting_id, path=path, title=m.title, series=m.series, date=m.date,
        status=m.status, time=m.time, venue=m.venue, kind=m.kind, chair=m.chair,
        minutes=m.minutes,
        note=m.note,
        attendees=[_person(p) for p in m.attendees],
        apologies=[_person(p) for p in m.apologies],
        items=[_item(item, ("items", i), _node(data, "items", i))
               for i, item in enumerate(m.items)],
        next_date=nxt.date if nxt and not isinstance(nxt.date, str) else None,
        next_time=nxt.time if nxt else None, next_note=nxt.note if nxt else None,
        next_kind=nxt.kind if nxt else None,
        next_tbc=bool(nxt and isinstance(nxt.date, str)),
        people_said=tuple(k for k in ("attendees", "apologies")
                          if not isinstance(data, dict) or k in data))


def _person(p: Any) -> Person:
    return Person(p.id, p.name or p.label, p.role, p.capacity, getattr(p, "label", None))


def _action(a: Any, loc: tuple) -> Action:
    return Action(a.id, list(a.owner), a.text, a.due, a.status, a.note, a.confidential, loc)


def _discussed(d: Any, loc: tuple) -> str | Placed:
    """A discussion entry: a paragraph, or a sub-heading, an action in its place, or a
    commitment in prose (whose action's text is the sentence unless the file gives one)."""
    if isinstance(d, str):
        return d
    action = None
    if d.action is not None:
        a = d.action
        action = Action(a.id, list(a.owner), a.text or d.text, a.due, a.status, a.note,
                        a.confidential, loc + ("action",))
    return Placed(d.heading, d.text, action)


def _review(r: Any, loc: tuple) -> Review:
    owners = list(r.owner) if r.owner else None
    brought = None
    if r.action is None and r.id is not None:
        # the action as it stood before this meeting; the entry's status and update are
        # this meeting's review of it
        brought = Action(r.id, owners or [], r.text, r.due, "open", None, False, loc, r.raised)
    return Review(r.action, r.update, r.status, r.due, owners, r.text, r.raised, r.topic,
                  [_action(a, loc + ("actions", i)) for i, a in enumerate(r.actions)], loc,
                  brought)


def _node(data: Any, key: str, index: int) -> Any:
    """data[key][index], or None."""
    found = data.get(key) if isinstance(data, dict) else None
    return found[index] if isinstance(found, list) and index < len(found) else None


def note_order(node: Any) -> tuple[str, ...]:
    """Which of NOTE_PARTS an item's mapping has, in the order it has them."""
    return tuple(k for k in node if k in NOTE_PARTS) if isinstance(node, dict) else ()


def _item(it: Any, loc: tuple, node: Any) -> Item:
    outstanding = None
    if it.outstanding is not None:
        outstanding = [_review(r, loc + ("outstanding", i)) for i, r in enumerate(it.outstanding)]
    return Item(
        number=it.number, title=it.title or "", lead=list(it.lead) if it.lead else None,
        questions=list(it.questions), findings=list(it.findings),
        discussion=[_discussed(d, loc + ("discussion", i)) for i, d in enumerate(it.discussion)],
        assurance=it.assurance, outstanding=outstanding,
        items=[_item(sub, loc + ("items", i), _node(node, "items", i))
               for i, sub in enumerate(it.items)],
        actions=[_action(a, loc + ("actions", i)) for i, a in enumerate(it.actions)],
        outcome=it.outcome, note=it.note, deferred_from=it.deferred_from,
        confidential=it.confidential, loc=loc, order=note_order(node),
        actions_said=bool(it.actions) or (isinstance(node, dict) and "actions" in node))


def locate(root: Path, problems: list[Problem]) -> list[Problem]:
    """Fill in line and column for problems known only by YAML path (found only when shown:
    finding them means parsing the file again, with positions)."""
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    out: list[Problem] = []
    for path, group in by_file.items():
        pending = [p for p in group if not p.line and p.loc]
        out.extend(p for p in group if p.line or not p.loc)
        if not pending:
            continue
        text, _ = yamlio.read_text(str(root / path), path)
        if text is None:
            out.extend(pending)
            continue
        out.extend(positions.located(pending, text))
    return sorted(out)
