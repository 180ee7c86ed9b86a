-- The directory at scale: whether a doctor is listed is stored on the doctor (approved and
-- account enabled), so counting and paging never join every doctor to the users table; the
-- soonest-first and price orders are read straight from indexes (NULLs last via IS NULL).
ALTER TABLE doctors ADD COLUMN listed BIGINT NOT NULL DEFAULT 0 CHECK (listed IN (0, 1));

UPDATE doctors SET listed = CASE
    WHEN status = 'approved'
     AND EXISTS (SELECT 1 FROM users u WHERE u.id = doctors.user_id AND u.disabled = 0)
    THEN 1 ELSE 0 END;

DROP INDEX doctors_soonest_idx;
CREATE INDEX doctors_listed_soonest_idx
    ON doctors (listed, (next_free_at IS NULL), next_free_at, search_name, user_id);
CREATE INDEX doctors_listed_price_idx
    ON doctors (listed, (price_comparable IS NULL), price_comparable, search_name, user_id);
-- The city list of the directory's filter, read from the index alone (no table rows).
CREATE INDEX doctors_listed_city_idx ON doctors (listed, city_key, city);
