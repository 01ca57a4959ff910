"""The circulated documents: every Word file opened with python-docx and every PDF with
pypdf, their structure asserted (landscape trackers, fitted widths, repeated bold header
rows, page fields, markings, title and language). Each document is written once per module.

The PDF tests need WeasyPrint and its system libraries (.ci/run installs them); they fail
without it, unless ACTIONLOG_SKIP_PDF_TESTS=1 says this machine cannot make PDFs.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from actionlog.present import document as layout
from actionlog.present.markdown import md, md_cell, md_heading, md_inline
from actionlog.present.plain import lines, plain
from tests.conftest import DATA, MEETINGS, REPO

SKIP_PDF = os.environ.get("ACTIONLOG_SKIP_PDF_TESTS") == "1"
DOCS = {"agenda": ("agenda", "2016-09-27"), "notes": ("notes", "2016-07-26"),
        "log": ("log", "--today", "2016-09-01")}
TRACKER_HEADER = ["Ref", "Source", "Action", "Lead", "Original due", "Current due",
                  "Status / latest update"]
DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")
REF = re.compile(r"^(?:[\w-]+/)*\d{4}-\d{2}-\d{2}/\d+$")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """agenda, notes and log as .docx (and .pdf unless skipped), from the real meetings
    and the draft of 27 September 2016 (whose item 5 is Part 2)."""
    from click.testing import CliRunner

    from actionlog.cli import cli

    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(MEETINGS, root / "meetings")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(DATA / "2016-09-27.yaml", root / "meetings")
    out = tmp_path_factory.mktemp("out")
    files = {}
    for name, args in DOCS.items():
        for fmt in ("docx",) + (() if SKIP_PDF else ("pdf",)):
            path = out / f"{name}.{fmt}"
            result = CliRunner().invoke(cli, ["--root", str(root), *args, "--to", fmt,
                                              "-o", str(path)], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            files[f"{name}.{fmt}"] = path
    return files


def word(made, name):
    return docx.Document(str(made[f"{name}.docx"]))


def cell_size_pt(doc) -> float:
    style = next(s for s in doc.styles if s.name == "Table Text")
    return style.font.size.pt


# ---------------------------------------------------------------- Word


@pytest.mark.parametrize("name", DOCS)
def test_word_title_language_and_marking(made, name):
    doc = word(made, name)
    props = doc.core_properties
    assert props.title.startswith(("Monthly Assurance Meeting", "Action log"))
    assert props.language == "en-GB"
    assert props.subject in ("Agenda", "Meeting notes", "Action log")
    with zipfile.ZipFile(made[f"{name}.docx"]) as z:
        styles = z.read("word/styles.xml").decode()
    assert re.search(r'<w:rPrDefault><w:rPr>.*<w:lang w:val="en-GB"', styles)
    marking = "OFFICIAL-SENSITIVE" if name == "agenda" else "OFFICIAL"  # its item 5 is Part 2
    section = doc.sections[0]
    assert [p.text for p in section.header.paragraphs] == [marking]
    assert section.footer.paragraphs[-1].text == marking
    assert props.category == marking


@pytest.mark.parametrize("name", DOCS)
def test_word_footer_numbers_the_pages_with_the_title(made, name):
    doc = word(made, name)
    footer = doc.sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith(doc.core_properties.title + " · Page ")
    # later sections (the landscape trackers) keep the same header and footer
    assert all(s.footer.is_linked_to_previous for s in doc.sections[1:])


def test_word_headings_use_word_styles(made):
    doc = word(made, "notes")
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["Monthly Assurance Meeting July 2016 – Meeting Notes"]
    assert {"Attendance", "Apologies", "1. Outstanding matters", "5. AOB"} <= set(
        by_style["Heading 1"])
    assert "Cyber crime (deferred from 28 June 2016)" in by_style["Heading 3"]


def test_agenda_tracker_is_a_landscape_section_between_portrait_ones(made):
    doc = word(made, "agenda")
    orientations = [s.orientation for s in doc.sections]
    assert [int(o) for o in orientations] == [0, 1, 0]  # portrait, landscape, portrait
    for s in doc.sections:
        assert {round(s.page_width.mm), round(s.page_height.mm)} == {210, 297}  # A4
    landscape = doc.sections[1]
    assert landscape.page_width > landscape.page_height


def test_log_is_landscape(made):
    doc = word(made, "log")
    assert all(s.page_width > s.page_height for s in doc.sections)


def trackers(doc):
    return [t for t in doc.tables
            if [c.text for c in t.rows[0].cells][:1] == ["Ref"] and len(t.columns) == 7]


@pytest.mark.parametrize("name", ["agenda", "log"])
def test_tracker_widths_fit_refs_and_dates_and_give_the_action_the_room(made, name):
    doc = word(made, name)
    size = cell_size_pt(doc)
    tables = trackers(doc)
    assert tables
    for table in tables:
        widths = [c.width.mm for c in table.columns]
        action = [c.text for c in table.rows[0].cells].index("Action")
        assert widths[action] == max(widths)
        assert sum(widths) == pytest.approx(297 - 2 * layout.MARGIN_MM, abs=1)
        for row in table.rows[1:]:
            for width, cell in zip(widths, row.cells):
                room = (width - layout.CELL_PAD_MM) / layout.char_mm(size)
                for text in cell.text.splitlines():
                    keep = REF.match(text) or DATE.fullmatch(text)
                    for piece in ([text] if keep else DATE.findall(text)):
                        assert len(piece) <= room + 0.01, (piece, width)  # twips round


def test_tracker_columns_are_in_the_chosen_proportions(made):
    doc = word(made, "agenda")
    table = trackers(doc)[0]
    widths = {c.text: col.width.mm for c, col in zip(table.rows[0].cells, table.columns)}
    # Source : Action : Lead : Status share the room left as 2 : 6 : 3 : 4; a column whose
    # share is narrower than its longest word keeps that width, and the others share the rest
    action = widths["Action"]
    assert action == max(widths.values())
    # the status holds whole dates ("closure proposed for 27 September 2016"): its share, or
    # the width of its longest date where that is more
    date_mm = len("27 September 2016") * layout.char_mm(cell_size_pt(doc)) + layout.CELL_PAD_MM
    status = widths["Status / latest update"]
    assert status / action == pytest.approx(4 / 6, rel=0.01) or \
        status == pytest.approx(date_mm, rel=0.01)
    assert status >= action * 4 / 6 * 0.99
    assert widths["Lead"] >= action * 3 / 6 * 0.99
    assert widths["Source"] >= action * 2 / 6 * 0.99


@pytest.mark.parametrize("name", DOCS)
def test_every_header_row_is_bold_and_repeats(made, name):
    doc = word(made, name)
    assert doc.tables
    for table in doc.tables:
        header = table.rows[0]
        tr_pr = header._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        runs = [r for c in header.cells for p in c.paragraphs for r in p.runs]
        assert runs and all(r.bold for r in runs)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_overdue_is_said_in_words_and_colour(made):
    doc = word(made, "agenda")
    table = trackers(doc)[0]
    due = [row.cells[5] for row in table.rows[1:]]
    flagged = [c for c in due if "Overdue by" in c.text]
    assert [c.text for c in flagged] == ["11 August 2016\nOverdue by 47 days"]
    run = flagged[0].paragraphs[1].runs[0]
    assert run.bold and str(run.font.color.rgb) == "B00000"


def test_line_breaks_in_cells_are_paragraphs(made):
    doc = word(made, "agenda")
    cells = [c for t in trackers(doc) for row in t.rows for c in row.cells]
    assert any(len(c.paragraphs) == 2 for c in cells)  # the date, then "Overdue by ..."


def test_the_house_style_comes_from_reference_docx(made):
    doc = word(made, "notes")
    heading = next(s for s in doc.styles if s.name == "Heading 1")
    assert heading.font.name == "Arial"
    assert not [p for p in doc.paragraphs if p.text.strip() in ("Title", "Heading 1",
                                                                 "Abstract")]


# ---------------------------------------------------------------- PDF

needs_pdf = pytest.mark.skipif(SKIP_PDF, reason="ACTIONLOG_SKIP_PDF_TESTS=1")


@needs_pdf
@pytest.mark.parametrize("name", DOCS)
def test_pdf_is_tagged_a4_with_title_and_language(made, name):
    reader = PdfReader(made[f"{name}.pdf"])
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # pdfinfo's "Tagged: yes"
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == word(made, name).core_properties.title
    sizes = {tuple(sorted(round(float(x)) for x in p.mediabox[2:])) for p in reader.pages}
    assert sizes == {(595, 842)}  # A4, portrait or landscape


@needs_pdf
def test_pdf_tracker_pages_are_landscape_and_numbered(made):
    reader = PdfReader(made["agenda.pdf"])
    wide = [p.mediabox.width > p.mediabox.height for p in reader.pages]
    assert wide[0] is False and True in wide
    texts = [p.extract_text() for p in reader.pages]
    total = len(reader.pages)
    for n, text in enumerate(texts, 1):
        assert f"Page {n} of {total}" in text
        assert "OFFICIAL-SENSITIVE" in text
    tracker = texts[wide.index(True)]
    assert "2016-07-26/1" in tracker and "Overdue by 47 days" in tracker


@needs_pdf
def test_pdf_never_hyphenates_names_or_dates(made):
    text = "\n".join(p.extract_text() for p in PdfReader(made["notes.pdf"]).pages)
    assert "An-\nthony" not in text and "Au-\ngust" not in text
    assert not re.search(r"[a-z]-\n[a-z]", text)


# ---------------------------------------------------------------- the layout


@given(st.text())
def test_plain_is_the_inverse_of_every_markdown_escape(text):
    expected = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n")
                .split("\n") if ln.strip()]
    assert lines(md(text)) == expected
    assert lines(md_cell(text)) == expected
    assert plain(md_inline(text)) == " ".join(expected)
    assert plain(md_heading(text)) == " ".join(expected)


def test_widths_keep_refs_and_dates_whole_and_share_the_rest():
    t = layout.Table((layout.Column("Ref", 0), layout.Column("Action", 3),
                      layout.Column("Due", 0), layout.Column("Owner", 1)),
                     (((layout.Run("assurance/2016-07-26/12", keep=True),),
                       (layout.Run("word " * 40),),
                       (layout.Run("next meeting (27 September 2016)"),),
                       (layout.Run("DCC Anthony Bangham"),)),))
    w = layout.widths(t, landscape=False)
    assert sum(w) == pytest.approx(170)
    per = layout.char_mm(t.size_pt)
    assert w[0] >= len("assurance/2016-07-26/12") * per
    assert w[2] >= len("27 September 2016") * per
    assert w[1] == pytest.approx(3 * w[3])


def test_a_column_never_narrower_than_its_longest_word():
    t = layout.Table((layout.Column("A", 1), layout.Column("B", 20)),
                     (((layout.Run("Supercalifragilistic"),), (layout.Run("x"),)),))
    w = layout.widths(t, landscape=False)
    assert w[0] >= 20 * layout.char_mm(t.size_pt)
