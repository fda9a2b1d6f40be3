-- akhbar store: the display name of a place or a body is the form its mentions use most.
--
-- Each alias (a name key of an entity) keeps the surface it was first seen with and how many
-- stored mentions were linked through it.  The linker renames a LOCATION or ORGANIZATION
-- entity to the surface of its most used alias when that alias overtakes the one the entity is
-- named by (بھارت, not the انڈیا of the first article, in an archive that writes بھارت); a
-- PERSON keeps its fullest name.  Aliases stored before this migration have no surface (NULL)
-- and count nothing: their entities keep their names until `akhbar annotate` rebuilds them
-- (the linker version changed with this migration, so `akhbar stats` says so).

ALTER TABLE entity_aliases ADD COLUMN surface TEXT;
ALTER TABLE entity_aliases ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0 CHECK (mentions >= 0);
ALTER TABLE entity_aliases_next ADD COLUMN surface TEXT;
ALTER TABLE entity_aliases_next ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0
    CHECK (mentions >= 0);
