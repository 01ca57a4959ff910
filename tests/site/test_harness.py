"""The browser tests can fail: each check of test_browser.py passes on a small hand-written
site that follows the contract (fixture_site.py) and fails on that site broken in the way it
exists to catch."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import fixture_site
import site_harness as harness
import test_browser as checks

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def edit(path: str, old: str, new: str):
    def apply(root: Path) -> None:
        file = root / path
        text = file.read_text()
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1))
    return apply


def regex(path: str, pattern: str, new: str):
    def apply(root: Path) -> None:
        file = root / path
        text, n = re.subn(pattern, new, file.read_text(), count=1)
        assert n, f"{pattern!r} not in {path}"
        file.write_text(text)
    return apply


# each breakage: (what, how to break the site, the check that must then fail)
BREAKAGES = [
    ("a console error",
     edit("index.html", "</main>", "<script>console.error('boom')</script></main>"),
     checks.test_every_page_loads_with_no_error_and_nothing_from_outside),
    ("an uncaught exception",
     edit("log.js", "if (!table) return;", "if (!table) return; null.x;"),
     checks.test_every_page_loads_with_no_error_and_nothing_from_outside),
    ("a missing image", edit("series/Assurance.html", "<p>A series.</p>",
                             '<p>A series. <img src="chart.png" alt="chart"></p>'),
     checks.test_every_page_loads_with_no_error_and_nothing_from_outside),
    ("a font from the internet",
     edit("index.html", "</head>",
          '<link rel="stylesheet" href="https://fonts.example.com/a.css"></head>'),
     checks.test_every_page_loads_with_no_error_and_nothing_from_outside),
    ("a broken link", edit("index.html", "series/Assurance.html", "series/Assurance"),
     checks.test_every_link_between_pages_resolves),
    ("no language", edit("meetings/2016-06-28.html", ' lang="en-GB"', ""),
     checks.test_axe_finds_no_wcag_a_or_aa_violation),
    ("faint text", edit("site.css", "color: #1b1b1b;", "color: #aaa;"),
     checks.test_axe_finds_no_wcag_a_or_aa_violation),
    ("an unlabelled filter",
     edit("log.js", "label.appendChild(select);\n    form.appendChild(label);",
          "form.appendChild(select);"),
     checks.test_the_log_with_its_filters_open_passes_axe),
    ("a page too wide for a phone", edit("series/Assurance.html", "<p>A series.</p>",
                                         '<p style="width: 40rem">A series.</p>'),
     checks.test_at_320_px_wide_nothing_scrolls_sideways_and_axe_passes),
    ("a scrolling table out of the keyboard's reach",
     edit("series/Assurance.html", "<p>A series.</p>",
          '<div class="table-wrap"><table style="white-space: nowrap">'
          '<caption>Figures</caption><tr>'
          '<th scope="col">Actions raised at the meetings</th><th scope="col">Actions '
          'closed at the meetings</th></tr><tr><td>1</td><td>2</td></tr></table></div>'),
     checks.test_at_320_px_wide_nothing_scrolls_sideways_and_axe_passes),
    ("no skip link", edit("index.html", '<a class="skip" href="#main">Skip to content</a>', ""),
     checks.test_tab_first_reaches_a_skip_link_to_main),
    ("focus hidden", edit("site.css", "outline: 3px solid #1b1b1b;", "outline: none;"),
     checks.test_every_link_shows_focus_under_the_keyboard),
    ("a lead filter that ignores the lead",
     edit("log.js", "return v === '' || r.dataset[name] === v;",
          "return v === '' || name === 'lead' || r.dataset[name] === v;"),
     checks.test_each_lead_shows_exactly_its_rows),
    ("a filter matching by first letter",
     edit("log.js", "r.dataset[name] === v;", "r.dataset[name].startsWith(v.slice(0, 1));"),
     checks.test_series_and_status_filter_their_rows),
    ("an overdue box that does nothing",
     edit("log.js", "(!box.checked || r.dataset.overdue === 'yes')", "true"),
     checks.test_the_overdue_box_shows_only_overdue_rows),
    ("filters that do not combine",
     edit("log.js", "return v === '' || r.dataset[name] === v;\n      })",
          "return v === '' || r.dataset[name] === v;\n      })"
          " || (box.checked && r.dataset.overdue === 'yes')"),
     checks.test_filters_combine_and_reset),
    ("a miscount", edit("log.js", "n + ' of '", "(n + 1) + ' of '"),
     checks.test_each_lead_shows_exactly_its_rows),
    ("CSS that overrides hidden", edit("site.css", "[hidden] { display: none !important; }",
                                       "#log tbody tr { display: table-row; }"),
     checks.test_the_overdue_box_shows_only_overdue_rows),
    ("rows hidden until the script runs", regex("log.html", r"<tr data-lead=\"DCC\"",
                                                '<tr hidden data-lead="DCC"'),
     checks.test_without_javascript_every_row_shows_and_no_form),
    ("a form in the page without JavaScript",
     edit("log.html", '<p id="log-count"', '<form id="log-filters"></form><p id="log-count"'),
     checks.test_without_javascript_every_row_shows_and_no_form),
]

CHECKS = [check for name, check in inspect.getmembers(checks, inspect.isfunction)
          if name.startswith("test_") and name != "test_the_site_has_its_pages"]


def run_check(check, site: Path, browser) -> None:
    """Call one check of test_browser.py on `site`, giving it the fixtures it names."""
    with harness.serve(site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.blocked = []
        harness.block_the_outside(context, context.blocked)
        try:
            page = context.new_page()
            given = {"site_dir": site, "site_url": url, "context": context, "page": page,
                     "browser": browser, "name": "index.html"}
            if "log_page" in inspect.signature(check).parameters:
                page.goto(url + "log.html", wait_until="load")
                given["log_page"] = page
            check(**{p: given[p] for p in inspect.signature(check).parameters})
        finally:
            context.close()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_the_contract_site_passes(browser, tmp_path, check):
    run_check(check, fixture_site.write(tmp_path / "site"), browser)


@pytest.mark.parametrize("what, breakage, check", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_breakage_is_caught(browser, tmp_path, what, breakage, check):
    site = fixture_site.write(tmp_path / "site")
    breakage(site)
    with pytest.raises(AssertionError):
        run_check(check, site, browser)
