//! HTTP integration tests. Every test runs twice, once on SQLite and once on PostgreSQL
//! (`<module>::sqlite::<test>` and `<module>::postgres::<test>`), each on a fresh database and
//! a server on a random port. The PostgreSQL run fails, never skips, when PostgreSQL is down.

mod helpers;
mod scenario;
mod smtp_sink;

mod accounts;
mod administration;
mod bookings;
mod cli;
mod dependants;
mod directory;
mod feedback;
mod front_desk;
mod health;
mod jobs;
mod journeys;
mod live;
mod metrics;
mod moves;
mod notifications;
mod openapi;
mod pages;
mod payments;
mod phone_pages;
mod profiles;
mod safety;
mod security;
mod sign_in;
