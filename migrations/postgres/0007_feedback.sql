-- Ratings after a completed visit, the doctor's public reply, and the moderation log.
--
-- The directory reads each doctor's rating from the doctor row (rating_sum, rating_count and
-- rating_rank, kept in the same transaction as every rating change), so sorting and
-- filtering by rating stay one indexed query whatever the number of doctors.

CREATE TABLE ratings (
    id BIGSERIAL PRIMARY KEY,
    -- One rating per appointment.
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    doctor_id BIGINT NOT NULL REFERENCES doctors (user_id),
    patient_id BIGINT NOT NULL REFERENCES users (id),
    stars BIGINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    -- The visit's start (UTC unix seconds), copied so feedback filters by visit date alone.
    visit_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- A moderator hid the comment (the star still counts).
    hidden_at BIGINT,
    hidden_by BIGINT REFERENCES users (id),
    hidden_reason TEXT,
    reply TEXT,
    replied_at BIGINT
);
CREATE UNIQUE INDEX ratings_appointment_key ON ratings (appointment_id);
CREATE INDEX ratings_doctor_idx ON ratings (doctor_id, created_at);
CREATE INDEX ratings_doctor_visit_idx ON ratings (doctor_id, visit_at);

-- Every hiding or showing again of a comment: who, when and why.
CREATE TABLE rating_moderation (
    id BIGSERIAL PRIMARY KEY,
    rating_id BIGINT NOT NULL REFERENCES ratings (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    actor_id BIGINT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL CHECK (action IN ('hide', 'show')),
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX rating_moderation_rating_idx ON rating_moderation (rating_id, id);

-- The average in thousandths of a star (0 before the first rating), so "best rated first"
-- and "at least N stars" read an index.
ALTER TABLE doctors ADD COLUMN rating_rank BIGINT NOT NULL DEFAULT 0;
UPDATE doctors SET rating_rank = CASE WHEN rating_count > 0
    THEN (rating_sum * 1000) / rating_count ELSE 0 END;
CREATE INDEX doctors_listed_rating_idx
    ON doctors (listed, rating_rank DESC, rating_count DESC, search_name, user_id);

-- Statistics read a doctor's or a clinic's appointments by visit time and status.
CREATE INDEX appointments_doctor_status_time_idx ON appointments (doctor_id, starts_at, status);
