-- Rawabit database, version 1: articles, their sentences, actors, mentions,
-- relations (one row per piece of evidence), claims, near-duplicate signatures
-- and the derived edges. Offsets are character (code point) offsets into
-- articles.text, as in SPEC.md §2; substr(text, start_char + 1, end_char - start_char)
-- gives the span in SQL.

CREATE TABLE articles (
    id           TEXT PRIMARY KEY,        -- SPEC id: the JSONL id, else a stable text hash
    seq          INTEGER NOT NULL UNIQUE, -- ingestion order (1, 2, ...)
    source       TEXT,                    -- path or url it came from
    url          TEXT,
    outlet       TEXT,                    -- the input's outlet, else the url's host
    title        TEXT,
    published    TEXT,                    -- ISO 8601 date or datetime
    author       TEXT,
    text         TEXT NOT NULL,           -- cleaned body; every offset points into it
    content_hash TEXT NOT NULL,           -- sha1 of the normalised text (exact duplicates)
    minhash      BLOB NOT NULL,           -- MinHash signature of word 3-shingles (uint32 LE)
    cluster_id   TEXT NOT NULL,           -- id of the first article of its near-duplicate cluster
    similarity   REAL NOT NULL,           -- estimated Jaccard to the cluster's matched article
    n_relations  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_cluster ON articles (cluster_id);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_published ON articles (published);

-- LSH bands of the MinHash signatures: candidates for near-duplicate search.
CREATE TABLE lsh_bands (
    band       INTEGER NOT NULL,
    hash       INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (band, hash, article_id)
) WITHOUT ROWID;

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles (id),
    idx        INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE actors (
    id          TEXT PRIMARY KEY,          -- knowledge-base id (or a provisional id from NER)
    name_en     TEXT NOT NULL,
    name_ar     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    wikidata    TEXT,
    provisional INTEGER NOT NULL DEFAULT 0 -- 1: not in the knowledge base (found by NER)
);

CREATE TABLE mentions (
    article_id   TEXT NOT NULL REFERENCES articles (id),
    idx          INTEGER NOT NULL,
    actor_id     TEXT NOT NULL REFERENCES actors (id),
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    surface      TEXT NOT NULL,
    rule         TEXT,                     -- gazetteer | nisba | anaphora | ner ...
    sentence_idx INTEGER,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_actor ON mentions (actor_id, article_id);

CREATE TABLE relations (
    article_id     TEXT NOT NULL REFERENCES articles (id),
    idx            INTEGER NOT NULL,       -- position in the article's relation list
    source         TEXT NOT NULL,
    target         TEXT NOT NULL,
    type           TEXT NOT NULL,          -- ally support fight hostile influence affiliate
    subtype        TEXT,
    modality       TEXT NOT NULL,          -- asserted hedged negated
    attributed_to  TEXT,
    time           TEXT,                   -- as extracted: "2019", "2019-12", "1996/2001"
    place          TEXT,
    time_start     TEXT,                   -- first date of `time`, else the article's date
    time_end       TEXT,                   -- last date of `time`, else the article's date
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    evidence_text  TEXT NOT NULL,
    confidence     REAL NOT NULL,
    rule           TEXT,
    sentence_idx   INTEGER,
    edge_source    TEXT NOT NULL,          -- source/target in edge order (sorted for symmetric types)
    edge_target    TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX relations_edge ON relations (edge_source, type, edge_target);
CREATE INDEX relations_source ON relations (source);
CREATE INDEX relations_target ON relations (target);

-- Claims that are not relations between two actors: "X is present in PLACE",
-- confirmed or denied by someone (نفى وجود ... في أفغانستان).
CREATE TABLE claims (
    article_id     TEXT NOT NULL REFERENCES articles (id),
    idx            INTEGER NOT NULL,
    kind           TEXT NOT NULL,          -- presence
    subject        TEXT NOT NULL,          -- actor id
    subject_person TEXT,                   -- the person named when the text names a group by him (تنظيم اسامة بن لادن)
    object         TEXT NOT NULL,          -- actor id of the place, else its normalised form
    object_text    TEXT NOT NULL,
    polarity       TEXT NOT NULL,          -- asserted | negated
    attributed_to  TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    evidence_text  TEXT NOT NULL,
    sentence_idx   INTEGER,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX claims_key ON claims (kind, subject, object);

-- One edge per (source, type, target); derived from relations after every batch.
CREATE TABLE edges (
    source      TEXT NOT NULL,
    type        TEXT NOT NULL,
    target      TEXT NOT NULL,
    symmetric   INTEGER NOT NULL,          -- 1 for ally/fight/hostile (source < target)
    n_evidence  INTEGER NOT NULL,          -- relation rows
    n_articles  INTEGER NOT NULL,          -- independent articles (near-duplicate clusters)
    n_rows      INTEGER NOT NULL,          -- articles, duplicates included
    n_outlets   INTEGER NOT NULL,          -- distinct known outlets
    n_asserted  INTEGER NOT NULL,
    n_hedged    INTEGER NOT NULL,
    n_negated   INTEGER NOT NULL,
    first_seen  TEXT,                      -- earliest article date
    last_seen   TEXT,                      -- latest article date
    time_start  TEXT,                      -- earliest date the evidence gives
    time_end    TEXT,                      -- latest date the evidence gives
    PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
CREATE INDEX edges_target ON edges (target, type);

-- Relation evidence with article metadata and actor names, for browsing.
CREATE VIEW relation_evidence AS
SELECT r.article_id, r.idx, r.source, s.name_en AS source_en, s.name_ar AS source_ar,
       r.type, r.target, t.name_en AS target_en, t.name_ar AS target_ar,
       r.subtype, r.modality, r.attributed_to, r.time, r.place,
       coalesce(r.time_start, substr(a.published, 1, 10)) AS date,
       a.published, a.outlet, a.title, a.url, a.cluster_id,
       r.evidence_start, r.evidence_end, r.evidence_text, r.confidence, r.rule
FROM relations r
JOIN articles a ON a.id = r.article_id
LEFT JOIN actors s ON s.id = r.source
LEFT JOIN actors t ON t.id = r.target;

CREATE VIEW sentence_text AS
SELECT s.article_id, s.idx, s.start_char, s.end_char,
       substr(a.text, s.start_char + 1, s.end_char - s.start_char) AS text
FROM sentences s JOIN articles a ON a.id = s.article_id;
