//! Widgets shared by several pages.

pub mod error_message;
pub mod header;
pub mod loading;
pub mod toasts;
