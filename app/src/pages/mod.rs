//! One module per screen.

pub mod account;
pub mod admin;
pub mod appointment;
pub mod appointments;
pub mod booking;
pub mod clinic;
pub mod doctor;
pub mod doctor_application;
pub mod doctors;
pub mod forgot_password;
pub mod home;
pub mod login;
pub mod not_found;
pub mod outbox;
pub mod payment;
pub mod payments;
pub mod practice;
pub mod reset_password;
pub mod sign_up;
pub mod verify_email;
