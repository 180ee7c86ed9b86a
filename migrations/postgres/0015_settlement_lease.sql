-- One settlement of a payment at a time. `settle` reads what was refunded, then asks Stripe
-- for the rest: two settlements overlapping (the hold's expiry check and a cancellation's
-- settlement, or two instances' workers) both read "nothing refunded yet" and both refunded.
-- A settlement holds this lease (unix seconds it lapses at, so a crashed worker's lease ends)
-- while it talks to Stripe; another settlement meanwhile is queued for after it.
ALTER TABLE payments ADD COLUMN settling_until BIGINT;
