"""`actionlog site`: the pages of the bundled meetings, their links, the incremental
rebuild, and the folders it refuses. The browser tests (console, axe, filters) are in
test_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from ruamel.yaml import YAML

TODAY = "2017-09-01"
HREF = re.compile(r'(?:href|src)="([^"]*)"')


def build(run, root: Path, out: Path, *extra: str):
    result = run(root, "site", str(out), "--today", TODAY, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def pages(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
            and p.name != ".actionlog-site.json"}


def broken_links(out: Path) -> list[str]:
    """Every link and script of every page that does not lead to a file of the site (or
    leads outside it)."""
    bad = []
    for page in out.rglob("*.html"):
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                bad.append(f"{page.relative_to(out)}: {href} (outside the site)")
                continue
            if not parts.path:  # "#main"
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or out.resolve() not in target.parents:
                bad.append(f"{page.relative_to(out)}: {href}")
    return bad


def test_the_site_of_the_bundled_meetings(workspace, run, tmp_path):
    out = tmp_path / "site"
    result = build(run, workspace, out)
    made = pages(out)
    assert {"index.html", "log.html", "feed.xml", "site.css", "log.js",
            "series/monthly-assurance.html"} <= made
    assert {f"meetings/{p.stem}.html" for p in (workspace / "meetings").glob("*.yaml")} <= made
    # a page per action, at the address its reference makes
    assert "actions/2016-06-28/1.html" in made and "actions/2017-08-22/5.html" in made
    assert f"{len(made)} page(s) written" in result.stderr
    assert broken_links(out) == []
    action = (out / "actions/2016-06-28/1.html").read_text(encoding="utf-8")
    assert 'lang="en-GB"' in action and 'href="#main"' in action and '<main id="main"' in action
    # where it was raised, its review, and where it was closed, each a link
    assert '<a href="../../meetings/2016-06-28.html">28 June 2016, item 1</a>' in action
    assert "A report had previously circulated outlining the options available." in action
    assert 'at the meeting of <a href="../../meetings/2016-07-26.html">26 July 2016</a>' in action
    # the notes name the reviewed action by reference: a link to its page
    notes = (out / "meetings/2016-07-26.html").read_text(encoding="utf-8")
    assert '<a href="../actions/2016-06-28/1.html">2016-06-28/1</a>' in notes
    assert "<caption" in notes and '<th scope="col">Capacity</th>' in notes


def test_the_log_lists_open_actions_with_the_values_its_filters_read(workspace, run, tmp_path):
    out = tmp_path / "site"
    build(run, workspace, out)
    log = (out / "log.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-lead="([^"]*)" data-series="([^"]*)" data-status="([^"]*)" '
                      r'data-overdue="(yes|no)">\s*<th scope="row"><a href="actions/([^"]+)\.html"',
                      log)
    by_ref = {ref: (lead, status, overdue) for lead, _s, status, overdue, ref in rows}
    # on 1 September 2017: July 2016's three still open and overdue, August 2017's open
    assert by_ref["2016-07-26/1"] == ("DCC Anthony Bangham", "Open", "yes")
    assert by_ref["2017-08-22/1"][1:] == ("Open", "no")
    # closed more than a year before: not in the log (it has its page still)
    assert "2016-06-28/1" not in by_ref and (out / "actions/2016-06-28/1.html").is_file()
    assert by_ref["2017-08-22/4"][1] == "Discharged"


def test_a_second_build_writes_nothing_and_an_edit_rewrites_only_what_changed(
        workspace, run, tmp_path):
    out = tmp_path / "site"
    build(run, workspace, out)
    before = {p: (out / p).read_bytes() for p in pages(out)}
    again = build(run, workspace, out)
    assert "0 page(s) written" in again.stderr and "(0 group(s) of series built, 1 kept)" in again.stderr
    # an update reworded at the August 2017 meeting: its notes and the action's page change
    path = workspace / "meetings" / "2017-08-22.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("was reassured by the update provided") == 1
    path.write_text(text.replace("was reassured by the update provided",
                                 "was reassured by the update given"), encoding="utf-8")
    edited = build(run, workspace, out)
    changed = {p for p in pages(out) if (out / p).read_bytes() != before.get(p)}
    written = re.search(r"(\d+) page\(s\) written", edited.stderr).group(1)
    assert changed and int(written) == len(changed)
    assert "meetings/2017-08-22.html" in changed
    assert all(p.startswith(("meetings/2017-08-22", "actions/")) for p in changed), changed


def test_a_meeting_removed_takes_its_pages_with_it(workspace, run, tmp_path):
    out = tmp_path / "site"
    build(run, workspace, out)
    (workspace / "meetings" / "2017-08-22.yaml").unlink()
    result = build(run, workspace, out)
    assert not (out / "meetings/2017-08-22.html").exists()
    assert not (out / "actions/2017-08-22").exists()
    assert "removed" in result.stderr and broken_links(out) == []


def test_refuses_a_folder_it_did_not_build(workspace, run, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    result = run(workspace, "site", str(out), "--today", TODAY)
    assert result.exit_code == 1
    assert "was not built by `actionlog site`" in result.stderr and "Traceback" not in result.stderr
    assert (out / "precious.txt").read_text() == "keep me" and pages(out) == {"precious.txt"}
    a_file = tmp_path / "file"
    a_file.write_text("x")
    result = run(workspace, "site", str(a_file), "--today", TODAY)
    assert result.exit_code != 0 and "Traceback" not in result.stderr


def test_a_damaged_manifest_means_every_page_is_made_again(workspace, run, tmp_path):
    out = tmp_path / "site"
    build(run, workspace, out)
    (out / ".actionlog-site.json").write_text("{not json")
    (out / "index.html").write_text("tampered")
    build(run, workspace, out)
    assert "tampered" not in (out / "index.html").read_text(encoding="utf-8")
    assert json.loads((out / ".actionlog-site.json").read_text())["format"] == 1


def test_a_file_with_errors_stops_the_build(workspace, run, tmp_path):
    (workspace / "meetings" / "2017-08-22.yaml").write_text("title: [unclosed\n")
    result = run(workspace, "site", str(tmp_path / "site"), "--today", TODAY)
    assert result.exit_code == 1 and "2017-08-22.yaml" in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_office_restyles_the_site_with_its_own_templates(workspace, run, tmp_path):
    own = workspace / "templates" / "site"
    own.mkdir(parents=True)
    (own / "site.css").write_text("body { color: #000; } /* the office's own */\n")
    out = tmp_path / "site"
    build(run, workspace, out)
    assert "the office's own" in (out / "site.css").read_text()
    (own / "action.html.j2").write_text("{% extends 'site/base.html.j2' %}"
                                        "{% block title %}{{ action.ref }}{% endblock %}"
                                        "{% block main %}<h1>{{ action.nope }}</h1>{% endblock %}")
    result = run(workspace, "site", str(out), "--today", TODAY)
    assert result.exit_code == 1
    assert "templates/site/action.html.j2:1" in result.stderr and "nope" in result.stderr


def test_the_feed_lists_the_meetings_held(workspace, run, tmp_path):
    out = tmp_path / "site"
    build(run, workspace, out, "--base-url", "https://example.org/pcc")
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    from xml.etree import ElementTree
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(feed.encode()).findall(f"{atom}entry")
    links = [e.find(f"{atom}link").get("href") for e in entries]
    assert links[0] == "https://example.org/pcc/meetings/2017-08-22.html"
    assert "https://example.org/pcc/meetings/2016-08-30.html" not in links  # cancelled


@pytest.mark.parametrize("internal", [False, True])
def test_part2_stays_out_of_the_public_site_and_is_marked_in_the_internal_copy(
        workspace, run, tmp_path, internal):
    yaml = YAML()
    path = workspace / "meetings" / "2017-08-22.yaml"
    data = yaml.load(path)
    data["items"][3]["confidential"] = True  # "Holding to account": Part 2, and all under it
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    secret = "The raw data, and the reasons for the disparity"  # a sub-item's, 3 deep
    assert secret in path.read_text(encoding="utf-8")
    out = tmp_path / "site"
    build(run, workspace, out, *(["--include-confidential"] if internal else []))
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()
                   and p.suffix in (".html", ".xml"))
    assert (secret in text) == internal
    assert ("Part 2: confidential" in text) == internal
    assert ("Internal copy" in text) == internal
    assert broken_links(out) == []


@pytest.mark.slow
def test_serve_previews_the_site_and_rebuilds_on_change(workspace, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request
    out = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "actionlog", "--root", str(workspace), "site",
                             str(out), "--today", TODAY, "--serve", "--port", "0"],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    try:
        assert "page(s) written" in proc.stderr.readline()
        serving = proc.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", serving).group(1)
        page = f"http://127.0.0.1:{port}/meetings/2017-08-22.html"
        assert "reassured by the update provided" in urllib.request.urlopen(page).read().decode()
        path = workspace / "meetings" / "2017-08-22.yaml"
        time.sleep(1.1)  # a change within the poll's second is still seen; this one is later
        path.write_text(path.read_text(encoding="utf-8").replace(
            "reassured by the update provided", "reassured by the update given"),
            encoding="utf-8")
        rebuilt = proc.stderr.readline()
        assert "page(s) written" in rebuilt and "1 group(s) of series built" in rebuilt
        assert "reassured by the update given" in urllib.request.urlopen(page).read().decode()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    assert proc.returncode == 130


def test_links_quote_what_a_file_name_may_hold_and_link_only_pages_of_the_site(tmp_path):
    from actionlog.present.site.html import templates
    tpl = templates(tmp_path, lambda ref: ref == "2016-06-28/1")
    to, linked = tpl.env.filters["to"], tpl.env.filters["linked"]
    assert to("meetings/Audit & Risk/2016-01-05.html", "../") == \
        "../meetings/Audit%20%26%20Risk/2016-01-05.html"
    text = str(linked("See 2016-06-28/1 and 2016-06-28/2 <b>", "../../"))
    assert text == ('See <a href="../../actions/2016-06-28/1.html">2016-06-28/1</a> and '
                    '2016-06-28/2 &lt;b&gt;')


def test_serve_on_a_port_in_use_is_one_line(workspace, run, tmp_path):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = run(workspace, "site", str(tmp_path / "site"), "--today", TODAY, "--serve",
                     "--port", port)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
