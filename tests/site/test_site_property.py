"""A property of the public site: for random workspaces with confidential items at any
depth (tests/present/test_confidential.py's, where every confidential text carries SECRET),
no file of the public site holds any confidential text, every internal link leads to a page
of the site, and the internal copy holds every text (else the test would prove nothing)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.present.test_confidential import TOKEN, invoke, workspace_files, write
from tests.site.test_site import broken_links


def site_text(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*"))
                   if p.is_file() and p.name != ".actionlog-site.json")


@given(workspace_files())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_public_site_holds_no_confidential_text(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        write(root, files)
        last = max(files)
        public, internal = Path(tmp) / "public", Path(tmp) / "internal"
        invoke(root, "site", str(public), "--today", last)
        assert TOKEN not in site_text(public)
        assert broken_links(public) == []
        invoke(root, "site", str(internal), "--today", last, "--include-confidential")
        assert (TOKEN in json.dumps(files)) == (TOKEN in site_text(internal))
        assert broken_links(internal) == []
