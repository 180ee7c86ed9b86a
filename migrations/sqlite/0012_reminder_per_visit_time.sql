-- A reminder is written once per appointment, person and visit time: a visit moved after its
-- reminder went out is reminded again of its new time (issue 21). `reminds_of` is the start
-- the reminder was about; older reminders take their appointment's start.
ALTER TABLE notifications ADD COLUMN reminds_of BIGINT;
UPDATE notifications SET reminds_of = (
    SELECT a.starts_at FROM appointments a WHERE a.id = notifications.appointment_id
) WHERE kind = 'reminder';
DROP INDEX notifications_reminder_once;
CREATE UNIQUE INDEX notifications_reminder_once
    ON notifications (appointment_id, user_id, reminds_of) WHERE kind = 'reminder';
