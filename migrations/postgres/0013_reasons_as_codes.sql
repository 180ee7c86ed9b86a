-- Salus's own reasons for ending a visit are stored as codes, said in the reader's language
-- where they are shown (issue 22; `shared::reason::EndReason`). Reasons people typed stay as
-- they wrote them.
UPDATE appointments SET status_reason = 'hold_expired'
    WHERE status_reason = 'The payment was not completed in time.';
UPDATE appointments SET status_reason = 'request_unanswered'
    WHERE status_reason = 'The doctor did not answer in time.';
UPDATE appointment_events SET reason = 'hold_expired'
    WHERE reason = 'The payment was not completed in time.';
UPDATE appointment_events SET reason = 'request_unanswered'
    WHERE reason = 'The doctor did not answer in time.';
