"""The SQLite store: migrations, read-only connections, the writer, near-duplicates, edges, ingest."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rawabit.errors import StoreError
from rawabit.store.cli import cli_group
from rawabit.store.db import connect_ro, connect_writer, migrations, schema_version
from rawabit.store.ingest import ingest, write_articles

sys.path.insert(0, str(Path(__file__).parent))
from storefixtures import article  # noqa: E402

TESTS = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "data" / "dev"
PIPE = "storefixtures:make_pipeline"

STORY = (
    "أعلنت مصادر أن التحالف بين القاعدة وطالبان مستمر منذ سنوات طويلة في أفغانستان. "
    "وقالت المصادر إن اشتباكات وقعت بين طالبان وداعش في ولاية ننجرهار شرق البلاد خلال الأسبوع الماضي. "
    "ويرى مراقبون أن باكستان تحتفظ بنفوذ كبير على طالبان منذ عقود."
)


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: equal dumps mean equal databases."""
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    out = {}
    for n in sorted(names):
        rows = conn.execute(f"SELECT * FROM {n}").fetchall()
        out[n] = sorted(rows, key=repr)
    out["user_version"] = [conn.execute("PRAGMA user_version").fetchone()]
    conn.close()
    return out


def test_migrations_numbered_and_applied(tmp_path: Path) -> None:
    ms = migrations()
    assert [m[0] for m in ms] == list(range(1, len(ms) + 1))
    db = tmp_path / "a.db"
    conn = connect_writer(db)
    assert schema_version(conn) == len(ms)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -64 * 1024  # KiB: the writer's page cache
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "sentences", "actors", "mentions", "relations", "claims", "edges", "lsh_bands",
            "schema_migrations"} <= tables
    conn.close()
    conn = connect_writer(db)  # reopening applies nothing twice
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(ms)
    conn.close()


def test_read_only_connection_cannot_write(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    connect_writer(db).close()
    ro = connect_ro(db)
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM articles")
    with pytest.raises(StoreError, match="no such database"):
        connect_ro(tmp_path / "missing.db")


def test_write_articles_rows_and_idempotence(tmp_path: Path) -> None:
    conn = connect_writer(tmp_path / "a.db")
    a = article("a1", STORY, [("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان"),
                              ("taliban", "fight", "isis", "اشتباكات وقعت بين طالبان وداعش"),
                              ("pakistan", "influence", "taliban", "تحتفظ بنفوذ كبير على طالبان|hedged")],
                published="2021-09-13T15:45", outlet="X", url="https://www.example.com/a1")
    assert write_articles(conn, [a]) == 1
    before = dump(tmp_path / "a.db")
    assert write_articles(conn, [a]) == 0
    assert dump(tmp_path / "a.db") == before
    row = conn.execute("SELECT outlet, published, cluster_id, n_relations FROM articles").fetchone()
    assert row == ("X", "2021-09-13T15:45", "a1", 3)
    assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 3
    for s, e, surface in conn.execute("SELECT start_char, end_char, surface FROM mentions"):
        assert STORY[s:e] == surface
    # evidence offsets are text offsets, in SQL too
    for text, sub in conn.execute(
        "SELECT evidence_text, substr(a.text, evidence_start + 1, evidence_end - evidence_start) "
        "FROM relations r JOIN articles a ON a.id = r.article_id"
    ):
        assert text == sub
    # symmetric edge stored in canonical order; the sentence of each relation is known
    assert conn.execute("SELECT source, target FROM edges WHERE type = 'fight'").fetchone() == ("isis", "taliban")
    assert conn.execute("SELECT count(*) FROM relations WHERE sentence_idx IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT n_hedged, time_start FROM edges WHERE type = 'influence'").fetchone() == (1, "2021-09-13")


def test_outlet_from_url(tmp_path: Path) -> None:
    conn = connect_writer(tmp_path / "a.db")
    write_articles(conn, [article("u", STORY, url="https://www.bbc.co.uk/arabic/x")])
    assert conn.execute("SELECT outlet FROM articles").fetchone()[0] == "bbc.co.uk"


def test_near_duplicates_cluster_and_edges_count_independent_articles(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    conn = connect_writer(db)
    rel = [("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان")]
    copy = STORY.replace("الأسبوع الماضي", "الأسبوع المنصرم").replace("أعلنت مصادر", "أعلنت مصادر مطلعة")
    other = ("قال مسؤولون إن التحالف بين القاعدة وطالبان يقلق الدول المجاورة. "
             "وأضافوا أن الحكومة تراقب الوضع على الحدود عن كثب منذ أشهر.")
    write_articles(conn, [
        article("a1", STORY, rel, outlet="A", published="2021-09-13"),
        article("a2", STORY, rel, outlet="B", published="2021-09-14"),  # the same text from another outlet
        article("a3", copy, rel, outlet="C", published="2021-09-15"),  # a near-copy
        article("a4", other, rel, outlet="A", published="2021-10-01", time_0="2019"),  # an independent article
    ])
    clusters = dict(conn.execute("SELECT id, cluster_id FROM articles"))
    assert clusters["a2"] == clusters["a3"] == clusters["a1"] == "a1"
    assert clusters["a4"] == "a4"
    e = conn.execute(
        "SELECT n_evidence, n_articles, n_rows, n_outlets, first_seen, last_seen, time_start, time_end "
        "FROM edges WHERE source = 'al-qaeda' AND type = 'ally' AND target = 'taliban'"
    ).fetchone()
    assert e == (4, 2, 4, 3, "2021-09-13", "2021-10-01", "2019", "2021-09-15")


def test_minhash_similarity_separates_different_texts() -> None:
    from rawabit.analysis import dedup

    s1 = dedup.minhash(STORY)
    s2 = dedup.minhash(STORY.replace("الأسبوع الماضي", "الأسبوع المنصرم"))
    s3 = dedup.minhash("نص مختلف تماما عن الخبر الأول ولا علاقة له بالتحالف ولا بالاشتباكات في أي مكان من العالم")
    assert dedup.jaccard(s1, s2) >= dedup.THRESHOLD
    assert dedup.jaccard(s1, s3) < 0.2
    assert dedup.minhash(STORY) == s1  # stable


def test_shingles_are_crc32_of_each_run_of_words() -> None:
    import zlib

    from rawabit.analysis import dedup

    rng = random.Random(5)
    for _ in range(500):
        words = ["".join(rng.choice("abé_1\u0628\u0629") for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(0, 12))]
        k = rng.randint(1, 5)
        want = {zlib.crc32(" ".join(words[i:i + k]).encode("utf-8")) for i in range(len(words) - k + 1)}
        if words and len(words) < k:
            want = {zlib.crc32(" ".join(words).encode("utf-8"))}
        assert dedup._shingles(words, k) == want


def _corpus(path: Path, n: int, seed: int = 7, bad: bool = False) -> Path:
    rng = random.Random(seed)
    actors = ["القاعدة", "طالبان", "داعش", "باكستان", "الهند", "شبكة حقاني"]
    verbs = ["تحالف", "اشتباكات", "عدوا", "دعم", "نفوذ"]
    fill = "ذكرت مصادر محلية أن الوضع الأمني في المنطقة يشهد تطورات متسارعة خلال الفترة الأخيرة".split()
    lines = []
    for i in range(n):
        if i % 10 == 9:  # a re-scraped copy of an earlier story from another outlet
            d = dict(lines[rng.randrange(len(lines))])
            d = {**d, "id": f"n{i}", "outlet": f"outlet{i % 4}"}
            d["text"] = d["text"].replace("المنطقة", "البلاد", 1)
            lines.append(d)
            continue
        sents = []
        for _ in range(rng.randint(1, 3)):
            a, b = rng.sample(actors, 2)
            neg = "نفى المتحدث أن " if rng.random() < 0.15 else ""
            sents.append(f"{neg}{' '.join(rng.sample(fill, 5))} {rng.choice(verbs)} بين {a} و{b} {' '.join(rng.sample(fill, 6))}.")
        lines.append({"id": f"n{i}", "text": " ".join(sents), "published": f"20{10 + i % 12}-0{1 + i % 9}-1{i % 10}",
                      "outlet": f"outlet{i % 4}", "title": f"خبر {i}"})
    with path.open("w", encoding="utf-8") as fh:
        for d in lines:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        if bad:
            fh.write("{not json\n")
            fh.write(json.dumps({"id": "boom", "text": "BOOM القاعدة"}, ensure_ascii=False) + "\n")
    return path


def test_ingest_cli_reports_errors_and_is_idempotent(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "c.jsonl", 40, bad=True)
    db = tmp_path / "x.db"
    runner = CliRunner()
    args = ["ingest", str(src), str(tmp_path / "missing.txt"), "--db", str(db), "--pipeline", PIPE, "-q"]
    res = runner.invoke(cli_group(), args)
    assert res.exit_code == 1, res.output
    assert "3 input(s) failed" in res.output
    assert "missing.txt: no such file or folder" in res.output
    assert "c.jsonl:41: invalid JSON" in res.output
    assert "extraction failed: ValueError" in res.output
    first = dump(db)
    assert len(first["articles"]) == 40
    res = runner.invoke(cli_group(), ["ingest", str(src), "--db", str(db), "--pipeline", PIPE, "-q"])
    assert "0 articles written, 40 already stored" in res.output
    assert dump(db) == first


def test_edges_match_full_recompute(tmp_path: Path) -> None:
    from rawabit.analysis.edges import recompute_edges

    src = _corpus(tmp_path / "c.jsonl", 120)
    db = tmp_path / "x.db"
    ingest([src], db, pipeline=PIPE, batch_size=7)
    incremental = dump(db)["edges"]
    conn = connect_writer(db)
    conn.execute("BEGIN")
    recompute_edges(conn)
    conn.execute("COMMIT")
    conn.close()
    assert dump(db)["edges"] == incremental
    assert incremental


def test_workers_give_the_same_database(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "c.jsonl", 150)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = ingest([src], one, pipeline=PIPE, workers=1)
    r2 = ingest([src], two, pipeline=PIPE, workers=2)
    assert r1.written == r2.written == 150 and not r2.errors
    assert dump(one) == dump(two)


def test_parallel_stream_reads_ahead_only_the_chunks_in_flight(tmp_path: Path) -> None:
    """With workers the input is still pulled lazily: at most IN_FLIGHT chunks per worker ahead of the writer."""
    from rawabit.model import RawArticle
    from rawabit.store.ingest import IN_FLIGHT, extract_stream

    pulled = []

    def raws():
        for i in range(400):
            pulled.append(i)
            yield RawArticle(text=f"التحالف بين القاعدة وطالبان رقم {i}", id=f"r{i}")

    stream = extract_stream(raws(), 2, PIPE, (), chunk=4)
    first = next(stream)
    assert not isinstance(first, tuple) and first["id"] == "r0"
    assert len(pulled) <= (IN_FLIGHT * 2 + 1) * 4  # not the whole input
    ids = [first["id"], *(r["id"] for r in stream)]
    assert ids == [f"r{i}" for i in range(400)]  # input order kept


def test_streaming_memory_does_not_hold_the_corpus(tmp_path: Path) -> None:
    """The writer keeps at most a batch plus the chunks in flight; the reader is a generator."""
    src = tmp_path / "c.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for i in range(30):
            fh.write(json.dumps({"id": f"g{i}", "text": f"التحالف بين القاعدة وطالبان رقم {i} " * 3}) + "\n")
    seen = []
    rep = ingest([src], tmp_path / "x.db", pipeline=PIPE, batch_size=5,
                 on_progress=lambda r: seen.append(r.written))
    assert rep.written == 30
    assert seen[:3] == [5, 10, 15]


@pytest.mark.skipif(not DEV.is_dir(), reason=f"dev data not found at {DEV}")
def test_ingest_real_dev_articles(tmp_path: Path) -> None:
    try:
        from rawabit.pipeline import Pipeline

        Pipeline()
    except ImportError as exc:
        pytest.skip(f"extraction stages not available yet: {exc}")
    db = tmp_path / "dev.db"
    rep = ingest([DEV], db)
    assert rep.written == 23 and not rep.errors
    ro = connect_ro(db)
    for text, s, e, ev in ro.execute(
        "SELECT a.text, evidence_start, evidence_end, evidence_text FROM relations r JOIN articles a ON a.id = r.article_id"
    ):
        assert text[s:e] == ev


def test_ingest_stores_spark_parquet_without_re_extracting(tmp_path):
    """Parquet from `rawabit spark-extract` (actors/relations columns) is stored as it is."""
    import json as _json

    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import rawabit
    from rawabit.store.ingest import ingest

    art = rawabit.extract("ساعد مقاتلو القاعدة طالبان في اشتباكات مع مقاتلي داعش.").as_dict()
    rel = dict(art["relations"][0], rule="spark-made")  # a marker re-extraction would lose
    row = {k: art[k] for k in ("id", "source", "title", "published", "author", "text")}
    row.update(url=None, outlet=None, actors=_json.dumps(art["actors"], ensure_ascii=False),
               relations=_json.dumps([rel], ensure_ascii=False), n_relations=1, error=None)
    out = tmp_path / "spark"
    out.mkdir()
    pd.DataFrame([row]).to_parquet(out / "part-00000.parquet")
    db = tmp_path / "s.db"
    report = ingest([out], db)
    assert report.written == 1
    conn = sqlite3.connect(db)
    rules = [r[0] for r in conn.execute("SELECT rule FROM relations")]
    assert rules == ["spark-made"]
    assert ingest([out], db).written == 0


def test_worker_processes_tune_their_garbage_collector() -> None:
    """An ingest pool worker freezes its pipeline's tables out of the collector and collects young objects
    less often; the calling process (a user's, or ``-j 1``) keeps its settings."""
    import subprocess
    import sys

    code = (
        "import gc; before = gc.get_threshold()\n"
        "from rawabit.store import ingest\n"
        "ingest._init_worker_process(None, ())\n"
        "print(gc.get_freeze_count() > 10000, gc.get_threshold() == ingest.WORKER_GC_THRESHOLD, before)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["True", "True"]
    import gc

    assert gc.get_threshold()[0] == int(out[2].strip("(,"))  # this process was not touched


# -- hard inputs (issue 21) ------------------------------------------------------


def _lines(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_records_without_text_are_skipped_with_a_warning_and_exit_0(tmp_path: Path) -> None:
    """84 of the corpus's first 3,000 records have no text: a warning and a count, not a failed run;
    --strict makes them errors; a real read error still exits 1."""
    src = _lines(tmp_path / "c.jsonl", [{"id": "a", "text": "التحالف بين القاعدة وطالبان."}, {"id": "b", "text": ""},
                                       {"id": "c"}, {"id": "d", "text": "  \n "}])
    runner = CliRunner()
    res = runner.invoke(cli_group(), ["ingest", str(src), "--db", str(tmp_path / "x.db"), "--pipeline", PIPE, "-q"])
    assert res.exit_code == 0, res.output
    assert "1 articles written" in res.output
    assert "warning: 3 input(s) without article text skipped" in res.output and "c.jsonl:2" in res.output
    res = runner.invoke(cli_group(), ["ingest", str(src), "--db", str(tmp_path / "y.db"), "--pipeline", PIPE, "-q",
                                      "--strict"])
    assert res.exit_code == 1 and "3 input(s) failed" in res.output
    bad = _lines(tmp_path / "d.jsonl", [{"id": "e", "text": "التحالف بين القاعدة وطالبان."}])
    with bad.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    res = runner.invoke(cli_group(), ["ingest", str(bad), "--db", str(tmp_path / "z.db"), "--pipeline", PIPE, "-q"])
    assert res.exit_code == 1 and "d.jsonl:2: invalid JSON" in res.output


def test_ingest_of_no_article_warns_and_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    res = CliRunner().invoke(cli_group(), ["ingest", str(empty), "--db", str(tmp_path / "x.db"), "--pipeline", PIPE, "-q"])
    assert res.exit_code == 1 and "no article found" in res.output


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_its_time_budget_is_reported_and_skipped(tmp_path: Path, monkeypatch, workers: int) -> None:
    monkeypatch.setenv("RAWABIT_TEST_SLOW", "60")
    src = _lines(tmp_path / "c.jsonl", [{"id": f"n{i}", "text": f"التحالف بين القاعدة وطالبان {i}."} for i in range(12)]
                 + [{"id": "slow", "text": "SLOW التحالف بين القاعدة وطالبان."}, {"id": "last", "text": "دعم بين داعش والهند."}])
    t0 = time.perf_counter()
    rep = ingest([src], tmp_path / "x.db", pipeline=PIPE, workers=workers, article_timeout=1.0)
    assert time.perf_counter() - t0 < 40  # not the 60 s the article would take
    assert rep.written == 13
    assert rep.n_errors == 1 and "time budget" in rep.errors[0][1] and rep.errors[0][0].endswith("c.jsonl:13")


def test_a_worker_stuck_beyond_the_alarm_is_replaced_and_its_article_skipped(tmp_path: Path, monkeypatch) -> None:
    """Compiled code that never returns to the interpreter cannot be interrupted by the alarm: the
    writer notices the chunk is late, replaces the pool and tries the chunk's articles one by one."""
    from rawabit.store import ingest as ingest_module

    monkeypatch.setenv("RAWABIT_TEST_SLOW", "120")
    monkeypatch.setattr(ingest_module, "STALL_GRACE", 1.0)
    recs = [{"id": f"n{i}", "text": f"التحالف بين القاعدة وطالبان {i}."} for i in range(20)]
    recs.insert(5, {"id": "stuck", "text": "STUCK التحالف بين القاعدة وطالبان."})
    src = _lines(tmp_path / "c.jsonl", recs)
    t0 = time.perf_counter()
    rep = ingest([src], tmp_path / "x.db", pipeline=PIPE, workers=2, article_timeout=1.0)
    assert time.perf_counter() - t0 < 90
    assert rep.written == 20
    assert rep.n_errors == 1 and rep.errors[0][0].endswith("c.jsonl:6") and "did not return" in rep.errors[0][1]
    conn = sqlite3.connect(tmp_path / "x.db")
    assert [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY seq")] == [f"n{i}" for i in range(20)]


_KILL_BATCHES = sorted(random.Random(21).sample(range(1, 29), 3))  # batches stored before the kill


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("kill_after", [0, *_KILL_BATCHES])
def test_ingest_killed_at_any_point_resumes_to_the_clean_database(tmp_path: Path, workers: int,
                                                                 kill_after: int) -> None:
    """SIGKILL before the first commit (0) or after a number of 10-article batches drawn at random,
    with one and two workers: the rerun gives the same database as a run never interrupted."""
    src = _corpus(tmp_path / "c.jsonl", 300)
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "rawabit.store", "ingest", str(src), "--pipeline", PIPE, "--batch-size", "10", "-q",
           "-j", str(workers)]
    subprocess.run([*cmd, "--db", str(clean)], env=env, check=True, capture_output=True, timeout=300)
    slow = {**env, "RAWABIT_TEST_DELAY": "0.01"}
    proc = subprocess.Popen([*cmd, "--db", str(crashed)], env=slow, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if kill_after == 0:
            if crashed.exists():  # the writer has opened the database; no batch is stored yet
                break
            continue
        try:
            with sqlite3.connect(crashed.resolve().as_uri() + "?mode=ro", uri=True) as c:
                if c.execute("SELECT count(*) FROM articles").fetchone()[0] >= 10 * kill_after:
                    break
        except sqlite3.Error:
            continue
    assert proc.poll() is None, "the run ended before the kill point"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if crashed.exists():
        with sqlite3.connect(crashed) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    subprocess.run([*cmd, "--db", str(crashed)], env=env, check=True, capture_output=True, timeout=300)
    assert dump(crashed) == dump(clean)


@pytest.mark.skipif(not DEV.is_dir(), reason=f"dev data not found at {DEV}")
def test_states_named_in_passing_are_stored_as_known_actors(tmp_path: Path) -> None:
    """A state named only in passing is a mention, not one of the article's actors: it is stored
    with its knowledge-base names, not as a provisional stub named by its id."""
    src = _lines(tmp_path / "c.jsonl", [{"id": "p1", "text": (
        "وقال مسؤول عائد من ليبيا إن التحالف بين القاعدة وطالبان مستمر. "
        "وزار وفد ألماني الأردن لبحث الأوضاع، فيما تحالف تنظيم القاعدة مع حركة طالبان.")}])
    ingest([src], tmp_path / "x.db")
    conn = sqlite3.connect(tmp_path / "x.db")
    rows = {r[0]: r[1:] for r in conn.execute("SELECT id, name_en, name_ar, kind, provisional FROM actors")}
    assert rows["libya"] == ("Libya", "ليبيا", "state", 0)
    assert rows["jordan"][0] == "Jordan" and rows["jordan"][3] == 0
    stubs = [aid for aid, (name_en, _, _, prov) in rows.items() if prov and name_en == aid]
    assert not stubs
    from rawabit.kb.review import provisional_actors

    assert not {r["id"] for r in provisional_actors(tmp_path / "x.db")} & {"libya", "jordan", "germany"}
