//! One module per screen.

pub mod account;
pub mod admin;
pub mod appointment;
pub mod appointments;
pub mod booking;
pub mod clinic;
pub mod clinic_calendar;
pub mod clinic_stats;
pub mod doctor;
pub mod doctor_application;
pub mod doctors;
pub mod forgot_password;
pub mod front_desk;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod outbox;
pub mod payment;
pub mod payments;
pub mod practice;
pub mod reset_password;
pub mod sign_up;
pub mod verify_email;

/// The route's `:id` as a number; 0 when it is missing or malformed, which the server answers
/// as "not found".
pub(crate) fn route_id() -> impl Fn() -> i64 + Copy {
    let params = leptos_router::hooks::use_params_map();
    move || {
        use leptos::prelude::Read;
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    }
}
