"""The calendar's fields of each meeting, kept in the cache's `sitting` column: the same as
the meetings' own, with the cache or without, and rebuilt (never trusted) when damaged,
missing or of another shape."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from actionlog import workspace as workspaces
from actionlog.store import codec
from actionlog.store.sittings import of

TODAY = "2017-09-01"
CALENDAR = ("calendar", "--today", TODAY, "--since", "2016-01-01")
NO_CACHE = {"ACTIONLOG_NO_CACHE": "1"}


def cache(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / ".actionlog-cache" / "cache.sqlite")


def calendar(run, root: Path, env: dict | None = None) -> str:
    result = run(root, *CALENDAR, env=env)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_the_sittings_are_the_meetings_fields_with_the_cache_and_without(workspace,
                                                                          monkeypatch):
    monkeypatch.delenv("ACTIONLOG_NO_CACHE", raising=False)
    cold = workspaces.load(workspace).sittings(date.min)  # fills the cache
    warm = workspaces.load(workspace)
    assert warm.sittings(date.min) == cold
    expected = [of(m) for m in warm.meetings]
    assert cold == expected and len(expected) == 4
    assert expected[1].time == "10:30" and expected[1].venue
    assert warm.sittings(date(2016, 8, 1)) == expected[2:]
    # a scope held in memory answers the same
    assert warm.scope(warm.series_names()).sittings(date.min) == expected
    monkeypatch.setenv("ACTIONLOG_NO_CACHE", "1")
    assert workspaces.load(workspace).sittings(date.min) == expected


def test_the_calendar_is_the_same_with_the_cache_and_without(workspace, run):
    expected = calendar(run, workspace, NO_CACHE)
    assert calendar(run, workspace) == expected  # fills the cache
    assert calendar(run, workspace) == expected  # from it


def test_an_edited_venue_and_time_reach_the_calendar(workspace, run):
    before = calendar(run, workspace)
    path = workspace / "meetings" / "2016-07-26.yaml"
    path.write_text(path.read_text().replace('time: "10:30"', 'time: "14:00"')
                    .replace("venue: PCC Conference Room, Hindlip", "venue: Hall 2"))
    after = calendar(run, workspace)
    assert after != before and "LOCATION:Hall 2" in after and "T140000" in after
    assert after == calendar(run, workspace, NO_CACHE)


def planted(value):
    def damage(db: sqlite3.Connection) -> None:
        db.execute("UPDATE files SET sitting = ?", (value,))
    return damage


DAMAGES = {
    "null": planted(None),
    "not-a-value": planted(b"\x00"),
    "flipped-checksum": lambda db: db.execute(
        "UPDATE files SET sitting = x'00000000' || substr(sitting, 5)"),
    "wrong-shape": planted(codec.dumps(("10:30",))),
    "wrong-types": planted(codec.dumps((1, 2, 3, 4, 5, 6))),
    "a-date-that-is-text": planted(codec.dumps(("10:30", None, None, "2017-09-26", None,
                                                None))),
    "column-dropped": lambda db: db.execute("ALTER TABLE files DROP COLUMN sitting"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_sitting_is_rebuilt_never_trusted(workspace, run, damage):
    expected = calendar(run, workspace, NO_CACHE)
    calendar(run, workspace)
    with cache(workspace) as db:
        DAMAGES[damage](db)
    db.close()
    assert calendar(run, workspace) == expected
    assert calendar(run, workspace) == expected  # what was rebuilt is kept, and right
