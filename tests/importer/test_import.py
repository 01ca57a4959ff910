"""The command: never overwriting, importing twice, --dry-run, guesses at the line and a
summary on stderr, and one clear message for each kind of bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import DATA, notes_as


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "meetings").iterdir())}


def test_a_folder_is_imported_in_date_order(empty, tmp_path, run):
    notes_as("text", tmp_path / "docs")
    result = run(empty, "import", str(tmp_path / "docs"))
    assert result.exit_code == 0, result.stderr
    july = (empty / "meetings" / "2016-07-26.yaml").read_text()
    assert "action: 2016-06-28/1" in july and "action: 2016-06-28/2" in july
    assert "# Imported by actionlog from notes-2016-07-26.txt (sha256" in july


def test_guesses_are_comments_at_the_line_and_counted_on_stderr(empty, tmp_path, run):
    paths = notes_as("text", tmp_path / "docs")
    result = run(empty, "import", *paths)
    june = (empty / "meetings" / "2016-06-28.yaml").read_text()
    assert "# import: no owner written: DCC from 'DCC confirmed' above\n          - id: 1" in june
    august = (empty / "meetings" / "2017-08-22.yaml").read_text()
    assert "# import: the notes write (PCC), which another person here holds" in august
    assert "guesses marked 'import:'" in result.stderr
    assert "dropped line 120: a passage repeating text above" in result.stderr
    assert result.stdout == ""


def test_importing_twice_changes_nothing(empty, tmp_path, run):
    paths = notes_as("docx", tmp_path / "docs")
    assert run(empty, "import", *paths).exit_code == 0
    before = files(empty)
    again = run(empty, "import", *paths)
    assert again.exit_code == 0, again.stderr
    assert files(empty) == before
    assert "was imported from" in again.stderr and "unchanged" in again.stderr


def test_an_existing_meeting_is_never_overwritten(workspace, tmp_path, run):
    before = files(workspace)
    paths = notes_as("text", tmp_path / "docs")
    result = run(workspace, "import", *paths)
    assert result.exit_code == 1
    assert "meetings/2016-06-28.yaml already exists; not overwritten" in result.stderr
    assert files(workspace) == before


def test_dry_run_prints_the_yaml_and_writes_nothing(empty, tmp_path, run):
    paths = notes_as("pdf", tmp_path / "docs")
    result = run(empty, "import", "--dry-run", *paths)
    assert result.exit_code == 0, result.stderr
    assert "# --- meetings/2016-07-26.yaml" in result.stdout
    assert "action: 2016-06-28/1" in result.stdout  # linked to the June file not written
    assert "would write meetings/2017-08-22.yaml" in result.stderr
    assert files(empty) == {}


def _docx_encrypted(path: Path) -> None:
    # what Word writes for a password-protected document: an OLE compound file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def _docx_corrupt(path: Path) -> None:
    path.write_bytes((DATA / "notes-2016-06-28.pdf").read_bytes()[:0] + b"PK\x03\x04broken")


def _docx_not_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a Word document")


def _pdf_corrupt(path: Path) -> None:
    path.write_bytes((DATA / "notes-2016-06-28.pdf").read_bytes()[:3000])


def _pdf_encrypted(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(str(DATA / "notes-2016-06-28.pdf")))
    writer.encrypt(user_password="secret", owner_password="secret")
    with open(path, "wb") as handle:
        writer.write(handle)


def _pdf_scanned(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # a page with no text layer, as a scan
    with open(path, "wb") as handle:
        writer.write(handle)


def _not_notes(path: Path) -> None:
    path.write_text("Shopping list\n\nMilk, eggs and bread.\n", encoding="utf-8")


def _undated(path: Path) -> None:
    path.write_text("Monthly Assurance Meeting\n\n1. AOB\n\nNothing.\n", encoding="utf-8")


def _docx_letter(path: Path) -> None:
    import docx

    document = docx.Document()
    for text in ("Dear Mr Campion,", "Thank you for your letter of 3 May 2016 about the "
                 "Track My Crime service.", "Yours sincerely,"):
        document.add_paragraph(text)
    document.save(str(path))


def _docx_blank(path: Path) -> None:
    import docx

    docx.Document().save(str(path))


BAD = [
    ("letter.docx", _docx_letter, "letter.docx does not look like meeting notes: no 'Date:' "
                                  "line"),
    ("nothing.docx", _docx_blank, "nothing.docx is a Word document with no text"),
    ("empty.pdf", lambda p: p.write_bytes(b""), "empty.pdf is empty; nothing written"),
    ("empty.txt", lambda p: p.write_bytes(b""), "empty.txt is empty; nothing written"),
    ("blank.docx", lambda p: p.write_bytes(b"  \n"), "blank.docx is empty"),
    ("locked.docx", _docx_encrypted, "locked.docx is password-protected, or an old Word 97 "
                                     "file"),
    ("broken.docx", _docx_corrupt, "broken.docx is not a Word document (.docx): the file is "
                                   "damaged"),
    ("other.docx", _docx_not_word, "other.docx cannot be read as a Word document"),
    ("broken.pdf", _pdf_corrupt, "broken.pdf cannot be read as a PDF"),
    ("locked.pdf", _pdf_encrypted, "locked.pdf is password-protected"),
    ("scan.pdf", _pdf_scanned, "scan.pdf has no text to read (a scanned image?)"),
    ("list.txt", _not_notes, "list.txt does not look like meeting notes: no 'Date:' line"),
    ("undated.txt", _undated, "undated.txt does not look like meeting notes: no 'Date:' line"),
    ("picture.png", lambda p: p.write_bytes(b"\x89PNG"), "picture.png is not a document"),
    ("binary.txt", lambda p: p.write_bytes(b"\x00\x01\x02" * 10), "binary.txt is not text"),
]


@pytest.mark.parametrize("name,make,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_one_message_nothing_written(name, make, message, empty, tmp_path, run):
    path = tmp_path / name
    make(path)
    result = run(empty, "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: {path.parent}/{message}") or \
        message in lines[0], result.stderr
    assert lines[-1] == "error: 1 of 1 document(s) not imported"
    assert "Traceback" not in result.stderr
    assert files(empty) == {}


def test_a_missing_path_is_one_message(empty, tmp_path, run):
    result = run(empty, "import", str(tmp_path / "nowhere.docx"))
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr


def test_several_documents_are_read_alike_on_every_core(tmp_path):
    from actionlog.edit.importer import run as importing

    paths = notes_as("docx", tmp_path / "docs") + notes_as("pdf", tmp_path / "docs")
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    paths.append(str(tmp_path / "docs" / "broken.pdf"))
    together = importing._read_all(paths)  # seven documents, six of them heavy: a pool
    alone = [importing._read_one(p) for p in paths]
    assert together == alone
    assert together[-1][1].startswith("cannot be read as a PDF")
    assert all(why is None for _b, why, _d in together[:-1])


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_the_summary_counts_the_comments_written(kind, empty, tmp_path, run):
    import re

    result = run(empty, "import", *notes_as(kind, tmp_path / "docs"))
    said = [int(n) for n in re.findall(r"(\d+) guesses marked 'import:'", result.stderr)]
    written = [(empty / "meetings" / f"{day}.yaml").read_text().count("# import:")
               for day in ("2016-06-28", "2016-07-26", "2017-08-22")]
    assert said == written and all(written)
