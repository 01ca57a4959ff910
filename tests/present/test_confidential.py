"""Part 2 never leaks: an action raised under a confidential item (at any depth), or from
the review of a Part 2 action, is Part 2 wherever it is later reviewed, and no public output
(`notes --public` in Markdown, HTML and Word, `calendar --public`) holds any of its text.

Every confidential text in the random workspaces below carries the token SECRET, every other
text does not, so a leak is a substring test.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionlog.cli import cli

SERIES = "monthly-assurance"
TOKEN = "SECRET"
ATTENDEES = [{"id": "AB", "name": "Anthony Bangham", "role": "DCC"},
             {"id": "JC", "name": "John Campion", "role": "PCC"}]


class Namer:
    """Unique texts, secret ones carrying TOKEN."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, what: str, secret: bool) -> str:
        self.n += 1
        return f"{TOKEN if secret else 'Open'} {what} {self.n}"


@st.composite
def item_tree(draw, namer: Namer, day: date, actions: list, depth: int = 0,
              secret: bool = False) -> dict:
    confidential = draw(st.integers(0, 3)) == 0
    part2 = secret or confidential
    item: dict = {"title": namer("title", part2)}
    if confidential:
        item["confidential"] = True
    if draw(st.booleans()):
        item["findings"] = [namer("finding", part2)]
    own = []
    for _ in range(draw(st.integers(0, 2))):
        mine = draw(st.integers(0, 5)) == 0  # an action marked confidential by itself
        action = {"id": 0, "owner": "AB", "text": namer("action", part2 or mine),
                  "due": (day + timedelta(days=draw(st.integers(1, 90)))).isoformat()}
        if mine:
            action["confidential"] = True
        own.append(action)
        actions.append((action, part2 or mine, item["title"]))
    if own:
        item["actions"] = own
    if depth < 3:
        children = [draw(item_tree(namer, day, actions, depth + 1, part2))
                    for _ in range(draw(st.integers(0, 2)))]
        if children:
            item["items"] = children
    return item


@st.composite
def workspace_files(draw) -> dict[str, dict]:
    """Meetings a month apart; each raises actions under random item trees and reviews some
    earlier ones (the topic copied from the item's title, as carry-forward does)."""
    namer = Namer()
    day = date(2020, 1, 7)
    known: list[tuple[str, bool, str]] = []  # (ref, secret, item title)
    files = {}
    for _ in range(draw(st.integers(2, 4))):
        raised: list = []
        outstanding = []
        arising: list = []
        for ref, secret, title in known:
            if not draw(st.booleans()):
                continue
            review: dict = {"action": ref, "topic": title, "update": namer("update", secret),
                            "status": draw(st.sampled_from(["open", "in-progress",
                                                            "discharged"]))}
            if draw(st.integers(0, 3)) == 0:
                action = {"id": 0, "owner": "JC", "text": namer("arising", secret),
                          "due": (day + timedelta(days=40)).isoformat()}
                review["actions"] = [action]
                arising.append((action, secret, title))
            outstanding.append(review)
        items = [{"number": "1", "title": "Outstanding matters", "outstanding": outstanding}]
        items += [draw(item_tree(namer, day, raised))
                  for _ in range(draw(st.integers(1, 3)))]
        for n, (action, _secret, _title) in enumerate(arising + raised, 1):
            action["id"] = n
        mid = day.isoformat()
        files[mid] = {"title": "Monthly Assurance Meeting", "series": SERIES, "date": mid,
                      "time": "10:30", "status": "approved", "chair": "JC",
                      "attendees": ATTENDEES, "items": items}
        known += [(f"{mid}/{a['id']}", secret, title) for a, secret, title in arising + raised]
        day += timedelta(days=28)
    return files


def write(root: Path, files: dict[str, dict]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "meetings").mkdir(parents=True)
    for mid, data in files.items():
        # JSON is YAML: the reader takes it as it is
        (root / "meetings" / f"{mid}.yaml").write_text(json.dumps(data, indent=1))


def invoke(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(root), *args], env={},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@given(workspace_files())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_public_output_holds_confidential_text(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        write(root, files)
        invoke(root, "validate")  # exit 0: the workspace is clean
        for mid in files:
            public = invoke(root, "notes", mid, "--public")
            assert TOKEN not in public, public
        last = max(files)
        calendar = invoke(root, "calendar", "--public", "--today", last, "--months", "1")
        # iCalendar folds long lines: unfold before looking
        assert TOKEN not in calendar.replace("\r\n ", ""), calendar
        # the private versions do hold them (the test would prove nothing otherwise)
        everything = "".join(invoke(root, "notes", mid) for mid in files)
        assert (TOKEN in json.dumps(files)) == (TOKEN in everything)


LATER_REVIEW = {
    "2020-01-07": {"title": "Monthly Assurance Meeting", "series": SERIES, "date": "2020-01-07",
                   "status": "approved", "attendees": ATTENDEES, "items": [
                       {"number": "1", "title": "Public business",
                        "items": [{"title": "SECRET operation name", "confidential": True,
                                   "items": [{"title": "SECRET deeper", "actions": [
                                       {"id": 1, "owner": "AB", "text": "SECRET act deep",
                                        "due": "2020-03-01"}]}]}]}]},
    "2020-02-04": {"title": "Monthly Assurance Meeting", "series": SERIES, "date": "2020-02-04",
                   "status": "approved", "attendees": ATTENDEES, "items": [
                       {"number": "1", "title": "Outstanding matters", "outstanding": [
                           {"action": "2020-01-07/1", "topic": "SECRET operation name",
                            "update": "SECRET progress", "status": "open",
                            "actions": [{"id": 1, "owner": "JC", "text": "SECRET follow-up",
                                         "due": "2020-04-01"}]}]},
                       {"number": "2", "title": "Open business"}]},
    "2020-03-03": {"title": "Monthly Assurance Meeting", "series": SERIES, "date": "2020-03-03",
                   "status": "approved", "attendees": ATTENDEES, "items": [
                       {"number": "1", "title": "Outstanding matters", "outstanding": [
                           {"action": "2020-02-04/1", "update": "SECRET more",
                            "status": "open"}]}]},
}


def test_a_sub_item_action_reviewed_later_stays_out_of_later_public_notes(tmp_path):
    write(tmp_path, LATER_REVIEW)
    for mid in LATER_REVIEW:
        public = invoke(tmp_path, "notes", mid, "--public")
        assert TOKEN not in public
    assert "confidential" in invoke(tmp_path, "notes", "2020-02-04", "--public")
    calendar = invoke(tmp_path, "calendar", "--public", "--today", "2020-03-03")
    assert TOKEN not in calendar.replace("\r\n ", "")


def test_the_private_log_and_calendar_mark_inherited_part2(tmp_path):
    write(tmp_path, LATER_REVIEW)
    log = invoke(tmp_path, "log", "--today", "2020-03-03")
    assert log.count("Confidential (Part 2)") == 2
    calendar = invoke(tmp_path, "calendar", "--today", "2020-03-03")
    assert calendar.count("CLASS:CONFIDENTIAL") == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("to", ["html", "docx"])
def test_public_word_and_html_hold_no_inherited_part2(tmp_path, to):
    write(tmp_path / "ws", LATER_REVIEW)
    for mid in LATER_REVIEW:
        out = tmp_path / f"{mid}.{to}"
        invoke(tmp_path / "ws", "notes", mid, "--public", "--to", to, "-o", str(out))
        if to == "docx":
            with zipfile.ZipFile(out) as z:
                text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                               if n.endswith(".xml"))
        else:
            text = out.read_text(encoding="utf-8")
        assert TOKEN not in text


def test_an_owners_reminder_marks_their_part2_actions(tmp_path):
    # the owner is told what they owe, Part 2 included, marked as not for forwarding
    write(tmp_path, LATER_REVIEW)
    preview = invoke(tmp_path, "remind", "--today", "2020-03-03")
    assert preview.count("Confidential (Part 2): not for publication or forwarding.") == 2


def test_outstanding_json_and_csv_say_which_actions_are_part2(tmp_path):
    write(tmp_path, LATER_REVIEW)
    records = json.loads(invoke(tmp_path, "outstanding", "--today", "2020-03-03",
                                "--format", "json"))
    assert {r["ref"]: r["confidential"] for r in records} == {
        "2020-01-07/1": True, "2020-02-04/1": True}
    plain = invoke(tmp_path, "outstanding", "--today", "2020-03-03")
    assert plain.count("Confidential (Part 2).") == 2
