//! Salus UI: the Leptos application, its server functions (`api`) and — on the server only —
//! the backend service layer that every entry point (server functions, REST, CLI, worker) calls.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
mod app;
pub mod components;
pub mod error;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
mod shell;

pub use app::App;
pub use error::{AppError, ConflictCode};
#[cfg(feature = "ssr")]
pub use shell::shell;
