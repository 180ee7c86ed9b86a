-- Appointments, their history, and the jobs table the server's worker runs.
--
-- Double booking is impossible by construction: the booking transaction locks the doctor's
-- schedule, expires lapsed holds, re-checks for an overlapping active appointment (any
-- length), then inserts; this partial unique index is the last guard.

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    doctor_id BIGINT NOT NULL REFERENCES doctors (user_id),
    patient_id BIGINT NOT NULL REFERENCES users (id),
    -- UTC unix seconds; the clinic's zone gives their local time.
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('held', 'requested', 'confirmed', 'completed',
        'no_show', 'cancelled', 'refused', 'expired')),
    reason TEXT NOT NULL DEFAULT '',
    -- Why it was refused, cancelled or expired.
    status_reason TEXT,
    -- The price and payment mode agreed at booking, whatever the doctor changes later.
    price_minor BIGINT,
    currency TEXT NOT NULL,
    payment_mode TEXT NOT NULL CHECK (payment_mode IN ('online', 'at_visit')),
    hold_expires_at BIGINT,
    request_expires_at BIGINT,
    rescheduled_from BIGINT REFERENCES appointments (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE UNIQUE INDEX appointments_one_active_per_slot ON appointments (doctor_id, starts_at)
    WHERE status IN ('held', 'requested', 'confirmed');
CREATE INDEX appointments_doctor_time_idx ON appointments (doctor_id, starts_at);
CREATE INDEX appointments_patient_time_idx ON appointments (patient_id, starts_at);
CREATE INDEX appointments_clinic_time_idx ON appointments (clinic_id, starts_at);

-- Every change of status: who (NULL for Salus itself), when, from, to and why.
CREATE TABLE appointment_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    actor_id BIGINT REFERENCES users (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX appointment_events_appointment_idx ON appointment_events (appointment_id, id);

-- Background jobs. A job is claimed by setting a lease (`locked_until`); a worker that dies
-- loses its lease and another takes the job again, so a restart loses no job. Failures are
-- retried with a growing delay up to `max_attempts`, then kept as failed.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    run_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL DEFAULT 8,
    locked_until BIGINT,
    locked_by TEXT,
    last_error TEXT,
    -- 'pending' until done or failed for good.
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    -- At most one pending job per key (a recurring sweep, say).
    dedupe_key TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX jobs_due_idx ON jobs (state, run_at);
CREATE UNIQUE INDEX jobs_pending_key ON jobs (dedupe_key) WHERE state = 'pending';
