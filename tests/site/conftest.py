"""Fixtures for the real-browser tests of `actionlog site`: the site of the bundled meetings,
served on 127.0.0.1, and a headless Chromium driven by Playwright.

Where Chromium or Playwright is missing the browser tests skip with the reason, unless
ACTIONLOG_REQUIRE_BROWSER=1 (set by .ci/run), when they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import site_harness as harness


def _need_browser() -> None:
    why = harness.missing_browser()
    if why is None:
        return
    if harness.browser_required():
        pytest.fail(f"{why}; {harness.REQUIRE_ENV} is set, so the browser tests may not "
                    "skip", pytrace=False)
    pytest.skip(f"{why}; set {harness.REQUIRE_ENV}=1 to make this a failure")


@pytest.fixture(scope="session")
def playwright_session():
    _need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session):
    """A headless system Chromium, shared by the session."""
    chromium = harness.launch(playwright_session)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site of the bundled workspace as of 2017-09-01, built once a session.
    ACTIONLOG_TEST_SITE=folder tests an already built site instead (e.g. a restyled one)."""
    prebuilt = os.environ.get("ACTIONLOG_TEST_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    base = tmp_path_factory.mktemp("site")
    root = harness.copy_workspace(base / "ws")
    return harness.build_site(root, base / "out", "2017-09-01")


@pytest.fixture(scope="module")
def site_url(site_dir):
    """The base URL ('http://127.0.0.1:PORT/') of the site served from a background
    thread."""
    with harness.serve(site_dir) as url:
        yield url


@pytest.fixture
def context(browser):
    """A fresh browser context (no cache, no storage) that may fetch nothing but
    127.0.0.1; `context.blocked` lists what it tried to fetch elsewhere."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    ctx.blocked = []
    harness.block_the_outside(ctx, ctx.blocked)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
