"""`--to docx|html|pdf` on agenda, notes and log, through the real pandoc; the .docx is
opened with python-docx to check its title, headings, tables and language."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from actionlog.present import convert

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc is not installed (.ci/run installs it)")


def styles(doc) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        out.setdefault(p.style.name, []).append(p.text)
    return out


@needs_pandoc
def test_notes_as_word_have_title_headings_tables_and_language(workspace, run, tmp_path):
    import docx

    out = tmp_path / "notes.docx"
    result = run(workspace, "notes", "2016-07-26", "--to", "docx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"
    doc = docx.Document(str(out))
    found = styles(doc)
    assert found["Title"] == ["Monthly Assurance Meeting July 2016 – Meeting Notes"]
    assert doc.core_properties.title == "Monthly Assurance Meeting July 2016 – Meeting Notes"
    assert {"Attendance", "Apologies", "1. Outstanding matters", "5. AOB"} <= set(
        found["Heading 1"])
    assert "4a Performance against the Police and Crime Plan" in found["Heading 2"]
    assert "Cyber crime (deferred from 28 June 2016)" in found["Heading 3"]
    header_rows = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Name", "Capacity"] in header_rows
    attendance = doc.tables[header_rows.index(["Name", "Capacity"])]
    assert "Anthony Bangham (AB)" in [row.cells[0].text for row in attendance.rows]
    # every action raised at the meeting is in a table
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert any(text.startswith("Clarify the date Athena") for text in cells)
    with zipfile.ZipFile(out) as z:
        assert re.search(r'<w:lang [^>]*w:val="en-GB"', z.read("word/styles.xml").decode())


@needs_pandoc
def test_workspace_reference_docx_sets_the_house_style(workspace, run, tmp_path):
    import docx

    assert (workspace / "templates" / "reference.docx").is_file()
    out = tmp_path / "agenda.docx"
    result = run(workspace, "agenda", "2017-08-22", "--to", "docx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    doc = docx.Document(str(out))
    by_name = {s.name: s for s in doc.styles}
    assert by_name["Heading 1"].font.name == "Arial"
    assert round(doc.sections[0].page_width.cm, 1) == 21.0  # A4
    assert doc.tables, "the Outstanding Matters table is a Word table"


@needs_pandoc
def test_log_format_follows_the_file_name(workspace, run, tmp_path):
    import docx

    out = tmp_path / "log.docx"
    result = run(workspace, "log", "--today", "2017-09-20", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    doc = docx.Document(str(out))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"2016-07-26/1", "2017-08-22/3"} <= cells


@needs_pandoc
def test_html_is_standalone_with_title_and_language(workspace, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(workspace, "agenda", "2017-08-22", "--to", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote agenda-2017-08-22.html\n"
    html = (tmp_path / "agenda-2017-08-22.html").read_text(encoding="utf-8")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB" xml:lang="en-GB">' in html
    assert "<title>" in html and "<table" in html


@needs_pandoc
def test_pdf_through_the_installed_engine(workspace, run, tmp_path):
    try:
        convert.pdf_engine()
    except convert.ConvertError:
        pytest.skip("no PDF engine installed")
    out = tmp_path / "notes.pdf"
    result = run(workspace, "notes", "2016-06-28", "--to", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_missing_pandoc_names_the_package(workspace, run, tmp_path):
    result = run(workspace, "notes", "2016-07-26", "--to", "docx", "-o",
                 str(tmp_path / "x.docx"), env={"PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr.startswith("error: pandoc is needed to write Word, HTML or PDF files")
    assert "apt-get install pandoc" in result.stderr
    assert not (tmp_path / "x.docx").exists()


@needs_pandoc
def test_missing_pdf_engine_names_what_to_install(workspace, run, tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "PDF_ENGINES", ("no-such-pdf-engine",))
    result = run(workspace, "notes", "--to", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "a PDF needs a PDF engine" in result.stderr
    assert "pip install weasyprint" in result.stderr and "xelatex" in result.stderr


def test_binary_formats_never_go_to_standard_output(workspace, run):
    result = run(workspace, "notes", "--to", "docx", "-o", "-")
    assert result.exit_code == 1
    assert result.stderr == ("error: a docx file cannot go to standard output: name it with "
                             "-o FILE\n")


def test_markdown_is_unchanged_without_to(workspace, run):
    plain = run(workspace, "notes", "2016-07-26")
    assert plain.exit_code == 0
    assert plain.stdout.startswith("# Monthly Assurance Meeting July 2016")


def test_title_comes_from_the_single_top_heading():
    promoted = convert._metadata(convert.Document("# Notes\n\n## One\n", "Notes"))
    assert "--shift-heading-level-by=-1" in promoted
    kept = convert._metadata(convert.Document("## One\n\n## Two\n", "Action log"))
    assert kept[-2:] == ["--metadata", "title=Action log"]
    assert not convert._single_top_heading("# One\n\n# Two\n")


def test_reference_docx_in_the_repository_is_a_word_file():
    from tests.conftest import REPO

    path = Path(REPO / "templates" / "reference.docx")
    with zipfile.ZipFile(path) as z:
        assert "word/styles.xml" in z.namelist()


def test_shipped_reference_docx_is_the_repository_one():
    from tests.conftest import REPO

    assert (REPO / "templates" / "reference.docx").read_bytes() == \
        (convert.DEFAULTS / "reference.docx").read_bytes()
    assert convert.reference_docx(None) == convert.DEFAULTS / "reference.docx"


@needs_pandoc
def test_without_a_templates_folder_the_shipped_style_is_used(workspace, run, tmp_path):
    import docx

    shutil.rmtree(workspace / "templates")
    out = tmp_path / "notes.docx"
    assert run(workspace, "notes", "2016-06-28", "-o", str(out)).exit_code == 0
    assert {s.name: s for s in docx.Document(str(out)).styles}["Heading 1"].font.name == "Arial"
