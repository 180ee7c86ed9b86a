//! One module per screen.

pub mod doctors;
pub mod home;
pub mod not_found;
