"""A sheet's rows (its `<sheetData>`) written as SpreadsheetML text: the bytes openpyxl's own
writer makes of the same cells (with lxml, which python-docx brings), without the cells.
Made and written by openpyxl, a cell cost about 7.5 us: 1.8 s of the 5 MB tracker's 235,000
cells; written here, about 0.7 us (0.17 s). tests/present/test_xlsxrows.py holds the file,
byte for byte, to what openpyxl writes of the same cells.

What is written, as openpyxl 3.1 writes it: each row `<row r="N">`, with `ht` and
`customHeight="1"` when it has a height; each cell `<c r="B2" s="3" t="...">` in the order
r, s, t; `s` only for a styled cell, which is the index of its style in the workbook's
`cellXfs`, registered through openpyxl (`Cell.style_id`) at the moment openpyxl would
register it (the first cell carrying it, row by row), so styles.xml stays openpyxl's; an
empty unstyled cell left out. Text is an inline string (`t="inlineStr"`, `<is><t>`), never a
formula or an error value (openpyxl would take "=HYPERLINK(...)" for a live formula and
"#N/A" for an error); cut at 32,767 characters and refused for characters XML cannot hold,
as openpyxl and lxml refuse them; `xml:space="preserve"` when `str.strip` would change it;
`&`, `<`, `>` and CR as references and every character beyond ASCII as `&#N;` (lxml writes
the sheet as ASCII); an empty text an empty element. Numbers `t="n"` (`t="b"` for booleans)
in openpyxl's `safe_string` form; dates their serial number (`to_excel`, the workbook's
epoch), so their style must carry a date format (openpyxl would otherwise give the cell
one). An empty styled cell is `t="n"` with no value.

The seam: openpyxl's `ExcelWriter` makes a `WorksheetWriter` for each sheet, whose `write()`
writes the top (properties, dimension, views, format, columns), then `write_rows()`, then the
tail (filter, margins, print options, page setup, header and footer). A subclass of each,
used only for the sheets given here, replaces `write_rows()` (the rows' text written into the
same stream, between lxml's own writes) and `write_dimensions()` (the `<dimension>`
openpyxl would work out from cells the sheet no longer holds); everything else of the file
is openpyxl's. Rejected: editing the saved zip (the 17 MB sheet written twice and searched),
openpyxl's write-only mode (it makes and writes the same cells, and no `<dimension>`), and
swapping openpyxl's module-level `WorksheetWriter` for every workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import LXML, Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

MAX_TEXT = 32767  # openpyxl cuts a cell's text here
# what openpyxl refuses in a text (its ILLEGAL_CHARACTERS_RE: C0 controls), and lxml too
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Grid:
    """A sheet's cells from A1: each row's (value, style) pairs from column A, and each
    row's height in points (None: the default)."""

    rows: list[list[tuple[object, StyleArray]]]
    heights: list[float | None]

    def __post_init__(self):
        if len(self.heights) != len(self.rows):
            raise ValueError(f"{len(self.rows)} rows, {len(self.heights)} heights")


def text(value: str) -> str:
    """A text node as lxml writes it in an ASCII document."""
    value = (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace("\r", "&#13;"))
    return value if value.isascii() else value.encode("ascii", "xmlcharrefreplace").decode()


def _checked(value: str) -> str:
    value = value[:MAX_TEXT]
    if _REFUSED.search(value) is None:
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):  # as openpyxl's Cell.check_string
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL "  # lxml's
                     "bytes or control characters")


def dimension(grid: Grid) -> str:
    """The range the cells cover, as `Worksheet.calculate_dimension` works it out."""
    filled = [n for n, cells in enumerate(grid.rows, 1) if cells]
    if not filled:
        return "A1:A1"
    last = get_column_letter(max(len(cells) for cells in grid.rows))
    return f"A{filled[0]}:{last}{filled[-1]}"


class _Styles:
    """Each style's ` s="N"` (or nothing, unstyled), registered with the workbook through
    openpyxl when first asked for; and whether it carries a date format."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.attribute: dict[int, str] = {}
        self.dated: dict[int, bool] = {}

    def of(self, style: StyleArray) -> str:
        cell = Cell(self.ws, style_array=style)
        found = self.attribute[id(style)] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found

    def date_format(self, style: StyleArray) -> bool:
        found = self.dated[id(style)] = is_date_format(Cell(self.ws, style_array=style)
                                                       .number_format)
        return found


def rows_xml(ws: Worksheet, grid: Grid) -> str:
    """The `<row>` elements of the grid, in a sheet of the workbook `ws.parent`, whose cell
    styles they register as they go."""
    styles = _Styles(ws)
    attribute, dated = styles.attribute, styles.dated
    epoch = ws.parent.epoch
    serials: dict[date, str] = {}
    letters = [get_column_letter(n) for n in range(1, max(map(len, grid.rows), default=0) + 1)]
    out = []
    add = out.append
    for line, (cells, height) in enumerate(zip(grid.rows, grid.heights), 1):
        if not cells and height is None:
            continue  # a row of no cells and no height is not written
        if height is None:
            add(f'<row r="{line}">')
        elif not height:  # RowDimension writes a height of 0 as custom, with no ht
            add(f'<row r="{line}" customHeight="1">')
        else:
            add(f'<row r="{line}" ht="{safe_string(float(height))}" customHeight="1">')
        for letter, (value, style) in zip(letters, cells):
            s = attribute.get(id(style))
            if s is None:
                s = styles.of(style)
            if value is None and not s:
                continue  # openpyxl leaves out an empty unstyled cell
            kind = type(value)
            if kind is str:
                value = _checked(value)
                if not value:
                    add(f'<c r="{letter}{line}"{s} t="inlineStr"></c>')
                elif value == value.strip():
                    add(f'<c r="{letter}{line}"{s} t="inlineStr"><is><t>{text(value)}</t>'
                        '</is></c>')
                else:
                    add(f'<c r="{letter}{line}"{s} t="inlineStr"><is><t xml:space="preserve">'
                        f'{text(value)}</t></is></c>')
            elif value is None:
                add(f'<c r="{letter}{line}"{s} t="n"></c>')
            elif kind is date:
                if not dated.get(id(style), False) and not styles.date_format(style):
                    raise ValueError(f"a date in {letter}{line} with no date format")
                serial = serials.get(value)
                if serial is None:
                    serial = serials[value] = safe_string(to_excel(value, epoch))
                add(f'<c r="{letter}{line}"{s} t="n"><v>{serial}</v></c>')
            elif kind is bool:
                add(f'<c r="{letter}{line}"{s} t="b"><v>{safe_string(value)}</v></c>')
            elif kind is int or kind is float:
                add(f'<c r="{letter}{line}"{s} t="n"><v>{safe_string(value)}</v></c>')
            else:
                raise TypeError(f"{letter}{line}: a {kind.__name__} is not written here")
        add("</row>")
    return "".join(out)


class _SheetWriter(WorksheetWriter):
    """openpyxl's writer of a sheet, the grid's rows written as text."""

    def __init__(self, ws: Worksheet, grid: Grid):
        self.grid = grid
        super().__init__(ws, out=BytesIO())

    def write_dimensions(self):
        self.xf.send(SheetDimension(dimension(self.grid)).to_tree())

    def write_rows(self):
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.flush()  # lxml's pending output first, then the rows into the same stream
            self.out.write(rows_xml(self.ws, self.grid).encode("ascii"))
        self.xf.send(None)


class _BookWriter(ExcelWriter):
    """openpyxl's writer of a workbook, the sheets given a grid written by _SheetWriter."""

    def __init__(self, workbook: Workbook, archive: ZipFile, grids: dict[Worksheet, Grid]):
        super().__init__(workbook, archive)
        self.grids = grids

    def write_worksheet(self, ws):
        grid = self.grids.get(ws)
        if grid is None:
            return super().write_worksheet(ws)
        # ExcelWriter.write_worksheet's steps, the sheet written to memory by our writer
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, grid)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save(wb: Workbook, out: Path, grids: dict[Worksheet, Grid]) -> None:
    """Save the workbook as `Workbook.save` does, its sheets in `grids` holding those
    cells (and none of their own)."""
    if not LXML:
        raise RuntimeError("the tracker is written the way openpyxl writes with lxml, but "
                           "OPENPYXL_LXML tells openpyxl not to use lxml")
    for ws in grids:
        if ws._cells:
            raise ValueError(f"sheet {ws.title!r} holds cells of its own")
    # as openpyxl's save_workbook
    wb.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
    with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _BookWriter(wb, archive, grids).save()
