-- Cadres' photos for their on-duty cards (docs/domain.md, practice 7), kept out of grain state so that a
-- cadre's record stays small: one row per cadre, replaced on upload.
CREATE TABLE cadre_photo
(
    cadre_id     text PRIMARY KEY,
    content_type text NOT NULL,
    content      bytea NOT NULL,
    sha256       text NOT NULL,
    updated_utc  text NOT NULL
);
