"""The Word file's blocks written as text (present/wordxml.py) against python-docx's own API.

The oracle here builds each block the way python-docx's calls build it (the calls the
writer made before it wrote text: `doc.add_paragraph`, `add_run`, `run.bold`,
`font.color.rgb`, `paragraph_format`, `doc.add_table`, `cell.width`, `cell.add_paragraph`,
...). The same block is then written by wordxml and added to the body the way
present/word.py adds it and writes it into the file. The two document parts must be the
same bytes (stricter than
equal canonical XML: the same elements, attributes, their order and the namespace
declarations), for random text: XML's special characters, every Unicode character XML
allows, tabs and line breaks, spaces at either end, empty runs and empty cells.
"""

from __future__ import annotations

import docx
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actionlog.present import word, wordxml
from actionlog.present.document import Column, Heading, Para, Run, Table

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# every character XML 1.0 allows but the C0 controls and the noncharacters, and then tab,
# CR, LF (written as <w:tab/>, <w:br/>) and NEL (a space to Python's strip, not to XML's)
CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    st.sampled_from('\t\r\n\x85 \xa0\u2028<>&"\''))
TEXT = st.text(CHARS, max_size=12)
RUNS = st.lists(st.builds(Run, TEXT, st.booleans(), st.booleans(), st.booleans()),
                max_size=3).map(tuple)
STYLE_ID = st.sampled_from(["TableText", "Heading1", 'Odd "&<id>', None])
TBL_PR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
          "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
          "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
          "w:tblCaption", "w:tblDescription")


def _document_of(doc) -> bytes:
    """The document part as python-docx writes it into the file."""
    return serialize_part_xml(doc.element)


def _fresh():
    doc = docx.Document()
    word._clear(doc)
    return doc


def _fast(*blocks: str) -> bytes:
    """The blocks' text added to a fresh document as present/word.py adds them, and put
    in their markers' places in the document part as it writes the file."""
    doc = _fresh()
    body = word._Body(doc)
    for xml in blocks:
        body.add(xml)
    return body.fill(_document_of(doc))


# ---------------------------------------------------------------- the oracle: python-docx


def _run(para, run: Run) -> None:
    r = para.add_run(run.text)
    r.bold = run.bold or None
    if run.flag:
        r.font.color.rgb = RGBColor.from_string(wordxml.FLAG)


def _heading(doc, h: Heading, known: bool, style_id: str | None) -> None:
    if known:
        para = doc.add_paragraph(h.text)
        para._p.style = style_id  # as `paragraph.style = style` sets it
    else:
        doc.add_paragraph().add_run(h.text).bold = True


def _para(doc, p: Para) -> None:
    para = doc.add_paragraph()
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
    for run in p.runs:
        _run(para, run)


def _table(doc, t: Table, fitted: list[float], style_id: str | None) -> None:
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.columns))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = word._child(tbl_pr, "w:tblW")
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(fitted) / 25.4 * 1440)))
    borders = word._child(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = word._child(borders, f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"),
                           ("color", "808080")):
            edge.set(qn(f"w:{key}"), value)
    if t.caption:
        word._child(tbl_pr, "w:tblCaption").set(qn("w:val"), t.caption)
    rank = {qn(tag): n for n, tag in enumerate(TBL_PR)}
    for el in sorted(tbl_pr, key=lambda el: rank.get(el.tag, len(TBL_PR))):
        tbl_pr.append(el)  # in the order the Office schema requires
    for i, mm in enumerate(fitted):
        table.columns[i].width = Mm(mm)
    header, *rows = table.rows
    tr_pr = header._tr.get_or_add_trPr()
    word._child(tr_pr, "w:cantSplit").set(qn("w:val"), "true")
    word._child(tr_pr, "w:tblHeader").set(qn("w:val"), "true")
    for i, (col, cell) in enumerate(zip(t.columns, header.cells)):
        _cell(cell, (Run(col.title, bold=True),), fitted[i], style_id, wordxml.HEADER_FILL)
    for row, made in zip(t.rows, rows):
        for i, runs in enumerate(row):
            _cell(made.cells[i], runs, fitted[i], style_id,
                  wordxml.FLAG_FILL if any(run.flag for run in runs) else "")
    doc.add_paragraph()


def _cell(cell, runs, mm: float, style_id: str | None, fill: str) -> None:
    cell.width = Mm(mm)
    for n, run in enumerate(runs or (Run(""),)):
        para = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        para._p.style = style_id
        _run(para, run)
    if fill:
        shd = word._child(cell._tc.get_or_add_tcPr(), "w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)


def _oracle(build) -> bytes:
    doc = _fresh()
    build(doc)
    return _document_of(doc)


# ---------------------------------------------------------------- the properties


@SETTINGS
@given(h=st.builds(Heading, st.integers(0, 9), TEXT), known=st.booleans(), style_id=STYLE_ID)
@example(h=Heading(1, ""), known=True, style_id="Heading1")
@example(h=Heading(1, " a < b & c "), known=False, style_id=None)
def test_a_heading_is_what_python_docx_builds(h, known, style_id):
    expected = _oracle(lambda doc: _heading(doc, h, known, style_id))
    assert _fast(wordxml.heading_xml(h, (known, style_id))) == expected


@SETTINGS
@given(p=st.builds(Para, RUNS, st.sampled_from(["body", "bullet", "numbered", "notice"]),
                   st.sampled_from(["", "1", "12", "3 & <4>"])))
@example(p=Para((Run(""), Run("\t"), Run("a\r\nb"), Run(" ")), "bullet"))
@example(p=Para((Run("Overdue", bold=True, flag=True), Run("x", flag=True)), "numbered",
                "2"))
def test_a_paragraph_is_what_python_docx_builds(p):
    assert _fast(wordxml.para_xml(p)) == _oracle(lambda doc: _para(doc, p))


@st.composite
def tables(draw):
    columns = draw(st.lists(st.builds(Column, TEXT, st.integers(0, 6)), min_size=1,
                            max_size=4))
    rows = draw(st.lists(st.tuples(*[RUNS] * len(columns)), max_size=3))
    fitted = draw(st.lists(st.floats(1, 250), min_size=len(columns),
                           max_size=len(columns)))
    return Table(tuple(columns), tuple(rows), draw(TEXT)), fitted


@SETTINGS
@given(table=tables(), style_id=STYLE_ID)
@example(table=(Table((Column("Ref", 0), Column("Due", 1)),
                      (((), (Run("11 August 2016"), Run("Overdue by 3 days", bold=True,
                                                        flag=True))),
                       ((Run('"Quoted" & <tagged>'),), (Run(" spaced "), Run(""))))),
                [21.4, 30.15]), style_id="TableText")
def test_a_table_is_what_python_docx_builds(table, style_id):
    t, fitted = table
    expected = _oracle(lambda doc: _table(doc, t, fitted, style_id))
    assert _fast(wordxml.table_xml(t, fitted, style_id), wordxml.EMPTY) == expected


@SETTINGS
@given(st.floats(0, 1000))
def test_twips_are_python_docx_s(mm):
    assert wordxml.twips(mm) == Mm(mm).twips

