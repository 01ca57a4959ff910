"""Notes in the house style read into a meeting: the header, attendance, numbered items and
their sub-headings, questions, findings, discussion and assurance, actions arising,
deferrals and the next meeting. The Outstanding Matters item is read by matters.py. Pure:
blocks in, a Draft out; whatever is uncertain is a guess on the record it concerns."""

from __future__ import annotations

import re
from datetime import date

from actionlog.core.model import Action, Item, Meeting, Placed
from actionlog.edit.importer import actions, matters, people, phrases
from actionlog.edit.importer.draft import Context, Draft
from actionlog.edit.importer.lines import BULLET, LABEL, Block, caps

HEADER = re.compile(r"^(date|chair|minutes|venue|time|location)\b\s*:?\s*(.*)$", re.I)
TOP = re.compile(r"^(\d{1,2})\s*([a-z])?[.)]?(?:\s+|$)(.*)$")
_TRAILING_NOTE = re.compile(r"\s*\(([^)]*)\)\s*$")
_NONE = re.compile(r"^(?:there\s+were\s+none|none|nil|no\s+actions?)\b\.?", re.I)
_DEFERRAL = re.compile(r"\b(?:was|were|is|be)\s+deferred\b|\bnot\s+covered\b|"
                       r"\bdeferred\s+(?:until|to)\b", re.I)
_DEFERRED_FROM = re.compile(r"deferred\s+from\s+(?:the\s+)?" + phrases._MONTH, re.I)
_ACTION_MARK = re.compile(r"^(?:ACTION|Action)\s*[:\-\u2013]\s*(.+)$")
_INLINE = re.compile(r"^(.*\S)\s*[(\[]?\bACTION\s*[:\-\u2013]\s*([^()\[\]]+?)[)\]]?\.?$")
_COMMITMENT = r"\s+(?:agreed|undertook|is|was|will|would)\s+to\s+(?!be\b)\w+"


def title_and_note(text: str, vocabulary: dict) -> tuple[str, str | None]:
    """'OUTSTANDING MATTERS - actions arising from June's meeting:' -> ('Outstanding
    matters', "Actions arising from June's meeting.")."""
    text = text.strip().rstrip(":-").strip()
    found = re.match(r"^(.*?[A-Z]{3}[^a-z]*?)\s+[-\u2013]\s+([a-z].*)$", text)
    if found:
        note = found.group(2).strip().rstrip(":")
        return phrases.heading_case(found.group(1), vocabulary), note[0].upper() + note[1:] + "."
    return phrases.heading_case(text.rstrip(":").strip(), vocabulary), None


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class Reader:
    def __init__(self, blocks: list[Block], context: Context, source: str) -> None:
        self.blocks = blocks
        self.ctx = context
        self.draft = Draft(Meeting(id="", path="", title=context.title or "Meeting",
                                   series=context.series, date=date(1900, 1, 1),
                                   status="approved"), source)
        self.vocabulary = phrases.vocabulary([b.text for b in blocks])
        self.tokens: list[str] = []
        self.top: Item | None = None
        self.sub: Item | None = None  # a lettered item (4a)
        self.leaf: Item | None = None  # an unnumbered sub-heading
        self.mode = ""
        self.listed = False  # a bulleted list has been seen in this mode
        self.next_section = False
        self.matters: matters.Matters | None = None
        self.last_action: Action | None = None
        self.pending_owner: str | None = None
        self.guessed_owner: set[int] = set()  # actions whose owner was not written
        self.at = 0  # the index of the block being read

    @property
    def meeting(self) -> Meeting:
        return self.draft.meeting

    @property
    def target(self) -> Item | None:
        return self.leaf or self.sub or self.top

    # ------------------------------------------------------------ the whole document

    def read(self) -> Draft:
        first = next((i for i, b in enumerate(self.blocks) if self._top_number(b) == 1), None)
        if first is None:
            self.draft.counts["no-items"] = 1
            first = len(self.blocks)
        start = next((i for i, b in enumerate(self.blocks[:first])
                      if re.match(r"^(?:name\b|attendance|present\b)", b.text, re.I)
                      or (b.cells and people.split_row(b.cells)[0])), first)
        self._header(self.blocks[:start])
        attendance = people.parse(self.blocks[start:first], self.ctx.known)
        self.meeting.attendees, self.meeting.apologies = attendance.attendees, \
            attendance.apologies
        for person, why in attendance.guesses:
            self.draft.guess(person, why)
        self.tokens = self._owner_tokens()
        for self.at, block in enumerate(self.blocks[first:], first):
            self._block(block)
        self._close_top()
        self._missing_numbers()
        chair = self.meeting.chair
        same = [p for p in self.meeting.people() if chair and p.name.casefold() == chair.casefold()]
        if same:
            self.meeting.chair = same[0].id
        return self.draft

    def _header(self, blocks: list[Block]) -> None:
        for block in blocks:
            found = HEADER.match(block.text)
            if not found:
                if self.meeting.title in ("Meeting", self.ctx.title) and not block.cells \
                        and not hasattr(self, "_titled"):
                    self._titled = True
                    self.meeting.title = actions.document_title(block.text) or self.meeting.title
                continue
            field, value = found.group(1).lower(), found.group(2).strip()
            if field == "date":
                day, _ = phrases.day_in(value)
                if day:
                    self.meeting.date = day
                    self.draft.counts["dated"] = 1
                self.meeting.time = phrases.time_in(value) or self.meeting.time
            elif field == "chair":
                self.meeting.chair = value or None
            elif field == "minutes":
                self.meeting.minutes = value or None
            elif field in ("venue", "location"):
                self.meeting.time = phrases.time_in(value) or self.meeting.time
                venue = re.sub(r"\s*(?:@|\bat\b)\s*\d{1,2}[.:]\d{2}.*$", "", value).strip()
                self.meeting.venue = re.sub(r"\s+[\u2013-]\s+", ", ", venue) or None
            elif field == "time":
                self.meeting.time = phrases.time_in("@" + value) or self.meeting.time
        if self.meeting.time is None and self.ctx.time:
            self.meeting.time = self.ctx.time
            self.draft.guess(self.meeting, "the notes give no time: the series' usual time",
                             "time")

    def _owner_tokens(self) -> list[str]:
        out = {"ALL", "All", *people.ROLES, "CEO", "Chief", "PCC", "CC"}
        for p in self.meeting.people():
            out |= {p.id, p.name}
            if p.role:
                out.add(p.role)
        return sorted(out)

    # ------------------------------------------------------------ one block

    def _top_number(self, block: Block) -> int | None:
        number, letter, title = self._numbered(block)
        if number is None or letter or not title:
            return None
        return number

    def _numbered(self, block: Block) -> tuple[int | None, str, str]:
        if block.cells:
            number, main, _owner = actions.row_parts(block.cells)
            found = TOP.match(f"{number} {main}") if number else TOP.match(main)
        else:
            found = TOP.match(block.text)
        if not found or not found.group(3) or re.match(r"^\d", found.group(3)):
            return None, "", ""
        title = found.group(3).strip()
        return int(found.group(1)), (found.group(2) or "").lower(), title

    def _is_heading_title(self, number: str, title: str) -> bool:
        standing = self.ctx.agenda.get(number)
        if standing and _norm(title).startswith(_norm(standing)[:20]):
            return True
        bare = _TRAILING_NOTE.sub("", title)
        return caps(bare.split(" - ")[0]) or (len(title.split()) <= 10
                                               and not title.rstrip().endswith((".", "?", ";")))

    def _block(self, block: Block) -> None:
        if self._duplicate(block):
            return
        number, letter, title = self._numbered(block)
        last = int(self.top.number) if self.top and self.top.number else 0
        if number is not None and not letter and self._is_heading_title(str(number), title) \
                and (number == last + 1 or number == last + 2 and caps(title)
                     or number > last and re.match(r"date\s+of\s+(the\s+)?next", title, re.I)):
            return self._open_top(str(number), title)
        if number is not None and letter and self.top and number == last:
            return self._open_sub(f"{number}{letter}", title)
        if self.next_section:
            return self._next_meeting(block)
        if self.matters is not None:
            return self.matters.block(block)
        text = block.text
        if block.cells:
            _number, text, owner = actions.row_parts(block.cells)
            if owner and self._owner_line(owner):
                self.pending_owner = owner
        if self._standing_sub(text):
            return
        if _DEFERRAL.search(text) and self.target is not None and self.mode != "actions":
            self.target.outcome, self.target.note = "deferred", actions.sentence(text)
            return
        if self._sub_heading(text):
            return
        self._content(text, block)

    def _duplicate(self, block: Block) -> bool:
        words = block.text.lower().split()
        grams = {" ".join(words[i:i + 6]) for i in range(max(0, len(words) - 5))}
        seen = getattr(self, "_grams", set())
        self._grams = seen
        if len(words) > 40 and grams and len(grams & seen) >= 0.6 * len(grams):
            self.draft.dropped.append(f"{block.where}: a passage repeating text above "
                                      f"({' '.join(words[:8])} …)")
            self.draft.count("dropped")
            return True
        seen |= grams
        return False

    def _owner_line(self, text: str) -> bool:
        return bool(self.tokens) and bool(
            re.fullmatch(phrases.owner_pattern(self.tokens), text.strip()))

    # ------------------------------------------------------------ items

    def _close_top(self) -> None:
        if self.matters is not None:
            self.matters.close()
            self.matters = None

    def _open_top(self, number: str, written: str) -> None:
        self._close_top()
        self.sub = self.leaf = None
        self.mode, self.listed = "", False
        title, note = title_and_note(written, self.vocabulary)
        if re.match(r"^date\s+of\s+(?:the\s+)?next\s+meeting", title, re.I):
            self.next_section = True
            self.top = Item(number=number, title=title)  # not kept: it is next_meeting
            rest = re.sub(r"^date\s+of\s+(?:the\s+)?next\s+meeting\s*:?", "", written, flags=re.I)
            if rest.strip():
                self._next_meeting(Block(rest))
            return
        self.next_section = False
        self.top = Item(number=number, title=self._standing_title(number, title), note=note)
        self.meeting.items.append(self.top)
        if re.search(r"outstanding|brought forward|matters arising", title, re.I):
            self.matters = matters.Matters(self, self.top, note or "")

    def _standing_title(self, number: str, title: str) -> str:
        standing = self.ctx.agenda.get(number)
        return standing if standing and _norm(standing) == _norm(title) else title

    def _open_sub(self, number: str, written: str, guessed: bool = False) -> None:
        self._close_top()
        title, note = title_and_note(written, self.vocabulary)
        self.sub = Item(number=number, title=self._standing_title(number, title), note=note)
        self.leaf = None
        self.mode, self.listed = "", False
        assert self.top is not None
        self.top.items.append(self.sub)
        if guessed:
            self.draft.guess(self.sub, f"the notes give this heading no number; {number} as "
                                       f"in the series' standing agenda", "number")

    def _standing_sub(self, text: str) -> bool:
        """An unnumbered heading that is the next lettered item of the standing agenda (the
        number lost in extraction); a run-on paragraph after it is kept as its text."""
        if not self.top or not self.top.number or not self.sub:
            return False
        letter = chr(ord(self.sub.number[-1]) + 1) if self.sub.number else "a"
        number = f"{self.top.number}{letter}"
        standing = self.ctx.agenda.get(number)
        if not standing or not caps(text.split(" ")[0] + " " + " ".join(text.split()[1:3])):
            return False
        words = text.split(" ")
        cut = next((i for i, w in enumerate(words) if sum(c.islower() for c in w) > 0
                    and i > 0 and not re.fullmatch(r"\(?[A-Z]+\)?", w)), len(words))
        head, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if re.search(r"[a-z]", head) or _norm(head)[:25] != _norm(standing)[:25]:
            return False
        if cut < len(words) and rest and rest[0].isupper() and words[cut - 1].isupper() \
                and len(words[cut - 1]) == 1:
            head, rest = " ".join(words[:cut - 1]), " ".join(words[cut - 1:])
        self._open_sub(number, head, guessed=True)
        if rest:
            self._content(rest, Block(rest))
        return True

    def _sub_heading(self, text: str) -> bool:
        if self.top is None or BULLET.match(text) or LABEL.match(text) or _NONE.match(text):
            return False
        bare = _TRAILING_NOTE.sub("", text).rstrip(":-* ").strip()
        words = bare.split()
        if not words or len(words) > 12 or self._owner_line(bare):
            return False
        heading = caps(bare) or (len(words) >= 2 and bare[0].isupper()
                                 and not text.rstrip().endswith((".", "?", ";", ","))
                                 and self.mode not in ("actions", "questions")
                                 and not re.search(r"\d{4}$", bare))
        if not heading:
            return False
        parent = self.sub or self.top
        title = phrases.heading_case(bare, self.vocabulary)
        if self._heading_within(bare):
            assert self.leaf is not None
            self.leaf.discussion.append(Placed(heading=title))
            self.mode, self.listed = "discussion", False
            return True
        self.leaf = Item(number=None, title=title)
        parent.items.append(self.leaf)
        self.mode, self.listed = "", False
        trailing = _TRAILING_NOTE.search(text.rstrip(":-* "))
        if trailing:
            found = _DEFERRED_FROM.search(trailing.group(1))
            if found:
                month = phrases.month_number(found.group(1))
                year = self.meeting.date.year - (1 if month > self.meeting.date.month else 0)
                self.draft.deferred_in[id(self.leaf)] = (year, month)
            else:
                self.leaf.title = f"{title} ({trailing.group(1)})"
        return True

    def _heading_within(self, bare: str) -> bool:
        """A sub-heading inside an unnumbered sub-item, not a sub-item of its own: one in
        sentence case met after the sub-item's findings or discussion have begun, that
        does not go on, within the next two paragraphs, to a part of its own (a question,
        'Findings:', 'Actions arising'). The August 2017 notes' 'Total recorded crime',
        'Burglary dwelling' ... under 'Building a more secure West Mercia – Telford'; the
        July 2016 notes' 'SEXUAL OFFENCES' (in capitals, with its question and findings)
        is a sub-item."""
        leaf = self.leaf
        if leaf is None or caps(bare) or not (leaf.findings or leaf.discussion):
            return False
        for block in self.blocks[self.at + 1:self.at + 3]:
            label = LABEL.match(block.text)
            if "?" in block.text or label and (
                    label.group(1).lower() in ("findings", "questions", "question",
                                               "assurance", "in summary")
                    or "arising" in label.group(1).lower()):
                return False
        return True

    def _missing_numbers(self) -> None:
        """A numbered item of the standing agenda missing between two the notes have (its
        heading lost in extraction) is named, empty, so the numbering stays whole."""
        have = {i.number for i in self.meeting.items}
        numbers = [int(n) for n in have if n and n.isdigit()]
        last = self.top.number if self.top and self.next_section else None
        top = max(numbers + ([int(last)] if last and last.isdigit() else []), default=0)
        for n in range(1, top):
            if str(n) not in have and str(n) in self.ctx.agenda:
                item = Item(number=str(n), title=self.ctx.agenda[str(n)])
                self.meeting.items.insert(n - 1, item)
                self.draft.guess(item, f"the notes have no heading for item {n}: its title "
                                       f"from the series' standing agenda; its text may be "
                                       f"under the item before")

    # ------------------------------------------------------------ what an item holds

    def _content(self, text: str, block: Block) -> None:
        target = self.target
        if target is None:
            return
        label = LABEL.match(text)
        if label:
            name = label.group(1).lower()
            self.mode = {"findings": "findings", "in summary": "assurance",
                         "questions": "questions", "question": "questions",
                         "discussion": "discussion", "assurance": "assurance",
                         "update": "discussion"}.get(name, "actions" if "arising" in name
                                                     else self.mode)
            self.listed = False
            if self.mode == "findings" and not target.questions and target.discussion \
                    and not target.findings and all(isinstance(d, str) for d in
                                                    target.discussion):
                # what came before "Findings:" is the question put in advance
                target.questions, target.discussion = target.discussion, []
            text = text[label.end():].strip()
            if not text:
                return
        mark = _ACTION_MARK.match(text) or _INLINE.match(text)
        if mark:
            return self._action(text if mark.re is _ACTION_MARK else mark.group(1), target,
                                marked=mark.group(1) if mark.re is _ACTION_MARK else None,
                                owner=mark.group(2) if mark.re is _INLINE else None)
        bulleted = bool(BULLET.match(text))
        text = BULLET.sub("", text).strip()
        if self.mode == "actions":
            if _NONE.match(text):
                self.mode = "actions-done"
                return
            if self._owner_line(text) and self.last_action is not None:
                self._owner_for_last(text)
                return
            if _DEFERRAL.search(text):
                target.outcome, target.note = "deferred", actions.sentence(text)
                return
            return self._action(text, target)
        if self._owner_line(text):
            if self.last_action is not None:
                self._owner_for_last(text)
            else:
                self.draft.dropped.append(f"{block.where}: '{text}' alone on a line")
                self.draft.count("dropped")
            return
        if _DEFERRAL.search(text) and not target.findings:
            target.outcome, target.note = "deferred", actions.sentence(text)
            return
        self._note(target, text, bulleted)

    def _note(self, target: Item, text: str, bulleted: bool) -> None:
        mode = self.mode
        if mode in ("findings", "assurance") and self.listed and not bulleted:
            mode = self.mode = "discussion"
        if bulleted:
            self.listed = True
        text = actions.sentence(text)
        if mode == "findings":
            target.findings.append(text)
        elif mode == "assurance":
            target.assurance = f"{target.assurance} {text}" if target.assurance else text
        elif mode == "questions" or ("?" in text and not target.findings and mode == ""):
            target.questions.append(text)
        else:
            target.discussion.append(text)
            self._commitment(target, text)

    def _commitment(self, target: Item, text: str) -> None:
        if not self.tokens:
            return
        found = re.search(rf"\b(?:the\s+)?({phrases.owner_pattern(self.tokens)})"
                          rf"{_COMMITMENT}", text)
        if found:
            self.draft.guess(target, f"'{found.group(0)}' reads like a commitment but has "
                                     f"no ACTION mark: not made an action",
                             f"discussion:{len(target.discussion) - 1}")

    # ------------------------------------------------------------ actions

    def _action(self, text: str, target: Item, marked: str | None = None,
                owner: str | None = None, into: list | None = None) -> Action:
        action = actions.build_action(self, text, owner)
        (target.actions if into is None else into).append(action)
        self.last_action = action
        return action

    def _owner_for_last(self, text: str) -> None:
        action = self.last_action
        assert action is not None
        written = phrases.split_owners(text)
        if not action.owners or id(action) in self.guessed_owner:
            action.owners = written
            self.draft.forget(action, "owner")
        elif [o.casefold() for o in action.owners] != [o.casefold() for o in written]:
            self.draft.guess(action, f"the owner column says {text}", "owner")

    # ------------------------------------------------------------ the next meeting

    def _next_meeting(self, block: Block) -> None:
        text = block.text
        day, _ = phrases.day_in(text, self.meeting.date)
        if day is None:
            return
        if re.search(r"cancel", text, re.I):
            self.draft.cancelled.append(day)
            return
        if self.meeting.next_date is None:
            self.meeting.next_date = day
            self.meeting.next_time = phrases.time_in(text.replace(" on ", " @ ", 0)) \
                if re.search(r"\d[.:]\d\d", text) else None
            if self.draft.cancelled:
                self.meeting.next_note = " ".join(
                    f"The meeting of {d.day} {d:%B %Y} was cancelled." for d in
                    self.draft.cancelled)


def read(blocks: list[Block], context: Context, source: str = "") -> Draft:
    draft = Reader(blocks, context, source).read()
    actions.due_of_the_list(draft)
    number = 0
    for action, _item, _review in draft.meeting.raised_actions():
        number += 1
        action.number = number
    return draft
