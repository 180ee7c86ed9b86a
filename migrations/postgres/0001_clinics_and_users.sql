-- Clinics are the tenants; staff rows carry clinic_id. Instants are UTC unix seconds,
-- integers are BIGINT and flags BIGINT 0/1, the same as the SQLite schema.

CREATE TABLE clinics (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    -- The name folded by Salus (Unicode lower case, single spaces), so uniqueness does not
    -- depend on the database's own case folding, which differs between SQLite and PostgreSQL.
    name_key TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    currency TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    -- Patients may not cancel or reschedule less than this many hours before a visit.
    cancellation_notice_hours BIGINT NOT NULL DEFAULT 24,
    -- Share of the price refunded for a cancellation inside the notice period (0-100).
    late_cancellation_refund_percent BIGINT NOT NULL DEFAULT 0,
    -- Hours a doctor has to answer a request before it expires.
    request_deadline_hours BIGINT NOT NULL DEFAULT 48,
    created_at BIGINT NOT NULL,
    CHECK (late_cancellation_refund_percent BETWEEN 0 AND 100),
    CHECK (cancellation_notice_hours >= 0),
    CHECK (request_deadline_hours > 0)
);

CREATE UNIQUE INDEX clinics_name_key ON clinics (name_key);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL,
    -- NULL until the person sets a password (invited accounts).
    password_hash TEXT,
    role TEXT NOT NULL CHECK (role IN ('patient', 'doctor', 'secretary', 'clinic_admin', 'platform_admin')),
    clinic_id BIGINT REFERENCES clinics (id),
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
    -- Raised on logout-everywhere and password change: tokens carrying an older version die.
    token_version BIGINT NOT NULL DEFAULT 0,
    email_verified_at BIGINT,
    disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at BIGINT NOT NULL,
    -- Staff belong to exactly one clinic; patients and platform admins to none.
    CHECK ((role IN ('doctor', 'secretary', 'clinic_admin')) = (clinic_id IS NOT NULL))
);

CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_clinic_idx ON users (clinic_id);
