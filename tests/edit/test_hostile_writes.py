"""What the tool writes, it reads back; where it cannot write, it says so in one line and
leaves everything as it was.

- every file built from values (a new meeting) reads back as those values and validates,
  whatever the text: YAML indicators, quotes, '?', ':', '#', Unicode;
- a meeting file that is a link is written through (the file it names changes, the link
  stays, the lock is beside the file); a read-only file is refused;
- a full disk or a folder that cannot be written: one line naming the file, nothing
  written, no empty output left behind.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionlog.edit import files, written
from actionlog.store import schema, yamlio
from tests.edit.test_new_meeting import make_workspace

DRAFT = "meetings/2016-07-26.yaml"
REF = "2016-06-28/1"

# text as an officer might type or paste it: any printable character, indicators included
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
               max_size=40).filter(lambda s: s.strip())
INDICATORS = st.sampled_from(["ACC (acting?)", "a:b", "a: b", "#1", "x #y", "- x", "? x",
                              "[x]", "{x}", "x, y", "'x'", '"x"', "&a", "*a", "!x", "|", ">",
                              "%x", "@x", "`x`", "x?", "?", "yes", "null", "1", "10:30",
                              "2016-07-26", "é ü — ’", " lead", "trail ", "a  b"])
VALUE = st.one_of(INDICATORS, TEXT)


@given(st.lists(st.tuples(VALUE, VALUE, VALUE, VALUE), min_size=1, max_size=4),
       VALUE, st.lists(VALUE, max_size=3))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_new_meeting_reads_back_as_the_values_it_was_built_from(people, title, questions):
    attendees = [{"id": f"P{n}{i}", "name": name, "role": role, "capacity": capacity}
                 for n, (i, name, role, capacity) in enumerate(people)]
    data = {"title": title, "series": "monthly-assurance", "date": "2016-07-26",
            "status": "draft", "attendees": attendees,
            "items": [{"number": "1", "title": title, "questions": questions}]}
    flow = {("attendees", n) for n in range(len(attendees))}
    text = written.new_document(data, ["a header"], None, flow)
    parsed, problems = yamlio.parse(text, "x.yaml")
    assert problems == [], text
    expected = {**data, "items": [{**data["items"][0]}]}
    if not questions:
        expected["items"][0]["questions"] = []
    assert parsed == expected, text
    checked, problems = schema.check(parsed, "x.yaml")
    assert checked is not None, (text, problems)


def test_new_meeting_copies_attendees_the_reader_reads_back(tmp_path, run):
    root = make_workspace(tmp_path, "2016-06-28")
    june = root / "meetings" / "2016-06-28.yaml"
    june.write_text(june.read_text().replace(
        "capacity: Police and Crime Commissioner (PCC)", 'capacity: "ACC (acting?)"', 1).replace(
        "name: John Campion", 'name: "Campion: John #1"', 1))
    assert run(root, "validate").exit_code == 0
    assert run(root, "new-meeting").exit_code == 0
    assert 'capacity: "ACC (acting?)"' in (root / DRAFT).read_text()
    assert run(root, "validate").exit_code == 0
    assert run(root, "update", REF, "Recorded.").exit_code == 0


def test_the_readmes_flow_list_with_a_question_mark_is_read():
    data, problems = yamlio.parse("questions: [Are there any specific issues?]\n", "x.yaml")
    assert problems == [] and data == {"questions": ["Are there any specific issues?"]}
    # and what is wrong besides the '?' is still found, at its place
    _data, problems = yamlio.parse("q: {a: b?, a: c}\n", "x.yaml")
    assert [(p.message, p.column) for p in problems] == [
        ("duplicate key 'a' (first on line 1)", 12)]


# ---------------------------------------------------------------- links and permissions


@pytest.fixture
def draft(tmp_path, run) -> Path:
    root = make_workspace(tmp_path, "2016-06-28")
    assert run(root, "new-meeting").exit_code == 0
    return root


def test_a_linked_meeting_file_is_written_through_and_locked_beside_its_target(draft, run):
    real = draft / "drafts" / "2016-07-26.yaml"
    real.parent.mkdir()
    (draft / DRAFT).rename(real)
    (draft / DRAFT).symlink_to(real)
    (draft / "meetings" / ".2016-07-26.yaml.lock").unlink()  # new-meeting's, before the link
    result = run(draft, "update", REF, "Written through the link.")
    assert result.exit_code == 0, result.stderr
    assert (draft / DRAFT).is_symlink()
    assert "Written through the link." in real.read_text()
    assert (real.parent / ".2016-07-26.yaml.lock").exists()
    assert not (draft / "meetings" / ".2016-07-26.yaml.lock").exists()


def test_a_read_only_meeting_file_is_refused_and_left_alone(draft, run):
    path = draft / DRAFT
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        result = run(draft, "update", REF, "Not written.")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert result.stderr == (f"error: cannot write {DRAFT}: the file is read-only; nothing "
                             f"was written\n")
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def full_disk(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_recording_is_one_line_and_nothing_changes(draft, run, monkeypatch):
    before = (draft / DRAFT).read_bytes()
    monkeypatch.setattr(files.os, "fsync", full_disk)
    result = run(draft, "update", REF, "Not written.")
    assert result.exit_code == 1
    assert result.stderr == (f"error: cannot write {DRAFT}: No space left on device; nothing "
                             f"was written\n")
    assert (draft / DRAFT).read_bytes() == before
    assert files.leftovers(str(draft / DRAFT)) == []


def test_a_lock_that_cannot_be_taken_is_one_line(draft, run, monkeypatch):
    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files, "FileLock", refused)
    result = run(draft, "discharge", REF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {DRAFT}: Permission denied")


def test_calendar_to_a_full_disk_leaves_no_empty_file(draft, run, monkeypatch, tmp_path):
    out = tmp_path / "out.ics"
    monkeypatch.setattr(files.os, "fsync", full_disk)
    result = run(draft, "calendar", "-o", str(out), "--today", "2016-07-01")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {out}: No space left on device\n"
    assert not out.exists()
    assert list(tmp_path.glob(".actionlog-*")) == []


def test_remind_out_to_a_full_disk_is_one_line(draft, run, monkeypatch, tmp_path):
    folder = tmp_path / "reminders"
    monkeypatch.setattr(files.os, "fsync", full_disk)
    result = run(draft, "remind", "--out", str(folder), "--today", "2016-08-01")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {folder}: No space left on device\n"
    assert list(folder.iterdir()) == []


def test_write_atomic_keeps_a_links_target_and_mode(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    files.write_atomic(str(link), "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# ---------------------------------------------------------------- the officer's layout


LONG = "Further news arrived after the Executive Board meeting this afternoon by email."


def entry(root: Path) -> str:
    text = (root / DRAFT).read_text()
    start = text.index(f"- action: {REF}") if f"- action: {REF}" in text else \
        text.index(f"{{action: {REF}")
    return text[start: text.index("  - number:", start)]


def test_hand_wrapped_folded_text_keeps_its_lines_and_its_style(draft, run):
    path = draft / DRAFT
    path.write_text(path.read_text().replace(
        "        update:\n",
        "        update: >\n          A report had circulated,\n          wrapped by hand.\n", 1))
    assert run(draft, "update", REF, LONG).exit_code == 0
    assert entry(draft).splitlines()[2:6] == [
        "        update: >",
        "          A report had circulated,",
        "          wrapped by hand. Further news arrived after the Executive Board meeting this",
        "          afternoon by email."]
    assert run(draft, "validate").exit_code == 0


def test_a_flow_style_entry_with_a_comment_takes_an_update(draft, run):
    path = draft / DRAFT
    text = path.read_text()
    start = text.index(f"      - action: {REF}")
    end = text.index("        status: open\n", start) + len("        status: open\n")
    path.write_text(text[:start] + f"      - {{action: {REF}, update: Done, status: open}}"
                    f"  # said at the door\n" + text[end:])
    assert run(draft, "validate").exit_code == 0
    result = run(draft, "update", REF, LONG)
    assert result.exit_code == 0, result.stderr
    assert entry(draft).strip() == (f"{{action: {REF}, update: Done {LONG}, status: open}} "
                                    f"# said at the door")
    assert run(draft, "discharge", REF).exit_code == 0
    assert run(draft, "validate").exit_code == 0
