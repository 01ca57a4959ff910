"""The site of the bundled meetings in a real headless browser (Debian's Chromium through
Playwright): every page loads cleanly and fetches nothing from outside, axe-core finds no
WCAG 2.0/2.1/2.2 A or AA violation, the action log's filters work (and the log works without
JavaScript), and the keyboard reaches a skip link and sees where focus is.

The log's contract with its script (log.js):
- log.html has <table id="log">; each body row is
  <tr data-lead="…" data-series="…" data-status="…" data-overdue="yes|no">;
- the script inserts <form id="log-filters"> with <select name="lead|series|status"> (first
  option value "" = all) and <input type="checkbox" name="overdue">;
- changing a control hides the rows that do not match with the `hidden` attribute and writes
  "N of M actions shown" into <p id="log-count" aria-live="polite">.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urldefrag
from urllib.request import urlopen

import pytest

import site_harness as harness

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ATOM = "{http://www.w3.org/2005/Atom}"
FILTERS = ("lead", "series", "status")
COUNT = re.compile(r"\b(\d+) of (\d+) actions shown\b")


# --- the site as built -------------------------------------------------------------------

def test_the_site_has_its_pages(site_dir):
    for name in ("index.html", "log.html", "feed.xml", "site.css", "log.js"):
        assert (site_dir / name).is_file(), f"the site has no {name}"
    pages = harness.html_pages(site_dir)
    for folder in ("meetings/", "actions/", "series/"):
        assert any(p.startswith(folder) for p in pages), f"the site has no page in {folder}"
    # an action's page is at its reference: 2016-06-28/1 at actions/2016-06-28/1.html
    assert "actions/2016-06-28/1.html" in pages
    assert "meetings/2016-06-28.html" in pages


def test_every_page_loads_with_no_error_and_nothing_from_outside(site_dir, site_url, context,
                                                                 page):
    failures, links = [], set()
    for name in harness.html_pages(site_dir):
        seen = harness.load(page, site_url + name)
        failures += [f"{name}: {problem}" for problem in seen.problems]
        links |= seen.links
    failures += [f"blocked request outside 127.0.0.1: {url}" for url in context.blocked]
    assert not failures, "\n".join(failures)
    assert links, "no links found on any page"


def test_every_link_between_pages_resolves(site_dir, site_url, context, page):
    """Every href on every page that points into the site answers 200 (fragments aside)."""
    links = set()
    for name in harness.html_pages(site_dir):
        links |= {urldefrag(link).url for link in harness.load(page, site_url + name).links}
    local = sorted(link for link in links if link.startswith(site_url))
    assert local, "no internal links"
    broken = []
    for link in local:
        try:
            with urlopen(link) as response:
                status = response.status
        except OSError as error:
            status = getattr(error, "code", error)
        if status != 200:
            broken.append(f"{link[len(site_url):] or '/'}: {status}")
    assert not broken, "links that do not resolve:\n" + "\n".join(broken)


def test_the_feed_is_atom(site_url):
    with urlopen(site_url + "feed.xml") as response:
        assert response.status == 200
        root = ET.fromstring(response.read())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title") is not None
    assert root.findall(f"{ATOM}entry"), "the feed has no entries"


# --- accessibility -----------------------------------------------------------------------

def test_axe_finds_no_wcag_a_or_aa_violation(site_dir, site_url, page):
    reports = []
    for name in harness.html_pages(site_dir):
        page.goto(site_url + name, wait_until="load")
        violations = harness.axe_violations(page)
        if violations:
            reports.append(harness.describe_violations(name, violations))
    assert not reports, (f"axe-core {harness.axe_version()} ({', '.join(harness.WCAG_TAGS)}):\n"
                         + "\n".join(reports))


def test_the_log_with_its_filters_open_passes_axe(site_url, page):
    """The form the script inserts is checked too, with a filter applied."""
    page.goto(site_url + "log.html", wait_until="load")
    page.check("#log-filters input[name=overdue]")
    violations = harness.axe_violations(page)
    assert not violations, harness.describe_violations("log.html (filtered)", violations)


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  const clipped = el => {  // inside a region that scrolls or clips on its own
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    // the outermost elements past the right edge, not every descendant of one
    if (box.right > width + 0.5 && !clipped(el) && !wide.some(w => w.contains(el))) {
      wide.push(el);
    }
  }
  return wide.slice(0, 5).map(el => el.outerHTML.slice(0, 100) + ' (right edge at ' +
                              Math.round(el.getBoundingClientRect().right) + ' px)');
}"""


def test_at_320_px_wide_nothing_scrolls_sideways_and_axe_passes(site_dir, site_url, browser):
    """WCAG 1.4.10 (reflow): at 320 CSS px the page needs no sideways scrolling (a wide table
    may scroll in its own region, which 2.1.1 then requires to be reachable by keyboard:
    axe's scrollable-region-focusable, which only fires where a region does scroll)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    blocked: list[str] = []
    harness.block_the_outside(context, blocked)
    try:
        page = context.new_page()
        failures = []
        for name in harness.html_pages(site_dir):
            page.goto(site_url + name, wait_until="load")
            wide = page.evaluate(OVERFLOW)
            if wide:
                failures.append(f"{name}: scrolls sideways at 320 px; too wide:\n    "
                                + "\n    ".join(wide))
            violations = harness.axe_violations(page)
            if violations:
                failures.append(harness.describe_violations(f"{name} (320 px)", violations))
        assert not failures, "\n".join(failures)
    finally:
        context.close()


# --- keyboard ----------------------------------------------------------------------------

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim(),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          boxShadow: style.boxShadow, width: box.width, height: box.height,
          top: box.top, left: box.left, html: el.outerHTML.slice(0, 120)};
}"""


def visible_focus(state: dict) -> bool:
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
    return outline or state["boxShadow"] not in ("", "none")


def test_tab_first_reaches_a_skip_link_to_main(site_url, page):
    page.goto(site_url + "index.html", wait_until="load")
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_STATE)
    assert state is not None, "Tab focused nothing"
    assert state["tag"] == "A" and state["href"] == "#main", (
        f"the first Tab stop is not a skip link to #main: {state['html']}")
    assert page.locator("#main").count() == 1, "the skip link's target #main does not exist"
    assert page.evaluate("document.querySelector('#main').tagName") == "MAIN"
    # shown when focused: on the screen, with a size, and with a visible focus indicator
    assert state["width"] > 1 and state["height"] > 1 and state["top"] >= 0 \
        and state["left"] >= 0, f"the focused skip link is not on screen: {state}"
    assert visible_focus(state), f"the focused skip link shows no focus: {state}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("name", ["index.html", "log.html", "actions/2016-06-28/1.html"])
def test_every_link_shows_focus_under_the_keyboard(site_url, page, name):
    """Tab through the page (up to 60 stops): every focused element shows an outline or a
    box shadow."""
    page.goto(site_url + name, wait_until="load")
    unseen, stops = [], 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # past the last stop, back to the document
            break
        stops += 1
        if not visible_focus(state):
            unseen.append(state["html"])
    assert stops, f"{name}: nothing on the page takes keyboard focus"
    assert not unseen, f"{name}: focused with no visible indicator:\n" + "\n".join(unseen)


# --- the log's filters -------------------------------------------------------------------

ROWS = """() => Array.from(document.querySelectorAll('#log tbody tr')).map(tr => ({
  lead: tr.dataset.lead, series: tr.dataset.series, status: tr.dataset.status,
  overdue: tr.dataset.overdue, hidden: tr.hidden,
  shown: tr.getClientRects().length > 0}))"""


def rows(page) -> list[dict]:
    return page.evaluate(ROWS)


def shown(page) -> list[int]:
    """Indexes of the rows on screen; a row is shown exactly when it is not `hidden`."""
    found = rows(page)
    for i, row in enumerate(found):
        assert row["shown"] == (not row["hidden"]), (
            f"row {i}: hidden={row['hidden']} but on screen={row['shown']} "
            "(does the CSS override the hidden attribute?)")
    return [i for i, row in enumerate(found) if not row["hidden"]]


def count(page) -> tuple[int, int]:
    text = page.inner_text("#log-count")
    match = COUNT.search(text)
    assert match, f"#log-count says {text!r}, not 'N of M actions shown'"
    return int(match[1]), int(match[2])


def choose(page, **filters) -> None:
    for name, value in filters.items():
        kind = "input[type=checkbox]" if name == "overdue" else "select"
        control = page.locator(f"#log-filters {kind}[name={name}]")
        # fail at once rather than wait for a control the script never made
        assert control.count() == 1, f"#log-filters has no {kind}[name={name}]"
        if name == "overdue":
            control.check() if value else control.uncheck()
        else:
            control.select_option(value=value)


def expect(page, all_rows: list[dict], **filters) -> list[int]:
    """The rows shown are exactly those matching every filter, and the count says so."""
    wanted = [i for i, row in enumerate(all_rows)
              if all((row["overdue"] == "yes") if name == "overdue" else row[name] == value
                     for name, value in filters.items() if value not in ("", False))]
    assert shown(page) == wanted, f"filters {filters}"
    assert count(page) == (len(wanted), len(all_rows)), f"filters {filters}"
    return wanted


@pytest.fixture
def log_page(site_url, page):
    page.goto(site_url + "log.html", wait_until="load")
    assert page.locator("#log-filters").count() == 1, "log.js inserted no #log-filters form"
    return page


def test_the_log_follows_the_contract(log_page):
    page = log_page
    all_rows = rows(page)
    assert len(all_rows) >= 2, "the log has fewer than two rows to filter"
    for i, row in enumerate(all_rows):
        for name in FILTERS:
            assert row[name], f"row {i} has no data-{name}"
        assert row["overdue"] in ("yes", "no"), f"row {i}: data-overdue={row['overdue']!r}"
    assert shown(page) == list(range(len(all_rows))), "rows hidden before any filter"
    live = page.locator("p#log-count")
    assert live.count() == 1 and live.get_attribute("aria-live") == "polite"
    for name in FILTERS:
        select = page.locator(f"#log-filters select[name={name}]")
        assert select.count() == 1, f"no <select name={name}>"
        values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
        assert values[0] == "", f"the first {name} option is not '' (all)"
        # every value in the table can be chosen
        missing = {row[name] for row in all_rows} - set(values[1:])
        assert not missing, f"the {name} filter offers no option for {sorted(missing)}"
        # each control has an accessible name (a label)
        assert select.evaluate("s => s.labels.length") >= 1, f"<select name={name}> unlabelled"
    box = page.locator("#log-filters input[type=checkbox][name=overdue]")
    assert box.count() == 1, "no overdue checkbox"
    assert box.evaluate("b => b.labels.length") >= 1, "the overdue checkbox is unlabelled"


def test_each_lead_shows_exactly_its_rows(log_page):
    page = log_page
    all_rows = rows(page)
    leads = sorted({row["lead"] for row in all_rows})
    assert len(leads) >= 2, "the bundled log has fewer than two leads to tell apart"
    for lead in leads:
        choose(page, lead=lead)
        assert expect(page, all_rows, lead=lead), f"lead {lead}: no rows shown"
    choose(page, lead="")
    assert expect(page, all_rows) == list(range(len(all_rows)))


def test_series_and_status_filter_their_rows(log_page):
    page = log_page
    all_rows = rows(page)
    for name in ("series", "status"):
        for value in sorted({row[name] for row in all_rows}):
            choose(page, **{name: value})
            expect(page, all_rows, **{name: value})
        choose(page, **{name: ""})
        expect(page, all_rows)


def test_the_overdue_box_shows_only_overdue_rows(log_page):
    page = log_page
    all_rows = rows(page)
    overdue = [i for i, row in enumerate(all_rows) if row["overdue"] == "yes"]
    assert overdue, "no overdue action on 2017-09-01 to filter"
    assert len(overdue) < len(all_rows), "every action is overdue: nothing to hide"
    choose(page, overdue=True)
    assert expect(page, all_rows, overdue=True) == overdue
    choose(page, overdue=False)
    assert expect(page, all_rows) == list(range(len(all_rows)))


def test_filters_combine_and_reset(log_page):
    page = log_page
    all_rows = rows(page)
    # a lead with overdue work, combined with the overdue box: the intersection
    lead = next(row["lead"] for row in all_rows if row["overdue"] == "yes")
    choose(page, lead=lead, overdue=True)
    both = expect(page, all_rows, lead=lead, overdue=True)
    assert both and set(both) <= set(i for i, r in enumerate(all_rows) if r["lead"] == lead)
    # every lead x status pair, on top of the overdue box
    for lead in sorted({row["lead"] for row in all_rows}):
        for status in sorted({row["status"] for row in all_rows}):
            choose(page, lead=lead, status=status)
            expect(page, all_rows, lead=lead, status=status, overdue=True)
    # a combination matching nothing shows nothing, and says so
    pairs = {(row["lead"], row["series"]) for row in all_rows}
    absent = next(((lead, series) for lead in {r["lead"] for r in all_rows}
                   for series in {r["series"] for r in all_rows}
                   if (lead, series) not in pairs), None)
    if absent:
        choose(page, lead=absent[0], series=absent[1], status="", overdue=False)
        assert expect(page, all_rows, lead=absent[0], series=absent[1]) == []
    # back to "" everywhere: every row
    choose(page, lead="", series="", status="", overdue=False)
    assert expect(page, all_rows) == list(range(len(all_rows)))


def test_without_javascript_every_row_shows_and_no_form(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    blocked: list[str] = []
    harness.block_the_outside(context, blocked)
    try:
        page = context.new_page()
        page.goto(site_url + "log.html", wait_until="load")
        assert page.locator("#log-filters").count() == 0, "a filter form without JavaScript"
        found = rows(page)
        assert len(found) >= 2
        hidden = [i for i, row in enumerate(found) if row["hidden"] or not row["shown"]]
        assert not hidden, f"rows hidden without JavaScript: {hidden}"
        assert not blocked, blocked
    finally:
        context.close()
