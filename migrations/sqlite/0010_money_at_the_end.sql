-- What a paid appointment does with its money is decided from how it ended
-- (shared::payment::decide), so the ending is recorded with the appointment: who ended it,
-- and whether inside the clinic's cancellation window. The amount a cancellation once wrote
-- (refund_due_minor) goes: refusals and expiries never wrote one, so a paid visit that was
-- moved and then refused kept the patient's money.

ALTER TABLE appointments ADD COLUMN ended_by TEXT CHECK (ended_by IN ('patient', 'clinic', 'salus'));
ALTER TABLE appointments ADD COLUMN ended_inside_window BIGINT NOT NULL DEFAULT 0;

-- Appointments that have already ended take their ending from their last event.
UPDATE appointments SET
    ended_by = (
        SELECT CASE
            WHEN e.actor_id IS NULL THEN 'salus'
            WHEN e.actor_id = appointments.patient_id THEN 'patient'
            ELSE 'clinic'
        END
        FROM appointment_events e WHERE e.appointment_id = appointments.id
        ORDER BY e.id DESC LIMIT 1
    ),
    ended_inside_window = COALESCE((
        SELECT CASE
            WHEN e.created_at > appointments.starts_at - c.cancellation_notice_hours * 3600 THEN 1
            ELSE 0
        END
        FROM appointment_events e JOIN clinics c ON c.id = appointments.clinic_id
        WHERE e.appointment_id = appointments.id
        ORDER BY e.id DESC LIMIT 1
    ), 0)
WHERE status IN ('completed', 'no_show', 'cancelled', 'refused', 'expired');

ALTER TABLE payments DROP COLUMN refund_due_minor;

-- Money taken for an appointment that has ended without its visit is settled again under the
-- decision, so a patient whose moved visit was refused or lapsed is refunded.
INSERT INTO jobs (kind, payload, run_at, created_at)
SELECT 'settle_payment', '{"kind":"settle_payment","appointment":' || a.id || '}', CAST(strftime('%s', 'now') AS BIGINT), CAST(strftime('%s', 'now') AS BIGINT)
FROM appointments a JOIN payments p ON p.appointment_id = a.id
WHERE a.status IN ('cancelled', 'refused', 'expired')
  AND p.status IN ('captured', 'partially_refunded');
