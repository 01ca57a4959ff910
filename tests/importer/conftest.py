"""Empty workspaces to import into, and the three real notes as text, Word and PDF."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = HERE / "data"
DATES = ("2016-06-28", "2016-07-26", "2017-08-22")
sys.path.insert(0, str(HERE))


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A workspace with the series template and no meetings."""
    root = tmp_path / "empty"
    (root / "meetings").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def notes_as(kind: str, folder: Path) -> list[str]:
    """The three notes as `kind` (text, docx, docx-numbered, pdf) in `folder`."""
    from build import seed_docx

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for day in DATES:
        source = DATA / f"notes-{day}.txt"
        if kind in ("docx", "docx-numbered"):
            # docx-numbered: the items' numbers from Word's list numbering, not typed
            target = folder / f"notes-{day}.docx"
            seed_docx(source.read_text(encoding="utf-8"), str(target),
                      auto_numbers=kind == "docx-numbered")
        else:
            target = folder / f"notes-{day}.{'txt' if kind == 'text' else 'pdf'}"
            shutil.copy(DATA / target.name, target)
        out.append(str(target))
    return out
