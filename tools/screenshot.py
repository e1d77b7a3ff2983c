"""Take headless-Chromium screenshots of a running chitieu app. Used by developers to look at a
page before calling it done.

    python tools/screenshot.py URL OUT.png [WAIT_TEXT]      one page (a link: view in the URL)
    python tools/screenshot.py --all BASE_URL OUT_DIR       every page of the registry (lib/nav.py)
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lib import i18n, nav  # noqa: E402  (run as a script: the repository on the path)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def main(url: str, out: str, wait_text: str | None = None) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        if wait_text:
            page.get_by_text(wait_text).first.wait_for(state="attached", timeout=30000)
        page.wait_for_timeout(1500)
        page.screenshot(path=out, full_page=True)
        browser.close()


def every_page(base_url: str, out_dir: str, lang: str = "vi") -> list[Path]:
    """One screenshot per page of the registry, `<url_path>.png`, waiting for its title."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    for page in nav.PAGES:
        shot = out / f"{page.url_path}.png"
        main(f"{base_url.rstrip('/')}/{page.url_path}?lang={lang}", str(shot), i18n.t(page.title_key, lang))
        shots.append(shot)
    return shots


if __name__ == "__main__":
    if sys.argv[1:2] == ["--all"]:
        every_page(*sys.argv[2:])
    else:
        main(*sys.argv[1:])
