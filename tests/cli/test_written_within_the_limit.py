"""A file the tool writes is one it can read: a new meeting, or an edit, that would be over
the size a meeting file may be is refused with one line, and nothing is written."""

from __future__ import annotations

from types import SimpleNamespace

from actionlog.cli import meetings
from actionlog.store import yamlio


def test_a_new_meeting_over_the_limit_is_refused(workspace, run, monkeypatch):
    # the limit as new-meeting sees it (the bundled files, read first, are larger than 1500)
    monkeypatch.setattr(meetings, "yamlio", SimpleNamespace(MAX_FILE_BYTES=1500))
    before = sorted(p.name for p in (workspace / "meetings").iterdir())
    result = run(workspace, "new-meeting", "--today", "2017-09-01")
    assert result.exit_code == 1
    assert "meetings/2017-09-26.yaml would be" in result.stderr
    assert "more than a meeting file may be (1500)" in result.stderr
    assert "nothing was written" in result.stderr
    assert sorted(p.name for p in (workspace / "meetings").iterdir()) == before


def test_an_edit_over_the_limit_is_refused(workspace, run, monkeypatch):
    run(workspace, "new-meeting", "--today", "2017-09-01")
    draft = workspace / "meetings" / "2017-09-26.yaml"
    text = draft.read_text(encoding="utf-8")
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", len(text.encode("utf-8")) + 10)
    result = run(workspace, "update", "2016-07-26/1", "A report of some length was circulated.")
    assert result.exit_code == 1
    assert "file is too large" in result.stderr
    assert draft.read_text(encoding="utf-8") == text
