"""A document as lines, whatever it is: extracted text (.txt, .md), Word (.docx, through
python-docx, tables row by row in their place), or PDF (.pdf, through pdfplumber: ruled
tables row by row, other text line by line with the gaps that end paragraphs). A document
that cannot be read gives one message saying why, never an exception."""

from __future__ import annotations

import os
import re
import zipfile

from actionlog.edit.importer.lines import Line, clean, text_lines

SUFFIXES = (".docx", ".pdf", ".txt", ".md")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word 97 file, or an encrypted .docx


def read_lines(path: str) -> tuple[list[Line], str | None]:
    """(lines, None), or ([], why the document cannot be read)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        return [], f"is not a document actionlog imports ({', '.join(SUFFIXES)})"
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return [], f"cannot be read: {exc.strerror or exc}"
    if not raw.strip():
        return [], "is empty"
    if suffix == ".docx":
        return _docx(path, raw)
    if suffix == ".pdf":
        return _pdf(path, raw)
    return _text(raw)


def _text(raw: bytes) -> tuple[list[Line], str | None]:
    if b"\x00" in raw[:4096]:
        return [], "is not text (it holds binary data)"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text_lines(text), None


# ---------------------------------------------------------------- Word


def _docx(path: str, raw: bytes) -> tuple[list[Line], str | None]:
    if raw.startswith(_OLE):
        return [], ("is password-protected, or an old Word 97 file: save it from Word as an "
                    "unprotected .docx")
    if not zipfile.is_zipfile(path):
        return [], "is not a Word document (.docx): the file is damaged or of another kind"
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        from actionlog.edit.importer.numbering import Numbering

        document = docx.Document(path)
        body = document.element.body
        numbering = Numbering(document)
        out: list[Line] = []
        tables = 0
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = _numbered(numbering, Paragraph(child, document))
                for part in text.split("\n"):
                    out.append(Line(" ".join(part.split()), (), f"paragraph {len(out) + 1}",
                                    hard=True))
            elif tag == "tbl":
                tables += 1
                out.extend(_table_lines(Table(child, document), tables, numbering))
    except Exception as exc:  # a damaged package: python-docx and lxml raise many kinds
        return [], f"cannot be read as a Word document ({type(exc).__name__}: {exc})"
    if not any(line.text.strip() for line in out):
        return [], "is a Word document with no text"
    return out, None


def _numbered(numbering, paragraph) -> str:
    """The paragraph's text, after the number Word's list numbering shows before it."""
    text = clean(paragraph.text)
    label = numbering.label(paragraph._p)
    return f"{label} {text.lstrip()}" if label and text.strip() else text


def _table_lines(table, number: int, numbering) -> list[Line]:
    out = []
    for index, row in enumerate(table.rows, 1):
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append([" ".join(_numbered(numbering, p).split()) for p in cell.paragraphs])
        width = max((len(c) for c in cells), default=0)
        main = max(range(len(cells)), key=lambda i: len(" ".join(cells[i]))) if cells else 0
        for line in range(width):
            # a cell of several paragraphs: one row a paragraph, the others' text on the first
            row_cells = tuple(
                (c[line] if line < len(c) else "") if i == main else
                (" ".join(c) if line == 0 else "") for i, c in enumerate(cells))
            if any(row_cells):
                out.append(Line(" ".join(c for c in row_cells if c), row_cells,
                                f"table {number} row {index}", hard=True))
    return out


# ---------------------------------------------------------------- PDF


def _pdf(path: str, raw: bytes) -> tuple[list[Line], str | None]:
    if not raw.lstrip().startswith(b"%PDF"):
        return [], "is not a PDF: the file is damaged or of another kind"
    try:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            out: list[Line] = []
            for number, page in enumerate(pdf.pages, 1):
                out.extend(_page_lines(page, number))
    except Exception as exc:  # pdfminer raises many kinds for damaged or locked files
        name = type(exc).__name__
        causes = " ".join(f"{type(c).__name__} {c}" for c in (exc, *exc.args, exc.__cause__))
        if re.search(r"password|encrypt", causes, re.I):
            return [], "is password-protected: save an unprotected copy to import"
        return [], f"cannot be read as a PDF ({name}: {exc})".replace("()", "")
    if not any(line.text.strip() for line in out):
        return [], ("has no text to read (a scanned image?): run it through text "
                    "recognition (OCR) first, or import the Word original")
    return out, None


def _page_lines(page, number: int) -> list[Line]:
    """The page's lines top to bottom: table rows as cells, other text as lines, with a
    blank line where the gap above a line is wider than the text's own line spacing."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= mid_x <= x1 and top <= mid_y <= bottom
                       for x0, top, x1, bottom in boxes)

    placed: list[tuple[float, Line]] = []
    rows = page.filter(outside).extract_text_lines(return_chars=False)
    pitch = sorted(b["top"] - a["top"] for a, b in zip(rows, rows[1:]) if b["top"] > a["top"])
    usual = pitch[len(pitch) // 4] if pitch else 0
    previous = None
    for row in rows:
        if previous is not None and usual and row["top"] - previous["top"] > 1.35 * usual:
            placed.append((row["top"] - 0.1, Line("", (), f"page {number}")))
        placed.append((row["top"], Line(clean(row["text"]).strip(), (), f"page {number}")))
        previous = row
    for index, table in enumerate(tables, 1):
        for cells_row, found in zip(table.extract(), table.rows):
            cells = tuple(" ".join(clean(c or "").split()) for c in cells_row)
            if any(cells):
                top = found.bbox[1] if found.bbox else table.bbox[1]
                placed.append((top, Line(" ".join(c for c in cells if c), cells,
                                         f"page {number} table {index}", hard=True)))
    placed.sort(key=lambda pair: pair[0])
    if rows and placed and placed[-1][1].text == clean(rows[-1]["text"]).strip():
        # the page ends a paragraph where its last line stops well short of the text's right
        # edge (a heading, a paragraph's last line): the page break is then a gap too
        right = max(row["x1"] for row in rows)
        left = min(row["x0"] for row in rows)
        if rows[-1]["x1"] < left + 0.7 * (right - left):
            placed.append((float("inf"), Line("", (), f"page {number}")))
    return [line for _top, line in placed]
