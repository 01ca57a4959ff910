"""A Document (present/document.py) as a Word file, with python-docx.

The file starts from `templates/reference.docx` (the workspace's, else the package's): its
styles (Title, Heading 1-6, Normal, and "Table Text" where it has one) are the house style,
and its sample content is cleared. The layout is the tool's: A4, landscape sections for the
trackers, fitted column widths, header rows bold and repeated on every page, the marking in
header and footer, "Title · Page N of M" in the footer, and the language en-GB. The body's
blocks are written as text by present/wordxml.py (python-docx's calls took 16 s for the
tables of a meeting of 23,500 actions); python-docx does the rest.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from actionlog.present.document import (A4, LANG, MARGIN_MM, TABLE_PT, Document, Heading,
                                        Para, Table, widths)
from actionlog.present.wordxml import EMPTY, NS, heading_xml, para_xml, table_xml

REFERENCE_DOCX = "reference.docx"
DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
TABLE_STYLE = "Table Text"  # the paragraph style of table cells


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
                level = "Title" if block.level == 0 else f"Heading {min(block.level, 9)}"
                body.add(heading_xml(block, styles.get(level)))
            elif isinstance(block, Para):
                body.add(para_xml(block))
            elif isinstance(block, Table):
                fitted = widths(block, section.landscape, size)
                body.add(table_xml(block, fitted, styles.get(TABLE_STYLE)[1]))
                body.add(EMPTY)  # Word joins two tables that touch
    props = doc.core_properties
    props.title = document.title
    props.subject = document.subject
    props.language = LANG
    props.category = document.marking
    props.keywords = document.marking
    props.author = props.last_modified_by = "actionlog"
    props.comments = ""
    out.parent.mkdir(parents=True, exist_ok=True)
    _save(doc, body, out)
    return out


def _save(doc, body: "_Body", out: Path) -> None:
    """The file as python-docx writes it, its document part's markers filled with the
    blocks' text (`_Body.fill`); every other part copied as it is, in the same order."""
    packed = io.BytesIO()
    doc.save(packed)
    document = doc.part.partname.membername
    with zipfile.ZipFile(packed) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, body.fill(data) if info.filename == document else data)


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
    """Blocks (present/wordxml.py's text) added at the end of the document's body, before
    the settings of its last section, where `doc.add_paragraph()` adds them; but without
    looking through every block before for those settings each time, as it does.

    A block stands in the tree as a marker (an XML comment) until the file is written; then
    its text takes the marker's place in the document part's bytes (`fill`), as lxml would
    have written it there (the namespace declared once, at the top). Parsed into the tree
    and moved into the document, the 20 MB of a tracker of 23,500 actions took longer than
    it took to write."""

    def __init__(self, doc) -> None:
        self.end = doc.element.body.get_or_add_sectPr()  # the same element after add_section
        self.blocks: list[bytes] = []

    def add(self, xml: str) -> None:
        self.end.addprevious(etree.Comment(f"{_MARK}{len(self.blocks)}"))
        self.blocks.append(xml.replace(f" {NS}", "", 1).encode("utf-8"))

    def fill(self, part: bytes) -> bytes:
        return _MARKED.sub(lambda found: self.blocks[int(found.group(1))], part)


_MARK = "actionlog-block-"
_MARKED = re.compile(f"<!--{_MARK}([0-9]+)-->".encode())
