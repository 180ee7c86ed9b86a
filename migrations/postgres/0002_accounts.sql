-- Accounts: profile fields, doctor applications, single-use links (email verification,
-- password reset, staff invitations) and the mail outbox.

-- Profile fields every account may fill in. Birth dates are ISO `YYYY-MM-DD` text (a date,
-- not an instant: it has no time zone). `photo` is the stored file's name in the data
-- directory, never a path chosen by the user.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN birth_date TEXT;
ALTER TABLE users ADD COLUMN gender TEXT CHECK (gender IN ('female', 'male', 'other'));
ALTER TABLE users ADD COLUMN blood_group TEXT
    CHECK (blood_group IN ('a+', 'a-', 'b+', 'b-', 'ab+', 'ab-', 'o+', 'o-'));
ALTER TABLE users ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN photo TEXT;

-- Medical specialties, managed by platform admins; seeded with common ones.
CREATE TABLE specialties (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL
);
CREATE UNIQUE INDEX specialties_slug_key ON specialties (slug);

-- One row per doctor account: the application to a clinic and its review. Only `approved`
-- doctors are listed publicly.
CREATE TABLE doctors (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    specialty_id BIGINT NOT NULL REFERENCES specialties (id),
    licence_number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    refusal_reason TEXT,
    reviewed_by BIGINT REFERENCES users (id),
    reviewed_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX doctors_clinic_status_idx ON doctors (clinic_id, status);

-- Single-use links sent by email. Only a SHA-256 of the token is stored, so a copy of the
-- database cannot be used to take over accounts.
CREATE TABLE account_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invitation')),
    token_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- Browser sessions ended by "log out" before their token expires. A token names its session
-- (`sid`); a listed session is refused. Rows are useless once `expires_at` has passed.
CREATE TABLE revoked_sessions (
    sid TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX revoked_sessions_expiry_idx ON revoked_sessions (expires_at);

-- Every email Salus writes. With SMTP configured it is also sent, and `sent_at` or
-- `last_error` record the outcome; without SMTP the development outbox page lists it.
CREATE TABLE mail_outbox (
    id BIGSERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (recipient, created_at);

INSERT INTO specialties (slug, name_en, name_fr) VALUES
    ('general-practice', 'General practice', 'Médecine générale'),
    ('cardiology', 'Cardiology', 'Cardiologie'),
    ('dermatology', 'Dermatology', 'Dermatologie'),
    ('paediatrics', 'Paediatrics', 'Pédiatrie'),
    ('gynaecology', 'Gynaecology', 'Gynécologie'),
    ('ophthalmology', 'Ophthalmology', 'Ophtalmologie'),
    ('dentistry', 'Dentistry', 'Dentisterie'),
    ('ent', 'Ear, nose and throat', 'ORL'),
    ('psychiatry', 'Psychiatry', 'Psychiatrie'),
    ('orthopaedics', 'Orthopaedics', 'Orthopédie'),
    ('neurology', 'Neurology', 'Neurologie'),
    ('endocrinology', 'Endocrinology', 'Endocrinologie');

-- Doctor accounts created before applications existed get one, waiting for review, so they
-- are neither lost nor listed without an admin's approval.
INSERT INTO doctors (user_id, clinic_id, specialty_id, licence_number, status, created_at)
SELECT u.id, u.clinic_id, s.id, 'UNKNOWN', 'pending', u.created_at
FROM users u JOIN specialties s ON s.slug = 'general-practice'
WHERE u.role = 'doctor' AND u.clinic_id IS NOT NULL;
