"""A PDF too long to lay out in reasonable time (WeasyPrint lays out every page: minutes and
gigabytes for thousands) is refused in one line, exit status 1, nothing written; --long
makes it anyway. The fast tests lower the limit through the CLI's context object (the
"pdf_pages" a caller may set), so no long PDF is ever made here; one slow test meets the
real limit on a made-up meeting of 3,500 actions.

The PDF that --long makes needs WeasyPrint, as tests/present/test_papers.py does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from actionlog.cli import cli
from actionlog.cli.documents import PDF_PAGES
from actionlog.present import pdf
from benchmarks.bigfile import FIRST, build

SKIP_PDF = os.environ.get("ACTIONLOG_SKIP_PDF_TESTS") == "1"
PAPERS = {"notes": (["notes", "2016-07-26"], "the notes of 2016-07-26"),
          "agenda": (["agenda", "2016-07-26"], "the agenda of 2016-07-26"),
          "log": (["log", "--today", "2016-09-01"], "the action log as of 2016-09-01")}


def invoke(root: Path, *args: str, pages: int | None = None):
    obj = {PDF_PAGES: pages} if pages is not None else None
    return CliRunner().invoke(cli, ["--root", str(root), *args], obj=obj, env={},
                              catch_exceptions=False)


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_pdf_over_the_limit_is_refused_and_nothing_is_written(workspace, here, paper):
    args, what = PAPERS[paper]
    result = invoke(workspace, *args, "--to", "pdf", pages=0)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {what} would run to about ")
    assert "table rows); a PDF that long takes WeasyPrint about" in result.stderr
    assert result.stderr.endswith("Write it as Word (--to docx) or Markdown, or pass --long "
                                  "to make it anyway.\n")
    assert result.stderr.count("\n") == 1
    assert list(here.iterdir()) == []  # no PDF, no empty or temporary file


def test_the_other_formats_are_not_limited(workspace, here):
    for fmt in ("docx", "html", "md"):
        result = invoke(workspace, "notes", "2016-07-26", "--to", fmt, pages=1)
        assert result.exit_code == 0, result.stderr
    assert sorted(p.suffix for p in here.iterdir()) == [".docx", ".html", ".md"]


@pytest.mark.skipif(SKIP_PDF, reason="ACTIONLOG_SKIP_PDF_TESTS=1: no WeasyPrint here")
def test_long_makes_the_pdf_anyway(workspace, here):
    result = invoke(workspace, "notes", "2016-07-26", "--to", "pdf", "--long", pages=1)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "wrote notes-2016-07-26.pdf\n"
    made = here / "notes-2016-07-26.pdf"
    assert made.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in here.iterdir()] == [made.name]


def test_help_names_the_flag_and_the_limit(workspace):
    for command in ("notes", "agenda", "log"):
        shown = " ".join(invoke(workspace, command, "--help").stdout.split())
        assert "--long" in shown and f"more than about {pdf.MAX_PAGES} pages" in shown


@pytest.mark.slow
def test_a_meeting_of_thousands_of_actions_meets_the_real_limit(tmp_path, here):
    actions = build(tmp_path / "ws", 750 * 1024)  # about 3,500 actions
    result = invoke(tmp_path / "ws", "notes", FIRST, "-o", "notes.pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: the notes of {FIRST} would run to about ")
    rows = actions + 4  # the actions arising, and the attendance table's four people
    assert f"pages ({rows:,} table rows); a PDF that long" in result.stderr
    assert list(here.iterdir()) == []
