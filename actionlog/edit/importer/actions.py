"""Actions arising read from their words: the owner (written, in the grid's owner column,
or guessed from the paragraph before), the text, the due date, and done on the day; and the
small text helpers the readers share. Pure; `reader` is the notes reader (duck-typed)."""

from __future__ import annotations

import re
from typing import Any

from actionlog.core.model import NEXT_MEETING, Action
from actionlog.edit.importer import phrases
from actionlog.edit.importer.draft import Draft
from actionlog.edit.importer.lines import row_text

_DONE = re.compile(r"\s*[\u2013-]\s*(completed|complete|done)\.?\s*$", re.I)


def row_parts(cells: tuple[str, ...]) -> tuple[str, str, str]:
    """(number, text, owner) of a row of the item grid: the number in its first cell, the
    text the longest, the owner (or the grid's ACTION heading) in its last."""
    main = row_text(cells)
    at = cells.index(main)
    first = cells[0].strip()
    number = first if at > 0 and re.fullmatch(r"\d+[a-z]?(?:\.\d+)*\.?", first) else ""
    rest = [c for c in cells[at + 1:] if c.strip()]
    owner = rest[-1].strip() if rest else ""
    return number.rstrip("."), main, "" if owner.upper() == "ACTION" else owner


def build_action(reader: Any, text: str, owner: str | None) -> Action:
    """An action from its words: owner, text and due date (and done on the day)."""
    draft, meeting = reader.draft, reader.meeting
    text = sentence(text)
    status, note = "open", None
    done = _DONE.search(text)
    if done:
        text, status, note = text[:done.start()] + ".", "discharged", "Completed."
    owners, text = phrases.owner_and_text(text, reader.tokens)
    pending = getattr(reader, "pending_owner", None)
    if owner:
        owners = phrases.split_owners(owner)
    elif pending:
        owners = owners or phrases.split_owners(pending)
    reader.pending_owner = None
    due, phrase, why = phrases.due_in(text, meeting.date, meeting.next_date or _next_day(reader))
    if phrase:
        text = sentence(text.replace(phrase, "").replace(" .", "."))
    action = Action(number=0, owners=owners or ["ALL"], text=text, due=due, status=status,
                    note=note)
    if not owners:
        guessed = _owner_from_context(reader)
        if guessed:
            action.owners = [guessed[0]]
            draft.guess(action, f"no owner written: {guessed[0]} from '{guessed[1]}' above",
                        "owner")
        else:
            draft.guess(action, "no owner written: ALL until someone is named", "owner")
        reader.guessed_owner.add(id(action))
    if why:
        draft.guess(action, why, "due")
    elif due is None and status == "open":
        draft.guess(action, "the notes give no due date", "due")
    draft.count("actions")
    return action


def due_of_the_list(draft: Draft) -> None:
    """An open action written without a due date, in a list of actions arising whose every
    other action is due at the next meeting, is due then too: the notes gave the occasion
    once, as they report back on the list together ('AC/AB to determine a way forward ...',
    'AB to reassure JC ... at the next meeting'). A guess, said at the line; a list with
    two actions undated, or dated otherwise, is left as written."""
    for item, _parents in draft.meeting.walk_items():
        lists = [item.actions] + [r.actions for r in item.outstanding or ()]
        for actions_ in lists:
            if len(actions_) < 2:
                continue
            for action in actions_:
                others = [a for a in actions_ if a is not action]
                if action.due is None and action.status == "open" and all(
                        a.due == NEXT_MEETING for a in others):
                    action.due = NEXT_MEETING
                    draft.forget(action, "due")
                    draft.guess(action, "no due date written: the next meeting, as for every "
                                        "other action of this list", "due")


def _next_day(reader: Any):
    """The next meeting's date, read ahead (an action's 'July meeting' needs it)."""
    for block in reader.blocks[::-1]:
        if re.match(r"^\d+\.?\s+date\s+of\s+(?:the\s+)?next\s+meeting", block.text, re.I):
            break
    else:
        return None
    after = reader.blocks[reader.blocks.index(block) + 1:]
    for b in after:
        if not re.search(r"cancel", b.text, re.I):
            day, _ = phrases.day_in(b.text, reader.meeting.date)
            if day:
                return day
    return None


def _owner_from_context(reader: Any) -> tuple[str, str] | None:
    """The person or role doing something in the paragraph before an action without an
    owner ('The DCC confirmed that ...')."""
    texts = reader.matters.recent() if reader.matters else (
        [t for t in reader.target.discussion + reader.target.findings if isinstance(t, str)]
        if reader.target else [])
    pattern = phrases.owner_pattern([t for t in reader.tokens if t not in ("ALL", "All")])
    for text in reversed(texts[-2:]):
        found = re.search(rf"\b(?:the\s+)?({pattern})\s+(?:confirmed|said|stated|explained|"
                          rf"reported|agreed|undertook|offered)\b", text)
        if found:
            return found.group(1), found.group(0)
    return None


def sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if text and text[-1] not in ".?!":
        text += "."
    return text[:1].upper() + text[1:]


def document_title(text: str) -> str:
    text = re.sub(r"\s*[\u2013-]?\s*(?:meeting\s+)?(?:notes|minutes)\s*$", "", text, flags=re.I)
    text = re.sub(r"\s+" + phrases._MONTH + r"\s+\d{4}\s*$", "", text, flags=re.I)
    return text.strip(" -\u2013")
