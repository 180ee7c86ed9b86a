-- Family members a patient books for. They have no account: their appointments belong to the
-- patient who manages them (`guardian_id`), with `appointments.dependant_id` saying who the
-- visit is for. A removed family member is kept (removed_at) for their past appointments.

CREATE TABLE dependants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guardian_id BIGINT NOT NULL REFERENCES users (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    -- YYYY-MM-DD
    birth_date TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('child', 'parent', 'spouse', 'sibling', 'other')),
    created_at BIGINT NOT NULL,
    removed_at BIGINT
);
CREATE INDEX dependants_guardian_idx ON dependants (guardian_id);

ALTER TABLE appointments ADD COLUMN dependant_id BIGINT REFERENCES dependants (id);

-- Booked by the front desk as urgent (inside the minimum notice or beyond the horizon).
ALTER TABLE appointments ADD COLUMN urgent BIGINT NOT NULL DEFAULT 0;
