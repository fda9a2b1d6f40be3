-- akhbar store: canonical entities and their mentions (issue 5).
--
-- Written by the linker (akhbar/entities/link.py) in the same transaction as the articles whose
-- mentions they are.  `akhbar annotate` rebuilds everything in the *_next tables (same shape),
-- one transaction per batch with its progress in entity_annotation, then swaps them in with
-- one transaction: readers see the old annotation or the new one, never a mix.

-- One canonical entity: mentions of any spelling / keyboard / with or without first name.
CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,              -- assigned in article order (deterministic)
    type          TEXT    NOT NULL CHECK (type IN ('PERSON', 'LOCATION', 'ORGANIZATION')),
    name          TEXT    NOT NULL CHECK (name <> ''),  -- display name: longest form seen first
    key           TEXT    NOT NULL CHECK (key <> ''),   -- name key of `name` (match keys, spaced)
    english       TEXT,                             -- from the gazetteer
    wikidata      TEXT    UNIQUE,                   -- Wikidata id, e.g. Q159
    mention_count INTEGER NOT NULL DEFAULT 0 CHECK (mention_count >= 0)
);
CREATE INDEX entities_count ON entities (mention_count DESC, id);
CREATE INDEX entities_type_count ON entities (type, mention_count DESC, id);
CREATE INDEX entities_english ON entities (english COLLATE NOCASE);

-- Name keys that resolve to an entity (one per (key, type)); `last` = key of the last word,
-- `words` = number of words, for the surname rules.
CREATE TABLE entity_aliases (
    key    TEXT    NOT NULL CHECK (key <> ''),
    type   TEXT    NOT NULL,
    entity INTEGER NOT NULL REFERENCES entities (id),
    last   TEXT    NOT NULL,
    words  INTEGER NOT NULL CHECK (words > 0),
    PRIMARY KEY (key, type)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_last ON entity_aliases (last, type, words);
CREATE INDEX entity_aliases_entity ON entity_aliases (entity);
CREATE INDEX entity_aliases_compact ON entity_aliases (replace(key, ' ', ''), type);

-- One row per mention: offsets into the ORIGINAL text of articles.paragraphs[paragraph]
-- (code points, end exclusive), the index into articles.sentences, the surface text (title
-- excluded), the recognizer's type and the title before a person (e.g. وزیر خارجہ).
CREATE TABLE mentions (
    article   INTEGER NOT NULL REFERENCES articles (seq),
    paragraph INTEGER NOT NULL CHECK (paragraph >= 0),
    start     INTEGER NOT NULL CHECK (start >= 0),
    end       INTEGER NOT NULL CHECK (end > start),
    sentence  INTEGER NOT NULL CHECK (sentence >= 0),
    entity    INTEGER NOT NULL REFERENCES entities (id),
    text      TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    title     TEXT,
    PRIMARY KEY (article, paragraph, start)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity, article);

-- Staging tables of `akhbar annotate` (empty unless an annotation is under way).
CREATE TABLE entities_next (
    id            INTEGER PRIMARY KEY,
    type          TEXT    NOT NULL CHECK (type IN ('PERSON', 'LOCATION', 'ORGANIZATION')),
    name          TEXT    NOT NULL CHECK (name <> ''),
    key           TEXT    NOT NULL CHECK (key <> ''),
    english       TEXT,
    wikidata      TEXT    UNIQUE,
    mention_count INTEGER NOT NULL DEFAULT 0 CHECK (mention_count >= 0)
);
CREATE TABLE entity_aliases_next (
    key    TEXT    NOT NULL CHECK (key <> ''),
    type   TEXT    NOT NULL,
    entity INTEGER NOT NULL REFERENCES entities_next (id),
    last   TEXT    NOT NULL,
    words  INTEGER NOT NULL CHECK (words > 0),
    PRIMARY KEY (key, type)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_next_last ON entity_aliases_next (last, type, words);
CREATE INDEX entity_aliases_next_compact ON entity_aliases_next (replace(key, ' ', ''), type);
CREATE TABLE mentions_next (
    article   INTEGER NOT NULL REFERENCES articles (seq),
    paragraph INTEGER NOT NULL CHECK (paragraph >= 0),
    start     INTEGER NOT NULL CHECK (start >= 0),
    end       INTEGER NOT NULL CHECK (end > start),
    sentence  INTEGER NOT NULL CHECK (sentence >= 0),
    entity    INTEGER NOT NULL REFERENCES entities_next (id),
    text      TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    title     TEXT,
    PRIMARY KEY (article, paragraph, start)
) WITHOUT ROWID;

-- Progress of an annotation under way: which model/linker/gazetteer (`model`), and the last
-- article seq done.  At most one row.
CREATE TABLE entity_annotation (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    model    TEXT    NOT NULL,
    last_seq INTEGER NOT NULL
);
