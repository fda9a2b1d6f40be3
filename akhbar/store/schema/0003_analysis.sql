-- akhbar store: which analyzer produced each article's analyzed text (issue: silent key drift).
--
-- `analysis` is akhbar.text.version.ANALYSIS_VERSION of the analyzer that computed the row's
-- analyzed_title/analyzed_body, content_hash, signature, flags and LSH band keys; 0 for rows
-- stored before this migration (unknown: treated as outdated).  `akhbar reanalyze` recomputes
-- the outdated rows from the original text, batch by batch, oldest first.  The index keeps the
-- rows of one version together in seq order: finding the next outdated batch, and whether any
-- are left, are index look-ups.
--
-- `store_state` holds small store-wide counters; `reanalyzed` counts the re-analysis batches
-- ever committed (each batch adds one in its own transaction), so that the search index, which
-- records the count it was built at, knows it no longer matches the store's analyzed text.

ALTER TABLE articles ADD COLUMN analysis INTEGER NOT NULL DEFAULT 0 CHECK (analysis >= 0);

CREATE INDEX articles_analysis ON articles (analysis);

CREATE TABLE store_state (
    key   TEXT    NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO store_state (key, value) VALUES ('reanalyzed', 0);
