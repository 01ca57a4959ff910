"""The one place the importer knows the meeting file format: a Draft as the text of a new
meeting file, with each guess as a comment above the line it is about. When the format
changes, this module follows it."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any, Iterator

from actionlog.core.carry import SCHEMA_COMMENT
from actionlog.core.model import Action, Item, Person, Placed, Review
from actionlog.edit import written
from actionlog.edit.importer.draft import Draft


def meeting_text(draft: Draft, meeting_id: str, provenance: str,
                 deferred_from: dict[int, date], links: dict[int, str]) -> str:
    """The file: header comments (schema, where it came from), then the meeting."""
    m = draft.meeting
    comments: dict[tuple, str] = {}
    flow: list[tuple] = []
    data: dict[str, Any] = {"title": m.title, "series": m.series, "date": m.date}
    _put(data, "time", m.time)
    _put(data, "venue", m.venue)
    data["status"] = m.status
    _put(data, "chair", m.chair)
    _put(data, "minutes", m.minutes)
    _put(data, "note", m.note)
    _say(comments, ("time",), draft.about(m, "time"))
    for key, people in (("attendees", m.attendees), ("apologies", m.apologies)):
        data[key] = [_person(p) for p in people]
        for index, person in enumerate(people):
            flow.append((key, index))
            _say(comments, (key, index), draft.about(person))
    # an entry linked to no earlier action brings it forward, numbered after the actions
    # the meeting raises (README: "Actions brought forward")
    ids = itertools.count(max((a.number for a, _i, _r in m.raised_actions()), default=0) + 1)
    data["items"] = [_item(it, ("items", i), draft, comments, deferred_from, links, ids)
                     for i, it in enumerate(m.items)]
    nxt: dict[str, Any] = {}
    _put(nxt, "date", m.next_date)
    _put(nxt, "time", m.next_time)
    _put(nxt, "note", m.next_note)
    if nxt:
        data["next_meeting"] = nxt
    up = "../" * meeting_id.count("/") + "../"
    header = [SCHEMA_COMMENT.format(up=up), *provenance.splitlines()]
    return written.new_document(data, header, comments, flow)


def _put(data: dict, key: str, value: Any) -> None:
    if value is not None and value != "":
        data[key] = value


def _say(comments: dict, loc: tuple, said: list[str]) -> None:
    if said:
        comments[loc] = "\n".join(f"import: {s}" for s in said)


def _person(p: Person) -> dict:
    out = {"id": p.id, "name": p.name}
    _put(out, "role", p.role)
    _put(out, "capacity", p.capacity)
    return out


def _item(it: Item, loc: tuple, draft: Draft, comments: dict, deferred_from: dict,
          links: dict, ids: Iterator[int]) -> dict:
    out: dict[str, Any] = {}
    _put(out, "number", it.number)
    out["title"] = it.title
    _say(comments, loc + ("title",), draft.about(it) + draft.about(it, "number"))
    _put(out, "note", it.note)
    if id(it) in deferred_from:
        out["deferred_from"] = deferred_from[id(it)]
    for key in ("questions", "findings", "discussion"):
        values = getattr(it, key)
        if values:
            # a sub-heading inside the item: {heading: ...} in its place (README: "The
            # discussion as minuted")
            out[key] = [{"heading": v.heading} if isinstance(v, Placed) else v for v in values]
    for index, _text in enumerate(it.discussion):
        _say(comments, loc + ("discussion", index), draft.about(it, f"discussion:{index}"))
    _put(out, "assurance", it.assurance)
    if it.outstanding is not None:
        out["outstanding"] = [_review(r, loc + ("outstanding", i), draft, comments, links, ids)
                              for i, r in enumerate(it.outstanding)]
    if it.items:
        out["items"] = [_item(sub, loc + ("items", i), draft, comments, deferred_from, links,
                              ids)
                        for i, sub in enumerate(it.items)]
    if it.actions:
        out["actions"] = [_action(a, loc + ("actions", i), draft, comments)
                          for i, a in enumerate(it.actions)]
    _put(out, "outcome", it.outcome)
    return out


def _review(r: Review, loc: tuple, draft: Draft, comments: dict, links: dict,
            ids: Iterator[int]) -> dict:
    out: dict[str, Any] = {}
    ref = links.get(id(r))
    if ref:
        out["action"] = ref
    else:
        out["id"] = next(ids)
    _put(out, "topic", r.topic)
    if not ref:
        out["raised"] = r.raised or "an earlier meeting"
        out["text"] = r.text or r.topic or "(not recorded in the notes)"
    _put(out, "update", r.update)
    out["status"] = r.status
    if not ref and r.owners:
        out["owner"] = r.owners[0] if len(r.owners) == 1 else "/".join(r.owners)
    _say(comments, loc, draft.about(r, "link") + draft.about(r, "status")
         + draft.about(r, "owner"))
    if r.actions:
        out["actions"] = [_action(a, loc + ("actions", i), draft, comments)
                          for i, a in enumerate(r.actions)]
    return out


def _action(a: Action, loc: tuple, draft: Draft, comments: dict) -> dict:
    out: dict[str, Any] = {"id": a.number,
                           "owner": a.owners[0] if len(a.owners) == 1 else "/".join(a.owners),
                           "text": a.text}
    _put(out, "due", a.due)
    if a.status != "open":
        out["status"] = a.status
    _put(out, "note", a.note)
    _say(comments, loc, draft.about(a) + draft.about(a, "owner")
         + draft.about(a, "due"))
    return out
