"""The action tracker as an Excel workbook (openpyxl): one row per action in the columns of
the trackers offices keep, real dates, a frozen header row with filters, fitted widths,
overdue rows marked in the Status column and by fill; a sheet per series where there are
several. Printed, it is A4 landscape with the header row on every page and the marking.
openpyxl makes the workbook and its styles; the sheets' cells are written as text by
present/xlsxrows.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from actionlog.core.dates import long_date
from actionlog.core.ledger import Entry
from actionlog.core.queries import proposal_text
from actionlog.present import xlsxrows
from actionlog.present.views import STATUS_LABELS

COLUMNS = ("Ref", "Source", "Action", "Lead", "Original due", "Current due", "Status",
           "Latest update", "Proposed close", "Days overdue")
WRAPPED = {"Source": 28, "Action": 60, "Lead": 24, "Latest update": 60}  # widest allowed
DATE_FORMAT = "d mmm yyyy"
LINE_PT = 15  # the height of a line of 11-point text
OVERDUE_FILL = PatternFill("solid", fgColor="FBE3E3")
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
FLAG = "B00000"
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # where str.splitlines splits


@dataclass(frozen=True)
class SheetRow:
    """One action as a row of the tracker."""

    series: str
    ref: str
    source: str  # "26 July 2016, item 4a (Cyber crime)"
    action: str
    lead: str  # "DCC Anthony Bangham"
    original_due: date | str | None  # a date, or what the notes say ("next meeting")
    current_due: date | None
    status: str  # "Open", "In progress – overdue", "Discharged 27 September 2016"
    update: str
    proposed_close: date | None  # the meeting at which closure was proposed
    days_overdue: int


def row(e: Entry, today: date) -> SheetRow:
    days = e.days_overdue(today)
    status = STATUS_LABELS.get(e.status, e.status)
    if e.closed_on and not e.is_open:
        status += f" {long_date(e.closed_on)}"
    if days:
        status += " – overdue"
    if e.confidential:
        status = "Confidential (Part 2). " + status
    # the meeting at which closure is proposed: a draft proposing it (the rule of the
    # record), or the meeting that recorded the status "proposed-closure"
    proposal = e.proposal
    proposed = None
    if proposal and proposal.status and proposal.status[0] in ("discharged", "proposed-closure"):
        proposed = proposal.status[2]
    elif e.status == "proposed-closure":
        proposed = next((ev.date for ev in reversed(e.history)
                         if ev.status == "proposed-closure"), None)
    return SheetRow(
        series=e.series, ref=e.ref, source=f"{long_date(e.meeting_date)}, item {e.item}",
        action=e.text, lead=e.owner_label(),
        original_due=e.original_due or e.due_written, current_due=e.due, status=status,
        update=_update(e), proposed_close=proposed, days_overdue=days)


def _update(e: Entry) -> str:
    """The latest update, and what the drafts propose."""
    proposal = proposal_text(e)
    latest = e.latest_update or ""
    return f"{latest} ({proposal})" if latest and proposal else latest or proposal


def sheets(rows: list[SheetRow]) -> dict[str, list[SheetRow]]:
    """The rows by series, in order of first appearance (one sheet, "Actions", when there
    is only one series)."""
    by: dict[str, list[SheetRow]] = {}
    for r in rows:
        by.setdefault(r.series, []).append(r)
    if len(by) <= 1:
        return {"Actions": rows}
    return by


def write(rows: list[SheetRow], out: Path, title: str, marking: str = "") -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    grids = {}
    for name, chunk in sheets(rows).items():
        ws = wb.create_sheet(_sheet_name(name, used))
        grids[ws] = _sheet(ws, chunk, marking)
    wb.properties.title = title
    wb.properties.subject = "Action tracker"
    wb.properties.language = "en-GB"
    wb.properties.category = marking
    wb.properties.creator = "actionlog"
    out.parent.mkdir(parents=True, exist_ok=True)
    xlsxrows.save(wb, out, grids)
    return out


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_NAME.sub("-", name)[:31] or "Actions"
    candidate, n = base, 2
    while candidate.casefold() in used:
        candidate = f"{base[:28]} {n}"
        n += 1
    used.add(candidate.casefold())
    return candidate


def _values(r: SheetRow) -> list:
    return [r.ref, r.source, r.action, r.lead, r.original_due, r.current_due, r.status,
            r.update, r.proposed_close, r.days_overdue or None]


def _sheet(ws: Worksheet, rows: list[SheetRow], marking: str) -> xlsxrows.Grid:
    """The sheet's settings, made on it; its cells, returned (present/xlsxrows.py writes
    them)."""
    header = Cell(ws)
    header.font = Font(bold=True)
    header.fill = HEADER_FILL
    header.alignment = Alignment(vertical="top", wrap_text=True)
    grid = [[(title, header._style) for title in COLUMNS]]
    # a cell's style is its column's, its value's kind and the row's being overdue: made
    # once, then shared by every cell like it (a text is written as text, whatever it
    # begins with: xlsxrows)
    styles: dict[tuple, StyleArray] = {}
    values = [_values(r) for r in rows]
    for r, cells in zip(rows, values):
        overdue = bool(r.days_overdue)
        line = []
        for col, value in enumerate(cells, 1):
            key = (col, isinstance(value, date), overdue)
            style = styles.get(key)
            if style is None:
                style = styles[key] = _style(ws, col, value, overdue)
            line.append((value, style))
        grid.append(line)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    columns = list(zip(COLUMNS, *values))  # each column's title, then its values
    fitted = [_width(column[1:], column[0]) for column in columns]
    for col, width in enumerate(fitted, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    # a row is as high as its tallest cell: each column's counts, then the greatest by row
    counts = [[_lines(value, width) for value in column]
              for column, width in zip(columns, fitted)]
    heights = [LINE_PT * most for most in map(max, *counts)]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if marking:
        ws.oddHeader.center.text = marking
    ws.oddFooter.center.text = (f"{ws.title} · Page &P of &N"
                                + (f" · {marking}" if marking else ""))
    return xlsxrows.Grid(grid, heights)


def _style(ws: Worksheet, col: int, value, overdue: bool) -> StyleArray:
    """The style of a cell of column `col` holding `value`, made through openpyxl's style
    objects (which add each font, fill and format to the workbook, in this order)."""
    cell = Cell(ws, value=value)
    cell.alignment = Alignment(vertical="top", wrap_text=COLUMNS[col - 1] in WRAPPED)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if overdue:
        cell.fill = OVERDUE_FILL
        if COLUMNS[col - 1] == "Status":
            cell.font = Font(bold=True, color=FLAG)
    return cell._style


def _lines(value, width: float) -> int:
    """How many lines a wrapped value takes in a column `width` characters wide (Excel and
    LibreOffice do not fit a row's height to wrapped text when they open a file)."""
    if value is None or isinstance(value, (date, int)):
        return 1
    room = max(int(width) - 2, 1)
    if type(value) is str and _BREAK.search(value) is None:  # one line, as splitlines sees it
        return max(1, -(-len(value) // room))
    return sum(max(1, -(-len(part) // room)) for part in str(value).splitlines() or [""])


def _width(values, title: str) -> float:
    """The width (in characters) of the longest of a column's values, within the column's
    limit; dates by their shown form ("11 Sep 2016")."""
    longest = max(len(w) for w in title.split())
    for value in values:
        if isinstance(value, date):
            size = 11
        elif value is None:
            size = 0
        elif type(value) is str and _BREAK.search(value) is None:
            size = len(value)
        else:
            size = max(len(line) for line in str(value).splitlines() or [""])
        longest = max(longest, size)
    return min(longest, WRAPPED.get(title, 200)) + 2
