"""End to end: the UI in headless Debian chromium (Playwright), over a real server on 127.0.0.1.

Skipped when chromium (/usr/bin/chromium) or the playwright package is missing:
    apt-get install -y chromium fonts-noto-core && pip install playwright
(no ``playwright install``: the system browser is used). Screenshots go to the
test's tmp_path and, when RAWABIT_ARTIFACTS names a folder, there too.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("RAWABIT_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install -y chromium fonts-noto-core)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")

from test_web import build_db  # noqa: E402 - after the skips: same database as the API tests

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from rawabit.web.app import create_app

    db = build_db(tmp_path_factory.mktemp("webui"))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


class Page:
    """A page with the dialogs, console errors and CSP reports it produced."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as home:
        ctx = p.chromium.launch_persistent_context(
            str(Path(home) / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1366, "height": 768}, locale="ar",
            env={**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home},
        )
        yield ctx
        ctx.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    pg = Page(browser.new_page())
    yield pg
    pg.page.close()


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    page.screenshot(path=str(out))
    if os.environ.get("RAWABIT_ARTIFACTS"):
        dest = Path(os.environ["RAWABIT_ARTIFACTS"])
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, dest / name)
    print(f"screenshot: {out}")
    return out


def wait_js(page: Any, expr: str, timeout: float = 20.0) -> None:
    """Poll ``expr`` until truthy; page.wait_for_function would need 'unsafe-eval', which our CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expr):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expr}")
        time.sleep(0.05)


def open_network(pg: Page, base: str) -> float:
    pg.page.goto(base + "/")
    pg.page.wait_for_selector("body[data-network=ready]", timeout=30000)
    return float(pg.page.evaluate("performance.getEntriesByName('network-drawn')[0].startTime"))


def test_network_renders_dev_actors(server: str, page: Page, tmp_path: Path) -> None:
    ttfr = open_network(page, server)
    print(f"time to first render (navigation start -> network drawn): {ttfr:.0f} ms")
    p = page.page
    nodes = set(p.evaluate("window.rawabit.cy.nodes().map(n => n.id())"))
    assert {"al-qaeda", "taliban"} <= nodes
    labels = p.evaluate("window.rawabit.cy.nodes().map(n => n.data('label'))")
    assert "القاعدة" in labels and "طالبان" in labels
    assert p.locator("#edge-list button[data-edge]").count() >= 10
    assert p.get_attribute("html", "dir") == "rtl" and p.get_attribute("html", "lang") == "ar"
    shot(p, tmp_path, "network.png")
    assert not page.errors, page.errors  # includes Content-Security-Policy violations
    assert ttfr < 30000


def _aq_taliban_button(p: Any) -> Any:
    sel = ("#edge-list button[data-source='al-qaeda'][data-target='taliban'], "
           "#edge-list button[data-source='taliban'][data-target='al-qaeda']")
    return p.locator(sel).first


def test_click_edge_opens_pair_with_evidence(server: str, page: Page, tmp_path: Path) -> None:
    open_network(page, server)
    p = page.page
    _aq_taliban_button(p).click()
    p.wait_for_selector("body[data-pair=ready]", timeout=20000)
    assert p.evaluate("location.hash") in ("#/pair/al-qaeda/taliban", "#/pair/taliban/al-qaeda")
    marks = p.locator("#evidence-list .sentence mark")
    assert marks.count() >= 1
    assert marks.first.inner_text().strip()
    assert p.locator(".timeline svg rect[data-type]").count() >= 1
    wait_js(p, "!document.querySelector('#why-panel').textContent.includes('…')")
    wait_js(p, "!document.querySelector('#contradictions-panel').textContent.includes('…')")
    assert p.locator("#why-panel .reason").count() >= 1
    shot(p, tmp_path, "pair.png")
    # an evidence link opens the article with the span highlighted
    p.locator("#evidence-list a[data-article-link]").first.click()
    p.wait_for_selector("#article-view mark.focus", timeout=20000)
    shot(p, tmp_path, "article.png")
    assert not page.errors, page.errors


def test_cytoscape_edge_tap_opens_pair(server: str, page: Page) -> None:
    open_network(page, server)
    p = page.page
    edge = p.evaluate(
        "window.rawabit.cy.edges().filter(e => [e.source().id(), e.target().id()].sort().join() === 'al-qaeda,taliban')[0].id()"
    )
    p.evaluate("id => window.rawabit.cy.getElementById(id).emit('tap')", edge)
    p.wait_for_selector("body[data-pair=ready]", timeout=20000)
    assert "al-qaeda" in p.evaluate("location.hash")


def test_xss_fixture_is_inert(server: str, page: Page, tmp_path: Path) -> None:
    p = page.page
    p.goto(server + "/#/article/xss-01")
    p.wait_for_selector("#article-view .article-text", timeout=20000)
    text = p.inner_text("#article-view")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert p.locator("#article-view .article-text mark").count() >= 1
    # javascript: URLs are shown as text, never as links
    assert p.locator("#article-view a[href^='javascript']").count() == 0
    shot(p, tmp_path, "xss-article.png")
    rel = p.evaluate("fetch('/api/articles/xss-01').then(r => r.json()).then(a => a.relations[0])")
    p.goto(f"{server}/#/pair/{rel['source']}/{rel['target']}")
    p.wait_for_selector("body[data-pair=ready]", timeout=20000)
    p.wait_for_timeout(300)
    assert "<script>alert(1)</script>" in p.inner_text("#evidence-list") or "<img src=x" in p.inner_text("#evidence-list")
    shot(p, tmp_path, "xss-pair.png")
    p.wait_for_timeout(300)
    assert p.evaluate("document.querySelectorAll('img').length") == 0
    assert p.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == [
        "/static/cytoscape.min.js", "/static/app.js"]
    assert page.dialogs == []
    assert not page.errors, page.errors


def test_actor_page_and_english_toggle(server: str, page: Page, tmp_path: Path) -> None:
    p = page.page
    p.goto(server + "/#/actor/al-qaeda")
    p.wait_for_selector("#actor-view [data-actor='al-qaeda'] table.rels", timeout=20000)
    assert "القاعدة" in p.inner_text("#actor-view h1")
    assert "تنظيم القاعدة" in p.inner_text("#actor-view .aliases")
    shot(p, tmp_path, "actor.png")
    p.click("#lang-toggle")
    wait_js(p, "document.documentElement.lang === 'en'")
    p.wait_for_selector("#actor-view [data-actor='al-qaeda'] table.rels", timeout=20000)
    assert p.get_attribute("html", "dir") == "ltr"
    assert "al-Qaeda" in p.inner_text("#actor-view h1")
    p.goto(server + "/#/")
    p.wait_for_selector("body[data-network=ready]", timeout=30000)
    assert "al-Qaeda" in p.evaluate("window.rawabit.cy.nodes().map(n => n.data('label'))")
    shot(p, tmp_path, "network-en.png")
    p.click("#lang-toggle")  # back to Arabic for the other tests sharing the profile
    wait_js(p, "document.documentElement.lang === 'ar'")
    assert not page.errors, page.errors


def test_search_box_suggests_arabic_and_english(server: str, page: Page) -> None:
    open_network(page, server)
    p = page.page
    p.fill("#q", "طالبان")
    p.wait_for_selector("#suggest button[data-actor='taliban']", timeout=10000)
    p.fill("#q", "Qaeda")
    p.wait_for_selector("#suggest button[data-actor='al-qaeda']", timeout=10000)
    p.press("#q", "Enter")
    wait_js(p, "location.hash.includes('q=Qaeda')")
    wait_js(p, "window.rawabit.network && (window.rawabit.network.matched || []).includes('al-qaeda')")
    assert p.evaluate("window.rawabit.cy.getElementById('al-qaeda').hasClass('matched')")
