-- Online payments (Stripe PaymentIntents with manual capture) and the webhook events seen.

CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- One payment per appointment; a rescheduled appointment takes its payment along.
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    patient_id BIGINT NOT NULL REFERENCES users (id),
    intent_id TEXT,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'requires_payment' CHECK (status IN ('requires_payment',
        'authorized', 'captured', 'partially_refunded', 'refunded', 'released', 'failed')),
    amount_captured BIGINT NOT NULL DEFAULT 0,
    amount_refunded BIGINT NOT NULL DEFAULT 0,
    -- What a cancellation decided to give back (the clinic's policy at that moment).
    refund_due_minor BIGINT NOT NULL DEFAULT 0,
    -- How many card attempts were made (each gets its own idempotency keys).
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    receipt_sent_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX payments_appointment_key ON payments (appointment_id);
CREATE UNIQUE INDEX payments_intent_key ON payments (intent_id);
CREATE INDEX payments_patient_idx ON payments (patient_id, created_at);
CREATE INDEX payments_clinic_idx ON payments (clinic_id, created_at);

-- Stripe webhook events already handled: Stripe delivers at least once.
CREATE TABLE stripe_events (
    event_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
