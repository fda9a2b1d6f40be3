-- akhbar store: the band keys of recent articles in a small table of their own.
--
-- Band keys are hashes, so each of an article's 14 rows lands on a random leaf of lsh_bands,
-- and on a large store a batch of articles dirties thousands of leaves that every commit then
-- writes and checkpoints (benchmarks/INGEST.md: at 100k articles a commit wrote 5,000-6,400
-- pages against 2,000 on an empty store).  New rows go to lsh_recent, whose few leaves take
-- them; once it holds Store.LSH_RECENT_ROWS rows they move to lsh_bands in key order, in one
-- transaction, where the sorted inserts write each leaf once.  Lookups and the store's
-- fingerprint read both tables: where a row waits is not part of the store's content.
CREATE TABLE lsh_recent (
    band    INTEGER NOT NULL CHECK (band >= 0),
    key     INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles (seq),
    PRIMARY KEY (band, key, article)
) WITHOUT ROWID;
