"""Fixtures of the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """An empty folder, the current one while the test runs: where a document is written
    when no -o names its file."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return out
