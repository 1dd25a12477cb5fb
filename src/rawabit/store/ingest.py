"""``rawabit ingest``: read, extract and write articles into the SQLite store.

The main process reads inputs as a stream, skips articles already stored
(the key is the SPEC id), hands the rest to N extraction processes (a
:class:`~rawabit.pipeline.Pipeline` built once per process, order kept) and
is the only writer: each batch of articles — rows, near-duplicate cluster,
and the edges it touches — is one transaction. A killed run loses at most the
batch in flight; running the same command again completes the job with the
rows an uninterrupted run gives.
"""

from __future__ import annotations

import bisect
import gc
import importlib
import math
import multiprocessing as mp
import re
import signal
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rawabit.analysis import dedup
from rawabit.analysis.contradictions import presence_claims
from rawabit.analysis.edges import edge_key, recompute_edges
from rawabit.errors import ArticleTimeout, EmptyInput, ReadError, StoreError
from rawabit.model import Article, RawArticle, Sentence, text_id
from rawabit.store.db import connect_writer

__all__ = ["IngestReport", "ingest", "prepare", "write_articles", "write_records"]

PipelineFactory = Callable[[Sequence[str]], Any]
_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# Seconds one article may take to extract before it is reported and skipped (a 2,000,000-character
# article, the readers' limit, takes about 5 s).
ARTICLE_TIMEOUT = 60.0
# Chunks of articles queued per extraction process. The writer stops taking results
# while it commits a batch (about 0.1 s for 200 articles at first, more as the database
# and its indexes grow); on the full corpus eight chunks each let the extractors run dry
# (1.79 of 2 cores busy), 24 keep them busier (1.87; 48 gave no more).
IN_FLIGHT = 24


@dataclass
class IngestReport:
    """What one ``rawabit ingest`` run did."""

    read: int = 0  # articles the readers produced
    written: int = 0  # articles stored by this run
    skipped: int = 0  # already in the database (same id)
    near_duplicates: int = 0  # written articles that joined an existing cluster
    relations: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, reason), first MAX_ERRORS
    n_errors: int = 0
    empty: int = 0  # inputs without article text, skipped (errors with ``strict``)
    first_empty: str | None = None  # the first of them, ``where: reason``
    seconds: float = 0.0

    MAX_ERRORS = 1000

    def add_error(self, where: str, reason: str) -> None:
        self.n_errors += 1
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append((where, reason))

    def add_unread(self, err: ReadError, strict: bool) -> None:
        """An input the readers could not turn into an article: skipped when it only lacks text."""
        if isinstance(err, EmptyInput) and not strict:
            self.empty += 1
            self.first_empty = self.first_empty or str(err)
        else:
            self.add_error(err.path, err.reason)

    @property
    def rate(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


# -- article -> record ------------------------------------------------------


def _outlet(outlet: str | None, url: str | None) -> str | None:
    if outlet:
        return outlet
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def time_bounds(t: str | None, published: str | None) -> tuple[str | None, str | None]:
    """First and last date a relation's ``time`` gives ("1996/2001" -> 1996, 2001), else the article's date."""
    dates = _DATE_RE.findall(t or "")
    if dates:
        return min(dates), max(dates)
    day = published[:10] if published else None
    return day, day


def _get(obj: Any, key: str, default: Any = None) -> Any:
    return obj.get(key, default) if isinstance(obj, dict) else getattr(obj, key, default)


class _ActorRows:
    """Rows of actors an article mentions but does not list (a state named only in passing): from
    the knowledge base (the run's, else the packaged one), or the tagger's names for a provisional
    actor; an id known to neither is stored as a provisional stub."""

    def __init__(self, kb: Any, provisional: dict[str, dict[str, str]]) -> None:
        self.kb, self.provisional = kb, provisional

    def row(self, a_id: str) -> dict[str, Any]:
        if self.kb is None:
            from rawabit.kb import load

            self.kb = load()
        e = self.kb.get(a_id)
        if e is not None:
            return {"id": a_id, "name_en": e.name_en, "name_ar": e.name_ar, "kind": e.kind, "wikidata": e.wikidata,
                    "provisional": 0}
        p = self.provisional.get(a_id) or {}
        return {"id": a_id, "name_en": p.get("name_en") or a_id, "name_ar": p.get("name_ar") or a_id,
                "kind": p.get("kind") or "other", "wikidata": None, "provisional": 1}


def prepare(article: Article | dict[str, Any], kb: Any = None) -> dict[str, Any]:
    """A plain, picklable record of one article with everything the writer stores.

    Takes an extracted :class:`Article` or a SPEC §2 dict (``url``, ``outlet``,
    ``rule`` and ``sentences`` accepted as extra keys). Sentences and tokens
    are computed when the article lacks them.
    """
    from rawabit.text.segment import sentences as split_sentences
    from rawabit.text.segment import tokenize

    text = _get(article, "text") or ""
    aid = _get(article, "id") or text_id(text)
    published = _get(article, "published")
    tokens = list(_get(article, "tokens") or ()) or tokenize(text)
    sents = list(_get(article, "sentences") or ())
    if sents and not isinstance(sents[0], Sentence):  # dict input: [[start, end], ...]
        sents = []
    if not sents:
        sents = split_sentences(text, tokens)
    starts = [s.start for s in sents]

    def sent_of(pos: int) -> int | None:
        i = bisect.bisect_right(starts, pos) - 1
        return i if i >= 0 else None

    actors: dict[str, dict[str, Any]] = {}
    mentions: list[tuple[int, int, str, str | None]] = []
    for a in _get(article, "actors") or ():
        a_id = _get(a, "id")
        kind = _get(a, "kb_kind") or _get(a, "kind") or "other"
        actors[a_id] = {
            "id": a_id,
            "name_en": _get(a, "name_en") or a_id,
            "name_ar": _get(a, "name_ar") or _get(a, "name_en") or a_id,
            "kind": kind,
            "wikidata": _get(a, "wikidata"),
            "provisional": int(bool(_get(a, "provisional", False))),
        }
    if isinstance(article, Article) and article.mentions:
        mentions = [(m.start, m.end, m.actor_id, m.rule) for m in article.mentions]
    else:
        for a in _get(article, "actors") or ():
            for s, e in _get(a, "mentions") or ():
                mentions.append((int(s), int(e), _get(a, "id"), None))
    mentions = sorted(set(mentions), key=lambda m: (m[0], m[1], m[2]))
    named = _ActorRows(kb, (_get(article, "extra") or {}).get("provisional") or {})
    for m in mentions:
        if m[2] not in actors:
            actors[m[2]] = named.row(m[2])

    relations = []
    parents: dict[str, str] = {}
    for i, r in enumerate(_get(article, "relations") or ()):
        ev = _get(r, "evidence")
        ev_start, ev_end, ev_text = int(_get(ev, "start")), int(_get(ev, "end")), _get(ev, "text")
        src, typ, tgt = _get(r, "source"), _get(r, "type"), _get(r, "target")
        for a_id in (src, tgt):
            if a_id not in actors:
                actors[a_id] = named.row(a_id)
        sidx = _get(r, "sentence", -1)
        ts, te = time_bounds(_get(r, "time"), published)
        es, _, et = edge_key(src, typ, tgt)
        attributed = _get(r, "attributed_to")
        relations.append({
            "idx": i, "source": src, "target": tgt, "type": typ, "subtype": _get(r, "subtype"),
            "modality": _get(r, "modality") or "asserted",
            "attributed_to": attributed if attributed is None else str(attributed),
            "time": _get(r, "time"), "place": _get(r, "place"), "time_start": ts, "time_end": te,
            "evidence_start": ev_start, "evidence_end": ev_end,
            "evidence_text": ev_text if ev_text is not None else text[ev_start:ev_end],
            "confidence": float(_get(r, "confidence", 0.5) or 0.0), "rule": _get(r, "rule") or None,
            "sentence_idx": sidx if isinstance(sidx, int) and sidx >= 0 else sent_of(ev_start),
            "edge_source": es, "edge_target": et,
        })
        if typ == "affiliate" and _get(r, "modality", "asserted") != "negated":
            parents.setdefault(src, tgt)
    if kb is not None:
        for a_id in actors:
            entry = kb.get(a_id)
            if entry is not None and entry.parent and a_id not in parents:
                parents[a_id] = entry.parent

    kinds = {a_id: a["kind"] for a_id, a in actors.items()}
    claims = presence_claims(text, tokens, sents, [(m[0], m[1], m[2]) for m in mentions], kinds, parents)
    chash, sig = dedup.fingerprint(text)
    url = _get(article, "url")
    return {
        "id": aid,
        "source": _get(article, "source"),
        "url": url,
        "outlet": _outlet(_get(article, "outlet"), url),
        "title": _get(article, "title"),
        "published": published,
        "author": _get(article, "author"),
        "text": text,
        "content_hash": chash,
        "minhash": sig,
        "bands": dedup.band_hashes(sig),
        "sentences": [(s.start, s.end) for s in sents],
        "actors": list(actors.values()),
        "mentions": [
            {"start": s, "end": e, "actor_id": a, "rule": rule, "surface": text[s:e], "sentence_idx": sent_of(s)}
            for s, e, a, rule in mentions
        ],
        "relations": relations,
        "claims": claims,
    }


# -- writer ------------------------------------------------------------------


def _write_one(conn: sqlite3.Connection, rec: dict[str, Any], seq: int) -> tuple[bool, set[tuple[str, str, str]]]:
    """Insert one record (inside the caller's transaction); returns (joined a cluster, touched edges)."""
    found = dedup.find_cluster(conn, rec["content_hash"], rec["minhash"], rec["bands"])
    cluster, sim = found if found else (rec["id"], 1.0)
    conn.execute(
        "INSERT INTO articles (id, seq, source, url, outlet, title, published, author, text, content_hash, "
        "minhash, cluster_id, similarity, n_relations) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (rec["id"], seq, rec["source"], rec["url"], rec["outlet"], rec["title"], rec["published"], rec["author"],
         rec["text"], rec["content_hash"], rec["minhash"], cluster, round(sim, 4), len(rec["relations"])),
    )
    aid = rec["id"]
    conn.executemany(
        "INSERT INTO lsh_bands (band, hash, article_id) VALUES (?, ?, ?)",
        [(i, h, aid) for i, h in enumerate(rec["bands"])],
    )
    conn.executemany(
        "INSERT INTO sentences (article_id, idx, start_char, end_char) VALUES (?, ?, ?, ?)",
        [(aid, i, s, e) for i, (s, e) in enumerate(rec["sentences"])],
    )
    conn.executemany(
        "INSERT INTO actors (id, name_en, name_ar, kind, wikidata, provisional) "
        "VALUES (:id, :name_en, :name_ar, :kind, :wikidata, :provisional) "
        "ON CONFLICT (id) DO UPDATE SET name_en = excluded.name_en, name_ar = excluded.name_ar, "
        "kind = excluded.kind, wikidata = excluded.wikidata, provisional = excluded.provisional "
        "WHERE actors.provisional > excluded.provisional",
        rec["actors"],
    )
    conn.executemany(
        "INSERT INTO mentions (article_id, idx, actor_id, start_char, end_char, surface, rule, sentence_idx) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, i, m["actor_id"], m["start"], m["end"], m["surface"], m["rule"], m["sentence_idx"])
         for i, m in enumerate(rec["mentions"])],
    )
    cols = ("idx", "source", "target", "type", "subtype", "modality", "attributed_to", "time", "place",
            "time_start", "time_end", "evidence_start", "evidence_end", "evidence_text", "confidence", "rule",
            "sentence_idx", "edge_source", "edge_target")
    conn.executemany(
        f"INSERT INTO relations (article_id, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})",
        [(aid, *(r[c] for c in cols)) for r in rec["relations"]],
    )
    ccols = ("kind", "subject", "subject_person", "object", "object_text", "polarity", "attributed_to", "evidence_start",
             "evidence_end", "evidence_text", "sentence_idx")
    conn.executemany(
        f"INSERT INTO claims (article_id, idx, {', '.join(ccols)}) VALUES (?, ?, {', '.join('?' * len(ccols))})",
        [(aid, i, *(c[k] for k in ccols)) for i, c in enumerate(rec["claims"])],
    )
    touched = {(r["edge_source"], r["type"], r["edge_target"]) for r in rec["relations"]}
    return found is not None, touched


def write_records(conn: sqlite3.Connection, records: Iterable[dict[str, Any]]) -> tuple[int, int, int]:
    """Write prepared records in one transaction; ids already stored are skipped.

    Returns ``(written, near_duplicates, relations)``.
    """
    written = dups = rels = 0
    touched: set[tuple[str, str, str]] = set()
    conn.execute("BEGIN IMMEDIATE")
    try:
        seq = int(conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])
        for rec in records:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (rec["id"],)).fetchone():
                continue
            seq += 1
            joined, t = _write_one(conn, rec, seq)
            touched |= t
            written += 1
            dups += joined
            rels += len(rec["relations"])
        recompute_edges(conn, touched)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return written, dups, rels


def write_articles(conn: sqlite3.Connection, articles: Iterable[Article | dict[str, Any]]) -> int:
    """Write Article objects or SPEC §2 dicts in one transaction; returns how many were new."""
    return write_records(conn, (prepare(a) for a in articles))[0]


# -- extraction processes ------------------------------------------------------

_PIPE: Any = None


def default_factory(actor_files: Sequence[str]) -> Any:
    from rawabit.pipeline import Pipeline

    return Pipeline(actor_files=actor_files)


def load_factory(spec: str | None) -> PipelineFactory:
    """``module:callable`` -> a callable ``(actor_files) -> pipeline`` with ``run_raw(raw) -> Article``."""
    if not spec:
        return default_factory
    mod, _, attr = spec.partition(":")
    try:
        factory: PipelineFactory = getattr(importlib.import_module(mod), attr or "make_pipeline")
        return factory
    except (ImportError, AttributeError) as exc:
        raise StoreError(f"--pipeline {spec}: cannot import it ({exc}); give it as module:callable") from exc


# A worker process's young-generation collection threshold (Python's default: 700 allocations)
WORKER_GC_THRESHOLD = (20_000, 50, 100)


def _init_worker(factory_spec: str | None, actor_files: Sequence[str]) -> None:
    global _PIPE
    _PIPE = load_factory(factory_spec)(actor_files)


def _init_worker_process(factory_spec: str | None, actor_files: Sequence[str], clock: bool = False) -> None:
    """:func:`_init_worker` in a process of ingest's own pool, which also tunes its garbage collector:
    the pipeline's tables (knowledge base, NER weights, lexicons) are frozen out of its passes, and
    young objects are collected less often (2 % fewer instructions per article, same peak memory,
    measured under valgrind over 200 articles). The calling process keeps its own settings."""
    _init_worker(factory_spec, actor_files)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    if clock:  # for the process's life: it only extracts
        _start_clock()


# The article being extracted in this process must be done by this time.monotonic() (none: inf).
_DEADLINE = [math.inf]
BUDGET_TICK = 1.0  # seconds between the clock's checks of the deadline


def _tick(signum: int, frame: Any) -> None:
    # raised again at every tick until time_budget ends: code that swallows one cannot go on
    if time.monotonic() > _DEADLINE[0]:
        raise ArticleTimeout("over its time budget")


def _start_clock() -> Any:
    """A ``SIGALRM`` every :data:`BUDGET_TICK` seconds, each checking the deadline; returns the handler
    it replaced (None when this is not the main thread, which alone gets signals, or where there is
    no SIGALRM: Windows)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return None
    before = signal.signal(signal.SIGALRM, _tick)
    signal.siginterrupt(signal.SIGALRM, False)  # system calls the tick interrupts resume
    signal.setitimer(signal.ITIMER_REAL, BUDGET_TICK, BUDGET_TICK)
    return before


def _stop_clock(before: Any) -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, before)


@contextmanager
def budget_clock() -> Iterator[None]:
    """The clock :func:`time_budget` needs, running while inside (main thread only)."""
    before = _start_clock()
    try:
        yield
    finally:
        if before is not None:
            _stop_clock(before)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the code run inside once it has taken over ``seconds``
    (within a tick), when :func:`budget_clock` runs in this process.

    Setting the deadline is an attribute store, so the budget costs nothing per article; the tick
    interrupts Python code anywhere, but not a call into compiled code until that returns (the
    writer's watchdog covers those, see :func:`extract_stream`).
    """
    if not seconds:
        yield
        return
    _DEADLINE[0] = time.monotonic() + seconds
    try:
        yield
    finally:
        _DEADLINE[0] = math.inf


def _where(raw: RawArticle) -> str:
    return raw.source or raw.id or "?"


def _work(raws: list[RawArticle], budget: float | None = None) -> list[dict[str, Any] | tuple[str, str]]:
    out: list[dict[str, Any] | tuple[str, str]] = []
    kb = getattr(_PIPE, "kb", None)
    for raw in raws:
        try:
            with time_budget(budget):
                out.append(prepare(_PIPE.run_raw(raw), kb))
        except ArticleTimeout:
            out.append((_where(raw), f"skipped: extraction took over {budget:g} s, the time budget of one "
                                     "article (--article-timeout)"))
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
            out.append((_where(raw), f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


# A chunk closes at this many characters of text too, so that the parts of a long article
# (the readers cut one over 2,000,000 characters) go to different workers.
CHUNK_CHARS = 250_000


def _chunks(items: Iterator[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    chunk: list[RawArticle] = []
    chars = 0
    for it in items:
        chunk.append(it)
        chars += len(it.text)
        if len(chunk) >= size or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def extract_stream(
    raws: Iterator[RawArticle], workers: int, factory_spec: str | None, actor_files: Sequence[str], chunk: int = 8,
    budget: float | None = None,
) -> Iterator[dict[str, Any] | tuple[str, str]]:
    """Records (or ``(source, reason)`` errors) in input order; at most ``IN_FLIGHT * workers`` chunks in flight.

    ``budget`` is each article's time budget in seconds (:func:`time_budget`). With workers, the
    writer also watches each chunk: one not back ``len(chunk) * budget + STALL_GRACE`` seconds
    after the writer starts waiting for it has a worker stuck where the alarm cannot reach (in
    compiled code). The pool is then replaced, the chunk's articles are tried again one by one,
    and the one that stalls again is reported and skipped.
    """
    if workers <= 1:
        _init_worker(factory_spec, actor_files)
        with budget_clock() if budget else nullcontext():
            for c in _chunks(raws, chunk):
                yield from _work(c, budget)
        return
    pool = _Pool(workers, factory_spec, actor_files, budget)
    try:
        for c in _chunks(raws, chunk):
            pool.submit(c)
            while len(pool.pending) >= IN_FLIGHT * workers:
                yield from pool.next_result()
        while pool.pending:
            yield from pool.next_result()
    finally:
        pool.close()


STALL_GRACE = 30.0  # seconds the writer waits for a chunk beyond its articles' budgets


class _Pool:
    """Extraction processes with the chunks handed to them, in order, and a watchdog on each."""

    def __init__(self, workers: int, factory_spec: str | None, actor_files: Sequence[str], budget: float | None):
        self.workers, self.budget = workers, budget
        self.initargs = (factory_spec, tuple(actor_files), bool(budget))
        self.pending: deque[tuple[list[RawArticle], Any]] = deque()
        self.pool = self._start()

    def _start(self) -> Any:
        ctx = mp.get_context("spawn")  # no fork of a process holding an SQLite handle and threads
        return ctx.Pool(self.workers, initializer=_init_worker_process, initargs=self.initargs)

    def submit(self, chunk: list[RawArticle]) -> None:
        self.pending.append((chunk, self.pool.apply_async(_work, (chunk, self.budget))))

    def next_result(self) -> list[dict[str, Any] | tuple[str, str]]:
        chunk, res = self.pending.popleft()
        if not self.budget:
            return res.get()
        wait = len(chunk) * self.budget + STALL_GRACE
        try:
            return res.get(timeout=wait)
        except mp.TimeoutError:
            pass
        # a worker is stuck beyond the alarm's reach: a fresh pool, the rest handed out again
        self.pool.terminate()
        self.pool.join()
        self.pool = self._start()
        rest = [c for c, _ in self.pending]
        self.pending.clear()
        if len(chunk) > 1:  # which article stalled is not known: each is tried alone
            rest = [[raw] for raw in chunk] + rest
            for c in rest:
                self.submit(c)
            return []
        for c in rest:
            self.submit(c)
        return [(_where(chunk[0]), f"skipped: extraction did not return within {wait:g} s (stuck outside "
                                   "Python, where the time budget cannot interrupt it); its process was restarted")]

    def close(self) -> None:
        self.pool.terminate()


def ingest(
    paths: Sequence[str | Path],
    db: str | Path,
    *,
    workers: int = 1,
    actor_files: Sequence[str | Path] = (),
    pipeline: str | None = None,
    batch_size: int = 1000,
    on_progress: Callable[[IngestReport], None] | None = None,
    strict: bool = False,
    article_timeout: float | None = ARTICLE_TIMEOUT,
) -> IngestReport:
    """Read ``paths``, extract and store every article not yet in ``db``.

    ``pipeline`` is an optional ``module:callable`` building the extractor in
    each process (default: :class:`rawabit.pipeline.Pipeline`). The report
    lists unreadable files and failed articles; nothing is raised for them.
    Inputs without article text are counted in ``report.empty`` (errors with
    ``strict``). An article whose extraction takes over ``article_timeout``
    seconds is reported and skipped (None: no budget).
    """
    from rawabit.readers import iter_articles, iter_files
    from rawabit.readers.parquet import has_extraction, iter_parquet_articles

    report = IngestReport()
    t0 = time.perf_counter()
    conn = connect_writer(db)
    files = [str(f) for f in actor_files]
    # Parquet written by `rawabit spark-extract` is already extracted: store it as it is.
    inputs: list[Path | str] = []
    extracted: list[Path] = []
    for f in iter_files(paths):
        if isinstance(f, ReadError):
            report.add_unread(f, strict)
        elif f.name.endswith(".parquet") and has_extraction(f):
            extracted.append(f)
        else:
            inputs.append(f)

    def fresh() -> Iterator[RawArticle]:
        for item in iter_articles(inputs):
            if isinstance(item, ReadError):
                report.add_unread(item, strict)
                continue
            report.read += 1
            aid = item.id or text_id(item.text)
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
                report.skipped += 1
                if on_progress:
                    on_progress(report)
                continue
            yield item

    def flush(batch: list[dict[str, Any]]) -> None:
        w, d, r = write_records(conn, batch)
        report.written += w
        report.skipped += len(batch) - w
        report.near_duplicates += d
        report.relations += r
        report.seconds = time.perf_counter() - t0
        batch.clear()
        if on_progress:
            on_progress(report)

    try:
        batch: list[dict[str, Any]] = []
        for f in extracted:
            for d in iter_parquet_articles(f):
                if isinstance(d, ReadError):
                    report.add_unread(d, strict)
                    continue
                report.read += 1
                if conn.execute("SELECT 1 FROM articles WHERE id = ?", (d["id"],)).fetchone():
                    report.skipped += 1
                    continue
                batch.append(prepare(d))
                if len(batch) >= batch_size:
                    flush(batch)
        for rec in extract_stream(fresh(), workers, pipeline, files, budget=article_timeout):
            if isinstance(rec, tuple):
                report.add_error(*rec)
                continue
            batch.append(rec)
            if len(batch) >= batch_size:
                flush(batch)
        if batch:
            flush(batch)
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        conn.close()
    report.seconds = time.perf_counter() - t0
    return report
