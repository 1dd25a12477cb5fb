"""The web API (rawabit.web.app) on a database built from the dev articles and the XSS fixture."""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette warns about its httpx backend; not ours to fix
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rawabit.errors import StoreError
from rawabit.model import RELATION_TYPES
from rawabit.web.app import STATIC, create_app

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "data" / "dev"
XSS = Path(__file__).resolve().parent / "fixtures" / "xss.jsonl"


def build_db(folder: Path) -> Path:
    """Ingest the dev articles and the XSS fixture into ``folder/web.db``."""
    if not DEV.is_dir():
        pytest.skip(f"the dev articles are not here ({DEV}); they live in the project's shared folder")
    from rawabit.store.ingest import ingest

    db = folder / "web.db"
    report = ingest([str(DEV), str(XSS)], db)
    assert report.n_errors == 0, report.errors
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(db: Path):  # type: ignore[no-untyped-def]
    return create_app(db)


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


def _pair_ids(client: TestClient) -> tuple[str, str]:
    return "al-qaeda", "taliban"


# -- the app's shape ----------------------------------------------------------


def test_only_get_endpoints_and_no_cdn_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/api/network", "/api/actors/search", "/api/actors/{actor_id}", "/api/pair/{a}/{b}",
              "/api/pair/{a}/{b}/why", "/api/contradictions", "/api/articles/{article_id}"):
        assert p in paths, p
    for p, ops in paths.items():
        assert set(ops) == {"get"}, (p, set(ops))
    # Swagger UI and ReDoc pull their assets from CDNs: they are off
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert client.post("/api/network").status_code == 405


def test_index_has_strict_csp_and_no_inline_script(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = r.text
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in s for s in scripts)
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)), "inline script"
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "external asset"


def test_static_assets_are_local(client: TestClient) -> None:
    for name in ("app.js", "app.css", "cytoscape.min.js", "cytoscape.LICENSE", "favicon.svg"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200, name
        assert "default-src 'self'" in r.headers["content-security-policy"]
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    assert "http://" not in js.replace("http://www.w3.org/2000/svg", "") and "https://" not in js
    assert "@import" not in css and "url(" not in css
    # data is never parsed as HTML
    assert "innerHTML" not in js and "outerHTML" not in js and "insertAdjacentHTML" not in js


def test_connection_is_read_only(app) -> None:  # type: ignore[no-untyped-def]
    conn = app.state.connections.get()
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("CREATE TABLE intruder (x)")


def test_missing_database_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "nope.db")
    from click.testing import CliRunner

    from rawabit.cli import main

    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code != 0
    assert "no such database" in res.output


def test_serve_binds_localhost_by_default() -> None:
    from rawabit.cli import main

    serve = main.commands["serve"]
    opts = {p.name: p.default for p in serve.params}
    assert opts["host"] == "127.0.0.1" and opts["port"] == 8000


# -- network --------------------------------------------------------------------


def test_network_has_dev_actors(client: TestClient) -> None:
    data = client.get("/api/network", params={"limit": 1000}).json()
    ids = {n["id"] for n in data["nodes"]}
    assert {"al-qaeda", "taliban"} <= ids
    node = next(n for n in data["nodes"] if n["id"] == "al-qaeda")
    assert node["name_ar"] == "القاعدة" and node["name_en"] == "al-Qaeda" and node["kind"] == "armed_group"
    assert node["degree"] >= 1
    for e in data["edges"]:
        assert e["type"] in RELATION_TYPES
        assert e["source"] in ids and e["target"] in ids
        assert e["weight"] == e["n_articles"] >= 1
        assert set(e["modality"]) == {"asserted", "hedged", "negated"}
        assert e["id"] == f"{e['source']}|{e['type']}|{e['target']}"
    assert any({e["source"], e["target"]} == {"al-qaeda", "taliban"} for e in data["edges"])
    weights = [e["weight"] for e in data["edges"]]
    assert weights == sorted(weights, reverse=True)


def test_network_filters(client: TestClient) -> None:
    ally = client.get("/api/network", params={"type": "ally,support"}).json()
    assert ally["edges"] and {e["type"] for e in ally["edges"]} <= {"ally", "support"}
    hedged = client.get("/api/network", params={"modality": "hedged"}).json()
    assert all(e["modality"]["hedged"] > 0 for e in hedged["edges"])
    strong = client.get("/api/network", params={"min_sources": 2}).json()
    assert all(e["weight"] >= 2 for e in strong["edges"])
    few = client.get("/api/network", params={"limit": 3}).json()
    assert len(few["edges"]) == 3 and few["truncated"]
    late = client.get("/api/network", params={"since": "2021"}).json()
    assert all((e["time_end"] or "") >= "2021" for e in late["edges"])
    assert client.get("/api/network", params={"type": "friend"}).status_code == 400
    assert client.get("/api/network", params={"modality": "maybe"}).status_code == 400


@pytest.mark.parametrize("q", ["طالبان", "Taliban"])
def test_network_search_in_arabic_or_english(client: TestClient, q: str) -> None:
    data = client.get("/api/network", params={"q": q}).json()
    assert "taliban" in data["matched"]
    assert data["edges"]
    assert all(e["source"] in data["matched"] or e["target"] in data["matched"] for e in data["edges"])


# -- actors ---------------------------------------------------------------------


@pytest.mark.parametrize("q,expected", [("القاعدة", "al-qaeda"), ("تنظيم القاعدة", "al-qaeda"),
                                        ("al-qaida", "al-qaeda"), ("طالبان", "taliban"), ("TALIBAN", "taliban")])
def test_actor_search(client: TestClient, q: str, expected: str) -> None:
    res = client.get("/api/actors/search", params={"q": q}).json()["results"]
    assert res and res[0]["id"] == expected


def test_actor_page(client: TestClient) -> None:
    a = client.get("/api/actors/al-qaeda").json()
    assert a["name_ar"] == "القاعدة" and a["name_en"] == "al-Qaeda"
    assert "تنظيم القاعدة" in a["aliases_ar"]
    assert set(a["relations"]) <= set(RELATION_TYPES) and a["relations"]
    pairs = [r for rs in a["relations"].values() for r in rs]
    assert any(r["other"] == "taliban" for r in pairs)
    assert all(r["direction"] in ("in", "out", "both") for r in pairs)
    # the same page by name
    assert client.get("/api/actors/القاعدة").json()["id"] == "al-qaeda"
    assert client.get("/api/actors/no-such-actor-anywhere").status_code == 404


def test_actor_lineage(client: TestClient) -> None:
    from rawabit.kb import load

    kb = load()
    child = next((e for e in kb.actors.values() if e.parent and kb.get(e.parent)), None)
    if child is None:
        pytest.skip("no actor with a parent in the knowledge base")
    page = client.get(f"/api/actors/{child.id}").json()
    assert page["parent"]["id"] == child.parent
    assert page["parents"][0]["id"] == child.parent
    parent_page = client.get(f"/api/actors/{child.parent}").json()
    assert child.id in {c["id"] for c in parent_page["children"]}


# -- pairs ----------------------------------------------------------------------


def test_pair_has_evidence_with_spans(client: TestClient) -> None:
    a, b = _pair_ids(client)
    data = client.get(f"/api/pair/{a}/{b}").json()
    assert data["a"]["id"] == a and data["b"]["id"] == b
    assert data["total"] >= 1 and data["evidence"]
    assert sum(x["n"] for x in data["timeline"]["buckets"]) == data["total"]
    assert data["timeline"]["bucket"] in ("year", "month")
    for ev in data["evidence"]:
        span = ev["evidence"]
        assert ev["sentence"][span["start"] : span["end"]] == span["text"]
        assert {ev["source"], ev["target"]} == {a, b}
        assert ev["modality"] in ("asserted", "hedged", "negated")
        assert ev["article_id"]
    # the article text agrees with the evidence offsets
    ev = data["evidence"][0]
    art = client.get(f"/api/articles/{ev['article_id']}").json()
    s = ev["article_span"]
    assert art["text"][s["start"] : s["end"]] == ev["evidence"]["text"]


def test_pair_by_arabic_names_and_filters(client: TestClient) -> None:
    by_id = client.get("/api/pair/al-qaeda/taliban").json()
    by_name = client.get("/api/pair/القاعدة/طالبان").json()
    assert by_name["total"] == by_id["total"]
    t = by_id["evidence"][0]["type"]
    only = client.get("/api/pair/al-qaeda/taliban", params={"type": t}).json()
    assert only["evidence"] and all(e["type"] == t for e in only["evidence"])
    assert client.get("/api/pair/al-qaeda/taliban", params={"bucket": "month"}).json()["timeline"]["bucket"] == "month"
    assert client.get("/api/pair/al-qaeda/no-such-actor-anywhere").status_code == 404
    assert client.get("/api/pair/al-qaeda/taliban", params={"type": "friend"}).status_code == 400


def test_why(client: TestClient) -> None:
    r = client.get("/api/pair/al-qaeda/taliban/why")
    assert r.status_code == 200
    reasons = r.json()["reasons"]
    assert reasons, "the seed article gives reasons for the alliance"
    for x in reasons:
        assert x["text"] and x["article_id"] and x["score"] > 0


def test_contradictions(client: TestClient) -> None:
    r = client.get("/api/contradictions")
    assert r.status_code == 200
    for c in r.json()["contradictions"]:
        assert c["asserted"] and c["negated"]
    r = client.get("/api/contradictions", params={"a": "al-qaeda", "b": "taliban"})
    assert r.status_code == 200
    assert all({c["subject"], c["object"]} == {"al-qaeda", "taliban"} for c in r.json()["contradictions"])


# -- articles and unsafe text ---------------------------------------------------


def test_article_and_xss_fixture_is_data(client: TestClient) -> None:
    r = client.get("/api/articles/xss-01")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    art = r.json()
    assert "<script>alert(1)</script>" in art["text"] and "<img src=x onerror=alert(1)>" in art["text"]
    assert art["relations"], "the fixture is written so that relations are extracted"
    for rel in art["relations"]:
        assert 0 <= rel["start"] < rel["end"] <= len(art["text"])
    assert client.get("/api/articles/not-an-article").status_code == 404


# -- hard inputs (issue 21) ------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/network?since=2019-99-99", "/api/network?until=abc",
                                 "/api/pair/al-qaeda/taliban?since=2021-02-30"])
def test_invalid_dates_are_422(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 422, r.text
    assert "invalid date" in r.json()["detail"]
    assert client.get("/api/network?since=2019-07").status_code == 200


def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    for path in ("/", "/api/stats", "/api/network"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
        assert head.headers.get("content-security-policy") == get.headers.get("content-security-policy")


def test_serve_on_a_busy_port_says_so_before_serving(db: Path) -> None:
    import socket

    from click.testing import CliRunner

    from rawabit.cli import main

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        res = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", str(port)])
    assert res.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in res.output and "in use" in res.output
    assert "serving" not in res.output
