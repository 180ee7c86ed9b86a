//! The Salus server: configuration, the HTTP application (pages, REST API, health, docs) and
//! the operator's command line. Business rules live in `backend`; this crate composes.

#![recursion_limit = "256"]

pub mod backup;
pub mod body_limit;
pub mod cli;
pub mod config;
pub mod csrf;
pub mod directory_url;
pub mod health;
pub mod language;
pub mod live_streams;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod refused_form;
pub mod rest;
pub mod security_headers;
pub mod session_renewal;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod webhooks;
pub mod worker;
