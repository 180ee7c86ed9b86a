//! Widgets shared by several pages.

pub mod appointment_view;
pub mod bell;
pub mod chart;
pub use shared::dates;
pub mod doctor_card;
pub mod error_message;
pub mod family;
pub mod form;
pub mod head;
pub mod header;
pub mod language;
pub mod loading;
pub mod proposals;
pub mod ratings;
pub mod session;
pub mod slot_picker;
pub mod stripe_card;
pub mod toasts;
pub mod verification;
pub mod week_picker;
