"""A sheet's rows written as text (present/xlsxrows.py) against openpyxl's own writer.

The oracle here puts the same cells into the sheet the way openpyxl's API does (a `Cell`
with its value and its style, text that openpyxl would take for a formula or an error set
back to text, appended row by row; each row's height in `row_dimensions`) and saves the
workbook with `Workbook.save`. Every part of the two files (the sheets, styles.xml with its
`cellXfs`, the workbook, the properties, the content types), unzipped, must be the same
bytes but docProps/core.xml's two times: for random trackers (the styles the tracker uses,
overdue rows, one sheet or several) and random grids (text with XML's special characters,
every Unicode character XML allows, tabs and line breaks, spaces at either end, empty and
formula-like text; numbers, booleans, dates and empty cells; styled and unstyled).
"""

from __future__ import annotations

import re
import zipfile
from contextlib import contextmanager
from datetime import date
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.exceptions import IllegalCharacterError

from actionlog.present import excel, xlsxrows

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# every character XML 1.0 allows but the C0 controls and the noncharacters, and then tab,
# CR, LF, DEL, NEL (a space to Python's strip, not to XML's), a no-break space, a line
# separator and characters beyond the BMP
CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    st.sampled_from('\t\r\n\x7f\x85 \xa0\u2028<>&"\'=#\U0001F600'))
TEXT = st.one_of(st.text(CHARS, max_size=12),
                 st.sampled_from(["", " ", "=", "=A1", '=HYPERLINK("http://x","y")', "#N/A",
                                  "#DIV/0!", " lead", "trail ", "]]>", "a\r\nb"]))
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_TIMES = re.compile(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>")


def openpyxl_save(wb: Workbook, out, grids: dict) -> None:
    """The oracle: the grids' cells put into their sheets through openpyxl's API, and the
    workbook saved by openpyxl."""
    for ws, grid in grids.items():
        for cells in grid.rows:
            line = []
            for value, style in cells:
                cell = Cell(ws, value=value, style_array=style)
                if cell.data_type in ("f", "e"):  # text, as written, never run
                    cell.data_type = "s"
                line.append(cell)
            ws.append(line)
        for n, height in enumerate(grid.heights, 1):
            if height is not None:
                ws.row_dimensions[n].height = height
    wb.save(out)


@contextmanager
def saved_by_openpyxl():
    with mock.patch.object(xlsxrows, "save", openpyxl_save):
        yield


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        found = {name: z.read(name) for name in z.namelist()}
    found["docProps/core.xml"] = _TIMES.sub(b"", found["docProps/core.xml"])
    return found


def assert_same_parts(ours, theirs) -> None:
    a, b = parts(ours), parts(theirs)
    assert list(a) == list(b)
    for name in a:
        assert a[name] == b[name], name


# ---------------------------------------------------------------- the tracker


@st.composite
def sheet_rows(draw):
    overdue = draw(st.integers(0, 40))
    return excel.SheetRow(
        series=draw(st.sampled_from(["board", "audit"])), ref=draw(TEXT), source=draw(TEXT),
        action=draw(TEXT), lead=draw(TEXT),
        original_due=draw(st.one_of(st.none(), DATES, TEXT)),
        current_due=draw(st.one_of(st.none(), DATES)), status=draw(TEXT), update=draw(TEXT),
        proposed_close=draw(st.one_of(st.none(), DATES)), days_overdue=overdue)


@SETTINGS
@given(rows=st.lists(sheet_rows(), max_size=8), marking=st.sampled_from(["", "OFFICIAL"]))
def test_the_tracker_is_the_workbook_openpyxl_writes(tmp_path, rows, marking):
    ours = excel.write(rows, tmp_path / "ours.xlsx", "Tracker", marking)
    with saved_by_openpyxl():
        theirs = excel.write(rows, tmp_path / "theirs.xlsx", "Tracker", marking)
    assert_same_parts(ours, theirs)


# ---------------------------------------------------------------- any grid


VALUES = st.one_of(TEXT, st.none(), DATES, st.booleans(), st.integers(-10**17, 10**17),
                   st.floats(), st.integers(-5, 5).map(float))
# the styles a cell may carry: none, openpyxl's default (unstyled too), and a few made of
# fonts, fills, alignments and formats (a date is given a date format, as excel.py does)
KINDS = st.sampled_from(["none", "default", "bold", "fill", "wrap", "flag"])


def style_of(ws, kind: str, value) -> StyleArray:
    """A style made through openpyxl's style objects, as excel.py makes its own."""
    cell = Cell(ws, value=value if isinstance(value, date) else None)  # a date's own format
    if kind == "none":
        return cell._style if isinstance(value, date) else StyleArray()
    if kind in ("bold", "flag"):
        cell.font = Font(bold=True, color=excel.FLAG if kind == "flag" else None)
    if kind in ("fill", "flag"):
        cell.fill = PatternFill("solid", fgColor="FBE3E3")
    if kind == "wrap":
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    if isinstance(value, date):
        cell.number_format = excel.DATE_FORMAT
    return cell._style


def book(table, heights):
    """A workbook of one sheet and the grid of its cells, styles made on first use."""
    wb = Workbook()
    ws = wb.active
    styles: dict = {}
    rows = []
    for cells in table:
        line = []
        for value, kind in cells:
            key = (kind, isinstance(value, date))
            if key not in styles:
                styles[key] = style_of(ws, kind, value)
            line.append((value, styles[key]))
        rows.append(line)
    return wb, {ws: xlsxrows.Grid(rows, heights)}


TABLES = st.lists(st.lists(st.tuples(VALUES, KINDS), max_size=6), max_size=6)


@SETTINGS
@given(table=TABLES, data=st.data())
@example(table=[[("x" * 40000, "bold"), (" é\r\n中\t", "none")], [], [(None, "none")]],
         data=None)
def test_any_grid_is_written_as_openpyxl_writes_it(tmp_path, table, data):
    heights = [None if data is None else data.draw(st.one_of(st.none(), st.integers(0, 409),
                                                             st.floats(0, 409)))
               for _ in table]
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    wb, grids = book(table, heights)
    xlsxrows.save(wb, ours, grids)
    wb, grids = book(table, heights)
    openpyxl_save(wb, theirs, grids)
    assert_same_parts(ours, theirs)


@pytest.mark.parametrize("bad, error", [("a\x01b", IllegalCharacterError),
                                        ("a\ufffeb", ValueError)])
def test_text_xml_cannot_hold_is_refused_as_openpyxl_refuses_it(tmp_path, bad, error):
    for save in (xlsxrows.save, openpyxl_save):
        wb, grids = book([[(bad, "bold")]], [None])
        with pytest.raises(error):
            save(wb, tmp_path / "t.xlsx", grids)


def test_a_sheet_holding_its_own_cells_is_refused(tmp_path):
    wb, grids = book([[("x", "bold")]], [None])
    wb.active["A1"] = "mine"
    with pytest.raises(ValueError, match="holds cells of its own"):
        xlsxrows.save(wb, tmp_path / "t.xlsx", grids)
