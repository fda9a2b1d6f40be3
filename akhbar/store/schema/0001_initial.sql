-- akhbar store, schema version 1.
--
-- Applied by akhbar.store.store._migrate inside one BEGIN IMMEDIATE transaction, statement by
-- statement; the runner then sets PRAGMA user_version = 1 in the same transaction.  Never edit
-- a migration that has shipped: add 0002_*.sql instead.

-- Which migrations were applied, and when (PRAGMA user_version is the authority; this is the
-- human-readable history).
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY CHECK (version > 0),
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
);

-- One row per stored article.  The original text is kept exactly as it came (paragraphs as a
-- JSON array of strings); the analyzed_* columns hold the space-joined analyzer terms that the
-- FTS index is built from.
CREATE TABLE articles (
    seq            INTEGER PRIMARY KEY,                 -- insertion order (first seen = lowest)
    id             TEXT    NOT NULL UNIQUE CHECK (id <> ''),
    original_id    TEXT    NOT NULL,                    -- Article.id as the source gave it
    url            TEXT,                                -- as given
    url_key        TEXT    UNIQUE,                      -- canonical_url(url); NULL when no url
    content_hash   TEXT    NOT NULL UNIQUE CHECK (content_hash <> ''),
    source         TEXT,
    title          TEXT,
    paragraphs     TEXT    NOT NULL CHECK (json_valid(paragraphs) AND json_type(paragraphs) = 'array'),
    published      TEXT,                                -- ISO 8601 with the source's offset
    published_utc  TEXT,                                -- 'YYYY-MM-DDTHH:MM:SS.ffffff+00:00', sortable
    tags           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    category       TEXT,
    author         TEXT,
    lang           TEXT,
    raw_ref        TEXT,
    sentences      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(sentences) AND json_type(sentences) = 'array'),
    extra          TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(extra) AND json_type(extra) = 'object'),
    flags          TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(flags) AND json_type(flags) = 'array'),
    analyzed_title TEXT    NOT NULL DEFAULT '',
    analyzed_body  TEXT    NOT NULL DEFAULT '',
    signature      BLOB,                                -- MinHash signature (numpy .tobytes())
    cluster_id     TEXT    REFERENCES clusters (id),
    CHECK ((published IS NULL) = (published_utc IS NULL)),
    CHECK (published_utc IS NULL OR length(published_utc) = 32),
    CHECK ((url IS NULL) = (url_key IS NULL))
);
CREATE INDEX articles_published_utc ON articles (published_utc);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_cluster ON articles (cluster_id);

-- Near-duplicate clusters: every member row in articles points here; canonical is the member
-- the others were judged near-duplicates of (the first seen).
CREATE TABLE clusters (
    id        TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
    canonical TEXT NOT NULL REFERENCES articles (id)
);

-- LSH band keys of each article's MinHash signature (keys as signed 64-bit integers).  One
-- clustered b-tree keyed for the lookup (band, key) → articles: no rowid, no second index, so the
-- 14-odd rows an article adds cost one b-tree insert each.
CREATE TABLE lsh_bands (
    band    INTEGER NOT NULL CHECK (band >= 0),
    key     INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles (seq),
    PRIMARY KEY (band, key, article)
) WITHOUT ROWID;

-- Full-text index over the analyzed text.  External content (the text lives in articles), kept
-- in sync by the triggers below, so an article and its index entry commit or roll back together.
-- The analyzer already produced the terms, so the tokenizer must not re-analyze them: 'ascii'
-- treats every non-ASCII character as part of a token and splits on ASCII whitespace and
-- punctuation (except the tokenchars listed, which occur inside numbers and codes).
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    analyzed_title,
    analyzed_body,
    content = 'articles',
    content_rowid = 'seq',
    tokenize = "ascii tokenchars '.-_:/+#@%&'"
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, analyzed_title, analyzed_body)
    VALUES (new.seq, new.analyzed_title, new.analyzed_body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, analyzed_title, analyzed_body)
    VALUES ('delete', old.seq, old.analyzed_title, old.analyzed_body);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF analyzed_title, analyzed_body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, analyzed_title, analyzed_body)
    VALUES ('delete', old.seq, old.analyzed_title, old.analyzed_body);
    INSERT INTO articles_fts (rowid, analyzed_title, analyzed_body)
    VALUES (new.seq, new.analyzed_title, new.analyzed_body);
END;

-- Ingest runs: which sources, with which options, and how the run ended.  A run left 'running'
-- was interrupted (the process died before end_run).
CREATE TABLE runs (
    id       INTEGER PRIMARY KEY,
    started  TEXT NOT NULL,
    ended    TEXT,
    status   TEXT NOT NULL DEFAULT 'running'
             CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    options  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options) AND json_type(options) = 'object')
);

CREATE TABLE run_sources (
    run      INTEGER NOT NULL REFERENCES runs (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    source   TEXT    NOT NULL,
    PRIMARY KEY (run, position)
);

-- One row per record offered to the store, in the order offered.
--   stored:         a new article (article_id = its id in the store)
--   near-duplicate: a new article, clustered with related_id (the cluster's canonical)
--   duplicate:      not stored; related_id = the article already holding its URL or content
--   rejected:       not stored; reason says why (from the reader, or from the store)
CREATE TABLE ingest_log (
    seq        INTEGER PRIMARY KEY,
    run        INTEGER NOT NULL REFERENCES runs (id),
    at         TEXT    NOT NULL,
    ref        TEXT,
    source     TEXT,
    input_id   TEXT,
    status     TEXT    NOT NULL CHECK (status IN ('stored', 'duplicate', 'near-duplicate', 'rejected')),
    article_id TEXT,
    related_id TEXT,
    reason     TEXT,
    CHECK ((status IN ('stored', 'near-duplicate')) = (article_id IS NOT NULL)),
    CHECK (status <> 'rejected' OR reason IS NOT NULL),
    CHECK (status NOT IN ('duplicate', 'near-duplicate') OR related_id IS NOT NULL)
);
CREATE INDEX ingest_log_run ON ingest_log (run);
