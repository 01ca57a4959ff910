"""A Document (present/document.py) as HTML, and as a tagged PDF (PDF/UA-1) made of that
HTML by WeasyPrint: A4, the trackers on landscape pages, the column widths of the Word
file, the marking and "Title · Page N of M" in the page margins, nothing hyphenated. A
document that would run to more than MAX_PAGES pages is refused unless asked for: WeasyPrint
lays out every page, at about 12 pages a second and 2 to 3 MB of memory a page.

WeasyPrint is an optional dependency (`pip install 'actionlog[pdf]'`, and the Pango
library from the system); it is imported only when a PDF is written.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from actionlog.present.document import (CELL_PAD_MM, LANG, MARGIN_MM, TABLE_PT, BODY_PT,
                                        Document, Heading, Para, Run, Table, usable_mm,
                                        widths)

STYLE_CSS = "style.css"
DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
PDF_VARIANT = "pdf/ua-1"
INSTALL_WEASYPRINT = (
    "a PDF needs WeasyPrint, which is not installed or cannot find its system libraries: "
    "`pip install 'actionlog[pdf]'` (or `pip install weasyprint`), and on Debian or Ubuntu "
    "`apt-get install libpango-1.0-0 libpangoft2-1.0-0`; or write --to docx and save it as "
    "PDF from Word")

# WeasyPrint's time grows with the lines it lays out: 1.6 to 1.9 ms of processor time a line
# (a heading, a paragraph, or a line of a table cell) for the notes, agenda and log alike;
# 42 to 53 lines a page (benchmarks/RESULTS.md). 300 such pages: about 25 s and 800 MB.
LINES_PER_PAGE = 45
PAGES_PER_SECOND = 12
MB_PER_PAGE = 2  # 2.7 (300 pages: 790 MB) to 1.75 (3,100 pages: 5.3 GiB)
MAX_PAGES = 300


class PdfError(Exception):
    """WeasyPrint is missing or failed: a domain error, one line."""


def css(templates: Path | None) -> str:
    """The house style: the package's document.css, then the workspace's
    templates/style.css (if any), which can override any of it."""
    text = (DEFAULTS / "document.css").read_text(encoding="utf-8")
    own = templates / STYLE_CSS if templates else None
    if own is not None and own.is_file():
        text += "\n" + own.read_text(encoding="utf-8")
    return text


def html(document: Document, templates: Path | None = None) -> str:
    """The document as one self-contained HTML page (its style embedded)."""
    body = []
    for section in document.sections:
        cls = "landscape" if section.landscape else "portrait"
        body.append(f'<section class="{cls}">')
        in_list = ""  # the list open: "ul", "ol", or none
        for b in section.blocks:
            kind = _list_kind(b)
            if kind != in_list:
                body += ([f"</{in_list}>"] if in_list else []) + ([f"<{kind}>"] if kind else [])
                in_list = kind
            body.append(_block(b, section.landscape))
        body.append((f"</{in_list}>\n" if in_list else "") + "</section>")
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{LANG}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(document.title)}</title>",
        f'<meta name="description" content="{escape(document.subject)}">',
        f"<style>\n{css(templates)}\n{_page_css(document)}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        ""])


def write(document: Document, out: Path, templates: Path | None = None) -> Path:
    """The document as a tagged PDF (PDF/UA-1): title, language, structure for readers."""
    try:
        from weasyprint import HTML  # optional: only a PDF needs it
    except (ImportError, OSError):
        raise PdfError(INSTALL_WEASYPRINT) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html(document, templates)).write_pdf(str(out), pdf_variant=PDF_VARIANT)
    return out


def lines(document: Document) -> int:
    """The lines of text the document holds, as WeasyPrint lays them out: each heading and
    paragraph, and each line of each table cell (wrapped lines aside)."""
    count = 0
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                count += sum(run.text.count("\n") + 1
                             for row in block.rows for cell in row for run in cell)
            else:
                count += 1
    return count


def table_rows(document: Document) -> int:
    return sum(len(block.rows) for section in document.sections
               for block in section.blocks if isinstance(block, Table))


def pages(document: Document) -> int:
    """About how many pages the PDF of `document` runs to."""
    return -(-lines(document) // LINES_PER_PAGE)


def too_long(document: Document, what: str, limit: int = MAX_PAGES) -> str:
    """Why `document` (`what`: "the notes of 2016-06-28") is not made as a PDF unless asked
    for: it would run to more than `limit` pages. Empty when it would not."""
    count = pages(document)
    if count <= limit:
        return ""
    seconds = max(2, round(count / PAGES_PER_SECOND))
    took = f"{seconds} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes"
    mb = count * MB_PER_PAGE
    memory = f"{mb} MB" if mb < 1000 else f"{round(mb / 1000)} GB"
    return (f"{what} would run to about {count:,} pages ({table_rows(document):,} table "
            f"rows); a PDF that long takes WeasyPrint about {took} and {memory} of memory. "
            "Write it as Word (--to docx) or Markdown, or pass --long to make it anyway.")


# ---------------------------------------------------------------- pages and blocks


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_css(document: Document) -> str:
    """The page boxes: size, margins, the marking, the title and the page number."""
    mark = _css_string(document.marking)
    footer = _css_string(f"{document.title} · Page ")
    margins = f"margin: {MARGIN_MM}mm;"
    below = f' "\\A" {mark}' if document.marking else ""
    boxes = (f"@top-center {{ content: {mark}; font-weight: bold; }} "
             f"@bottom-center {{ content: {footer} counter(page) \" of \" counter(pages)"
             f"{below}; white-space: pre; font-size: 9pt; }}")
    return (f"@page {{ size: A4 portrait; {margins} {boxes} }}\n"
            f"@page wide {{ size: A4 landscape; {margins} {boxes} }}\n"
            f"body {{ font-size: {BODY_PT}pt; }}\n"
            f"table {{ font-size: {TABLE_PT}pt; }}\n"
            f"td, th {{ padding: 0.5mm {CELL_PAD_MM / 2}mm; }}\n")


def _list_kind(block) -> str:
    """The HTML list a block is an item of: bullets a <ul>, numbered items of rich text an
    <ol> (their numbers as written); anything else none."""
    if isinstance(block, Para) and block.kind == "bullet":
        return "ul"
    if isinstance(block, Para) and block.kind == "numbered" and block.number:
        return "ol"
    return ""


def _block(block, landscape: bool) -> str:
    if isinstance(block, Heading):
        tag = "h1" if block.level == 0 else f"h{min(block.level + 1, 6)}"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Para):
        inner = "".join(_run(r) for r in block.runs)
        if block.kind == "bullet":
            return f"<li>{inner}</li>"
        if block.number:
            return f'<li value="{escape(block.number)}">{inner}</li>'
        return f'<p class="{block.kind}">{inner}</p>'
    if isinstance(block, Table):
        return _table(block, landscape)
    raise TypeError(block)


def _run(run: Run) -> str:
    text = escape(run.text).replace("\n", "<br>")
    classes = [c for c, on in (("keep", run.keep), ("flag", run.flag)) if on]
    if run.bold:
        text = f"<strong>{text}</strong>"
    return f'<span class="{" ".join(classes)}">{text}</span>' if classes else text


def _table(t: Table, landscape: bool) -> str:
    fitted = widths(t, landscape)
    page = usable_mm(landscape)
    cols = "".join(f'<col style="width: {100 * w / page:.2f}%">' for w in fitted)
    head = "".join(f'<th scope="col">{escape(c.title)}</th>' for c in t.columns)
    rows = []
    for row in t.rows:
        cells = []
        for runs in row:
            flagged = ' class="flagged"' if any(r.flag for r in runs) else ""
            lines = "".join(f"<p>{_run(r)}</p>" for r in runs)
            cells.append(f"<td{flagged}>{lines}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    label = f' aria-label="{escape(t.caption)}"' if t.caption else ""
    return (f"<table{label}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
