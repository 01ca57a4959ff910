"""How long a PDF would run, told from its Document before WeasyPrint lays out a page: the
lines counted, the pages estimated, and the refusal of one over the limit (pure: no PDF
is made here)."""

from __future__ import annotations

from actionlog.present import pdf
from actionlog.present.document import Column, Document, Heading, Para, Run, Section, Table


def tracker(rows: int) -> Table:
    """A tracker of `rows` actions, each row three cells, one of them on two lines."""
    row = ((Run("2016-06-28/1", keep=True),), (Run("Report back\non the review"),),
           (Run("DCC"),))
    return Table((Column("Ref", 0), Column("Action", 6), Column("Lead", 2)), (row,) * rows)


def paper(rows: int) -> Document:
    return Document("Big Board", "Meeting notes", "OFFICIAL", [
        Section(False, [Heading(0, "Big Board"), Para((Run("Present: all"),))]),
        Section(True, [tracker(rows)])])


def test_lines_are_headings_paragraphs_and_each_line_of_each_cell():
    assert pdf.lines(paper(0)) == 2
    assert pdf.lines(paper(3)) == 2 + 3 * 4
    assert pdf.table_rows(paper(3)) == 3
    assert pdf.pages(paper(3)) == 1
    assert pdf.pages(paper(1000)) == -(-(2 + 4000) // pdf.LINES_PER_PAGE)


def test_a_paper_within_the_limit_is_made():
    assert pdf.too_long(paper(100), "the notes of 2016-06-28") == ""
    most = (pdf.MAX_PAGES * pdf.LINES_PER_PAGE - 2) // 4  # rows that just fill the limit
    assert pdf.pages(paper(most)) == pdf.MAX_PAGES
    assert pdf.too_long(paper(most), "the notes of 2016-06-28") == ""


def test_a_paper_of_thousands_of_pages_is_refused_in_one_line():
    big = paper(23_500)
    message = pdf.too_long(big, "the notes of 2016-06-28")
    assert message == (
        "the notes of 2016-06-28 would run to about 2,089 pages (23,500 table rows); a PDF "
        "that long takes WeasyPrint about 3 minutes and 4 GB of memory. Write it as Word "
        "(--to docx) or Markdown, or pass --long to make it anyway.")
    assert "\n" not in message


def test_the_limit_is_a_parameter():
    assert pdf.too_long(paper(100), "the agenda of 2016-09-27", limit=5).startswith(
        "the agenda of 2016-09-27 would run to about 9 pages (100 table rows); a PDF that "
        "long takes WeasyPrint about 2 seconds and 18 MB of memory.")
    assert pdf.too_long(paper(100), "the agenda of 2016-09-27", limit=9) == ""
