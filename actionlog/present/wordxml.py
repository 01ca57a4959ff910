"""The runs and table rows of a Word file as WordprocessingML text, the XML python-docx's
own calls would build for them (`paragraph.add_run(text)`, `run.bold`, `run.font.color`,
`cell.width`, `cell.add_paragraph()`), written in one pass and parsed at once: python-docx
builds a cell element by element, about 150 us a cell, 16 s for a meeting of 23,500
actions. tests/present/test_wordxml.py holds this text to what those calls build.
"""

from __future__ import annotations

import re

from actionlog.present.document import Run, Table

FLAG = "B00000"  # overdue: dark red, with the words "Overdue by ..."
FLAG_FILL = "FBE3E3"
HEADER_FILL = "E7E6E6"
_BREAKS = re.compile(r"([\t\r\n])")  # what `run.text = ...` writes as <w:tab/>, <w:br/>
_PLAIN = "<w:rPr/>"  # `run.bold = None` leaves the run's properties empty, not absent
_BOLD = "<w:b/>"
_COLOUR = f'<w:color w:val="{FLAG}"/>'
_REPEAT = '<w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>'


def escape(text: str) -> str:
    """Text as an XML text node or attribute value (in double quotes)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def text_xml(text: str) -> str:
    """A run's text as `run.text = text` writes it: each tab a <w:tab/>, each CR or LF a
    <w:br/>, the text between in a <w:t>, told to keep its spaces when it begins or ends
    with one (Python's idea of a space, as python-docx's)."""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece == "\n" or piece == "\r":
            out.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(out)


def run_xml(run: Run) -> str:
    """A Run as a <w:r>: bold, and the overdue flag's colour."""
    props = (_BOLD if run.bold else "") + (_COLOUR if run.flag else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else _PLAIN}{text_xml(run.text)}</w:r>"


def paragraph_start(style_id: str | None) -> str:
    """A paragraph's opening as `paragraph.style = style` leaves it: the style's id, or
    None for the default style (whose id is never written)."""
    if style_id is None:
        return "<w:p><w:pPr/>"
    return f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>'


def cell_xml(runs: tuple[Run, ...], twips: int, start: str, fill: str) -> str:
    """A cell of `twips` width: a paragraph opened by `start` (paragraph_start) for each
    line, `fill` its shading ("" for none)."""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    lines = "".join(f"{start}{run_xml(run)}</w:p>" for run in runs or (Run(""),))
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/>{shade}</w:tcPr>{lines}</w:tc>'


def rows_xml(table: Table, twips: list[int], style_id: str | None) -> str:
    """Every row of `table`, `twips` the width of each column: the header row in bold,
    shaded, and repeated at the top of every page; a cell with an overdue flag shaded."""
    start = paragraph_start(style_id)
    head = "".join(cell_xml((Run(column.title, bold=True),), width, start, HEADER_FILL)
                   for column, width in zip(table.columns, twips))
    out = [f"<w:tr>{_REPEAT}{head}</w:tr>"]
    for row in table.rows:
        cells = "".join(cell_xml(runs, width, start,
                                 FLAG_FILL if any(run.flag for run in runs) else "")
                        for runs, width in zip(row, twips))
        out.append(f"<w:tr>{cells}</w:tr>")
    return "".join(out)
