"""`python -m benchmarks.crowd [--users N] [--seconds S] [--data DIR] [--json]`: a crowd on a link.

A demo link posted to a group is the app's real load: many browsers opening pages at once.
This starts a real server (`streamlit run app.py` on 127.0.0.1, a free port), and N clients
speak Streamlit's own websocket protocol to it, like a browser tab with nothing drawn:
each opens a session (`/_stcore/stream`, subprotocol "streamlit"), asks for a page and a
query string (`BackMsg.rerun_script`), and reads `ForwardMsg`s until the run has finished
(`script_finished`, a run stopped early for a rerun does not count). Every iteration is a new
visitor (a new session) on the next link of a mix over every page.

Two waves of S seconds each: the first on a fresh server (every session starts at once, the
cold start a shared link meets), then a warm one. Then the same against a bare Streamlit app
(`benchmarks/bare_app.py`: 9 cards, a chart, a table, about one of our pages), so the
numbers say what is ours and what is Streamlit's on this machine. An error is any exception
element a session receives, a page not found, or a run that does not finish in time.

Goals (warm waves, one run): no error in any wave; throughput >= 0.7 x the bare app's; p95
page time <= 1.5 x the bare app's p95. Exit code 1 when one is missed. Loopback only; the
whole run is bounded by the waves' length plus the servers' start and stop.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import hashlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"

# (page's URL path, query string): every page, both languages, filters, scenarios.
LINKS = [
    ("", "lang=vi"),
    ("explore", "field=labour"),
    ("briefing", "field=social"),
    ("simulate", "seed=7"),
    ("data", ""),
    ("overview", "lang=en&year=2023"),
    ("explore", "lang=en&field=social&measure=actual"),
    ("briefing", "lang=en&year=2023&field=merit"),
    ("simulate", "lang=en&growth_pct=-12.5&cv_pct=5.0"),
    ("", "year=2024"),
]

THROUGHPUT_GOAL = 0.7  # ours / bare, pages per second
P95_GOAL = 1.5  # ours / bare, seconds


# ---------------------------------------------------------------- a server


def run(coro):
    """`asyncio.run(coro)`, also from a thread that already runs an event loop (e.g. after
    Playwright's sync API in the same pytest process): then on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compile_app() -> None:
    """The README's first step of a start: `python -m compileall -q app.py lib pages`."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app.py", "lib", "pages"], cwd=ROOT, check=True)


class Server:
    """`streamlit run SCRIPT` on 127.0.0.1 and a free port; stopped (and waited for) on exit."""

    def __init__(self, script: Path, env: dict[str, str] | None = None, start_timeout_s: float = 120):
        self.script, self.port, self.start_timeout_s = script, free_port(), start_timeout_s
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        if self.script == APP:  # started as the README says: the app's bytecode written first
            compile_app()
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.headless", "true", "--server.port", str(self.port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        ]  # fmt: skip
        # From the project folder, so both apps run with its .streamlit/config.toml (the bare app
        # gets the same Streamlit settings as ours: the comparison is of the pages, not settings).
        self.started = time.perf_counter()  # the process's start (after the bytecode check)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}): {self.output()[-2000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"server not healthy within {self.start_timeout_s} s")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------- a visitor


@dataclass
class Visit:
    page: str
    query: str
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # what a visitor reads, in order


def _texts(element) -> list[str]:
    """The words of one element a visitor reads (markdown, headings, metrics, alerts, tables)."""
    kind = element.WhichOneof("type")
    if kind in ("markdown", "heading", "text"):
        return [f"{kind}: {getattr(element, kind).body}"]
    if kind == "code":
        return [f"code: {element.code.code_text}"]
    if kind == "alert":
        return [f"alert: {element.alert.body}"]
    if kind == "metric":
        m = element.metric
        return [f"metric: {m.label} | {m.body} | {m.delta}"]
    if kind == "dataframe":
        return [f"dataframe: {hashlib.sha256(element.dataframe.arrow_data.data).hexdigest()[:16]}"]
    return []


async def visit(base_url: str, page: str, query: str, timeout_s: float = 120) -> Visit:
    """One new session opening `/<page>?<query>`: errors, time to the end of the run, texts."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    out = Visit(page, query)
    ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    back = BackMsg()
    back.rerun_script.query_string = query
    back.rerun_script.page_name = page
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            async with connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                await ws.send(back.SerializeToString())
                async for frame in ws:
                    msg = ForwardMsg()
                    msg.ParseFromString(frame)
                    kind = msg.WhichOneof("type")
                    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        element = msg.delta.new_element
                        if element.WhichOneof("type") == "exception":
                            exc = element.exception
                            out.errors.append(f"{exc.type}: {exc.message}"[:300])
                        out.texts += _texts(element)
                    elif kind == "page_not_found":
                        out.errors.append(f"page not found: {msg.page_not_found.page_name}")
                    elif kind == "new_session":
                        out.texts.clear()  # a rerun starts the page again
                    elif kind == "script_finished":
                        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue
                        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                            out.errors.append("compile error")
                        break
                else:
                    out.errors.append("connection closed before the run finished")
    except TimeoutError:
        out.errors.append(f"no finished run within {timeout_s:g} s")
    except OSError as exc:
        out.errors.append(f"connection failed: {exc}")
    out.seconds = time.perf_counter() - started
    return out


async def visit_all(base_url: str, links: list[tuple[str, str]], timeout_s: float = 180) -> list[Visit]:
    """Every link opened by its own session, all at the same moment."""
    return list(await asyncio.gather(*(visit(base_url, p, q, timeout_s) for p, q in links)))


# ---------------------------------------------------------------- a crowd


async def wave(base_url: str, users: int, seconds: float, links: list[tuple[str, str]]) -> list[Visit]:
    """`users` visitors at once, each opening the next link as soon as its page is drawn,
    until `seconds` have passed (a page started before then is waited for)."""
    end = time.perf_counter() + seconds
    done: list[Visit] = []

    async def user(n: int) -> None:
        i = n
        while time.perf_counter() < end:
            page, query = links[i % len(links)]
            done.append(await visit(base_url, page, query))
            i += 1

    await asyncio.gather(*(user(n) for n in range(users)))
    return done


def stats(visits: list[Visit], seconds: float) -> dict:
    times = sorted(v.seconds for v in visits)
    errors = [f"/{v.page}?{v.query}: {e}" for v in visits for e in v.errors]
    p95 = _p95(times)
    return {
        "pages": len(visits),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "pages_per_s": len(visits) / seconds,
        "median_s": statistics.median(times) if times else float("nan"),
        "p95_s": p95,
        "by_link": by_link(visits),
    }


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")


def by_link(visits: list[Visit]) -> dict[str, dict]:
    """Per link (`/page?query`): visits, median and p95 page time, so a slow page shows by name."""
    times: dict[str, list[float]] = {}
    for v in visits:
        times.setdefault(f"/{v.page}?{v.query}", []).append(v.seconds)
    return {
        link: {"pages": len(t), "median_s": round(statistics.median(t), 3), "p95_s": round(_p95(t), 3)}
        for link, t in sorted(times.items())
    }


def restart(data: Path | None, state_dir: str) -> dict:
    """A restarted server on `data` (its store already built in `state_dir`), then a bare app, each
    timed from its process's start: `healthy_s` until it says healthy (ours warms up first, in
    app.py's lifespan: imports, store reopen), `first_page_s` for the first visitor's front page
    after that, `total_s` from the start to that page drawn. `bare_*`: the same for the bare app."""
    import streamlit.proto.ForwardMsg_pb2  # noqa: F401  the client's own imports, before any clock
    import websockets.asyncio.client  # noqa: F401

    env = {"CHITIEU_STATE_DIR": state_dir} | ({"CHITIEU_DATA_DIR": str(data)} if data else {})
    out: dict = {}
    for prefix, script in (("", APP), ("bare_", BARE_APP)):  # the bare app: the floor
        with Server(script, env) as server:
            healthy_s = time.perf_counter() - server.started
            first = asyncio.run(visit(server.url, "", "", timeout_s=300))
            total_s = time.perf_counter() - server.started
        out |= {f"{prefix}healthy_s": healthy_s, f"{prefix}first_page_s": first.seconds}
        out |= {f"{prefix}total_s": total_s, f"{prefix}errors": first.errors}
    return out


def measure_app(script: Path, users: int, seconds: float, links, env: dict[str, str], log) -> dict:
    out = {}
    with Server(script, env) as server:
        log(f"{script.name}: server on {server.url}")
        for name in ("cold", "warm"):
            started = time.perf_counter()
            visits = asyncio.run(wave(server.url, users, seconds, links))
            out[name] = stats(visits, time.perf_counter() - started)
            log(f"{script.name} {name}: {json.dumps(out[name], ensure_ascii=False)}")
    return out


def figures(ours: dict, bare: dict, users: int) -> list[dict]:
    def row(name, value, unit, goal=None, met=None):
        return {"name": name, "value": round(value, 3), "unit": unit, "goal": goal, "met": met}

    rows = []
    for app, result in (("chitieu", ours), ("bare Streamlit", bare)):
        for name in ("cold", "warm"):
            r = result[name]
            rows.append(row(f"{app}, {name} wave: errors", r["errors"], "errors", "0", r["errors"] == 0))
            rows.append(row(f"{app}, {name} wave: throughput", r["pages_per_s"], "pages/s"))
            rows.append(row(f"{app}, {name} wave: median page time", r["median_s"], "s"))
            rows.append(row(f"{app}, {name} wave: p95 page time", r["p95_s"], "s"))
    throughput = ours["warm"]["pages_per_s"] / bare["warm"]["pages_per_s"]
    p95 = ours["warm"]["p95_s"] / bare["warm"]["p95_s"]
    rows.append(
        row(
            f"{users} users, warm: throughput chitieu / bare",
            throughput,
            "x",
            f">= {THROUGHPUT_GOAL}",
            throughput >= THROUGHPUT_GOAL,
        )
    )
    rows.append(row(f"{users} users, warm: p95 chitieu / bare", p95, "x", f"<= {P95_GOAL}", p95 <= P95_GOAL))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crowd", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each wave (default 30)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: bundled)")
    parser.add_argument("--json", action="store_true", help="print one JSON list instead of a table")
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    env = {"CHITIEU_STATE_DIR": tempfile.mkdtemp(prefix="chitieu-crowd-state-")}
    if args.data:
        env["CHITIEU_DATA_DIR"] = str(args.data.resolve())
    ours = measure_app(APP, args.users, args.seconds, LINKS, env, log)
    bare = measure_app(BARE_APP, args.users, args.seconds, [(p, "") for p, _ in LINKS[:1]], env, log)
    rows = figures(ours, bare, args.users)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        from benchmarks.__main__ import table

        waves = f"waves of {args.seconds:g} s, {os.cpu_count()} CPU cores"
        print(f"chitieu crowd benchmark: {args.users} users, {waves}\n")
        print(table(rows))
        print("\nchitieu, warm wave, per link: pages, median s, p95 s")
        for link, r in ours["warm"]["by_link"].items():
            print(f"  {link:<45} {r['pages']:>4} {r['median_s']:>7.2f} {r['p95_s']:>7.2f}")
        for app, result in (("chitieu", ours), ("bare", bare)):
            for name in ("cold", "warm"):
                for example in result[name]["error_examples"]:
                    print(f"{app} {name}: {example}")
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
