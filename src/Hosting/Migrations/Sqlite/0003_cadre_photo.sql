-- Cadres' photos for their on-duty cards (docs/domain.md, practice 7), kept out of grain state so that a
-- cadre's record stays small: one row per cadre, replaced on upload.
CREATE TABLE cadre_photo
(
    cadre_id     TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL,
    sha256       TEXT NOT NULL,
    updated_utc  TEXT NOT NULL
);
