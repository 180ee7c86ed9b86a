-- The directory's next free slot is refreshed off the request path (issue 23). A change to a
-- doctor's free time (a booking, a cancellation, an expiry…) adds a mark in its own
-- transaction; the refresher recomputes the doctors whose marks it has not seen yet, and
-- records the count it read before computing, so a change made meanwhile is seen next time.
ALTER TABLE doctors ADD COLUMN next_free_marks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE doctors ADD COLUMN next_free_seen_marks BIGINT NOT NULL DEFAULT 0;
CREATE INDEX doctors_next_free_unseen_idx ON doctors (user_id)
    WHERE next_free_marks > next_free_seen_marks;
