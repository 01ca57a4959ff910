"""Empty workspaces to import into, and the three real notes as text, Word and PDF."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from build import DATA, DATES, notes_as  # noqa: E402,F401 - the tests import them from here


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A workspace with the series template and no meetings."""
    root = tmp_path / "empty"
    (root / "meetings").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    return root
