//! Salus UI: the Leptos application and its server functions (`api`). On the server, the
//! server functions call the `backend` crate, which this crate re-exports as `crate::backend`
//! so a server function reads `backend::booking::book(..)` wherever it sits.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
mod app;
pub mod components;
pub mod pages;

#[cfg(feature = "ssr")]
pub use ::backend;
pub use shared::error;
#[cfg(feature = "ssr")]
mod shell;

pub use app::App;
pub use shared::{AppError, ConflictCode};
#[cfg(feature = "ssr")]
pub use shell::shell;
