"""Screenshots of the site of the bundled meetings for the README: its index and one action's
page, 1280 px wide and the full length of the page, in the headless Chromium the browser
tests use (Debian's chromium through Playwright; see tests/site/site_harness.py).

    python benchmarks/site_screenshots.py [OUTDIR]     # default docs/images

writes OUTDIR/site-index.png and OUTDIR/site-action.png (the action 2016-06-28/1).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "site"))

import site_harness as harness  # noqa: E402

SHOTS = {"site-index.png": "index.html", "site-action.png": "actions/2016-06-28/1.html"}
TODAY = "2017-09-01"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=REPO / "docs" / "images",
                        help="where to write the PNG files (default: docs/images)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in px")
    args = parser.parse_args(argv)
    why = harness.missing_browser()
    if why:
        parser.error(why)
    from playwright.sync_api import sync_playwright

    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = harness.copy_workspace(Path(tmp) / "ws")
        site = harness.build_site(root, Path(tmp) / "site", TODAY)
        with harness.serve(site) as url, sync_playwright() as playwright:
            browser = harness.launch(playwright)
            context = browser.new_context(viewport={"width": args.width, "height": 400},
                                          device_scale_factor=1, locale="en-GB")
            blocked: list[str] = []
            harness.block_the_outside(context, blocked)
            page = context.new_page()
            for name, path in SHOTS.items():
                seen = harness.load(page, url + path)
                if seen.problems:
                    print(f"warning: {path}: " + "; ".join(seen.problems), file=sys.stderr)
                target = args.outdir / name
                page.screenshot(path=str(target), full_page=True, animations="disabled",
                                caret="hide")
                print(f"{target} ({path})")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
