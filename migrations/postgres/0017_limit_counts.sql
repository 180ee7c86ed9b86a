-- Rate-limit counts shared by every instance (issue 23): failed logins per address, account
-- and device, and the reset, sign-up, link and password-change budgets. Written only by
-- `backend::accounts::limit_counts`, and used on PostgreSQL (on SQLite, one instance keeps
-- them in memory). `key` is a SHA-256 of the limit's key; `state` is the rule's JSON.
CREATE TABLE limit_counts (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    keep_until BIGINT NOT NULL
);
CREATE INDEX limit_counts_keep_until_idx ON limit_counts (keep_until);
