"""Take full-page screenshots of pages of a running server, signed in as a user.

usage: python scripts/screenshot.py BASE_URL USERNAME PASSWORD OUTDIR PATH [PATH ...]
(USERNAME "-" for anonymous pages)
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main(base, username, password, outdir, *paths):
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        if username != "-":
            page.goto(f"{base}/sign-in/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
        for path in paths:
            page.goto(f"{base}{path}")
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png", page.url)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
