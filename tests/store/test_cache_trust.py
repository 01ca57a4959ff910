"""The cache verifies what it reads: a value of the wrong type planted with a valid checksum,
or a ledger row removed, is damage: the cache is rebuilt and the answers are the files'."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

from actionlog.store import codec

TODAY = "2017-09-01"


def answer(run, root: Path) -> list:
    result = run(root, "outstanding", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def cache(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / ".actionlog-cache" / "cache.sqlite")


def test_a_planted_value_of_the_wrong_type_is_damage_not_a_crash(workspace, run):
    first = answer(run, workspace)
    with cache(workspace) as db:
        # a valid checksum over a value that is not a ledger entry
        db.execute("UPDATE entries SET brief = ?, entry = ?",
                   (codec.dumps(["not", "an", "entry"]), codec.dumps(42)))
    assert answer(run, workspace) == first
    assert run(workspace, "show", "2016-07-26/1", "--today", TODAY).exit_code == 0


def test_a_removed_ledger_row_is_damage_not_a_hidden_action(workspace, run):
    first = answer(run, workspace)
    assert "2016-07-26/1" in [r["ref"] for r in first]
    with cache(workspace) as db:
        db.execute("DELETE FROM entries WHERE ref = '2016-07-26/1'")
    assert answer(run, workspace) == first


def test_a_removed_owner_row_is_damage_not_a_hidden_action(workspace, run):
    mine = run(workspace, "outstanding", "--owner", "DCC", "--format", "json", "--today", TODAY)
    with cache(workspace) as db:
        # the key by which DCC's actions are found, of the set of owners of 2016-07-26/1
        db.execute("DELETE FROM owners WHERE key = 'dcc' AND owned_by = (SELECT owned_by "
                   "FROM entries WHERE ref = '2016-07-26/1')")
        assert db.total_changes == 1
    again = run(workspace, "outstanding", "--owner", "DCC", "--format", "json", "--today", TODAY)
    assert again.stdout == mine.stdout and "2016-07-26/1" in again.stdout


def test_an_owner_written_decomposed_matches_its_attendee_written_composed(workspace, run):
    july = workspace / "meetings" / "2016-07-26.yaml"
    text = july.read_text(encoding="utf-8")
    # the attendee's name composed (NFC), the owner's written decomposed (NFD)
    text = text.replace("name: Anthony Bangham", "name: Anthony Bánghám")
    assert "owner: AB\n" in text
    text = text.replace("owner: AB\n", f"owner: {unicodedata.normalize('NFD', 'Bánghám')}\n",
                        1)
    july.write_text(text, encoding="utf-8")
    checked = run(workspace, "validate")
    assert "unknown owner" not in checked.stdout, checked.stdout
    asked = run(workspace, "outstanding", "--owner",
                unicodedata.normalize("NFD", "bánghám"), "--today", "2016-09-01")
    assert asked.exit_code == 0 and "2016-07-26/1" in asked.stdout


def test_the_places_of_problems_kept_follow_the_file_when_it_changes(workspace, run):
    july = workspace / "meetings" / "2016-07-26.yaml"
    july.write_text(july.read_text(encoding="utf-8").replace("owner: AB\n", "owner: ABX\n", 1),
                    encoding="utf-8")
    first = run(workspace, "validate").stdout
    assert run(workspace, "validate").stdout == first  # the places kept: the same answer
    line = int(first.split("2016-07-26.yaml:", 1)[1].split(":", 1)[0])
    # two lines added at the top: the same problem, two lines lower
    july.write_text("# a note\n# another\n" + july.read_text(encoding="utf-8"),
                    encoding="utf-8")
    moved = run(workspace, "validate").stdout
    assert f"2016-07-26.yaml:{line + 2}:" in moved
    uncached = run(workspace, "validate", env={"ACTIONLOG_NO_CACHE": "1"}).stdout
    assert moved == uncached
