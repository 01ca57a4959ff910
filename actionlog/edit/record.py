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
from actionlog.edit import roundtrip, splice
from actionlog.edit.splice import Edit, Spot, at_path
from actionlog.store import events, positions, yamlio
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
    meeting: Meeting | None = None  # the meeting as the file now holds it, when changed


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
# Each works on the round-trip document and on the plain data the fast reader gives alike,
# and finds the same things in both; the `_at` functions give their YAML paths.


def outstanding_at(doc: Any) -> tuple:
    for path, item in _items_at(doc):
        if "outstanding" in item:
            return path
    raise RecordError("the meeting has no Outstanding Matters item (an item with "
                      "'outstanding:'); add one, then try again")


def outstanding_item(doc: Any) -> Any:
    return at_path(doc, outstanding_at(doc))


def review_at(doc: Any, ref: str) -> tuple | None:
    for path, item in _items_at(doc):
        for index, review in enumerate(item.get("outstanding") or ()):
            if isinstance(review, dict) and str(review.get("action", "")) == ref:
                return (*path, "outstanding", index)
    return None


def find_review(doc: Any, ref: str) -> Any:
    path = review_at(doc, ref)
    return None if path is None else at_path(doc, path)


def item_at(doc: Any, number: str) -> tuple:
    found = [p for p, i in _items_at(doc) if str(i.get("number", "")) == number]
    if not found:
        numbers = [str(i["number"]) for i in _items(doc) if i.get("number") is not None]
        raise RecordError(f"no item numbered '{number}' in this meeting "
                          f"(its items: {', '.join(numbers) or 'none numbered'})")
    return found[0]


def find_item(doc: Any, number: str) -> Any:
    return at_path(doc, item_at(doc, number))


def next_action_id(doc: Any) -> int:
    ids = [a.get("id") for _p, a in _actions_at(doc)]
    return max((i for i in ids if isinstance(i, int) and not isinstance(i, bool)),
               default=0) + 1


def _entries(value: Any):
    return enumerate(value or ())


def _items_at(doc: Any):
    """Every item (nested ones after their parent), with its path."""
    stack = [(("items", i), item) for i, item in reversed(list(_entries(doc.get("items"))))] \
        if isinstance(doc, dict) else []
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            yield path, item
            stack.extend(((*path, "items", i), sub)
                         for i, sub in reversed(list(_entries(item.get("items")))))


def _items(doc: Any):
    return (item for _path, item in _items_at(doc))


def _actions_at(doc: Any):
    for path, item in _items_at(doc):
        for i, entry in _entries(item.get("discussion")):
            # an action in its place, or a commitment in prose (whose text is the sentence)
            if isinstance(entry, dict) and isinstance(entry.get("action"), dict):
                yield (*path, "discussion", i, "action"), entry["action"]
        for i, action in _entries(item.get("actions")):
            if isinstance(action, dict):
                yield (*path, "actions", i), action
        for i, review in _entries(item.get("outstanding")):
            if isinstance(review, dict):
                if "id" in review and "action" not in review:
                    # brought forward: numbered among the meeting's actions
                    yield (*path, "outstanding", i), review
                for j, action in _entries(review.get("actions")):
                    if isinstance(action, dict):
                        yield (*path, "outstanding", i, "actions", j), action


# ---------------------------------------------------------------- the edits


def review_change(where: Target, change: Callable[[Any], dict]) -> Edit:
    """An edit of the entry for the target's action: `change(entry or None)` gives the
    fields to set. Without an entry, one is added (as `carry` would) with those fields."""
    ref, carried = where.ref, where.carried
    if where.in_place:
        return _action_change(ref, change)

    def add(item: Any) -> None:
        data = {**carried.data, **change(None)}
        data = {k: data[k] for k in sorted(data, key=_review_rank)}
        roundtrip.append_item(item, "outstanding", data, carried.comment)

    def edit(review: Any) -> None:
        for key, value in change(review).items():
            if key in review:
                roundtrip.set_value(review, key, value)
            else:
                roundtrip.insert_value(review, key, value, REVIEW_ORDER)

    def find(doc: Any) -> Spot:
        path = review_at(doc, ref)
        if path is not None:
            return Spot(path, edit)
        if carried is None:
            raise RecordError(f"{ref} was {where.closed} and {where.meeting.path} does "
                              f"not review it; nothing to record (`actionlog show "
                              f"{ref}` tells its story)")
        return Spot(outstanding_at(doc), add, append="outstanding")
    return Edit(find)


# a review's field, and the field of an action (in the meeting raising it) that holds the same
AS_ACTION = {"update": "note", "status": "status", "due": "due", "owner": "owner"}


def _action_change(ref: str, change: Callable[[Any], dict]) -> Edit:
    """An edit of the action `ref` in the meeting that raises it (a draft): what a review
    would record goes into the action itself (an update into its note)."""
    number = Ref.parse(ref).number

    def edit(action: Any) -> None:
        brought = "action" not in action and "raised" in action  # its fields are a review's
        view = action if brought else {"update": action.get("note")}
        for key, value in change(view).items():
            field = key if brought else AS_ACTION[key]
            if field in action:
                roundtrip.set_value(action, field, value)
            else:
                roundtrip.insert_value(action, field, value,
                                       REVIEW_ORDER if brought else ACTION_ORDER)

    def find(doc: Any) -> Spot:
        path = next((p for p, a in _actions_at(doc) if a.get("id") == number), None)
        if path is None:
            raise RecordError(f"{ref} is not in its meeting's file any more")
        return Spot(path, edit)
    return Edit(find)


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

    def find(self, doc: Any) -> Spot:
        path = item_at(doc, self.number)
        action: dict = {"id": next_action_id(doc), "owner": self.owner,
                        "text": " ".join(self.text.split())}
        if self.due is not None:
            action["due"] = self.due
        self.added = action["id"]
        if "actions" in at_path(doc, path):
            return Spot(path, lambda item: roundtrip.append_item(item, "actions", action),
                        append="actions")
        return Spot(path, lambda item: roundtrip.insert_value(item, "actions", [action],
                                                              ITEM_ORDER))

    def __call__(self, doc: Any) -> None:
        Edit(self.find)(doc)


def carry_entries(entries: list[Carried]) -> Edit:
    """Add the entries the Outstanding Matters item lacks; never touch the ones it has."""
    def find(doc: Any) -> Spot:
        path = outstanding_at(doc)
        present = {str(r.get("action")) for r in at_path(doc, path).get("outstanding") or ()
                   if isinstance(r, dict) and r.get("action")}
        wanted = []
        for c in entries:
            if c.ref not in present:
                wanted.append(c)
                present.add(c.ref)

        def add(item: Any) -> None:
            for c in wanted:
                roundtrip.append_item(item, "outstanding", c.data, c.comment)
        return Spot(path, add, append="outstanding",
                    appended=[(c.data, c.comment) for c in wanted])
    return Edit(find)


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
    marks: dict = {}
    data, problems = events.parse(text, meeting.path, marks)
    if problems:
        return Outcome(meeting.path, problems=problems, lines=text.splitlines(), already=True)
    new, read = _spliced(text, marks, data, edit, meeting.path)
    if new is None:
        doc = roundtrip.load_for_edit(text)
        base = roundtrip.dump_house(doc)  # as the round trip writes it unedited: kept as it was?
        edit(doc)
        new = roundtrip.edited_text(text, doc, base)
        if new is None:
            raise RecordError(f"{meeting.path} is laid out in a way this change cannot keep "
                              f"line for line; nothing was written (make the change by hand)")
        read = None
    if new == text:
        return Outcome(meeting.path)
    found, edited = _checked(ws, meeting.path, new, False, read)
    if found:
        already = bool(check_text(ws, meeting.path, text, data=data))
        return Outcome(meeting.path, problems=found, lines=new.splitlines(), already=already)
    files.write_atomic(path, new)
    return Outcome(meeting.path, changed=True, meeting=edited)


def _spliced(text: str, marks: dict, data: Any, edit: Callable[[Any], None],
             relpath: str) -> tuple[str | None, Any]:
    """The text after the edit, spliced (each of Steps' edits in turn), and its data as read
    again; (None, None) when a step cannot be spliced or does not read as the edit means:
    the caller then edits the whole file."""
    steps = edit.edits if isinstance(edit, Steps) else [edit]
    if len(steps) > SPLICED_STEPS:
        return None, None
    for step in steps:
        cut = splice.spliced(text, marks, data, step)
        if cut is None:
            return None, None
        if cut.text != text:
            marks = {}
            read, problems = _read_edited(cut.text, relpath, marks)
            if problems or read != cut.expected:
                return None, None
            text, data = cut.text, read
    return text, data


# each spliced step reads the file again (0.1 s a megabyte), the whole file's round trip
# reads and writes it once (8 s a megabyte): beyond this many steps, that is the quicker
SPLICED_STEPS = 50


class Steps:
    """Edits made one after another in one file (`cancel --move-to`'s records)."""

    def __init__(self, edits: list[Callable[[Any], None]]) -> None:
        self.edits = edits

    def __call__(self, doc: Any) -> None:
        for edit in self.edits:
            edit(doc)


def _read_edited(text: str, relpath: str,
                 marks: dict | None = None) -> tuple[Any, list[Problem]]:
    size = len(text.encode("utf-8"))
    if size > yamlio.MAX_FILE_BYTES:
        return None, [yamlio.too_large(size, relpath)]
    return events.parse(text, relpath, marks)


def meeting_in(relpath: str, text: str) -> Meeting | None:
    """The meeting a file the tool has just written holds (None if it cannot be read)."""
    data, problems = _read_edited(text, relpath)
    return None if problems else to_meeting(data, relpath)[0]


def check_text(ws: Workspace, relpath: str, text: str, warnings: bool = False,
               data: Any = None) -> list[Problem]:
    """The errors (and warnings, if asked) `actionlog validate` would report in `relpath`
    if it held `text` (`data`: the text as read already, if the caller has it)."""
    return _checked(ws, relpath, text, warnings, data)[0]


def _checked(ws: Workspace, relpath: str, text: str, warnings: bool,
             data: Any) -> tuple[list[Problem], Meeting | None]:
    """check_text's problems, and the meeting `text` holds (None if it cannot be read)."""
    problems: list[Problem] = []
    meeting = None
    if data is None:
        data, problems = _read_edited(text, relpath)
    if not problems:
        meeting, problems = to_meeting(data, relpath)
        if meeting is not None:
            problems = ws.trial(meeting).check()
    found = [p for p in problems if p.path == relpath and (warnings or p.severity == ERROR)]
    return sorted(positions.located(found, text)), meeting


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
