"""Web UI latency: time to first render in headless chromium and API latency (p50/p95).

    python bench/web_latency.py --db rawabit.db [--runs 30] [--loads 5] [--json]

Starts the app (read-only) on 127.0.0.1 with a free port, then

* loads ``/`` ``--loads`` times in headless Debian chromium (Playwright, no
  browser download) and reports navigation start -> network drawn
  (the UI's ``network-drawn`` performance mark), cold (first load) and warm;
* times ``--runs`` requests each of /api/network (the UI's default query),
  /api/pair for the edge with most independent sources, its /why, and
  /api/actors/search for a few Arabic and English names.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import httpx

CHROMIUM = os.environ.get("RAWABIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SEARCHES = ["القاعدة", "طالبان", "داعش", "إيران", "Taliban", "Saudi"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str) -> tuple[str, Any, threading.Thread]:
    import uvicorn

    from rawabit.web.app import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", srv, thread


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def time_get(client: httpx.Client, url: str, runs: int) -> dict[str, Any]:
    times = []
    size = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
        size = len(r.content)
    return {"url": url, "runs": runs, "p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1),
            "max_ms": round(max(times), 1), "bytes": size}


def api_latency(base: str, runs: int) -> list[dict[str, Any]]:
    out = []
    with httpx.Client(base_url=base, timeout=120) as c:
        net = c.get("/api/network", params={"limit": 150, "min_sources": 1}).json()
        out.append(time_get(c, "/api/network?min_sources=1&limit=150", runs))
        if net["edges"]:
            top = net["edges"][0]
            a, b = quote(top["source"], safe=""), quote(top["target"], safe="")
            out.append(time_get(c, f"/api/pair/{a}/{b}", runs))
            out.append(time_get(c, f"/api/pair/{a}/{b}/why", max(3, runs // 5)))
        for q in SEARCHES:
            out.append(time_get(c, f"/api/actors/search?q={quote(q)}&limit=10", runs))
    return out


def first_render(base: str, loads: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as home:
        ctx = p.chromium.launch_persistent_context(
            str(Path(home) / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1366, "height": 768},
            env={**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home},
        )
        for _ in range(loads):
            page = ctx.new_page()
            page.goto(base + "/")
            page.wait_for_selector("body[data-network=ready]", timeout=120000)
            out.append(float(page.evaluate("performance.getEntriesByName('network-drawn')[0].startTime")))
            page.close()
        ctx.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="a Rawabit database (rawabit ingest ... --db FILE)")
    ap.add_argument("--runs", type=int, default=30, help="requests per endpoint")
    ap.add_argument("--loads", type=int, default=5, help="page loads in the browser")
    ap.add_argument("--no-browser", action="store_true", help="API latency only")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    if not Path(args.db).is_file():
        print(f"{args.db}: no such database", file=sys.stderr)
        return 2
    base, srv, thread = start_server(args.db)
    result: dict[str, Any] = {"db": args.db}
    try:
        with httpx.Client(base_url=base) as c:
            result["stats"] = c.get("/api/stats").json()
        result["api"] = api_latency(base, args.runs)
        if not args.no_browser:
            if not Path(CHROMIUM).exists():
                result["first_render"] = f"skipped: no chromium at {CHROMIUM}"
            else:
                ttfr = first_render(base, args.loads)
                result["first_render"] = {"cold_ms": round(ttfr[0]), "warm_median_ms": round(statistics.median(ttfr[1:] or ttfr)),
                                          "all_ms": [round(x) for x in ttfr]}
    finally:
        srv.should_exit = True
        thread.join(10)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    st = result["stats"]
    print(f"database: {args.db}: {st['articles']} articles, {st['actors']} actors, {st['edges']} edges")
    fr = result.get("first_render")
    if isinstance(fr, dict):
        print(f"time to first render: cold {fr['cold_ms']} ms, warm median {fr['warm_median_ms']} ms ({fr['all_ms']})")
    elif fr:
        print(f"time to first render: {fr}")
    print(f"{'endpoint':70} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    for r in result["api"]:
        print(f"{unquote(r['url'])[:70]:70} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['bytes']:9d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
