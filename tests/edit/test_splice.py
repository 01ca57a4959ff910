"""Splice editing (edit/splice.py) writes what the round trip of the whole file writes.

Random meeting files, written the many ways officers write them (comments before, after and
beside entries, blank lines, folded, literal and quoted text, flow mappings, another
indentation, a '---'), each given a random recording edit: the text spliced from the round
trip of only the part the edit touches must be the text the whole file's round trip gives,
byte for byte, and read back as the data the splice expects. And the events reader
(store/events.py) reads every file as yamlio's reader does.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionlog.core.carry import Carried
from actionlog.edit import meetings, record, roundtrip, splice
from actionlog.store import events, yamlio
from tests.conftest import REPO

DRAFT = SimpleNamespace(path="meetings/2016-07-26.yaml")

LAYOUTS = [(2, 4, 2), (2, 4, 2), (2, 4, 2), (2, 2, 0), (4, 4, 2)]
TEXTS = ["Report back on the estates strategy", "Noted: see the paper #3",
         "Options for call handling, with the costs of each and a timetable for the work "
         "that the board asked for in June", "AB's office: in hand", ""]
COMMENTS = ["# reviewed at the pre-meeting", "# Owner: DCC. Due 11 August 2016.", ""]


def _value(draw, key: str, col: int, mapping: int) -> list[str]:
    """`key: value` in one of the ways people write it, as lines at column `col`."""
    pad = " " * col
    kind = draw(st.sampled_from(["plain", "single", "double", "folded", "literal", "empty",
                                 "tilde"]))
    text = draw(st.sampled_from(TEXTS))
    if kind == "folded" and text:
        words = text.split()
        half = max(1, len(words) // 2)
        body = " " * (col + mapping)
        return [f"{pad}{key}: >-", body + " ".join(words[:half]),
                body + " ".join(words[half:])] if words[half:] else [f"{pad}{key}: {text}"]
    if kind == "literal" and text:
        return [f"{pad}{key}: |", " " * (col + mapping) + text]
    if kind == "single":
        return [f"{pad}{key}: '" + text.replace("'", "''") + "'"]
    if kind == "double" or (kind == "plain" and (":" in text or "#" in text)):
        return [f'{pad}{key}: "{text}"']
    if kind == "tilde":
        return [f"{pad}{key}: ~"]
    if kind == "empty" or not text:
        return [f"{pad}{key}:"]
    return [f"{pad}{key}: {text}"]


def _entry(draw, fields: list[list[str]], dash: int, col: int) -> list[str]:
    """A list entry: its first field's line takes the dash."""
    lines = [line for field in fields for line in field]
    first = lines[0]
    return [" " * dash + "-" + " " * (col - dash - 1) + first[col:]] + lines[1:]


@st.composite
def meeting_files(draw):
    """(text, refs reviewed, item numbers, ids raised)"""
    mapping, sequence, offset = draw(st.sampled_from(LAYOUTS))
    lines = ["# yaml-language-server: $schema=../schema/meeting.schema.json",
             "title: Big Board", "series: big-board", "date: 2016-07-26", 'time: "10:30"',
             "status: draft" + draw(st.sampled_from(["", "   # not yet approved"])),
             "chair: JC"]
    if draw(st.booleans()):
        lines.append("note: The papers are late.")
    lines += ["attendees:", " " * offset + "- {id: JC, name: John Campion, role: PCC}",
              " " * offset + "- {id: AB, name: \"Anthony Bangham\", role: DCC}"]
    if draw(st.booleans()):
        lines.append("")
    lines.append("items:")
    item_dash, item_col = offset, sequence
    inner_dash, inner_col = item_col + offset, item_col + sequence
    refs, ids = [], []
    # item 1: Outstanding Matters
    lines += _entry(draw, [[" " * item_col + 'number: "1"'],
                           [" " * item_col + "title: Outstanding matters"]], item_dash, item_col)
    lines.append(" " * item_col + "outstanding:")
    for n in range(1, draw(st.integers(1, 5)) + 1):
        ref = f"2016-06-28/{n}"
        refs.append(ref)
        before = draw(st.sampled_from(COMMENTS))
        if before:
            lines.append(" " * inner_dash + before)
        fields = [[" " * inner_col + f"action: {ref}"]]
        if draw(st.booleans()):
            fields.append(_value(draw, "topic", inner_col, mapping))
        fields.append(_value(draw, "update", inner_col, mapping))
        fields.append([" " * inner_col + "status: "
                       + draw(st.sampled_from(["open", "'open'", "discharged",
                                               "open    # JC to confirm"]))])
        if draw(st.booleans()):
            fields.append([" " * inner_col + "due: 2016-09-27"])
        lines += _entry(draw, fields, inner_dash, inner_col)
        if draw(st.booleans()):
            lines.append("")
    if draw(st.booleans()):
        lines.append(" " * inner_dash + "# nothing else is open")
    # item 2: with actions, with none, or with `actions: []`
    lines += _entry(draw, [[" " * item_col + 'number: "2"'],
                           [" " * item_col + "title: Holding to account"]], item_dash, item_col)
    shape = draw(st.sampled_from(["actions", "none", "empty"]))
    if shape == "actions":
        lines.append(" " * item_col + "actions:")
        for n in range(1, draw(st.integers(1, 3)) + 1):
            ids.append(n)
            fields = [[" " * inner_col + f"id: {n}"], [" " * inner_col + "owner: AB"],
                      _value(draw, "text", inner_col, mapping)]
            if fields[-1][0].endswith(("text:", "text: ~")):
                fields[-1] = [" " * inner_col + "text: Write it up."]
            lines += _entry(draw, fields, inner_dash, inner_col)
    elif shape == "empty":
        lines.append(" " * item_col + 'actions: []  # "There were none."')
    lines += _entry(draw, [[" " * item_col + 'number: "3"'],
                           [" " * item_col + "title: AOB"]], item_dash, item_col)
    if draw(st.booleans()):
        lines += ["", " " * item_col + "# the end"]
    # a mapping in a mapping shows the file's mapping indentation, as a folded text does
    # (or, indented the other way, that no one layout writes the file)
    nested = draw(st.sampled_from([None, mapping, mapping, 6 - mapping]))
    if nested is not None:
        lines += ["next_meeting:", " " * nested + "date: 2016-09-27",
                  " " * nested + 'time: "10:30"']
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("title: Big Board", "---\ntitle: Big Board", 1)
    return text, refs, ids


def _carried(ref: str, topic: str = "Topic 9: area 9", status: str = "open",
             comment: str | None = "Owner: DCC. Due 11 July 2016.") -> Carried:
    data = {"action": ref, "topic": topic, "update": None, "status": status}
    return Carried(data if topic else {k: v for k, v in data.items() if k != "topic"},
                   f"Review {ref}\n{comment}" if comment is not None else None, ref)


@st.composite
def carried_entries(draw) -> list[Carried]:
    """What `carry` adds: entries of plain values, with the comments it writes, and now and
    then one the direct writer leaves to the round trip (a comment over two paragraphs, a
    topic the writer does not know to be plain)."""
    return [_carried(f"2016-06-28/{n}", draw(st.sampled_from(TEXTS + ["yes", "- x", "a: b"])),
                     draw(st.sampled_from(["open", "in progress"])),
                     draw(st.sampled_from(["Owner: DCC. Due 11 July 2016.", None,
                                           "Owner: AB.\n\nNo due date set."])))
            for n in draw(st.lists(st.integers(1, 70), max_size=6))]


@st.composite
def edits(draw, refs: list[str], ids: list[int]):
    """A function making a fresh edit (an edit keeps what its `find` found)."""
    kind = draw(st.sampled_from(["update", "discharge", "redate", "reassign", "carried",
                                 "add", "carry", "cancel", "in place"]))
    change = {"update": record.update(draw(st.sampled_from(TEXTS[:4]))),
              "discharge": record.discharge(draw(st.sampled_from([None, "Done."]))),
              "redate": record.redate("2016-10-25"), "reassign": record.reassign("AC"),
              }.get(kind, record.update(TEXTS[2]))
    if kind in ("update", "discharge", "redate", "reassign"):
        ref = draw(st.sampled_from(refs))
        return lambda: record.review_change(record.Target(ref, DRAFT, _carried(ref)), change)
    if kind == "carried":
        ref = f"2016-06-28/{draw(st.integers(50, 60))}"
        return lambda: record.review_change(record.Target(ref, DRAFT, _carried(ref)), change)
    if kind == "add":
        number = draw(st.sampled_from(["1", "2", "3"]))
        text = draw(st.sampled_from(TEXTS[:4]))
        return lambda: record.AddAction(number, "AB", text or "Write it up.", "2016-10-25")
    if kind == "carry":
        wanted = draw(carried_entries())
        return lambda: record.carry_entries(wanted)
    if kind == "cancel":
        note = draw(st.sampled_from(["The meeting was cancelled.", TEXTS[2] * 2]))
        return lambda: meetings.mark_cancelled(note)
    number = draw(st.sampled_from(ids or [1]))
    return lambda: record.review_change(
        record.Target(f"2016-07-26/{number}", DRAFT, None, in_place=True), change)


def _the_same(text: str, whole: str | None) -> bool:
    """Whether the splice must give the whole round trip's text: when that round trip edits
    the file (else it refused: the splice keeps the file's own indentation), and either some
    layout writes the whole file as it is, or its mapping indentation is the house's (then
    the splice takes the house layout, as the whole file's round trip does)."""
    if whole is None:
        return False
    doc = roundtrip.load_for_edit(text)
    if any(roundtrip.dump_house(doc, layout) == text for layout in splice.LAYOUTS):
        return True
    marks: dict = {}
    events.load(text, marks)
    starts = splice._line_starts(text)
    return splice._mapping_indent(text, marks, starts) in (None, splice.HOUSE[0])


def _whole(text: str, edit) -> str | None:
    doc = roundtrip.load_for_edit(text)
    base = roundtrip.dump_house(doc)
    edit(doc)
    return roundtrip.edited_text(text, doc, base)


def _outcome(make, text: str, attempt) -> tuple[str, object]:
    try:
        return "ok", attempt(make(), text)
    except record.RecordError as exc:
        return "refused", str(exc)


def _spliced(edit, text: str):
    marks: dict = {}
    data = events.load(text, marks)
    return splice.spliced(text, marks, data, edit)


def _as_the_whole_round_trip(make, text: str) -> None:
    """The edit `make` makes, spliced, is the whole file's round trip: the same refusal,
    from the same finding; else the same bytes (where the splice must give them) and the
    data the splice expects. None from the splice (not sure) is the caller's to redo."""
    whole = _outcome(make, text, lambda edit, t: _whole(t, edit))
    cut = _outcome(make, text, lambda edit, t: _spliced(edit, t))
    if whole[0] == "refused" or cut[0] == "refused":
        assert cut == whole
        return
    if cut[1] is None:
        return  # not sure: the caller round-trips the whole file
    if _the_same(text, whole[1]):
        assert cut[1].text == whole[1]
    assert events.load(cut[1].text) == cut[1].expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_splice_writes_what_the_whole_round_trip_writes(data):
    text, refs, ids = data.draw(meeting_files())
    _as_the_whole_round_trip(data.draw(edits(refs, ids)), text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_carried_entries_are_appended_as_the_whole_round_trip_writes(data):
    """`carry` adds thousands of entries: the first through the round trip, the rest written
    line by line as it writes them (splice._appended). Byte for byte the whole file's."""
    text, _refs, _ids = data.draw(meeting_files())
    wanted = data.draw(carried_entries().filter(lambda w: len(w) > 1))
    _as_the_whole_round_trip(lambda: record.carry_entries(wanted), text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_edits_in_steps_are_spliced_in_turn_as_the_whole_round_trip_makes_them(data):
    """`cancel --move-to` moves several records into one draft (record.Steps): each step is
    spliced into the text the step before left (each step's splice is the whole round trip
    of its text, above), and the end means what the whole round trip of them all means."""
    text, refs, ids = data.draw(meeting_files())
    makes = data.draw(st.lists(edits(refs, ids), min_size=2, max_size=3))
    whole = _outcome(lambda: record.Steps([make() for make in makes]), text,
                     lambda edit, t: _whole(t, edit))

    def in_steps(edit, t):
        marks: dict = {}
        return record._spliced(t, marks, events.load(t, marks), edit, "x.yaml")
    cut = _outcome(lambda: record.Steps([make() for make in makes]), text, in_steps)
    if cut[0] == "ok" and cut[1][0] is None:
        return  # not sure: the caller round-trips the whole file (and refuses as it does)
    if whole[0] == "refused" or cut[0] == "refused":
        assert cut == whole
        return
    new, read = cut[1]
    assert events.load(new) == read
    if whole[1] is not None:
        # the same meaning (not always the same bytes: where a text one step writes is
        # changed by a later one, the steps fold it as two commands would, keeping the
        # first's lines, and the whole round trip as one edit)
        assert read == events.load(whole[1])


def test_the_splice_is_used_on_a_tidy_file():
    """A file in the house style: every kind of edit is spliced, not left to the whole
    file's round trip."""
    text = (REPO / "tests/data/2016-09-27.yaml").read_text(encoding="utf-8")
    ref = "2016-07-26/1"
    for edit in [record.review_change(record.Target(ref, DRAFT, _carried(ref)),
                                      record.update("Confirmed.")),
                 record.review_change(record.Target("2016-07-26/9", DRAFT,
                                                    _carried("2016-07-26/9")),
                                      record.discharge(None)),
                 record.AddAction("2", "AB", "Write it up."),
                 record.carry_entries([_carried("2016-07-26/9")]),
                 record.carry_entries([_carried(f"2016-07-26/{n}") for n in (9, 10, 11)]),
                 meetings.mark_cancelled("The meeting was cancelled.")]:
        cut = _spliced(edit, text)
        assert cut is not None
        assert cut.text == _whole(text, edit)


def _yaml_files() -> list[Path]:
    return sorted(p for folder in ("tests", "meetings", "templates")
                  for p in (REPO / folder).rglob("*.yaml"))


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_events_reader_reads_every_file_as_yamlio_does(path):
    text, problems = yamlio.read_text(str(path), "x.yaml")
    if text is None:
        return
    assert events.parse(text, "x.yaml") == yamlio.parse(text, "x.yaml")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1:-[]{}#'\"&*!|>?~ \n\t.,0")), max_size=60))
def test_the_events_reader_agrees_on_any_text(text):
    assert events.parse(text, "x.yaml") == yamlio.parse(text, "x.yaml")
