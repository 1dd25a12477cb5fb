"""The web app: a read-only JSON API over a Rawabit database and the single-page UI.

Every request reads through a read-only SQLite connection
(:func:`rawabit.store.db.connect_ro`, ``file:...?mode=ro``), one per worker
thread. Only GET endpoints exist (HEAD is answered as GET without the body). HTML is served with a strict
Content-Security-Policy (scripts, styles, fonts and images from this origin
only; no inline script), and the UI inserts all article text as text nodes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from rawabit import __version__
from rawabit.analysis.contradictions import contradictions as find_contradictions
from rawabit.analysis.edges import date_bound
from rawabit.analysis.resolve import resolve_actor
from rawabit.analysis.why import why as find_reasons
from rawabit.errors import QueryError, RawabitError
from rawabit.model import RELATION_TYPES
from rawabit.store.db import connect_ro
from rawabit.web import queries

__all__ = ["CSP", "STATIC", "create_app"]

STATIC = Path(__file__).resolve().parent / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class _Connections:
    """One read-only connection per worker thread (FastAPI runs sync endpoints in a thread pool)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_ro(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for c in self._all:
                c.close()
            self._all.clear()


def _types(value: str | None) -> list[str]:
    """``ally,support`` (or repeated values joined by the client) -> a checked list."""
    out = [t.strip() for t in (value or "").split(",") if t.strip()]
    bad = [t for t in out if t not in RELATION_TYPES]
    if bad:
        raise HTTPException(400, f"unknown relation type {bad[0]!r}; use one of {', '.join(RELATION_TYPES)}")
    return out


def _date(value: str | None, name: str) -> str | None:
    """A ``since``/``until`` parameter checked (422 when it is no date, as for any invalid parameter)."""
    try:
        return date_bound(value)
    except QueryError as exc:
        raise HTTPException(422, f"{name}: {exc}") from exc


class _HeadAsGet:
    """HEAD answered as GET without the body (the routes are GET only, so HEAD got 405)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def _resolve(conn: sqlite3.Connection, name: str) -> str:
    try:
        return resolve_actor(conn, name)
    except QueryError as exc:
        raise HTTPException(404 if str(exc).startswith("unknown actor") else 400, str(exc)) from exc


def _names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, str]]:
    return queries.attribution_names(conn, ids)


def create_app(db: str | Path) -> FastAPI:
    """The app over the database file ``db`` (checked now: a missing or outdated file raises StoreError)."""
    path = Path(db)
    connect_ro(path).close()  # fail at start, with the store's message, not at the first request
    conns = _Connections(path)
    index = queries.ActorIndex()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        conns.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Rawabit",
        version=__version__,
        description="Read-only API over a Rawabit database: actors, typed relations and their evidence.",
        docs_url=None,  # the Swagger and ReDoc pages load assets from CDNs; /openapi.json stays
        redoc_url=None,
    )
    app.state.db = path
    app.state.connections = conns
    app.add_middleware(_HeadAsGet)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for k, v in _SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(RawabitError)
    async def rawabit_error(request: Request, exc: RawabitError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.get("/", include_in_schema=False)
    def home() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/api/stats", summary="Counts and the date range of the database")
    def stats() -> dict[str, Any]:
        conn = conns.get()
        one = conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM actors), (SELECT count(*) FROM edges), "
            "(SELECT count(*) FROM relations), (SELECT min(published) FROM articles), "
            "(SELECT max(published) FROM articles)"
        ).fetchone()
        keys = ("articles", "actors", "edges", "relations", "first", "last")
        return {**dict(zip(keys, one, strict=True)), "types": list(RELATION_TYPES),
                "modalities": list(queries.MODALITIES)}

    @app.get("/api/network", summary="Actors and edges, filtered; edges with most independent sources first")
    def network(
        type: str | None = Query(None, description="relation types, comma-separated (ally,support,...)"),
        since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD: evidence time on or after"),
        until: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD: evidence time on or before"),
        modality: str | None = Query(None, description="keep edges with evidence of this modality"),
        min_sources: int = Query(1, ge=1, description="minimum independent articles (near-duplicates count once)"),
        q: str | None = Query(None, description="Arabic or English name: edges touching the matching actors"),
        limit: int = Query(300, ge=1, le=5000, description="at most this many edges"),
    ) -> dict[str, Any]:
        conn = conns.get()
        actors = index.ids(conn, q, limit=20) if q and q.strip() else None
        out = queries.network(conn, types=_types(type), since=_date(since, "since"), until=_date(until, "until"),
                              modality=modality or None, min_sources=min_sources, actors=actors, limit=limit)
        out["matched"] = actors
        return out

    @app.get("/api/actors/search", summary="Actors whose Arabic or English names contain q")
    def search(q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        return {"q": q, "results": index.search(conns.get(), q, limit)}

    @app.get("/api/actors/{actor_id}", summary="An actor: names, aliases, parent, lineage, relations by type")
    def actor(actor_id: str) -> dict[str, Any]:
        conn = conns.get()
        page = queries.actor_page(conn, actor_id) or queries.actor_page(conn, _resolve(conn, actor_id))
        if page is None:
            raise HTTPException(404, f"unknown actor {actor_id!r}")
        return page

    @app.get("/api/pair/{a}/{b}", summary="Timeline and evidence of the relations between two actors")
    def pair(
        a: str,
        b: str,
        type: str | None = Query(None, description="one relation type"),
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        bucket: str = Query("auto", pattern="^(auto|year|month)$"),
        limit: int = Query(200, ge=1, le=5000, description="at most this many evidence items, newest first"),
    ) -> dict[str, Any]:
        conn = conns.get()
        ida, idb = _resolve(conn, a), _resolve(conn, b)
        try:
            evidence = queries.pair_evidence(conn, ida, idb, type=type or None, since=_date(since, "since"),
                                             until=_date(until, "until"), modality=modality or None, limit=limit)
        except QueryError as exc:
            raise HTTPException(400, str(exc)) from exc
        timeline = queries.pair_timeline(conn, ida, idb, bucket)
        total = sum(x["n"] for x in timeline["buckets"])
        names = _names(conn, [ida, idb] + [e["attributed_to"] for e in evidence if e["attributed_to"]])
        return {"a": {"id": ida, **names.get(ida, {"name_en": ida, "name_ar": ida})},
                "b": {"id": idb, **names.get(idb, {"name_en": idb, "name_ar": idb})},
                "timeline": timeline, "total": total, "evidence": evidence, "names": names}

    @app.get("/api/pair/{a}/{b}/why", summary="Reasons the articles give for the relation between two actors")
    def why(a: str, b: str, limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        conn = conns.get()
        ida, idb = _resolve(conn, a), _resolve(conn, b)
        return {"a": ida, "b": idb, "reasons": [r.as_dict() for r in find_reasons(conn, ida, idb, limit=limit)]}

    @app.get("/api/contradictions", summary="Claims asserted by one source and denied by another")
    def contradictions(
        a: str | None = Query(None, description="an actor (name or id): its contradictions"),
        b: str | None = Query(None, description="with a: only those between a and b"),
        type: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
    ) -> dict[str, Any]:
        conn = conns.get()
        ida = _resolve(conn, a) if a else None
        idb = _resolve(conn, b) if b else None
        if idb and not ida:
            ida, idb = idb, None
        found = [c.as_dict() for c in find_contradictions(conn, actor=ida, type=type or None)]
        if idb:
            found = [c for c in found if {c["subject"], c["object"]} == {ida, idb}]
        found = found[:limit]
        ids = [x for c in found for x in (c["subject"], c["object"])]
        ids += [s["attributed_to"] for c in found for s in c["asserted"] + c["negated"] if s["attributed_to"]]
        return {"contradictions": found, "names": _names(conn, ids)}

    @app.get("/api/articles/{article_id:path}", summary="An article's text and metadata, with its evidence spans")
    def article(article_id: str) -> dict[str, Any]:
        conn = conns.get()
        out = queries.article(conn, article_id)
        if out is None:
            raise HTTPException(404, f"no article {article_id!r} in the database")
        names = _names(conn, [r["attributed_to"] for r in out["relations"] if r["attributed_to"]])
        out["names"] = names
        return out

    return app
