-- akhbar store: which recognizer, rules, linker and gazetteer made the stored entities.
--
-- `annotation` is akhbar.entities.link.annotation_id of what recognized and linked the
-- mentions in `mentions` / `entities`: `akhbar annotate` sets it when it swaps its tables in;
-- an ingest that recognizes entities sets it only when there is no row yet (a store with
-- entities of another annotation stays marked with that one, so that the mix is noticed).
-- '' for a store that held mentions before this migration (unknown).  No row: no entities
-- recognized yet.  `akhbar stats` and `akhbar serve` compare it with this akhbar's and name
-- `akhbar annotate` when they differ.

CREATE TABLE entity_model (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    annotation TEXT    NOT NULL
);

INSERT INTO entity_model (id, annotation) SELECT 1, '' WHERE EXISTS (SELECT 1 FROM mentions);
