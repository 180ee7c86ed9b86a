-- Doctors' public profiles, availability and the directory.
--
-- The directory never computes slots per card: `next_free_at` holds each doctor's soonest
-- free slot, refreshed whenever the schedule or the appointments change (and periodically, as
-- time passes), so "soonest first" is one indexed query. `schedule_version` grows with every
-- change, so a refresh computed from an older schedule never overwrites a newer one.

ALTER TABLE doctors ADD COLUMN bio TEXT NOT NULL DEFAULT '';
-- JSON arrays of short texts.
ALTER TABLE doctors ADD COLUMN qualifications TEXT NOT NULL DEFAULT '[]';
ALTER TABLE doctors ADD COLUMN experience TEXT NOT NULL DEFAULT '[]';
-- ISO 639 codes between commas (",ar,fr,"), so one parameterised LIKE finds a language.
ALTER TABLE doctors ADD COLUMN languages TEXT NOT NULL DEFAULT '';
-- In the clinic currency's minor unit; NULL until the doctor sets a price.
ALTER TABLE doctors ADD COLUMN price_minor BIGINT CHECK (price_minor >= 0);
-- The same price in hundredths of a major unit, comparable across currencies.
ALTER TABLE doctors ADD COLUMN price_comparable BIGINT;
ALTER TABLE doctors ADD COLUMN consultation_minutes BIGINT NOT NULL DEFAULT 30
    CHECK (consultation_minutes BETWEEN 5 AND 240);
ALTER TABLE doctors ADD COLUMN payment_mode TEXT NOT NULL DEFAULT 'at_visit'
    CHECK (payment_mode IN ('online', 'at_visit'));
ALTER TABLE doctors ADD COLUMN booking_mode TEXT NOT NULL DEFAULT 'approval'
    CHECK (booking_mode IN ('approval', 'instant'));
ALTER TABLE doctors ADD COLUMN practice_address TEXT NOT NULL DEFAULT '';
ALTER TABLE doctors ADD COLUMN city TEXT NOT NULL DEFAULT '';
-- `city` and the doctor's name folded by Salus (lower case, no accents), for search.
ALTER TABLE doctors ADD COLUMN city_key TEXT NOT NULL DEFAULT '';
ALTER TABLE doctors ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
ALTER TABLE doctors ADD COLUMN practice_phone TEXT NOT NULL DEFAULT '';
-- Booking rules.
ALTER TABLE doctors ADD COLUMN min_notice_minutes BIGINT NOT NULL DEFAULT 120;
ALTER TABLE doctors ADD COLUMN horizon_days BIGINT NOT NULL DEFAULT 60;
ALTER TABLE doctors ADD COLUMN buffer_minutes BIGINT NOT NULL DEFAULT 0;
-- The "unavailable now" switch.
ALTER TABLE doctors ADD COLUMN unavailable BIGINT NOT NULL DEFAULT 0 CHECK (unavailable IN (0, 1));
ALTER TABLE doctors ADD COLUMN next_free_at BIGINT;
ALTER TABLE doctors ADD COLUMN next_free_end BIGINT;
ALTER TABLE doctors ADD COLUMN next_free_checked_at BIGINT;
ALTER TABLE doctors ADD COLUMN schedule_version BIGINT NOT NULL DEFAULT 0;
-- Ratings (the feedback issue keeps them): a sum of stars and a count.
ALTER TABLE doctors ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE doctors ADD COLUMN rating_count BIGINT NOT NULL DEFAULT 0;


CREATE INDEX doctors_soonest_idx ON doctors (status, next_free_at);
CREATE INDEX doctors_city_idx ON doctors (city_key);
CREATE INDEX doctors_specialty_idx ON doctors (specialty_id);
CREATE INDEX doctors_price_idx ON doctors (price_comparable);

-- Weekly hours: one interval of one weekday (1 = Monday … 7 = Sunday), in minutes since local
-- midnight, with its slot length and an optional break inside it.
CREATE TABLE weekly_hours (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doctor_id BIGINT NOT NULL REFERENCES doctors (user_id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    weekday BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute BIGINT NOT NULL,
    end_minute BIGINT NOT NULL,
    slot_minutes BIGINT NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    break_start BIGINT,
    break_end BIGINT,
    CHECK (start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440)
);
CREATE INDEX weekly_hours_doctor_idx ON weekly_hours (doctor_id);

-- Dated exceptions over local days (ISO dates, both inclusive): time off and holidays remove
-- hours (the whole day when no minutes are given), extra hours add them.
CREATE TABLE availability_exceptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doctor_id BIGINT NOT NULL REFERENCES doctors (user_id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    kind TEXT NOT NULL CHECK (kind IN ('time_off', 'extra_hours', 'holiday')),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    start_minute BIGINT,
    end_minute BIGINT,
    slot_minutes BIGINT,
    label TEXT NOT NULL DEFAULT '',
    CHECK (first_day <= last_day)
);
CREATE INDEX availability_exceptions_doctor_idx ON availability_exceptions (doctor_id, last_day);
