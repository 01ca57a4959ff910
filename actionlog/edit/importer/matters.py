"""The Outstanding Matters item read into entries: each reviews one earlier action (its
topic, its text as the notes repeat it, the update, its status) and may raise actions of
its own. Which action an entry reviews is decided later (linking.py). Pure."""

from __future__ import annotations

import re
from typing import Any

from actionlog.core.model import Item, Review
from actionlog.edit.importer import phrases
from actionlog.edit.importer.lines import BULLET, LABEL, NUMBERED, Block, caps, row_text

_RAISED = re.compile(r"^(?:(\d+(?:\.\d+)*)\s*[-\u2013]\s*)?actions?\s+(?:arising\s+)?from\s+"
                     r"(?:the\s+)?(.+?)\s+meeting\s*:?$", re.I)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?" + phrases._MONTH + r"(?:'s)?(?:\s+(\d{4}))?\s+"
                   r"meeting", re.I)
_MARK = re.compile(r"\s*\((discharged|closed|complete[d]?)([^)]*)\)\.?", re.I)
_TAIL = re.compile(r"\s+[-\u2013]\s+((?:deferred|carried)\s+to\s+\w+)\.?\s*$", re.I)
_DONE_WORDS = re.compile(r"\b(discharged|completed?|arranged|provided|done|delivered|"
                         r"circulated|in place|closed)\b", re.I)
_ITEMS_DISCHARGED = re.compile(r"\bitems?\s+([\d.]+(?:\s*(?:,|and)\s*[\d.]+)*)\s+(?:were|was|"
                               r"are|is|had been|have been)\s+discharged", re.I)


class Matters:
    def __init__(self, reader: Any, item: Item, note: str) -> None:
        self.reader = reader
        self.item = item
        item.outstanding = []
        self.topic: str | None = None
        self.raised: str | None = None
        self.when: tuple[int, int] | None = None
        self.number: str | None = None
        self.entry: Review | None = None
        self.mode = ""
        self.bullet_entry = False
        self.numbers: dict[str, Review] = {}
        self.texts: list[str] = []
        self._from(note)

    def _from(self, text: str) -> None:
        found = _FROM.search(text) or re.search(phrases._MONTH + r"(?:'s)?(?:\s+(\d{4}))?",
                                                text, re.I)
        if not found:
            return
        month = phrases.month_number(found.group(1))
        held = self.reader.meeting.date
        year = int(found.group(2)) if found.group(2) else held.year - (month >= held.month)
        self.when = (year, month)
        self.raised = f"{found.group(1).capitalize()} {year} meeting"

    def recent(self) -> list[str]:
        return self.texts

    # ------------------------------------------------------------ one block

    def block(self, block: Block) -> None:
        text = block.text
        if block.cells:
            text = row_text(block.cells)
        raised = _RAISED.match(text)
        if raised:
            self.number = raised.group(1)
            self._from(raised.group(2) + " meeting")
            if self.raised and self.number:
                self.raised = f"{self.raised} ({self.number})"
            self.topic, self.entry, self.mode = None, None, ""
            return
        label = LABEL.match(text)
        if label:
            name = label.group(1).lower()
            self.mode = "update" if name == "update" else "actions" if "arising" in name \
                else self.mode
            text = text[label.end():].strip()
            if not text:
                return
        self.texts.append(text)
        if self._is_topic(text):
            self.topic = phrases.heading_case(text.rstrip(":- ").strip(), self.reader.vocabulary)
            self.entry, self.mode, self.bullet_entry = None, "", False
            return
        bulleted = bool(BULLET.match(text))
        numbered = bool(re.match(r"^\d+[.)]\s", text))
        body = BULLET.sub("", text).strip()
        if numbered:
            return self._new_entry(body, False)
        if self.mode == "actions" and self.entry is not None:
            if self.reader._owner_line(body):
                return self.reader._owner_for_last(body)
            self._marks(body)
            self.reader._action(_MARK.sub("", body), self.item, into=self.entry.actions)
            return
        if self.entry is None or (bulleted and self.bullet_entry):
            return self._new_entry(body, bulleted and not numbered)
        if bulleted and self.entry.update:
            self.item.discussion.append(_sentence(body))
            return
        self._update(body)

    def _is_topic(self, text: str) -> bool:
        if BULLET.match(text) or NUMBERED.match(text) or self.reader._owner_line(text):
            return False
        bare = text.rstrip(":- ").strip()
        words = bare.split()
        return 1 <= len(words) <= 10 and (text.rstrip().endswith(":-") or caps(bare) or (
            bare[0].isupper() and not bare.endswith((".", "?", ";", ","))
            and len(words) >= 2 and self.mode != "update"))

    def _new_entry(self, text: str, bulleted: bool) -> None:
        found = _MARK.search(text)
        if found:
            text = (text[:found.start()] + text[found.end():]).strip()
        update = None
        if bulleted:
            parts = re.split(r"\s+[\u2013]\s+|\s+-\s+", text, maxsplit=1)
            if len(parts) == 2:
                text, update = parts[0], _sentence(parts[1])
        tail = _TAIL.search(text)
        if tail:
            text, update = text[:tail.start()], _sentence(tail.group(1))
        entry = Review(ref=None, text=_sentence(text), update=update, topic=self.topic,
                       raised=self.raised)
        assert self.item.outstanding is not None
        self.item.outstanding.append(entry)
        if self.when:
            self.reader.draft.raised_in[id(entry)] = self.when
        if self.number:
            self.numbers[self.number] = entry
        self.entry, self.mode, self.bullet_entry = entry, "", bulleted
        if found:
            self._discharge(entry, found)
        self._owner(entry)

    def _owner(self, entry: Review) -> None:
        """The owner an entry's text names in prose ('the ACC for local policing is to
        attend'), where it is someone at this meeting: the owner of the action if it is
        brought forward (a guess, said at the line). Where several hold the role, the one
        whose capacity has the words that qualify it."""
        named = phrases.owner_named(entry.text or "", self.reader.tokens)
        if not named:
            return
        owners, said = named
        people = self.reader.meeting.people()
        found = []
        for owner in owners:
            holders = [p for p in people if owner.casefold() in
                       (p.id.casefold(), (p.role or "").casefold(), p.name.casefold())]
            words = set(re.findall(r"[a-z]+", said.lower())) - {
                "the", "for", "of", "is", "to", "will", "are", *owner.lower().split()}
            fitting = [p for p in holders if words and words <= set(
                re.findall(r"[a-z]+", (p.capacity or "").lower()))]
            if len(fitting) == 1 and len(holders) > 1:
                owner = fitting[0].id
            elif not holders:
                return
            found.append(owner)
        entry.owners = found
        self.reader.draft.guess(entry, f"owner {'/'.join(found)}, as its text names: "
                                       f"'{said}'", "owner")

    def _update(self, text: str) -> None:
        assert self.entry is not None
        text = _sentence(self._marks(text))
        self.entry.update = f"{self.entry.update} {text}" if self.entry.update else text
        for found in _ITEMS_DISCHARGED.finditer(text):
            for number in re.split(r"\s*(?:,|and)\s*", found.group(1)):
                entry = self.numbers.get(number.strip())
                if entry is not None:
                    entry.status = "discharged"
                    self.reader.draft.guess(entry, f"discharged: '{found.group(0)}'", "status")

    def _marks(self, text: str) -> str:
        """'(Discharged)' in an entry closes the action it reviews (an action arising
        from the entry is new, so open)."""
        found = _MARK.search(text)
        if not found or self.entry is None:
            return text
        self._discharge(self.entry, found)
        return (text[:found.start()] + text[found.end():]).strip()

    def _discharge(self, entry: Review, found: re.Match) -> None:
        entry.status = "discharged"
        extra = found.group(2).strip()
        if extra:
            said = _sentence(f"{found.group(1).capitalize()} {extra}")
            entry.update = f"{said} {entry.update}" if entry.update else said

    # ------------------------------------------------------------ at the end

    def close(self) -> None:
        """Statuses: marked in the notes, or read from the update's words (a guess)."""
        for entry in self.item.outstanding or ():
            if entry.status == "discharged":
                continue
            if entry.actions:
                entry.status = "discharged"
                self.reader.draft.guess(entry, "discharged: the matter was replaced by the "
                                               "action arising from it", "status")
                continue
            said = _DONE_WORDS.search(entry.update or "")
            if said:
                entry.status = "discharged"
                self.reader.draft.guess(entry, f"discharged: the update says "
                                               f"'{said.group(0)}'", "status")
            else:
                self.reader.draft.guess(entry, "the notes give no status: left open",
                                        "status")
        self.reader.draft.count("entries", len(self.item.outstanding or ()))


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if text and text[-1] not in ".?!":
        text += "."
    return text[:1].upper() + text[1:]
