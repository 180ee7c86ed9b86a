//! A doctor's own practice: the public profile, availability and the working calendar.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::schedule::AvailabilityForm;
use shared::{Calendar, DoctorProfile, DoctorProfileForm, SlotList};

#[cfg(feature = "ssr")]
use crate::backend::{auth::request, availability, calendar, doctor_profiles, free_slots, state};

#[server(endpoint = "practice/profile", input = GetUrl)]
pub async fn my_doctor_profile() -> Result<DoctorProfile, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        doctor_profiles::own(&state.db, &caller, chrono::Utc::now()).await
    }
    .await;
    super::with_status(result)
}

#[server(endpoint = "practice/save_profile", input = Json)]
pub async fn save_doctor_profile(form: DoctorProfileForm) -> Result<DoctorProfile, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        doctor_profiles::update(&state.db, &caller, &form, chrono::Utc::now()).await
    }
    .await;
    super::with_status(result)
}

#[server(endpoint = "practice/availability", input = GetUrl)]
pub async fn my_availability() -> Result<AvailabilityForm, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        availability::own(&state.db, &caller).await
    }
    .await;
    super::with_status(result)
}

#[server(endpoint = "practice/save_availability", input = Json)]
pub async fn save_availability(form: AvailabilityForm) -> Result<AvailabilityForm, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        availability::save(&state.db, &caller, &form).await
    }
    .await;
    super::with_status(result)
}

/// The "unavailable now" switch.
#[server(endpoint = "practice/unavailable")]
pub async fn set_unavailable(unavailable: bool) -> Result<(), AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        availability::set_unavailable(&state.db, &caller, unavailable).await
    }
    .await;
    super::with_status(result)
}

/// The next seven days of free slots, as patients see them now.
#[server(endpoint = "practice/preview", input = GetUrl)]
pub async fn availability_preview() -> Result<SlotList, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        free_slots::preview(&state.db, &caller, chrono::Utc::now()).await
    }
    .await;
    super::with_status(result)
}

/// The working calendar: `view` is `day`, `week` or `month`; `date` (`YYYY-MM-DD`) any day
/// inside it, empty for today.
#[server(endpoint = "practice/calendar", input = GetUrl)]
pub async fn my_calendar(view: String, date: String) -> Result<Calendar, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        calendar::doctor_calendar(&state.db, &caller, &view, &date, chrono::Utc::now()).await
    }
    .await;
    super::with_status(result)
}
