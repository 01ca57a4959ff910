"""The document commands writing files: the names they choose, never overwriting without
--force, agenda --public, the Excel tracker (log --to xlsx, outstanding --format xlsx) opened
with openpyxl, CSV for Excel (a byte-order mark), and their errors."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.conftest import DATA
from tests.present.test_render import CONFIDENTIAL

TRACKER = ["Ref", "Source", "Action", "Lead", "Original due", "Current due", "Status",
           "Latest update", "Proposed close", "Days overdue"]


@pytest.fixture
def with_draft(workspace: Path) -> Path:
    (workspace / "meetings" / "2016-09-27.yaml").write_bytes(
        (DATA / "2016-09-27.yaml").read_bytes())
    return workspace


# ---------------------------------------------------------------- names and overwriting


@pytest.mark.parametrize("args, name", [
    (("agenda", "2016-09-27", "--to", "docx"), "agenda-2016-09-27.docx"),
    (("agenda", "--to", "pdf"), "agenda-2016-09-27.pdf"),  # the latest draft, named too
    (("notes", "26/07/2016", "--to", "html"), "notes-2016-07-26.html"),
    (("notes", "--to", "md"), "notes-2017-08-22.md"),
    (("log", "--today", "2016-09-01", "--to", "xlsx"), "log-2016-09-01.xlsx"),
    (("log", "--today", "2016-09-01", "--series", "monthly-assurance", "--to", "docx"),
     "log-monthly-assurance-2016-09-01.docx"),
])
def test_files_are_named_document_dash_meeting_id(with_draft, run, here, args, name):
    result = run(with_draft, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {name}\n"
    assert [p.name for p in here.iterdir()] == [name]


def test_an_existing_file_is_kept_without_force(with_draft, run, here):
    assert run(with_draft, "agenda", "--to", "docx").exit_code == 0
    before = (here / "agenda-2016-09-27.docx").read_bytes()
    again = run(with_draft, "agenda", "--to", "docx")
    assert again.exit_code == 1
    assert again.stderr == ("error: agenda-2016-09-27.docx already exists; use --force to "
                            "overwrite it\n")
    assert (here / "agenda-2016-09-27.docx").read_bytes() == before
    kept = run(with_draft, "notes", "-o", "agenda-2016-09-27.docx")
    assert kept.exit_code == 1 and "use --force" in kept.stderr
    forced = run(with_draft, "notes", "2016-07-26", "-o", "agenda-2016-09-27.docx", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert docx.Document("agenda-2016-09-27.docx").core_properties.subject == "Meeting notes"
    assert [p.name for p in here.iterdir()] == ["agenda-2016-09-27.docx"]  # no temporary left


def test_markdown_still_prints_without_a_file(workspace, run, here):
    result = run(workspace, "notes", "2016-07-26")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Monthly Assurance Meeting July 2016")
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (("notes", "--to", "docx", "-o", "-"),
     "error: a docx file cannot go to standard output: name it with -o FILE\n"),
    (("agenda", "2016-07-26", "--to", "xlsx"), "Invalid value for '--to'"),
    (("notes", "-o", "notes.xlsx"),
     "error: only the action log is a spreadsheet: write this with --to docx, pdf, html or "
     "md\n"),
])
def test_formats_that_cannot_be_written_are_refused(workspace, run, here, args, message):
    result = run(workspace, *args)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert list(here.iterdir()) == []


def test_a_pdf_without_weasyprint_says_what_to_install(workspace, run, here, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    result = run(workspace, "notes", "--to", "pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: a PDF needs WeasyPrint")
    assert "pip install 'actionlog[pdf]'" in result.stderr
    assert list(here.iterdir()) == []


def test_html_is_one_page_with_title_and_language(with_draft, run, here):
    assert run(with_draft, "agenda", "--to", "html").exit_code == 0
    html = (here / "agenda-2016-09-27.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert "<title>Monthly Assurance Meeting September 2016 – Agenda</title>" in html
    assert '<th scope="col">Ref</th>' in html and "hyphens: manual" in html


# ---------------------------------------------------------------- the public agenda


def test_public_agenda_leaves_out_part2_and_says_so(with_draft, run, here):
    full = run(with_draft, "agenda")
    public = run(with_draft, "agenda", "--public")
    assert full.exit_code == public.exit_code == 0
    assert "Professional standards" in full.stdout
    assert "Professional standards" not in public.stdout
    assert ("**This is the public version of this agenda: 1 confidential (Part 2) item is "
            "not included.**") in public.stdout
    assert "public version" not in full.stdout


def test_public_agenda_leaves_out_confidential_actions_from_the_tracker(workspace, run, here):
    (workspace / "meetings" / "2016-10-25.yaml").write_text(CONFIDENTIAL, encoding="utf-8")
    assert run(workspace, "new-meeting", "--date", "2016-11-29").exit_code == 0
    full = run(workspace, "agenda", "2016-11-29")
    public = run(workspace, "agenda", "2016-11-29", "--public")
    assert "2016-10-25/3" in full.stdout
    assert "2016-10-25/3" not in public.stdout
    assert re.search(r"public version of this agenda: .*confidential \(Part 2\) action",
                     public.stdout)
    assert run(workspace, "agenda", "2016-11-29", "--public", "--to", "docx").exit_code == 0
    assert run(workspace, "agenda", "2016-11-29", "--to", "docx", "-o", "full.docx").exit_code == 0
    public_doc = docx.Document("agenda-2016-11-29.docx")
    assert public_doc.sections[0].header.paragraphs[0].text == "OFFICIAL"
    cells = {c.text for t in public_doc.tables for row in t.rows for c in row.cells}
    assert "2016-10-25/3" not in cells
    full_doc = docx.Document("full.docx")
    assert full_doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_markings_come_from_the_workspace_settings(workspace, run, here):
    (workspace / "actionlog.toml").write_text(
        '[documents]\nmarking = "OFFICIAL – FOR THE BOARD"\npublic_marking = ""\n',
        encoding="utf-8")
    assert run(workspace, "notes", "2016-07-26", "--to", "docx").exit_code == 0
    doc = docx.Document("notes-2016-07-26.docx")
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL – FOR THE BOARD"
    assert run(workspace, "notes", "2016-07-26", "--public", "-o", "p.docx").exit_code == 0
    assert docx.Document("p.docx").sections[0].header.paragraphs[0].text == ""


def test_a_bad_marking_setting_is_one_located_line(workspace, run, here):
    (workspace / "actionlog.toml").write_text("[documents]\nmarkng = 'OFFICIAL'\n",
                                              encoding="utf-8")
    result = run(workspace, "notes", "--to", "docx")
    assert result.exit_code == 1
    assert result.stderr == ("error: actionlog.toml: [documents] has no setting 'markng' "
                             "(settings: confidential_marking, marking, public_marking)\n")


# ---------------------------------------------------------------- the Excel tracker


def sheet_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_log_as_xlsx_is_the_tracker(workspace, run, here):
    result = run(workspace, "log", "--today", "2016-09-01", "-o", "tracker.xlsx")
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook("tracker.xlsx")
    assert wb.sheetnames == ["Actions"]
    ws = wb["Actions"]
    rows = sheet_rows(ws)
    assert list(rows[0]) == TRACKER
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{len(rows)}"
    by_ref = {r[0]: dict(zip(TRACKER, r)) for r in rows[1:]}
    late = by_ref["2016-07-26/1"]
    assert late["Current due"] == datetime(2016, 8, 11)
    assert late["Status"] == "Open – overdue" and late["Days overdue"] == 21
    assert by_ref["2016-06-28/1"]["Status"] == "Discharged 26 July 2016"
    line = [r[0] for r in rows].index("2016-07-26/1") + 1
    assert ws.cell(line, 6).is_date and ws.cell(line, 6).number_format == "d mmm yyyy"
    assert ws.cell(line, 1).fill.fgColor.rgb.endswith("FBE3E3")
    assert ws.cell(line, 7).font.color.rgb.endswith("B00000")
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJ"}
    assert widths["C"] == max(widths.values())  # the action
    assert widths["A"] >= len("2016-07-26/1")
    assert wb.properties.title == "Action log as of 1 September 2016"


def test_a_sheet_per_series(workspace, run, here):
    audit = (workspace / "meetings" / "2016-07-26.yaml").read_text(encoding="utf-8")
    audit = audit.replace("series: monthly-assurance", "series: audit-committee")
    (workspace / "meetings" / "audit").mkdir()
    (workspace / "meetings" / "audit" / "2016-07-26.yaml").write_text(audit, encoding="utf-8")
    result = run(workspace, "outstanding", "--today", "2016-09-01", "--format", "xlsx")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote outstanding-2016-09-01.xlsx\n"
    wb = openpyxl.load_workbook("outstanding-2016-09-01.xlsx")
    assert sorted(wb.sheetnames) == ["audit-committee", "monthly-assurance"]
    refs = {ws.title: [r[0] for r in sheet_rows(ws)[1:]] for ws in wb}
    assert all(ref.startswith("audit/") for ref in refs["audit-committee"])
    for ws in wb:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_outstanding_xlsx_follows_its_filters(workspace, run, here):
    result = run(workspace, "outstanding", "--today", "2016-09-01", "--overdue",
                 "--format", "xlsx", "-o", "late.xlsx")
    assert result.exit_code == 0, result.stderr
    rows = sheet_rows(openpyxl.load_workbook("late.xlsx")["Actions"])
    assert [r[0] for r in rows[1:]] == ["2016-07-26/1"]
    assert run(workspace, "outstanding", "--format", "xlsx", "-o", "-").exit_code == 1


# ---------------------------------------------------------------- CSV for Excel


def test_csv_in_a_file_has_a_byte_order_mark(workspace, run, here):
    assert run(workspace, "outstanding", "--format", "csv", "-o", "open.csv").exit_code == 0
    data = Path("open.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfref,action,")
    assert run(workspace, "outstanding", "-o", "plain.csv", "--no-bom").exit_code == 0
    assert Path("plain.csv").read_bytes().startswith(b"ref,action,")


def test_csv_on_standard_output_has_none_unless_asked(workspace, run):
    plain = run(workspace, "outstanding", "--format", "csv")
    assert plain.stdout.startswith("ref,action,")
    marked = run(workspace, "outstanding", "--format", "csv", "--bom")
    assert marked.stdout.startswith("\ufeffref,action,")
