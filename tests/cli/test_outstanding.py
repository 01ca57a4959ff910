"""`actionlog outstanding` and `actionlog show` on the real meetings."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import REPO


def refs(result) -> list[str]:
    return [r["ref"] for r in json.loads(result.stdout)]


def test_state_as_of_1_july_2016_lists_the_june_actions_still_open(run):
    result = run(REPO, "outstanding", "--as-of", "1 July 2016", "--format", "json")
    assert result.exit_code == 0
    [record] = json.loads(result.stdout)
    assert record["ref"] == "2016-06-28/1"
    assert record["owner"] == "DCC Anthony Bangham"
    assert record["due"] == "2016-07-26" and record["due_written"] == "next meeting"


def test_owner_dcc_and_ab_after_july_2016_both_find_anthony_bangham(run):
    dcc = run(REPO, "outstanding", "--as-of", "2016-08-01", "--owner", "DCC", "--format", "json")
    ab = run(REPO, "outstanding", "--as-of", "01/08/2016", "--owner", "ab", "--format", "json")
    assert refs(dcc) == refs(ab) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    for record in json.loads(dcc.stdout):
        assert any(o["name"] == "Anthony Bangham" and o["role"] == "DCC"
                   for o in record["owners"])


def test_owner_acc_after_august_2017_finds_the_accs_actions(run):
    result = run(REPO, "outstanding", "--owner", "ACC", "--today", "2017-09-01",
                 "--format", "json")
    assert refs(result) == ["2017-08-22/1", "2017-08-22/2"]
    assert {r["owner"] for r in json.loads(result.stdout)} == {"ACC Martin Evans"}


def test_json_records_carry_every_field(run):
    result = run(REPO, "outstanding", "--today", "2016-09-01", "--format", "json")
    record = json.loads(result.stdout)[0]
    assert record == {
        "ref": "2016-07-26/1",
        "action": record["action"],
        "owner": "DCC Anthony Bangham",
        "holder_now": None,
        "owners": [{"written": "AB", "id": "AB", "name": "Anthony Bangham", "role": "DCC"}],
        "series": "monthly-assurance",
        "raised": "2016-07-26",
        "raised_date": "2016-07-26",
        "brought_from": None,
        "item": "1",
        "original_due": "2016-08-11",
        "due": "2016-08-11",
        "due_written": None,
        "slipped": 0,
        "status": "open",
        "latest_update": None,
        "age_days": 37,
        "days_overdue": 21,
        "confidential": False,
        "proposed": None, "proposed_status": None, "proposed_due": None,
        "proposed_owner": None, "proposed_update": None, "proposed_at": None,
    }
    assert record["action"].startswith("Clarify the date Athena are committed")


def test_overdue_and_due_before_filters(run):
    overdue = run(REPO, "outstanding", "--today", "2016-09-01", "--overdue", "--format", "json")
    assert refs(overdue) == ["2016-07-26/1"]
    before = run(REPO, "outstanding", "--today", "2017-09-01", "--due-before", "2017-01-01",
                 "--format", "json")
    assert refs(before) == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]


def test_piped_table_is_plain_text_with_a_count_per_owner(run):
    result = run(REPO, "outstanding", "--today", "2016-09-01")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "2016-07-26/1  [DCC Anthony Bangham]  due 2016-08-11  OVERDUE 21 days" in result.stdout
    # the record on 1 September 2016: the 2017 meetings had not taken place
    assert result.stdout.rstrip().endswith("3 open: DCC Anthony Bangham 3, CEx Andy Champness 1")


def test_csv_and_markdown_formats(run):
    result = run(REPO, "outstanding", "--today", "2016-09-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["ref"] for r in rows][:3] == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    md = run(REPO, "outstanding", "--today", "2016-09-01", "--format", "markdown").stdout
    lines = md.splitlines()
    assert lines[0].startswith("| Ref | Action | Owner |")
    assert all(l.count(" | ") == lines[0].count(" | ") for l in lines[2:])


def test_today_from_the_environment(run):
    result = run(REPO, "outstanding", "--overdue", "--format", "json",
                 env={"ACTIONLOG_TODAY": "2016-09-01"})
    assert refs(result) == ["2016-07-26/1"]


def test_empty_result_says_so_and_exits_0(run):
    # Andy Champness owes nothing overdue in August 2016: nothing owed, said so, exit 0
    result = run(REPO, "outstanding", "--owner", "Champness", "--overdue",
                 "--today", "2016-08-01")
    assert result.exit_code == 0
    assert result.stdout == "No open actions match.\n"


def test_an_owner_nobody_answers_to_is_an_error_with_did_you_mean(run):
    # a typo must not read as "nothing owed"
    result = run(REPO, "outstanding", "--owner", "DDC", "--today", "2016-09-01")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no action has an owner 'DDC' (did you mean 'dcc'?)" in result.stderr
    nobody = run(REPO, "outstanding", "--owner", "Nobody", "--today", "2016-09-01")
    assert nobody.exit_code == 1 and "no action has an owner 'Nobody'" in nobody.stderr


def test_an_unknown_series_is_an_error(run):
    result = run(REPO, "outstanding", "--series", "nosuch", "--today", "2016-09-01")
    assert result.exit_code == 1
    assert "no meetings of series 'nosuch' (series: monthly-assurance)" in result.stderr


def test_owners_are_found_by_surname_and_role_with_surname_in_any_case(run):
    def refs_of(*owner):
        out = run(REPO, "outstanding", "--today", "2017-09-01", "--format", "json",
                  *[a for o in owner for a in ("--owner", o)])
        assert out.exit_code == 0, out.stderr
        return refs(out)
    assert refs_of("bangham") == refs_of("Anthony Bangham") == refs_of("AB") != []
    assert refs_of("acc evans") == refs_of("ME") == ["2017-08-22/1", "2017-08-22/2"]


def test_bad_date_is_a_usage_error(run):
    result = run(REPO, "outstanding", "--today", "the thirty-first of Smarch")
    assert result.exit_code == 2
    assert "cannot read 'the thirty-first of Smarch' as a date" in result.stderr


def test_show_tells_the_whole_story(run):
    result = run(REPO, "show", "2016-06-28/1", "--today", "2016-09-01")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "  raised   28 June 2016 at 2016-06-28, item 1",
        "  owner    DCC Anthony Bangham",
        "  due      26 July 2016 (next meeting)",
        "  26 July 2016 (2016-07-26): discharged",
        "      A report had previously circulated outlining the options available.",
        "  now      discharged, due 26 July 2016",
    ]


def test_show_unknown_reference_suggests_the_nearest(run):
    result = run(REPO, "show", "2016-06-28/9")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no action '2016-06-28/9'; nearest: 2016-06-28/")
