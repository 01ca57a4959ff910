"""Shared fixtures: a copy of the real workspace, and the CLI through Click's runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.cli import cli

REPO = Path(__file__).resolve().parent.parent
MEETINGS = REPO / "meetings"
TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
DATA = TESTS / "data"
HOSTILE = TESTS / "hostile"


def pytest_addoption(parser):
    # shared by every golden-file test (rendered documents, generated meeting files)
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files in tests/golden/ from the current output "
                          "instead of comparing with them")


@pytest.fixture
def golden(request):
    """golden(name, text): compare `text` with tests/golden/<name>, or rewrite it with
    --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no golden file {path}; create it with --update-golden"
        assert text == path.read_text(encoding="utf-8"), (
            f"output differs from {path}; if the change is intended, rerun with "
            f"--update-golden and review the diff")
    return check


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
