"""Make the README's page images: one page each of the agenda, the notes and the action log,
written by actionlog as PDF from the bundled meetings, rendered to PNG by pdftoppm.

    python scripts/document_images.py          # writes docs/images/{agenda,notes,log}.png

Needs actionlog installed with WeasyPrint (`pip install '.[test]'`) and pdftoppm (Debian:
`apt-get install poppler-utils`). The agenda's page is its tracker (the first landscape
page); the others their first page. Dates are fixed, so the images change only when the
documents do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from actionlog.cli import cli

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "images"
DOCUMENTS = {
    "agenda": ["agenda", "2017-08-22"],
    "notes": ["notes", "2016-07-26"],
    "log": ["log", "--today", "2017-09-01"],
}
DPI = "60"


def page(pdf: Path, name: str) -> int:
    """The page to show (1-based): the agenda's tracker, else the first."""
    if name != "agenda":
        return 1
    pages = PdfReader(pdf).pages
    return next((n for n, p in enumerate(pages, 1) if p.mediabox.width > p.mediabox.height), 1)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is needed (Debian: apt-get install poppler-utils)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        shutil.copytree(REPO / "meetings", root / "meetings")
        shutil.copytree(REPO / "templates", root / "templates")
        for name, args in DOCUMENTS.items():
            pdf = Path(tmp) / f"{name}.pdf"
            result = CliRunner().invoke(cli, ["--root", str(root), *args, "--to", "pdf",
                                              "-o", str(pdf)])
            if result.exit_code != 0:
                print(result.output, file=sys.stderr)
                return 1
            n = str(page(pdf, name))
            subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", n, "-l", n, "-singlefile",
                            str(pdf), str(OUT / name)], check=True)
            print(f"wrote {(OUT / name).relative_to(REPO)}.png (page {n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
