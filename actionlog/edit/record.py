"""Recording what happens between meetings: updates, discharges, new due dates, new
owners and new actions, written into the next draft meeting without disturbing the rest
of the file.

The edits work on a round-trip document (yamlio keeps comments, quoting and order); `apply`
holds the file's lock while it reads, edits, checks and writes, and writes nothing that
would not validate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from actionlog.core.carry import ACTION_ORDER, ITEM_ORDER, REVIEW_ORDER, Carried, carried_entry
from actionlog.core.dates import long_date
from actionlog.core.model import CLOSED_STATUSES, Meeting
from actionlog.core.problems import ERROR, Problem
from actionlog.core.queries import nearest_refs
from actionlog.core.refs import Ref
from actionlog.edit import files
from actionlog.edit import roundtrip
from actionlog.store import positions, yamlio
from actionlog.store.load import to_meeting
from actionlog.workspace import NoSuchMeeting, Workspace, find_meeting_file

NEW_MEETING = "actionlog new-meeting"


class RecordError(Exception):
    """The change cannot be made as asked: a domain error, in one line."""


@dataclass
class Outcome:
    """What `apply` did: changed the file, found nothing to change, or refused."""

    path: str
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)  # why it refused
    lines: list[str] = field(default_factory=list)  # the refused text, to quote
    already: bool = False  # the problems were in the file before this change


# ---------------------------------------------------------------- which meeting


def find_meeting(ws, name: str) -> Meeting:
    """A meeting named by id (2016-07-26), date, or path (meetings/2016-07-26.yaml)."""
    try:
        relpath = find_meeting_file(ws.root, ws.files, name)
    except NoSuchMeeting as exc:
        raise RecordError(str(exc)) from None
    found = ws.meeting_at(relpath)
    if found is None:
        raise RecordError(f"{relpath} has problems, so nothing can be recorded in it; fix "
                          f"them first (`actionlog validate {relpath}`)")
    return found


def next_draft(ws, series: str | None = None) -> Meeting:
    """The latest meeting still in draft (of `series`, when given)."""
    found = ws.latest(("draft",), series)
    if found is None:
        which = f" of series '{series}'" if series else ""
        raise RecordError(f"there is no draft meeting{which} to record into; "
                          f"run `{NEW_MEETING}` first")
    return found


def check_editable(meeting: Meeting, force: bool) -> None:
    if meeting.cancelled:
        raise RecordError(f"{meeting.path} is a cancelled meeting; record into the next "
                          f"draft instead")
    if meeting.status == "approved" and not force:
        raise RecordError(f"{meeting.path} is approved: its minutes are final; use --force "
                          f"to change them anyway")


def check_reviewable(entry, meeting: Meeting, ref: str) -> None:
    """The action must be one the meeting can review: raised at an earlier meeting."""
    if entry is None:
        raise RecordError(f"no action '{ref}' (`actionlog outstanding` lists them)")
    if entry.meeting_id == meeting.id:
        raise RecordError(f"{ref} is raised in {meeting.path} itself; change it there")
    if entry.meeting_date >= meeting.date:
        raise RecordError(f"{ref} is raised on {entry.meeting_date.isoformat()}, not before "
                          f"{meeting.path}; a meeting reviews only earlier actions")


# ---------------------------------------------------------------- finding things in a document


def outstanding_item(doc: Any) -> Any:
    for item in _items(doc):
        if "outstanding" in item:
            return item
    raise RecordError("the meeting has no Outstanding Matters item (an item with "
                      "'outstanding:'); add one, then try again")


def find_review(doc: Any, ref: str) -> Any:
    for item in _items(doc):
        for review in item.get("outstanding") or ():
            if isinstance(review, dict) and str(review.get("action", "")) == ref:
                return review
    return None


def find_item(doc: Any, number: str) -> Any:
    found = [i for i in _items(doc) if str(i.get("number", "")) == number]
    if not found:
        numbers = [str(i["number"]) for i in _items(doc) if i.get("number") is not None]
        raise RecordError(f"no item numbered '{number}' in this meeting "
                          f"(its items: {', '.join(numbers) or 'none numbered'})")
    return found[0]


def next_action_id(doc: Any) -> int:
    ids = [a.get("id") for a in _actions(doc)]
    return max((i for i in ids if isinstance(i, int) and not isinstance(i, bool)),
               default=0) + 1


def _items(doc: Any):
    stack = list(reversed(doc.get("items") or [])) if isinstance(doc, dict) else []
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(item.get("items") or []))


def _actions(doc: Any):
    for item in _items(doc):
        for entry in item.get("discussion") or ():
            # an action in its place, or a commitment in prose (whose text is the sentence)
            if isinstance(entry, dict) and isinstance(entry.get("action"), dict):
                yield entry["action"]
        for action in item.get("actions") or ():
            if isinstance(action, dict):
                yield action
        for review in item.get("outstanding") or ():
            if isinstance(review, dict):
                if "id" in review and "action" not in review:
                    yield review  # brought forward: numbered among the meeting's actions
                for action in review.get("actions") or ():
                    if isinstance(action, dict):
                        yield action


# ---------------------------------------------------------------- the edits


def review_change(where: Target, change: Callable[[Any], dict]) -> Callable[[Any], None]:
    """An edit of the entry for the target's action: `change(entry or None)` gives the
    fields to set. Without an entry, one is added (as `carry` would) with those fields."""
    ref, carried = where.ref, where.carried
    if where.in_place:
        return _action_change(ref, change)

    def edit(doc: Any) -> None:
        review = find_review(doc, ref)
        if review is None:
            if carried is None:
                raise RecordError(f"{ref} was {where.closed} and {where.meeting.path} does "
                                  f"not review it; nothing to record (`actionlog show "
                                  f"{ref}` tells its story)")
            data = {**carried.data, **change(None)}
            data = {k: data[k] for k in sorted(data, key=_review_rank)}
            roundtrip.append_item(outstanding_item(doc), "outstanding", data, carried.comment)
            return
        for key, value in change(review).items():
            if key in review:
                roundtrip.set_value(review, key, value)
            else:
                roundtrip.insert_value(review, key, value, REVIEW_ORDER)
    return edit


# a review's field, and the field of an action (in the meeting raising it) that holds the same
AS_ACTION = {"update": "note", "status": "status", "due": "due", "owner": "owner"}


def _action_change(ref: str, change: Callable[[Any], dict]) -> Callable[[Any], None]:
    """An edit of the action `ref` in the meeting that raises it (a draft): what a review
    would record goes into the action itself (an update into its note)."""
    number = Ref.parse(ref).number

    def edit(doc: Any) -> None:
        action = next((a for a in _actions(doc) if a.get("id") == number), None)
        if action is None:
            raise RecordError(f"{ref} is not in its meeting's file any more")
        brought = "action" not in action and "raised" in action  # its fields are a review's
        view = action if brought else {"update": action.get("note")}
        for key, value in change(view).items():
            field = key if brought else AS_ACTION[key]
            if field in action:
                roundtrip.set_value(action, field, value)
            else:
                roundtrip.insert_value(action, field, value,
                                       REVIEW_ORDER if brought else ACTION_ORDER)
    return edit


def _review_rank(key: str) -> int:
    return REVIEW_ORDER.index(key) if key in REVIEW_ORDER else len(REVIEW_ORDER)


def joined(old: Any, text: str) -> str:
    """An update added after what is already recorded, so nothing is lost."""
    if not old:
        return text
    old = str(old)
    if "\n" in old.strip("\n"):
        # text kept line by line (a literal block) keeps its lines; the update is one more
        return old.rstrip("\n") + "\n" + text + ("\n" if old.endswith("\n") else "")
    # a folded text's line break at its end (`>` rather than `>-`) stays, and so its style
    return f"{' '.join(old.split())} {text}" + old[len(old.rstrip(chr(10))):]


def update(text: str, replace: bool = False) -> Callable[[Any], dict]:
    text = " ".join(text.split())
    return lambda review: {"update": text if replace or review is None
                           else joined(review.get("update"), text)}


def discharge(note: str | None) -> Callable[[Any], dict]:
    def change(review: Any) -> dict:
        out: dict = {}
        if note:
            out["update"] = joined(review.get("update") if review is not None else None,
                                   " ".join(note.split()))
        out["status"] = "discharged"
        return out
    return change


def redate(due: date | str) -> Callable[[Any], dict]:
    return lambda review: {"due": due}


def reassign(owner: str) -> Callable[[Any], dict]:
    return lambda review: {"owner": owner}


@dataclass
class AddAction:
    """A new action arising under item `number`, with the next free id of the meeting."""

    number: str
    owner: str
    text: str
    due: date | str | None = None
    added: int | None = None  # the id it was given

    def __call__(self, doc: Any) -> None:
        item = find_item(doc, self.number)
        action: dict = {"id": next_action_id(doc), "owner": self.owner,
                        "text": " ".join(self.text.split())}
        if self.due is not None:
            action["due"] = self.due
        if "actions" in item:
            roundtrip.append_item(item, "actions", action)
        else:
            roundtrip.insert_value(item, "actions", [action], ITEM_ORDER)
        self.added = action["id"]


def carry_entries(entries: list[Carried]) -> Callable[[Any], None]:
    """Add the entries the Outstanding Matters item lacks; never touch the ones it has."""
    def edit(doc: Any) -> None:
        item = outstanding_item(doc)
        present = {str(r.get("action")) for r in item.get("outstanding") or ()
                   if isinstance(r, dict) and r.get("action")}
        for c in entries:
            key = c.ref
            if key not in present:
                roundtrip.append_item(item, "outstanding", c.data, c.comment)
                present.add(key)
    return edit


# ---------------------------------------------------------------- reading, checking, writing


def apply(ws, meeting: Meeting, edit: Callable[[Any], None]) -> Outcome:
    """Edit one meeting file under its lock: re-read it, change it, check the result
    against the whole workspace, and write it atomically only if it validates."""
    path = str(ws.root / meeting.path)
    try:
        with files.locked(path):
            return _apply_locked(ws, meeting, edit, path)
    except TimeoutError:
        raise RecordError(f"{meeting.path} is being changed by someone else (its lock is "
                          f"held); try again in a moment") from None
    except OSError as exc:  # read-only file or folder, a lock of another user, a full disk
        raise RecordError(f"cannot write {meeting.path}: {exc.strerror or exc}; nothing "
                          f"was written") from None


def _apply_locked(ws, meeting: Meeting, edit: Callable[[Any], None], path: str) -> Outcome:
    text, problems = yamlio.read_text(path, meeting.path)
    if text is None:
        return Outcome(meeting.path, problems=problems, already=True)
    _data, problems = yamlio.parse(text, meeting.path)
    if problems:
        return Outcome(meeting.path, problems=problems, lines=text.splitlines(), already=True)
    doc = roundtrip.load_for_edit(text)
    base = roundtrip.dump_house(doc)  # as the round trip writes it unedited: kept as it was?
    edit(doc)
    new = roundtrip.edited_text(text, doc, base)
    if new is None:
        raise RecordError(f"{meeting.path} is laid out in a way this change cannot keep "
                          f"line for line; nothing was written (make the change by hand)")
    if new == text:
        return Outcome(meeting.path)
    found = check_text(ws, meeting.path, new)
    if found:
        already = bool(check_text(ws, meeting.path, text))
        return Outcome(meeting.path, problems=found, lines=new.splitlines(), already=already)
    files.write_atomic(path, new)
    return Outcome(meeting.path, changed=True)


def check_text(ws: Workspace, relpath: str, text: str,
               warnings: bool = False) -> list[Problem]:
    """The errors (and warnings, if asked) `actionlog validate` would report in `relpath`
    if it held `text`."""
    size = len(text.encode("utf-8"))
    if size > yamlio.MAX_FILE_BYTES:  # it would be written, then refused when read
        return [yamlio.too_large(size, relpath)]
    data, problems = yamlio.parse(text, relpath)
    if not problems:
        meeting, problems = to_meeting(data, relpath)
        if meeting is not None:
            problems = ws.trial(meeting).check()
    found = [p for p in problems if p.path == relpath and (warnings or p.severity == ERROR)]
    return sorted(positions.located(found, text))


@dataclass
class Target:
    """Where a change to one action is recorded, and the entry to add if it has none."""

    ref: str
    meeting: Meeting
    carried: Carried | None  # None when the action was closed before this meeting
    closed: str = ""  # "discharged on 26 July 2016"
    in_place: bool = False  # the action is raised in this meeting: change the action itself


def target(ws, ref: str, meeting: str | None = None, force: bool = False) -> Target:
    """The meeting to record `ref` into: the next draft of its series unless named."""
    book = ws.ledger()  # the cached ledger: only the fold without the draft is computed here
    entry = book.get(ref)
    if entry is None:
        near = nearest_refs(book, ref)
        raise RecordError(f"no action '{ref}'" + (f"; nearest: {', '.join(near)}" if near
                                                  else " (`actionlog outstanding` lists them)"))
    if meeting:
        draft = find_meeting(ws, meeting)
    elif not entry.held:  # raised in a draft: changed where it is raised, before it is held
        draft = find_meeting(ws, entry.meeting_id)
    else:
        draft = next_draft(ws, entry.series)
    check_editable(draft, force)
    if entry.meeting_id == draft.id and not draft.took_place:
        return Target(ref, draft, None, in_place=True)
    check_reviewable(entry, draft, ref)
    scope = ws.scope({entry.series, draft.series})
    state = scope.ledger(as_of=draft).get(ref)
    if state is None or state.status in CLOSED_STATUSES:
        when = f" on {long_date(state.closed_on)}" if state and state.closed_on else ""
        return Target(ref, draft, None, f"{state.status if state else 'closed'}{when}")
    return Target(ref, draft, carried_entry(state, draft.date, scope.by_id()))
