"""Shared fixtures: a copy of the real workspace, and the CLI through Click's runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.cli import cli

REPO = Path(__file__).resolve().parent.parent
MEETINGS = REPO / "meetings"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the bundled workspace (meetings and templates) to change freely."""
    root = tmp_path / "ws"
    shutil.copytree(MEETINGS, root / "meetings")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", root / "templates")
    return root


@pytest.fixture
def run():
    """run(root, *args) -> click Result, with stdout and stderr apart."""
    def invoke(root: Path, *args: str, env: dict | None = None):
        runner = CliRunner()
        return runner.invoke(cli, ["--root", str(root), *args], env=env or {},
                             catch_exceptions=False)
    return invoke
