-- Notifications of appointment changes and reminders: one row per person told, holding both
-- the in-app state (read or not) and the email's delivery (sent, retried, failed), so staff
-- can see for each appointment what went out, when, and what failed.

CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    -- requested, confirmed, refused, expired, cancelled, rescheduled, reminder
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    -- pending, sent, failed
    email_state TEXT NOT NULL DEFAULT 'pending',
    email_attempts BIGINT NOT NULL DEFAULT 0,
    email_error TEXT,
    emailed_at BIGINT
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_appointment_idx ON notifications (appointment_id, id);
-- A reminder is sent once per appointment and person, whatever the number of workers.
CREATE UNIQUE INDEX notifications_reminder_once ON notifications (appointment_id, user_id)
    WHERE kind = 'reminder';

-- Hours before a visit its reminder goes out.
ALTER TABLE clinics ADD COLUMN reminder_hours BIGINT NOT NULL DEFAULT 24;

-- Which notification an outbox email carries, if any.
ALTER TABLE mail_outbox ADD COLUMN notification_id BIGINT REFERENCES notifications (id);
