"""Owners as the officer writes them, resolved in the raising meeting's context."""

from __future__ import annotations

from datetime import date

import pytest

from actionlog.core.model import Meeting, Person
from actionlog.core.owners import Resolver, RosterEntry, resolve
from actionlog.store.load import load_roster


def meeting(on: date = date(2016, 7, 26), people=None) -> Meeting:
    attendees = people or [Person("JC", "John Campion", "PCC"),
                           Person("AB", "Anthony Bangham", "DCC"),
                           Person("AC", "Andy Champness", "CEx"),
                           Person("KC", "Karen Cooper", "ACC"),
                           Person("MB", "Mark Cooper", "ACC")]
    return Meeting("m", "meetings/m.yaml", "T", "s", on, "approved", attendees=attendees,
                   apologies=[Person("DS", "David Shaw", "CC")])


ROSTER = [
    RosterEntry("JD", "Jane Doe", None),
    RosterEntry("JD", "Jane Doe", "Head of Crime", date(2015, 4, 1), date(2016, 12, 31)),
    RosterEntry("PS", "Paul Smith", None),
    RosterEntry("PS", "Paul Smith", "Head of Crime", date(2017, 1, 1), None),
]


@pytest.mark.parametrize("written, name, role", [
    ("AB", "Anthony Bangham", "DCC"),          # initials
    ("ab", "Anthony Bangham", "DCC"),          # case-insensitive
    ("DCC", "Anthony Bangham", "DCC"),         # a role held at the meeting
    ("CC", "David Shaw", "CC"),                # someone who sent apologies
    ("John Campion", "John Campion", "PCC"),   # a full name
    ("Campion", "John Campion", "PCC"),        # a surname
    ("ACC Karen Cooper", "Karen Cooper", "ACC"),  # role and full name
])
def test_resolves_in_the_meetings_context(written, name, role):
    result = resolve(written, meeting(), [])
    assert result.message == ""
    assert (result.owner.name, result.owner.role) == (name, role)


def test_role_with_surname_picks_the_one_person():
    people = [Person("KC", "Karen Cooper", "ACC"), Person("ME", "Martin Evans", "ACC")]
    result = resolve("ACC Cooper", meeting(people=people), [])
    assert result.message == ""
    assert result.owner.label() == "ACC Karen Cooper"


@pytest.mark.parametrize("written", ["ACC", "ACC Cooper", "Cooper"])
def test_a_role_or_name_held_by_two_people_is_ambiguous_not_a_guess(written):
    result = resolve(written, meeting(), [])
    assert result.message == (f"owner '{written}' is ambiguous: it could be Karen Cooper, "
                              f"Mark Cooper (at this meeting)")
    assert result.owner.name is None


def test_all_is_everyone():
    result = resolve("all", meeting(), [])
    assert result.message == "" and result.owner.everyone
    assert result.owner.matches("DCC") and result.owner.matches("anyone")


def test_unknown_owner_is_a_problem_with_did_you_mean():
    result = resolve("DCCC", meeting(), [])
    assert result.message == "unknown owner 'DCCC' (did you mean 'DCC'?)"
    assert "AB (DCC)" in result.hint


def test_roster_tenure_resolves_a_role_to_its_holder_on_the_date():
    assert resolve("Head of Crime", meeting(date(2016, 7, 26)), ROSTER).owner.name == "Jane Doe"
    assert resolve("Head of Crime", meeting(date(2017, 8, 22)), ROSTER).owner.name == "Paul Smith"
    assert resolve("Jane Doe", meeting(date(2017, 8, 22)), ROSTER).owner.id == "JD"


def test_roster_role_nobody_held_on_the_date_is_unknown():
    result = resolve("Head of Crime", meeting(date(2014, 1, 1)), ROSTER)
    assert result.message.startswith("unknown owner 'Head of Crime'")


def test_people_at_the_meeting_win_over_the_roster():
    people = [Person("JD", "Jenny Dale", "Head of Crime")]
    assert resolve("Head of Crime", meeting(people=people), ROSTER).owner.name == "Jenny Dale"


def test_owner_matches_id_name_or_role_as_held():
    owner = resolve("AB", meeting(), []).owner
    assert all(owner.matches(q) for q in ("AB", "dcc", "Anthony Bangham"))
    assert not owner.matches("CC")


def test_roster_file_is_loaded_and_checked(tmp_path):
    (tmp_path / "roster.yaml").write_text(
        "people:\n"
        "  - id: JD\n"
        "    name: Jane Doe\n"
        "    roles:\n"
        "      - {role: Head of Crime, from: 2015-04-01, to: 2016-12-31}\n", encoding="utf-8")
    entries, problems = load_roster(tmp_path)
    assert problems == []
    assert RosterEntry("JD", "Jane Doe", "Head of Crime", date(2015, 4, 1),
                       date(2016, 12, 31)) in entries
    (tmp_path / "roster.yaml").write_text("people:\n  - id: JD\n    nam: Jane\n",
                                          encoding="utf-8")
    entries, problems = load_roster(tmp_path)
    assert entries == [] and problems and problems[0].check == "schema"


def test_one_resolver_for_a_fold_answers_as_resolve_does_at_each_meeting():
    # the same people at two meetings a year apart: the roster is still asked on each date
    resolver = Resolver(ROSTER)
    summer, next_summer = meeting(date(2016, 7, 26)), meeting(date(2017, 8, 22))
    assert resolver("Head of Crime", summer).owner.name == "Jane Doe"
    assert resolver("Head of Crime", next_summer).owner.name == "Paul Smith"
    assert resolver("Head of Crime", summer).owner.name == "Jane Doe"
    # other people, other answers for the same text
    dale = meeting(date(2016, 7, 26), people=[Person("JD", "Jenny Dale", "Head of Crime")])
    assert resolver("Head of Crime", dale).owner.name == "Jenny Dale"
    assert resolver("ACC", dale).message == resolve("ACC", dale, ROSTER).message
    assert resolver("ACC", summer).message.startswith("owner 'ACC' is ambiguous")
    for written in ("AB", " ab ", "Cooper", "DCCC", "all", "Paul Smith"):
        for at in (summer, next_summer, dale):
            assert resolver(written, at) == resolve(written, at, ROSTER)


def test_a_blank_name_is_no_crash():
    people = [Person("AB", " ", "DCC"), Person("KC", "Karen Cooper", "ACC")]
    assert resolve("Cooper", meeting(people=people), []).owner.id == "KC"
    assert resolve("XY", meeting(people=people), []).message.startswith("unknown owner 'XY'")
