"""The Excel tracker's cells: each cell styled by its column, the kind of its value and its
row's being overdue (styles are made once per kind and copied, so every kind is checked
here, in rows that mix them), row heights fitted to the wrapped text, and text kept text
however it begins."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import openpyxl

from actionlog.present import excel


def sheet_row(n: int, overdue: bool, original, action: str = "Report back") -> excel.SheetRow:
    return excel.SheetRow(
        series="board", ref=f"2016-06-28/{n}", source="28 June 2016, item 4",
        action=action, lead="DCC", original_due=original, current_due=date(2016, 7, n),
        status="Open – overdue" if overdue else "Open", update="",
        proposed_close=None, days_overdue=3 if overdue else 0)


def test_every_cell_is_styled_by_its_column_kind_and_row(tmp_path):
    rows = [sheet_row(1, False, date(2016, 7, 1)), sheet_row(2, True, "next meeting"),
            sheet_row(3, True, date(2016, 7, 3)), sheet_row(4, False, "next meeting"),
            sheet_row(5, False, None)]
    out = excel.write(rows, tmp_path / "t.xlsx", "Tracker")
    ws = openpyxl.load_workbook(out)["Actions"]
    assert [c.value for c in ws[1]] == list(excel.COLUMNS)
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("E7E6E6") for c in ws[1])
    for line, r in enumerate(rows, 2):
        for col, title in enumerate(excel.COLUMNS, 1):
            cell = ws.cell(line, col)
            assert cell.alignment.vertical == "top"
            assert bool(cell.alignment.wrap_text) == (title in excel.WRAPPED)
            dated = isinstance(cell.value, datetime)
            assert cell.number_format == (excel.DATE_FORMAT if dated else "General")
            late = bool(r.days_overdue)
            assert cell.fill.fgColor.rgb.endswith("FBE3E3") == late
            assert bool(cell.font.b) == (late and title == "Status")
    assert ws.cell(3, 5).value == "next meeting" and ws.cell(2, 5).is_date
    assert ws.cell(6, 5).value is None


def test_a_row_is_as_high_as_its_most_wrapped_cell(tmp_path):
    long = "word " * 30  # 150 characters: three lines of the Action column's 60
    rows = [sheet_row(1, False, None), sheet_row(2, False, None, action=long),
            sheet_row(3, False, None, action="first line\nsecond line")]
    ws = openpyxl.load_workbook(excel.write(rows, tmp_path / "t.xlsx", "T"))["Actions"]
    assert ws.column_dimensions["C"].width == excel.WRAPPED["Action"] + 2
    heights = [ws.row_dimensions[line].height for line in range(2, 5)]
    assert heights == [excel.LINE_PT, 3 * excel.LINE_PT, 2 * excel.LINE_PT]


def test_text_that_looks_like_a_formula_or_an_error_stays_text(tmp_path):
    link = '=HYPERLINK("http://example.com/x","click")'
    rows = [sheet_row(1, False, None, action=link), sheet_row(2, False, "#N/A")]
    out = excel.write(rows, tmp_path / "t.xlsx", "T")
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="e"' not in xml
    ws = openpyxl.load_workbook(out)["Actions"]
    assert (ws.cell(2, 3).value, ws.cell(2, 3).data_type) == (link, "s")
    assert (ws.cell(3, 5).value, ws.cell(3, 5).data_type) == ("#N/A", "s")
