//! A doctor's own practice: the public profile, availability and the working calendar.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::schedule::AvailabilityForm;
use shared::{Calendar, DoctorProfile, DoctorProfileForm, SlotList};

#[cfg(feature = "ssr")]
use crate::api::request::{answer, signed_in};
#[cfg(feature = "ssr")]
use crate::backend::scheduling::{availability, free_slots};
#[cfg(feature = "ssr")]
use crate::backend::{booking::calendar, doctor_profiles};
#[cfg(feature = "ssr")]
use shared::schedule::Availability;

#[server(endpoint = "practice/profile", input = GetUrl)]
pub async fn my_doctor_profile() -> Result<DoctorProfile, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        doctor_profiles::own(&state.db, &caller, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "practice/save_profile", input = Json)]
pub async fn save_doctor_profile(form: DoctorProfileForm) -> Result<DoctorProfile, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let update = form.parse(&doctor_profiles::choices(&state.db, &caller).await?)?;
        doctor_profiles::update(&state.db, &caller, &update, state.clock.now()).await
    })
    .await
}

#[server(endpoint = "practice/availability", input = GetUrl)]
pub async fn my_availability() -> Result<AvailabilityForm, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        availability::own(&state.db, &caller).await
    })
    .await
}

#[server(endpoint = "practice/save_availability", input = Json)]
pub async fn save_availability(form: AvailabilityForm) -> Result<AvailabilityForm, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        availability::save(
            &state.db,
            &caller,
            &Availability::parse(&form)?,
            state.clock.now(),
        )
        .await
    })
    .await
}

/// The "unavailable now" switch.
#[server(endpoint = "practice/unavailable")]
pub async fn set_unavailable(unavailable: bool) -> Result<(), AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        availability::set_unavailable(&state.db, &caller, unavailable, state.clock.now()).await
    })
    .await
}

/// The next seven days of free slots, as patients see them now.
#[server(endpoint = "practice/preview", input = GetUrl)]
pub async fn availability_preview() -> Result<SlotList, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        free_slots::preview(&state.db, &caller, state.clock.now()).await
    })
    .await
}

/// The working calendar: `view` is `day`, `week` or `month`; `date` (`YYYY-MM-DD`) any day
/// inside it, empty for today.
#[server(endpoint = "practice/calendar", input = GetUrl)]
pub async fn my_calendar(view: String, date: String) -> Result<Calendar, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let query = shared::calendar::CalendarQuery::parse(&view, &date)?;
        calendar::doctor_calendar(&state.db, &caller, query, state.clock.now()).await
    })
    .await
}
