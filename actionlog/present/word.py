"""A Document (present/document.py) as a Word file, with python-docx.

The file starts from `templates/reference.docx` (the workspace's, else the package's): its
styles (Title, Heading 1-6, Normal, and "Table Text" where it has one) are the house style,
and its sample content is cleared. The layout is the tool's: A4, landscape sections for the
trackers, fitted column widths, header rows bold and repeated on every page, the marking in
header and footer, "Title · Page N of M" in the footer, and the language en-GB.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from actionlog.present.document import (A4, LANG, MARGIN_MM, TABLE_PT, Document, Heading,
                                        Para, Table, widths)
from actionlog.present.wordxml import rows_xml, run_xml

REFERENCE_DOCX = "reference.docx"
DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
TABLE_STYLE = "Table Text"  # the paragraph style of table cells
BORDER = "808080"
TBL_PR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
          "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
          "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
          "w:tblCaption", "w:tblDescription")


def reference_docx(templates: Path | None) -> Path:
    """The workspace's templates/reference.docx, else the one the package ships."""
    own = templates / REFERENCE_DOCX if templates else None
    return own if own is not None and own.is_file() else DEFAULTS / REFERENCE_DOCX


def write(document: Document, out: Path, templates: Path | None = None) -> Path:
    doc = docx.Document(str(reference_docx(templates)))
    _clear(doc)
    _language(doc)
    size = _table_style(doc)
    styles = _Styles(doc)
    body = _Body(doc)
    for n, section in enumerate(document.sections):
        sect = doc.sections[0] if n == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _page(sect, section.landscape)
        if n == 0:
            _header_footer(sect, document)
        for block in section.blocks:
            if isinstance(block, Heading):
                _heading(body, block, styles)
            elif isinstance(block, Para):
                _para(body, block)
            elif isinstance(block, Table):
                _table(body, block, section.landscape, size, styles)
    props = doc.core_properties
    props.title = document.title
    props.subject = document.subject
    props.language = LANG
    props.category = document.marking
    props.keywords = document.marking
    props.author = props.last_modified_by = "actionlog"
    props.comments = ""
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


# ---------------------------------------------------------------- the file and its pages


def _clear(doc) -> None:
    """Remove the reference file's sample content, keeping its last section's settings."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _language(doc) -> None:
    """en-GB as the default language of every style (spelling, and screen readers)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _child(rpr, "w:lang").set(qn("w:val"), LANG)
    settings = doc.settings.element
    for el in settings.findall(qn("w:autoHyphenation")):
        settings.remove(el)  # names, references and dates are never hyphenated


def _child(parent, tag: str):
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _table_style(doc) -> float:
    """The cells' paragraph style: the reference file's "Table Text", else one made here.
    Its size (points) is the size the column widths are fitted at."""
    style = _style(doc, TABLE_STYLE)
    if style is None:
        style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = _style(doc, "Normal")
        style.font.size = Pt(TABLE_PT)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(2)
    size = style.font.size
    return size.pt if size is not None else TABLE_PT


def _page(sect, landscape: bool) -> None:
    short, long_ = Mm(A4[0]), Mm(A4[1])
    sect.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sect.page_width, sect.page_height = (long_, short) if landscape else (short, long_)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sect, side, Mm(MARGIN_MM))
    sect.header_distance = sect.footer_distance = Mm(MARGIN_MM / 2)


def _header_footer(sect, document: Document) -> None:
    """The marking at the top and foot of every page; the title and 'Page N of M' in the
    footer. Later sections are linked to these."""
    head = sect.header.paragraphs[0]
    head.text = ""
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.marking:
        head.add_run(document.marking).bold = True
    foot = sect.footer.paragraphs[0]
    foot.text = ""
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(f"{document.title} · Page ")
    _field(foot, "PAGE", "1")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES", "1")
    if document.marking:
        mark = sect.footer.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.add_run(document.marking).bold = True


def _field(paragraph, instruction: str, shown: str) -> None:
    """A field Word computes when it lays out the page (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# ---------------------------------------------------------------- blocks


def _style(doc, name: str):
    """A style by its name as Word shows it ("Heading 1"), however the file spells it."""
    wanted = name.casefold()
    return next((s for s in doc.styles if (s.name or "").casefold() == wanted), None)


class _Styles:
    """The id of each paragraph style a document's blocks name, looked up once (python-docx
    looks through every style of the file each time a paragraph is given one)."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.ids: dict[str, tuple[bool, str | None]] = {}

    def get(self, name: str) -> tuple[bool, str | None]:
        """(whether the file has the style, the id `paragraph.style = style` would set)."""
        found = self.ids.get(name)
        if found is None:
            style = _style(self.doc, name)
            found = self.ids[name] = (style is not None, None if style is None else
                                      self.doc.part.get_style_id(style,
                                                                 WD_STYLE_TYPE.PARAGRAPH))
        return found


class _Body:
    """Blocks added at the end of the document's body, before the settings of its last
    section, as `doc.add_paragraph()` and `doc.add_table()` add them, but without looking
    through every block before for those settings each time (on a long document, most of
    the time the file took)."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.end = doc.element.body.get_or_add_sectPr()  # the same element after add_section

    def paragraph(self) -> Paragraph:
        p = OxmlElement("w:p")
        self.end.addprevious(p)
        return Paragraph(p, self.doc._body)

    def table(self, cols: int, width_mm: float) -> WordTable:
        """A table of `cols` columns and no rows yet."""
        tbl = CT_Tbl.new_tbl(0, cols, Mm(width_mm))
        self.end.addprevious(tbl)
        table = WordTable(tbl, self.doc._body)
        table.style = None  # the document's default table style, as doc.add_table sets it
        return table


def _extend(parent, xml: str) -> None:
    """Append to `parent` the elements `xml` writes (WordprocessingML, w: prefixed)."""
    parent.extend(list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")))


def _heading(body: _Body, h: Heading, styles: _Styles) -> None:
    known, style_id = styles.get("Title" if h.level == 0 else f"Heading {min(h.level, 9)}")
    para = body.paragraph()
    if known:
        if h.text:
            para.add_run(h.text)
        para._p.style = style_id  # as `paragraph.style = style` sets it
    else:
        para.add_run(h.text).bold = True


def _para(body: _Body, p: Para) -> None:
    para = body.paragraph()
    if p.kind in ("bullet", "numbered"):
        para.paragraph_format.left_indent = Mm(8)
        para.paragraph_format.first_line_indent = Mm(-6)
        para.paragraph_format.space_before = Pt(0)
        if p.kind == "bullet":
            para.add_run("•\t")
        elif p.number:
            para.add_run(f"{p.number}.\t")
    elif p.kind == "notice":
        para.paragraph_format.keep_with_next = True
    _extend(para._p, "".join(run_xml(run) for run in p.runs))


def _table(body: _Body, t: Table, landscape: bool, size_pt: float, styles: _Styles) -> None:
    fitted = widths(t, landscape, size_pt)
    table = body.table(len(t.columns), sum(fitted))
    table.autofit = False
    _table_properties(table, t.caption, sum(fitted))
    for i, width in enumerate(fitted):
        table.columns[i].width = Mm(width)
    twips = [Mm(width).twips for width in fitted]  # as `cell.width = Mm(width)` writes it
    _extend(table._tbl, rows_xml(t, twips, styles.get(TABLE_STYLE)[1]))
    body.paragraph()  # Word joins two tables that touch


def _table_properties(table, caption: str, total_mm: float) -> None:
    tbl_pr = table._tbl.tblPr
    width = _child(tbl_pr, "w:tblW")
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(total_mm / 25.4 * 1440)))
    borders = _child(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = _child(borders, f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"),
                           ("color", BORDER)):
            edge.set(qn(f"w:{key}"), value)
    if caption:
        _child(tbl_pr, "w:tblCaption").set(qn("w:val"), caption)
    _ordered(tbl_pr, TBL_PR)


def _ordered(parent, order: tuple[str, ...]) -> None:
    """Children in the order the Office schema requires (Word refuses another order)."""
    rank = {qn(tag): n for n, tag in enumerate(order)}
    children = sorted(parent, key=lambda el: rank.get(el.tag, len(order)))
    for el in children:
        parent.append(el)  # appending an element already there moves it to the end
