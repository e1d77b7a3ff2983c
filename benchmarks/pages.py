"""Page reruns after a widget move, timed with AppTest; run in its own process for big data.

`python -m benchmarks.pages [--data DIR] [--repeat N]` prints one JSON object: the median
rerun time per page (ms), the first run (load included), and the process's peak memory
(MB, VmHWM), so the parent benchmark can report memory of a process serving that data.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from lib import nav  # the page registry (plain data)

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

PAGES = [p.url_path for p in nav.PAGES]  # by URL path, as `--page` names them


def _move(at, page: str, step: int) -> str:
    """Move the widget a user moves on that page; returns what was moved."""
    if page == "simulate":
        try:
            at.slider(key="growth_pct").set_value(1.0 + step % 2)
            return "slider growth_pct"
        except KeyError:  # a year that is over: its result is stated, no slider; another area
            box = at.selectbox(key="sim_area")
            box.set_value(box.options[step % min(2, len(box.options))])
            return "selectbox sim_area (a year that is over: no slider)"
    if page == "explore":
        widget = at.select_slider(key="period")
        options = list(widget.options)
        widget.set_value((options[0], options[-1 - step % 2]))
        return "select_slider period"
    if page == "places":  # one province's communes, then another's: ranking and map redrawn
        box = at.selectbox(key="place")
        box.set_value(box.options[1 + step % 2])
        return "selectbox place (a province)"
    for key in ("year",):
        try:
            box = at.selectbox(key=key)
        except KeyError:
            continue
        box.set_value(box.options[step % min(2, len(box.options))])
        return f"selectbox {key}"
    return "rerun (no widget)"


def page_file(page: str) -> str:
    return nav.by_url_path(page).path


def time_pages(repeat: int = 7, pages: list[str] = PAGES) -> dict:
    from streamlit.testing.v1 import AppTest

    out: dict = {"pages": {}}
    for page in pages:
        at = AppTest.from_file(APP, default_timeout=600)
        started = time.perf_counter()
        at.switch_page(page_file(page)).run()  # a link to the page, as a visitor opens it
        first_ms = (time.perf_counter() - started) * 1000
        times, moved, errors = [], "", [e.value for e in at.exception]
        for step in range(repeat):
            try:
                moved = _move(at, page, step)
            except (KeyError, IndexError, ValueError) as exc:
                moved = f"rerun (could not move a widget: {exc})"
            started = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
            errors += [e.value for e in at.exception]
        out["pages"][page] = {
            "first_ms": first_ms,
            "rerun_ms": statistics.median(times),
            "moved": moved,
            "errors": sorted(set(map(str, errors))),
        }
    out["peak_mb"] = peak_mb()
    return out


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    over from the parent across fork and exec, so a child of a big parent would inherit it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: bundled)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--page", action="append", choices=PAGES, help="only these pages (repeatable)")
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CHITIEU_DATA_DIR"] = str(args.data)
    import tempfile

    os.environ.setdefault("CHITIEU_STATE_DIR", tempfile.mkdtemp(prefix="chitieu-bench-state-"))
    sys.path.insert(0, str(ROOT))
    print(json.dumps(time_pages(args.repeat, args.page or PAGES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
