"""Agendas, notes and the action log: golden files of the real meetings, the Markdown they
parse as, escaping, confidential items, and templates an office overrides."""

from __future__ import annotations

import dataclasses
import filecmp
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from actionlog import workspace
from actionlog.present import render
from actionlog.present import views
from tests.conftest import DATA, REPO

DRAFT = DATA / "2016-09-27.yaml"
REAL = ("2016-06-28", "2016-07-26", "2017-08-22")
TRACKER_COLUMNS = ["Ref", "Source", "Action", "Lead", "Original due", "Current due",
                   "Status / latest update"]
ACTION_COLUMNS = ["Ref", "Action", "Owner", "Due"]


def ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.fixture
def with_draft(workspace: Path) -> Path:
    """The real meetings plus a hand-written draft of the next one (27 September 2016)."""
    shutil.copy(DRAFT, workspace / "meetings" / DRAFT.name)
    return workspace


# ---------------------------------------------------------------- Markdown, parsed


def parse(text: str):
    return MarkdownIt("commonmark").enable("table").parse(text)


def headings(text: str) -> list[tuple[int, str]]:
    """(level, text as read) of every heading."""
    tokens = parse(text)
    return [(int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children))
            for i, t in enumerate(tokens) if t.type == "heading_open"]


def tables(text: str) -> list[dict]:
    """Every table: its header cells and its rows of cells, as parsed."""
    out, current, row, cell = [], None, None, None
    for t in parse(text):
        if t.type == "table_open":
            current = {"header": [], "rows": []}
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            cell = t.type
        elif t.type == "inline" and cell:
            row.append(t.content)
            cell = None
        elif t.type == "tr_close":
            if current["header"] == [] and not current["rows"]:
                current["header"] = row
            else:
                current["rows"].append(row)
        elif t.type == "table_close":
            out.append(current)
    return out


def plain(text: str) -> str:
    """The document's text as a reader sees it: escapes undone, breaks as spaces."""
    parts = []
    for t in parse(text):
        for child in t.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak") or (
                    child.type == "html_inline" and child.content == "<br>"):
                parts.append(" ")
        parts.append(" ")
    return squash("".join(parts))


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_well_formed(text: str) -> None:
    """One title, headings that never skip a level, and every table a real table."""
    levels = [level for level, _ in headings(text)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading skips from level {before} to {after}"
    separators = len(re.findall(r"^\| --- \|", text, re.MULTILINE))
    found = tables(text)
    assert len(found) == separators, "a table in the text does not parse as one"
    for table in found:
        for row in table["rows"]:
            assert len(row) == len(table["header"])
            assert all(cell.strip() for cell in row), f"an empty cell in {row}"
    assert "{{" not in text and "{%" not in text


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize("meeting", REAL + ("2016-08-30",))
def test_notes_of_the_real_meetings_match_their_golden_files(workspace, run, golden, meeting):
    text = ok(run(workspace, "notes", meeting))
    golden(f"notes-{meeting}.md", text)
    assert_well_formed(text)


def test_agenda_of_the_next_meeting_matches_its_golden_file(with_draft, run, golden):
    text = ok(run(with_draft, "agenda"))  # the latest draft: 27 September 2016
    golden("agenda-2016-09-27.md", text)
    assert_well_formed(text)


@pytest.mark.parametrize("today", ["2016-09-01", "2017-09-01"])
def test_action_log_matches_its_golden_file(workspace, run, golden, today):
    text = ok(run(workspace, "log", "--today", today))
    golden(f"log-{today}.md", text)
    assert_well_formed(text)


def test_the_draft_used_for_the_agenda_is_a_valid_meeting(with_draft):
    ws = workspace.load(with_draft)
    assert ws.problems == []
    assert ws.by_id()["2016-09-27"].status == "draft"


def test_repository_templates_are_the_shipped_defaults():
    for name in render.NAMES:
        assert filecmp.cmp(REPO / "templates" / name, render.DEFAULTS / name, shallow=False), \
            f"templates/{name} differs from actionlog/defaults/{name}"


# ---------------------------------------------------------------- the notes


@pytest.mark.parametrize("meeting_id", REAL)
def test_every_action_owner_and_update_appears_in_the_notes(workspace, run, meeting_id):
    text = plain(ok(run(workspace, "notes", meeting_id)))
    meeting = workspace_meeting(workspace, meeting_id)
    found = 0
    for action, _item, _review in meeting.raised_actions():
        assert squash(action.text) in text
        assert f"{meeting.id}/{action.number}" in text
        for owner in action.owners:
            assert re.search(rf"\b{re.escape(owner)}\b", text), owner
        found += 1
    for review, _item in meeting.reviews():
        assert squash(review.update) in text
        if review.ref:
            assert review.ref in text
        else:
            assert squash(review.text) in text and squash(review.raised) in text
        found += 1
    assert found >= 3


def workspace_meeting(root: Path, meeting_id: str):
    return workspace.load(root).by_id()[meeting_id]


def test_notes_lay_out_the_meeting_as_the_real_notes_do(workspace, run):
    text = ok(run(workspace, "notes", "2016-07-26"))
    heads = headings(text)
    assert heads[:4] == [(1, "Monthly Assurance Meeting July 2016 – Meeting Notes"),
                         (2, "Attendance"), (2, "Apologies"), (2, "1. Outstanding matters")]
    i = heads.index((2, "4. Holding to account"))
    assert heads[i + 1:i + 3] == [(3, "4a Performance against the Police and Crime Plan"),
                                  (4, "Cyber crime (deferred from 28 June 2016)")]
    assert heads[-1] == (2, "6. Date of next meeting")
    assert "**Date:** Tuesday 26 July 2016 at 10:30" in text
    attendance, apologies = tables(text)[:2]
    assert attendance["header"] == ["Name", "Capacity"]
    assert attendance["rows"][0] == ["John Campion (JC)", "Police and Crime Commissioner (PCC)"]
    assert apologies["rows"] == [["David Shaw (DS)", "Chief Constable (CC)"]]
    cyber = [t for t in tables(text) if t["header"] == ACTION_COLUMNS][1]
    assert cyber["rows"][0] == [
        "2016-07-26/2", "Determine a way forward which is compatible with the LA structure in "
        "West Mercia.", "AC (CEx Andy Champness), AB (DCC Anthony Bangham)",
        "next meeting (27 September 2016)"]
    # the cancelled August meeting, as the real notes show it
    assert "30 August 2016 – CANCELLED\n\nTuesday 27 September 2016\n" in text
    assert "This item was not covered due to time constraints" in text


def test_june_notes_say_there_were_no_apologies_and_no_actions_where_none(workspace, run):
    text = ok(run(workspace, "notes", "2016-06-28"))
    assert "## Apologies\n\nNone.\n" in text
    assert "#### Missing persons" in text
    missing = text.split("#### Missing persons")[1].split("####")[0]
    assert "**Actions arising:**\n\nThere were none." in missing
    # the deferred item says so, and lists no actions
    cyber = text.split("#### Cyber crime offences")[1].split("###")[0]
    assert "This item was deferred until the next meeting." in cyber
    assert "Actions arising" not in cyber


def test_sub_items_nest_and_actions_of_their_parent_follow_them(workspace, run):
    text = ok(run(workspace, "notes", "2017-08-22"))
    heads = headings(text)
    i = heads.index((4, "Building a more secure West Mercia – Telford"))
    assert [h for h in heads[i + 1:i + 7]] == [
        (5, "The raw data, and the reasons for the disparity (questions 1 and 2)"),
        (5, "Crime types that give cause for concern (question 3)"),
        (5, "The resourcing model and the demand profile (question 4)"),
        (5, "Partners' engagement in reducing demand (question 5)"),
        (5, "Measures to address the issues identified (question 6)"),
        (5, "Actions arising")]
    assert heads[i + 7] == (3, "4b Delivery of strategic initiatives")


def test_findings_discussion_and_assurance_print_in_the_order_written(workspace, run):
    # 2017: the PCC's question (discussion) comes before the CC's answer (findings)
    text = ok(run(workspace, "notes", "2017-08-22"))
    section = text[text.index("##### The resourcing model"):text.index("##### Partners'")]
    assert section.index("The PCC suggested") < section.index("**Findings:**")
    # written the other way round, printed the other way round
    path = workspace / "meetings" / "2017-08-22.yaml"
    source = path.read_text(encoding="utf-8")
    old = source[source.index("              - title: The resourcing model"):
                 source.index("              - title: Partners' engagement")]
    head, rest = old.split("                discussion:\n", 1)
    discussion, findings = rest.split("                findings:\n", 1)
    path.write_text(source.replace(old, head + "                findings:\n" + findings +
                                   "                discussion:\n" + discussion),
                    encoding="utf-8")
    text = ok(run(workspace, "notes", "2017-08-22"))
    section = text[text.index("##### The resourcing model"):text.index("##### Partners'")]
    assert section.index("**Findings:**") < section.index("The PCC suggested")


def test_notes_default_to_the_latest_meeting_that_was_not_cancelled(workspace, run):
    assert ok(run(workspace, "notes")) == ok(run(workspace, "notes", "2017-08-22"))


def test_a_meeting_can_be_named_by_its_file(workspace, run):
    by_path = ok(run(workspace, "notes", str(workspace / "meetings" / "2016-06-28.yaml")))
    assert by_path == ok(run(workspace, "notes", "2016-06-28"))


def test_a_cancelled_meeting_renders_as_a_short_notice(workspace, run):
    text = ok(run(workspace, "notes", "2016-08-30"))
    assert headings(text) == [(1, "Monthly Assurance Meeting August 2016 – Cancelled")]
    assert "was cancelled" in text and "the next meeting is 27 September 2016" in text


CONFIDENTIAL = """\
title: Monthly Assurance Meeting
series: monthly-assurance
date: 2016-10-25
time: "10:30"
status: approved
chair: JC
attendees:
  - {id: JC, name: John Campion, role: PCC}
  - {id: AB, name: Anthony Bangham, role: DCC}
items:
  - number: "1"
    title: Vetting backlog
    findings: [The backlog has halved since July.]
    actions:
      - {id: 1, owner: DCC, text: Publish the vetting figures., due: 2016-11-29}
      - {id: 2, owner: AB, text: Brief the PCC on the named officers., confidential: true}
  - number: "2"
    title: Misconduct case review
    confidential: true
    findings: [Details of the case against officer X.]
    actions:
      - {id: 3, owner: AB, text: Report the outcome of the hearing., due: 2016-11-29}
  - number: "3"
    title: AOB
"""


def test_public_notes_leave_out_confidential_items_and_actions_and_say_so(workspace, run):
    (workspace / "meetings" / "2016-10-25.yaml").write_text(CONFIDENTIAL, encoding="utf-8")
    full = ok(run(workspace, "notes", "2016-10-25"))
    public = ok(run(workspace, "notes", "2016-10-25", "--public"))
    for secret in ("Misconduct case review", "officer X", "named officers",
                   "outcome of the hearing", "2016-10-25/2", "2016-10-25/3"):
        assert secret in full
        assert secret not in public
    assert "Publish the vetting figures." in public
    # the actions of a confidential item go with it
    assert ("This is the public version of these notes: 1 confidential (Part 2) item and "
            "1 confidential (Part 2) action are not included.") in public
    assert "1 confidential action is not included in this public version." in public
    assert_well_formed(public)


# ---------------------------------------------------------------- Markdown correctness


HOSTILE = """\
title: Monthly Assurance Meeting
series: monthly-assurance
date: 2016-10-25
status: approved
chair: JC
attendees:
  - {id: JC, name: John Campion, role: PCC, capacity: "Commissioner | PCC"}
items:
  - number: "1"
    title: "Pipes | stars * and # hashes"
    findings:
      - "1. This is not a list item, and *this* is not emphasis."
      - |-
        Two lines,
        - the second not a bullet
      - "> not a quote, <b>not HTML</b>, &amp; not an entity, [not](a-link) `not code`"
    discussion:
      - "# not a heading"
      - "+ not a list; a back\\\\slash; $5 and $10; _under_ ~tilde~ ^caret^ @cite"
    actions:
      - id: 1
        owner: JC
        text: |-
          Report | with a pipe
          and a second line
        due: 2016-11-29
"""


def test_text_that_looks_like_markdown_stays_text(workspace, run):
    (workspace / "meetings" / "2016-10-25.yaml").write_text(HOSTILE, encoding="utf-8")
    text = ok(run(workspace, "notes", "2016-10-25"))
    assert_well_formed(text)
    tokens = parse(text)
    kinds = {t.type for t in tokens}
    assert "blockquote_open" not in kinds and "ordered_list_open" not in kinds
    assert sum(t.type == "list_item_open" for t in tokens) == 3  # the three findings
    heads = headings(text)
    assert (2, "1. Pipes | stars * and # hashes") in heads
    assert all(level != 1 or title.startswith("Monthly") for level, title in heads)
    words = plain(text)
    for phrase in ("1. This is not a list item, and *this* is not emphasis.",
                   "Two lines, - the second not a bullet",
                   "> not a quote, <b>not HTML</b>, &amp; not an entity, [not](a-link) "
                   "`not code`",
                   "# not a heading",
                   "+ not a list; a back\\slash; $5 and $10; _under_ ~tilde~ ^caret^ @cite"):
        assert phrase in words
    attendance = tables(text)[0]
    assert attendance["rows"] == [["John Campion (JC)", "Commissioner | PCC"]]
    actions = [t for t in tables(text) if t["header"] == ACTION_COLUMNS][0]
    assert actions["rows"][0][1] == "Report | with a pipe<br>and a second line"


def test_markdown_helpers_escape_what_would_break_a_table_or_a_block():
    assert views.md_cell("a | b\nc") == "a \\| b<br>c"
    assert views.md("1. one\n- two") == "1\\. one\\\n\\- two"
    assert views.md_heading("4a Cyber *crime*") == "4a Cyber \\*crime\\*"
    assert views.md("") == "" and views.md(None) == ""


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_tables_and_headings(workspace, run):
    text = ok(run(workspace, "notes", "2016-07-26"))
    html = subprocess.run(["pandoc", "--from", "markdown", "--to", "html"], input=text,
                          capture_output=True, text=True, check=True).stdout
    assert html.count("<table") == len(tables(text))
    assert html.count("<h4") == sum(1 for level, _ in headings(text) if level == 4)


# ---------------------------------------------------------------- the agenda


def test_agenda_lists_outstanding_actions_as_a_tracker(with_draft, run):
    text = ok(run(with_draft, "agenda", "2016-09-27"))
    heads = headings(text)
    assert heads[0] == (1, "Monthly Assurance Meeting September 2016 – Agenda")
    assert (3, "Due by this meeting") in heads and (3, "Not yet due") in heads
    assert ("### 4c HMIC inspection programme / matters arising from the Service Improvement "
            "Board (SIB) (deferred from 26 July 2016)") in text
    assert "**Date:** Tuesday 27 September 2016 at 10:30" in text
    (due,) = [t for t in tables(text) if t["header"] == TRACKER_COLUMNS]
    # overdue is judged on the meeting's date: 11 August to 27 September is 47 days
    assert due["rows"][0][:6] == [
        "2016-07-26/1", "26 July 2016, item 1", due["rows"][0][2], "DCC Anthony Bangham",
        "11 August 2016", "11 August 2016<br>**Overdue by 47 days**"]
    # the draft's own entries are proposals until the meeting is held (the rule of the record)
    assert due["rows"][0][6].startswith("Open. Closure proposed for 27 September 2016: Dates "
                                        "circulated by email")
    assert [r[0] for r in due["rows"]] == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    assert due["rows"][1][4:6] == ["27 September 2016 (next meeting)", "27 September 2016"]
    assert due["rows"][1][6] == ("Open. In progress, new due date 25 October 2016 proposed for "
                                 "27 September 2016: Awaiting the Local Authority structure "
                                 "review | report due in October.")
    assert "Overdue" not in due["rows"][2][5]
    invited = tables(text)[0]
    assert [r[0] for r in invited["rows"]] == ["John Campion (JC)", "David Shaw (DS)",
                                              "Anthony Bangham (AB)", "Andy Champness (AC)"]
    assert "**Apologies received:** Andy Champness (AC)." in text


def test_agenda_of_a_past_meeting_lists_what_it_had_to_review(workspace, run):
    text = ok(run(workspace, "agenda", "2016-07-26"))
    due = [t for t in tables(text) if t["header"] == TRACKER_COLUMNS][0]
    assert [r[0] for r in due["rows"]] == ["2016-06-28/1", "2016-06-28/2"]


def test_agenda_without_a_draft_names_new_meeting(workspace, run):
    result = run(workspace, "agenda")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "actionlog new-meeting" in result.stderr
    assert result.stderr.startswith("error: ")


# ---------------------------------------------------------------- the action log


def test_log_groups_open_actions_by_role_then_lists_those_closed(workspace, run):
    text = ok(run(workspace, "log", "--today", "2016-09-01"))
    heads = headings(text)
    assert heads == [(1, "Action log as of 1 September 2016"), (2, "Open actions"),
                     (3, "CEx (Andy Champness)"), (3, "DCC (Anthony Bangham)"),
                     (2, "Closed since the meeting of 26 July 2016")]
    assert "3 actions open, 1 of them overdue; 1 closed since the meeting of 26 July 2016." \
        in text
    cex, dcc, closed = tables(text)
    assert [r[0] for r in dcc["rows"]] == ["2016-07-26/1", "2016-07-26/2", "2016-07-26/3"]
    assert "**Overdue by 21 days**" in dcc["rows"][0][5]
    assert [r[0] for r in closed["rows"]] == ["2016-06-28/1"]


# ---------------------------------------------------------------- templates and output


def test_a_workspace_template_overrides_the_default(workspace, run):
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "notes.md.j2").write_text(
        "Notes of {{ meeting.day }}: {{ items | length }} items, chaired by "
        "{{ meeting.chair }}.\n", encoding="utf-8")
    assert ok(run(workspace, "notes", "2016-07-26")) == (
        "Notes of Tuesday 26 July 2016: 5 items, chaired by John Campion.\n")
    # the other documents still come from the defaults
    assert ok(run(workspace, "log", "--today", "2016-09-01")).startswith("# Action log")


def test_without_a_templates_folder_the_shipped_defaults_are_used(workspace, run, golden):
    shutil.rmtree(workspace / "templates")
    golden("notes-2016-07-26.md", ok(run(workspace, "notes", "2016-07-26")))


def test_a_template_with_an_unknown_variable_fails_naming_file_and_line(workspace, run):
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "notes.md.j2").write_text(
        "# {{ meeting.title }}\n\nVenue: {{ meeting.venu }}\n", encoding="utf-8")
    result = run(workspace, "notes", "2016-07-26")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[:2] == [
        "error: templates/notes.md.j2:3: 'Header' has no attribute 'venu'",
        "    3 | Venue: {{ meeting.venu }}"]
    assert "Traceback" not in result.stderr


def test_the_sandbox_refuses_python_internals_however_often_asked(tmp_path):
    """The sandbox keeps its verdict on an attribute for each type and name: a safe one
    read many times, an internal one refused every time, on every type."""
    (tmp_path / "templates").mkdir()
    env = render.Templates(tmp_path)
    rows = [views.Numbered(str(n), "t") for n in range(3)]
    values = {"rows": rows, "f": ok, "cls": str}
    for _ in range(2):
        for n, unsafe in enumerate(("f.__globals__", "f.__code__", "cls.mro", "rows[0].__dataclass_fields__",
                                    "rows[0].__class__", "cls.__subclasses__")):
            (tmp_path / "templates" / f"bad{n}.md.j2").write_text(
                "{% for r in rows %}{{ r.number }}{% endfor %}{{ " + unsafe + " }}",
                encoding="utf-8")
            with pytest.raises(render.RenderError, match="unsafe"):
                env.render(f"bad{n}.md.j2", values)
        (tmp_path / "templates" / "good.md.j2").write_text(
            "{% for r in rows %}{{ r.number }}{{ r.text }};{% endfor %}{{ cls.upper('a') }}",
            encoding="utf-8")
        assert env.render("good.md.j2", values) == "0t;1t;2t;A"


def test_a_template_syntax_error_names_file_and_line(workspace, run):
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "agenda.md.j2").write_text(
        "# {{ meeting.title }}\n{% for item in items %}\n{{ item.heading }}\n",
        encoding="utf-8")
    shutil.copy(DRAFT, workspace / "meetings" / DRAFT.name)
    result = run(workspace, "agenda")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/agenda.md.j2:3: Unexpected end of "
                                    "template")


def test_output_file(workspace, run, tmp_path):
    target = tmp_path / "notes.md"
    result = run(workspace, "notes", "2016-06-28", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == ok(run(workspace, "notes", "2016-06-28"))


def test_unknown_meeting_and_broken_file_are_one_line_errors(workspace, run):
    result = run(workspace, "notes", "2016-07-27")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no meeting '2016-07-27'")
    (workspace / "meetings" / "2016-10-25.yaml").write_text(
        "title: Monthly Assurance Meeting\nseries: monthly-assurance\ndate: 2016-10-25\n"
        "status: aproved\n", encoding="utf-8")
    result = run(workspace, "notes", "2016-10-25")
    assert result.exit_code == 1
    assert "meetings/2016-10-25.yaml has problems" in result.stderr
    assert "actionlog validate meetings/2016-10-25.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_document_command_has_help_with_an_example(run):
    for command in ("agenda", "notes", "log"):
        result = run(REPO, command, "--help")
        assert result.exit_code == 0
        assert "Example: actionlog " + command in result.stdout


def test_readme_documents_the_commands_and_template_variables():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Agendas, notes and the action log" in readme
    for command in ("actionlog agenda", "actionlog notes", "actionlog log"):
        assert f"`{command}" in readme
    section = readme.split("## Agendas, notes and the action log")[1].split("\n## ")[0]
    records = [v for v in vars(views).values() if dataclasses.is_dataclass(v)
               and v.__module__ == views.__name__ and not v.__name__.startswith("_")]
    assert len(records) >= 10
    for record in records:
        for name in views.context_names(record):
            assert f"`{name}`" in section, f"README does not describe {record.__name__}.{name}"


def test_whitespace_is_tidied_but_text_is_not_touched():
    assert render.tidy("a  \n\n\n\nb\n\n") == "a\n\nb\n"
    assert render.tidy(textwrap.dedent("""\
        | a |
        | --- |
        """)) == "| a |\n| --- |\n"
