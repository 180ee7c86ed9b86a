-- A reschedule changes the time of the same appointment (same id, same payment, same price).
-- Every step is an event with a kind and its data (a move's times), so events no longer all
-- have a status to go to.

CREATE TABLE appointment_events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    actor_id BIGINT REFERENCES users (id),
    -- 'status': from_status → to_status; the others are moves of the time, with their times
    -- in `data` (JSON: "from" and "to" as [start, end] unix seconds, "expires_at").
    kind TEXT NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'moved', 'move_proposed',
        'move_refused', 'move_lapsed', 'move_withdrawn')),
    from_status TEXT,
    to_status TEXT,
    data TEXT,
    reason TEXT,
    created_at BIGINT NOT NULL,
    CHECK (kind <> 'status' OR to_status IS NOT NULL)
);
INSERT INTO appointment_events_new (id, appointment_id, clinic_id, actor_id, from_status,
    to_status, reason, created_at)
SELECT id, appointment_id, clinic_id, actor_id, from_status, to_status, reason, created_at
FROM appointment_events;
DROP TABLE appointment_events;
ALTER TABLE appointment_events_new RENAME TO appointment_events;
CREATE INDEX appointment_events_appointment_idx ON appointment_events (appointment_id, id);

-- A proposed new time for an appointment, waiting for its doctor's answer: a patient moving a
-- confirmed visit with a doctor who answers requests. The visit keeps its time until the
-- doctor accepts (the time moves, the old slot frees), refuses, or the deadline passes. The
-- proposed slot is protected exactly like a booking: the booking transaction's overlap check
-- counts proposals under the doctor's lock, and this unique index is the last guard against
-- two proposals of one slot. (A proposal against a booked slot is caught by that same
-- overlap check under the same lock.) A table of its own rather than a general slot-claims
-- table: bookings keep their proven guard untouched, and one proposal per appointment is a
-- primary key; waitlist holds, when they come, are the moment to merge claims into one
-- table. One row per appointment, deleted once answered: its history is in
-- appointment_events.
CREATE TABLE appointment_proposals (
    appointment_id BIGINT PRIMARY KEY REFERENCES appointments (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    doctor_id BIGINT NOT NULL REFERENCES doctors (user_id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    -- The doctor's answer is due by then: the clinic's request deadline, never later than the
    -- proposed or the current time, nor than the card authorisation's end.
    expires_at BIGINT NOT NULL,
    proposed_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE UNIQUE INDEX appointment_proposals_one_per_slot ON appointment_proposals (doctor_id, starts_at);

-- When the card was authorised: an authorisation lasts about seven days, so a proposal's
-- answer must come before that.
ALTER TABLE payments ADD COLUMN authorized_at BIGINT;
UPDATE payments SET authorized_at = updated_at WHERE status = 'authorized';

-- A move used to cancel the appointment and create another one pointing back to it
-- (rescheduled_from). The replacement's first event becomes a "moved" event with both times,
-- so its history says "moved from … to …" instead of starting from nowhere.
UPDATE appointment_events SET
    kind = 'moved',
    data = (
        SELECT '{"from":[' || o.starts_at || ',' || o.ends_at || '],"to":[' || n.starts_at || ',' || n.ends_at || ']}'
        FROM appointments n JOIN appointments o ON o.id = n.rescheduled_from
        WHERE n.id = appointment_events.appointment_id
    )
WHERE from_status IS NULL
  AND appointment_id IN (SELECT id FROM appointments WHERE rescheduled_from IS NOT NULL);
