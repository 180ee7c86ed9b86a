-- The desk's reassignment note is stored as a code with its parameter, said in the reader's
-- language on the appointment's history (issue 22; `shared::reason::StoredReason`).
UPDATE appointment_events SET reason = 'reassigned:' || substr(reason, 15, length(reason) - 15)
    WHERE reason LIKE 'Reassigned to %.';
