"""Word's automatic list numbering read as the number Word shows: the items' headings of
the real notes numbered by a list instead of typed, and the counting rules on their own."""

from __future__ import annotations

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from actionlog.edit.importer.documents import read_lines

from .conftest import DATA, DATES


def test_the_notes_numbered_by_word_lists_read_as_the_typed_numbers(tmp_path):
    from build import seed_docx

    for day in DATES:
        text = (DATA / f"notes-{day}.txt").read_text(encoding="utf-8")
        typed, listed = tmp_path / f"typed-{day}.docx", tmp_path / f"listed-{day}.docx"
        seed_docx(text, str(typed))
        seed_docx(text, str(listed), auto_numbers=True)
        numbered = [p for p in docx.Document(str(listed)).paragraphs
                    if p._p.pPr is not None and p._p.pPr.numPr is not None]
        assert not any(p.text[:1].isdigit() for p in numbered)
        if day != "2017-08-22":  # its items are numbered in the grid's first column
            assert len(numbered) >= 9
        as_typed, why = read_lines(str(typed))
        as_listed, why_listed = read_lines(str(listed))
        assert why is None and why_listed is None
        assert [line.text for line in as_listed] == [line.text for line in as_typed]


def _numbered_doc(path):
    """A list with a roman level, two lists sharing one abstract list (the second
    restarting), a bullet, and a heading style that carries the numbering."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = ('<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/>'
              '<w:lvlText w:val="%1)"/></w:lvl>'
              '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
              '<w:lvlText w:val="%1.%2"/></w:lvl>')
    first = numbering.find(qn("w:num"))
    first.addprevious(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70">'
                                f'{levels}</w:abstractNum>'))
    first.addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="71"><w:lvl w:ilvl="0">'
        f'<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'))
    for num_id, abstract, override in (("70", "70", ""), ("71", "70", '<w:lvlOverride '
                                       'w:ilvl="0"><w:startOverride w:val="1"/>'
                                       '</w:lvlOverride>'), ("72", "71", "")):
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                                   f'w:val="{abstract}"/>{override}</w:num>'))

    def add(text, num_id=None, ilvl=0, style=None):
        p = document.add_paragraph(text, style=style)
        if num_id:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
                f'</w:numPr>'))

    heading = document.styles["Heading 1"]
    heading.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:numId w:val="70"/></w:numPr>'))
    add("First", "70")
    add("Under it", "70", 1)
    add("And again", "70", 1)
    add("Plain text between")
    add("Second", "70")
    add("Under the second", "70", 1)
    add("A new list", "71")
    add("A point", "72")
    add("", "70")  # an empty numbered paragraph counts, but shows nothing
    add("Styled", style="Heading 1")
    document.save(str(path))


def test_word_counts_levels_restarts_bullets_and_styles(tmp_path):
    path = tmp_path / "numbered.docx"
    _numbered_doc(path)
    lines, why = read_lines(str(path))
    assert why is None
    assert [line.text for line in lines if line.text] == [
        "3) First", "3.i Under it", "3.ii And again", "Plain text between", "4) Second",
        "4.i Under the second", "1) A new list", "\u2022 A point", "6) Styled"]


def test_a_table_cell_numbered_by_a_list(tmp_path):
    path = tmp_path / "grid.docx"
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:lvl w:ilvl="0">'
        f'<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        f'</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="80"><w:abstractNumId '
                               f'w:val="80"/></w:num>'))
    table = document.add_table(rows=2, cols=2)
    for row, text in zip(table.rows, ("OUTSTANDING MATTERS", "OPERATIONAL RISKS")):
        row.cells[1].text = text
        row.cells[1].paragraphs[0]._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="80"/></w:numPr>'))
    document.save(str(path))
    lines, _ = read_lines(str(path))
    assert [line.text for line in lines] == ["1. OUTSTANDING MATTERS", "2. OPERATIONAL RISKS"]
    assert lines[0].cells == ("", "1. OUTSTANDING MATTERS")
