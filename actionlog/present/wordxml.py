"""The body of a Word file, block by block, as WordprocessingML text: the XML python-docx's
own calls would build (`doc.add_paragraph`, `paragraph.add_run`, `run.bold`, `cell.width`,
`paragraph_format.left_indent`, ...), written in one pass and parsed once a block. Built
through those calls, element by element, a table cell took about 150 us: 16 s for the notes
of a meeting of 23,500 actions. tests/present/test_wordxml.py holds every block written
here to what those calls build.

Pure text: python-docx keeps everything else of the file (present/word.py).
"""

from __future__ import annotations

import re

from actionlog.present.document import Heading, Para, Run, Table

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FLAG = "B00000"  # overdue: dark red, with the words "Overdue by ..."
FLAG_FILL = "FBE3E3"
HEADER_FILL = "E7E6E6"
BORDER = "808080"
INDENT_MM, HANG_MM = 8, 6  # a list item's text, and its marker hanging to the left of it
EMPTY = f"<w:p {NS}/>"  # an empty paragraph (Word joins two tables that touch)

_BREAKS = re.compile(r"([\t\r\n])")  # what `run.text = ...` writes as <w:tab/>, <w:br/>
_PLAIN = "<w:rPr/>"  # `run.bold = None` leaves the run's properties empty, not absent
_BOLD = "<w:b/>"
_COLOUR = f'<w:color w:val="{FLAG}"/>'
_REPEAT = '<w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>'
_EDGE = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"'
_BORDERS = "".join(f"<w:{side} {_EDGE}/>"
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
         'w:noHBand="0" w:noVBand="1" w:val="04A0"/>')  # python-docx's new table's


def escape(text: str) -> str:
    """Text as an XML text node."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(text: str) -> str:
    """Text as an attribute's value in double quotes; its tabs and line breaks as
    references, which a parser would otherwise read as spaces."""
    return (escape(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
            .replace("\r", "&#13;"))


def twips(mm: float) -> int:
    """A length in twips as python-docx writes `Mm(mm)`: whole EMUs (36,000 to the mm),
    then rounded to twips (635 EMUs)."""
    return int(round(int(mm * 36000) / 635))


# ---------------------------------------------------------------- runs and paragraphs


def text_xml(text: str) -> str:
    """A run's text as `run.text = text` writes it: each tab a <w:tab/>, each CR or LF a
    <w:br/>, the text between in a <w:t>, told to keep its spaces when it begins or ends
    with one (Python's idea of a space, as python-docx's)."""
    if "\t" not in text and "\n" not in text and "\r" not in text:  # most text: one <w:t>
        return _t(text) if text else ""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece == "\n" or piece == "\r":
            out.append("<w:br/>")
        elif piece:
            out.append(_t(piece))
    return "".join(out)


def _t(text: str) -> str:
    keep = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{keep}>{escape(text)}</w:t>"


def run_xml(run: Run) -> str:
    """A Run as a <w:r>: bold, and the overdue flag's colour."""
    props = (_BOLD if run.bold else "") + (_COLOUR if run.flag else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else _PLAIN}{text_xml(run.text)}</w:r>"


def styled(style_id: str | None, ns: str = "") -> str:
    """A paragraph's opening as `paragraph.style = style` leaves it: the style's id, or
    None for the default style (whose id is never written). `ns`: NS for a block."""
    start = f"<w:p {ns}>" if ns else "<w:p>"
    if style_id is None:
        return f"{start}<w:pPr/>"
    return f'{start}<w:pPr><w:pStyle w:val="{attribute(style_id)}"/></w:pPr>'


def heading_xml(h: Heading, style: tuple[bool, str | None]) -> str:
    """A heading in its style, `(whether the file has it, its id)`; bold text without."""
    known, style_id = style
    if not known:
        return f"<w:p {NS}>{run_xml(Run(h.text, bold=True))}</w:p>"
    return f"{styled(style_id, NS)}{f'<w:r>{text_xml(h.text)}</w:r>' if h.text else ''}</w:p>"


def para_xml(p: Para) -> str:
    """A paragraph; a list item indented, its bullet or number hanging before a tab; a
    notice kept with the paragraph after it."""
    marker = ""
    if p.kind in ("bullet", "numbered"):
        props = (f'<w:pPr><w:spacing w:before="0"/><w:ind w:left="{twips(INDENT_MM)}" '
                 f'w:hanging="{twips(HANG_MM)}"/></w:pPr>')
        mark = "•" if p.kind == "bullet" else f"{p.number}." if p.number else ""
        marker = f"<w:r>{text_xml(mark + chr(9))}</w:r>" if mark else ""
    else:
        props = "<w:pPr><w:keepNext/></w:pPr>" if p.kind == "notice" else ""
    inner = f"{props}{marker}{''.join(run_xml(run) for run in p.runs)}"
    return f"<w:p {NS}>{inner}</w:p>" if inner else EMPTY  # as lxml writes an empty one


# ---------------------------------------------------------------- tables


def table_xml(t: Table, fitted_mm: list[float], style_id: str | None) -> str:
    """A table with the columns' widths `fitted_mm`, its cells' paragraphs in the style
    `style_id`: fixed layout, a grey border, the caption for a screen reader; the header
    row in bold, shaded, and repeated at the top of every page; a cell with an overdue
    flag shaded."""
    widths = [twips(mm) for mm in fitted_mm]
    caption = f'<w:tblCaption w:val="{attribute(t.caption)}"/>' if t.caption else ""
    props = (f'<w:tblPr><w:tblW w:type="dxa" w:w="{round(sum(fitted_mm) / 25.4 * 1440)}"/>'
             f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             f"{_LOOK}{caption}</w:tblPr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    start = styled(style_id)
    head = "".join(cell_xml((Run(column.title, bold=True),), width, start, HEADER_FILL)
                   for column, width in zip(t.columns, widths))
    out = [f"<w:tbl {NS}>{props}<w:tblGrid>{grid}</w:tblGrid>",
           f"<w:tr>{_REPEAT}{head}</w:tr>"]
    for row in t.rows:
        cells = "".join(cell_xml(runs, width, start,
                                 FLAG_FILL if any(run.flag for run in runs) else "")
                        for runs, width in zip(row, widths))
        out.append(f"<w:tr>{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def cell_xml(runs: tuple[Run, ...], width: int, start: str, fill: str) -> str:
    """A cell `width` twips wide: a paragraph opened by `start` (styled) for each line,
    `fill` its shading ("" for none)."""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    lines = "".join(f"{start}{run_xml(run)}</w:p>" for run in runs or (Run(""),))
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shade}</w:tcPr>{lines}</w:tc>'
